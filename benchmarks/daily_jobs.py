"""Time the daily scheduler's jobs on the national dataset (20,000 running friendships).

Run through benchmarks/daily_jobs.sh (a throw-away PostgreSQL) or against
DATABASE_URL with the dataset loaded (``generate_demo --scale``). Every daily
job registered with the scheduler runs once, as the workers would run it after
``run_scheduler`` enqueued it; messages go to the outbox and the task queue as
in production. Then every job runs again: the second pass must do nothing (the
jobs are idempotent) and is timed too. The goal: the first pass in under a
minute.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from hjemtilos.core.scheduler import registered_jobs  # noqa: E402
from hjemtilos.friendships.models import DeletionConfirmation, Friendship, Visit  # noqa: E402
from hjemtilos.friendships.services.attention import attention_filter  # noqa: E402
from hjemtilos.messaging.models import Message  # noqa: E402

GOAL_SECONDS = 60.0


def workload() -> dict[str, int]:
    today = timezone.localdate()
    running = Friendship.objects.filter(status="running")
    return {
        "running friendships": running.count(),
        "visits tomorrow": Visit.objects.filter(
            date=today + timedelta(days=1), status="planned", friendship__status="running"
        ).count(),
        "anniversaries today": running.filter(anniversary_on__lte=today).count(),
        "on the attention list": Friendship.objects.filter(attention_filter(today)).count(),
        "deletion requests due a reminder": DeletionConfirmation.objects.filter(
            confirmed_at__isnull=True,
            reminded_at__isnull=True,
            requested_at__lte=timezone.now() - timedelta(days=14),
        ).count(),
    }


def run_pass(label: str) -> tuple[float, dict[str, object]]:
    jobs = [job for job in registered_jobs() if job.at is not None]
    # Count every statement, not only Django's default last 9,000.
    connection.queries_log = deque(maxlen=10_000_000)
    results: dict[str, object] = {}
    total = 0.0
    print(f"\n{label}")
    print(f"{'job':<36}{'seconds':>9}{'queries':>9}  result")
    for job in jobs:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = job.task.call()
            seconds = time.perf_counter() - start
        total += seconds
        results[job.name] = result
        print(f"{job.name:<36}{seconds:9.2f}{len(queries):9d}  {result}")
    print(f"{'total':<36}{total:9.2f}")
    return total, results


def main() -> int:
    print("Workload:")
    for name, count in workload().items():
        print(f"  {name:<36}{count:>8}")
    if Friendship.objects.filter(status="running").count() < 20_000:
        print("Fewer than 20,000 running friendships: generate the dataset first.")
        return 2
    messages_before = Message.objects.count()
    first, _results = run_pass("First pass")
    sent = Message.objects.count() - messages_before
    print(f"messages queued: {sent}")
    second, _again = run_pass("Second pass (the same day again: nothing to do)")
    repeated = Message.objects.count() - messages_before - sent
    ok = first < GOAL_SECONDS and repeated == 0
    print(
        f"\nfirst pass {first:.1f} s (goal < {GOAL_SECONDS:.0f} s), second pass {second:.1f} s, "
        f"messages queued again: {repeated}  {'ok' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
