"""The child's family's data protection rights: who they are for ``privacy``, what their
access export holds from this app, and what withdrawing their consents does.

Registered from ``ReferralsConfig.ready()`` in ``privacy.exports`` and
``privacy.consents`` (privacy sits below and knows no referral). What a
section leaves out, and why, is in docs/privacy-rights.md.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.privacy.exports import ExportSection, Subject, person_kind, record_row
from hjemtilos.privacy.models import Consent, ConsentKind
from hjemtilos.referrals import services
from hjemtilos.referrals.models import (
    BirthFamily,
    Child,
    Guardian,
    Referral,
    ReferralStatus,
)
from hjemtilos.referrals.services import REFERRAL_WORKFLOW, family_key, referral_transition

# What the export shows: the enrollment form's fields (``services``) and what staff add.
FAMILY_EXPORT_FIELDS = [*services.FAMILY_FIELDS, "municipality"]
REFERRAL_EXPORT_FIELDS = [
    "status",
    *services.REFERRAL_FIELDS,
    "consent_recorded_at",
    "sharing_consent_recorded_at",
    "submitted_at",
    "received_at",
    "home_visit_held_on",
    "ready_for_matching_at",
    "matched_at",
    "closed_at",
    "closed_reason",
]
HOME_VISIT_FIELDS = [
    "planned_for",
    "held_on",
    "attendees",
    "child_wishes",
    "motivation",
    "expectations",
    "family_needs",
    "notes",
]


def _guardian_for_user(user: User) -> Guardian | None:
    if not has_role(user, Role.PARENT):
        return None
    return Guardian.objects.select_related("family").filter(user=user).first()


def _family_keys(person: Guardian | Child) -> tuple[str, ...]:
    """A consent the parents gave together is kept under their family."""
    return (family_key(person.family_id),)


def _site_id(person: Guardian | Child) -> int:
    return person.family.site_id


def _child_url(subject: Subject) -> str:
    record = subject.record
    child_id = record.pk if isinstance(record, Child) else None
    if isinstance(record, Guardian):
        first = Child.objects.filter(family_id=record.family_id).order_by("id").first()
        child_id = first.pk if first else None
    return reverse("referrals:child", args=[child_id]) if child_id else ""


GUARDIAN_KIND = person_kind(
    "guardian",
    gettext_lazy("Parent or guardian"),
    Guardian.objects.select_related("family"),
    site_id=_site_id,
    shared_keys=_family_keys,
    for_user=_guardian_for_user,
    url=_child_url,
)
CHILD_KIND = person_kind(
    "child",
    gettext_lazy("Child"),
    Child.objects.select_related("family"),
    site_id=_site_id,
    shared_keys=_family_keys,
    url=_child_url,
)


def _child_sections(child: Child, *, prefix: str) -> list[ExportSection]:
    """The child's record, referrals (with their status history) and home visits."""
    referrals = list(
        Referral.objects.filter(child=child)
        .select_related("home_visit")
        .prefetch_related("events")
        .order_by("created_at")
    )
    name = f"{child.first_name} {child.last_name}"
    sections = [
        ExportSection(
            key=f"{prefix}child",
            title=_("The child: %(name)s") % {"name": name},
            rows=[record_row(child, list(services.CHILD_FIELDS))],
        ),
        ExportSection(
            key=f"{prefix}referrals",
            title=_("Referrals of %(name)s") % {"name": name},
            rows=[record_row(referral, REFERRAL_EXPORT_FIELDS) for referral in referrals],
            note=_(
                "Messages between the caseworker and the programme's staff about the child "
                "are not part of this export; staff hand them over after a review."
            ),
        ),
        ExportSection(
            key=f"{prefix}referral_history",
            title=_("How the referrals of %(name)s went") % {"name": name},
            rows=[
                {
                    _("date"): event.at,
                    _("status"): ReferralStatus(event.to_status).label,
                    _("reason"): getattr(event, "reason", ""),
                }
                for referral in referrals
                for event in referral.events.all()
            ],
        ),
    ]
    visits = [referral.home_visit for referral in referrals if hasattr(referral, "home_visit")]
    if visits:
        sections.append(
            ExportSection(
                key=f"{prefix}home_visits",
                title=_("Home visits about %(name)s") % {"name": name},
                rows=[record_row(visit, HOME_VISIT_FIELDS) for visit in visits],
            )
        )
    return sections


def guardian_export(subject: Subject) -> list[ExportSection]:
    """A parent: their own record, the family's, and each of their children's.

    The other parent's contact details are theirs alone and left out.
    """
    guardian = Guardian.objects.select_related("family__postal_code", "family__municipality").get(
        pk=subject.pk
    )
    family: BirthFamily = guardian.family
    sections = [
        ExportSection(
            key="guardian",
            title=_("You as a parent"),
            rows=[record_row(guardian, list(services.GUARDIAN_FIELDS))],
        ),
        ExportSection(
            key="family",
            title=_("Your family"),
            rows=[record_row(family, FAMILY_EXPORT_FIELDS)],
            note=_("Other parents' and guardians' own contact details are left out."),
        ),
    ]
    for child in Child.objects.filter(family=family).order_by("id"):
        sections.extend(_child_sections(child, prefix=f"child_{child.pk}_"))
    return sections


def child_export(subject: Subject) -> list[ExportSection]:
    child = Child.objects.select_related("family").get(pk=subject.pk)
    return _child_sections(child, prefix="")


# Consents ------------------------------------------------------------------------------


# The referral can be put on hold from these statuses (the workflow says where).
_HOLDABLE = frozenset(
    status
    for status in ReferralStatus.values
    if ReferralStatus.ON_HOLD in REFERRAL_WORKFLOW.allowed_from(status)
)


def referral_consent_withdrawn(consent: Consent, by: User | None) -> None:
    """The parents withdrew consent to the referral or to sharing: the referral stops using
    it at once (its consent field cleared), goes on hold where it can, and staff get a task."""
    referral = Referral.objects.select_related("child").get(
        pk=int(consent.scope_key.removeprefix("referral-"))
    )
    field = (
        "sharing_consent_recorded_at"
        if consent.kind == ConsentKind.SHARING
        else "consent_recorded_at"
    )
    Referral.objects.filter(pk=referral.pk).update(**{field: None})
    if by is None:
        raise ValidationError(_("A withdrawal is made by someone."), code="no_user")
    reason = _("The parents withdrew their consent: %(consent)s") % {
        "consent": ConsentKind(consent.kind).label
    }
    if referral.status in _HOLDABLE:
        referral = referral_transition(
            referral=referral, to_status=ReferralStatus.ON_HOLD, by=by, reason=reason
        )
    follow_up_task_create(
        site=referral.site,
        kind=FollowUpKind.CONSENT_WITHDRAWN,
        title=_("%(name)s's parents withdrew a consent") % {"name": referral.child.first_name},
        description=reason,
        due_on=timezone.localdate(),
        owner=None,
        by=by,
        is_urgent=True,
        referral=referral,
        dedupe_key=f"consent-withdrawn-{consent.pk}",
    )
