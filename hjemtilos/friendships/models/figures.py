"""Each site's visits and logbook screening per month, kept for the reports (ADR 0056).

The operations report over every site and two years would otherwise count a
million visits and logbook entries on each request. A row holds one site's
figures for one calendar month (the visit's date; the entry's writing day in
Copenhagen). Only facts that no longer change once recorded are kept here —
visits held or cancelled (and, of those, moved), entries written and how soon
they were screened — so the figures stay exact: the services that record those
facts refresh the month (``services.month_figures``). What depends on today
(visits not yet recorded, entries waiting to be screened) is counted live.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemtilos.organisations.models import Site


class MonthFigures(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    # The first day of the month.
    month = models.DateField()
    held = models.PositiveIntegerField(default=0)
    cancelled_by_child_family = models.PositiveIntegerField(default=0)
    cancelled_by_volunteer = models.PositiveIntegerField(default=0)
    # Held or cancelled on another day than first planned.
    moved = models.PositiveIntegerField(default=0)
    entries_written = models.PositiveIntegerField(default=0)
    entries_screened_in_time = models.PositiveIntegerField(default=0)
    entries_screened_later = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("month's figures")
        verbose_name_plural = _("months' figures")
        constraints = [
            models.UniqueConstraint(fields=["site", "month"], name="month_figures_site_month")
        ]
        indexes = [models.Index(fields=["month", "site"], name="month_figures_month_site")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.month:%Y-%m}"
