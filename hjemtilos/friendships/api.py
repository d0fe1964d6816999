"""The friendship year in the JSON API: visits (list, cancel, move) and the logbook.

The same policies as the pages: a family acts on its own friendship for its
own side; staff of the site act for either side.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hjemtilos.api.paging import PageParams, page_of
from hjemtilos.api.schemas import answers
from hjemtilos.core.dates import time_with_offset
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.models import Visit, VisitStatus
from hjemtilos.friendships.schemas import CancelIn, LogbookIn, LogbookOut, MoveIn, VisitOut
from hjemtilos.friendships.services.logbook import logbook_entry_create
from hjemtilos.friendships.services.visits import visit_cancel, visit_move
from hjemtilos.privacy.audit import audit_read

router = Router(tags=["friendships"])


def _time(visit: Visit, at: dt.time | None) -> str | None:
    # As text: Django's JSON encoder refuses a time that carries an offset.
    local = time_with_offset(visit.date, at)
    return local.isoformat() if local else None


def _out(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "friendship_id": visit.friendship_id,
        "child_first_name": visit.friendship.child.first_name,
        "date": visit.date,
        "pickup_time": _time(visit, visit.pickup_time),
        "dropoff_time": _time(visit, visit.dropoff_time),
        "status": visit.status,
        "holiday": visit.holiday_name,
        "needs_holiday_decision": visit.needs_holiday_decision,
        "moved_from": visit.original_date,
        "cancel_reason": visit.cancel_reason,
    }


@router.get("/visits", response=answers(list[VisitOut], refused=(403,)), url_name="visits")
def visits(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    page: Query[PageParams],
    *,
    friendship_id: int | None = None,
    upcoming: bool = True,
) -> list[dict[str, Any]]:
    """Visits the caller may see: their own friendship's, or (staff) their sites'.

    ``upcoming`` (default) limits to today and later; by date, paged. Roles
    without visits (caseworkers, evaluators, administrators) are refused.
    """
    if not policies.can_see_visits(request.user):
        raise PermissionDenied
    qs = policies.visible_visits(request.user).select_related("friendship__child")
    if friendship_id is not None:
        qs = qs.filter(friendship_id=friendship_id)
    if upcoming:
        qs = qs.filter(date__gte=timezone.localdate()).exclude(status=VisitStatus.HELD)
    shown = page_of(qs.order_by("date", "id"), page, request=request, response=response)
    audit_read(request, {visit.friendship for visit in shown})
    return [_out(v) for v in shown]


def _changeable(
    request: AuthenticatedHttpRequest, visit_id: int, side: str | None
) -> tuple[Visit, str]:
    visit = selectors.visit_for_change_or_404(user=request.user, pk=visit_id)
    own = policies.acting_side(request.user, visit.friendship)
    chosen = own or side
    if not chosen:
        raise ValidationError(_("Say which family changes the visit (side)."))
    return visit, chosen


@router.post("/visits/{visit_id}/cancel", response=answers(VisitOut), url_name="visit_cancel")
def cancel(request: AuthenticatedHttpRequest, visit_id: int, payload: CancelIn) -> Any:
    """Cancel a planned visit; the other family gets an SMS at once."""
    visit, side = _changeable(request, visit_id, payload.side)
    visit = visit_cancel(
        visit=visit, by=request.user, side=side, reason=payload.reason, note=payload.note
    )
    return _out(visit)


@router.post("/visits/{visit_id}/move", response=answers(VisitOut), url_name="visit_move")
def move(request: AuthenticatedHttpRequest, visit_id: int, payload: MoveIn) -> Any:
    """Move a planned visit to another day (preferably the same week); the other family is told."""
    visit, side = _changeable(request, visit_id, payload.side)
    visit = visit_move(
        visit=visit,
        by=request.user,
        side=side,
        new_date=payload.new_date,
        pickup_time=payload.pickup_time,
        note=payload.note,
    )
    return _out(visit)


@router.post(
    "/{friendship_id}/logbook",
    response=answers(LogbookOut, status=201),
    url_name="logbook_create",
)
def logbook_create(
    request: AuthenticatedHttpRequest, friendship_id: int, payload: LogbookIn
) -> Any:
    """The volunteer family's logbook entry about a visit; the visit is marked held."""
    friendship = selectors.friendship_for_logbook_or_404(user=request.user, pk=friendship_id)
    visit = friendship.visits.filter(pk=payload.visit_id).first()
    entry = logbook_entry_create(
        friendship=friendship,
        by=request.user,
        visit=visit,
        rating=payload.rating,
        mood=payload.mood,
        tags=[str(tag) for tag in payload.tags],
        text=payload.text,
        follow_up_text=payload.follow_up_text,
        overnight_stay=payload.overnight_stay,
        worried=payload.worried,
        worry_text=payload.worry_text,
    )
    return Status(
        201,
        {
            "id": entry.pk,
            "visit_id": entry.visit_id,
            "written_at": entry.written_at,
            "concern_raised": entry.worried,
        },
    )
