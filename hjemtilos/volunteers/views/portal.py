"""The volunteer portal: the family's own household, status and code of conduct.

A volunteer reaches only the household they live in (``policies.portal_member``);
everything here is looked up from the signed-in user, never from an id in the
URL, except a member of that same household.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemtilos.core.access import page_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.privacy.audit import audit_read
from hjemtilos.volunteers import policies, selectors, services
from hjemtilos.volunteers.forms.portal import (
    AddressForm,
    MemberAddForm,
    MoveOutForm,
    PolicyAcceptForm,
)
from hjemtilos.volunteers.models import (
    CERTIFICATE_AGE,
    HouseholdMember,
    PolicyAcceptance,
    PolicyDocumentKind,
    VolunteerFamily,
)


def _changeable(request: AuthenticatedHttpRequest) -> tuple[HouseholdMember, VolunteerFamily]:
    member, family = selectors.family_for_portal_or_404(user=request.user)
    if not policies.can_change_household(request.user, family):
        raise PermissionDenied
    audit_read(request, family)
    return member, family


@page_rule(policies.is_volunteer)
def portal(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Our household: status, what is still missing, the household and our contact person."""
    if policies.portal_member(request.user) is None:
        return render(request, "volunteers/portal_none.html")
    member, family = selectors.family_for_portal_or_404(user=request.user)
    audit_read(request, family)
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
    audit_read(request, family)
    version = selectors.current_policy_versions().get(kind)
    if version is None:
        raise Http404
    accepted = PolicyAcceptance.objects.filter(member=member, version=version).first()
    form = PolicyAcceptForm(request.POST if request.method == "POST" else None)
    return form_action(
        request,
        form,
        lambda: services.policy_accept(member=member, version=version, by=request.user),
        success=_("Thank you. You have accepted %(document)s, %(label)s.")
        % {"document": version.get_kind_display(), "label": version.label},
        then=lambda: redirect("volunteers:portal"),
        again=lambda: render_form(
            request,
            "volunteers/portal_policy.html",
            form,
            {
                "family": family,
                "me": member,
                "version": version,
                "accepted": accepted,
                "is_adult": member.age() >= ADULT_AGE,
            },
        ),
    )


def member_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    _member, family = _changeable(request)
    form = MemberAddForm(request.POST if request.method == "POST" else None)
    done = form_submit(
        request,
        form,
        lambda: services.household_member_add(family=family, by=request.user, **form.cleaned_data),
    )
    if done:
        messages.success(
            request, _("%(name)s is added to the household.") % {"name": done.value.first_name}
        )
        return redirect("volunteers:portal")
    return _render_portal_form(
        request,
        form,
        family,
        title=_("Add a member of the household"),
        intro=_(
            "A new baby, a partner moving in, a child coming home: tell us who now lives "
            "with you. Your contact person will tell you if anything is needed, e.g. "
            "certificates for someone aged %(age)s or more."
        )
        % {"age": CERTIFICATE_AGE},
        button=_("Add to the household"),
    )


def member_move_out(request: AuthenticatedHttpRequest, member_pk: int) -> HttpResponse:
    _member, family = _changeable(request)
    leaving = HouseholdMember.objects.filter(
        family=family, pk=member_pk, moved_out_on__isnull=True
    ).first()
    if leaving is None:
        raise Http404
    form = MoveOutForm(request.POST if request.method == "POST" else None)
    return form_action(
        request,
        form,
        lambda: services.household_member_move_out(
            member=leaving, by=request.user, moved_out_on=form.cleaned_data["moved_out_on"]
        ),
        success=_("%(name)s is registered as moved out.") % {"name": leaving.first_name},
        then=lambda: redirect("volunteers:portal"),
        again=lambda: _render_portal_form(
            request,
            form,
            family,
            title=_("%(name)s is moving out") % {"name": leaving},
            intro=_("The person stays in your household's history but no longer counts in it."),
            button=_("Register the move"),
        ),
    )


def address_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    _member, family = _changeable(request)
    form = AddressForm(request.POST if request.method == "POST" else None)
    return form_action(
        request,
        form,
        lambda: services.family_address_change(family=family, by=request.user, **form.cleaned_data),
        success=_("Your new address is saved."),
        then=lambda: redirect("volunteers:portal"),
        again=lambda: _render_portal_form(
            request,
            form,
            family,
            title=_("We are moving"),
            intro=_(
                "Give your new address. A friendship family lives near the child, so your "
                "contact person checks the distance when you move."
            ),
            button=_("Save the new address"),
        ),
    )


def _render_portal_form(
    request: HttpRequest, form: BaseForm, family: VolunteerFamily, **text: str
) -> HttpResponse:
    """The portal's page for one change to the household (title, intro, button)."""
    return render_form(request, "volunteers/portal_form.html", form, {"family": family, **text})
