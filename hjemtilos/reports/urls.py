from django.urls import path

from hjemtilos.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("rekruttering/", views.recruitment, name="recruitment"),
]
