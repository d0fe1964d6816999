"""Changing one visit: cancel, move, keep on a holiday (the families or staff), mark held (staff).

The same pages serve both families in the portal and staff taking a call:
a family acts for its own side, staff choose the side.
"""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import form_submit, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.forms import VisitCancelForm, VisitMoveForm
from hjemtilos.friendships.models import Visit
from hjemtilos.friendships.services.visits import (
    moved_within_week,
    visit_cancel,
    visit_keep_on_holiday,
    visit_mark_held,
    visit_move,
)
from hjemtilos.friendships.views.common import safe_next
from hjemtilos.privacy.audit import audit_read


def _back(request: AuthenticatedHttpRequest, visit: Visit) -> str:
    if policies.portal_side(request.user):
        fallback = reverse("friendships:portal", args=[visit.friendship_id])
    else:
        fallback = reverse("friendships:visits", args=[visit.friendship_id])
    return safe_next(request, fallback)


def _changeable(request: AuthenticatedHttpRequest, pk: int) -> tuple[Visit, str]:
    """The visit and the side the user acts for ("" for staff, who choose it in the form)."""
    visit = selectors.visit_for_change_or_404(user=request.user, pk=pk)
    return visit, policies.acting_side(request.user, visit.friendship) or ""


@object_rule(policies.can_change_visit)
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    visit, side = _changeable(request, pk)
    form = VisitCancelForm(request.POST or None, staff=not side)
    return form_action(
        request,
        form,
        lambda: visit_cancel(
            visit=visit,
            by=request.user,
            side=side or form.cleaned_data["side"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        ),
        success=_("The visit is cancelled. The other family gets an SMS."),
        then=lambda: redirect(_back(request, visit)),
        again=lambda: _render_visit_form(request, "friendships/visit_cancel.html", form, visit),
    )


@object_rule(policies.can_change_visit)
def move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    visit, side = _changeable(request, pk)
    form = VisitMoveForm(
        request.POST or None,
        staff=not side,
        initial={"new_date": visit.date, "pickup_time": visit.pickup_time},
    )
    done = form_submit(
        request,
        form,
        lambda: visit_move(
            visit=visit,
            by=request.user,
            side=side or form.cleaned_data["side"],
            new_date=form.cleaned_data["new_date"],
            pickup_time=form.cleaned_data["pickup_time"],
            note=form.cleaned_data["note"],
        ),
    )
    if done:
        messages.success(request, _("The visit is moved. The other family gets an SMS."))
        if not moved_within_week(done.value):
            messages.info(
                request, _("The new day is in another week; a steady rhythm helps the child.")
            )
        return redirect(_back(request, visit))
    return _render_visit_form(request, "friendships/visit_move.html", form, visit)


def _render_visit_form(
    request: AuthenticatedHttpRequest, template: str, form: BaseForm, visit: Visit
) -> HttpResponse:
    audit_read(request, visit.friendship)
    context = {"visit": visit, "friendship": visit.friendship, "back": _back(request, visit)}
    return render_form(request, template, form, context)


@require_POST
def keep(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A visit on a holiday goes ahead as planned."""
    visit = selectors.visit_for_change_or_404(user=request.user, pk=pk)
    service_action(
        request,
        lambda: visit_keep_on_holiday(visit=visit, by=request.user),
        success=_("The visit goes ahead despite the holiday."),
    )
    return redirect(_back(request, visit))


@require_POST
def held(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff mark a visit held (e.g. the family told them on the phone)."""
    visit = selectors.visit_for_managing_or_404(user=request.user, pk=pk)
    service_action(
        request,
        lambda: visit_mark_held(visit=visit, by=request.user),
        success=_("The visit is marked as held."),
    )
    return redirect(_back(request, visit))
