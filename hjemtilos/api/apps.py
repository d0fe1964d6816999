from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hjemtilos.api"
    label = "api"
