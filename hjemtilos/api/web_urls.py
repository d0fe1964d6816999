from django.urls import path

from hjemtilos.api import views

app_name = "api_keys"
urlpatterns = [
    path("", views.tokens, name="list"),
    path("<int:pk>/tilbagekald/", views.revoke, name="revoke"),
]
