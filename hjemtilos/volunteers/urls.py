from django.urls import path

from hjemtilos.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.family_list, name="list"),
    path("<int:pk>/", views.family_detail, name="detail"),
]
