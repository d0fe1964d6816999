"""The list of reports. Each report registers an entry from its app's ``ready``.

The reports index shows the entries the user may open, so a new report
(evaluation, waiting time, visit stability …) is a selector, a view, a
template and one ``register`` call, beside the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from hjemtilos.accounts.models import User


@dataclass(frozen=True)
class ReportEntry:
    url_name: str
    title: str | Promise
    description: str | Promise
    allowed: Callable[[User], bool]


_REPORTS: list[ReportEntry] = []


def register(entry: ReportEntry) -> None:
    if all(e.url_name != entry.url_name for e in _REPORTS):
        _REPORTS.append(entry)


def reports_for(user: User) -> list[ReportEntry]:
    return [entry for entry in _REPORTS if entry.allowed(user)]
