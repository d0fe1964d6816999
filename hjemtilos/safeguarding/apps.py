from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.homes import register_home
from hjemtilos.core.navigation import NavEntry, register
from hjemtilos.friendships.registry import register_section, register_worry_handler


class SafeguardingConfig(AppConfig):
    name = "hjemtilos.safeguarding"
    label = "safeguarding"
    verbose_name = _("Safeguarding")

    def ready(self) -> None:
        from hjemtilos.safeguarding import personal_data  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): fields, purposes, retention.
        personal_data.register()
        from hjemtilos.accounts.models import Role  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.safeguarding import (  # noqa: PLC0415 - models load only after the app registry is ready
            homes,
            jobs,  # noqa: F401 - registers the scheduled jobs
            models,
            policies,
            sections,
            selectors,
            services,
        )

        for model in (
            models.Concern,
            models.ConcernEvent,
            models.ConcernAssessment,
            models.Notification,
            models.AdvisoryTask,
            models.AdvisoryLead,
            models.Inquiry,
        ):
            audit_register(model)
        # The kept PDF is read through its notification; its content never goes to the log.
        audit_register(models.NotificationDocument, exclude_fields=["content"])
        register(
            NavEntry(
                _("Concerns"),
                "safeguarding:concerns",
                policies.can_list_concerns,
                order=35,
                group="safeguarding",
                count=selectors.open_concerns_count,
            )
        )
        register(
            NavEntry(
                _("Advisory team"),
                "safeguarding:advisory_team",
                policies.can_appoint_advisory_lead,
                order=86,
                group="administration",
            )
        )
        register(
            NavEntry(
                _("Notification addresses"),
                "safeguarding:municipalities",
                policies.can_edit_municipality_contacts,
                order=87,
                group="administration",
            )
        )
        register_home(Role.ADVISORY, homes.advisory_home)
        for section in sections.SECTIONS:
            register_section(section)
        register_worry_handler(services.concern_raise_from_worry)
