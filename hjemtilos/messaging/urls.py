from django.urls import path

from hjemtilos.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("send-fejlede-igen/", views.retry_failed, name="retry_failed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/send-igen/", views.retry, name="retry"),
    path("udviklings-sms/", views.development_sms, name="development_sms"),
]
