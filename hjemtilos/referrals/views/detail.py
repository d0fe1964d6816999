"""The referral page, shared by the caseworker and staff, and what is done from it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import form_submit
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.followups.selectors import tasks_for_referral
from hjemtilos.privacy.audit import audit_read
from hjemtilos.referrals import policies, selectors, services
from hjemtilos.referrals.forms import (
    NoteForm,
    StatusChangeForm,
    WithdrawForm,
)
from hjemtilos.referrals.models import HomeVisit, Referral, ReferralStatus
from hjemtilos.referrals.services import REFERRAL_WORKFLOW


def _status_actions(request: AuthenticatedHttpRequest, referral: Referral) -> list[dict[str, Any]]:
    """The status changes staff can make from here, with whether each needs a reason."""
    if not policies.can_manage_referral(request.user, referral):
        return []
    actions = REFERRAL_WORKFLOW.next_steps(
        referral.status,
        # The withdraw form has its own place on the page.
        allowed=lambda target: (
            target != ReferralStatus.WITHDRAWN
            and policies.can_transition(request.user, referral, target)
        ),
    )
    for action in actions:
        target = action["status"]
        if (
            target == ReferralStatus.HOME_VISIT_PLANNED
            and referral.status == ReferralStatus.RECEIVED
        ):
            action["kind"] = "plan"
        elif target == ReferralStatus.HOME_VISIT_HELD:
            action["kind"] = "record"
        else:
            action["kind"] = "status"
    return actions


def _render_detail(
    request: AuthenticatedHttpRequest, referral: Referral, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    audit_read(request, referral, referral.child)
    manages = policies.can_manage_referral(user, referral)
    home_visit = None
    if policies.can_see_home_visit_notes(user, referral):
        home_visit = HomeVisit.objects.filter(referral=referral).first()
    siblings = [c for c in referral.child.family.children.all() if c.pk != referral.child_id]
    context = {
        "referral": referral,
        "child": referral.child,
        "family": referral.child.family,
        "manages": manages,
        "invite_guardians": manages and policies.can_invite_guardians(user, referral.child.family),
        "is_caseworker": policies.is_caseworker(user),
        "can_edit": policies.can_edit_draft(user, referral),
        "can_withdraw": policies.can_withdraw(user, referral),
        "can_add_note": policies.can_add_note(user, referral),
        "can_add_sibling": policies.can_add_sibling(user, referral),
        "home_visit": home_visit,
        "tasks": list(tasks_for_referral(referral_id=referral.pk)) if manages else [],
        "actions": _status_actions(request, referral),
        "siblings": siblings if (manages or policies.is_caseworker(user)) else [],
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "status_form": forms.get("status_form"),
        "now": timezone.now(),
    }
    return render(request, "referrals/referral_detail.html", context, status=status)


@object_rule(policies.can_view_referral)
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_for_user_or_404(user=request.user, pk=pk)
    return _render_detail(request, referral)


@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_for_user_or_404(user=request.user, pk=pk)
    if not policies.can_withdraw(request.user, referral):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    return form_action(
        request,
        form,
        lambda: services.referral_transition(
            referral=referral,
            to_status=ReferralStatus.WITHDRAWN,
            by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        success=_("The referral is withdrawn."),
        then=lambda: redirect("referrals:detail", pk=referral.pk),
        again=lambda: _render_detail(request, referral, status=400, withdraw_form=form),
    )


@require_POST
def add_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_for_user_or_404(user=request.user, pk=pk)
    if not policies.can_add_note(request.user, referral):
        raise PermissionDenied
    form = NoteForm(request.POST)
    return form_action(
        request,
        form,
        lambda: services.referral_note_add(
            referral=referral, by=request.user, text=form.cleaned_data["text"]
        ),
        success=_("Your note is added."),
        then=lambda: redirect("referrals:detail", pk=referral.pk),
        again=lambda: _render_detail(request, referral, status=400, note_form=form),
    )


@require_POST
def change_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff move a referral on (received, ready for matching, on hold, not eligible…)."""
    referral = selectors.referral_for_intake_or_404(user=request.user, pk=pk)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["to_status"]
        if not policies.can_transition(request.user, referral, target) or target in (
            ReferralStatus.HOME_VISIT_HELD,
        ):
            raise PermissionDenied
        if (
            target == ReferralStatus.HOME_VISIT_PLANNED
            and referral.status == ReferralStatus.RECEIVED
        ):
            return redirect("referrals:plan_home_visit", pk=referral.pk)
        if form_submit(
            request,
            form,
            lambda: services.referral_transition(
                referral=referral,
                to_status=target,
                by=request.user,
                reason=form.cleaned_data["reason"],
            ),
        ):
            messages.success(
                request,
                _("The referral is now “%(status)s”.") % {"status": ReferralStatus(target).label},
            )
            return redirect("referrals:detail", pk=referral.pk)
    return _render_detail(request, referral, status=400, status_form=form)
