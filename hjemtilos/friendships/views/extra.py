"""Extra visits, birthdays and outings: a family suggests one in the portal; in the first
three months staff settle it after talking with the family; either family cancels."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule
from hjemtilos.core.forms import form_submit, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.forms import ExtraVisitDecisionForm, ExtraVisitForm
from hjemtilos.friendships.models import ExtraVisitStatus
from hjemtilos.friendships.services.extra import (
    extra_visit_add,
    extra_visit_transition,
    in_first_three_months,
    only_weekly_until,
)
from hjemtilos.friendships.views.common import safe_next


def add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Suggest an extra visit, a birthday or an outing (the family's own side)."""
    friendship = selectors.friendship_for_portal_or_404(user=request.user, pk=pk)
    if not policies.takes_part(request.user, friendship):
        raise PermissionDenied
    form = ExtraVisitForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda: extra_visit_add(
            friendship=friendship,
            by=request.user,
            side=policies.portal_side(request.user),
            kind=form.cleaned_data["kind"],
            on=form.cleaned_data["on"],
            starts_at=form.cleaned_data["starts_at"],
            description=form.cleaned_data["description"],
        ),
    )
    if done:
        if done.value.status == ExtraVisitStatus.ASKED:
            messages.info(
                request,
                _(
                    "In the first three months only the weekly visit is the rule. Your contact "
                    "person will call you to talk it through before it goes ahead."
                ),
            )
        else:
            messages.success(
                request, _("It is in the calendar, and the other family is told by SMS.")
            )
        return redirect("friendships:portal", pk=friendship.pk)
    until = only_weekly_until(friendship)
    return render_form(
        request,
        "friendships/extra_visit_form.html",
        form,
        {
            "friendship": friendship,
            "only_weekly_until": until,
            "only_weekly_now": in_first_three_months(friendship, timezone.localdate()),
        },
    )


@object_rule(policies.can_decide_extra_visit)
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff record what was agreed after talking with the family about an extra visit."""
    extra = selectors.extra_visit_for_decision_or_404(user=request.user, pk=pk)
    form = ExtraVisitDecisionForm(request.POST or None)
    if form_submit(
        request,
        form,
        lambda: extra_visit_transition(
            extra_visit=extra,
            to_status=form.cleaned_data["to_status"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, _("Recorded."))
        return redirect("friendships:detail", pk=extra.friendship_id)
    return render_form(request, "friendships/extra_visit_decide.html", form, {"extra": extra})


@require_POST
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    extra = selectors.extra_visit_for_cancel_or_404(user=request.user, pk=pk)
    service_action(
        request,
        lambda: extra_visit_transition(
            extra_visit=extra, to_status=ExtraVisitStatus.CANCELLED, by=request.user
        ),
        success=_("Cancelled."),
    )
    fallback = (
        reverse("friendships:portal", args=[extra.friendship_id])
        if policies.portal_side(request.user)
        else reverse("friendships:detail", args=[extra.friendship_id])
    )
    return redirect(safe_next(request, fallback))
