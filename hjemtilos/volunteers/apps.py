from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "hjemtilos.volunteers"
    label = "volunteers"
