from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "hjemtilos.organisations"
    label = "organisations"
