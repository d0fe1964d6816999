from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.navigation import NavEntry, register


class PrivacyConfig(AppConfig):
    name = "hjemtilos.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from hjemtilos.accounts.models import User  # noqa: PLC0415 - models load only after the app registry is ready

        # jobs: registers the daily anonymisation of what passed its retention period.
        from hjemtilos.privacy import (  # noqa: F401, PLC0415 - models load only after the app registry is ready
            jobs,
            models,
            personal_data,
            policies,
        )
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): the data subjects' requests.
        personal_data.register()
        # Accounts are personal data too; the password hash never goes in the log.
        audit_register(
            User, sensitive_fields=["password"], exclude_fields=["last_login"], case_record=False
        )
        audit_register(models.RetentionPeriod, case_record=False)
        audit_register(models.RetentionChange, case_record=False)
        register(
            NavEntry(
                _("Audit log"),
                "privacy:audit_log",
                policies.can_search_audit_log,
                order=90,
                group="administration",
            )
        )
        register(
            NavEntry(
                _("Retention"),
                "privacy:retention",
                policies.can_read_retention_schedule,
                order=91,
                group="administration",
            )
        )
        register(
            NavEntry(
                _("Record of processing"),
                "privacy:processing",
                policies.can_read_retention_schedule,
                order=92,
                group="administration",
            )
        )
        register(
            NavEntry(
                _("Held back from anonymisation"),
                "privacy:held",
                policies.can_see_held_records,
                order=93,
                group="administration",
            )
        )
        register(
            NavEntry(
                _("Data subject requests"),
                "privacy:requests",
                policies.can_handle_rights,
                order=88,
                group="administration",
            )
        )
        register(
            NavEntry(
                _("Your consents"), "privacy:my_consents", policies.can_view_own_consents, order=80
            )
        )
        audit_register(models.Consent)
        audit_register(models.RightsRequest, sensitive_fields=["details", "decision_reason"])
