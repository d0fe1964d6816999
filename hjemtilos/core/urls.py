from django.urls import path

from hjemtilos.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("menu/antal/", views.navigation_counts, name="nav_counts"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
]
