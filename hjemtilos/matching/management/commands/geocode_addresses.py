"""``manage.py geocode_addresses``: precise points now, instead of waiting for the nightly job."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from hjemtilos.matching.services import geocode_addresses_refresh
from hjemtilos.matching.services.setup import GEOCODE_BATCH


class Command(BaseCommand):
    help = (
        "Geocode the addresses matching uses with the geocoder in MATCHING_GEOCODER "
        "and delete points no longer needed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            type=int,
            default=GEOCODE_BATCH,
            help=f"How many addresses to look up at most (default {GEOCODE_BATCH}).",
        )

    def handle(self, *args: Any, batch: int = GEOCODE_BATCH, **options: Any) -> None:
        result = geocode_addresses_refresh(batch=batch)
        self.stdout.write(f"geocoder: {settings.MATCHING_GEOCODER}")
        for name, count in result.items():
            self.stdout.write(f"{name}: {count}")
