"""Writes for safeguarding: concerns and their assessment (``concerns``), notifications to the
municipality (``notifications``), the advisory team (``team``) and requests from
professionals (``inquiries``)."""

from hjemtilos.safeguarding.services.concerns import (
    CONCERN_WORKFLOW,
    concern_assess,
    concern_entry_add,
    concern_involvement_record,
    concern_raise,
    concern_raise_from_worry,
    concern_receive,
    concern_transition,
    current_assessment,
    latest_involvement,
)
from hjemtilos.safeguarding.services.inquiries import inquiry_create, inquiry_update
from hjemtilos.safeguarding.services.notifications import (
    acknowledgements_overdue_run,
    notification_acknowledge,
    notification_deliver,
    notification_draft_create,
    notification_draft_update,
    notification_pdf_bytes,
    notification_send,
    notifications_requeue_due,
    sending_gaps,
)
from hjemtilos.safeguarding.services.team import advisory_lead_set

__all__ = [
    "CONCERN_WORKFLOW",
    "acknowledgements_overdue_run",
    "advisory_lead_set",
    "concern_assess",
    "concern_entry_add",
    "concern_involvement_record",
    "concern_raise",
    "concern_raise_from_worry",
    "concern_receive",
    "concern_transition",
    "current_assessment",
    "inquiry_create",
    "inquiry_update",
    "latest_involvement",
    "notification_acknowledge",
    "notification_deliver",
    "notification_draft_create",
    "notification_draft_update",
    "notification_pdf_bytes",
    "notification_send",
    "notifications_requeue_due",
    "sending_gaps",
]
