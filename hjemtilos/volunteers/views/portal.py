"""The volunteer portal: the family's own household, status and code of conduct.

A volunteer reaches only the household they live in (``policies.portal_member``);
everything here is looked up from the signed-in user, never from an id in the
URL, except a member of that same household.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import add_service_errors
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.volunteers import policies, selectors, services
from hjemtilos.volunteers.forms.portal import (
    AddressForm,
    MemberAddForm,
    MoveOutForm,
    PolicyAcceptForm,
)
from hjemtilos.volunteers.models import (
    HouseholdMember,
    PolicyAcceptance,
    PolicyDocumentKind,
    VolunteerFamily,
)


def _changeable(request: AuthenticatedHttpRequest) -> tuple[HouseholdMember, VolunteerFamily]:
    member, family = selectors.family_for_portal_or_404(user=request.user)
    if not policies.can_change_household(request.user, family):
        raise PermissionDenied
    return member, family


@page_rule(policies.is_volunteer)
def portal(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Our household: status, what is still missing, the household and our contact person."""
    if policies.portal_member(request.user) is None:
        return render(request, "volunteers/portal_none.html")
    member, family = selectors.family_for_portal_or_404(user=request.user)
    vetting = selectors.family_vetting(family)
    return render(
        request,
        "volunteers/portal.html",
        {
            "me": member,
            "family": family,
            "vetting": vetting,
            "my_row": next(r for r in vetting.members if r.member.pk == member.pk),
            "can_change": policies.can_change_household(request.user, family),
            "changes": list(family.household_changes.select_related("by")[:10]),
            "document_kinds": PolicyDocumentKind,
        },
    )


def portal_policy(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """The current version's text, and the adult's acceptance of it."""
    if kind not in PolicyDocumentKind.values:
        raise Http404
    member, family = selectors.family_for_portal_or_404(user=request.user)
    version = selectors.current_policy_versions().get(kind)
    if version is None:
        raise Http404
    accepted = PolicyAcceptance.objects.filter(member=member, version=version).first()
    form = PolicyAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_accept(member=member, version=version, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. You have accepted %(document)s, %(label)s.")
                % {"document": version.get_kind_display(), "label": version.label},
            )
            return redirect("volunteers:portal")
    return render(
        request,
        "volunteers/portal_policy.html",
        {
            "family": family,
            "me": member,
            "version": version,
            "accepted": accepted,
            "form": form,
            "is_adult": member.age() >= selectors.ADULT_AGE,
        },
        status=400 if form.errors else 200,
    )


def member_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    _member, family = _changeable(request)
    form = MemberAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.household_member_add(
                family=family, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is added to the household.") % {"name": added.first_name}
            )
            return redirect("volunteers:portal")
    return render(
        request,
        "volunteers/portal_form.html",
        _form_context(
            form,
            family,
            title=_("Add a member of the household"),
            intro=_(
                "A new baby, a partner moving in, a child coming home: tell us who now lives "
                "with you. Your contact person will tell you if anything is needed, e.g. "
                "certificates for someone aged 15 or more."
            ),
            button=_("Add to the household"),
        ),
        status=400 if form.errors else 200,
    )


def member_move_out(request: AuthenticatedHttpRequest, member_pk: int) -> HttpResponse:
    _member, family = _changeable(request)
    leaving = HouseholdMember.objects.filter(
        family=family, pk=member_pk, moved_out_on__isnull=True
    ).first()
    if leaving is None:
        raise Http404
    form = MoveOutForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_member_move_out(
                member=leaving, by=request.user, moved_out_on=form.cleaned_data["moved_out_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is registered as moved out.") % {"name": leaving.first_name}
            )
            return redirect("volunteers:portal")
    return render(
        request,
        "volunteers/portal_form.html",
        _form_context(
            form,
            family,
            title=_("%(name)s is moving out") % {"name": leaving},
            intro=_("The person stays in your household's history but no longer counts in it."),
            button=_("Register the move"),
        ),
        status=400 if form.errors else 200,
    )


def address_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    _member, family = _changeable(request)
    form = AddressForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_address_change(family=family, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your new address is saved."))
            return redirect("volunteers:portal")
    return render(
        request,
        "volunteers/portal_form.html",
        _form_context(
            form,
            family,
            title=_("We are moving"),
            intro=_(
                "Give your new address. A friendship family lives near the child, so your "
                "contact person checks the distance when you move."
            ),
            button=_("Save the new address"),
        ),
        status=400 if form.errors else 200,
    )


def _form_context(form: Any, family: VolunteerFamily, **text: Any) -> dict[str, Any]:
    return {"form": form, "family": family, **text}
