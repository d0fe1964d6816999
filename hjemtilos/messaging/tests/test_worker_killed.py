"""A task worker killed with SIGKILL in the middle of a batch of messages.

Real ``manage.py db_worker`` processes run the tasks from the database, as in
production, against the fake SMS gateway and SMTP server of ``conftest``. The
gateway holds its answer to one delivery; the test kills the worker while it
waits for that answer. The scheduled sweeps (``core.tasks_rescue`` and
``messaging.requeue_due``) then put the abandoned task and message back, a new
worker finishes the batch, and every person has received each message once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hjemtilos.core.models import WorkerHeartbeat
from hjemtilos.core.workers import tasks_rescue_abandoned
from hjemtilos.friendships import jobs as friendship_jobs
from hjemtilos.friendships.models import FriendshipStatus, VisitStatus
from hjemtilos.messaging.models import Message, MessageStatus
from hjemtilos.messaging.services import message_queue_email
from hjemtilos.messaging.tasks import INTERRUPTED_HAND_OVER, messages_requeue_due
from hjemtilos.referrals.models import Guardian

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(django_settings.BASE_DIR)
WAIT = 60.0
PHONES = ["+4571000001", "+4571000002", "+4571000003", "+4571000004"]


def database_url() -> str:
    """The test database, as a URL the worker's settings read."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    password = quote(str(config.get("PASSWORD") or ""), safe="")
    return (
        f"postgres://{quote(str(config['USER']), safe='')}:{password}"
        f"@{config['HOST']}:{config['PORT']}/{config['NAME']}"
    )


class Workers:
    """Starts ``db_worker`` processes with the production settings profile's defaults."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.tmp_path = tmp_path
        self.env = env
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, *, batch: bool = False) -> subprocess.Popen[bytes]:
        log = (self.tmp_path / f"{name}.log").open("wb")
        command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
        command += ["--interval", "0.1", "--no-startup-delay", "--worker-id", name]
        if batch:
            command.append("--batch")
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.started.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
                process.wait(10)


@pytest.fixture
def workers(tmp_path, settings, sms_provider, smtp_server) -> Iterator[Workers]:
    # The test enqueues to the database, as production does, for the workers to take.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "messages"]}
    }
    settings.TASK_ABANDONED_AFTER_SECONDS = 1.0
    settings.MESSAGE_STUCK_AFTER_SECONDS = 1.0
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hjemtilos.settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "SMS_GATEWAY": "hjemtilos.messaging.sms.HttpSmsGateway",
        "SMS_HTTP_URL": sms_provider.url,
        "SMS_HTTP_TOKEN": "secret-token",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "TASK_HEARTBEAT_SECONDS": "0.2",
    }
    pool = Workers(tmp_path, env)
    try:
        yield pool
    finally:
        pool.stop_all()


def wait_for(condition, what: str, workers: Workers, name: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}. Worker log:\n{workers.log(name)}")
        time.sleep(0.05)


def kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(10) == -signal.SIGKILL


def rescue_after_the_worker_is_given_up() -> None:
    """What the scheduler's every-minute jobs do once the dead worker's heartbeat is old."""
    time.sleep(django_settings.TASK_ABANDONED_AFTER_SECONDS + 0.5)
    assert tasks_rescue_abandoned() == {"rescued": 1, "failed": 0}
    messages_requeue_due()


def finish_with_a_new_worker(workers: Workers) -> None:
    process = workers.start("worker-b", batch=True)
    assert process.wait(WAIT) == 0, workers.log("worker-b")


@pytest.fixture
def tomorrows_visit(friendship):
    """A running friendship with a visit tomorrow; the child has four guardians with phones."""
    assert friendship.status == FriendshipStatus.RUNNING and friendship.parent_reminders
    tomorrow = timezone.localdate() + timedelta(days=1)
    friendship.visits.filter(date=tomorrow).delete()
    visit = friendship.visits.filter(status=VisitStatus.PLANNED).order_by("date").first()
    visit.date = tomorrow
    visit.save(update_fields=["date"])
    family = friendship.child.family
    family.guardians.all().delete()
    for number, phone in enumerate(PHONES, start=1):
        Guardian.objects.create(
            family=family, first_name=f"Forælder {number}", last_name="Test", phone=phone
        )
    return visit


def test_reminder_sms_batch_survives_a_killed_worker_without_a_duplicate(
    workers, sms_provider, tomorrows_visit
):
    sms_provider.hold_at = 2
    friendship_jobs.visit_reminders.enqueue()
    worker = workers.start("worker-a")
    wait_for(sms_provider.holding.is_set, "the second SMS", workers, "worker-a")
    kill(worker)
    sms_provider.release.set()

    stuck = Message.objects.get(status=MessageStatus.SENDING)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1
    assert WorkerHeartbeat.objects.filter(worker_id="worker-a").exists()

    rescue_after_the_worker_is_given_up()
    finish_with_a_new_worker(workers)

    messages = Message.objects.filter(template="visit_reminder")
    assert [m.status for m in messages] == [MessageStatus.SENT] * 4
    # Each phone got its reminder once, although one SMS went to the gateway twice.
    assert sms_provider.phones() == PHONES
    keys = [request["key"] for request in sms_provider.requests]
    assert len(keys) == 5 and keys.count(str(stuck.idempotency_key)) == 2
    assert all("Husk:" in sms["text"] for sms in sms_provider.delivered.values())
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_an_email_interrupted_by_a_killed_worker_is_not_sent_twice(
    workers, smtp_server, parent, site
):
    smtp_server.hold_at = 1
    for _ in range(2):
        message_queue_email(
            template="invitation",
            to_user=parent,
            context={"first_name": "Pia", "link": "https://hjemtilos.example/x/"},
            site=site,
        )
    worker = workers.start("worker-a")
    wait_for(smtp_server.holding.is_set, "the first e-mail", workers, "worker-a")
    kill(worker)
    smtp_server.release.set()

    rescue_after_the_worker_is_given_up()
    finish_with_a_new_worker(workers)

    interrupted, delivered = Message.objects.order_by("pk")
    # The interrupted one reached the server once and is not sent again by itself:
    # staff see it failed, with the reason, and decide.
    assert interrupted.status == MessageStatus.FAILED
    assert interrupted.last_error == INTERRUPTED_HAND_OVER
    assert delivered.status == MessageStatus.SENT
    assert sorted(smtp_server.message_ids()) == sorted(
        [interrupted.provider_message_id, delivered.provider_message_id]
    )
