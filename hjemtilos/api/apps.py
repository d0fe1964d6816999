from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "hjemtilos.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from hjemtilos.accounts.models import Role
        from hjemtilos.accounts.policies import has_role
        from hjemtilos.core.navigation import NavEntry, register

        # Everyone may hold keys (the page is open to all); the menu offers it
        # to the roles that run integrations.
        register(
            NavEntry(
                _("API keys"),
                "api_keys:list",
                lambda user: has_role(user, Role.STAFF, Role.ADMINISTRATOR),
                order=95,
            )
        )
