"""Staff's side: the intake queue, the home visit, the lists of children."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.actions import form_action, invite_action
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate, site_filter, status_list_page
from hjemtilos.privacy.audit import audit_read
from hjemtilos.referrals import policies, selectors, services
from hjemtilos.referrals.forms import (
    HomeVisitForm,
    HomeVisitPlanForm,
)
from hjemtilos.referrals.models import HomeVisit, ReferralStatus


@object_rule(policies.can_manage_referral)
def plan_home_visit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_for_intake_or_404(user=request.user, pk=pk)
    audit_read(request, referral)
    form = HomeVisitPlanForm(request.POST or None)
    if form_submit(
        request,
        form,
        lambda: services.home_visit_plan(referral=referral, by=request.user, planned_for=form.at()),
        rename={"planned_for": "day"},
    ):
        messages.success(request, _("The home visit is planned."))
        return redirect("referrals:detail", pk=referral.pk)
    return render_form(request, "referrals/home_visit_plan.html", form, {"referral": referral})


@object_rule(policies.can_manage_referral)
def record_home_visit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_for_intake_or_404(user=request.user, pk=pk)
    audit_read(request, referral)
    visit = HomeVisit.objects.filter(referral=referral).first()
    initial = {"held_on": timezone.localdate(visit.planned_for)} if visit else {}
    form = HomeVisitForm(request.POST or None, initial=initial)
    return form_action(
        request,
        form,
        lambda: services.home_visit_record(
            referral=referral, by=request.user, data=form.cleaned_data
        ),
        success=_("The home visit is recorded."),
        then=lambda: redirect("referrals:detail", pk=referral.pk),
        again=lambda: render_form(
            request, "referrals/home_visit_form.html", form, {"referral": referral, "visit": visit}
        ),
    )


@page_rule(policies.can_list_children)
def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return status_list_page(
        request,
        "referrals/referral_list.html",
        ReferralStatus,
        lambda status: selectors.referral_list(user=request.user, status=status),
        shown=lambda rows: audit_read(request, rows),
    )


@page_rule(policies.can_run_intake)
def intake(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The intake queue of the staff member's sites."""
    sites = list(selectors.sites_for_referrer(request.user))
    chosen = site_filter(request, sites)
    page = paginate(
        request, selectors.intake_queue(user=request.user, site_id=chosen.pk if chosen else None)
    )
    audit_read(request, page.object_list)
    return render(
        request,
        "referrals/intake.html",
        {"page": page, "sites": sites, "chosen": chosen, "now": timezone.now()},
    )


@object_rule(policies.can_view_child)
def child_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_for_staff_or_404(user=request.user, pk=pk)
    audit_read(request, child)
    return render(
        request,
        "referrals/child_detail.html",
        {
            "child": child,
            "invite_guardians": policies.can_invite_guardians(request.user, child.family),
        },
    )


@require_POST
def guardian_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite a parent to the portal (or send the invitation again), from the child's or
    the referral's page, which the form names as ``next``."""
    guardian = selectors.guardian_for_inviting_or_404(user=request.user, pk=pk)
    invite_action(
        request,
        lambda: services.guardian_invite(guardian=guardian, by=request.user),
        name=guardian.first_name,
        invited_before=guardian.user is not None,
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("referrals:list")
    return redirect(target + "#guardians")
