"""Staff's survey pages: enter answers given on the phone, send an invitation again, record
the child's voice at the child visit, read the answers staff entered."""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemtilos.core.access import object_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.privacy.audit import audit_read
from hjemtilos.surveys import policies, selectors
from hjemtilos.surveys.forms import ChildVoiceForm, ReopenForm, StaffAnswerForm
from hjemtilos.surveys.models import SurveyInvitation
from hjemtilos.surveys.services import (
    child_voice_record,
    invitation_reopen,
    response_record_for_invitation,
)
from hjemtilos.surveys.services.answers import child_voice_survey


def _person(invitation: object) -> str:
    person = getattr(invitation, "guardian", None) or getattr(invitation, "member", None)
    if person is None:
        return _("A person no longer on the case")
    return f"{person.first_name} {person.last_name}"


def _invitation_form(
    request: AuthenticatedHttpRequest, template: str, invitation: SurveyInvitation, form: BaseForm
) -> HttpResponse:
    """An invitation's form page (read, so audited), again with its errors after a post."""
    audit_read(request, invitation)
    return render_form(
        request, template, form, {"invitation": invitation, "person": _person(invitation)}
    )


@object_rule(policies.can_enter_answers)
def enter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff type in the answers a parent or volunteer gave on the phone (or in person)."""
    invitation = selectors.invitation_for_entering_or_404(user=request.user, pk=pk)
    form = StaffAnswerForm(
        request.POST if request.method == "POST" else None,
        questions=selectors.version_questions(invitation.version),
    )
    return form_action(
        request,
        form,
        lambda: response_record_for_invitation(
            invitation=invitation,
            by=request.user,
            answers=form.answers(),
            consent=form.cleaned_data["consent"],
            mode=form.cleaned_data["mode"],
        ),
        success=_("The answers of %(person)s are saved.") % {"person": _person(invitation)},
        then=lambda: redirect("friendships:detail", invitation.friendship_id),
        again=lambda: _invitation_form(request, "surveys/enter.html", invitation, form),
    )


@object_rule(policies.can_reopen_invitation)
def reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send a declined or expired invitation again, with a new link and a reason."""
    invitation = selectors.invitation_for_reopening_or_404(user=request.user, pk=pk)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    return form_action(
        request,
        form,
        lambda: invitation_reopen(
            invitation=invitation, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("The survey is sent again to %(person)s.") % {"person": _person(invitation)},
        then=lambda: redirect("friendships:detail", invitation.friendship_id),
        again=lambda: _invitation_form(request, "surveys/reopen.html", invitation, form),
    )


@object_rule(policies.can_record_child_voice)
def child_voice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The child's own answers at the child visit, recorded by staff with the child."""
    friendship = selectors.friendship_for_child_voice_or_404(user=request.user, pk=pk)
    recorded = selectors.friendship_child_voice(friendship)
    if recorded is not None:
        messages.info(request, _("The child's voice has been recorded already."))
        return redirect("surveys:response", recorded.pk)
    survey = child_voice_survey()
    version = selectors.current_version(survey) if survey else None
    questions = selectors.version_questions(version) if version else []
    form = ChildVoiceForm(request.POST if request.method == "POST" else None, questions=questions)
    done = form_submit(
        request,
        form,
        lambda: child_voice_record(
            friendship=friendship,
            by=request.user,
            answers=form.answers(),
            consent=form.cleaned_data["consent"],
            visited_on=form.cleaned_data["visited_on"],
        ),
    )
    if done:
        messages.success(request, _("The child's voice is recorded. Thank you."))
        return redirect("friendships:detail", friendship.pk)
    audit_read(request, friendship)
    return render(
        request,
        "surveys/child_voice.html",
        {"friendship": friendship, "version": version, "form": form},
        status=400 if form.errors else 200,
    )


@object_rule(policies.can_read_response)
def response_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The answers staff entered (a phone call, a visit, the child's voice)."""
    response = selectors.response_for_staff_or_404(user=request.user, pk=pk)
    audit_read(request, response)
    return render(
        request,
        "surveys/response_detail.html",
        {
            "response": response,
            "person": _person(response.invitation) if response.invitation else "",
            "rows": selectors.response_answers(response),
        },
    )
