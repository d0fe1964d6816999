from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.api.routers import register_router
from hjemtilos.core.navigation import NavEntry, register


class FollowUpsConfig(AppConfig):
    name = "hjemtilos.followups"
    label = "followups"
    verbose_name = _("Follow-up tasks")

    def ready(self) -> None:
        from hjemtilos.followups import personal_data  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): fields, purposes, retention.
        personal_data.register()
        # jobs: registers the data subjects' requests' deadline tasks.
        from hjemtilos.followups import api, jobs, models, policies, selectors  # noqa: F401, PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready

        audit_register(models.FollowUpTask)
        audit_register(models.FollowUpTaskAttempt)
        audit_register(models.PlanTemplateItem, case_record=False)
        audit_register(models.SupervisionSession, case_record=False)
        audit_register(models.SupervisionInvitation)
        register(
            NavEntry(
                _("My tasks"),
                "followups:mine",
                policies.can_have_tasks,
                order=5,
                count=selectors.tasks_due_count,
            )
        )
        register_router("/tasks/", api.router)
