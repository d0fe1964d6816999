"""No one outside the advisory team and the staff on the case reaches any part of a concern.

Every safeguarding page is opened (GET) and every action posted by every role, plus a
colleague at the same site (even its lead) who is not on the case and the advisory lead.
A refused GET is 403 (the role may not use such pages), 404 (the object is out of the
user's reach) or, signed out, the login page; a refused POST changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user, phone_concern
from hjemtilos.core.tests.test_access_matrix import page_url_names
from hjemtilos.followups.models import FollowUpTask
from hjemtilos.organisations.models import Municipality, SiteMembership
from hjemtilos.safeguarding import services
from hjemtilos.safeguarding.models import (
    AdvisoryLead,
    ConcernAssessment,
    ConcernEvent,
    Notification,
    NotificationStatus,
)
from hjemtilos.safeguarding.tests.conftest import assess, involve

ROLES = [
    "anonymous",
    "staff",  # the friendship's contact person: on the case
    "colleague",  # staff and lead at the same site, not on the case
    "other_staff",
    "advisory",
    "lead",
    "caseworker",
    "other_caseworker",
    "volunteer",
    "parent",
    "evaluator",
    "administrator",
]
ON_THE_CASE = {"staff", "advisory", "lead"}
ADVISORY = {"advisory", "lead"}


@dataclass
class Page:
    url: Callable[[dict[str, Any]], str]
    allowed: set[str]
    # What a refused POST must leave untouched; a page without one is GET-only here.
    post: dict[str, str] | None = None
    post_allowed: set[str] = field(default_factory=set)


def url(name: str, key: str | None = None, *extra: str) -> Callable[[dict[str, Any]], str]:
    return lambda w: reverse(
        f"safeguarding:{name}", args=[w[key].pk, *extra] if key else list(extra)
    )


PAGES = {
    "concerns": Page(url("concerns"), {"staff", "colleague", "other_staff", *ADVISORY}),
    "concern": Page(url("concern", "concern"), ON_THE_CASE),
    "concern_assess": Page(
        url("concern_assess", "concern"),
        ADVISORY,
        post={"known": "x", "risk": "2", "decision": "follow_up", "reasons": "y"},
        post_allowed=ADVISORY,
    ),
    "concern_involvement": Page(
        url("concern_involvement", "concern", "foraeldre"),
        ADVISORY,
        post={"done": "no", "note": "Springes over"},
        post_allowed=ADVISORY,
    ),
    "concern_entry": Page(
        url("concern_entry", "concern"),
        set(),
        post={"kind": "note", "text": "En note"},
        post_allowed=ON_THE_CASE,
    ),
    "concern_take_on": Page(
        url("concern_take_on", "concern"), set(), post={}, post_allowed={"staff"}
    ),
    "concern_step": Page(
        url("concern_step", "concern"), set(), post={"action": "take"}, post_allowed=ADVISORY
    ),
    "notification_create": Page(
        url("notification_create", "notifying"), set(), post={}, post_allowed=ADVISORY
    ),
    "notification": Page(
        url("notification", "draft"),
        ON_THE_CASE,
        post={"observations": "Ændret", "assessment_text": "Ændret"},
        post_allowed=ADVISORY,
    ),
    "notification_pdf": Page(url("notification_pdf", "sent"), ON_THE_CASE),
    "notification_send": Page(
        url("notification_send", "draft"), set(), post={}, post_allowed=ADVISORY
    ),
    "notification_acknowledge": Page(
        url("notification_acknowledge", "sent"),
        ADVISORY,
        post={"acknowledged_on": "", "how": "email"},
        post_allowed=ADVISORY,
    ),
    "concern_reads": Page(url("concern_reads"), {"lead"}),
    "report": Page(url("report"), {"lead"}),
    "advisory_team": Page(
        url("advisory_team"),
        {"administrator"},
        post={"user": "0", "lead": "yes"},
        post_allowed={"administrator"},
    ),
    "municipalities": Page(url("municipalities"), {"administrator"}),
    "municipality": Page(
        url("municipality", "municipality"),
        {"administrator"},
        post={"notification_email": "ny@kommune.example.org"},
        post_allowed={"administrator"},
    ),
}


@pytest.fixture
def world(people, befriended, staff, site, advisory, advisory_lead, notification_address):
    colleague = make_user(Role.STAFF, "kollega@example.org", "Kim")
    SiteMembership.objects.create(site=site, user=colleague, is_lead=True)
    concern = phone_concern(befriended, by=staff)
    notifying = phone_concern(befriended, by=staff)
    assess(notifying, by=advisory)
    involve(notifying, by=advisory)
    draft = services.notification_draft_create(concern=notifying, by=advisory)
    sent_concern = phone_concern(befriended, by=staff)
    assess(sent_concern, by=advisory)
    involve(sent_concern, by=advisory)
    sent = services.notification_draft_create(concern=sent_concern, by=advisory)
    services.notification_send(notification=sent, by=advisory)
    services.notification_deliver(sent.pk)
    sent.refresh_from_db()
    assert sent.status == NotificationStatus.SENT
    return {
        **people,
        "colleague": colleague,
        "lead": advisory_lead,
        "concern": concern,
        "notifying": notifying,
        "draft": draft,
        "sent": sent,
        "municipality": Municipality.objects.get(pk=befriended.child.family.municipality_id),
    }


def client_for(login, world: dict[str, Any], role: str) -> Client:
    return Client() if role == "anonymous" else login(world[role])


def state() -> tuple[Any, ...]:
    """Everything a refused POST could have changed."""
    return (
        ConcernEvent.objects.count(),
        ConcernAssessment.objects.count(),
        tuple(Notification.objects.order_by("pk").values_list("status", "observations")),
        tuple(AdvisoryLead.objects.values_list("user_id", flat=True)),
        tuple(Municipality.objects.exclude(notification_email="").values_list("pk", flat=True)),
    )


def refused(response, role: str) -> bool:
    if role == "anonymous":
        return response.status_code == 302 and "/konto/log-ind/" in response["Location"]
    return response.status_code in (403, 404, 405)


def test_only_the_allowed_roles_reach_each_page_and_action(login, world):
    """One walk over the table (the world is built once: it sends a real notification)."""
    wrong = []
    clients = {role: client_for(login, world, role) for role in ROLES}
    for name, page in sorted(PAGES.items()):
        address = page.url(world)
        for role, client in clients.items():
            response = client.get(address)
            expected = 200 if role in page.allowed else "refused"
            if (expected == 200) != (response.status_code == 200) or (
                expected == "refused" and not refused(response, role)
            ):
                wrong.append(("GET", name, role, response.status_code))
            if page.post is None or role in page.post_allowed:
                continue
            before = state()
            response = client.post(address, page.post)
            if not refused(response, role) or state() != before:
                wrong.append(("POST", name, role, response.status_code))
    assert not wrong, wrong


def test_every_safeguarding_url_is_in_the_table():
    ours = {n.split(":")[1] for n in page_url_names() if n.startswith("safeguarding:")}
    # Raising a concern and the inquiries are pages about a friendship (test_concerns,
    # test_inquiries and the access matrix cover them).
    assert ours - set(PAGES) == {"concern_raise", "inquiry_create", "inquiry"}


def test_the_colleague_and_the_administrator_see_no_trace_of_a_concern(login, world):
    concern = world["concern"]
    for role in ("colleague", "other_staff"):
        page = login(world[role]).get(reverse("safeguarding:concerns"), {"status": ""})
        assert page.context["page"].paginator.count == 0
    # The contact person's urgent task is overdue: the site lead's overdue list and the
    # friendship page do not show it to a colleague who is not on the case.
    FollowUpTask.objects.filter(concern=concern).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    title = f"En bekymring om {concern.friendship.child.first_name}"
    colleague = login(world["colleague"])
    for url in (
        reverse("followups:overdue"),
        reverse("friendships:detail", args=[concern.friendship_id]),
    ):
        page = colleague.get(url)
        assert page.status_code == 200 and title not in page.text, url
    assert title in login(world["staff"]).get(reverse("followups:mine")).text
    home = login(world["administrator"]).get(reverse("core:home"))
    assert reverse("safeguarding:concerns") not in home.text
    assert concern.friendship.child.first_name not in home.text
    audit = login(world["administrator"]).get(reverse("privacy:audit_log"))
    assert concern.friendship.child.full_name not in audit.text
