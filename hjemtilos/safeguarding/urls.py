from django.urls import path

from hjemtilos.safeguarding.views import administration, concerns, inquiries, lead, notifications

app_name = "safeguarding"
urlpatterns = [
    path("bekymringer/", concerns.concern_list, name="concerns"),
    path("bekymringer/<int:pk>/", concerns.concern_detail, name="concern"),
    path("bekymringer/<int:pk>/trin/", concerns.concern_step, name="concern_step"),
    path("bekymringer/<int:pk>/notat/", concerns.concern_entry, name="concern_entry"),
    path("bekymringer/<int:pk>/modtaget/", concerns.concern_take_on, name="concern_take_on"),
    path("bekymringer/<int:pk>/vurdering/", concerns.concern_assess, name="concern_assess"),
    path(
        "bekymringer/<int:pk>/inddragelse/<slug:party>/",
        concerns.concern_involvement,
        name="concern_involvement",
    ),
    path(
        "bekymringer/<int:pk>/underretning/",
        notifications.notification_create,
        name="notification_create",
    ),
    path("bekymringer/laesninger/", lead.concern_reads, name="concern_reads"),
    path("rapport/", lead.safeguarding_report_page, name="report"),
    path("underretninger/<int:pk>/", notifications.notification_detail, name="notification"),
    path("underretninger/<int:pk>/pdf/", notifications.notification_pdf, name="notification_pdf"),
    path(
        "underretninger/<int:pk>/send/", notifications.notification_send, name="notification_send"
    ),
    path(
        "underretninger/<int:pk>/kvittering/",
        notifications.notification_acknowledge,
        name="notification_acknowledge",
    ),
    path("raadgivningen/", administration.advisory_team, name="advisory_team"),
    path("kommuner/", administration.municipality_list, name="municipalities"),
    path("kommuner/<int:pk>/", administration.municipality_edit, name="municipality"),
    path("venskab/<int:friendship_pk>/bekymring/", concerns.concern_raise, name="concern_raise"),
    path(
        "venskab/<int:friendship_pk>/henvendelse/", inquiries.inquiry_create, name="inquiry_create"
    ),
    path("henvendelser/<int:pk>/", inquiries.inquiry_detail, name="inquiry"),
]
