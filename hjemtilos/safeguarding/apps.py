from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafeguardingConfig(AppConfig):
    name = "hjemtilos.safeguarding"
    label = "safeguarding"
    verbose_name = _("Safeguarding")

    def ready(self) -> None:
        from hjemtilos.core.navigation import NavEntry, register
        from hjemtilos.privacy.audit import audit_register
        from hjemtilos.safeguarding import models, policies

        audit_register(models.Concern)
        audit_register(models.ConcernEvent)
        audit_register(models.Inquiry)
        register(
            NavEntry(_("Concerns"), "safeguarding:concerns", policies.can_list_concerns, order=35)
        )
