"""Pages for referrals: the caseworker's enrollment and list, staff's intake.

Views stay thin: policies decide who may, services change, selectors read.
A refused object answers 404 so nobody learns that another municipality's
or site's referral exists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.pagination import choice_filter, paginate
from hjemtilos.followups.selectors import tasks_for_referral
from hjemtilos.privacy.audit import audit_log_access
from hjemtilos.referrals import policies, selectors, services
from hjemtilos.referrals.forms import (
    EnrollmentForm,
    HomeVisitForm,
    HomeVisitPlanForm,
    NoteForm,
    StatusChangeForm,
    WithdrawForm,
    caseworkers_for,
)
from hjemtilos.referrals.models import HomeVisit, Referral, ReferralStatus
from hjemtilos.referrals.services import REFERRAL_WORKFLOW


def _add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` next to the form's fields (or on top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _referral_or_404(request: HttpRequest, pk: int) -> Referral:
    referral = selectors.referral_detail(user=request.user, pk=pk)
    if referral is None:
        raise Http404
    return referral


# The caseworker's side -------------------------------------------------------


def my_referrals(request: HttpRequest) -> HttpResponse:
    if not policies.is_caseworker(request.user):
        raise PermissionDenied
    status = choice_filter(request, "status", ReferralStatus)
    page = paginate(request, selectors.caseworker_referrals(user=request.user, status=status))
    return render(
        request,
        "referrals/my_referrals.html",
        {"page": page, "status": status, "statuses": ReferralStatus.choices},
    )


def _enrollment_kwargs(request: HttpRequest) -> dict[str, Any]:
    sites = selectors.sites_for_referrer(request.user)
    kwargs: dict[str, Any] = {"sites": sites}
    if not policies.is_caseworker(request.user):
        kwargs["caseworkers"] = caseworkers_for(sites)
    return kwargs


def create(request: HttpRequest) -> HttpResponse:
    """The enrollment form; staff use it for a referral received by phone."""
    if not policies.can_refer(request.user):
        raise PermissionDenied
    kwargs = _enrollment_kwargs(request)
    if not kwargs["sites"]:
        return render(request, "referrals/no_site.html", status=200)
    submitting = request.POST.get("action") == "submit"
    form = EnrollmentForm(request.POST or None, submitting=submitting, **kwargs)
    site = form.chosen_site() if request.method == "POST" and form.is_valid() else None
    if site is not None:
        caseworker = form.cleaned_data.get("caseworker") or request.user
        try:
            referral = services.referral_create(
                by=request.user,
                site=site,
                caseworker=caseworker,
                data=form.service_data(),
                submit=submitting,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _say_saved(request, referral, submitting)
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/enrollment_form.html",
        {"form": form, "title": _("Refer a child"), "phone_referral": "caseworker" in form.fields},
        status=400 if form.errors else 200,
    )


def _say_saved(request: HttpRequest, referral: Referral, submitted: bool) -> None:
    if submitted:
        messages.success(
            request,
            _("The referral of %(child)s has been sent to %(site)s.")
            % {"child": referral.child.full_name, "site": referral.site.name},
        )
    else:
        messages.success(
            request,
            _("The draft is saved. Submit it when the form is complete."),
        )


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Go on with a draft, and submit it."""
    referral = _referral_or_404(request, pk)
    if not policies.can_edit_draft(request.user, referral):
        raise PermissionDenied
    submitting = request.POST.get("action") == "submit"
    kwargs = _enrollment_kwargs(request)
    kwargs.pop("caseworkers", None)  # the caseworker is decided when the draft is made
    kwargs["sites"] = kwargs["sites"].filter(pk=referral.site_id) or kwargs["sites"]
    form = EnrollmentForm(
        request.POST or None,
        initial=EnrollmentForm.initial_from(referral),
        submitting=submitting,
        **kwargs,
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_update_draft(
                referral=referral, by=request.user, data=form.service_data(), submit=submitting
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _say_saved(request, referral, submitting)
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/enrollment_form.html",
        {"form": form, "title": _("Referral of %(child)s") % {"child": referral.child}},
        status=400 if form.errors else 200,
    )


def add_sibling(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer a sibling: a child of its own in the same family, with its own referral."""
    referral = _referral_or_404(request, pk)
    if not policies.can_add_sibling(request.user, referral):
        raise PermissionDenied
    submitting = request.POST.get("action") == "submit"
    form = EnrollmentForm(
        request.POST or None,
        sites=selectors.sites_for_referrer(request.user).filter(pk=referral.site_id),
        sibling_of=referral,
        submitting=submitting,
        initial={"last_name": referral.child.last_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sibling = services.referral_create(
                by=request.user,
                site=referral.site,
                caseworker=referral.caseworker or request.user,
                data=form.service_data(),
                submit=submitting,
                family=referral.child.family,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _say_saved(request, sibling, submitting)
            return redirect("referrals:detail", pk=sibling.pk)
    return render(
        request,
        "referrals/enrollment_form.html",
        {
            "form": form,
            "title": _("Refer a sibling of %(child)s") % {"child": referral.child},
            "sibling_of": referral,
        },
        status=400 if form.errors else 200,
    )


# The referral page, shared by the caseworker and staff ------------------------


def _status_actions(request: HttpRequest, referral: Referral) -> list[dict[str, Any]]:
    """The status changes staff can make from here, with whether each needs a reason."""
    if not policies.can_manage_referral(request.user, referral):
        return []
    actions = []
    for target in REFERRAL_WORKFLOW.order:
        if target not in REFERRAL_WORKFLOW.allowed_from(referral.status):
            continue
        if not policies.can_transition(request.user, referral, target):
            continue
        if (
            target == ReferralStatus.HOME_VISIT_PLANNED
            and referral.status == ReferralStatus.RECEIVED
        ):
            kind = "plan"
        elif target == ReferralStatus.HOME_VISIT_HELD:
            kind = "record"
        elif target == ReferralStatus.WITHDRAWN:
            continue  # the withdraw form has its own place on the page
        else:
            kind = "status"
        actions.append(
            {
                "status": target,
                "label": ReferralStatus(target).label,
                "kind": kind,
                "needs_reason": REFERRAL_WORKFLOW.needs_reason(referral.status, target),
            }
        )
    return actions


def _render_detail(
    request: HttpRequest, referral: Referral, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
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


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    audit_log_access(referral)
    audit_log_access(referral.child)
    return _render_detail(request, referral)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    if not policies.can_withdraw(request.user, referral):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.referral_transition(
                referral=referral,
                to_status=ReferralStatus.WITHDRAWN,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The referral is withdrawn."))
            return redirect("referrals:detail", pk=referral.pk)
    return _render_detail(request, referral, status=400, withdraw_form=form)


@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    if not policies.can_add_note(request.user, referral):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        services.referral_note_add(
            referral=referral, by=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your note is added."))
        return redirect("referrals:detail", pk=referral.pk)
    return _render_detail(request, referral, status=400, note_form=form)


@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff move a referral on (received, ready for matching, on hold, not eligible…)."""
    referral = _referral_or_404(request, pk)
    if not policies.can_manage_referral(request.user, referral):
        raise PermissionDenied
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
        try:
            services.referral_transition(
                referral=referral,
                to_status=target,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The referral is now “%(status)s”.") % {"status": ReferralStatus(target).label},
            )
            return redirect("referrals:detail", pk=referral.pk)
    return _render_detail(request, referral, status=400, status_form=form)


def plan_home_visit(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    if not policies.can_manage_referral(request.user, referral):
        raise PermissionDenied
    form = HomeVisitPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        planned_for = timezone.make_aware(
            datetime.combine(form.cleaned_data["day"], form.cleaned_data["time"])
        )
        try:
            services.home_visit_plan(referral=referral, by=request.user, planned_for=planned_for)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The home visit is planned."))
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/home_visit_plan.html",
        {"form": form, "referral": referral},
        status=400 if form.errors else 200,
    )


def record_home_visit(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    if not policies.can_manage_referral(request.user, referral):
        raise PermissionDenied
    visit = HomeVisit.objects.filter(referral=referral).first()
    initial = {"held_on": timezone.localdate(visit.planned_for)} if visit else {}
    form = HomeVisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.home_visit_record(referral=referral, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The home visit is recorded."))
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/home_visit_form.html",
        {"form": form, "referral": referral, "visit": visit},
        status=400 if form.errors else 200,
    )


# Staff lists ------------------------------------------------------------------


def referral_list(request: HttpRequest) -> HttpResponse:
    if not policies.can_list_children(request.user):
        raise PermissionDenied
    status = choice_filter(request, "status", ReferralStatus)
    page = paginate(request, selectors.referral_list(user=request.user, status=status))
    return render(
        request,
        "referrals/referral_list.html",
        {"page": page, "status": status, "statuses": ReferralStatus.choices},
    )


def intake(request: HttpRequest) -> HttpResponse:
    """The intake queue of the staff member's sites."""
    if not policies.can_run_intake(request.user):
        raise PermissionDenied
    sites = list(selectors.sites_for_referrer(request.user))
    site_id = request.GET.get("site", "")
    chosen = next((s for s in sites if str(s.pk) == site_id), None)
    page = paginate(
        request, selectors.intake_queue(user=request.user, site_id=chosen.pk if chosen else None)
    )
    return render(
        request,
        "referrals/intake.html",
        {"page": page, "sites": sites, "chosen": chosen, "now": timezone.now()},
    )


def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not policies.can_list_children(request.user):
        raise PermissionDenied
    child = selectors.child_detail(user=request.user, pk=pk)
    if child is None:
        raise Http404
    audit_log_access(child)
    return render(request, "referrals/child_detail.html", {"child": child})
