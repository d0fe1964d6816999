"""Reads for volunteer families."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.core.dates import ADULT_AGE, age_on
from hjemtilos.messaging.recipients import Recipient
from hjemtilos.volunteers import policies
from hjemtilos.volunteers.models import (
    CERTIFICATE_AGE,
    COURSE_AGE,
    Certificate,
    CertificateKind,
    FamilyEvent,
    FamilyInterview,
    HouseholdChange,
    HouseholdMember,
    PolicyAcceptance,
    PolicyDocumentKind,
    PolicyDocumentVersion,
    VolunteerFamily,
)


def family_list(*, user: User, status: str = "") -> QuerySet[VolunteerFamily]:
    qs = (
        policies.visible_families(user)
        .select_related("site", "postal_code", "contact_person")
        .annotate(member_count=Count("members"))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("name", "id")


def family_for_staff_or_404(*, user: User, pk: int) -> VolunteerFamily:
    """A volunteer family for staff's pages and the API, with what the vetting page shows.

    Staff of the family's site see and vet it; other roles get 403 (a
    caseworker never learns a family's identity); a family of another site
    is a 404.
    """
    return fetch_or_refuse(
        VolunteerFamily.objects.select_related(
            "site", "postal_code", "contact_person", "approved_by", "interview__interviewer"
        ).prefetch_related(
            Prefetch(
                "members",
                queryset=HouseholdMember.objects.select_related("user").order_by("date_of_birth"),
            ),
            Prefetch("events", queryset=FamilyEvent.objects.select_related("by")),
            Prefetch("household_changes", queryset=HouseholdChange.objects.select_related("by")),
        ),
        user=user,
        pk=pk,
        page=policies.can_list_families,
        visible=policies.can_manage_family,
    )


def member_for_inviting_or_404(*, user: User, pk: int) -> HouseholdMember:
    """A household member staff of the family's site invite to the portal (others: 403/404)."""
    return fetch_or_refuse(
        HouseholdMember.objects.select_related("family__site", "user"),
        user=user,
        pk=pk,
        page=policies.can_list_families,
        visible=lambda viewer, member: policies.can_manage_family(viewer, member.family),
    )


def family_for_portal_or_404(*, user: User) -> tuple[HouseholdMember, VolunteerFamily]:
    """The signed-in volunteer's own household, and who they are in it, for the portal.

    Other roles get 403; a volunteer who lives in no household (moved out) a 404.
    Nothing is looked up from an id the caller sends.
    """
    if not policies.is_volunteer(user):
        raise PermissionDenied
    member = policies.portal_member(user)
    if member is None:
        raise Http404
    family = VolunteerFamily.objects.select_related("contact_person", "site", "postal_code").get(
        pk=member.family_id
    )
    return member, family


@dataclass(frozen=True)
class VettingGap:
    """One requirement that does not hold, for a member (or the whole family: no member)."""

    requirement: str
    message: str
    member: HouseholdMember | None = None


def current_policy_versions() -> dict[str, PolicyDocumentVersion]:
    """The newest published version of each policy document kind."""
    versions: dict[str, PolicyDocumentVersion] = {}
    for version in PolicyDocumentVersion.objects.filter(published_at__isnull=False).order_by(
        "kind", "-published_at", "-id"
    ):
        versions.setdefault(version.kind, version)
    return versions


def vetting_gaps_bulk(
    family_ids: Iterable[int], *, on: date | None = None
) -> dict[int, list[VettingGap]]:
    """Every missing vetting requirement of each family, in a fixed number of queries.

    A requirement is judged on the day ``on`` (default today): a member who
    has turned 15 by then needs both certificates, one who has turned 12 the
    online course, and every adult must have accepted the current version of
    the code of conduct and of the ethical rules. A certificate counts when
    it is received and has no remarks, or remarks staff have accepted. The
    family as a whole needs a held home interview that recorded the whole
    family's support for taking part (a family-wide gap has no member).
    """
    on = on or timezone.localdate()
    ids = list(family_ids)
    members = list(
        HouseholdMember.objects.filter(family_id__in=ids)
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on))
        .order_by("family_id", "date_of_birth", "id")
    )
    member_ids = [m.pk for m in members]
    newest: dict[tuple[int, str], Certificate] = {}
    for certificate in Certificate.objects.filter(member_id__in=member_ids).order_by(
        "member_id", "kind", "-created_at", "-id"
    ):
        newest.setdefault((certificate.member_id, certificate.kind), certificate)
    versions = current_policy_versions()
    accepted = set(
        PolicyAcceptance.objects.filter(
            member_id__in=member_ids, version__in=list(versions.values())
        ).values_list("member_id", "version_id")
    )
    supported = set(
        FamilyInterview.objects.filter(
            family_id__in=ids, held_on__isnull=False, whole_family_supports=True
        ).values_list("family_id", flat=True)
    )
    gaps: dict[int, list[VettingGap]] = defaultdict(list)
    for family_id in ids:
        gaps[family_id] = (
            []
            if family_id in supported
            else [
                VettingGap(
                    "interview",
                    _(
                        "The home interview has not recorded that the whole family "
                        "supports taking part."
                    ),
                )
            ]
        )
    for member in members:
        age = age_on(member.date_of_birth, on)
        found = gaps[member.family_id]
        if age >= CERTIFICATE_AGE:
            for certificate_kind in CertificateKind:
                found.extend(
                    _certificate_gap(
                        member, certificate_kind, newest.get((member.pk, certificate_kind))
                    )
                )
        if age >= COURSE_AGE and member.course_completed_on is None:
            found.append(
                VettingGap(
                    "online_course",
                    _("%(name)s has not completed the online course.")
                    % {"name": member.first_name},
                    member,
                )
            )
        if age >= ADULT_AGE:
            for document_kind in PolicyDocumentKind:
                version = versions.get(document_kind)
                if version is None or (member.pk, version.pk) not in accepted:
                    found.append(
                        VettingGap(
                            f"policy:{document_kind}",
                            _("%(name)s has not accepted the current %(document)s.")
                            % {
                                "name": member.first_name,
                                "document": _document_name(document_kind),
                            },
                            member,
                        )
                    )
    return dict(gaps)


def vetting_gaps(family: VolunteerFamily, *, on: date | None = None) -> list[VettingGap]:
    """What is missing before ``family`` can be approved (or stay matchable)."""
    return vetting_gaps_bulk([family.pk], on=on)[family.pk]


def _document_name(kind: str) -> str:
    if kind == PolicyDocumentKind.CODE_OF_CONDUCT:
        return _("code of conduct")
    return _("ethical rules")


def _certificate_gap(
    member: HouseholdMember, kind: str, certificate: Certificate | None
) -> list[VettingGap]:
    names = {
        CertificateKind.CHILD_PROTECTION: _("child-protection certificate"),
        CertificateKind.CRIMINAL_RECORD: _("criminal-record certificate"),
    }
    params = {"name": member.first_name, "certificate": names[CertificateKind(kind)]}
    if certificate is None or not certificate.received_on:
        message = _("%(name)s: the %(certificate)s has not been received.") % params
    elif certificate.is_clear:
        return []
    elif certificate.remarks_decision:
        message = _("%(name)s: the %(certificate)s has remarks and was refused.") % params
    else:
        message = (
            _("%(name)s: the %(certificate)s has remarks that need a staff decision.") % params
        )
    return [VettingGap(f"certificate:{kind}", message, member)]


@dataclass
class MemberVetting:
    """One member's requirements and how they stand, for the vetting pages."""

    member: HouseholdMember
    age: int
    needs_certificates: bool
    needs_course: bool
    is_adult: bool
    certificates: dict[str, Certificate | None]
    acceptances: dict[str, PolicyAcceptance | None]
    gaps: list[VettingGap]
    moved_out: bool = False


@dataclass
class FamilyVetting:
    """The whole family's vetting: per member, plus gaps of the family as a whole."""

    members: list[MemberVetting]
    family_gaps: list[VettingGap]
    versions: dict[str, PolicyDocumentVersion]

    @property
    def complete(self) -> bool:
        return not self.family_gaps and not any(m.gaps for m in self.members)

    @property
    def gap_count(self) -> int:
        return len(self.family_gaps) + sum(len(m.gaps) for m in self.members)


def family_vetting(family: VolunteerFamily, *, on: date | None = None) -> FamilyVetting:
    """How each member of ``family`` stands on every requirement, in a fixed number of queries."""
    on = on or timezone.localdate()
    gaps = vetting_gaps(family, on=on)
    members = list(HouseholdMember.objects.filter(family=family).order_by("date_of_birth", "id"))
    newest: dict[tuple[int, str], Certificate] = {}
    for certificate in Certificate.objects.filter(member__family=family).order_by(
        "member_id", "kind", "-created_at", "-id"
    ):
        newest.setdefault((certificate.member_id, certificate.kind), certificate)
    versions = current_policy_versions()
    accepted = {
        (a.member_id, a.version_id): a
        for a in PolicyAcceptance.objects.filter(
            member__family=family, version__in=list(versions.values())
        )
    }
    rows = []
    for member in members:
        age = age_on(member.date_of_birth, on)
        moved_out = member.moved_out_on is not None and member.moved_out_on <= on
        rows.append(
            MemberVetting(
                member=member,
                age=age,
                needs_certificates=age >= CERTIFICATE_AGE and not moved_out,
                needs_course=age >= COURSE_AGE and not moved_out,
                is_adult=age >= ADULT_AGE and not moved_out,
                certificates={k: newest.get((member.pk, k)) for k in CertificateKind.values},
                acceptances={
                    kind: accepted.get((member.pk, version.pk))
                    for kind, version in versions.items()
                },
                gaps=[g for g in gaps if g.member is not None and g.member.pk == member.pk],
                moved_out=moved_out,
            )
        )
    return FamilyVetting(
        members=rows, family_gaps=[g for g in gaps if g.member is None], versions=versions
    )


def site_staff(site_id: int) -> QuerySet[User]:
    """Active staff members of a site, for choosing a family's contact person."""
    return User.objects.filter(
        role=Role.STAFF, is_active=True, site_memberships__site_id=site_id
    ).order_by("first_name", "last_name", "id")


def policy_versions() -> QuerySet[PolicyDocumentVersion]:
    """Every published version, newest first per document."""
    return (
        PolicyDocumentVersion.objects.filter(published_at__isnull=False)
        .select_related("published_by")
        .annotate(acceptance_count=Count("acceptances"))
        .order_by("kind", "-published_at", "-id")
    )


def member_recipient(member: HouseholdMember) -> Recipient:
    """How the outbox reaches a household member: their login's details first, the
    record's where the login has none. Uses ``member.user`` (join it for many)."""
    user = member.user
    return Recipient(
        first_name=member.first_name,
        email=(user.email if user else "") or member.email,
        phone=(user.phone if user else "") or member.phone,
        user=user,
        language=user.preferred_language if user else "da",
        key=f"member-{member.pk}",
    )
