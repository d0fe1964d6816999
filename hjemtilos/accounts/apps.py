from django.apps import AppConfig

from hjemtilos.core.homes import register_home


class AccountsConfig(AppConfig):
    name = "hjemtilos.accounts"
    label = "accounts"

    def ready(self) -> None:
        # jobs: registers the clean-up of dead invitations.
        from hjemtilos.accounts import homes, jobs, models  # noqa: F401, PLC0415 - models load only after the app registry is ready

        register_home(models.Role.ADMINISTRATOR, homes.administrator_home)
