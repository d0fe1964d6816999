from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.navigation import NavEntry, register
from hjemtilos.friendships.registry import register_section


class SupportConfig(AppConfig):
    name = "hjemtilos.support"
    label = "support"
    verbose_name = _("Support for the families")

    def ready(self) -> None:
        from hjemtilos.support import personal_data  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): fields, purposes, retention.
        personal_data.register()
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.support import models, policies, sections  # noqa: PLC0415 - models load only after the app registry is ready

        for model in (
            models.SupportConversation,
            models.PsychologistConversation,
            models.PsychologistEvent,
            models.JointEvent,
            models.JointEventInvitation,
            models.SupervisionGroup,
            models.SupervisionGroupMember,
        ):
            audit_register(model)
        register(
            NavEntry(
                _("Support"), "support:events", policies.is_staff, order=34, group="friendships"
            )
        )
        register(
            NavEntry(_("Outings and events"), "support:my_events", policies.is_volunteer, order=25)
        )
        for section in sections.SECTIONS:
            register_section(section)
