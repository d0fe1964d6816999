"""Match proposals: the list, one proposal with both answers, withdrawal, the first meeting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.forms import form_submit, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.matching import policies, selectors, services
from hjemtilos.matching.forms import AnswerForm, FirstMeetingForm, WithdrawForm
from hjemtilos.matching.models import Answer, BookKind, MatchProposal, ProposalStatus, Side
from hjemtilos.privacy.audit import audit_read


@page_rule(policies.can_match)
def proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in ("open", "all", *ProposalStatus.values):
        status = "open"
    sites = list(policies.matching_sites(request.user))
    page = paginate(
        request,
        selectors.proposal_list(user=request.user, status="" if status == "all" else status),
    )
    audit_read(request, page.object_list)
    return render(
        request,
        "matching/proposal_list.html",
        {
            "page": page,
            "status": status,
            "status_options": [
                ("open", _("Open (waiting for answers, or accepted)")),
                ("all", _("All")),
                *ProposalStatus.choices,
            ],
            "many_sites": len(sites) > 1,
        },
    )


def _render(
    request: AuthenticatedHttpRequest, proposal: MatchProposal, status: int = 200, **forms: Any
) -> HttpResponse:
    audit_read(request, proposal, proposal.child, proposal.family)
    books = {book.kind: book for book in proposal.books.all()}
    answers = [
        {
            "side": side,
            "label": label,
            "answer": proposal.answer_of(side),
            "answer_label": Answer(proposal.answer_of(side)).label,
            "at": getattr(proposal, f"{side}_answered_at"),
            "by": getattr(proposal, f"{side}_answer_by"),
            "reason": getattr(proposal, f"{side}_reason"),
        }
        for side, label in Side.choices
    ]
    answer_form = forms.get("answer_form")
    context = {
        "proposal": proposal,
        "referral": proposal.referral,
        "child": proposal.child,
        "family": proposal.family,
        "answers": answers,
        "pending_sides": [a for a in answers if not a["answer"]],
        "answer_form": answer_form or AnswerForm(),
        "answer_side": answer_form.data.get("side") if answer_form is not None else "",
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "meeting_form": forms.get("meeting_form")
        or FirstMeetingForm(staff=services.staff_of_site(proposal.site_id)),
        "child_book": books.get(BookKind.CHILD),
        "unwritten_books": [kind.label for kind in services.books_unwritten(books.values())],
        "family_book": books.get(BookKind.FAMILY),
        "can_answer": proposal.status == ProposalStatus.PROPOSED,
        "can_withdraw": proposal.is_open,
        "is_accepted": proposal.status == ProposalStatus.ACCEPTED,
    }
    return render(request, "matching/proposal.html", context, status=status)


@object_rule(policies.can_handle_proposal)
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    return _render(request, proposal)


@require_POST
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the parent's or the family's yes or no."""
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    form = AnswerForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda: services.match_proposal_answer(
            proposal=proposal,
            side=form.cleaned_data["side"],
            accepted=form.cleaned_data["answer"] == "accepted",
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
    )
    if done:
        proposal = done.value
        side = Side(form.cleaned_data["side"]).label
        if proposal.status == ProposalStatus.ACCEPTED:
            messages.success(
                request,
                _(
                    "Both said yes: the match is made. Write the friendship books and "
                    "schedule the first meeting."
                ),
            )
        elif proposal.status == ProposalStatus.DECLINED:
            messages.success(
                request,
                _(
                    "%(side)s said no. The child and the family are back in matching, and "
                    "this pair will not be proposed again."
                )
                % {"side": side},
            )
        else:
            messages.success(request, _("%(side)s said yes.") % {"side": side})
        return redirect("matching:proposal", pk=proposal.pk)
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    return _render(request, proposal, status=400, answer_form=form)


@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    if form_submit(
        request,
        form,
        lambda: services.match_proposal_withdraw(
            proposal=proposal,
            by=request.user,
            reason=form.cleaned_data["reason"],
            never_again=form.cleaned_data["never_again"],
        ),
    ):
        messages.success(request, _("The proposal is withdrawn."))
        return redirect("matching:proposal", pk=proposal.pk)
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    return _render(request, proposal, status=400, withdraw_form=form)


@require_POST
def books_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    service_action(
        request,
        lambda: services.books_mark_sent(proposal=proposal, by=request.user),
        success=_("The friendship books are marked as sent."),
    )
    return redirect("matching:proposal", pk=proposal.pk)


@require_POST
def schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Schedule the first meeting with a staff member: the match becomes a friendship."""
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    form = FirstMeetingForm(request.POST, staff=services.staff_of_site(proposal.site_id))
    if form_submit(
        request,
        form,
        lambda: services.first_meeting_schedule(
            proposal=proposal, by=request.user, at=form.at(), staff=form.cleaned_data["staff"]
        ),
        rename={"at": "day"},
    ):
        messages.success(
            request, _("The first meeting is scheduled, and the friendship is planned.")
        )
        return redirect("matching:proposal", pk=proposal.pk)
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    return _render(request, proposal, status=400, meeting_form=form)
