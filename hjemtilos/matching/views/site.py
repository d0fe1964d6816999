"""Site-wide: the optimal suggestion compared with greedy, and the site's matching settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import PAGE_SIZE, site_filter
from hjemtilos.matching import explain, policies, scoring, selectors, services
from hjemtilos.matching.forms import SettingsForm
from hjemtilos.privacy.audit import audit_read


@page_rule(policies.can_match)
def suggestion(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The latest site-wide suggestion: optimal against greedy, row by row, to take or leave."""
    sites = list(policies.matching_sites(request.user))
    site = site_filter(request, sites, required=True)
    state = selectors.suggestion_state(site) if site else None
    run = state.done if state else None
    page = None
    rows = []
    if run is not None:
        ordered = sorted(run.rows, key=lambda row: (row[1] is None, -(row[2] or 0), row[0]))
        page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("side"))
        rows = selectors.run_rows(run, list(page.object_list))
    audit_read(request, [(row.referral, row.optimal, row.greedy) for row in rows])
    return render(
        request,
        "matching/suggestion.html",
        {
            "sites": sites,
            "site": site,
            "run": run,
            "waiting": state.waiting if state else None,
            "failed": state.failed if state else None,
            "stale": state.stale if state else False,
            "page": page,
            "rows": rows,
            "optimal_average": round(run.optimal_total / run.optimal_pairs, 1)
            if run and run.optimal_pairs
            else None,
            "greedy_average": round(run.greedy_total / run.greedy_pairs, 1)
            if run and run.greedy_pairs
            else None,
            "gain": round(run.optimal_total - run.greedy_total, 1) if run else None,
        },
    )


@require_POST
def suggestion_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask a task worker for a new site-wide suggestion (seconds of work, off the request)."""
    site = selectors.site_for_matching_or_404(user=request.user, pk=pk)
    run, created = services.suggestion_request(site=site, by=request.user)
    if created:
        messages.success(request, _("A new suggestion is being computed."))
    else:
        messages.info(
            request,
            _("A suggestion asked for at %(time)s is already being computed; it is shown here.")
            % {"time": date_format(localtime(run.created_at), "TIME_FORMAT")},
        )
    return redirect(f"{reverse('matching:suggestion')}?site={site.pk}")


@object_rule(policies.can_match_site)
def suggestion_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress box the suggestion page polls; a full reload once the run is over."""
    site = selectors.site_for_matching_or_404(user=request.user, pk=pk)
    run = selectors.open_run_or_none(site)
    if request.headers.get("HX-Request") != "true":
        return redirect(f"{reverse('matching:suggestion')}?site={site.pk}")
    if run is None:
        return HttpResponseClientRefresh()
    return render(request, "matching/_suggestion_progress.html", {"run": run})


@object_rule(policies.can_match_site)
def site_settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The site's weights for the soft factors, the travel limit and the early-ending rule."""
    site = selectors.site_for_matching_or_404(user=request.user, pk=pk)
    row = selectors.settings_for(site)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(row, site))
    return form_action(
        request,
        form,
        lambda: services.matching_settings_update(
            site=site,
            by=request.user,
            weights=form.weights(),
            early_ending=form.cleaned_data["early_ending"],
            max_travel_minutes=form.cleaned_data["max_travel_minutes"],
        ),
        success=_("The matching settings of %(site)s are saved.") % {"site": site.name},
        then=lambda: redirect("matching:settings", pk=site.pk),
        again=lambda: render_form(
            request,
            "matching/settings.html",
            form,
            {
                "site": site,
                "factors": [
                    {"label": explain.FACTOR_LABELS[name], "help": explain.FACTOR_HELP[name]}
                    for name in scoring.FACTORS
                ],
                "reasons": list(explain.REASON_LABELS.values()),
            },
        ),
    )
