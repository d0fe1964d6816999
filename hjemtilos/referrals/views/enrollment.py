"""The caseworker's side: the enrollment form, drafts, siblings and their own list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate, status_list_page
from hjemtilos.referrals import policies, selectors, services
from hjemtilos.referrals.forms import (
    CaseworkerPreferencesForm,
    EnrollmentForm,
    caseworkers_for,
)
from hjemtilos.referrals.models import Referral, ReferralStatus


@page_rule(policies.is_caseworker)
def my_referrals(request: AuthenticatedHttpRequest) -> HttpResponse:
    return status_list_page(
        request,
        "referrals/my_referrals.html",
        ReferralStatus,
        lambda status: selectors.caseworker_referrals(user=request.user, status=status),
    )


@page_rule(policies.is_caseworker)
def updates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What happened with the caseworker's referrals, and the switch for the e-mails."""
    form = CaseworkerPreferencesForm(
        # An unticked box posts nothing: the form is bound whenever it was posted.
        request.POST if request.method == "POST" else None,
        initial={"email_updates": selectors.caseworker_email_updates(user=request.user)},
    )
    done = form_submit(
        request,
        form,
        lambda: services.caseworker_preferences_save(
            caseworker=request.user, email_updates=form.cleaned_data["email_updates"]
        ),
    )
    if done is not None:
        messages.success(
            request,
            _("You will get the updates by e-mail.")
            if done.value.email_updates
            else _("You will no longer get the updates by e-mail. They stay on this page."),
        )
        return redirect("referrals:updates")
    page = paginate(request, selectors.caseworker_updates(user=request.user))
    return render(request, "referrals/updates.html", {"page": page, "form": form})


def _enrollment_kwargs(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    sites = selectors.sites_for_referrer(request.user)
    kwargs: dict[str, Any] = {"sites": sites}
    if not policies.is_caseworker(request.user):
        kwargs["caseworkers"] = caseworkers_for(sites)
    return kwargs


@page_rule(policies.can_refer)
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The enrollment form; staff use it for a referral received by phone."""
    kwargs = _enrollment_kwargs(request)
    if not kwargs["sites"]:
        return render(request, "referrals/no_site.html", status=200)
    submitting = request.POST.get("action") == "submit"
    form = EnrollmentForm(request.POST or None, submitting=submitting, **kwargs)
    return _enrollment_page(
        request,
        form,
        lambda: services.referral_create(
            by=request.user,
            site=form.referral_site(),
            caseworker=form.cleaned_data.get("caseworker") or request.user,
            data=form.service_data(),
            submit=submitting,
        ),
        context={"title": _("Refer a child"), "phone_referral": "caseworker" in form.fields},
    )


def _enrollment_page(
    request: AuthenticatedHttpRequest,
    form: EnrollmentForm,
    save: Callable[[], Referral],
    *,
    context: dict[str, Any],
) -> HttpResponse:
    """The enrollment form's page: ``save`` the referral (a draft, or submitted when the user
    pressed "submit"), say so and show it; or show the form again with what was typed."""
    done = form_submit(request, form, save)
    if done is None:
        return render_form(request, "referrals/enrollment_form.html", form, context)
    referral = done.value
    if form.submitting:
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
    return redirect("referrals:detail", pk=referral.pk)


@object_rule(policies.can_edit_draft)
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Go on with a draft, and submit it."""
    referral = selectors.referral_for_user_or_404(user=request.user, pk=pk)
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
    return _enrollment_page(
        request,
        form,
        lambda: services.referral_update_draft(
            referral=referral, by=request.user, data=form.service_data(), submit=submitting
        ),
        context={"title": _("Referral of %(child)s") % {"child": referral.child}},
    )


@object_rule(policies.can_add_sibling)
def add_sibling(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Refer a sibling: a child of its own in the same family, with its own referral."""
    referral = selectors.referral_for_user_or_404(user=request.user, pk=pk)
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
    return _enrollment_page(
        request,
        form,
        lambda: services.referral_create(
            by=request.user,
            site=referral.site,
            caseworker=referral.caseworker or request.user,
            data=form.service_data(),
            submit=submitting,
            family=referral.child.family,
        ),
        context={
            "title": _("Refer a sibling of %(child)s") % {"child": referral.child},
            "sibling_of": referral,
        },
    )
