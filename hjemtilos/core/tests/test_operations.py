"""What operators rely on: /healthz, the Prometheus metrics, request ids in the logs, and
our 503 page when the database is away (here simulated; a real restart is in
test_database_restart.py)."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hjemtilos.core.models import ScheduledRun
from hjemtilos.messaging.models import Channel, Message, MessageStatus
from hjemtilos.messaging.tasks import send_message
from hjemtilos.settings.base import logging_settings

pytestmark = pytest.mark.django_db


def _scheduler_ran(seconds_ago: float) -> None:
    ScheduledRun.objects.create(
        job_name="core.housekeeping",
        run_key=f"t-{seconds_ago}",
        enqueued_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_healthz_reports_database_queue_and_scheduler_without_login(client: Client):
    _scheduler_ran(30)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["task_queue"] == {
        "ok": True,
        "ready": 0,
        "running": 0,
        "lag_seconds": 0.0,
        "workers_alive": 0,
    }
    assert 25 <= body["checks"]["scheduler"]["last_run_age_seconds"] < 60
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_degraded_when_tasks_wait_and_the_scheduler_is_silent(client, settings):
    settings.HEALTH_MAX_QUEUE_LAG = 60
    _scheduler_ran(3600)
    result = send_message.using(backend="database").enqueue(123456)
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    response = client.get("/healthz")
    # Degraded is for monitoring; the load balancer keeps sending traffic (200).
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["task_queue"]["ok"] is False
    assert body["checks"]["task_queue"]["ready"] == 1
    assert body["checks"]["task_queue"]["lag_seconds"] >= 600
    assert body["checks"]["scheduler"]["ok"] is False


def test_healthz_fails_with_503_when_the_database_is_away(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("hjemtilos.core.health.connection.cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["database"]["ok"] is False


def test_metrics_need_the_scrapers_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = "scrape-secret"
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"] == 'Bearer realm="metrics"'


def test_metrics_show_request_latency_queue_depth_and_undelivered_messages(
    client, settings, staff, site
):
    settings.METRICS_TOKEN = "scrape-secret"
    Message.objects.create(
        channel=Channel.SMS,
        to_address="22334455",
        template="visit_reminder",
        language="da",
        body="Husk besøget",
        status=MessageStatus.FAILED,
        site=site,
    )
    client.get(reverse("accounts:login"))
    response = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
    assert response.status_code == 200
    text = response.content.decode()
    # Request latency by view, from django-prometheus.
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert 'view="accounts:login"' in text
    assert "hjemtilos_task_queue_lag_seconds 0.0" in text
    assert "hjemtilos_task_workers_alive 0.0" in text
    assert 'hjemtilos_messages{channel="sms",status="failed"} 1.0' in text
    # Counts only: no text, no number.
    assert "22334455" not in text
    assert "Husk" not in text


def test_every_response_carries_a_request_id_and_a_proxys_id_is_kept(client):
    first = client.get(reverse("accounts:login"))
    second = client.get(reverse("accounts:login"))
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    given = client.get(reverse("accounts:login"), headers={"X-Request-ID": "lb-4711.a"})
    assert given["X-Request-ID"] == "lb-4711.a"
    # A header that could forge log lines is replaced, not echoed.
    forged = client.get(reverse("accounts:login"), headers={"X-Request-ID": 'x" "level":"bad'})
    assert forged["X-Request-ID"] != 'x" "level":"bad'
    assert len(forged["X-Request-ID"]) == 32


def test_json_log_lines_name_the_request_without_personal_data(staff, login, settings):
    stream = io.StringIO()
    config = logging_settings("json")
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    try:
        signed_in = login(staff)
        response = signed_in.get(
            reverse("messaging:outbox") + "?q=Jensen", headers={"X-Request-ID": "req-1"}
        )
    finally:
        logging.config.dictConfig(settings.LOGGING)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    line = next(line for line in lines if line["request_id"] == "req-1")
    assert response["X-Request-ID"] == "req-1"
    assert line["level"] == "INFO"
    assert line["logger"] == "hjemtilos.requests"
    assert line["method"] == "GET"
    assert line["path"] == reverse("messaging:outbox")
    assert line["status"] == 200
    assert line["user_id"] == staff.pk
    assert line["duration_ms"] > 0
    # The search words (a name) stay out of the log.
    assert "Jensen" not in stream.getvalue()


def _lose_database(monkeypatch, view: str) -> None:
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(view, refuse)


def test_a_lost_database_answers_our_503_page_in_danish(client, monkeypatch):
    client.raise_request_exception = False
    _lose_database(monkeypatch, "hjemtilos.accounts.views.SignInView.get")
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "Hjem til Os er kortvarigt utilgængelig" in text
    assert "Intet af det, du har gemt før, er gået tabt." in text


def test_a_lost_database_answers_json_503_on_the_api(client, monkeypatch):
    client.raise_request_exception = False
    _lose_database(monkeypatch, "hjemtilos.api.auth.api_token_authenticate")
    response = client.get("/api/referrals", headers={"Authorization": "Bearer abc"})
    assert response.status_code == 503
    assert response.json() == {
        "detail": "Tjenesten er kortvarigt utilgængelig. Prøv igen om et øjeblik."
    }


def test_other_errors_stay_a_500(client, monkeypatch):
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("hjemtilos.accounts.views.SignInView.get", broken)
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 500
