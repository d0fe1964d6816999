from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "hjemtilos.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from hjemtilos.core.navigation import NavEntry, register
        from hjemtilos.messaging import policies

        register(NavEntry(_("Messages"), "messaging:outbox", policies.can_view_outbox, order=80))
