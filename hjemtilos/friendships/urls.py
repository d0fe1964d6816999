from django.urls import path

from hjemtilos.friendships import views

app_name = "friendships"
urlpatterns = [
    path("", views.friendship_list, name="list"),
    path("<int:pk>/", views.friendship_detail, name="detail"),
]
