from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.homes import register_home
from hjemtilos.core.navigation import NavEntry, register


class ReportsConfig(AppConfig):
    name = "hjemtilos.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from hjemtilos.accounts.models import Role  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.reports import homes, policies, registry  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.safeguarding.policies import can_view_safeguarding_report  # noqa: PLC0415 - models load only after the app registry is ready

        register(NavEntry(_("Reports"), "reports:index", policies.can_open_reports, order=80))
        registry.register(
            registry.ReportEntry(
                url_name="reports:recruitment",
                title=_("Recruitment funnel"),
                description=_(
                    "Volunteer families per recruitment channel and site: applications, "
                    "interviewed, approved and matched, with conversion rates."
                ),
                allowed=policies.can_view_reports,
            )
        )
        # The advisory lead's report lives with the concerns it counts (safeguarding sits
        # below reports, so the entry is registered here).
        registry.register(
            registry.ReportEntry(
                url_name="safeguarding:report",
                title=_("Concerns and notifications"),
                description=_(
                    "The advisory team's concerns by month and severity, the time to "
                    "assessment, and notifications sent and acknowledged on time."
                ),
                allowed=can_view_safeguarding_report,
            )
        )
        register_home(Role.EVALUATOR, homes.evaluator_home)
