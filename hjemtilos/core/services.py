"""Writes the foundation offers every app: a lifecycle step's status change and event row."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from hjemtilos.core.models import StatusEvent
from hjemtilos.core.workflow import Workflow

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User

E = TypeVar("E", bound=StatusEvent)


def status_event_record(
    model: type[E],
    *,
    by: User | None,
    to_status: str,
    from_status: str = "",
    at: datetime | None = None,
    **fields: Any,
) -> E:
    """Write one step of an object's lifecycle (``fields`` holds the object and the rest).

    The transition services call it after their ``Workflow`` allowed the move,
    inside their transaction. The row is validated like any other write; its
    foreign keys are the caller's loaded objects, so they are not looked up again.
    """
    event = model(by=by, from_status=from_status, to_status=to_status, **fields)
    if at is not None:
        event.at = at
    event.full_clean(
        exclude=[f.name for f in model._meta.concrete_fields if f.is_relation],
        validate_unique=False,
        validate_constraints=False,
    )
    event.save()
    return event


class HasStatus(Protocol):
    status: str

    def save(self, *, update_fields: list[str]) -> None: ...


def status_apply(
    obj: HasStatus, workflow: Workflow, to_status: str, *, reason: str = "", **fields: Any
) -> str:
    """Move ``obj`` (locked and read afresh by the caller) to ``to_status`` if ``workflow``
    allows it, saving the status and ``fields`` only; returns the status it had.

    The caller then records the step with ``status_event_record``. Lifecycles
    that stamp the step on the row itself (when, why) write their own.
    """
    from_status = obj.status
    workflow.check(from_status, to_status, reason)
    obj.status = to_status
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=["status", *fields])
    return from_status
