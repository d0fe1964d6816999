"""Requests from professionals (*henvendelser*): registered by staff, advised, never sent to
the volunteer family."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemtilos.core.access import object_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships import selectors as friendship_selectors
from hjemtilos.privacy.audit import audit_read
from hjemtilos.safeguarding import policies, selectors, services
from hjemtilos.safeguarding.forms import InquiryForm, InquiryUpdateForm


def inquiry_create(request: AuthenticatedHttpRequest, friendship_pk: int) -> HttpResponse:
    """A request from a professional about the friendship, registered by staff of its site."""
    friendship = friendship_selectors.friendship_for_managing_or_404(
        user=request.user, pk=friendship_pk
    )
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
    audit_read(request, friendship)
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
    return form_action(
        request,
        form,
        lambda: services.inquiry_update(
            inquiry=inquiry,
            by=request.user,
            data={name: form.cleaned_data[name] for name in form.Meta.fields},
        ),
        success=_("The inquiry is updated."),
        then=lambda: redirect("safeguarding:inquiry", pk=inquiry.pk),
        again=lambda: render_form(
            request, "safeguarding/inquiry_detail.html", form, {"inquiry": inquiry}
        ),
    )
