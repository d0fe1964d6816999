"""Prometheus metrics for operators: request latency, the task queue, what apps add.

Request latency and counts by view come from django-prometheus' middlewares.
Figures read from the database at scrape time (queue depth and lag, workers
alive, the scheduler's last run, and what higher apps register with
``register_collector``: the outbox) are collected here. With several
processes (gunicorn), set ``PROMETHEUS_MULTIPROC_DIR`` so each scrape adds up
every worker process's request metrics.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterable, Iterator
from typing import Protocol

import prometheus_client
from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest
from django_tasks_db.models import DBTaskResult
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from hjemtilos.core.health import scheduler_age_seconds
from hjemtilos.core.workers import queue_state

_COLLECTORS: list[Collector] = []


class _Source(Protocol):
    def collect(self) -> Iterable[prometheus_client.Metric]: ...


def register_collector(collector: Collector) -> None:
    """Add a collector read at every scrape (from an app's ``AppConfig.ready``)."""
    if collector not in _COLLECTORS:
        _COLLECTORS.append(collector)


class TaskQueueCollector(Collector):
    """The task queue: tasks waiting per queue, running, the oldest wait, live workers."""

    def collect(self) -> Iterator[prometheus_client.Metric]:
        state = queue_state()
        ready = GaugeMetricFamily(
            "hjemtilos_task_queue_ready", "Tasks waiting to run.", labels=["queue"]
        )
        counts = (
            DBTaskResult.objects.ready()
            .values("queue_name")
            .annotate(n=Count("pk"))
            .order_by("queue_name")
        )
        for row in counts:
            ready.add_metric([row["queue_name"]], row["n"])
        yield ready
        yield GaugeMetricFamily(
            "hjemtilos_task_queue_running", "Tasks being run.", value=state.running
        )
        yield GaugeMetricFamily(
            "hjemtilos_task_queue_lag_seconds",
            "How long the oldest waiting task has waited.",
            value=state.lag_seconds,
        )
        yield GaugeMetricFamily(
            "hjemtilos_task_workers_alive",
            "Task workers with a recent heartbeat.",
            value=state.workers_alive,
        )
        age = scheduler_age_seconds()
        if age is not None:
            yield GaugeMetricFamily(
                "hjemtilos_scheduler_last_run_age_seconds",
                "Seconds since the scheduler last enqueued a job.",
                value=age,
            )


register_collector(TaskQueueCollector())


class _Scrape:
    """The request metrics (one process, or all gunicorn processes) plus the collectors."""

    def __init__(self, sources: list[_Source]) -> None:
        self.sources = sources

    def collect(self) -> Iterator[prometheus_client.Metric]:
        for source in self.sources:
            yield from source.collect()


def metrics_text() -> bytes:
    """The exposition text of every metric, for one scrape."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
        base: _Source = requests
    else:
        base = prometheus_client.REGISTRY
    return prometheus_client.generate_latest(_Scrape([base, *_COLLECTORS]))


def has_metrics_token(request: HttpRequest) -> bool:
    """The scraper's ``Authorization: Bearer <METRICS_TOKEN>`` (never when no token is set)."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
