"""Changes to the household after the application: members and address.

The family makes them in the portal (a new baby, someone moving out, a
move); staff can make them too. Each is recorded as a ``HouseholdChange``,
refreshes ``vetting_complete`` (a new member may bring requirements) and
tells the contact person with a task when there is something to do.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.organisations.models import PostalCode
from hjemtilos.volunteers.models import (
    CERTIFICATE_AGE,
    COURSE_AGE,
    FAMILY_IN_PROGRAMME_STATUSES,
    HouseholdChange,
    HouseholdChangeKind,
    HouseholdMember,
    VolunteerFamily,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.services.status import family_vetting_refresh

TASK_DUE_DAYS = 14
# Families whose changes matter to staff right now (a closed family's do not).
ACTIVE = FAMILY_IN_PROGRAMME_STATUSES


def _task(
    family: VolunteerFamily, *, kind: str, title: str, key: str, description: str = ""
) -> None:
    if family.status not in ACTIVE:
        return
    follow_up_task_create(
        site=family.site,
        kind=kind,
        title=title,
        description=description,
        due_on=timezone.localdate() + timedelta(days=TASK_DUE_DAYS),
        owner=family.contact_person,
        by=None,
        volunteer_family=family,
        dedupe_key=key,
    )


@transaction.atomic
def household_member_add(
    *,
    family: VolunteerFamily,
    by: User,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    gender: str = "",
    email: str = "",
    phone: str = "",
) -> HouseholdMember:
    """A new member of the household (a baby, a partner moving in, a child coming home)."""
    if date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})
    member = HouseholdMember(
        family=family,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        gender=gender,
        email=email.strip().lower(),
        phone=phone,
    )
    member.full_clean()
    member.save()
    HouseholdChange.objects.create(
        family=family,
        kind=HouseholdChangeKind.MEMBER_ADDED,
        member=member,
        description=_("%(name)s (born %(date)s) joined the household.")
        % {"name": member, "date": date_of_birth.strftime("%d.%m.%Y")},
        by=by,
    )
    family_vetting_refresh([family.pk])
    age = member.age()
    if age >= CERTIFICATE_AGE:
        _task(
            family,
            kind=FollowUpKind.CERTIFICATES,
            title=_("Obtain certificates for %(name)s, new in %(family)s")
            % {"name": member.first_name, "family": family.name},
            key=f"certificates:member:{member.pk}",
            description=_(
                "A member aged %(age)s or more joined the household: a child-protection and a "
                "criminal-record certificate are needed."
            )
            % {"age": CERTIFICATE_AGE}
            + (" " + _("Ask them to complete the online course.") if age >= COURSE_AGE else "")
            + (
                " " + _("They must accept the code of conduct and the ethical rules.")
                if age >= ADULT_AGE
                else ""
            ),
        )
    elif age >= COURSE_AGE:
        _task(
            family,
            kind=FollowUpKind.ONLINE_COURSE,
            title=_("Online course for %(name)s, new in %(family)s")
            % {"name": member.first_name, "family": family.name},
            key=f"online_course:member:{member.pk}",
        )
    return member


@transaction.atomic
def household_member_move_out(
    *, member: HouseholdMember, by: User, moved_out_on: date
) -> HouseholdMember:
    """A member has moved out: they keep their history but no longer count."""
    if member.moved_out_on is not None:
        raise ValidationError(_("%(name)s has already moved out.") % {"name": member.first_name})
    if moved_out_on > timezone.localdate() + timedelta(days=90):
        raise ValidationError({"moved_out_on": _("Give a date within the next three months.")})
    remaining = (
        member.family.members.filter(moved_out_on__isnull=True)
        .exclude(pk=member.pk)
        .values_list("date_of_birth", flat=True)
    )
    if not any(HouseholdMember(date_of_birth=d).age() >= ADULT_AGE for d in remaining):
        raise ValidationError(
            _("At least one adult must remain in the household. Contact your contact person.")
        )
    member.moved_out_on = moved_out_on
    member.save(update_fields=["moved_out_on"])
    HouseholdChange.objects.create(
        family=member.family,
        kind=HouseholdChangeKind.MEMBER_MOVED_OUT,
        member=member,
        description=_("%(name)s moved out on %(date)s.")
        % {"name": member, "date": moved_out_on.strftime("%d.%m.%Y")},
        by=by,
    )
    family_vetting_refresh([member.family_id])
    return member


@transaction.atomic
def family_address_change(
    *,
    family: VolunteerFamily,
    by: User,
    street_address: str,
    postal_code: PostalCode,
    moved_on: date | None = None,
) -> VolunteerFamily:
    """The family moved. Matching computes distances from the postal code, so the
    new one takes effect at once; a matched family's contact person is asked
    to check the distance to the child."""
    street_address = street_address.strip()
    if not street_address:
        raise ValidationError({"street_address": _("Give the new address.")})
    if street_address == family.street_address and postal_code.pk == family.postal_code_id:
        raise ValidationError(_("The address is the same as before."))
    old = f"{family.street_address}, {family.postal_code}"
    family.street_address = street_address
    family.postal_code = postal_code
    family.save(update_fields=["street_address", "postal_code"])
    HouseholdChange.objects.create(
        family=family,
        kind=HouseholdChangeKind.ADDRESS_CHANGED,
        description=_("Moved from %(old)s to %(new)s%(when)s.")
        % {
            "old": old,
            "new": f"{street_address}, {postal_code}",
            "when": (" " + _("on %(date)s") % {"date": moved_on.strftime("%d.%m.%Y")})
            if moved_on
            else "",
        },
        by=by,
    )
    if family.status == VolunteerFamilyStatus.MATCHED:
        _task(
            family,
            kind=FollowUpKind.OTHER,
            title=_("%(family)s has moved: check the distance to the child")
            % {"family": family.name},
            description=_("New address: %(address)s.")
            % {"address": f"{street_address}, {postal_code}"},
            key=f"family_moved:{family.pk}:{postal_code.code}:{timezone.localdate().isoformat()}",
        )
    return family


@transaction.atomic
def family_contact_person_set(*, family: VolunteerFamily, by: User, contact_person: User) -> None:
    """Staff choose the family's contact person (shown to the family in the portal)."""
    previous = family.contact_person_id
    family.contact_person = contact_person
    family.save(update_fields=["contact_person"])
    # Open tasks about the family follow it to the new contact person.
    for task in FollowUpTask.objects.open().filter(
        Q(owner__isnull=True) | Q(owner_id=previous), volunteer_family=family
    ):
        task.owner = contact_person
        task.save(update_fields=["owner"])
