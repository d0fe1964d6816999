"""Who may see and change volunteer families.

Programme staff see and vet the families of their sites. A volunteer sees
only their own household, through the portal. Nobody else needs a family's
identity for their task; caseworkers must never see it (the municipality
must not contact volunteer families directly), and parents, evaluators and
the advisory team see no volunteer data here either. Administrators and
staff publish the code of conduct and the ethical rules. Pages and the API
both ask these functions.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.volunteers.models import HouseholdMember, VolunteerFamily
from hjemtilos.volunteers.models import VolunteerFamilyStatus as S


def can_list_families(user: User) -> bool:
    return has_role(user, Role.STAFF)


def visible_families(user: User) -> QuerySet[VolunteerFamily]:
    if has_role(user, Role.STAFF):
        return VolunteerFamily.objects.filter(site_id__in=site_ids_for_staff(user))
    return VolunteerFamily.objects.none()


def can_manage_family(user: User, family: VolunteerFamily) -> bool:
    """Staff of the family's site vet it and move it through its statuses."""
    return has_role(user, Role.STAFF) and family.site_id in site_ids_for_staff(user)


def can_transition(user: User, family: VolunteerFamily, to_status: str) -> bool:
    """May ``user`` ask for this move (the workflow then checks the move itself)?"""
    if to_status == S.MATCHED:
        return False  # set by matching when a match is accepted, never by hand
    return can_manage_family(user, family)


def can_manage_policies(user: User) -> bool:
    """Staff and administrators publish new versions of the code of conduct and the rules."""
    return has_role(user, Role.STAFF, Role.ADMINISTRATOR)


def is_volunteer(user: User) -> bool:
    return has_role(user, Role.VOLUNTEER)


def portal_member(user: User) -> HouseholdMember | None:
    """The household member the signed-in volunteer is, if they still live there."""
    if not is_volunteer(user):
        return None
    return (
        HouseholdMember.objects.select_related("family")
        .filter(user=user)
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=timezone.localdate()))
        .first()
    )


def can_change_household(user: User, family: VolunteerFamily) -> bool:
    """Adults of the household update it themselves while they are in the programme."""
    member = portal_member(user)
    return (
        member is not None
        and member.family_id == family.pk
        and family.status not in (S.WITHDRAWN, S.REJECTED)
    )
