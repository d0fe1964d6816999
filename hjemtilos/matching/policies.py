"""Who may match: programme staff, for the children and families of their own sites.

Matching handles the volunteer family's identity next to the child's needs,
so it is staff's work only. The advisory team, caseworkers, volunteers,
parents, evaluators and administrators see nothing of it: a caseworker
learns only that the referral is matched (SPEC 2), the families learn of
each other through staff and the friendship books.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.matching.models import BookPhoto, MatchProposal
from hjemtilos.organisations.models import Site
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.referrals.models import Referral


def can_match(user: User) -> bool:
    return has_role(user, Role.STAFF)


def matching_sites(user: User) -> QuerySet[Site]:
    if not can_match(user):
        return Site.objects.none()
    return Site.objects.filter(pk__in=site_ids_for_staff(user)).order_by("name")


def can_match_at(user: User, site_id: int) -> bool:
    return can_match(user) and site_id in site_ids_for_staff(user)


def can_match_child(user: User, referral: Referral) -> bool:
    """Staff of the referral's site match the child."""
    return can_match_at(user, referral.site_id)


def can_handle_proposal(user: User, proposal: MatchProposal) -> bool:
    return can_match_at(user, proposal.site_id)


def can_match_site(user: User, site: Site) -> bool:
    """Staff of a site run its site-wide suggestion and set its matching settings."""
    return can_match_at(user, site.pk)


def visible_referrals(user: User) -> QuerySet[Referral]:
    """The referrals whose matching ``user`` may see and act on."""
    if not can_match(user):
        return Referral.objects.none()
    return Referral.objects.filter(site_id__in=site_ids_for_staff(user))


def visible_proposals(user: User) -> QuerySet[MatchProposal]:
    if not can_match(user):
        return MatchProposal.objects.none()
    return MatchProposal.objects.filter(site_id__in=site_ids_for_staff(user))


def can_view_photo(user: User, photo: BookPhoto) -> bool:
    """Book photos are shown to the staff of the match's site only, never by a public URL."""
    return can_match_at(user, photo.book.proposal.site_id)
