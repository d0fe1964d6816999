from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "hjemtilos.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from hjemtilos.api.policies import shows_api_keys_in_menu
        from hjemtilos.core.navigation import NavEntry, register

        register(NavEntry(_("API keys"), "api_keys:list", shows_api_keys_in_menu, order=95))
