"""What ``/healthz`` and the metrics report: the database, the task queue, the scheduler.

Counts and times only, never a person's data. ``/healthz`` answers 503 only
when this web process cannot reach the database (a load balancer should then
send traffic elsewhere); a lagging queue or a silent scheduler affect every
web process alike, so they make the answer "degraded" with status 200, for
the operators' monitoring rather than the load balancer.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max
from django.utils import timezone

from hjemtilos.core.models import ScheduledRun
from hjemtilos.core.workers import QueueState, queue_state


@dataclass(frozen=True)
class Health:
    database_ok: bool
    database_ms: float
    queue: QueueState | None
    #: Seconds since the scheduler last enqueued a job (None: never, or unknown).
    scheduler_age_seconds: float | None

    @property
    def queue_ok(self) -> bool:
        return self.queue is not None and self.queue.lag_seconds <= settings.HEALTH_MAX_QUEUE_LAG

    @property
    def scheduler_ok(self) -> bool:
        return (
            self.scheduler_age_seconds is not None
            and self.scheduler_age_seconds <= settings.HEALTH_MAX_SCHEDULER_AGE
        )

    @property
    def status(self) -> str:
        if not self.database_ok:
            return "fail"
        return "ok" if self.queue_ok and self.scheduler_ok else "degraded"

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "checks": {
                "database": {"ok": self.database_ok, "ms": round(self.database_ms, 1)},
                "task_queue": {
                    "ok": self.queue_ok,
                    **(asdict(self.queue) if self.queue else {}),
                },
                "scheduler": {
                    "ok": self.scheduler_ok,
                    "last_run_age_seconds": self.scheduler_age_seconds,
                },
            },
        }


def scheduler_age_seconds() -> float | None:
    last = ScheduledRun.objects.aggregate(last=Max("enqueued_at"))["last"]
    return round((timezone.now() - last).total_seconds(), 1) if last else None


def health_check() -> Health:
    """Run the checks; a database that cannot be reached fails the rest quietly."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        queue = queue_state()
        age = scheduler_age_seconds()
    except DatabaseError:
        return Health(
            database_ok=False,
            database_ms=(time.perf_counter() - started) * 1000,
            queue=None,
            scheduler_age_seconds=None,
        )
    return Health(
        database_ok=True,
        database_ms=(time.perf_counter() - started) * 1000,
        queue=queue,
        scheduler_age_seconds=age,
    )
