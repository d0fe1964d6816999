from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hjemtilos.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from hjemtilos.core.navigation import NavEntry, register
        from hjemtilos.reports import policies, registry

        register(NavEntry(_("Reports"), "reports:index", policies.can_view_reports, order=80))
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
