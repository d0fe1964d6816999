"""The instruments: every survey with its versions and their exact wording (staff,
evaluators and administrators read them); administrators draft, edit and publish versions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import form_submit, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.surveys import policies, selectors
from hjemtilos.surveys.forms import QuestionForm, VersionForm
from hjemtilos.surveys.scales import SCALES
from hjemtilos.surveys.services import (
    question_delete,
    question_move,
    question_save,
    survey_version_draft,
    survey_version_publish,
    survey_version_update,
)


@page_rule(policies.can_read_surveys)
def survey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": selectors.surveys_for_admin(),
            "can_edit": policies.can_edit_surveys(request.user),
        },
    )


@object_rule(policies.can_read_version)
def version_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for_reading_or_404(user=request.user, pk=pk)
    questions = selectors.version_questions(version)
    return render(
        request,
        "surveys/version_detail.html",
        {
            "version": version,
            "questions": [
                {"question": q, "choices": selectors.question_choices(q)} for q in questions
            ],
            "can_edit": policies.can_edit_version(request.user, version),
            "scales": SCALES,
        },
    )


@require_POST
def version_draft(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A new draft version, copied from the newest one."""
    survey = selectors.survey_for_drafting_or_404(user=request.user, pk=pk)
    done = service_action(
        request,
        lambda: survey_version_draft(survey=survey, by=request.user),
        success=_("A new draft is made from the newest version. Change it, then publish it."),
    )
    if done:
        draft = survey.versions.order_by("-number").first()
        if draft is not None:
            return redirect("surveys:version", draft.pk)
    return redirect("surveys:list")


@object_rule(policies.can_edit_version)
def version_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for_editing_or_404(user=request.user, pk=pk)
    form = VersionForm(request.POST if request.method == "POST" else None, instance=version)
    return form_action(
        request,
        form,
        lambda: survey_version_update(version=version, by=request.user, **form.cleaned_data),
        success=_("The texts are saved."),
        then=lambda: redirect("surveys:version", version.pk),
        again=lambda: render(
            request,
            "surveys/version_form.html",
            {"version": version, "form": form},
            status=400 if form.errors else 200,
        ),
    )


def _question_page(
    request: AuthenticatedHttpRequest, version: object, form: QuestionForm, status: int
) -> HttpResponse:
    return render(
        request,
        "surveys/question_form.html",
        {"version": version, "form": form, "question": form.instance},
        status=status,
    )


@object_rule(policies.can_edit_version)
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for_editing_or_404(user=request.user, pk=pk)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if form_submit(
        request,
        form,
        lambda: question_save(version=version, by=request.user, **form.values()),
        rename={"options": "options_text"},
    ):
        messages.success(request, _("The question is added."))
        return redirect("surveys:version", version.pk)
    return _question_page(request, version, form, 400 if form.errors else 200)


@object_rule(policies.can_edit_question)
def question_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for_editing_or_404(user=request.user, pk=pk)
    version = question.version
    form = QuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if form_submit(
        request,
        form,
        lambda: question_save(version=version, question=question, by=request.user, **form.values()),
        rename={"options": "options_text"},
    ):
        messages.success(request, _("The question is saved."))
        return redirect("surveys:version", version.pk)
    return _question_page(request, version, form, 400 if form.errors else 200)


@require_POST
def question_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for_editing_or_404(user=request.user, pk=pk)
    version_pk = question.version_id
    service_action(
        request,
        lambda: question_delete(question=question, by=request.user),
        success=_("The question is removed from the draft."),
    )
    return redirect("surveys:version", version_pk)


@require_POST
def question_reorder(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for_editing_or_404(user=request.user, pk=pk)
    service_action(
        request,
        lambda: question_move(
            question=question, by=request.user, up=request.POST.get("direction") == "up"
        ),
        success=_("The question is moved."),
    )
    return redirect("surveys:version", question.version_id)


@require_POST
def version_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for_editing_or_404(user=request.user, pk=pk)
    service_action(
        request,
        lambda: survey_version_publish(version=version, by=request.user),
        success=_(
            "Version %(number)d is published: new invitations use it from now on, and it can "
            "no longer be changed."
        )
        % {"number": version.number},
    )
    return redirect("surveys:version", version.pk)
