"""The families' portal: their friendship, visits, calendar, the future agreement and,
after the end, the deletion confirmation.

A volunteer sees the child's data only while the friendship is planned or
running; from the moment it ends only the deletion confirmation is left.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import add_service_errors, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.forms import FutureWishForm, yes_no
from hjemtilos.friendships.models import Friendship, FriendshipStatus, FutureAgreement, Side
from hjemtilos.friendships.registry import sections_for
from hjemtilos.friendships.services.ending import (
    deletion_confirm,
    future_agreement_confirm,
    future_agreement_is_open,
    future_agreement_opens_on,
    future_wish_record,
    guidance_read_record,
)
from hjemtilos.friendships.services.extra import in_first_three_months, only_weekly_until
from hjemtilos.friendships.services.visits import parent_reminders_set
from hjemtilos.privacy.audit import audit_log_access


@page_rule(policies.is_portal_user)
def portal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    friendships = selectors.portal_list(user=request.user)
    if len(friendships) == 1:
        return redirect("friendships:portal", pk=friendships[0].pk)
    return render(
        request,
        "friendships/portal_list.html",
        {
            "friendships": friendships,
            "visible": {f.pk for f in friendships if policies.sees_child_data(request.user, f)},
        },
    )


def _future_state(friendship: Friendship, side: str) -> dict[str, object]:
    future: FutureAgreement | None = getattr(friendship, "future_agreement", None)
    is_open = future_agreement_is_open(friendship)
    answered = bool(
        future
        and (
            future.volunteer_answered_at
            if side == Side.VOLUNTEER_FAMILY
            else future.parent_answered_at
        )
    )
    confirmed = bool(
        future
        and (
            future.volunteer_confirmed_at
            if side == Side.VOLUNTEER_FAMILY
            else future.parent_confirmed_at
        )
    )
    # The parent is asked after the volunteer family (SPEC 3, step 15).
    may_answer = (
        is_open
        and not answered
        and not (future and future.agreed_at)
        and (side == Side.VOLUNTEER_FAMILY or bool(future and future.volunteer_answered_at))
    )
    return {
        "future": future,
        "future_open": is_open,
        "future_opens_on": future_agreement_opens_on(friendship),
        "future_answered": answered,
        "future_may_answer": may_answer,
        "future_may_confirm": bool(future and future.agreed_at and not confirmed),
        "future_confirmed": confirmed,
    }


def portal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    friendship = selectors.friendship_for_portal_or_404(user=request.user, pk=pk)
    side = policies.portal_side(request.user)
    if not policies.sees_child_data(request.user, friendship):
        return render(
            request,
            "friendships/portal_ended.html",
            {"friendship": friendship, "deletion": selectors.deletion_for(friendship, side)},
        )
    audit_log_access(friendship)
    is_volunteer = side == Side.VOLUNTEER_FAMILY
    user = request.user
    context: dict[str, object] = {
        "friendship": friendship,
        "side": side,
        "is_volunteer": is_volunteer,
        "today": timezone.localdate(),
        "agreement": selectors.current_agreement(friendship),
        "visits": selectors.upcoming_visits(friendship),
        "holiday_decisions": selectors.holiday_decisions(friendship),
        "calendar": selectors.family_calendar(friendship, side),
        "entries": selectors.own_logbook_entries(friendship) if is_volunteer else [],
        "can_write_logbook": policies.can_write_logbook(request.user, friendship),
        "contact_person": friendship.contact_person or friendship.family.contact_person,
        "wish_form": FutureWishForm(),
        "volunteer_sections": (
            sections_for("portal_volunteer", user, friendship) if is_volunteer else []
        ),
        "sections": sections_for("portal", user, friendship),
        "takes_part": policies.takes_part(user, friendship),
        "extra_visits": selectors.extra_visits(friendship, upcoming_only=True),
        "only_weekly_until": only_weekly_until(friendship),
        "only_weekly_now": in_first_three_months(friendship, timezone.localdate()),
        "guidance_read": selectors.guidance_reads(friendship).get(side),
        **_future_state(friendship, side),
    }
    return render(request, "friendships/portal_detail.html", context)


def guidance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Talking with the child about the time after the year, for each family its own
    (from 10 months in); "I have read it" tells the contact person."""
    friendship = selectors.friendship_for_portal_or_404(user=request.user, pk=pk)
    side = policies.portal_side(request.user)
    if not policies.takes_part(request.user, friendship) or not future_agreement_is_open(
        friendship
    ):
        raise PermissionDenied
    if request.method == "POST" and service_action(
        request,
        lambda: guidance_read_record(friendship=friendship, side=side, by=request.user),
        success=_("Thank you. Your contact person is happy to talk it through with you."),
    ):
        return redirect("friendships:portal", pk=friendship.pk)
    return render(
        request,
        "friendships/guidance.html",
        {
            "friendship": friendship,
            "is_volunteer": side == Side.VOLUNTEER_FAMILY,
            "read": selectors.guidance_reads(friendship).get(side),
            "contact_person": friendship.contact_person or friendship.family.contact_person,
        },
    )


def future(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The family's wish for the time after the year, and their confirmation of the agreement."""
    friendship = selectors.friendship_for_portal_or_404(user=request.user, pk=pk)
    side = policies.portal_side(request.user)
    if not policies.sees_child_data(request.user, friendship):
        raise Http404
    state = _future_state(friendship, side)
    form = FutureWishForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm" and state["future_may_confirm"]:
                future_agreement_confirm(friendship=friendship, side=side, by=request.user)
                messages.success(request, _("Thank you: you have confirmed the future agreement."))
                return redirect("friendships:portal", pk=friendship.pk)
            if action == "wish" and state["future_may_answer"] and form.is_valid():
                future_wish_record(
                    friendship=friendship,
                    side=side,
                    by=request.user,
                    wants=yes_no(form.cleaned_data["wants"]),
                    frequency=form.cleaned_data["frequency"],
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request, _("Thank you. Your contact person will talk it through with you.")
                )
                return redirect("friendships:portal", pk=friendship.pk)
            if action not in ("confirm", "wish") or not (
                state["future_may_confirm"] or state["future_may_answer"]
            ):
                raise PermissionDenied
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "friendships/portal_future.html",
        {"friendship": friendship, "side": side, "wish_form": form, **state},
        status=400 if form.errors else 200,
    )


@require_POST
def confirm_deletion(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    friendship = selectors.friendship_for_portal_or_404(user=request.user, pk=pk)
    side = policies.portal_side(request.user)
    confirmation = selectors.deletion_for(friendship, side)
    if confirmation is None or friendship.status not in (
        FriendshipStatus.COMPLETED,
        FriendshipStatus.ENDED_EARLY,
    ):
        raise Http404
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you have deleted it."))
        return redirect("friendships:portal", pk=friendship.pk)
    service_action(
        request,
        lambda: deletion_confirm(confirmation=confirmation, by=request.user),
        success=_("Thank you for confirming."),
    )
    return redirect("friendships:portal", pk=friendship.pk)


@require_POST
def reminders(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The child's family turns the reminder SMS on or off."""
    friendship = selectors.friendship_for_portal_or_404(user=request.user, pk=pk)
    side = policies.portal_side(request.user)
    if side != Side.CHILD_FAMILY or not policies.sees_child_data(request.user, friendship):
        raise PermissionDenied
    enabled = request.POST.get("enabled") == "yes"
    parent_reminders_set(friendship=friendship, enabled=enabled, by=request.user)
    messages.success(
        request,
        _("You will get an SMS the day before each visit.")
        if enabled
        else _("You will no longer get a reminder SMS."),
    )
    return redirect("friendships:portal", pk=friendship.pk)
