"""Build realistic records of the programme directly, for the demo site and tests.

These create rows as they would stand after the real services had run
(including the status history), without sending messages. The generator
uses them with Faker data; tests use them with fixed values.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from hjemtilos.friendships.models import (
    Friendship,
    FriendshipStatus,
    LogbookEntry,
    Visit,
    VisitStatus,
)
from hjemtilos.organisations.models import PostalCode, Site
from hjemtilos.referrals.models import (
    BirthFamily,
    Child,
    Guardian,
    LegalBasis,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from hjemtilos.referrals.services import REFERRAL_STAMPS, REFERRAL_WORKFLOW
from hjemtilos.volunteers.models import (
    Capacity,
    Certificate,
    CertificateKind,
    CertificateResult,
    FamilyEvent,
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
    caseworker: Any,
    status: str = ReferralStatus.SUBMITTED,
    first_name: str = "Emma",
    last_name: str = "Hansen",
    date_of_birth: date | None = None,
    needs: str = "Trives bedst med faste rammer.",
    guardian: dict[str, Any] | None = None,
    started: datetime | None = None,
    by: Any = None,
    street_address: str = "Skolegade 1",
    postal_code: PostalCode | None = None,
    wishes: dict[str, Any] | None = None,
    **child_fields: Any,
) -> Referral:
    """A child, the child's family and a referral at ``status`` with its history.

    ``wishes`` sets the referral's wishes for the family (``wish_family_children``,
    ``wish_father_figure``, ``wish_pets``, ``allergies``, ``wishes``).
    """
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
        status_changed_at=started + timedelta(days=7 * (len(path) - 1)),
        **(wishes or {}),
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
    return referral


# Statuses a family only reaches after every vetting requirement held.
VETTED_STATUSES = frozenset(
    {VolunteerFamilyStatus.APPROVED, VolunteerFamilyStatus.MATCHED, VolunteerFamilyStatus.RESTING}
)

POLICY_TEXTS = {
    PolicyDocumentKind.CODE_OF_CONDUCT: (
        "1. version, maj 2024",
        "Samværspolitik for Hjem til Os\n\n"
        "Barnet overnatter ikke hos venskabsfamilien i Hjem til Os-året. "
        "Vi deler ikke billeder af barnet på sociale medier og har ikke kontakt med barnet "
        "på sociale medier. Vi undgår, at barnet er alene med ét familiemedlem i længere tid. "
        "Vi har tavshedspligt om det, vi får at vide om barnet og barnets familie. "
        "Bekymrer vi os for barnet, siger vi det til vores kontaktperson.",
    ),
    PolicyDocumentKind.ETHICAL_RULES: (
        "2024",
        "Organisationens etiske regler\n\n"
        "Vi møder børn og familier med respekt, tager udgangspunkt i barnets behov og "
        "ressourcer og handler altid til barnets bedste.",
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


def build_vetting(family: VolunteerFamily, *, on: date, by: Any = None) -> None:
    """Every vetting requirement met for the family's members as of ``on``."""
    versions = ensure_policy_versions()
    for member in family.members.all():
        age = member.age(on)
        if age >= CERTIFICATE_AGE:
            Certificate.objects.bulk_create(
                Certificate(
                    member=member,
                    kind=kind,
                    requested_on=on - timedelta(days=30),
                    received_on=on - timedelta(days=10),
                    result=CertificateResult.NO_REMARKS,
                    recorded_by=by,
                )
                for kind in CertificateKind
            )
        if age >= COURSE_AGE:
            member.course_completed_on = on - timedelta(days=14)
            member.save(update_fields=["course_completed_on"])
        if age >= 18:
            PolicyAcceptance.objects.bulk_create(
                PolicyAcceptance(
                    version=version,
                    member=member,
                    accepted_at=timezone.now() - timedelta(days=14),
                )
                for version in versions.values()
            )
    family_vetting_refresh([family.pk])


def build_volunteer_family(
    *,
    site: Site,
    status: str = VolunteerFamilyStatus.APPROVED,
    name: str = "Familien Jensen",
    members: list[dict[str, Any]] | None = None,
    applied: datetime | None = None,
    by: Any = None,
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
    written_by: Any = None,
    logbook_texts: list[str] | None = None,
    screened_by: Any = None,
    **fields: Any,
) -> Friendship:
    """A friendship with weekly visits since ``started_on`` and a logbook entry per visit held."""
    friendship = Friendship.objects.create(
        site=referral.site,
        child=referral.child,
        referral=referral,
        family=family,
        status=status,
        first_meeting_on=started_on - timedelta(days=7),
        started_on=started_on,
        weekday=started_on.weekday(),
        pickup_place=referral.child.school or "Skolen",
        dropoff_place="Hjemme",
        **fields,
    )
    today = timezone.localdate()
    if weeks is None:
        weeks = max(0, min(52, (today - started_on).days // 7 + 1))
    visits = [
        Visit(
            friendship=friendship,
            date=started_on + timedelta(weeks=week),
            status=VisitStatus.HELD if week % 9 != 4 else VisitStatus.CANCELLED_BY_CHILD_FAMILY,
        )
        for week in range(weeks)
    ]
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
                text=texts[i % len(texts)],
                needs_follow_up=i % 11 == 5,
                screened_at=written_at + timedelta(days=3) if screened else None,
                screened_by=screened_by if screened else None,
            )
        )
    LogbookEntry.objects.bulk_create(entries)
    return friendship
