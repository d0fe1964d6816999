"""Writes of the surveys app: ``invitations`` (sending, reminders, the lifecycle),
``answers`` (responses through the link, by staff, the child's voice) and
``versions`` (the instruments' drafts and publishing)."""

from hjemtilos.surveys.services.answers import (
    answers_build,
    child_voice_record,
    response_record_for_invitation,
    response_submit,
)
from hjemtilos.surveys.services.invitations import (
    INVITATION_WORKFLOW,
    invitation_consent,
    invitation_create,
    invitation_decline,
    invitation_reminders_send,
    invitation_reopen,
    invitation_transition,
    invitation_undo_decline,
    invitations_expire,
    invitations_send,
)
from hjemtilos.surveys.services.versions import (
    question_delete,
    question_move,
    question_save,
    survey_version_draft,
    survey_version_publish,
    survey_version_update,
)

__all__ = [
    "INVITATION_WORKFLOW",
    "answers_build",
    "child_voice_record",
    "invitation_consent",
    "invitation_create",
    "invitation_decline",
    "invitation_reminders_send",
    "invitation_reopen",
    "invitation_transition",
    "invitation_undo_decline",
    "invitations_expire",
    "invitations_send",
    "question_delete",
    "question_move",
    "question_save",
    "response_record_for_invitation",
    "response_submit",
    "survey_version_draft",
    "survey_version_publish",
    "survey_version_update",
]
