from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpsConfig(AppConfig):
    name = "hjemtilos.followups"
    label = "followups"
    verbose_name = _("Follow-up tasks")

    def ready(self) -> None:
        from hjemtilos.core.navigation import NavEntry, register
        from hjemtilos.followups import jobs, models, policies  # noqa: F401 - registers jobs
        from hjemtilos.privacy.audit import audit_register

        audit_register(models.FollowUpTask)
        audit_register(models.FollowUpTaskAttempt)
        audit_register(models.PlanTemplateItem)
        audit_register(models.SupervisionSession)
        audit_register(models.SupervisionInvitation)
        register(NavEntry(_("My tasks"), "followups:mine", policies.can_have_tasks, order=5))
        register(
            NavEntry(_("Supervision"), "followups:supervision", policies.can_have_tasks, order=33)
        )
