"""Task workers that die are noticed, and their tasks run again; the queue's state for operators.

django-tasks' database worker marks a task RUNNING when it takes it and
SUCCESSFUL or FAILED when it ends. A worker killed in between (SIGKILL, an
out-of-memory kill, a lost machine) leaves the task RUNNING for ever. So:

* every database worker writes a heartbeat (``WorkerHeartbeat``) every
  ``TASK_HEARTBEAT_SECONDS`` from a thread started with its first task
  (the ``task_started`` signal, so the stock ``db_worker`` command is used);
* ``tasks_rescue_abandoned`` (the ``core.tasks_rescue`` job, every minute)
  puts a task back in the queue when it has been RUNNING for longer than
  ``TASK_ABANDONED_AFTER_SECONDS`` on a worker whose heartbeat is older than
  that. A task that has been rescued ``TASK_MAX_RESCUES`` times is marked
  failed instead: it may be what kills its worker.

A rescued task runs again from the start, so tasks must be idempotent: the
daily jobs claim each unit of work (docs/decisions/0032), and a message is
never delivered twice (``messaging.tasks``; docs/decisions/0070).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_started
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from hjemtilos.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

#: A task rescued this many times is failed, not run again.
TASK_MAX_RESCUES = 3

_BEATING: dict[str, threading.Event] = {}
_LOCK = threading.Lock()


def heartbeat_write(worker_id: str) -> None:
    """Record that ``worker_id`` (in this process) is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "seen_at": timezone.now(),
        },
    )


def _beat(worker_id: str, stop: threading.Event) -> None:
    interval = float(settings.TASK_HEARTBEAT_SECONDS)
    while not stop.is_set():
        try:
            heartbeat_write(worker_id)
        except DatabaseError:
            # The database is away (a restart); the next beat tries again.
            logger.warning("Worker heartbeat could not be written", exc_info=True)
        finally:
            # The thread holds no connection between beats.
            connection.close()
        stop.wait(interval)


def heartbeat_start(worker_id: str) -> threading.Event:
    """Start the heartbeat thread of ``worker_id`` once per process; set the event to stop it."""
    with _LOCK:
        if worker_id not in _BEATING:
            stop = threading.Event()
            _BEATING[worker_id] = stop
            threading.Thread(
                target=_beat,
                args=(worker_id, stop),
                name=f"task-heartbeat-{worker_id}",
                daemon=True,
            ).start()
        return _BEATING[worker_id]


def heartbeat_stop(worker_id: str) -> None:
    """Stop the heartbeat thread of ``worker_id`` (a worker run inside another process ended)."""
    with _LOCK:
        stop = _BEATING.pop(worker_id, None)
    if stop is not None:
        stop.set()


def _is_database_backend(sender: Any) -> bool:
    backend_class = sender if isinstance(sender, type) else type(sender)
    return issubclass(backend_class, DatabaseBackend)


@receiver(task_started)
def _start_heartbeat(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if _is_database_backend(sender) and task_result.worker_ids:
        heartbeat_start(str(task_result.worker_ids[-1]))


def abandoned_after() -> timedelta:
    return timedelta(seconds=settings.TASK_ABANDONED_AFTER_SECONDS)


def tasks_rescue_abandoned(now: datetime | None = None) -> dict[str, int]:
    """Put tasks of dead workers back in the queue (or fail the ones rescued too often)."""
    now = now or timezone.now()
    cutoff = now - abandoned_after()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    counts = {"rescued": 0, "failed": 0}
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    for result in running.only("id", "worker_ids", "started_at", "task_path"):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        same = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        if len(result.worker_ids) > TASK_MAX_RESCUES:
            counts["failed"] += same.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="hjemtilos.core.workers.WorkerLost",
                traceback=f"The task's worker stopped {len(result.worker_ids)} times while "
                "running it; it is not run again.",
            )
            logger.error("Task %s (%s) failed: its workers kept dying", result.pk, result.task_path)
            continue
        if same.update(status=TaskResultStatus.READY, started_at=None):
            counts["rescued"] += 1
            logger.warning(
                "Task %s (%s) of stopped worker %s put back in the queue",
                result.pk,
                result.task_path,
                result.worker_ids[-1] if result.worker_ids else "?",
            )
    return counts


@dataclass(frozen=True)
class QueueState:
    """The task queue as operators see it (``/healthz``, the metrics)."""

    ready: int
    running: int
    #: Seconds the oldest task that could run has waited (0 when none waits).
    lag_seconds: float
    #: Workers whose heartbeat is recent.
    workers_alive: int


def queue_state(now: datetime | None = None) -> QueueState:
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return QueueState(
        ready=ready.count(),
        running=DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        lag_seconds=max((now - oldest).total_seconds(), 0.0) if oldest else 0.0,
        workers_alive=WorkerHeartbeat.objects.filter(seen_at__gte=now - abandoned_after()).count(),
    )
