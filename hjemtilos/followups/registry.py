"""What apps above ``followups`` offer on a follow-up task, registered in their ``ready``.

A task says what is to be done; where the work has its own page in a higher
app (the child's voice recorded at the child visit, in ``surveys``), that app
registers a ``TaskAction`` for the task's kind. The task lists show it as a
link beside the task, when the viewer may open the page (its view's rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class TaskAction:
    kind: str
    label: str | Promise
    # A page about the task's friendship: its URL takes the friendship's pk.
    url_name: str


_ACTIONS: list[TaskAction] = []


def register_task_action(action: TaskAction) -> None:
    if action not in _ACTIONS:
        _ACTIONS.append(action)


def task_actions(kind: str) -> list[TaskAction]:
    return [action for action in _ACTIONS if action.kind == kind]
