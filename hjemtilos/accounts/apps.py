from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hjemtilos.accounts"
    label = "accounts"
