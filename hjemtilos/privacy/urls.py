from django.urls import path

from hjemtilos.privacy import retention_views, rights_views, views

app_name = "privacy"
urlpatterns = [
    path("revisionslog/", views.audit_log, name="audit_log"),
    path("revisionslog/csv/", views.audit_log_export, name="audit_log_export"),
    path("revisionslog/<int:pk>/", views.audit_entry, name="audit_entry"),
    path("opbevaring/", retention_views.retention, name="retention"),
    path("opbevaring/<int:pk>/", retention_views.retention_change, name="retention_change"),
    path("behandlinger/", retention_views.processing, name="processing"),
    path("tilbageholdt/", retention_views.held, name="held"),
    path("anmodninger/", rights_views.request_list, name="requests"),
    path("anmodninger/<int:pk>/", rights_views.request_detail, name="request"),
    path("anmodninger/<int:pk>/udtraek/", rights_views.request_export, name="request_export"),
    path("person/<str:kind>/<int:pk>/", rights_views.person, name="person"),
    path("person/<str:kind>/<int:pk>/sms/", rights_views.person_sms, name="person_sms"),
    path(
        "samtykker/<int:pk>/traek-tilbage/", rights_views.consent_withdraw, name="consent_withdraw"
    ),
    path("mine-samtykker/", rights_views.my_consents, name="my_consents"),
    path("mine-samtykker/sms/", rights_views.my_sms, name="my_sms"),
]
