"""The outbox in the operators' metrics: messages waiting, being sent and failed."""

from __future__ import annotations

from collections.abc import Iterator

import prometheus_client
from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from hjemtilos.messaging.models import Message, MessageStatus

#: Sent messages only grow; counting them at every scrape would read the whole table.
COUNTED = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.FAILED)


class OutboxCollector(Collector):
    def collect(self) -> Iterator[prometheus_client.Metric]:
        family = GaugeMetricFamily(
            "hjemtilos_messages",
            "Messages in the outbox not (yet) delivered, by status and channel.",
            labels=["status", "channel"],
        )
        rows = (
            Message.objects.filter(status__in=COUNTED)
            .values("status", "channel")
            .annotate(n=Count("pk"))
            .order_by("status", "channel")
        )
        for row in rows:
            family.add_metric([row["status"], row["channel"]], row["n"])
        yield family
