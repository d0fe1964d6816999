"""The waiting children and one child's ranked, explained candidates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import error_text
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate, site_filter
from hjemtilos.matching import engine, explain, policies, scoring, selectors, services
from hjemtilos.matching.forms import ProposeForm, WeekdaysForm
from hjemtilos.matching.models import all_school_days
from hjemtilos.privacy.audit import audit_read
from hjemtilos.referrals.models import Referral, ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamily, Weekday


@page_rule(policies.can_match)
def waiting(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Children waiting for a match at the staff member's sites, longest waiting first."""
    sites = list(policies.matching_sites(request.user))
    chosen = site_filter(request, sites)
    page = paginate(
        request,
        selectors.waiting_children(user=request.user, site_id=chosen.pk if chosen else None),
    )
    audit_read(request, page.object_list)
    proposals = selectors.open_proposals_for([r.pk for r in page.object_list])
    labels = dict(Weekday.choices)
    rows = []
    for referral in page.object_list:
        profile = getattr(referral, "matching_profile", None)
        days = profile.weekdays if profile else all_school_days()
        rows.append(
            {
                "referral": referral,
                "proposal": proposals.get(referral.pk),
                "weekdays": ", ".join(str(labels[d]) for d in days if d in labels),
            }
        )
    return render(
        request,
        "matching/waiting.html",
        {
            "page": page,
            "rows": rows,
            "sites": sites,
            "chosen": chosen,
            "figures": selectors.waiting_figures(sites),
            "now": timezone.now(),
        },
    )


def _child_context(
    request: AuthenticatedHttpRequest, referral: Referral, **extra: Any
) -> dict[str, Any]:
    show_all = request.GET.get("alle") == "1"
    ranking = None
    if referral.status == ReferralStatus.READY_FOR_MATCHING:
        ranking = engine.rank(
            referral, limit=engine.CANDIDATES_MAX if show_all else engine.CANDIDATES_SHOWN
        )
    audit_read(
        request,
        referral.child,
        # The candidates are shown by name: each family's record is read.
        [VolunteerFamily(pk=c.family_id) for c in ranking.candidates] if ranking else [],
    )
    proposals = selectors.proposals_of_child(referral)
    open_proposal = next((p for p in proposals if p.is_open), None)
    profile = getattr(referral, "matching_profile", None)
    weekdays = profile.weekdays if profile else all_school_days()
    rules = ranking.rules if ranking else engine.site_rules(referral.site)
    return {
        "referral": referral,
        "child": referral.child,
        "ranking": ranking,
        "show_all": show_all,
        "open_proposal": open_proposal,
        "proposals": proposals,
        "declined": selectors.declined_pairs_of_child(referral),
        "weekdays_form": extra.get("weekdays_form") or WeekdaysForm(initial={"weekdays": weekdays}),
        "weekday_labels": [str(label) for day, label in Weekday.choices if day in weekdays],
        "factors": [
            {
                "label": explain.FACTOR_LABELS[name],
                "help": explain.FACTOR_HELP[name],
                "weight": rules.weights.get(name, 0),
            }
            for name in scoring.FACTORS
        ],
        "rules": rules,
        "now": timezone.now(),
    }


@object_rule(policies.can_match_child)
def child(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A waiting child: the ranked, explained candidates and the families left out."""
    referral = selectors.referral_for_matching_or_404(user=request.user, pk=pk)
    return render(request, "matching/child.html", _child_context(request, referral))


def weekdays(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Which weekdays the child can be picked up (a hard constraint)."""
    referral = selectors.referral_for_matching_or_404(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("matching:child", pk=referral.pk)
    form = WeekdaysForm(request.POST)
    return form_action(
        request,
        form,
        lambda: services.child_weekdays_update(
            referral=referral, by=request.user, weekdays=form.cleaned_data["weekdays"]
        ),
        success=_("The child's weekdays are saved."),
        then=lambda: redirect("matching:child", pk=referral.pk),
        again=lambda: render(
            request,
            "matching/child.html",
            _child_context(request, referral, weekdays_form=form),
            status=400,
        ),
    )


@require_POST
def propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Propose one family for the child (from the ranked list or the site-wide suggestion)."""
    referral = selectors.referral_for_matching_or_404(user=request.user, pk=pk)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a family to propose."))
        return redirect("matching:child", pk=referral.pk)
    family = selectors.family_to_propose_or_404(referral=referral, pk=form.cleaned_data["family"])
    try:
        proposal = services.match_proposal_create(
            referral=referral,
            family=family,
            by=request.user,
            from_suggestion=form.cleaned_data["from_suggestion"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        if form.cleaned_data["from_suggestion"]:
            return redirect(f"{reverse('matching:suggestion')}?site={referral.site_id}")
        return redirect("matching:child", pk=referral.pk)
    messages.success(
        request,
        _("%(family)s is proposed for %(child)s. Tasks to phone both are on your list.")
        % {"family": family.name, "child": referral.child.full_name},
    )
    return redirect("matching:proposal", pk=proposal.pk)
