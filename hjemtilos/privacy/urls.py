from django.urls import path

from hjemtilos.privacy import views

app_name = "privacy"
urlpatterns = [
    path("revisionslog/", views.audit_log, name="audit_log"),
    path("revisionslog/csv/", views.audit_log_export, name="audit_log_export"),
    path("revisionslog/<int:pk>/", views.audit_entry, name="audit_entry"),
]
