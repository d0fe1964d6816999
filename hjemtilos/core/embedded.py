"""The embedded mode: a task worker and the scheduler in threads of the web process.

``manage.py serve`` uses this so the demo needs one command and no extra
processes. Production runs ``db_worker`` and ``run_scheduler`` separately.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from hjemtilos.core.scheduler import run_due_jobs
from hjemtilos.core.workers import heartbeat_stop

logger = logging.getLogger(__name__)


def make_worker(*, batch: bool = False, interval: float = 1.0) -> Worker:
    """A database worker for every queue, without signal handling (it runs in a thread)."""
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"embedded-{threading.get_ident()}",
        excluded_queue_names=[],
    )


def start_worker_thread(worker: Worker) -> threading.Thread:
    thread = threading.Thread(target=worker.run, name="tasks-worker", daemon=True)
    thread.start()
    return thread


def _scheduler_loop(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            run_due_jobs()
        except Exception:  # keep scheduling; the error is logged with its traceback
            logger.exception("Scheduler pass failed")
        stop.wait(interval)


def start_scheduler_thread(stop: threading.Event, interval: float = 30.0) -> threading.Thread:
    thread = threading.Thread(
        target=_scheduler_loop, args=(stop, interval), name="scheduler", daemon=True
    )
    thread.start()
    return thread


def stop_worker(worker: Worker, thread: threading.Thread, timeout: float = 5.0) -> None:
    """Stop ``worker`` and its heartbeat: a worker that beats on after it stopped would keep
    the tasks it held from ever being rescued."""
    worker.running = False
    deadline = time.monotonic() + timeout
    while thread.is_alive() and time.monotonic() < deadline:
        thread.join(0.1)
    heartbeat_stop(worker.worker_id)
