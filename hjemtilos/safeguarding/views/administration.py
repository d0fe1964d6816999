"""Administrators' pages for safeguarding: who leads the advisory team, and where each
municipality receives notifications. Neither shows a concern."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.organisations.services import municipality_contact_update
from hjemtilos.safeguarding import policies, selectors, services
from hjemtilos.safeguarding.forms import AdvisoryLeadForm, MunicipalityContactForm


@page_rule(policies.can_appoint_advisory_lead)
def advisory_team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The advisory team's members; an administrator appoints or stands down its lead."""
    if request.method == "POST":
        chosen = AdvisoryLeadForm(request.POST)
        if not chosen.is_valid():
            raise Http404
        member = get_object_or_404(User, pk=chosen.cleaned_data["user"], role=Role.ADVISORY)
        lead = chosen.cleaned_data["lead"]
        service_action(
            request,
            lambda: services.advisory_lead_set(user=member, by=request.user, is_lead=lead),
            success=(
                _("%(name)s now leads the advisory team.")
                if lead
                else _("%(name)s no longer leads the advisory team.")
            )
            % {"name": member.get_full_name()},
        )
        return redirect("safeguarding:advisory_team")
    return render(
        request,
        "safeguarding/advisory_team.html",
        {"members": selectors.advisory_team_with_leads()},
    )


@page_rule(policies.can_edit_municipality_contacts)
def municipality_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every municipality with the address its notifications go to."""
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.municipalities(query=query))
    return render(request, "safeguarding/municipality_list.html", {"page": page, "query": query})


@object_rule(policies.can_edit_municipality)
def municipality_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    municipality = selectors.municipality_for_editing_or_404(user=request.user, pk=pk)
    form = MunicipalityContactForm(
        request.POST or None,
        initial={
            "notification_email": municipality.notification_email,
            "children_services_phone": municipality.children_services_phone,
        },
    )
    return form_action(
        request,
        form,
        lambda: municipality_contact_update(
            municipality=municipality,
            by=request.user,
            notification_email=form.cleaned_data["notification_email"],
            children_services_phone=form.cleaned_data["children_services_phone"],
        ),
        success=_("The contact details of %(name)s are saved.") % {"name": municipality.name},
        then=lambda: redirect("safeguarding:municipalities"),
        again=lambda: render_form(
            request, "safeguarding/municipality_form.html", form, {"municipality": municipality}
        ),
    )
