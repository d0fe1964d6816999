"""Scheduled jobs run once per period, however many schedulers run; the embedded worker."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from hjemtilos.core import scheduler
from hjemtilos.core.embedded import make_worker, start_worker_thread, stop_worker
from hjemtilos.core.models import ScheduledRun
from hjemtilos.messaging.models import Message, MessageStatus
from hjemtilos.messaging.tasks import send_message

CPH = ZoneInfo("Europe/Copenhagen")
RUNS: list[str] = []


@task()
def record_run() -> None:
    RUNS.append("ran")


@pytest.fixture
def daily(monkeypatch):
    """A daily job at 06:00 registered for the test only."""
    monkeypatch.setattr(scheduler, "_JOBS", {})
    RUNS.clear()
    scheduler.daily_job("test.daily", at=time(6, 0))(record_run)
    return record_run


@pytest.mark.django_db
def test_daily_job_waits_for_its_time_then_runs_once_a_day(daily):
    with time_machine.travel(datetime(2026, 11, 24, 5, 59, tzinfo=CPH)):
        assert scheduler.run_due_jobs() == []
    with time_machine.travel(datetime(2026, 11, 24, 6, 0, tzinfo=CPH)):
        assert scheduler.run_due_jobs() == ["test.daily"]
        assert scheduler.run_due_jobs() == []
    with time_machine.travel(datetime(2026, 11, 24, 23, 59, tzinfo=CPH)):
        assert scheduler.run_due_jobs() == []
    with time_machine.travel(datetime(2026, 11, 25, 6, 30, tzinfo=CPH)):
        assert scheduler.run_due_jobs() == ["test.daily"]
    assert RUNS == ["ran", "ran"]
    assert sorted(ScheduledRun.objects.values_list("run_key", flat=True)) == [
        "2026-11-24",
        "2026-11-25",
    ]


@pytest.mark.django_db
def test_a_second_scheduler_finds_the_period_taken(daily):
    """Two machines: the one whose insert loses skips the job."""
    now = datetime(2026, 11, 24, 7, 0, tzinfo=CPH)
    ScheduledRun.objects.create(job_name="test.daily", run_key="2026-11-24")
    assert scheduler.run_due_jobs(now) == []
    assert RUNS == []


@pytest.mark.django_db
def test_periodic_job_runs_once_per_slot(monkeypatch):
    monkeypatch.setattr(scheduler, "_JOBS", {})
    RUNS.clear()
    scheduler.periodic_job("test.every5", every=timedelta(minutes=5))(record_run)
    start = datetime(2026, 11, 24, 10, 0, 30, tzinfo=CPH)
    assert scheduler.run_due_jobs(start) == ["test.every5"]
    assert scheduler.run_due_jobs(start + timedelta(minutes=2)) == []
    assert scheduler.run_due_jobs(start + timedelta(minutes=5)) == ["test.every5"]
    assert RUNS == ["ran", "ran"]


# Transactional: the command closes stale connections between passes, as a
# long-running process must, which would end a test wrapped in a transaction.
@pytest.mark.django_db(transaction=True)
def test_run_scheduler_once_enqueues_the_foundation_jobs(capsys):
    call_command("run_scheduler", "--once")
    out = capsys.readouterr().out
    assert "messaging.requeue_due" in out
    names = set(ScheduledRun.objects.values_list("job_name", flat=True))
    assert "messaging.requeue_due" in names


@pytest.mark.django_db(transaction=True)
def test_embedded_worker_thread_runs_a_task_from_the_database(settings):
    """What ``manage.py serve`` starts: a worker thread picking tasks from the database."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "messages"]}
    }
    message = Message.objects.create(
        channel="email", template="t", language="da", to_address="a@example.org", body="Hej"
    )
    send_message.using(backend="default").enqueue(message.pk)
    worker = make_worker(interval=0.05)
    thread = start_worker_thread(worker)
    try:
        for _ in range(100):
            message.refresh_from_db()
            if message.status == MessageStatus.SENT:
                break
            thread.join(0.05)
        # The worker says it is alive while it runs ...
        name = f"task-heartbeat-{worker.worker_id}"
        heartbeat = [t for t in threading.enumerate() if t.name == name]
    finally:
        stop_worker(worker, thread)
    assert message.status == MessageStatus.SENT
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # ... and no longer once it stopped.
    assert len(heartbeat) == 1
    heartbeat[0].join(2)
    assert not heartbeat[0].is_alive()


# Jobs each app registers from its AppConfig.ready (the ones other parts rely on).
APP_JOBS = {
    "core.housekeeping",
    "accounts.invitation_cleanup",
    "messaging.requeue_due",
    "volunteers.vetting_birthdays",
    "volunteers.application_attempts_prune",
    "friendships.anniversaries",
    "friendships.attention",
    "friendships.deletion_reminders",
    "friendships.supervision_planning",
    "friendships.visit_reminders",
    "matching.geocode_addresses",
    "privacy.anonymise",
}


def test_every_app_registers_its_jobs_from_its_own_jobs_module():
    jobs = {job.name: job for job in scheduler.registered_jobs()}
    assert set(jobs) >= APP_JOBS
    for name, job in jobs.items():
        app = name.split(".")[0]
        # A job named for an app is that app's own task: core runs no other app's work.
        assert job.task.module_path.startswith(f"hjemtilos.{app}.jobs."), name
