"""Tasks for the data subjects' requests: staff are reminded a week before the 30-day
deadline (GDPR Art. 12(3)) and again, urgently, once it has passed.

``privacy`` records the requests but sits below the tasks; this module, on the tasks'
layer, reads them and gives the task (ADR 0038).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.privacy.models import RequestStatus, RightsRequest

#: How long before the deadline staff get the task.
WARN_DAYS = 7


def rights_request_tasks_create(*, today: date | None = None) -> int:
    """Give the recorder of each open request a task a week before its deadline, and an urgent
    one once it is overdue. Each task is made once (``dedupe_key``). Returns tasks made."""
    today = today or timezone.localdate()
    made = 0
    due = (
        RightsRequest.objects.exclude(status=RequestStatus.DONE)
        .filter(due_on__lte=today + timedelta(days=WARN_DAYS))
        .select_related("site", "recorded_by")
        .order_by("due_on", "id")
    )
    for request in due:
        overdue = request.due_on < today
        key = f"rights-request-{request.pk}-{'overdue' if overdue else 'due'}"
        if FollowUpTask.objects.filter(dedupe_key=key).exists():
            continue
        with override("da"):
            title = (
                _("Overdue: answer %(name)s's request (%(kind)s)")
                if overdue
                else _("Answer %(name)s's request (%(kind)s)")
            ) % {"name": request.subject_name, "kind": request.get_kind_display()}
        follow_up_task_create(
            site=request.site,
            kind=FollowUpKind.RIGHTS_REQUEST,
            title=title,
            due_on=request.due_on,
            owner=request.recorded_by,
            by=None,
            is_urgent=overdue,
            dedupe_key=key,
        )
        made += 1
    return made
