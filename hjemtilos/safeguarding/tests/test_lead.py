"""The advisory lead's pages: who read which concern, and the team's report; the
administrator appoints the lead and keeps the municipalities' notification addresses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user, phone_concern
from hjemtilos.organisations.models import Municipality
from hjemtilos.safeguarding import services
from hjemtilos.safeguarding.models import AdvisoryLead, NotificationStatus, Severity
from hjemtilos.safeguarding.report import safeguarding_report
from hjemtilos.safeguarding.tests.conftest import assess, involve

CPH = ZoneInfo("Europe/Copenhagen")


def queries_of(client: Client, url: str, **data: str) -> tuple[int, str]:
    """The number of SQL statements a second GET of ``url`` runs (the first warms up), and
    the page's text."""
    client.get(url, data)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    assert response.status_code == 200
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    return len(statements), response.text


def same_cost(client: Client, url: str, add: Callable[[], object], **data: str) -> str:
    """The page costs the same number of queries before and after ``add()`` adds rows."""
    before, _text = queries_of(client, url, **data)
    add()
    after, text = queries_of(client, url, **data)
    assert before == after, (before, after)
    return text


def test_the_lead_sees_who_read_which_concern(
    login, befriended, staff, advisory, advisory_lead, notification_address
):
    concern = phone_concern(befriended, by=staff)
    other = phone_concern(befriended, by=staff, severity=Severity.LOW)
    assess(concern, by=advisory)
    involve(concern, by=advisory)
    draft = services.notification_draft_create(concern=concern, by=advisory)
    login(staff).get(reverse("safeguarding:concern", args=[concern.pk]))
    login(advisory).get(reverse("safeguarding:concern", args=[other.pk]))
    login(advisory).get(reverse("safeguarding:notification", args=[draft.pk]))
    lead = login(advisory_lead)
    reads_url = reverse("safeguarding:concern_reads")

    def more_reads() -> None:
        reader = login(advisory)
        reader.get(reverse("safeguarding:notification", args=[draft.pk]))
        for _ in range(2):
            reader.get(reverse("safeguarding:concern", args=[concern.pk]))

    text = same_cost(lead, reads_url, more_reads)
    assert "Sofie Test" in text and "Anna Test" in text and "(underretning)" in text
    page = lead.get(reads_url, {"concern": str(concern.pk)})
    # The concern's own reads, its notification's included; not the other concern's.
    assert {read.reader for read in page.context["reads"]} == {staff, advisory}
    assert all(read.concern == concern for read in page.context["reads"])
    # The staff's read, the advisory member's 2 of the concern and 2 of the notification.
    assert len(page.context["reads"]) == 5
    # Not a lead: refused, and the link is not shown on the concern.
    assert login(advisory).get(reads_url).status_code == 403
    detail = login(advisory).get(reverse("safeguarding:concern", args=[concern.pk]))
    assert reads_url not in detail.text
    assert reads_url in lead.get(reverse("safeguarding:concern", args=[concern.pk])).text


def test_the_report_counts_concerns_assessment_times_and_acknowledgements(
    login, befriended, staff, advisory, advisory_lead, notification_address
):
    # Thirty days back: the acknowledgement a day after its deadline (six working days
    # after sending) must lie in the past on any day the suite runs.
    start = timezone.localdate() - timedelta(days=30)
    raised_at = datetime.combine(start, datetime.min.time(), CPH) + timedelta(hours=9)
    with time_machine.travel(raised_at, tick=False):
        late = phone_concern(befriended, by=staff, severity=Severity.HIGH)
        phone_concern(befriended, by=staff, severity=Severity.LOW)
    with time_machine.travel(raised_at + timedelta(days=2), tick=False):
        assess(late, by=advisory)
        involve(late, by=advisory)
        notification = services.notification_draft_create(concern=late, by=advisory)
        services.notification_send(notification=notification, by=advisory)
        services.notification_deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT and notification.acknowledge_by
    services.notification_acknowledge(
        notification=notification,
        by=advisory,
        acknowledged_on=notification.acknowledge_by + timedelta(days=1),
        how="email",
        municipality_reference="",
        note="",
    )
    report = safeguarding_report(start=start, end=start + timedelta(days=40))
    assert report.total.raised == 2
    assert report.total.by_severity[Severity.HIGH] == 1
    assert report.total.by_severity[Severity.LOW] == 1
    assert report.total.assessed == 1 and report.total.median_days == 2
    assert report.total.notifications_sent == 1 and report.total.acknowledged_late == 1
    assert report.total.acknowledged_in_time == 0

    lead = login(advisory_lead)
    url = reverse("safeguarding:report")
    period = {"start": start.isoformat(), "end": (start + timedelta(days=40)).isoformat()}
    text = same_cost(
        lead, url, lambda: phone_concern(befriended, by=staff, severity=Severity.ACUTE), **period
    )
    assert "Rådgivningens rapport" in text
    # The advisory lead finds it among the reports, and only that one.
    index = lead.get(reverse("reports:index"))
    assert index.status_code == 200 and url in index.text
    assert reverse("reports:report", args=["rekruttering"]) not in index.text
    refused = lead.get(url, {"start": "2026-05-01", "end": "2026-04-01"})
    assert refused.status_code == 400 and "Slutdatoen kan ikke" in refused.text


def test_the_queue_and_the_timeline_cost_the_same_however_many_concerns_and_steps(
    login, befriended, staff, advisory
):
    concern = phone_concern(befriended, by=staff)
    client = login(advisory)
    same_cost(
        client,
        reverse("safeguarding:concerns"),
        lambda: [phone_concern(befriended, by=staff) for _ in range(3)],
    )

    def more_steps() -> None:
        assess(concern, by=advisory)
        involve(concern, by=advisory)
        for number in range(3):
            services.concern_entry_add(
                concern=concern, by=staff, kind="note", text=f"Note {number}", on=None
            )

    same_cost(client, reverse("safeguarding:concern", args=[concern.pk]), more_steps)


def test_the_administrator_appoints_the_lead_and_keeps_the_notification_addresses(
    login, administrator, advisory, staff, kobenhavn
):
    client = login(administrator)
    url = reverse("safeguarding:advisory_team")
    assert "Anna Test" in client.get(url).text
    assert client.post(url, {"user": advisory.pk, "lead": "yes"}).status_code == 302
    assert AdvisoryLead.objects.get().user == advisory
    # Only a member of the advisory team can lead it; an unknown id is a 404.
    assert client.post(url, {"user": staff.pk, "lead": "yes"}).status_code == 404
    assert client.post(url, {"user": 2**40, "lead": "yes"}).status_code == 404
    inactive = make_user(Role.ADVISORY, "old@example.org", "Olga", is_active=False)
    client.post(url, {"user": inactive.pk, "lead": "yes"})
    assert list(AdvisoryLead.objects.values_list("user_id", flat=True)) == [advisory.pk]
    client.post(url, {"user": advisory.pk, "lead": "no"})
    assert not AdvisoryLead.objects.exists()

    edit = reverse("safeguarding:municipality", args=[kobenhavn.pk])
    refused = client.post(edit, {"notification_email": "ikke en adresse"})
    assert refused.status_code == 400 and "ikke en adresse" in refused.text
    client.post(edit, {"notification_email": "underretning@kk.dk", "children_services_phone": ""})
    assert Municipality.objects.get(pk=kobenhavn.pk).notification_email == "underretning@kk.dk"
    listing = client.get(reverse("safeguarding:municipalities"), {"q": "Køben"})
    assert "underretning@kk.dk" in listing.text
