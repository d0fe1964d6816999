"""Bringing a volunteer family's adults into the portal: invitations from the family's page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.services import portal_invite
from hjemtilos.volunteers.models import HouseholdMember


@transaction.atomic
def household_member_invite(*, member: HouseholdMember, by: User) -> User:
    """Invite (or invite again) an adult of the household to the volunteer portal.

    The invitation goes by e-mail, or by SMS to a member with only a mobile
    number; the account is linked to the member. The caller has checked that
    ``by`` works at the family's site.
    """
    if not member.portal_invitable:
        raise ValidationError(_("Only adults living in the household are invited to the portal."))
    return portal_invite(person=member, invited_by=by, site=member.family.site, role=Role.VOLUNTEER)
