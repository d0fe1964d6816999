"""Build realistic records of the programme directly, for the demo site and tests.

These create rows as they would stand after the real services had run
(including the status history), without sending messages. The generator
uses them with Faker data; tests use them with fixed values.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships.dates import anniversary_of
from hjemtilos.friendships.models import (
    CancelReason,
    FirstMeeting,
    Friendship,
    FriendshipEvent,
    FriendshipStatus,
    LogbookEntry,
    LogbookTag,
    Mood,
    PlaceKind,
    SchoolHoliday,
    Visit,
    VisitAgreement,
    VisitStatus,
)
from hjemtilos.friendships.services import friendship_create_from_match
from hjemtilos.friendships.services.calendar import (
    HolidayCalendar,
    flag_holiday,
    public_holidays,
    weekly_dates,
)
from hjemtilos.friendships.services.month_figures import month_figures_refresh
from hjemtilos.friendships.services.visits import friendship_stability_refresh
from hjemtilos.matching.models import (
    Answer,
    MatchProposal,
    MatchWaitingTime,
    ProposalStatus,
)
from hjemtilos.organisations.models import PostalCode, Site
from hjemtilos.referrals.models import (
    BirthFamily,
    Child,
    Guardian,
    HomeVisit,
    LegalBasis,
    Referral,
    ReferralEvent,
    ReferralNote,
    ReferralStatus,
)
from hjemtilos.referrals.services import (
    REFERRAL_STAMPS,
    REFERRAL_WORKFLOW,
    referral_consents_record,
)
from hjemtilos.volunteers.models import (
    Capacity,
    Certificate,
    CertificateKind,
    CertificateResult,
    FamilyEvent,
    FamilyInterview,
    HouseholdMember,
    PolicyAcceptance,
    PolicyDocumentKind,
    PolicyDocumentVersion,
    VolunteerFamily,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.selectors import (
    CERTIFICATE_AGE,
    COURSE_AGE,
    current_policy_versions,
)
from hjemtilos.volunteers.services import FAMILY_WORKFLOW, family_vetting_refresh

# The forward path each status is reached by, for the history shown to staff.
REFERRAL_PATH: list[str] = [
    ReferralStatus.DRAFT,
    ReferralStatus.SUBMITTED,
    ReferralStatus.RECEIVED,
    ReferralStatus.HOME_VISIT_PLANNED,
    ReferralStatus.HOME_VISIT_HELD,
    ReferralStatus.READY_FOR_MATCHING,
    ReferralStatus.MATCHED,
]
FAMILY_PATH: list[str] = [
    VolunteerFamilyStatus.APPLIED,
    VolunteerFamilyStatus.INTERVIEW_PLANNED,
    VolunteerFamilyStatus.INTERVIEWED,
    VolunteerFamilyStatus.VETTING,
    VolunteerFamilyStatus.APPROVED,
    VolunteerFamilyStatus.MATCHED,
]


def _path_to(path: list[str], status: str, side_exit_from: str) -> list[str]:
    """The statuses passed on the way to ``status``; side exits leave from ``side_exit_from``."""
    if status in path:
        return path[: path.index(status) + 1]
    return [*path[: path.index(side_exit_from) + 1], status]


def postal_code_in(site: Site) -> PostalCode:
    code = PostalCode.objects.filter(municipality=site.municipality_id).order_by("code").first()
    if code is None:
        raise LookupError(f"No postal code in {site.municipality}")
    return code


def build_referral(
    *,
    site: Site,
    caseworker: User,
    status: str = ReferralStatus.SUBMITTED,
    first_name: str = "Emma",
    last_name: str = "Hansen",
    date_of_birth: date | None = None,
    needs: str = "Trives bedst med faste rammer.",
    guardian: dict[str, Any] | None = None,
    started: datetime | None = None,
    by: User | None = None,
    street_address: str = "Skolegade 1",
    postal_code: PostalCode | None = None,
    referral_fields: dict[str, Any] | None = None,
    wishes: dict[str, Any] | None = None,
    **child_fields: Any,
) -> Referral:
    """A child, the child's family and a referral at ``status`` with its history.

    ``referral_fields`` sets the referral's own fields (wishes, allergies…);
    ``wishes`` is the same, for the wishes for the family (``wish_family_children``,
    ``wish_father_figure``, ``wish_pets``, ``allergies``, ``wishes``).
    """
    referral_fields = {**(referral_fields or {}), **(wishes or {})}
    started = started or timezone.now() - timedelta(days=60)
    postal_code = postal_code or postal_code_in(site)
    family = BirthFamily.objects.create(
        site=site,
        municipality=site.municipality,
        street_address=street_address,
        postal_code=postal_code,
        single_parent=True,
    )
    Guardian.objects.create(
        family=family,
        **(guardian or {"first_name": "Maria", "last_name": last_name, "phone": "+4522345678"}),
    )
    child = Child.objects.create(
        family=family,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth or timezone.localdate() - timedelta(days=365 * 8),
        needs=needs,
        **child_fields,
    )
    exit_from = (
        ReferralStatus.RECEIVED if status == ReferralStatus.ON_HOLD else ReferralStatus.SUBMITTED
    )
    path = _path_to(REFERRAL_PATH, status, exit_from)
    referral = Referral.objects.create(
        child=child,
        site=site,
        caseworker=caseworker,
        created_by=caseworker,
        status=status,
        legal_basis=LegalBasis.SECTION_32,
        consent_recorded_at=started,
        sharing_consent_recorded_at=started,
        status_changed_at=started + timedelta(days=7 * (len(path) - 1)),
        **{name: referral_fields.pop(name) for name in list(referral_fields)},
    )
    events = []
    for step, (before, after) in enumerate(itertools.pairwise(path), start=1):
        at = started + timedelta(days=7 * step)
        REFERRAL_WORKFLOW.check(before, after, "Demo")
        events.append(
            ReferralEvent(
                referral=referral,
                from_status=before,
                to_status=after,
                at=at,
                by=caseworker if after == ReferralStatus.SUBMITTED else by,
                reason="" if not REFERRAL_WORKFLOW.needs_reason(before, after) else "Demo",
            )
        )
        stamp = REFERRAL_STAMPS.get(after)
        if stamp:
            setattr(referral, stamp, at)
        if after == ReferralStatus.HOME_VISIT_HELD:
            referral.home_visit_held_on = at.date()
    ReferralEvent.objects.bulk_create(events)
    referral.save()
    referral_consents_record(referral=referral, by=by or caseworker)
    return referral


# Statuses a family only reaches after every vetting requirement held.
VETTED_STATUSES = frozenset(
    {VolunteerFamilyStatus.APPROVED, VolunteerFamilyStatus.MATCHED, VolunteerFamilyStatus.RESTING}
)

# The code of conduct (*samværspolitik*) in the programme's own words, kept as
# a plain text file so it reads like the document it is.
CODE_OF_CONDUCT_TEXT = (
    (Path(__file__).parent / "data" / "samvaerspolitik.txt").read_text(encoding="utf-8").strip()
)

POLICY_TEXTS = {
    PolicyDocumentKind.CODE_OF_CONDUCT: ("1. version, maj 2024", CODE_OF_CONDUCT_TEXT),
    PolicyDocumentKind.ETHICAL_RULES: (
        "2024",
        "Organisationens etiske regelsæt\n\n"
        "Vi møder børn og familier med respekt og tager udgangspunkt i barnets behov, rettigheder "
        "og ressourcer. Vi handler altid til barnets bedste, udnytter aldrig vores position og "
        "tager ikke imod gaver af betydning. Vi siger til, hvis vi ser noget, der bekymrer os. "
        "Som venskabsfamilie i Hjem til Os er I undtaget fra reglen om ikke at have private "
        "relationer til børn og familier i aktiviteterne: I følger i stedet samværspolitikken.",
    ),
}


def ensure_policy_versions() -> dict[str, PolicyDocumentVersion]:
    """The current code of conduct and ethical rules, published once if none exist."""
    versions = current_policy_versions()
    for kind, (label, text) in POLICY_TEXTS.items():
        if kind not in versions:
            versions[kind] = PolicyDocumentVersion.objects.create(
                kind=kind,
                label=label,
                text=text,
                published_at=timezone.now() - timedelta(days=365),
            )
    return versions


def build_interview(
    family: VolunteerFamily,
    *,
    held_on: date | None,
    by: User | None = None,
    whole_family_supports: bool = True,
    planned_for: datetime | None = None,
) -> FamilyInterview:
    """The home interview: planned, or held with the family's support recorded."""
    adults = [m.first_name for m in family.members.all() if m.age() >= ADULT_AGE]
    interview, _created = FamilyInterview.objects.update_or_create(
        family=family,
        defaults={
            "planned_for": planned_for
            or (
                timezone.make_aware(datetime.combine(held_on, datetime.min.time()))
                + timedelta(hours=17)
                if held_on
                else None
            ),
            "held_on": held_on,
            "interviewer": by,
            "attendees": " og ".join(adults) if held_on else "",
            "whole_family_supports": whole_family_supports if held_on else False,
            "motivation": "Vil gerne give et barn en fast voksen og et roligt hjem en gang om ugen."
            if held_on
            else "",
            "expectations": "Forventer at bruge en eftermiddag om ugen; børnene glæder sig."
            if held_on
            else "",
            "recorded_by": by if held_on else None,
            "recorded_at": timezone.now() if held_on else None,
        },
    )
    return interview


def _certificates(
    member: HouseholdMember, *, by: User | None, requested_on: date, received_on: date | None
) -> None:
    """Both certificates of ``member``, received without remarks when ``received_on`` is set."""
    Certificate.objects.bulk_create(
        Certificate(
            member=member,
            kind=kind,
            requested_on=requested_on,
            received_on=received_on,
            result=CertificateResult.NO_REMARKS if received_on else CertificateResult.PENDING,
            recorded_by=by,
        )
        for kind in CertificateKind
    )


def build_vetting(family: VolunteerFamily, *, on: date, by: User | None = None) -> None:
    """Every vetting requirement met for the family's members as of ``on``."""
    versions = ensure_policy_versions()
    build_interview(family, held_on=on - timedelta(days=45), by=by)
    for member in family.members.all():
        age = member.age(on)
        if age >= CERTIFICATE_AGE:
            _certificates(
                member,
                by=by,
                requested_on=on - timedelta(days=30),
                received_on=on - timedelta(days=10),
            )
        if age >= COURSE_AGE:
            member.course_completed_on = on - timedelta(days=14)
            member.save(update_fields=["course_completed_on"])
        if age >= ADULT_AGE:
            PolicyAcceptance.objects.bulk_create(
                PolicyAcceptance(
                    version=version,
                    member=member,
                    accepted_at=timezone.now() - timedelta(days=14),
                )
                for version in versions.values()
            )
    family_vetting_refresh([family.pk])


# Where intake stands at each status: was the parent phoned, is the home visit held?
_CALLED = frozenset(
    {
        ReferralStatus.HOME_VISIT_PLANNED,
        ReferralStatus.HOME_VISIT_HELD,
        ReferralStatus.READY_FOR_MATCHING,
        ReferralStatus.MATCHED,
    }
)
_VISITED = _CALLED - {ReferralStatus.HOME_VISIT_PLANNED}


def build_intake(
    referral: Referral,
    *,
    by: User,
    home_visit: dict[str, str] | None = None,
    notes: Sequence[tuple[Any, str]] = (),
) -> None:
    """The intake records a referral has at its status: the first tasks, the home visit, notes.

    The tasks are created when staff receive the referral (SPEC 3, step 3);
    the call is done once the visit is planned, the visit task once it is held.
    """
    received = referral.received_at
    if received is None:
        for author, text in notes:
            ReferralNote.objects.create(referral=referral, author=author, text=text)
        return
    status = referral.status
    received_on = timezone.localdate(received)
    held_on = referral.home_visit_held_on
    visit_day = held_on or timezone.localdate() + timedelta(days=4)
    planned_for = timezone.make_aware(datetime.combine(visit_day, time(15, 30)))
    called = status in _CALLED
    visited = status in _VISITED
    closed = status in (ReferralStatus.WITHDRAWN, ReferralStatus.NOT_ELIGIBLE)
    child = referral.child.full_name
    FollowUpTask.objects.bulk_create(
        [
            FollowUpTask(
                site=referral.site,
                kind=FollowUpKind.CALL_PARENT,
                title=f"Ring til forælderen til {child}",
                description="Fortæl om Hjem til Os, og aftal en dato for hjemmebesøget.",
                due_on=received_on + timedelta(days=3),
                owner=by,
                created_by=by,
                referral=referral,
                created_at=received,
                completed_at=received + timedelta(days=2) if called else None,
                completed_by=by if called else None,
                outcome=(
                    f"Hjemmebesøg aftalt til {timezone.localtime(planned_for):%d.%m.%Y %H:%M}."
                    if called
                    else ""
                ),
                cancelled_at=referral.closed_at if closed else None,
            ),
            FollowUpTask(
                site=referral.site,
                kind=FollowUpKind.HOME_VISIT,
                title=f"Hold hjemmebesøget hos {child}",
                description="Mød barnet hjemme: barnets ønsker, familiens motivation, "
                "forventninger og behov.",
                due_on=received_on + timedelta(days=21),
                owner=by,
                created_by=by,
                referral=referral,
                created_at=received,
                completed_at=planned_for if visited else None,
                completed_by=by if visited else None,
                outcome=f"Hjemmebesøg afholdt den {held_on:%d.%m.%Y}."
                if visited and held_on
                else "",
                cancelled_at=referral.closed_at if closed else None,
            ),
        ]
    )
    if called:
        HomeVisit.objects.create(
            referral=referral,
            planned_for=planned_for,
            planned_by=by,
            held_on=held_on if visited else None,
            recorded_by=by if visited else None,
            recorded_at=planned_for + timedelta(hours=3) if visited else None,
            **((home_visit or {}) if visited else {}),
        )
    for author, text in notes:
        ReferralNote.objects.create(referral=referral, author=author, text=text)


def build_referrals_bulk(
    *, site: Site, caseworker: User, count: int, status: str = ReferralStatus.SUBMITTED
) -> None:
    """``count`` submitted referrals in a handful of queries, for query-count tests.

    Each child has a family of its own with one guardian, like a real referral.
    """
    now = timezone.now()
    postal_code = postal_code_in(site)
    families = BirthFamily.objects.bulk_create(
        BirthFamily(
            site=site,
            municipality=site.municipality,
            street_address=f"Testvej {i + 1}",
            postal_code=postal_code,
        )
        for i in range(count)
    )
    Guardian.objects.bulk_create(
        Guardian(family=family, first_name="Forælder", last_name=f"Nr{i}", phone="+4522345678")
        for i, family in enumerate(families)
    )
    children = Child.objects.bulk_create(
        Child(
            family=family,
            first_name=f"Barn{i}",
            last_name="Testesen",
            date_of_birth=timezone.localdate() - timedelta(days=365 * 8 + i % 300),
        )
        for i, family in enumerate(families)
    )
    referrals = Referral.objects.bulk_create(
        Referral(
            child=child,
            site=site,
            caseworker=caseworker,
            created_by=caseworker,
            status=status,
            legal_basis=LegalBasis.SECTION_30,
            consent_recorded_at=now - timedelta(days=i % 40 + 1),
            submitted_at=now - timedelta(days=i % 40),
            status_changed_at=now - timedelta(days=i % 40),
        )
        for i, child in enumerate(children)
    )
    ReferralEvent.objects.bulk_create(
        ReferralEvent(referral=referral, from_status="", to_status=status, by=caseworker)
        for referral in referrals
    )


def build_vetting_progress(
    family: VolunteerFamily,
    *,
    by: User | None = None,
    certificates_received: bool = True,
    courses: bool = True,
    acceptances: bool = False,
) -> None:
    """A family part-way through vetting: the interview held, certificates and course
    recorded as far as the flags say (acceptances are the adults' own step)."""
    today = timezone.localdate()
    build_interview(family, held_on=today - timedelta(days=21), by=by)
    versions = ensure_policy_versions()
    for member in family.members.all():
        age = member.age(today)
        if age >= CERTIFICATE_AGE:
            _certificates(
                member,
                by=by,
                requested_on=today - timedelta(days=18),
                received_on=today - timedelta(days=4) if certificates_received else None,
            )
        if courses and age >= COURSE_AGE:
            member.course_completed_on = today - timedelta(days=9)
            member.save(update_fields=["course_completed_on"])
        if acceptances and age >= ADULT_AGE:
            PolicyAcceptance.objects.bulk_create(
                PolicyAcceptance(version=version, member=member) for version in versions.values()
            )
    family_vetting_refresh([family.pk])


def build_volunteer_family(
    *,
    site: Site,
    status: str = VolunteerFamilyStatus.APPROVED,
    name: str = "Familien Jensen",
    members: list[dict[str, Any]] | None = None,
    applied: datetime | None = None,
    by: User | None = None,
    street_address: str = "Havevej 12",
    postal_code: PostalCode | None = None,
    **fields: Any,
) -> VolunteerFamily:
    """A volunteer household at ``status`` with members and history."""
    applied = applied or timezone.now() - timedelta(days=120)
    family = VolunteerFamily.objects.create(
        site=site,
        name=name,
        street_address=street_address,
        postal_code=postal_code or postal_code_in(site),
        status=status,
        recruitment_channel=fields.pop("recruitment_channel", "website"),
        applied_at=applied,
        weekdays=fields.pop("weekdays", [1, 3]),
        **fields,
    )
    for member in members or [
        {"first_name": "Lars", "last_name": "Jensen", "date_of_birth": date(1982, 5, 1)},
        {"first_name": "Mette", "last_name": "Jensen", "date_of_birth": date(1984, 9, 12)},
    ]:
        HouseholdMember.objects.create(family=family, **member)
    # A family rests after a friendship; other side exits leave early on.
    exit_from = (
        VolunteerFamilyStatus.MATCHED
        if status == VolunteerFamilyStatus.RESTING
        else VolunteerFamilyStatus.APPLIED
    )
    path = _path_to(FAMILY_PATH, status, exit_from)
    for step, (before, after) in enumerate(itertools.pairwise(path), start=1):
        FAMILY_WORKFLOW.check(before, after, "Demo")
        at = applied + timedelta(days=10 * step)
        FamilyEvent.objects.create(
            family=family, from_status=before, to_status=after, at=at, by=by, reason="Demo"
        )
        if after == VolunteerFamilyStatus.APPROVED:
            family.approved_at, family.approved_by = at, by
    family.status_changed_at = applied + timedelta(days=10 * (len(path) - 1))
    if status in VETTED_STATUSES and not family.capacity:
        family.capacity = Capacity.GOOD
    family.save()
    if status in VETTED_STATUSES:
        build_vetting(family, on=timezone.localdate(), by=by)
        family.refresh_from_db(fields=["vetting_complete"])
    return family


def build_friendship(
    *,
    referral: Referral,
    family: VolunteerFamily,
    started_on: date,
    status: str = FriendshipStatus.RUNNING,
    weeks: int | None = None,
    written_by: User | None = None,
    logbook_texts: list[str] | None = None,
    screened_by: User | None = None,
    pickup_time: time = time(14, 30),
    dropoff_time: time = time(18, 30),
    **fields: Any,
) -> Friendship:
    """A friendship as it stands after its first meeting and ``started_on`` (the first solo visit).

    The agreement's first version, weekly visits (held, with every ninth
    cancelled, until today; planned from today to the anniversary while it
    runs; holidays marked) and a logbook entry per visit held. ``weeks``
    limits the visits to that many weeks from the start.
    """
    fields.setdefault("contact_person", family.contact_person)
    friendship = Friendship.objects.create(
        site=referral.site,
        child=referral.child,
        referral=referral,
        family=family,
        status=status,
        first_meeting_on=started_on - timedelta(days=7),
        started_on=started_on,
        anniversary_on=anniversary_of(started_on),
        weekday=started_on.weekday(),
        pickup_time=pickup_time,
        pickup_place=referral.child.school or "Skolen",
        dropoff_time=dropoff_time,
        dropoff_place="Hjemme",
        **fields,
    )
    FriendshipEvent.objects.bulk_create(
        [
            FriendshipEvent(
                friendship=friendship,
                to_status=FriendshipStatus.PLANNED,
                at=timezone.make_aware(datetime.combine(started_on, time(9))) - timedelta(days=21),
            ),
            FriendshipEvent(
                friendship=friendship,
                from_status=FriendshipStatus.PLANNED,
                to_status=FriendshipStatus.RUNNING,
                at=timezone.make_aware(datetime.combine(started_on, time(9))) - timedelta(days=7),
            ),
        ]
        + (
            [
                FriendshipEvent(
                    friendship=friendship,
                    from_status=FriendshipStatus.RUNNING,
                    to_status=status,
                    at=timezone.make_aware(datetime.combine(friendship.ended_on, time(9))),
                    reason=friendship.end_reason,
                )
            ]
            if status != FriendshipStatus.RUNNING and friendship.ended_on
            else []
        )
    )
    FirstMeeting.objects.create(
        friendship=friendship,
        held_on=started_on - timedelta(days=7),
        attendees=f"{referral.child.first_name}, {family.name}",
        recorded_at=timezone.make_aware(datetime.combine(started_on, time(9))) - timedelta(days=7),
    )
    agreement = VisitAgreement.objects.create(
        friendship=friendship,
        version=1,
        valid_from=started_on,
        weekday=started_on.weekday(),
        pickup_time=pickup_time,
        pickup_kind=PlaceKind.SCHOOL,
        pickup_place=friendship.pickup_place,
        dropoff_time=dropoff_time,
        dropoff_kind=PlaceKind.HOME,
        dropoff_place=friendship.dropoff_place,
        contact_arrangement="SMS mellem familierne; ring, hvis det haster.",
        created_at=timezone.make_aware(datetime.combine(started_on, time(9))) - timedelta(days=7),
    )
    today = timezone.localdate()
    end = friendship.anniversary_on or started_on
    if status != FriendshipStatus.RUNNING:
        end = min(end, today)
    dates = weekly_dates(started_on, started_on.weekday(), end)
    if weeks is not None:
        dates = dates[:weeks]
    calendar = HolidayCalendar(friendship.site_id, started_on, end)
    visits = []
    for week, day in enumerate(dates):
        visit = Visit(
            friendship=friendship,
            date=day,
            agreement=agreement,
            pickup_time=pickup_time,
            dropoff_time=dropoff_time,
        )
        flag_holiday(visit, calendar)
        if day < today:
            if week % 9 == 4:
                visit.status = VisitStatus.CANCELLED_BY_CHILD_FAMILY
                visit.cancel_reason = CancelReason.ILLNESS
                visit.cancelled_at = timezone.make_aware(
                    datetime.combine(day - timedelta(days=1), time(19))
                )
                visit.notice_hours = int(
                    (
                        timezone.make_aware(datetime.combine(day, pickup_time)) - visit.cancelled_at
                    ).total_seconds()
                    // 3600
                )
            else:
                visit.status = VisitStatus.HELD
                if visit.holiday_name:
                    visit.holiday_kept_at = timezone.make_aware(
                        datetime.combine(day - timedelta(days=7), time(12))
                    )
        elif status != FriendshipStatus.RUNNING:
            continue
        visits.append(visit)
    Visit.objects.bulk_create(visits)
    texts = logbook_texts or ["Vi bagte boller, og hun grinede meget."]
    now = timezone.now()
    entries = []
    for i, visit in enumerate(v for v in visits if v.status == VisitStatus.HELD):
        written_at = timezone.make_aware(
            datetime.combine(visit.date, datetime.min.time()) + timedelta(hours=19)
        )
        if written_at > now:
            continue  # tonight's entry is not written yet
        # Staff screen the logbooks weekly: entries older than a week are screened.
        screened = screened_by is not None and now - written_at > timedelta(days=7)
        entries.append(
            LogbookEntry(
                friendship=friendship,
                visit=visit,
                written_by=written_by,
                written_at=written_at,
                rating=(4, 5, 5, 3, 4)[i % 5],
                mood=(Mood.HAPPY, Mood.CONTENT, Mood.HAPPY, Mood.MIXED)[i % 4],
                tags=[
                    LogbookTag.DINNER,
                    (LogbookTag.COOKING, LogbookTag.OUTDOORS, LogbookTag.PLAY)[i % 3],
                ],
                text=texts[i % len(texts)],
                needs_follow_up=i % 11 == 5,
                overnight_stay=False,
                screened_at=written_at + timedelta(days=3) if screened else None,
                screened_by=screened_by if screened else None,
            )
        )
    LogbookEntry.objects.bulk_create(entries)
    friendship_stability_refresh(friendship)
    if visits:
        month_figures_refresh(
            site_id=friendship.site_id, days=[visits[0].date, max(timezone.localdate(), end)]
        )
    friendship.refresh_from_db()
    return friendship


def build_accepted_match(friendship: Friendship, *, by: User) -> MatchProposal:
    """The accepted match proposal behind a built friendship and the child's waiting time,
    as ``matching.services`` records them when both families say yes (the status report's
    and the matching page's "matched" figures read them). Accepted on the referral's
    ``matched_at`` (else two weeks before the first meeting)."""
    referral = friendship.referral
    first_meeting = timezone.make_aware(
        datetime.combine(
            friendship.first_meeting_on or friendship.started_on or timezone.localdate(),
            time(16),
        )
    )
    accepted = referral.matched_at or first_meeting - timedelta(days=14)
    proposal = MatchProposal.objects.create(
        site_id=friendship.site_id,
        referral=referral,
        child_id=friendship.child_id,
        family_id=friendship.family_id,
        status=ProposalStatus.FRIENDSHIP,
        created_at=accepted - timedelta(days=6),
        created_by=by,
        parent_answer=Answer.ACCEPTED,
        parent_answered_at=accepted - timedelta(days=2),
        parent_answer_by=by,
        family_answer=Answer.ACCEPTED,
        family_answered_at=accepted,
        family_answer_by=by,
        accepted_at=accepted,
        first_meeting_at=first_meeting,
        friendship=friendship,
    )
    received = referral.received_at or referral.submitted_at or referral.created_at
    MatchWaitingTime.objects.create(
        proposal=proposal,
        site_id=friendship.site_id,
        referral=referral,
        received_at=received,
        accepted_at=accepted,
        days=max(0, (accepted - received).days),
    )
    return proposal


def build_planned_friendship(
    *,
    referral: Referral,
    family: VolunteerFamily,
    by: User,
    contact_person: User | None = None,
    first_meeting_at: datetime | None = None,
) -> Friendship:
    """A friendship just matched, before the first meeting: through matching's own service."""
    return friendship_create_from_match(
        referral=referral,
        family=family,
        by=by,
        contact_person=contact_person or by,
        first_meeting_at=first_meeting_at,
    )


def copenhagen_school_holidays(year: int) -> list[tuple[str, date, date]]:
    """The usual Copenhagen school holidays of a school year starting in ``year``'s spring.

    Winter (week 7), Easter (from the Saturday before Palm Sunday to Easter
    Monday), the Friday after Ascension, summer (the last Saturday of June, six
    weeks), autumn (week 42) and Christmas (20 December to 3 January).
    """
    easter = next(day for day, name in public_holidays(year).items() if name == "Påskedag")

    def week(number: int) -> tuple[date, date]:
        monday = date.fromisocalendar(year, number, 1)
        return monday - timedelta(days=2), monday + timedelta(days=6)

    june_end = date(year, 6, 30)
    summer = june_end - timedelta(days=(june_end.weekday() - 5) % 7)
    return [
        ("Vinterferie", *week(7)),
        ("Påskeferie", easter - timedelta(days=8), easter + timedelta(days=1)),
        ("Fridag efter Kr. himmelfart", easter + timedelta(days=40), easter + timedelta(days=40)),
        ("Sommerferie", summer, summer + timedelta(days=43)),
        ("Efterårsferie", *week(42)),
        ("Juleferie", date(year, 12, 20), date(year + 1, 1, 3)),
    ]


def build_school_holidays(site: Site, *, years: Any) -> list[SchoolHoliday]:
    """The site's school holidays for ``years`` (the usual Copenhagen weeks), once."""
    created = []
    for year in years:
        for name, starts_on, ends_on in copenhagen_school_holidays(year):
            holiday, made = SchoolHoliday.objects.get_or_create(
                site=site, name=name, starts_on=starts_on, defaults={"ends_on": ends_on}
            )
            if made:
                created.append(holiday)
    return created
