from django.urls import path

from hjemtilos.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.report, name="report"),
    path("<slug:slug>/<str:fmt>/", views.download, name="download"),
]
