"""The reports, each registered by the app that owns its figures.

A report is a ``ReportEntry``: a slug (its address: ``/rapporter/<slug>/`` and
``/api/reports/<slug>``), a title, a description, who may read it, and
``build(filters) -> tables.Report``, its selector. The framework does the
rest for every entry alike: the filter form (sites, period and, where the
entry asks, an "as of" date), the page with its charts, the CSV and XLSX
downloads (and a PDF where ``pdf=True``), the JSON API and the suppression
of small numbers. ``reports`` registers its own entries in its ``ready``;
a higher app (``surveys``) registers its own from its ``ready`` the same way
(docs/architecture.md, "Reports"). An entry with ``url_name`` instead is only
a link on the index to a page its app serves itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise

from hjemtilos.accounts.models import User
from hjemtilos.reports.policies import can_view_reports
from hjemtilos.reports.tables import Report


@dataclass(frozen=True)
class ReportFilters:
    """What a report is asked for: the sites (already limited to the reader's), a period
    (both days included) and the day the status figures are taken on."""

    site_ids: tuple[int, ...]
    # The same sites' names, in the same order (by name).
    site_names: tuple[str, ...]
    start: date
    end: date
    as_of: date

    @property
    def sites(self) -> list[tuple[int, str]]:
        """(id, name) of each chosen site, by name."""
        return list(zip(self.site_ids, self.site_names, strict=True))


def start_of_year(today: date) -> date:
    return date(today.year, 1, 1)


@dataclass(frozen=True, kw_only=True)
class ReportEntry:
    """One report on the reports index.

    Either ``slug`` and ``build`` (the usual way: the framework makes the page,
    the downloads and the API), or ``url_name`` for a report with a page of its
    own (the index links to it and nothing else is done for it).
    """

    title: str | Promise
    description: str | Promise
    slug: str = ""
    build: Callable[[ReportFilters], Report] | None = None
    url_name: str = ""
    # Who may read it (the sites they read are ``policies.report_sites``).
    allowed: Callable[[User], bool] = field(default=can_view_reports)
    # The report takes an "as of" date besides the period.
    as_of: bool = False
    # The report can also be downloaded as a PDF.
    pdf: bool = False
    # The first day of the period when none is chosen (the last is today).
    default_start: Callable[[date], date] = field(default=start_of_year)
    # Place on the reports index, lowest first.
    order: int = 100

    def __post_init__(self) -> None:
        if bool(self.slug and self.build) == bool(self.url_name):
            raise ValueError(
                f"A report entry has a slug and a build function, or a url_name: {self!r}"
            )

    @property
    def key(self) -> str:
        return self.slug or self.url_name

    def figures(self, filters: ReportFilters) -> Report:
        """The report's tables for ``filters``."""
        if self.build is None:
            raise ValueError(f"{self.url_name} has a page of its own, not a build function")
        return self.build(filters)


_REPORTS: dict[str, ReportEntry] = {}


def register(entry: ReportEntry) -> None:
    """Add ``entry`` (once, however often ``ready`` runs)."""
    _REPORTS.setdefault(entry.key, entry)


def entry_for(slug: str) -> ReportEntry | None:
    """The report the framework serves at ``slug`` (None for an unknown one)."""
    entry = _REPORTS.get(slug)
    return entry if entry is not None and entry.build is not None else None


def served_slugs() -> list[str]:
    """Every slug ``entry_for`` serves (the API's schema lists them)."""
    return sorted(slug for slug, entry in _REPORTS.items() if entry.build is not None)


def reports_for(user: User) -> list[ReportEntry]:
    """The entries ``user`` may read, in index order."""
    return sorted(
        (entry for entry in _REPORTS.values() if entry.allowed(user)),
        key=lambda entry: (entry.order, entry.key),
    )


def can_open_reports(user: User) -> bool:
    """The reports index: for whoever may read at least one report (the advisory lead
    reads only the safeguarding report). Here, not in ``policies``: it asks the entries,
    whose default rule comes from ``policies``."""
    return bool(reports_for(user))
