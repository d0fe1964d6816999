from django.urls import path

from hjemtilos.followups import views

app_name = "followups"
urlpatterns = [
    path("", views.my_tasks, name="mine"),
    path("<int:pk>/afslut/", views.complete, name="complete"),
]
