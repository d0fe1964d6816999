"""Matching's background work: the site-wide suggestion staff ask for, and the nightly
geocoding of addresses when a geocoder is configured."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.core.scheduler import daily_job

# The modules, not the services package: ``services.runs`` enqueues the task below.
from hjemtilos.matching.services.setup import geocode_addresses_refresh, suggestion_compute


@daily_job("matching.geocode_addresses", at=time(2, 30))
@task()
def geocode_addresses() -> dict[str, int]:
    """Geocode the addresses matching uses and prune points no longer needed."""
    return geocode_addresses_refresh()


@task()
def suggestion_compute_task(run_id: int) -> int | None:
    """Compute the site-wide suggestion a staff member asked for (seconds of work)."""
    run = suggestion_compute(run_id=run_id)
    return run.optimal_pairs if run is not None else None
