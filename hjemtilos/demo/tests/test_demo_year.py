"""The demo site shows the friendship year: every part a user would look for is there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import FollowUpKind, FollowUpTask, SupervisionSession
from hjemtilos.friendships.models import (
    DeletionConfirmation,
    ExtraVisit,
    Friendship,
    FriendshipStatus,
    FutureAgreement,
    Greeting,
    LogbookEntry,
    SchoolHoliday,
    Visit,
)
from hjemtilos.friendships.selectors import attention_list
from hjemtilos.safeguarding.models import (
    AdvisoryLead,
    Concern,
    Inquiry,
    Notification,
    NotificationStatus,
)
from hjemtilos.safeguarding.services import sending_gaps
from hjemtilos.support.models import (
    JointEvent,
    PsychologistConversation,
    SupervisionGroup,
    SupportConversation,
)
from hjemtilos.surveys.models import (
    InvitationStatus,
    ResponseMode,
    SurveyInvitation,
    SurveyResponse,
)

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def demo(db):
    call_command("generate_demo")


def test_the_year_is_there_in_all_its_states(demo):
    now = timezone.now()
    assert SchoolHoliday.objects.filter(name="Vinterferie").exists()
    assert Visit.objects.exclude(holiday_name="").filter(holiday_kind="school").exists()
    assert Visit.objects.exclude(holiday_name="").filter(holiday_kind="public").exists()
    assert Visit.objects.filter(original_date__isnull=False).exists()
    assert Friendship.objects.filter(cancelled_in_a_row__gte=2).exists()
    assert LogbookEntry.objects.filter(
        screened_at__isnull=True, written_at__lt=now - timedelta(days=7)
    ).exists()
    assert FollowUpTask.objects.filter(kind=FollowUpKind.CALL_3_MONTHS).exists()
    assert FollowUpTask.objects.filter(completed_at__isnull=False).exists()
    assert Concern.objects.count() == 2 and Inquiry.objects.count() == 1
    # A notification ready to send to an address the municipality keeps; the team has a lead.
    draft = Notification.objects.get(status=NotificationStatus.DRAFT)
    assert draft.municipality.notification_email and not sending_gaps(draft)
    assert AdvisoryLead.objects.exists()
    future = FutureAgreement.objects.get()
    assert future.stage == "child"  # both families have answered
    assert Friendship.objects.filter(status=FriendshipStatus.PLANNED).exists()
    completed = Friendship.objects.filter(status=FriendshipStatus.COMPLETED).first()
    assert DeletionConfirmation.objects.filter(friendship=completed).exists()
    ended = Friendship.objects.filter(status=FriendshipStatus.ENDED_EARLY).first()
    assert ended is not None
    assert ended.end_reason_category and ended.deletion_confirmations.exists()
    assert SupervisionSession.objects.filter(starts_at__gt=now).exists()
    assert SupervisionSession.objects.filter(invitations__attended=True).exists()


@pytest.mark.parametrize("email", ["staff", "volunteer", "parent", "advisory"])
def test_the_demo_logins_see_their_part_of_the_year(demo, login, email):
    client = login(User.objects.get(email=f"{email}@demo.example.org"))
    assert client.get("/").status_code == 200
    friendship = Friendship.objects.filter(status=FriendshipStatus.RUNNING).order_by("pk").first()
    assert friendship is not None
    if email in ("volunteer", "parent"):
        response = client.get(f"/venskaber/mine/{friendship.pk}/")
        assert response.status_code == 200
        assert "Efter Hjem til Os-året" in response.text  # the future agreement opens
    else:
        assert client.get(f"/venskaber/{friendship.pk}/").status_code == 200
        assert client.get("/boernesikkerhed/bekymringer/").status_code == 200
    if email == "staff":
        assert client.get("/opgaver/").status_code == 200
        assert client.get("/venskaber/logbog/").status_code == 200


def test_the_demo_has_surveys_answered_for_the_outcomes_report(demo, login):
    answered = set(SurveyResponse.objects.values_list("survey__key", flat=True))
    assert answered == {"parent_baseline", "parent_end", "family_end", "child_voice"}
    assert SurveyResponse.objects.filter(mode=ResponseMode.PHONE).exists()
    assert SurveyInvitation.objects.filter(status=InvitationStatus.DECLINED).exists()
    client = login(User.objects.get(email="staff@demo.example.org"))
    start = (timezone.localdate() - timedelta(days=800)).isoformat()
    page = client.get("/rapporter/udbytte/", {"start": start})
    assert page.status_code == 200
    tables = {table.table.key: table for table in page.context["report"].tables}
    for key in ("parent_baseline", "parent_end", "family_end", "child_voice"):
        assert tables[key].response_rate.part >= 3, key
    assert tables["start_end"].rows, "the same parents at the start and at the end"
    assert "<svg" in page.text


def test_the_demo_shows_greetings_and_support_for_the_families(demo):
    assert Greeting.objects.filter(reply_to__isnull=False).exists()
    assert Greeting.objects.filter(via_contact_person=True, delivered_at__isnull=True).exists()
    staff = User.objects.get(email="staff@demo.example.org")
    assert any(f.last_greeting_to_parent_at for f in attention_list(user=staff))
    assert ExtraVisit.objects.exists()
    assert SupportConversation.objects.exists() and PsychologistConversation.objects.exists()
    assert JointEvent.objects.get().invitations.count() >= 5
    assert SupervisionGroup.objects.get().members.count() == 2
