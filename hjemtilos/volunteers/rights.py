"""A volunteer family member's data protection rights: who they are for ``privacy`` and
what their access export holds from this app (docs/privacy-rights.md).

Registered from ``VolunteersConfig.ready()``. The export holds the member's own record,
the household's application and the member's own vetting; the other members' records
are theirs and left out, and so is the staff's assessment of the family (an internal
evaluation, shown on request after a review).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hjemtilos.privacy.exports import ExportSection, Subject, person_kind, record_row
from hjemtilos.volunteers import policies
from hjemtilos.volunteers.models import Certificate, HouseholdMember, PolicyAcceptance

MEMBER_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "email",
    "phone",
    "course_completed_on",
    "moved_out_on",
]
FAMILY_FIELDS = [
    "name",
    "street_address",
    "postal_code",
    "status",
    "recruitment_channel",
    "motivation",
    "activities",
    "pets",
    "languages",
    "smoking",
    "transport",
    "child_age_min",
    "child_age_max",
    "cannot_take_on_other",
    "consent_given_at",
    "capacity",
    "max_children",
    "applied_at",
    "approved_at",
]
CERTIFICATE_FIELDS = ["kind", "requested_on", "received_on", "result", "remarks_decision"]


def _url(subject: Subject) -> str:
    record = subject.record
    return (
        reverse("volunteers:detail", args=[record.family_id])
        if isinstance(record, HouseholdMember)
        else ""
    )


MEMBER_KIND = person_kind(
    "member",
    gettext_lazy("Volunteer family member"),
    HouseholdMember.objects.select_related("family"),
    site_id=lambda member: member.family.site_id,
    for_user=policies.portal_member,
    url=_url,
)


def member_export(subject: Subject) -> list[ExportSection]:
    """The member's record, the household's application, the member's own vetting."""
    member = HouseholdMember.objects.select_related("family__postal_code").get(pk=subject.pk)
    certificates = Certificate.objects.filter(member=member).order_by("created_at")
    acceptances = (
        PolicyAcceptance.objects.filter(member=member)
        .select_related("version")
        .order_by("accepted_at")
    )
    return [
        ExportSection(
            key="member",
            title=_("You as a member of the household"),
            rows=[record_row(member, MEMBER_FIELDS)],
        ),
        ExportSection(
            key="household",
            title=_("Your household's application and status"),
            rows=[record_row(member.family, FAMILY_FIELDS)],
            note=_(
                "The other members of the household have their own records, which are left "
                "out. The staff's assessment of the family is handed over after a review."
            ),
        ),
        ExportSection(
            key="certificates",
            title=_("Your certificates"),
            rows=[record_row(certificate, CERTIFICATE_FIELDS) for certificate in certificates],
        ),
        ExportSection(
            key="policy_acceptances",
            title=_("Code of conduct and ethical rules you accepted"),
            rows=[
                {
                    _("document"): acceptance.version.get_kind_display(),
                    _("version"): acceptance.version.label,
                    _("accepted"): acceptance.accepted_at,
                }
                for acceptance in acceptances
            ],
        ),
    ]
