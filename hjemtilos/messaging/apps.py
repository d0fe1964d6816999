from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "hjemtilos.messaging"
    label = "messaging"
