"""Who may see and change children and referrals.

Programme staff see the children of the sites they work at; the advisory
team sees every site's children (they assess concerns anywhere). A caseworker
sees only the referrals they made themselves — and never anything of the
volunteer family (SPEC 2). Administrators run the system and see no case
records. Pages and the API both ask these functions.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.referrals.models import BirthFamily, Child, Referral
from hjemtilos.referrals.models import ReferralStatus as S

# Statuses staff move a referral to with the generic status form; the home
# visit has its own forms (they carry a date and the visit's notes) and
# "matched" belongs to the matching module.
STAFF_SIMPLE_TARGETS = frozenset(
    {S.RECEIVED, S.READY_FOR_MATCHING, S.ON_HOLD, S.NOT_ELIGIBLE, S.WITHDRAWN}
)
# A caseworker may withdraw their referral until it is matched.
CASEWORKER_WITHDRAWABLE = frozenset(
    {
        S.DRAFT,
        S.SUBMITTED,
        S.RECEIVED,
        S.HOME_VISIT_PLANNED,
        S.HOME_VISIT_HELD,
        S.READY_FOR_MATCHING,
        S.ON_HOLD,
    }
)


def can_list_children(user: User) -> bool:
    return has_role(user, Role.STAFF, Role.ADVISORY)


def can_refer(user: User) -> bool:
    """Caseworkers refer; staff register phone referrals on a caseworker's behalf."""
    return has_role(user, Role.CASEWORKER, Role.STAFF)


def is_caseworker(user: User) -> bool:
    return has_role(user, Role.CASEWORKER)


def can_run_intake(user: User) -> bool:
    return has_role(user, Role.STAFF)


def visible_referrals(user: User) -> QuerySet[Referral]:
    """The referrals ``user`` may know exist, as a queryset."""
    if has_role(user, Role.ADVISORY):
        return Referral.objects.all()
    if has_role(user, Role.STAFF):
        return Referral.objects.filter(site_id__in=site_ids_for_staff(user))
    if has_role(user, Role.CASEWORKER):
        return Referral.objects.filter(caseworker=user)
    return Referral.objects.none()


def can_view_referral(user: User, referral: Referral) -> bool:
    if has_role(user, Role.ADVISORY):
        return True
    if has_role(user, Role.STAFF):
        return referral.site_id in site_ids_for_staff(user)
    if has_role(user, Role.CASEWORKER):
        return referral.caseworker_id == user.pk
    return False


def can_view_birth_family(user: User, family: BirthFamily) -> bool:
    if has_role(user, Role.ADVISORY):
        return True
    if has_role(user, Role.STAFF):
        return family.site_id in site_ids_for_staff(user)
    return False


def can_view_child(user: User, child: Child) -> bool:
    return can_view_birth_family(user, child.family)


def can_invite_guardians(user: User, family: BirthFamily) -> bool:
    """Staff of the family's site invite its parents to the portal."""
    return has_role(user, Role.STAFF) and family.site_id in site_ids_for_staff(user)


def can_manage_referral(user: User, referral: Referral) -> bool:
    """Staff of the referral's site run intake, the home visit and the statuses."""
    return has_role(user, Role.STAFF) and referral.site_id in site_ids_for_staff(user)


def can_edit_draft(user: User, referral: Referral) -> bool:
    if referral.status != S.DRAFT:
        return False
    if has_role(user, Role.CASEWORKER):
        return referral.caseworker_id == user.pk
    return can_manage_referral(user, referral)


def can_withdraw(user: User, referral: Referral) -> bool:
    if referral.status not in CASEWORKER_WITHDRAWABLE:
        return False
    if has_role(user, Role.CASEWORKER):
        return referral.caseworker_id == user.pk
    return can_manage_referral(user, referral)


def can_add_note(user: User, referral: Referral) -> bool:
    if has_role(user, Role.CASEWORKER):
        return referral.caseworker_id == user.pk
    return can_manage_referral(user, referral)


def can_add_sibling(user: User, referral: Referral) -> bool:
    """A sibling joins the same family: the referring caseworker or the site's staff."""
    if has_role(user, Role.CASEWORKER):
        return referral.caseworker_id == user.pk
    return can_manage_referral(user, referral)


def can_see_home_visit_notes(user: User, referral: Referral) -> bool:
    """The screening notes are staff's working material, not the caseworker's."""
    return has_role(user, Role.ADVISORY) or can_manage_referral(user, referral)


def can_transition(user: User, referral: Referral, to_status: str) -> bool:
    """May ``user`` ask for this move at all (the workflow then checks the move itself)?"""
    if to_status == S.WITHDRAWN:
        return can_withdraw(user, referral)
    if to_status == S.SUBMITTED:
        return can_edit_draft(user, referral)
    if to_status == S.MATCHED:
        return False  # set by the matching module, never by hand
    return can_manage_referral(user, referral)
