"""The demo site's friendship year: follow-up plans, a future agreement under way,
moved and cancelled visits, unscreened logbooks, a concern, an inquiry, supervision,
a planned match, and deletion confirmations for the friendships that ended.

Built through the real services where a demo user would see the result (the
plan, the future agreement, the concern), and directly where history is
back-dated (completed tasks, past supervision, confirmations).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone, translation
from faker import Faker

from hjemtilos.accounts.models import Role, User
from hjemtilos.demo import builders
from hjemtilos.followups.models import (
    FollowUpKind,
    FollowUpTask,
    SupervisionInvitation,
    SupervisionSession,
)
from hjemtilos.followups.services.plans import plan_template_ensure
from hjemtilos.friendships.models import (
    DeletionConfirmation,
    DeletionScope,
    Friendship,
    FriendshipStatus,
    LogbookEntry,
    Side,
    VisitStatus,
)
from hjemtilos.friendships.services.ending import future_wish_record
from hjemtilos.friendships.services.plan import follow_up_plan_apply
from hjemtilos.friendships.services.supervision import supervision_session_create
from hjemtilos.friendships.services.visits import visit_cancel, visit_move
from hjemtilos.organisations.models import Municipality, Site
from hjemtilos.organisations.services import municipality_contact_update
from hjemtilos.referrals.models import ReferralStatus
from hjemtilos.safeguarding.models import (
    ConcernSource,
    Decision,
    EntryKind,
    InquiryFrom,
    InquiryRequest,
    Severity,
)
from hjemtilos.safeguarding.services import (
    advisory_lead_set,
    concern_assess,
    concern_involvement_record,
    concern_raise,
    inquiry_create,
    notification_draft_create,
)
from hjemtilos.volunteers.models import VolunteerFamilyStatus

#: Weeks since the start of particular running friendships, by number in the generator:
#: the demo pair is at 10 months (the future agreement opens in the portal); the next
#: one's future agreement is under way.
RUNNING_WEEKS = {0: 44, 1: 47}


def running_start(number: int, default: date) -> date:
    weeks = RUNNING_WEEKS.get(number)
    return timezone.localdate() - timedelta(weeks=weeks) if weeks else default


OUTCOMES: dict[str, str] = {
    FollowUpKind.FRIENDSHIP_BOOKS: "Bøgerne er sendt til begge familier.",
    FollowUpKind.CALL_AFTER_FIRST_VISIT: "Første besøg gik godt; barnet glæder sig til næste gang.",
    FollowUpKind.CALL_3_MONTHS: "Samtale holdt; børnebesøg aftalt.",
    FollowUpKind.CHILD_VISIT: "Barnet fortalte begejstret om kaninen og aftensmaden.",
    FollowUpKind.CALL_6_MONTHS: "Alt vel; mor er glad for den faste dag.",
    FollowUpKind.CALL_9_MONTHS: "Samtale holdt; ingen bekymringer.",
}


def _back_date(task: FollowUpTask, outcome: str, by: User) -> None:
    done = timezone.make_aware(datetime.combine(task.due_on + timedelta(days=1), time(11)))
    FollowUpTask.objects.filter(pk=task.pk).update(
        completed_at=done, completed_by=by, outcome=outcome
    )


def _plans(friendships: list[Friendship], staff: User) -> None:
    """Every running friendship gets its plan; what was due more than a week ago is done,
    except on one friendship, whose 3-month call is overdue."""
    week_ago = timezone.localdate() - timedelta(days=7)
    for number, friendship in enumerate(friendships):
        tasks = follow_up_plan_apply(friendship=friendship, by=staff)
        for task in tasks:
            if not task.is_open or task.due_on >= week_ago:
                continue
            if number == 3 and task.kind == FollowUpKind.CALL_3_MONTHS:
                continue
            _back_date(task, OUTCOMES.get(task.kind, "Udført."), staff)


def user_of(friendship: Friendship, side: str) -> User | None:
    """The login of one of the friendship's families, if it has one."""
    if side == Side.VOLUNTEER_FAMILY:
        member = friendship.family.members.filter(user__isnull=False).first()
        return member.user if member else None
    guardian = friendship.child.family.guardians.filter(user__isnull=False).first()
    return guardian.user if guardian else None


def _visits(friendships: list[Friendship], staff: User) -> None:
    """A moved visit, and two cancellations in a row (the attention list)."""
    planned = VisitStatus.PLANNED
    moving = (
        friendships[2]
        .visits.filter(status=planned, date__gt=timezone.localdate())
        .order_by("date")
        .first()
    )
    if moving is not None:
        visit_move(
            visit=moving,
            by=staff,
            side=Side.VOLUNTEER_FAMILY,
            new_date=moving.date + timedelta(days=1),
            note="Vi er til forældremøde; kan vi tage dagen efter?",
        )
    for visit in (
        friendships[3]
        .visits.filter(status=planned, date__gte=timezone.localdate())
        .order_by("date")[:2]
    ):
        visit_cancel(visit=visit, by=staff, side=Side.CHILD_FAMILY, reason="illness")


def _logbook(friendships: list[Friendship], staff: User) -> None:
    """Entries left unscreened for more than a week, and a concern from a logbook entry."""
    old = friendships[4].logbook_entries.filter(
        written_at__lt=timezone.now() - timedelta(days=8),
        written_at__gt=timezone.now() - timedelta(days=22),
    )
    old.update(screened_at=None, screened_by=None)
    entry = friendships[2].logbook_entries.order_by("-written_at").first()
    if entry is not None:
        LogbookEntry.objects.filter(pk=entry.pk).update(worried=True, needs_follow_up=True)
        concern_raise(
            friendship=friendships[2],
            by=entry.written_by or staff,
            source=ConcernSource.LOGBOOK,
            observed="Han var meget stille og sagde, at han ikke ville hjem. "
            "Han havde et blåt mærke på armen, som han ikke ville tale om.",
            observed_on=entry.visit.date if entry.visit else timezone.localdate(),
            observed_by="Venskabsfamilien",
            logbook_entry=entry,
        )


def _safeguarding(friendships: list[Friendship], staff: User) -> None:
    """The advisory team's lead, the municipalities' notification addresses, and a concern
    the team has assessed: the talk with the volunteer family held, the parents deliberately
    not told, a notification to the municipality drafted and ready to send."""
    administrator = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).first()
    advisory = User.objects.filter(role=Role.ADVISORY, is_active=True).order_by("id").first()
    if administrator is None or advisory is None:
        return
    advisory_lead_set(user=advisory, by=administrator, is_lead=True)
    municipalities = Municipality.objects.filter(
        pk__in={f.child.family.municipality_id for f in friendships}
    )
    for municipality in municipalities:
        municipality_contact_update(
            municipality=municipality,
            by=administrator,
            notification_email=f"underretning@{municipality.code}.kommune.example.org",
            children_services_phone="+4570101010",
        )
    friendship = friendships[3]
    today = timezone.localdate()
    concern = concern_raise(
        friendship=friendship,
        by=staff,
        source=ConcernSource.PHONE,
        observed="Venskabsmoren ringede: barnet fortalte, at far slår, når han er vred, "
        "og viste et mærke på ryggen.",
        observed_on=today - timedelta(days=3),
        observed_by="Venskabsmoren",
        severity=Severity.HIGH,
    )
    concern_assess(
        concern=concern,
        by=advisory,
        known="Barnet har over for venskabsfamilien fortalt om slag og vist et mærke.",
        child_statements="»Far slår, når han bliver sur.«",
        risk=Severity.HIGH,
        decision=Decision.NOTIFY,
        reasons="Der er grund til at antage, at barnet udsættes for vold i hjemmet.",
        decided_by=advisory,
        decided_on=today - timedelta(days=1),
    )
    concern_involvement_record(
        concern=concern,
        by=advisory,
        party=EntryKind.FAMILY_TALK,
        done=True,
        on=today - timedelta(days=1),
        note="Talt med venskabsfamilien; besøgene fortsætter som aftalt.",
    )
    concern_involvement_record(
        concern=concern,
        by=advisory,
        party=EntryKind.PARENTS,
        done=False,
        on=None,
        note="Mistanken retter sig mod far; at orientere forældrene kan bringe barnet i fare.",
    )
    notification_draft_create(concern=concern, by=advisory)


def _future(friendships: list[Friendship], staff: User) -> None:
    """The second friendship's future agreement: both families have answered."""
    friendship = friendships[1]
    future_wish_record(
        friendship=friendship,
        side=Side.VOLUNTEER_FAMILY,
        by=user_of(friendship, Side.VOLUNTEER_FAMILY) or staff,
        wants=True,
        frequency="weekly",
        note="Vi vil meget gerne fortsætte som nu.",
    )
    future_wish_record(
        friendship=friendship,
        side=Side.CHILD_FAMILY,
        by=staff,
        wants=True,
        frequency="fortnightly",
        note="Mor foreslår hver 14. dag, fordi hun starter på uddannelse.",
        by_staff=True,
    )


def _inquiry(friendships: list[Friendship], staff: User) -> None:
    inquiry_create(
        friendship=friendships[5],
        by=staff,
        data={
            "received_on": timezone.localdate() - timedelta(days=2),
            "from_kind": InquiryFrom.SCHOOL,
            "from_name": "Klasselærer",
            "request": InquiryRequest.NETWORK_MEETING,
            "description": "Skolen spørger, om venskabsfamilien vil deltage i et netværksmøde "
            "om barnets trivsel i klassen.",
        },
    )


def _supervision(site: Site, running: list[Friendship], staff: User) -> None:
    past = SupervisionSession.objects.create(
        site=site,
        starts_at=timezone.make_aware(
            datetime.combine(timezone.localdate() - timedelta(weeks=6), time(19, 30))
        ),
        meeting_url="https://meet.example.org/hjemtilos-sparring",
        topic="Gaver, søskende og jalousi",
        created_by=staff,
    )
    families = {f.family_id: f.family for f in running}
    SupervisionInvitation.objects.bulk_create(
        SupervisionInvitation(session=past, family=family, attended=n % 3 != 2)
        for n, family in enumerate(families.values())
    )
    supervision_session_create(
        site=site,
        starts_at=timezone.make_aware(
            datetime.combine(timezone.localdate() + timedelta(weeks=3), time(19, 30))
        ),
        meeting_url="https://meet.example.org/hjemtilos-sparring",
        topic="Når året nærmer sig sin afslutning",
        by=staff,
    )


def _deletions(ended: list[Friendship]) -> None:
    """Deletion confirmations: all given, except for the most recently ended friendship."""
    latest = max(ended, key=lambda f: f.ended_on or timezone.localdate()) if ended else None
    for friendship in ended:
        requested = timezone.make_aware(
            datetime.combine(friendship.ended_on or timezone.localdate(), time(6))
        )
        continues = (
            friendship.status == FriendshipStatus.COMPLETED and friendship.continues_privately
        )
        wanted = [
            (
                Side.VOLUNTEER_FAMILY,
                DeletionScope.MATCH_PAPER if continues else DeletionScope.CONTACT_DETAILS,
            )
        ]
        if not continues:
            wanted.append((Side.CHILD_FAMILY, DeletionScope.CONTACT_DETAILS))
        for side, scope in wanted:
            confirmed = None if friendship == latest else requested + timedelta(days=3)
            DeletionConfirmation.objects.create(
                friendship=friendship,
                side=side,
                scope=scope,
                requested_at=requested,
                confirmed_at=confirmed,
            )


def _planned(site: Site, staff: User, caseworker: User, fake: Faker) -> None:
    """A match made this week: the first meeting is next week."""
    last = fake.last_name()
    referral = builders.build_referral(
        site=site,
        caseworker=caseworker,
        status=ReferralStatus.MATCHED,
        first_name=fake.first_name(),
        last_name=last,
        guardian={
            "first_name": fake.first_name_female(),
            "last_name": last,
            "phone": "+4528112233",
        },
        by=staff,
    )
    family = builders.build_volunteer_family(
        site=site,
        status=VolunteerFamilyStatus.MATCHED,
        name=f"Familien {fake.last_name()}",
        by=staff,
        contact_person=staff,
    )
    builders.build_planned_friendship(
        referral=referral,
        family=family,
        by=staff,
        contact_person=staff,
        first_meeting_at=timezone.make_aware(
            datetime.combine(timezone.localdate() + timedelta(days=8), time(16, 30))
        ),
    )


def build_demo_year(
    *,
    site: Site,
    staff: User,
    friendships: list[Friendship],
    caseworker: User,
    fake: Faker,
) -> None:
    running = [f for f in friendships if f.status == FriendshipStatus.RUNNING]
    ended = [f for f in friendships if f.status != FriendshipStatus.RUNNING]
    # Task titles and messages are stored in the site's working language, whatever
    # language the command runs in.
    with translation.override(settings.LANGUAGE_CODE):
        plan_template_ensure(site=site)
        _plans(running, staff)
        _visits(running, staff)
        _logbook(running, staff)
        _safeguarding(running, staff)
        _future(running, staff)
        _inquiry(running, staff)
        _supervision(site, running, staff)
        _deletions(ended)
        _planned(site, staff, caseworker, fake)
