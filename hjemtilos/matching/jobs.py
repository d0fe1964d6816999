"""Matching's scheduled job: precise points for addresses, when a geocoder is configured."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.core.scheduler import daily_job
from hjemtilos.matching.services import geocode_addresses_refresh


@daily_job("matching.geocode_addresses", at=time(2, 30))
@task()
def geocode_addresses() -> dict[str, int]:
    """Geocode the addresses matching uses and prune points no longer needed."""
    return geocode_addresses_refresh()
