from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hjemtilos.privacy"
    label = "privacy"
