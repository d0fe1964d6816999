"""Concern pages: the queue, one concern's timeline and the steps recorded on it.

Every page that shows a concern's content records the read in the audit log
(``audit_read``); the advisory lead lists them (``views.lead``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import form_submit, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.friendships import policies as friendship_policies
from hjemtilos.friendships.models import Side
from hjemtilos.privacy.audit import audit_read
from hjemtilos.safeguarding import policies, selectors, services
from hjemtilos.safeguarding.forms import (
    AssessmentForm,
    ConcernCloseForm,
    ConcernEntryForm,
    ConcernForm,
    ConcernReopenForm,
    InvolvementForm,
)
from hjemtilos.safeguarding.guidance import acute_guidance
from hjemtilos.safeguarding.models import (
    Concern,
    ConcernSource,
    ConcernStatus,
    EntryKind,
    Severity,
)

# Closing and reopening: the form with the reason, where the concern goes, what is said.
REASONED_STEPS: dict[str, tuple[type[forms.Form], str, StrOrPromise]] = {
    "close": (ConcernCloseForm, ConcernStatus.CLOSED, gettext_lazy("The concern is closed.")),
    "reopen": (
        ConcernReopenForm,
        ConcernStatus.WITH_ADVISORY,
        gettext_lazy("The concern is reopened."),
    ),
}

# The two steps around a notification, by their part of the URL.
PARTIES = {"venskabsfamilie": EntryKind.FAMILY_TALK, "foraeldre": EntryKind.PARENTS}


@page_rule(policies.can_list_concerns)
def concern_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The advisory team's queue (open concerns, most serious and oldest first, and the
    team's tasks), or the concerns a staff member is on."""
    status = request.GET.get("status", "open")
    if status not in ("open", "", *ConcernStatus.values):
        status = "open"
    advisory = policies.is_advisory(request.user)
    page = paginate(request, selectors.concern_list(user=request.user, status=status))
    audit_read(request, page.object_list)
    return render(
        request,
        "safeguarding/concern_list.html",
        {
            "page": page,
            "status": status,
            "status_options": [
                ("open", pgettext("concerns", "Open")),
                ("", _("All")),
                *ConcernStatus.choices,
            ],
            "is_advisory": advisory,
            "is_lead": policies.is_advisory_lead(request.user),
            "tasks": selectors.advisory_tasks_open() if advisory else [],
            "now": timezone.now(),
        },
    )


def _steps(concern: Concern) -> list[dict[str, Any]]:
    latest = services.latest_involvement(concern)
    return [
        {"party": party, "label": kind.label, "event": latest[kind]}
        for party, kind in PARTIES.items()
    ]


def _render_concern(
    request: AuthenticatedHttpRequest,
    concern: Concern,
    *,
    entry_form: ConcernEntryForm | None = None,
    close_form: forms.Form | None = None,
    reopen_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    timeline = selectors.concern_timeline(concern)
    runs = policies.can_run_concern(user, concern)
    notifications = selectors.concern_notifications(concern)
    received = any(entry.event.kind == EntryKind.RECEIVED for entry in timeline)
    context = {
        "concern": concern,
        "timeline": timeline,
        "assessment": services.current_assessment(concern),
        "steps": _steps(concern),
        "notifications": notifications,
        "draft": next((n for n in notifications if n.is_draft), None),
        "runs": runs,
        "can_assess": policies.can_assess(user, concern),
        "can_take_on": policies.can_take_on(user, concern) and not received,
        "can_write_notification": policies.can_write_notification(user, concern),
        "can_add_entry": policies.can_add_entry(user, concern),
        "can_close": runs
        and ConcernStatus.CLOSED in services.CONCERN_WORKFLOW.allowed_from(concern.status),
        "can_reopen": runs and concern.status == ConcernStatus.CLOSED,
        "can_take_assessment": runs and concern.status == ConcernStatus.RAISED,
        "entry_form": entry_form
        or ConcernEntryForm(entries=timeline, can_reply=bool(notifications)),
        "close_form": close_form or ConcernCloseForm(),
        "reopen_form": reopen_form or ConcernReopenForm(),
        "guidance": acute_guidance(friendship=concern.friendship, for_staff=True)
        if concern.is_acute and concern.is_open
        else None,
    }
    return render(request, "safeguarding/concern_detail.html", context, status=status)


@object_rule(policies.can_view_concern)
def concern_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    concern = selectors.concern_for_user_or_404(user=request.user, pk=pk)
    audit_read(request, concern)
    return _render_concern(request, concern)


@require_POST
def concern_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A note, a follow-up, the municipality's reply or a correction, from the concern page."""
    concern = selectors.concern_for_user_or_404(user=request.user, pk=pk)
    timeline = selectors.concern_timeline(concern)
    form = ConcernEntryForm(
        request.POST, entries=timeline, can_reply=concern.notifications.exists()
    )
    return form_action(
        request,
        form,
        lambda: services.concern_entry_add(
            concern=concern,
            by=request.user,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            on=form.cleaned_data["on"],
            corrects=form.entries.get(form.cleaned_data["corrects"] or 0),
        ),
        success=_("The entry is added to the timeline."),
        then=lambda: redirect("safeguarding:concern", pk=concern.pk),
        again=lambda: _render_concern(request, concern, entry_form=form, status=400),
    )


@require_POST
def concern_take_on(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The contact person has read the concern and acts on it (their urgent task is done)."""
    concern = selectors.concern_for_user_or_404(user=request.user, pk=pk)
    if not policies.can_take_on(request.user, concern):
        raise PermissionDenied
    service_action(
        request,
        lambda: services.concern_receive(concern=concern, by=request.user),
        success=_("You have taken the concern on. Your task is done."),
    )
    return redirect("safeguarding:concern", pk=concern.pk)


@require_POST
def concern_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The advisory team takes a concern for assessment, closes it or reopens it."""
    concern = selectors.concern_for_running_or_404(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    if action == "take":
        service_action(
            request,
            lambda: services.concern_transition(
                concern=concern, by=request.user, to_status=ConcernStatus.WITH_ADVISORY
            ),
            success=_("The advisory team is assessing the concern."),
        )
        return redirect("safeguarding:concern", pk=concern.pk)
    if action in REASONED_STEPS:
        form_class, to_status, success = REASONED_STEPS[action]
        form = form_class(request.POST)
        return form_action(
            request,
            form,
            lambda: services.concern_transition(
                concern=concern,
                by=request.user,
                to_status=to_status,
                reason=form.cleaned_data["reason"],
            ),
            success=success,
            then=lambda: redirect("safeguarding:concern", pk=concern.pk),
            again=lambda: _render_concern(
                request,
                concern,
                close_form=form if action == "close" else None,
                reopen_form=form if action == "reopen" else None,
                status=400,
            ),
        )
    raise Http404


@object_rule(policies.can_assess)
def concern_assess(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The advisory team's structured assessment and decision."""
    concern = selectors.concern_for_assessing_or_404(user=request.user, pk=pk)
    members = selectors.advisory_members()
    previous = services.current_assessment(concern)
    initial = {
        "known": previous.known if previous else concern.observed,
        "child_statements": previous.child_statements if previous else "",
        "risk": previous.risk if previous else concern.severity,
        "decided_by": request.user.pk,
        "decided_on": timezone.localdate(),
    }
    form = AssessmentForm(request.POST or None, members=members, initial=initial)
    if form_submit(
        request,
        form,
        lambda: services.concern_assess(
            concern=concern,
            by=request.user,
            known=form.cleaned_data["known"],
            child_statements=form.cleaned_data["child_statements"],
            risk=form.cleaned_data["risk"],
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
            decided_by=form.decider(),
            decided_on=form.cleaned_data["decided_on"],
        ),
    ):
        messages.success(request, _("The assessment is recorded."))
        return redirect("safeguarding:concern", pk=concern.pk)
    if request.method == "GET":
        audit_read(request, concern)
    return render_form(
        request,
        "safeguarding/assessment_form.html",
        form,
        {"concern": concern, "previous": previous},
    )


@object_rule(policies.can_run_concern)
def concern_involvement(request: AuthenticatedHttpRequest, pk: int, party: str) -> HttpResponse:
    """The talk with the volunteer family, or the parents' involvement (done or skipped)."""
    if party not in PARTIES:
        raise Http404
    concern = selectors.concern_for_running_or_404(user=request.user, pk=pk)
    kind = PARTIES[party]
    form = InvolvementForm(request.POST or None, initial={"on": timezone.localdate()})
    if form_submit(
        request,
        form,
        lambda: services.concern_involvement_record(
            concern=concern,
            by=request.user,
            party=kind,
            done=form.cleaned_data["done"],
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, _("The step is recorded."))
        return redirect("safeguarding:concern", pk=concern.pk)
    if request.method == "GET":
        audit_read(request, concern)
    return render_form(
        request,
        "safeguarding/involvement_form.html",
        form,
        {"concern": concern, "kind": kind, "is_family": kind == EntryKind.FAMILY_TALK},
    )


def concern_raise(request: AuthenticatedHttpRequest, friendship_pk: int) -> HttpResponse:
    """Tell the charity about a concern: the volunteer family in the portal, staff after a call."""
    friendship = selectors.friendship_for_concern_or_404(user=request.user, pk=friendship_pk)
    staff = friendship_policies.can_manage_friendship(request.user, friendship)
    form = ConcernForm(
        request.POST or None,
        staff=staff,
        initial={} if staff else {"observed_by": request.user.get_full_name()},
    )
    done = form_submit(
        request,
        form,
        lambda: services.concern_raise(
            friendship=friendship,
            by=request.user,
            source=form.cleaned_data["source"] if staff else ConcernSource.PORTAL,
            observed=form.cleaned_data["observed"],
            observed_on=form.cleaned_data["observed_on"],
            observed_by=form.cleaned_data["observed_by"],
            severity=form.chosen_severity(),
        ),
    )
    if done:
        if done.value.severity == Severity.ACUTE:
            messages.warning(
                request,
                _(
                    "The concern is marked acute and the advisory team is alerted. If the "
                    "child is in danger now, call 112; outside office hours call 114 for the "
                    "municipality's social duty service."
                ),
            )
        if staff:
            messages.success(
                request,
                _("The concern is registered. The contact person has been asked to act today."),
            )
            return redirect("friendships:detail", pk=friendship.pk)
        messages.success(
            request, _("Thank you for telling us. Your contact person will contact you soon.")
        )
        return redirect("friendships:portal", pk=friendship.pk)
    audit_read(request, friendship)
    return render_form(
        request,
        "safeguarding/concern_form.html",
        form,
        {
            "friendship": friendship,
            "staff": staff,
            "is_volunteer": friendship_policies.portal_side(request.user) == Side.VOLUNTEER_FAMILY,
            "guidance": acute_guidance(friendship=friendship, for_staff=staff),
        },
    )
