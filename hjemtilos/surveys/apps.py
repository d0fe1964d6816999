from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.navigation import NavEntry, register
from hjemtilos.followups.registry import TaskAction, register_task_action
from hjemtilos.friendships.registry import register_section


class SurveysConfig(AppConfig):
    name = "hjemtilos.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from hjemtilos.surveys import personal_data  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): fields, purposes, retention.
        personal_data.register()
        # jobs: registers the surveys' daily jobs.
        from hjemtilos.followups.models import FollowUpKind  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.consents import register_withdrawal  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.models import ConsentKind  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.reports.registry import ReportEntry  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.reports.registry import register as register_report  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.surveys import jobs, models, policies, sections  # noqa: F401, PLC0415 - models load only after the app registry is ready
        from hjemtilos.surveys.report import outcomes_report  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.surveys.services.invitations import survey_consent_withdrawn  # noqa: PLC0415 - models load only after the app registry is ready

        for model in (models.SurveyInvitation, models.InvitationEvent, models.SurveyResponse):
            audit_register(model)
        register(
            NavEntry(
                _("Surveys"), "surveys:list", policies.can_edit_surveys, order=81, group="reports"
            )
        )
        register_withdrawal(ConsentKind.SURVEY, survey_consent_withdrawn)
        register_task_action(
            TaskAction(
                kind=FollowUpKind.CHILD_VISIT,
                label=_("Record the child's voice"),
                url_name="surveys:child_voice",
            )
        )
        register_report(
            ReportEntry(
                slug="udbytte",
                build=outcomes_report,
                title=_("Outcomes"),
                description=_(
                    "What parents, volunteer families and children answered in the surveys: "
                    "each question as a share with its n, the response rates, start against "
                    "end for the same parents, and the wish to continue."
                ),
                allowed=policies.can_read_outcomes,
                pdf=True,
                order=30,
            )
        )
        for section in sections.SECTIONS:
            register_section(section)
