from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.navigation import NavEntry, register


class ApiConfig(AppConfig):
    name = "hjemtilos.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # jobs: registers the daily warning of keys that expire soon.
        from hjemtilos.api import jobs  # noqa: F401, PLC0415 - models load only after the app registry is ready
        from hjemtilos.api.policies import shows_api_keys_in_menu  # noqa: PLC0415 - models load only after the app registry is ready

        register(
            NavEntry(
                _("API keys"),
                "api_keys:list",
                shows_api_keys_in_menu,
                order=95,
                group="administration",
            )
        )
