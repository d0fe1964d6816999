"""What apps above ``friendships`` add to the friendship year, registered in their ``ready``.

``friendships`` sits below ``safeguarding`` and ``matching`` (docs/architecture.md,
"Layers"), so it never imports them. Two things reach up:

- **Sections of the friendship pages.** A higher app contributes a part of a page (the
  concerns and requests from professionals on the staff page, the way to tell about a
  worry in the volunteer family's portal, what to do in an acute case above the logbook;
  support's conversations and "ring til os" on either family's portal): a template and a
  function giving the template its data for the user and the friendship. The page includes
  every section registered for its slot, in ``order``.
- **A worry written in the logbook or in a greeting.** The volunteer family ticks "I am
  worried about the child"; ``safeguarding`` registers the handler that raises the
  concern. A worry is never dropped: with no handler registered, writing fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User
    from hjemtilos.friendships.models import Friendship, LogbookEntry

# Where a section goes: the staff page's bar of actions, the staff page's body (after
# the future agreement), the volunteer family's portal page, the logbook's form (above it),
# either family's portal page.
Slot = Literal["staff_actions", "staff", "portal_volunteer", "portal_logbook", "portal"]


@dataclass(frozen=True)
class FriendshipSection:
    slot: Slot
    template: str
    # The template's data (``data`` in the template), or None to show nothing.
    context: Callable[[User, Friendship], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class ShownSection:
    template: str
    data: dict[str, Any]


_SECTIONS: list[FriendshipSection] = []


def register_section(section: FriendshipSection) -> None:
    """Add ``section`` to its slot (once per slot and template)."""
    if all((s.slot, s.template) != (section.slot, section.template) for s in _SECTIONS):
        _SECTIONS.append(section)


def sections_for(slot: Slot, user: User, friendship: Friendship) -> list[ShownSection]:
    """The sections of ``slot`` with their data for ``user``, leaving out those with none."""
    shown = []
    for section in sorted((s for s in _SECTIONS if s.slot == slot), key=lambda s: s.order):
        data = section.context(user, friendship)
        if data is not None:
            shown.append(ShownSection(template=section.template, data=data))
    return shown


@dataclass(frozen=True)
class Worry:
    """A worry about the child a volunteer family wrote down, where they wrote it."""

    friendship: Friendship
    by: User
    text: str
    observed_on: date
    # The logbook entry it was written in; None for a worry written with a greeting.
    logbook_entry: LogbookEntry | None = None


class WorryHandler(Protocol):
    def __call__(self, worry: Worry) -> object:
        """Act on ``worry``, in the transaction that wrote it."""


_WORRY_HANDLER: list[WorryHandler] = []


def register_worry_handler(handler: WorryHandler) -> None:
    """Make ``handler`` receive the worries families write (one handler; the last wins)."""
    _WORRY_HANDLER[:] = [handler]


def worry_hand_over(worry: Worry) -> None:
    """Hand a worry about the child over to the registered handler."""
    if not _WORRY_HANDLER:
        raise ImproperlyConfigured("No handler for a worry about a child is registered.")
    _WORRY_HANDLER[0](worry)
