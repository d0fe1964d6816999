from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hjemtilos.demo"
    label = "demo"
