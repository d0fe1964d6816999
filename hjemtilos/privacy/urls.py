from django.urls import path

from hjemtilos.privacy import retention_views, views

app_name = "privacy"
urlpatterns = [
    path("revisionslog/", views.audit_log, name="audit_log"),
    path("revisionslog/csv/", views.audit_log_export, name="audit_log_export"),
    path("revisionslog/<int:pk>/", views.audit_entry, name="audit_entry"),
    path("opbevaring/", retention_views.retention, name="retention"),
    path("opbevaring/<int:pk>/", retention_views.retention_change, name="retention_change"),
    path("behandlinger/", retention_views.processing, name="processing"),
    path("tilbageholdt/", retention_views.held, name="held"),
]
