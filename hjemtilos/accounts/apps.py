from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.homes import register_home
from hjemtilos.core.navigation import NavEntry, register


class AccountsConfig(AppConfig):
    name = "hjemtilos.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # jobs: registers the clean-up of dead invitations and old throttle counts.
        from hjemtilos.accounts import homes, jobs, models, policies  # noqa: F401, PLC0415 - models load only after the app registry is ready

        register_home(models.Role.ADMINISTRATOR, homes.administrator_home)
        register(
            NavEntry(
                _("Users"),
                "accounts:users",
                policies.can_manage_users,
                order=85,
                group="administration",
            )
        )
