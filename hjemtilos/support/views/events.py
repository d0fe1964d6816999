"""Joint outings and events: staff plan them and record who came; a volunteer family answers
its invitations (with how many come)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.forms import form_submit, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.organisations.selectors import sites_for_staff
from hjemtilos.support import policies, selectors
from hjemtilos.support.forms import AnswerForm, JointEventForm
from hjemtilos.support.models import Answer
from hjemtilos.support.services import (
    invitation_answer,
    joint_event_attendance_record,
    joint_event_cancel,
    joint_event_create,
)


@page_rule(policies.is_staff)
def events(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The sites' joint outings and events, with sign-ups; plan a new one."""
    sites = sites_for_staff(request.user)
    form = JointEventForm(
        request.POST or None, sites=sites, groups=policies.visible_groups(request.user)
    )
    done = form_submit(
        request,
        form,
        lambda: joint_event_create(
            site=form.cleaned_data["site"],
            by=request.user,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            starts_at=form.at(),
            place=form.cleaned_data["place"],
            description=form.cleaned_data["description"],
            children_welcome=form.cleaned_data["children_welcome"],
            sign_up_by=form.cleaned_data["sign_up_by"],
            group=form.cleaned_data["group"],
        ),
        rename={"starts_at": "day"},
    )
    if done:
        messages.success(
            request,
            _("The event is planned and %(n)s families are invited by e-mail.")
            % {"n": done.value.invitations.count()},
        )
        return redirect("support:event", pk=done.value.pk)
    return render_form(
        request,
        "support/events.html",
        form,
        {"page": paginate(request, selectors.events(user=request.user)), "now": timezone.now()},
    )


@object_rule(policies.can_manage_event)
def event(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who is invited and coming (with how many), and afterwards who came."""
    found = selectors.event_for_staff_or_404(user=request.user, pk=pk)
    if request.method == "POST":
        attended = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        if service_action(
            request,
            lambda: joint_event_attendance_record(
                event=found, attended_family_ids=attended, by=request.user
            ),
            success=_("Attendance is saved."),
        ):
            return redirect("support:event", pk=found.pk)
    rows = selectors.invitations(found)
    coming = [i for i in rows if i.answer == Answer.YES]
    return render(
        request,
        "support/event.html",
        {
            "event": found,
            "invitations": rows,
            "coming": len(coming),
            "adults": sum(i.adults for i in coming),
            "children": sum(i.children for i in coming),
            "unanswered": sum(1 for i in rows if not i.answer),
            "has_started": found.starts_at <= timezone.now(),
        },
    )


@require_POST
def event_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = selectors.event_for_staff_or_404(user=request.user, pk=pk)
    service_action(
        request,
        lambda: joint_event_cancel(event=found, by=request.user),
        success=_("The event is cancelled and the families are told by e-mail."),
    )
    return redirect("support:event", pk=found.pk)


@page_rule(policies.is_volunteer)
def my_events(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The household's invitations to joint outings and events."""
    return render(
        request,
        "support/my_events.html",
        {"invitations": selectors.my_invitations(user=request.user), "now": timezone.now()},
    )


@object_rule(policies.can_answer_invitation)
def event_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Sign up (how many adults and children come) or say no."""
    invitation = selectors.invitation_for_answer_or_404(user=request.user, pk=pk)
    found = invitation.event
    initial: dict[str, object] = {"answer": invitation.answer or Answer.YES}
    if invitation.answer == Answer.YES:
        initial |= {"adults": invitation.adults, "children": invitation.children}
    form = AnswerForm(
        request.POST or None, initial=initial, children_welcome=found.children_welcome
    )
    if form_submit(
        request,
        form,
        lambda: invitation_answer(
            invitation=invitation,
            by=request.user,
            answer=form.cleaned_data["answer"],
            adults=form.cleaned_data["adults"] or 0,
            children=form.cleaned_data.get("children") or 0,
        ),
    ):
        messages.success(
            request,
            _("Thank you, you are signed up.")
            if form.cleaned_data["answer"] == Answer.YES
            else _("Thank you for letting us know."),
        )
        return redirect("support:my_events")
    return render_form(
        request, "support/event_answer.html", form, {"invitation": invitation, "event": found}
    )
