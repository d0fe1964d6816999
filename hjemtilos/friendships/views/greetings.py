"""Greetings between the families: the portal's greetings page, sending and replying from
the phone, the parent's photo consent, the photos themselves; staff's relay queue, passing
a greeting on, feedback passed on by phone and the friendship's greeting settings.

Photos are never at a public URL: ``photo`` checks the policy on every request.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.forms import form_submit, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.forms import GreetingForm, PassOnForm, PhoneFeedbackForm, ReplyForm
from hjemtilos.friendships.models import Friendship, Greeting, Side
from hjemtilos.friendships.services.greetings import (
    greeting_pass_on,
    greeting_photo_consent_set,
    greeting_record_phone,
    greeting_send,
    relayed_feedback_set,
)
from hjemtilos.privacy.audit import audit_log_access


def _portal_friendship(request: AuthenticatedHttpRequest, pk: int) -> Friendship:
    """The family's own friendship while it still sees the child's data (else 403)."""
    friendship = selectors.friendship_for_portal_or_404(user=request.user, pk=pk)
    if not policies.sees_child_data(request.user, friendship):
        raise PermissionDenied
    return friendship


def greetings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The year's greetings between the two families, newest first."""
    friendship = _portal_friendship(request, pk)
    side = policies.portal_side(request.user)
    audit_log_access(friendship)
    return render(
        request,
        "friendships/greetings.html",
        {
            "friendship": friendship,
            "side": side,
            "is_volunteer": side == Side.VOLUNTEER_FAMILY,
            "greetings": selectors.portal_greetings(user=request.user, friendship=friendship),
            "takes_part": policies.takes_part(request.user, friendship),
            "can_give_photo_consent": policies.can_give_photo_consent(request.user, friendship),
            "reply_form": ReplyForm(),
        },
    )


def send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Write to the other family: the volunteer family's greeting (photos where the parent
    agreed), or either family's reply to a greeting received (``?svar=<pk>``)."""
    friendship = _portal_friendship(request, pk)
    if not policies.takes_part(request.user, friendship):
        raise PermissionDenied
    side = policies.portal_side(request.user)
    reply_pk = request.GET.get("svar", "")
    reply_to: Greeting | None = None
    if reply_pk.isdigit():
        reply_to = selectors.greeting_to_reply_or_404(user=request.user, pk=int(reply_pk))
        if reply_to.friendship_id != friendship.pk:
            raise PermissionDenied
    if side == Side.CHILD_FAMILY and reply_to is None:
        # The parent writes a note from the greetings page (a reply or on its own).
        form: GreetingForm | ReplyForm = ReplyForm(request.POST or None)
    elif reply_to is not None:
        form = ReplyForm(request.POST or None)
    else:
        form = GreetingForm(
            request.POST or None,
            request.FILES or None,
            visits=selectors.greeting_visits(friendship),
            initial={"visit": request.GET.get("besoeg") or None},
        )
    done = form_submit(request, form, lambda: _send(request, friendship, side, form, reply_to))
    if done:
        greeting = done.value
        messages.success(
            request,
            _("Your greeting goes to your contact person first, who passes it on.")
            if greeting.via_contact_person
            else _("Your greeting is sent."),
        )
        if isinstance(form, GreetingForm) and form.cleaned_data.get("worried"):
            messages.info(
                request,
                _("Your contact person has been told about your concern and will contact you."),
            )
        return redirect("friendships:greetings", pk=friendship.pk)
    return render_form(
        request,
        "friendships/greeting_form.html",
        form,
        {
            "friendship": friendship,
            "reply_to": reply_to,
            "photos_allowed": friendship.greeting_photo_consent_at is not None,
            "is_volunteer": side == Side.VOLUNTEER_FAMILY,
        },
    )


def _send(
    request: AuthenticatedHttpRequest,
    friendship: Friendship,
    side: str,
    form: GreetingForm | ReplyForm,
    reply_to: Greeting | None,
) -> Greeting:
    data = form.cleaned_data
    if isinstance(form, ReplyForm):
        return greeting_send(
            friendship=friendship, side=side, by=request.user, text=data["text"], reply_to=reply_to
        )
    visit_pk = data.get("visit")
    visits = {v.pk: v for v in friendship.visits.filter(pk=visit_pk)} if visit_pk else {}
    return greeting_send(
        friendship=friendship,
        side=side,
        by=request.user,
        text=data["text"],
        visit=visits.get(visit_pk) if visit_pk else None,
        photos=data.get("photos") or [],
        worried=data["worried"],
        worry_text=data["worry_text"],
    )


@require_POST
def photo_consent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The parent agrees to photos of the child in greetings, or withdraws it."""
    friendship = _portal_friendship(request, pk)
    if not policies.can_give_photo_consent(request.user, friendship):
        raise PermissionDenied
    consent = request.POST.get("consent") == "yes"
    service_action(
        request,
        lambda: greeting_photo_consent_set(friendship=friendship, by=request.user, consent=consent),
        success=_("Thank you: the volunteer family can now send you photos.")
        if consent
        else _("No more photos will be sent; the photos already sent are deleted."),
    )
    return redirect("friendships:greetings", pk=friendship.pk)


def photo(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """One greeting photo, for the two families and staff of the site only."""
    found = selectors.greeting_photo_for_user_or_404(user=request.user, pk=pk)
    response = FileResponse(
        found.image.open("rb"),
        content_type=found.content_type,
        as_attachment=request.GET.get("gem") == "1",
        filename=f"hilsen-{found.pk}{'.png' if found.content_type == 'image/png' else '.jpg'}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Staff ----------------------------------------------------------------------------------


@page_rule(policies.is_staff)
def relay_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Greetings waiting for staff to pass them on (relayed feedback), oldest first."""
    return render(
        request,
        "friendships/relay_queue.html",
        {"page": paginate(request, selectors.relay_queue(user=request.user))},
    )


@object_rule(policies.can_relay_greeting)
def relay(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Read a waiting greeting and pass it on in your own words or the family's language."""
    greeting = selectors.greeting_for_relay_or_404(user=request.user, pk=pk)
    form = PassOnForm(request.POST or None, initial={"text": greeting.text})
    if form_submit(
        request,
        form,
        lambda: greeting_pass_on(
            greeting=greeting, by=request.user, text=form.cleaned_data["text"]
        ),
    ):
        messages.success(request, _("The greeting is passed on; the family is told by SMS."))
        return redirect("friendships:relay_queue")
    audit_log_access(greeting)
    return render_form(request, "friendships/relay_form.html", form, {"greeting": greeting})


@object_rule(policies.can_manage_friendship)
def phone_feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record feedback passed on between the families by phone."""
    friendship = selectors.friendship_for_managing_or_404(user=request.user, pk=pk)
    form = PhoneFeedbackForm(request.POST or None, initial={"passed_on_on": timezone.localdate()})
    if form_submit(
        request,
        form,
        lambda: greeting_record_phone(
            friendship=friendship,
            by=request.user,
            from_side=form.cleaned_data["from_side"],
            text=form.cleaned_data["text"],
            passed_on_on=form.cleaned_data["passed_on_on"],
        ),
    ):
        messages.success(request, _("The feedback passed on by phone is recorded."))
        return redirect("friendships:detail", pk=friendship.pk)
    return render_form(
        request, "friendships/phone_feedback_form.html", form, {"friendship": friendship}
    )


@require_POST
def greeting_settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff turn relayed feedback on or off, or record the parent's photo consent from a call."""
    friendship = selectors.friendship_for_managing_or_404(user=request.user, pk=pk)
    action = request.POST.get("action")
    if action in ("relay_on", "relay_off"):
        on = action == "relay_on"
        service_action(
            request,
            lambda: relayed_feedback_set(friendship=friendship, by=request.user, enabled=on),
            success=_("Greetings now go to the contact person first.")
            if on
            else _("Greetings now go straight to the other family."),
        )
    elif action in ("consent_yes", "consent_no"):
        yes = action == "consent_yes"
        service_action(
            request,
            lambda: greeting_photo_consent_set(friendship=friendship, by=request.user, consent=yes),
            success=_("The parent's consent to photos in greetings is recorded.")
            if yes
            else _("The consent is withdrawn; the photos already sent are deleted."),
        )
    else:
        messages.error(request, _("Choose what to change."))
    return redirect("friendships:detail", pk=friendship.pk)
