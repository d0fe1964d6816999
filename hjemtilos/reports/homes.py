"""The evaluator's home page (``core.homes``): the status of the programme today, every site,
small numbers hidden (docs/decisions/0051-small-numbers.md), and the reports to read."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.reports.policies import report_sites
from hjemtilos.reports.registry import reports_for
from hjemtilos.reports.selectors.status import status_table
from hjemtilos.reports.tables import present_table


def evaluator_home(user: User) -> dict[str, Any]:
    # Aggregates only, as on the status report: evaluators never see a name or a small number.
    site_ids = tuple(report_sites(user).filter(is_active=True).values_list("pk", flat=True))
    table = status_table(site_ids=site_ids, as_of=timezone.localdate())
    return {
        "site_count": len(site_ids),
        "status": present_table(table, suppress=True),
        "reports": reports_for(user),
    }
