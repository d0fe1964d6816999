from django.urls import path

from hjemtilos.accounts import views

app_name = "accounts"
urlpatterns = [
    path("log-ind/", views.SignInView.as_view(), name="login"),
    path("log-ud/", views.SignOutView.as_view(), name="logout"),
    path("to-faktor/", views.two_factor, name="two_factor"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("inviter/", views.invite, name="invite"),
]
