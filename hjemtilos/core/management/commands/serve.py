"""``manage.py serve``: the embedded mode — web server, task worker and scheduler in one process.

Used by ``make demo``. The worker and scheduler run in daemon threads; the
web server is Django's development server without the auto-reloader (which
would start the threads twice).
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from hjemtilos.core.embedded import make_worker, start_scheduler_thread, start_worker_thread


class Command(BaseCommand):
    help = "Run the web server with a background task worker and the scheduler (embedded mode)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, addrport: str = "127.0.0.1:8000", **options: Any) -> None:
        start_worker_thread(make_worker())
        start_scheduler_thread(threading.Event())
        self.stdout.write("Background worker and scheduler started.")
        call_command("runserver", addrport, use_reloader=False)
