"""Support beside one friendship: staff record a follow-up conversation; the contact person
and the advisory team offer and book the psychologist talk; a family asks to be called."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.core.access import object_rule
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships import policies as friendship_policies
from hjemtilos.privacy.audit import audit_log_access
from hjemtilos.support import policies, selectors
from hjemtilos.support.forms import (
    CallRequestForm,
    ConversationForm,
    PsychologistOfferForm,
    PsychologistStepForm,
)
from hjemtilos.support.services import (
    PSYCHOLOGIST_WORKFLOW,
    call_request_create,
    psychologist_offer,
    psychologist_transition,
    support_conversation_record,
)
from hjemtilos.support.services.conversations import open_call_request


@object_rule(policies.can_record_conversation)
def conversation_add(request: AuthenticatedHttpRequest, friendship_pk: int) -> HttpResponse:
    """Record an individual follow-up conversation with the volunteer family."""
    friendship = selectors.friendship_for_support_or_404(user=request.user, pk=friendship_pk)
    form = ConversationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if form_submit(
        request,
        form,
        lambda: support_conversation_record(
            friendship=friendship, by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The conversation is recorded."))
        return redirect("friendships:detail", pk=friendship.pk)
    return render_form(request, "support/conversation_form.html", form, {"friendship": friendship})


@object_rule(policies.can_see_psychologist)
def psychologist(request: AuthenticatedHttpRequest, friendship_pk: int) -> HttpResponse:
    """The friendship's talks with the psychologist, and offering one."""
    friendship = selectors.friendship_for_psychologist_or_404(user=request.user, pk=friendship_pk)
    form = PsychologistOfferForm(request.POST or None)
    if request.method == "POST" and not policies.can_offer_psychologist(request.user, friendship):
        messages.error(request, _("The friendship is not running."))
        return redirect("support:psychologist", friendship_pk=friendship.pk)
    done = form_submit(
        request,
        form,
        lambda: psychologist_offer(
            friendship=friendship, by=request.user, reason=form.cleaned_data["reason"]
        ),
    )
    if done:
        messages.success(request, _("The talk is offered. Record the time once it is booked."))
        return redirect("support:psychologist_talk", pk=done.value.pk)
    audit_log_access(friendship)
    return render_form(
        request,
        "support/psychologist.html",
        form,
        {
            "friendship": friendship,
            "talks": selectors.psychologist_talks(friendship),
            "can_offer": policies.can_offer_psychologist(request.user, friendship),
        },
    )


@object_rule(policies.can_see_psychologist_conversation)
def psychologist_talk(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One psychologist talk: its history, and the next step (booked, held, not held …)."""
    talk = selectors.psychologist_talk_or_404(user=request.user, pk=pk)
    steps = PSYCHOLOGIST_WORKFLOW.next_steps(talk.status)
    form = PsychologistStepForm(request.POST or None, steps=steps)
    if form_submit(
        request,
        form,
        lambda: psychologist_transition(
            conversation=talk,
            to_status=form.cleaned_data["to_status"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            booked_for=form.booked_for(),
        ),
        rename={"booked_for": "booked_day"},
    ):
        messages.success(request, _("Recorded."))
        return redirect("support:psychologist_talk", pk=talk.pk)
    audit_log_access(talk)
    return render_form(
        request,
        "support/psychologist_talk.html",
        form,
        {
            "talk": talk,
            "friendship": talk.friendship,
            "steps": steps,
            "events": list(talk.events.select_related("by").order_by("at", "id")),
        },
    )


@object_rule(policies.can_ask_for_call)
def call_request(request: AuthenticatedHttpRequest, friendship_pk: int) -> HttpResponse:
    """ "Ring til os": the family asks its contact person to call; it becomes a task."""
    friendship = selectors.friendship_for_call_or_404(user=request.user, pk=friendship_pk)
    side = friendship_policies.portal_side(request.user)
    form = CallRequestForm(request.POST or None)
    if form_submit(
        request,
        form,
        lambda: call_request_create(
            friendship=friendship,
            side=side,
            by=request.user,
            when=form.cleaned_data["when"],
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, _("Thank you. Your contact person will call you."))
        return redirect("friendships:portal", pk=friendship.pk)
    return render(
        request,
        "support/call_request.html",
        {
            "form": form,
            "friendship": friendship,
            "already": open_call_request(friendship, side),
            "contact_person": friendship.contact_person or friendship.family.contact_person,
        },
        status=400 if form.errors else 200,
    )
