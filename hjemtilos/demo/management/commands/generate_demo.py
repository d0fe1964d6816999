"""``manage.py generate_demo``: the demo site (default) or the national dataset (``--scale``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from hjemtilos.demo.bulk import refresh_statistics
from hjemtilos.demo.generator import demo_login_lines, generate_demo
from hjemtilos.demo.scale import ScaleDataExistsError, generate_national, reset_national
from hjemtilos.demo.scale_year import generate_friendship_year
from hjemtilos.friendships.services.month_figures import month_figures_rebuild


class Command(BaseCommand):
    help = (
        "Load the demo site (idempotent) and print the demo logins; "
        "--scale builds the national dataset."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="With --scale: delete the national dataset first and build it again.",
        )
        parser.add_argument(
            "--scale",
            action="store_true",
            help="Generate the national benchmark dataset (100 sites, 20,000 children, "
            "15,000 families, 1,000,000 visits and logbook entries), topped up to 20,000 "
            "running friendships with their year of visits and follow-up tasks.",
        )

    def handle(self, *args: Any, scale: bool = False, reset: bool = False, **options: Any) -> None:
        translation.activate("en")
        if scale:
            if reset:
                reset_national()
            try:
                counts = generate_national(stdout=self.stdout)
                # Additively: the friendship year the daily jobs work on.
                counts.update(generate_friendship_year(stdout=self.stdout))
                # The reports' months, counted once from the rows inserted in bulk.
                counts["report months"] = month_figures_rebuild()
            except ScaleDataExistsError as exc:
                raise CommandError(str(exc)) from exc
            refresh_statistics()
            for name, count in counts.items():
                self.stdout.write(f"{name}: {count}")
            return
        if generate_demo():
            self.stdout.write(self.style.SUCCESS("The demo site was created."))
        else:
            self.stdout.write("The demo site exists already; it was left as it is.")
        self.stdout.write("\n".join(demo_login_lines()))
