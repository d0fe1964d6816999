"""Each site's visits and logbook screening per month, kept for the reports (ADR 0056).

The operations report over every site and two years would otherwise count a
million visits and logbook entries on each request. A row holds one site's
figures for one calendar month (the visit's date; the entry's writing day in
Copenhagen). The services that record a visit held or
cancelled, or an entry written or screened, recount the month
(``services.month_figures``), so the figures stay exact. Planned visits are not
kept (the calendar replaces them freely); the reports count the few past ones
live.
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
    entries_unscreened = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("month's figures")
        verbose_name_plural = _("months' figures")
        constraints = [
            models.UniqueConstraint(fields=["site", "month"], name="month_figures_site_month")
        ]
        indexes = [models.Index(fields=["month", "site"], name="month_figures_month_site")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.month:%Y-%m}"
