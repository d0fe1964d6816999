from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.api.routers import register_router
from hjemtilos.core.homes import register_home
from hjemtilos.core.navigation import NavEntry, register


class ReportsConfig(AppConfig):
    name = "hjemtilos.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from hjemtilos.accounts.models import Role  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.reports import api, homes, registry  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.reports.selectors.operations import operations_report  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.reports.selectors.recruitment import recruitment_report  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.reports.selectors.status import status_report, status_start  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.safeguarding.policies import can_view_safeguarding_report  # noqa: PLC0415 - models load only after the app registry is ready

        register(
            NavEntry(
                _("Reports"), "reports:index", registry.can_open_reports, order=80, group="reports"
            )
        )
        registry.register(
            registry.ReportEntry(
                slug="status",
                title=_("Status report"),
                description=_(
                    "The children in the programme on a chosen day: enrolled, waiting for a "
                    "match, running, completed, ended early and continuing after the year; "
                    "friendships started per year against the target; waiting time from "
                    "referral to match. Also as a PDF to send to a municipality or a funder."
                ),
                build=status_report,
                as_of=True,
                pdf=True,
                default_start=status_start,
                order=10,
            )
        )
        registry.register(
            registry.ReportEntry(
                slug="drift",
                title=_("Operations"),
                description=_(
                    "Early endings by reason and month, the stability of the visits, logbook "
                    "screening within 7 days, follow-up tasks done on time and group "
                    "supervision attendance."
                ),
                build=operations_report,
                order=20,
            )
        )
        registry.register(
            registry.ReportEntry(
                slug="rekruttering",
                title=_("Recruitment funnel"),
                description=_(
                    "Volunteer families per recruitment channel and site: applications, "
                    "interviewed, approved and matched, with conversion rates."
                ),
                build=recruitment_report,
                order=40,
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
        register_router("/reports/", api.router)
        register_home(Role.EVALUATOR, homes.evaluator_home)
