"""Staff's own follow-up tasks. Rules live in policies, services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.followups import policies, selectors, services
from hjemtilos.followups.forms import TaskCompleteForm
from hjemtilos.followups.models import FollowUpTask


def my_tasks(request: HttpRequest) -> HttpResponse:
    if not policies.can_have_tasks(request.user):
        raise PermissionDenied
    groups = selectors.my_tasks(user=request.user)
    return render(
        request,
        "followups/my_tasks.html",
        {
            "groups": [
                (_("Overdue"), groups["overdue"]),
                (_("Due this week"), groups["this_week"]),
                (_("Later"), groups["later"]),
            ],
            "count": sum(len(g) for g in groups.values()),
            "form": TaskCompleteForm(),
        },
    )


@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    task = FollowUpTask.objects.filter(pk=pk).first()
    if task is None or not policies.can_complete_task(request.user, task):
        raise Http404
    form = TaskCompleteForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if form.is_valid():
        try:
            services.follow_up_task_complete(
                task=task, by=request.user, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Task completed: %(task)s") % {"task": task.title})
        return redirect(back or "followups:mine")
    # Keep what was typed: show the form again with its error.
    return render(
        request,
        "followups/complete.html",
        {"task": task, "form": form, "next": back},
        status=400,
    )
