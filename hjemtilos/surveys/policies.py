"""Who may do what with surveys (ADR 0055).

- Administrators keep the instruments: they draft and publish versions; they see
  no invitation or answer.
- Staff of a friendship's site see who has been invited and whether they
  answered, enter answers given on the phone or in person, record the child's
  voice and send a declined or expired invitation again. They read the answers
  they entered themselves (the respondent told them); answers given through the
  personal link are never shown one by one — they count in the figures only,
  as the respondents were promised.
- Evaluators and staff read the outcome figures (``reports``): evaluators every
  site's, as aggregates with small numbers suppressed.
- Staff, evaluators and administrators may read the instruments' wording.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.reports.policies import can_view_reports
from hjemtilos.surveys.models import (
    InvitationStatus,
    Question,
    ResponseMode,
    SurveyInvitation,
    SurveyResponse,
    SurveyVersion,
)

PUBLISHED_REFUSAL = _("A published version is never changed; draft a new version instead.")
ANSWERED_REFUSAL = _("This survey has been answered already.")
REOPEN_REFUSAL = _("Only a declined or expired invitation can be sent again.")
CHILD_VOICE_REFUSAL = _("The child's voice is recorded while the friendship runs.")


def can_read_surveys(user: User) -> bool:
    return has_role(user, Role.STAFF, Role.EVALUATOR, Role.ADMINISTRATOR)


def can_read_version(user: User, version: SurveyVersion) -> bool:
    return can_read_surveys(user)


def can_read_outcomes(user: User) -> bool:
    """Staff (their sites) and evaluators (every site, small numbers hidden): the readers of
    the reports."""
    return can_view_reports(user)


def can_edit_surveys(user: User) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_edit_version(user: User, version: SurveyVersion) -> bool:
    return can_edit_surveys(user) and not version.is_published


def can_edit_question(user: User, question: Question) -> bool:
    return can_edit_version(user, question.version)


def can_handle_surveys(user: User) -> bool:
    return has_role(user, Role.STAFF)


def can_handle_friendship_surveys(user: User, friendship: Friendship) -> bool:
    """Staff of the friendship's site (the same rule as running the friendship)."""
    return has_role(user, Role.STAFF) and friendship.site_id in site_ids_for_staff(user)


def can_handle_invitation(user: User, invitation: SurveyInvitation) -> bool:
    return has_role(user, Role.STAFF) and invitation.site_id in site_ids_for_staff(user)


def can_enter_answers(user: User, invitation: SurveyInvitation) -> bool:
    """Staff may type in the answers while the invitation is not answered."""
    return (
        can_handle_invitation(user, invitation) and invitation.status != InvitationStatus.ANSWERED
    )


def can_reopen_invitation(user: User, invitation: SurveyInvitation) -> bool:
    return can_handle_invitation(user, invitation) and invitation.status in (
        InvitationStatus.DECLINED,
        InvitationStatus.EXPIRED,
    )


def can_read_response(user: User, response: SurveyResponse) -> bool:
    """Staff of the site read the answers staff entered, never those given through the link."""
    return (
        has_role(user, Role.STAFF)
        and response.site_id in site_ids_for_staff(user)
        and response.mode != ResponseMode.LINK
    )


def can_record_child_voice(user: User, friendship: Friendship) -> bool:
    """Staff of the site, while the friendship runs (the page shows the answers instead
    once they are recorded: one child's voice per friendship)."""
    return (
        can_handle_friendship_surveys(user, friendship)
        and friendship.status == FriendshipStatus.RUNNING
    )
