"""The logbook: the volunteer family writes from the phone; staff screen weekly."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate, site_filter
from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.forms import LogbookEntryForm, ScreenForm, yes_no
from hjemtilos.friendships.registry import sections_for
from hjemtilos.friendships.services.logbook import logbook_entry_create, logbook_entry_screen
from hjemtilos.friendships.views.common import safe_next
from hjemtilos.organisations.selectors import sites_for_staff
from hjemtilos.privacy.audit import audit_log_access


def write(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A logbook entry in under a minute: taps for how it went, a few words if wanted."""
    friendship = selectors.friendship_for_logbook_or_404(user=request.user, pk=pk)
    visits = selectors.visits_to_log(friendship)
    form = LogbookEntryForm(request.POST or None, visits=visits)
    done = form_submit(
        request,
        form,
        lambda: logbook_entry_create(
            friendship=friendship,
            by=request.user,
            visit=next((v for v in visits if v.pk == form.cleaned_data["visit"]), None),
            rating=form.cleaned_data["rating"],
            mood=form.cleaned_data["mood"],
            tags=form.cleaned_data["tags"],
            text=form.cleaned_data["text"],
            follow_up_text=form.cleaned_data["follow_up_text"],
            overnight_stay=yes_no(form.cleaned_data["overnight_stay"]),
            worried=form.cleaned_data["worried"],
            worry_text=form.cleaned_data["worry_text"],
        ),
    )
    if done:
        entry = done.value
        messages.success(request, _("Thank you. The logbook entry is saved."))
        if entry.worried:
            messages.info(
                request,
                _("Your contact person has been told about your concern and will contact you."),
            )
        if entry.overnight_stay:
            messages.warning(
                request,
                _(
                    "Overnight stays are not allowed in the Hjem til Os year. Your contact "
                    "person will phone you."
                ),
            )
        if form.cleaned_data["send_greeting"] and entry.visit_id:
            # The greeting is its own page: what the child's family reads, apart from the
            # logbook only staff read.
            return redirect(
                reverse("friendships:greeting_send", args=[friendship.pk])
                + f"?besoeg={entry.visit_id}"
            )
        return redirect("friendships:portal", pk=friendship.pk)
    return render_form(
        request,
        "friendships/logbook_form.html",
        form,
        {
            "friendship": friendship,
            "visits": visits,
            "sections": sections_for("portal_logbook", request.user, friendship),
        },
    )


@page_rule(policies.is_staff)
def screening(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The site's unscreened logbook entries, oldest first (staff screen them weekly)."""
    sites = list(sites_for_staff(request.user))
    chosen = site_filter(request, sites)
    page = paginate(
        request,
        selectors.screening_queue(user=request.user, site_id=chosen.pk if chosen else None),
        per_page=20,
    )
    return render(
        request,
        "friendships/screening.html",
        {
            "page": page,
            "sites": sites,
            "chosen": chosen,
            "overdue_before": timezone.now() - selectors.SCREENING_DUE,
            "form": ScreenForm(),
        },
    )


@require_POST
def screen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = selectors.logbook_entry_for_screening_or_404(user=request.user, pk=pk)
    form = ScreenForm(request.POST)
    if form_submit(
        request,
        form,
        lambda: logbook_entry_screen(
            entry=entry,
            by=request.user,
            follow_up_title=form.cleaned_data["follow_up_title"],
            follow_up_due_on=form.cleaned_data["follow_up_due_on"],
        ),
    ):
        messages.success(request, _("The entry is screened."))
        return redirect(safe_next(request, reverse("friendships:screening")))
    audit_log_access(entry)
    return render_form(
        request,
        "friendships/screen_form.html",
        form,
        {"entry": entry, "next": safe_next(request, "")},
    )
