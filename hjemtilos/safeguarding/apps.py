from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.navigation import NavEntry, register
from hjemtilos.friendships.registry import register_section, register_worry_handler


class SafeguardingConfig(AppConfig):
    name = "hjemtilos.safeguarding"
    label = "safeguarding"
    verbose_name = _("Safeguarding")

    def ready(self) -> None:
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.safeguarding import models, policies, sections, services  # noqa: PLC0415 - models load only after the app registry is ready

        audit_register(models.Concern)
        audit_register(models.ConcernEvent)
        audit_register(models.Inquiry)
        register(
            NavEntry(_("Concerns"), "safeguarding:concerns", policies.can_list_concerns, order=35)
        )
        for section in sections.SECTIONS:
            register_section(section)
        register_worry_handler(services.concern_raise_from_worry)
