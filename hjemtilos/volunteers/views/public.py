"""The public application page (no login), linked from recruitment campaigns."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemtilos.core.forms import add_service_errors
from hjemtilos.organisations.models import Site
from hjemtilos.volunteers import services
from hjemtilos.volunteers.forms.application import (
    ApplicationForm,
    MemberFormSet,
    channel_from_query,
)

RECEIPT_SESSION_KEY = "volunteers:application_receipt"


def _site_for(form: ApplicationForm) -> Site | None:
    """The site of the municipality the family lives in; an error on the postal code if none."""
    postal_code = form.cleaned_data["postal_code"]
    site = (
        Site.objects.filter(municipality_id=postal_code.municipality_id, is_active=True)
        .order_by("id")
        .first()
    )
    if site is None:
        form.add_error(
            "postal_code",
            _(
                "Hjem til Os does not yet run in %(municipality)s. Thank you for your interest: "
                "follow the charity's website to hear when it does."
            )
            % {"municipality": postal_code.municipality.name},
        )
    return site


@login_not_required
def apply(request: HttpRequest) -> HttpResponse:
    """Apply to become a friendship family.

    A robot that fills the hidden field is answered as if it had succeeded
    (so it learns nothing) and nothing is stored. Each client address may
    send a few applications an hour; beyond that the form is shown again with
    everything typed kept.
    """
    channel = channel_from_query(request.GET.get("kanal", ""))
    form = ApplicationForm(
        request.POST if request.method == "POST" else None, initial={"recruitment_channel": channel}
    )
    members: Any = MemberFormSet(
        request.POST if request.method == "POST" else None, prefix="members"
    )
    status = 200
    if request.method == "POST":
        if form.is_spam():
            return redirect("volunteers:apply_receipt")
        valid = form.is_valid() & members.is_valid()  # both, so every error shows
        site = _site_for(form) if valid else None
        if site is not None:
            # Only a submission that would create an application is counted:
            # someone correcting their typing is never locked out.
            if not services.application_attempt_register(
                address=get_client_ip_address(request) or "unknown"
            ):
                form.add_error(
                    None,
                    _(
                        "Too many applications have been sent from your connection. "
                        "Wait an hour and send it again; what you typed is kept below."
                    ),
                )
                status = 429
            else:
                people = members.members()
                adult = next((m for m in people if m["email"]), people[0])
                try:
                    family = services.application_submit(
                        site=site,
                        family_data=form.family_data(
                            fallback_name=_("The %(name)s family") % {"name": adult["last_name"]}
                        ),
                        members=people,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    request.session[RECEIPT_SESSION_KEY] = {
                        "family": family.name,
                        "site": site.name,
                        "emails": [m["email"] for m in people if m["email"]],
                        "members": len(people),
                    }
                    return redirect("volunteers:apply_receipt")
        if status == HTTPStatus.OK and (form.errors or members.total_error_count()):
            status = 400
    return render(
        request,
        "volunteers/apply.html",
        {"form": form, "members": members, "channel": channel},
        status=status,
    )


@login_not_required
def apply_receipt(request: HttpRequest) -> HttpResponse:
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    return render(request, "volunteers/apply_receipt.html", {"receipt": receipt})
