"""Pages for concerns and inquiries. A concern outside the user's reach is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.friendships import policies as friendship_policies
from hjemtilos.friendships import selectors as friendship_selectors
from hjemtilos.friendships.models import Side
from hjemtilos.privacy.audit import audit_read
from hjemtilos.safeguarding import policies, selectors, services
from hjemtilos.safeguarding.forms import (
    ConcernForm,
    ConcernStepForm,
    InquiryForm,
    InquiryUpdateForm,
)
from hjemtilos.safeguarding.models import Concern, ConcernSource, ConcernStatus
from hjemtilos.safeguarding.services import CONCERN_WORKFLOW


@page_rule(policies.can_list_concerns)
def concern_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in ("open", "", *ConcernStatus.values):
        status = "open"
    page = paginate(request, selectors.concern_list(user=request.user, status=status))
    audit_read(request, page.object_list)
    return render(
        request,
        "safeguarding/concern_list.html",
        {
            "page": page,
            "status": status,
            "status_options": [("open", _("Open")), ("", _("All")), *ConcernStatus.choices],
        },
    )


def _step_choices(concern: Concern) -> list[tuple[str, str]]:
    allowed = CONCERN_WORKFLOW.allowed_from(concern.status)
    return [
        (concern.status, str(_("Add a note (no change of status)"))),
        *(
            (target, str(ConcernStatus(target).label))
            for target in CONCERN_WORKFLOW.order
            if target in allowed
        ),
    ]


def _render_concern(
    request: AuthenticatedHttpRequest,
    concern: Concern,
    form: ConcernStepForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_act = policies.can_act_on_concern(request.user, concern)
    return render(
        request,
        "safeguarding/concern_detail.html",
        {
            "concern": concern,
            "events": selectors.concern_events(concern),
            "can_act": can_act,
            "form": form or (ConcernStepForm(choices=_step_choices(concern)) if can_act else None),
        },
        status=status,
    )


@object_rule(policies.can_view_concern)
def concern_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    concern = selectors.concern_for_user_or_404(user=request.user, pk=pk)
    audit_read(request, concern)
    return _render_concern(request, concern)


@require_POST
def concern_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    concern = selectors.concern_for_user_or_404(user=request.user, pk=pk)
    if not policies.can_act_on_concern(request.user, concern):
        raise PermissionDenied
    form = ConcernStepForm(request.POST, choices=_step_choices(concern))
    if form_submit(
        request,
        form,
        lambda: services.concern_step(
            concern=concern,
            by=request.user,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, _("The step is recorded."))
        return redirect("safeguarding:concern", pk=concern.pk)
    return _render_concern(request, concern, form, status=400)


def concern_raise(request: AuthenticatedHttpRequest, friendship_pk: int) -> HttpResponse:
    """Tell the charity about a concern: the volunteer family in the portal, staff after a call."""
    friendship = selectors.friendship_for_concern_or_404(user=request.user, pk=friendship_pk)
    audit_read(request, friendship)
    staff = friendship_policies.can_manage_friendship(request.user, friendship)
    form = ConcernForm(
        request.POST or None,
        staff=staff,
        initial={} if staff else {"observed_by": request.user.get_full_name()},
    )
    if form_submit(
        request,
        form,
        lambda: services.concern_raise(
            friendship=friendship,
            by=request.user,
            source=form.cleaned_data["source"] if staff else ConcernSource.PORTAL,
            observed=form.cleaned_data["observed"],
            observed_on=form.cleaned_data["observed_on"],
            observed_by=form.cleaned_data["observed_by"],
        ),
    ):
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
    return render_form(
        request,
        "safeguarding/concern_form.html",
        form,
        {
            "friendship": friendship,
            "staff": staff,
            "is_volunteer": friendship_policies.portal_side(request.user) == Side.VOLUNTEER_FAMILY,
        },
    )


def inquiry_create(request: AuthenticatedHttpRequest, friendship_pk: int) -> HttpResponse:
    """A request from a professional about the friendship, registered by staff of its site."""
    friendship = friendship_selectors.friendship_for_managing_or_404(
        user=request.user, pk=friendship_pk
    )
    audit_read(request, friendship)
    form = InquiryForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda: services.inquiry_create(
            friendship=friendship, by=request.user, data=form.cleaned_data
        ),
    )
    if done:
        messages.success(request, _("The inquiry is registered."))
        return redirect("safeguarding:inquiry", pk=done.value.pk)
    return render_form(request, "safeguarding/inquiry_form.html", form, {"friendship": friendship})


@object_rule(policies.can_view_inquiry)
def inquiry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inquiry = selectors.inquiry_for_user_or_404(user=request.user, pk=pk)
    audit_read(request, inquiry)
    can_edit = policies.can_register_inquiry(request.user, inquiry.friendship)
    form = InquiryUpdateForm(request.POST or None, instance=inquiry) if can_edit else None
    if form is None:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "safeguarding/inquiry_detail.html", {"inquiry": inquiry})
    if form_submit(
        request,
        form,
        lambda: services.inquiry_update(
            inquiry=inquiry,
            by=request.user,
            data={name: form.cleaned_data[name] for name in form.Meta.fields},
        ),
    ):
        messages.success(request, _("The inquiry is updated."))
        return redirect("safeguarding:inquiry", pk=inquiry.pk)
    return render_form(request, "safeguarding/inquiry_detail.html", form, {"inquiry": inquiry})
