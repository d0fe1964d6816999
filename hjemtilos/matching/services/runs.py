"""Asking for a site-wide suggestion: the work goes to a task worker, never the request."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from hjemtilos.accounts.models import User
from hjemtilos.matching.jobs import suggestion_compute_task
from hjemtilos.matching.models import SuggestionRun
from hjemtilos.matching.selectors import OPEN_RUN
from hjemtilos.organisations.models import Site


def suggestion_request(*, site: Site, by: User) -> tuple[SuggestionRun, bool]:
    """Ask for a new site-wide suggestion; returns the run and whether this call made it.

    A site has at most one run waiting or being computed (a database constraint):
    a second staff member asking meanwhile is given that run, not a second one.
    """
    open_runs = SuggestionRun.objects.filter(OPEN_RUN, site=site)
    running = open_runs.first()
    if running is not None:
        return running, False
    try:
        with transaction.atomic():
            run = SuggestionRun.objects.create(site=site, created_by=by)
    except IntegrityError:
        # Another request made the site's open run between our read and our write.
        return open_runs.get(), False
    transaction.on_commit(lambda: suggestion_compute_task.enqueue(run.pk))
    return run, True
