from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hjemtilos.core"
    label = "core"
