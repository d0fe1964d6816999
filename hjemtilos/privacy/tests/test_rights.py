"""The data subjects' rights: the access export of a demo parent, requests with their
30-day deadline, consents withdrawn with their effect at once (SMS, sharing)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_friendship, build_referral, build_volunteer_family
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.followups.rights import rights_request_tasks_create
from hjemtilos.friendships.jobs import visit_reminders
from hjemtilos.friendships.models import Friendship, Visit, VisitStatus
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.privacy.models import (
    Consent,
    ConsentKind,
    RequestDecision,
    RequestKind,
    RequestStatus,
    RightsRequest,
)
from hjemtilos.referrals.models import Child, Guardian, ReferralStatus
from hjemtilos.volunteers.models import HouseholdMember

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def demo(db):
    call_command("generate_demo")


def _demo(role: Role) -> User:
    return User.objects.get(role=role, email__startswith=f"{role.value}@")


def _request_access(client, guardian: Guardian) -> RightsRequest:
    response = client.post(
        reverse("privacy:person", args=["guardian", guardian.pk]),
        {
            "kind": RequestKind.ACCESS,
            "received_on": timezone.localdate().isoformat(),
            "requested_by": "Forælderen selv, i telefonen",
            "identity_check": "Ringet tilbage på det kendte nummer",
            "details": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return RightsRequest.objects.get(subject_key=f"guardian-{guardian.pk}")


def test_the_access_export_of_the_demo_parent_holds_their_data_and_no_one_elses(demo, login):
    staff = _demo(Role.STAFF)
    guardian = Guardian.objects.select_related("family").get(user=_demo(Role.PARENT))
    client = login(staff)
    rights_request = _request_access(client, guardian)
    assert rights_request.due_on == timezone.localdate() + timedelta(days=30)

    client.post(
        reverse("privacy:request", args=[rights_request.pk]),
        {"to_status": RequestStatus.DECIDED, "decision": RequestDecision.GRANTED},
    )
    response = client.get(reverse("privacy:request_export", args=[rights_request.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["data.json", "oversigt.html"]
    summary = archive.read("oversigt.html").decode()
    data = archive.read("data.json").decode()
    json.loads(data)

    # Their own data and their child's.
    child = Child.objects.filter(family=guardian.family).order_by("id")[0]
    for text in (guardian.first_name, guardian.last_name, guardian.family.street_address):
        assert text in summary
        assert text in data
    assert child.first_name in summary and child.first_name in data
    friendship = Friendship.objects.get(child=child)
    assert "friendships" in json.loads(data)["sections"]

    # No one else's: the volunteer family, other children, other families.
    volunteer_family = friendship.family
    others = [volunteer_family.name, volunteer_family.street_address]
    others += [m.first_name for m in HouseholdMember.objects.filter(family=volunteer_family)]
    others += [
        f"{c.first_name} {c.last_name}" for c in Child.objects.exclude(family=guardian.family)
    ]
    others += [
        f"{g.first_name} {g.last_name}" for g in Guardian.objects.exclude(family=guardian.family)
    ]
    for text in others:
        assert text not in summary, text
        assert text not in data, text

    rights_request.refresh_from_db()
    assert rights_request.export_made_at is not None
    client.post(
        reverse("privacy:request", args=[rights_request.pk]),
        {"to_status": RequestStatus.DONE, "delivered_how": "Udleveret ved hjemmebesøg"},
    )
    rights_request.refresh_from_db()
    assert rights_request.status == RequestStatus.DONE
    assert list(rights_request.events.values_list("to_status", flat=True)) == [
        RequestStatus.RECEIVED,
        RequestStatus.DECIDED,
        RequestStatus.DONE,
    ]


def test_staff_of_another_site_and_other_roles_cannot_reach_the_person(
    login, referral, other_staff, advisory, caseworker, parent, administrator
):
    guardian = referral.child.family.guardians.get()
    url = reverse("privacy:person", args=["guardian", guardian.pk])
    assert login(other_staff).get(url).status_code == 404
    for user in (advisory, caseworker, parent, administrator):
        assert login(user).get(url).status_code == 403
    assert login(other_staff).get(reverse("privacy:person", args=["nobody", 1])).status_code == 404


def _visit_tomorrow(friendship: Friendship) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    Visit.objects.filter(friendship=friendship, date=tomorrow).delete()
    Visit.objects.create(friendship=friendship, date=tomorrow, status=VisitStatus.PLANNED)


def test_withdrawn_sms_consent_stops_the_next_reminder_while_others_get_theirs(
    login, parent, friendship, site, caseworker
):
    other = build_friendship(
        referral=build_referral(
            site=site,
            caseworker=caseworker,
            first_name="Liva",
            guardian={"first_name": "Per", "last_name": "Dahl", "phone": "+4520000002"},
        ),
        family=build_volunteer_family(site=site, name="Familien Dahl"),
        started_on=timezone.localdate() - timedelta(weeks=3),
    )
    Guardian.objects.filter(family=friendship.child.family).update(
        user=parent, phone="+4520000001", email=""
    )
    for each in (friendship, other):
        _visit_tomorrow(each)

    # The parent says no to SMS in the portal.
    client = login(parent)
    response = client.post(reverse("privacy:my_sms"), {"allowed": "no"})
    assert response.status_code == 302
    guardian = Guardian.objects.get(user=parent)
    consent = Consent.objects.get(kind=ConsentKind.SMS, person_key=f"guardian-{guardian.pk}")
    assert consent.withdrawn_at is not None and consent.withdrawn_by == parent
    assert consent.withdrawn_method == "portal"

    Message.objects.all().delete()
    visit_reminders.enqueue()  # the daily job, as the scheduler starts it
    sms_to = set(
        Message.objects.filter(channel=Channel.SMS, template="visit_reminder").values_list(
            "to_address", flat=True
        )
    )
    assert sms_to == {"+4520000002"}


def test_withdrawn_sharing_consent_puts_the_referral_on_hold_and_tells_staff(
    login, staff, site, caseworker
):
    referral = build_referral(
        site=site, caseworker=caseworker, status=ReferralStatus.READY_FOR_MATCHING
    )
    consent = Consent.objects.get(kind=ConsentKind.SHARING, scope_key=f"referral-{referral.pk}")
    guardian = referral.child.family.guardians.get()
    client = login(staff)
    page = client.get(reverse("privacy:person", args=["guardian", guardian.pk]))
    with translation.override("da"):
        assert str(ConsentKind.SHARING.label) in page.content.decode()

    response = client.post(
        reverse("privacy:consent_withdraw", args=[consent.pk]),
        {"method": "phone", "note": "Ringede", "person": f"guardian-{guardian.pk}"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ON_HOLD
    assert referral.sharing_consent_recorded_at is None
    task = FollowUpTask.objects.get(referral=referral, kind=FollowUpKind.CONSENT_WITHDRAWN)
    assert task.is_urgent


def test_a_refused_erasure_needs_its_reason_and_keeps_what_was_typed(
    login, staff, site, caseworker
):
    referral = build_referral(site=site, caseworker=caseworker, status=ReferralStatus.RECEIVED)
    child = referral.child
    client = login(staff)
    url = reverse("privacy:person", args=["child", child.pk])
    client.post(
        url,
        {
            "kind": RequestKind.ERASURE,
            "received_on": timezone.localdate().isoformat(),
            "requested_by": "Moren",
            "identity_check": "Personligt fremmøde med legitimation",
            "details": "Slet oplysningerne om skolen",
        },
    )
    rights_request = RightsRequest.objects.get(subject_key=f"child-{child.pk}")
    detail = reverse("privacy:request", args=[rights_request.pk])
    response = client.post(
        detail, {"to_status": RequestStatus.DECIDED, "decision": RequestDecision.REFUSED}
    )
    assert response.status_code == 400
    assert (
        "Angiv begrundelsen" in response.content.decode() or "reason" in response.content.decode()
    )
    client.post(
        detail,
        {
            "to_status": RequestStatus.DECIDED,
            "decision": RequestDecision.REFUSED,
            "reason": "Oplysningen er nødvendig for matchningen",
        },
    )
    rights_request.refresh_from_db()
    assert rights_request.decision == RequestDecision.REFUSED
    assert rights_request.decided_by == staff


def test_staff_get_a_task_before_the_deadline_and_an_urgent_one_once_it_passed(
    login, staff, referral
):
    guardian = referral.child.family.guardians.get()
    client = login(staff)
    client.post(
        reverse("privacy:person", args=["guardian", guardian.pk]),
        {
            "kind": RequestKind.ACCESS,
            "received_on": (timezone.localdate() - timedelta(days=25)).isoformat(),
            "requested_by": "Forælderen",
            "identity_check": "MitID",
        },
    )
    rights_request = RightsRequest.objects.get()
    assert rights_request_tasks_create() == 1
    assert rights_request_tasks_create() == 0  # once
    task = FollowUpTask.objects.get(kind=FollowUpKind.RIGHTS_REQUEST)
    assert task.owner == staff and not task.is_urgent
    assert task.due_on == rights_request.due_on

    later = timezone.localdate() + timedelta(days=6)
    assert rights_request_tasks_create(today=later) == 1
    assert FollowUpTask.objects.get(kind=FollowUpKind.RIGHTS_REQUEST, is_urgent=True)
    page = client.get(reverse("privacy:requests"))
    assert guardian.first_name in page.content.decode()


def _record_request(client, guardian: Guardian, kind: str = RequestKind.ACCESS) -> None:
    response = client.post(
        reverse("privacy:person", args=["guardian", guardian.pk]),
        {
            "kind": kind,
            "received_on": timezone.localdate().isoformat(),
            "requested_by": "Forælderen",
            "identity_check": "MitID",
            "details": "Adressen er forkert",
        },
    )
    assert response.status_code == 302


def test_the_pages_run_a_fixed_number_of_queries(login, staff, referral, caseworker, site):
    guardian = referral.child.family.guardians.get()
    client = login(staff)
    _record_request(client, guardian)
    person = reverse("privacy:person", args=["guardian", guardian.pk])
    page = get_page(client, person, queries=9, name="a parent's data protection page")
    assert guardian.first_name in page.content.decode()

    def more_requests() -> None:
        for number in range(3):
            other = build_referral(
                site=site, caseworker=caseworker, first_name=f"Barn{number}"
            ).child.family.guardians.get()
            _record_request(client, other, RequestKind.RECTIFICATION)

    get_page_before_and_after(
        client,
        reverse("privacy:requests"),
        queries=7,
        name="staff's list of requests",
        change=more_requests,
    )
    rights_request = RightsRequest.objects.filter(subject_key=f"guardian-{guardian.pk}").get()
    get_page(
        client,
        reverse("privacy:request", args=[rights_request.pk]),
        queries=8,
        name="one request",
    )


def test_the_portal_shows_the_parents_own_consents(login, parent, referral):
    Guardian.objects.filter(family=referral.child.family).update(user=parent)
    client = login(parent)
    page = get_page(client, reverse("privacy:my_consents"), queries=7, name="the portal's consents")
    with translation.override("da"):
        assert str(ConsentKind.SHARING.label) in page.content.decode()


def test_a_volunteers_export_holds_their_own_record_and_not_the_child(login, staff, friendship):
    member = friendship.family.members.order_by("date_of_birth").first()
    assert member is not None
    client = login(staff)
    response = client.post(
        reverse("privacy:person", args=["member", member.pk]),
        {
            "kind": RequestKind.ACCESS,
            "received_on": timezone.localdate().isoformat(),
            "requested_by": "Medlemmet selv",
            "identity_check": "Personligt fremmøde",
        },
    )
    assert response.status_code == 302
    rights_request = RightsRequest.objects.get(subject_key=f"member-{member.pk}")
    client.post(
        reverse("privacy:request", args=[rights_request.pk]),
        {"to_status": RequestStatus.DECIDED, "decision": RequestDecision.GRANTED},
    )
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("privacy:request_export", args=[rights_request.pk])).content)
    )
    data = archive.read("data.json").decode()
    assert member.first_name in data and friendship.family.street_address in data
    child = friendship.child
    assert child.first_name not in data and child.family.street_address not in data
