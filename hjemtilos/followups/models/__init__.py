"""Follow-up tasks, the follow-up calendar (*årshjul*) and group supervision."""

from hjemtilos.followups.models.plans import FollowUpPlan, PlanAnchor, PlanTemplateItem, WithWhom
from hjemtilos.followups.models.supervision import SupervisionInvitation, SupervisionSession
from hjemtilos.followups.models.tasks import (
    FollowUpKind,
    FollowUpTask,
    FollowUpTaskAttempt,
    FollowUpTaskQuerySet,
    ShownTo,
)

__all__ = [
    "FollowUpKind",
    "FollowUpPlan",
    "FollowUpTask",
    "FollowUpTaskAttempt",
    "FollowUpTaskQuerySet",
    "PlanAnchor",
    "PlanTemplateItem",
    "ShownTo",
    "SupervisionInvitation",
    "SupervisionSession",
    "WithWhom",
]
