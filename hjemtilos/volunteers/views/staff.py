"""Staff pages for volunteer families: the list, the vetting page and its forms.

Views stay thin: policies decide who may, services change, selectors read.
A family outside the user's sites answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.actions import form_action, invite_action
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import status_list_page
from hjemtilos.followups.selectors import tasks_for_family
from hjemtilos.privacy.audit import audit_read
from hjemtilos.referrals.models import NeedTag
from hjemtilos.volunteers import policies, selectors, services
from hjemtilos.volunteers.forms.staff import (
    ApprovalForm,
    CertificateForm,
    ContactPersonForm,
    CourseForm,
    InterviewForm,
    InterviewPlanForm,
    RemarksDecisionForm,
    StatusChangeForm,
)
from hjemtilos.volunteers.models import (
    Certificate,
    CertificateKind,
    CertificateResult,
    FamilyInterview,
    HouseholdMember,
    RemarksDecision,
    VolunteerFamily,
    VolunteerFamilyStatus,
    Weekday,
)
from hjemtilos.volunteers.services import FAMILY_WORKFLOW

S = VolunteerFamilyStatus


@page_rule(policies.can_list_families)
def family_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return status_list_page(
        request,
        "volunteers/family_list.html",
        VolunteerFamilyStatus,
        lambda status: selectors.family_list(user=request.user, status=status),
        shown=lambda rows: audit_read(request, rows),
    )


def _status_actions(
    request: AuthenticatedHttpRequest, family: VolunteerFamily
) -> list[dict[str, Any]]:
    """The moves staff can make from here; planning, recording and approval have own pages."""
    actions = FAMILY_WORKFLOW.next_steps(
        family.status, allowed=lambda target: policies.can_transition(request.user, family, target)
    )
    for action in actions:
        target = action["status"]
        if target == S.INTERVIEW_PLANNED and family.status == S.APPLIED:
            action["kind"] = "plan"
        elif target == S.INTERVIEWED:
            action["kind"] = "record"
        elif target == S.APPROVED and family.status in (S.VETTING, S.RESTING):
            action["kind"] = "approve"
        else:
            action["kind"] = "status"
    return actions


def _render_detail(
    request: AuthenticatedHttpRequest, family: VolunteerFamily, status: int = 200, **forms: Any
) -> HttpResponse:
    audit_read(request, family)
    manages = policies.can_manage_family(request.user, family)
    interview = FamilyInterview.objects.filter(family=family).first()
    context = {
        "family": family,
        "manages": manages,
        "vetting": selectors.family_vetting(family),
        "interview": interview,
        "actions": _status_actions(request, family) if manages else [],
        "status_form": forms.get("status_form"),
        "contact_form": forms.get("contact_form")
        or ContactPersonForm(
            staff=selectors.site_staff(family.site_id),
            initial={"contact_person": family.contact_person_id},
        ),
        "tasks": tasks_for_family(family_id=family.pk) if manages else [],
        "weekday_labels": [Weekday(d).label for d in family.weekdays if d in Weekday.values],
        "cannot_take_on_labels": [
            NeedTag(v).label for v in family.cannot_take_on if v in NeedTag.values
        ],
    }
    return render(request, "volunteers/family_detail.html", context, status=status)


@object_rule(policies.can_manage_family)
def family_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_for_staff_or_404(user=request.user, pk=pk)
    return _render_detail(request, family)


@require_POST
def change_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff move a family on: to vetting, resting, withdrawn, rejected or back."""
    family = selectors.family_for_staff_or_404(user=request.user, pk=pk)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["to_status"]
        if not policies.can_transition(request.user, family, target):
            raise PermissionDenied
        if target == S.APPROVED and family.status in (S.VETTING, S.RESTING):
            return redirect("volunteers:approve", pk=family.pk)
        if form_submit(
            request,
            form,
            lambda: services.family_transition(
                family=family, to_status=target, by=request.user, reason=form.cleaned_data["reason"]
            ),
        ):
            messages.success(
                request, _("The family is now “%(status)s”.") % {"status": S(target).label}
            )
            return redirect("volunteers:detail", pk=family.pk)
    return _render_detail(request, family, status=400, status_form=form)


@require_POST
def member_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite an adult of the household to the portal, or send the invitation again."""
    member = selectors.member_for_inviting_or_404(user=request.user, pk=pk)
    invite_action(
        request,
        lambda: services.household_member_invite(member=member, by=request.user),
        name=member.first_name,
        invited_before=member.user is not None,
    )
    return redirect(reverse("volunteers:detail", args=[member.family_id]) + "#household")


@require_POST
def set_contact_person(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_for_staff_or_404(user=request.user, pk=pk)
    form = ContactPersonForm(request.POST, staff=selectors.site_staff(family.site_id))
    return form_action(
        request,
        form,
        lambda: services.family_contact_person_set(
            family=family, by=request.user, contact_person=form.cleaned_data["contact_person"]
        ),
        success=_("The contact person is changed."),
        then=lambda: redirect("volunteers:detail", pk=family.pk),
        again=lambda: _render_detail(request, family, status=400, contact_form=form),
    )


def plan_interview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_for_staff_or_404(user=request.user, pk=pk)
    audit_read(request, family)
    form = InterviewPlanForm(request.POST if request.method == "POST" else None)
    if form_submit(
        request,
        form,
        lambda: services.interview_plan(family=family, by=request.user, planned_for=form.at()),
        rename={"planned_for": "day"},
    ):
        messages.success(request, _("The home interview is planned."))
        return redirect("volunteers:detail", pk=family.pk)
    return render_form(request, "volunteers/interview_plan.html", form, {"family": family})


def record_interview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_for_staff_or_404(user=request.user, pk=pk)
    audit_read(request, family)
    interview = FamilyInterview.objects.filter(family=family).first()
    initial: dict[str, Any] = {"capacity": family.capacity, "max_children": family.max_children}
    if interview and interview.held_on:
        initial.update(
            held_on=interview.held_on,
            attendees=interview.attendees,
            whole_family_supports="yes" if interview.whole_family_supports else "no",
            support_notes=interview.support_notes,
            motivation=interview.motivation,
            expectations=interview.expectations,
            assessment=family.assessment,
        )
    elif interview and interview.planned_for:
        initial["held_on"] = timezone.localdate(interview.planned_for)
    form = InterviewForm(request.POST if request.method == "POST" else None, initial=initial)
    return form_action(
        request,
        form,
        lambda: services.interview_record(family=family, by=request.user, **form.cleaned_data),
        success=_("The home interview is recorded."),
        then=lambda: redirect("volunteers:detail", pk=family.pk),
        again=lambda: render_form(
            request,
            "volunteers/interview_form.html",
            form,
            {"family": family, "interview": interview},
        ),
    )


def member_vetting(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """One member's certificates, online course and acceptances, each with its form."""
    family = selectors.family_for_staff_or_404(user=request.user, pk=pk)
    member = HouseholdMember.objects.filter(family=family, pk=member_pk).first()
    if member is None:
        raise Http404
    audit_read(request, family, member)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound: dict[str, Any] = {}
    form: Any
    if action == "certificate":
        form = CertificateForm(request.POST, prefix=request.POST.get("kind", ""))
        bound[f"certificate_{request.POST.get('kind', '')}"] = form
        if form_submit(
            request,
            form,
            lambda: services.certificate_record(
                member=member, by=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("The certificate is recorded."))
            return redirect("volunteers:member", pk=family.pk, member_pk=member.pk)
    elif action == "decision":
        certificate = Certificate.objects.filter(
            member=member, pk=request.POST.get("certificate", "")
        ).first()
        if certificate is None:
            raise Http404
        form = RemarksDecisionForm(request.POST)
        bound["decision"] = form
        if form_submit(
            request,
            form,
            lambda: services.certificate_decide(
                certificate=certificate,
                by=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            ),
        ):
            messages.success(request, _("The decision on the remarks is recorded."))
            return redirect("volunteers:member", pk=family.pk, member_pk=member.pk)
    elif action == "course":
        form = CourseForm(request.POST)
        bound["course"] = form
        if form_submit(
            request,
            form,
            lambda: services.course_record(
                member=member, by=request.user, completed_on=form.cleaned_data["completed_on"]
            ),
        ):
            messages.success(request, _("The online course is recorded."))
            return redirect("volunteers:member", pk=family.pk, member_pk=member.pk)
    elif request.method == "POST":
        raise Http404
    vetting = selectors.family_vetting(family)
    row = next(r for r in vetting.members if r.member.pk == member.pk)
    certificate_forms = []
    for kind in CertificateKind:
        current = row.certificates.get(kind)
        fresh = current is None or bool(current.received_on)
        form = bound.get(f"certificate_{kind.value}") or CertificateForm(
            prefix=kind.value,
            initial={"kind": kind.value}
            if fresh
            else {
                "kind": kind.value,
                "requested_on": current.requested_on if current else None,
            },
        )
        certificate_forms.append(
            {
                "kind": kind,
                "current": current,
                "form": form,
                "renewal": current is not None and bool(current.received_on),
                "needs_decision": current is not None
                and current.result == CertificateResult.REMARKS
                and current.remarks_decision == RemarksDecision.UNDECIDED,
            }
        )
    return render(
        request,
        "volunteers/member_vetting.html",
        {
            "family": family,
            "member": member,
            "row": row,
            "certificate_forms": certificate_forms,
            "decision_form": bound.get("decision") or RemarksDecisionForm(),
            "course_form": bound.get("course")
            or CourseForm(initial={"completed_on": member.course_completed_on}),
            "versions": vetting.versions,
        },
        status=400 if any(f.errors for f in bound.values()) else 200,
    )


def approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The approval screen: what is missing, per member; approval refused while anything is."""
    family = selectors.family_for_staff_or_404(user=request.user, pk=pk)
    audit_read(request, family)
    if family.status not in (S.VETTING, S.RESTING):
        messages.info(
            request,
            _("Only a family in vetting, or resting, can be approved. It is now “%(status)s”.")
            % {"status": family.get_status_display()},
        )
        return redirect("volunteers:detail", pk=family.pk)
    form = ApprovalForm(request.POST if request.method == "POST" else None)
    return form_action(
        request,
        form,
        lambda: services.family_transition(
            family=family, to_status=S.APPROVED, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("%(family)s is approved.") % {"family": family.name},
        then=lambda: redirect("volunteers:detail", pk=family.pk),
        again=lambda: render_form(
            request,
            "volunteers/approve.html",
            form,
            {"family": family, "vetting": selectors.family_vetting(family)},
        ),
    )
