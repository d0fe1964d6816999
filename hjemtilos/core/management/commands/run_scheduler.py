"""``manage.py run_scheduler``: enqueue due scheduled jobs, every 30 seconds (or ``--once``)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from hjemtilos.core.scheduler import run_due_jobs

INTERVAL_SECONDS = 30


class Command(BaseCommand):
    help = "Enqueue scheduled jobs when they are due. Safe to run on several machines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        while True:
            close_old_connections()
            for name in run_due_jobs():
                self.stdout.write(f"Enqueued {name}")
            if once:
                return
            time.sleep(INTERVAL_SECONDS)
