"""Writes for the support of volunteer families, split by subject: follow-up conversations and
calls (``conversations``), the psychologist (``psychologist``), joint events (``events``) and
supervision groups (``groups``)."""

from hjemtilos.support.services.conversations import (
    call_request_create,
    support_conversation_record,
)
from hjemtilos.support.services.events import (
    invitation_answer,
    joint_event_attendance_record,
    joint_event_cancel,
    joint_event_create,
)
from hjemtilos.support.services.groups import (
    supervision_group_create,
    supervision_group_member_remove,
    supervision_group_members_add,
    supervision_group_session_plan,
)
from hjemtilos.support.services.psychologist import (
    PSYCHOLOGIST_WORKFLOW,
    psychologist_offer,
    psychologist_transition,
)

__all__ = [
    "PSYCHOLOGIST_WORKFLOW",
    "call_request_create",
    "invitation_answer",
    "joint_event_attendance_record",
    "joint_event_cancel",
    "joint_event_create",
    "psychologist_offer",
    "psychologist_transition",
    "supervision_group_create",
    "supervision_group_member_remove",
    "supervision_group_members_add",
    "supervision_group_session_plan",
    "support_conversation_record",
]
