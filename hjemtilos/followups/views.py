"""Staff's follow-up work: my tasks, the lead's overdue list, the site's follow-up plan
template (*årshjul*) and a group supervision session's attendance (planning a session
invites the families in running friendships: ``friendships.views.supervision``). Rules live
in policies, services and selectors."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import form_submit, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate, site_filter
from hjemtilos.followups import policies, selectors, services
from hjemtilos.followups.forms import PlanItemForm, TaskCompleteForm, TaskReplanForm
from hjemtilos.followups.models import PlanTemplateItem
from hjemtilos.followups.services.plans import plan_item_save, plan_template_ensure
from hjemtilos.followups.services.supervision import supervision_attendance_record
from hjemtilos.organisations.selectors import sites_for_staff
from hjemtilos.privacy.audit import audit_read


def _next(request: AuthenticatedHttpRequest) -> str:
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return ""
    return back


#: Tasks per page of "my tasks": one short row each, the forms open in place.
TASKS_PER_PAGE = 30


@page_rule(policies.can_have_tasks)
def my_tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.open_tasks(user=request.user), per_page=TASKS_PER_PAGE)
    groups = selectors.group_tasks(page.object_list)
    audit_read(request, groups.values())
    return render(
        request,
        "followups/my_tasks.html",
        {
            "groups": [
                (_("Urgent"), groups["urgent"]),
                (_("Overdue"), groups["overdue"]),
                (_("Due this week"), groups["this_week"]),
                (_("Later"), groups["later"]),
            ],
            "page": page,
            "count": page.paginator.count,
            "next": request.get_full_path(),
            "is_lead": policies.is_site_lead(request.user),
        },
    )


@object_rule(policies.can_complete_task)
def task_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A task's description and its forms: complete it, or plan it again.

    From "my tasks" htmx asks for the forms alone and opens them under the
    task's row; without JavaScript the link opens this page.
    """
    task = selectors.task_for_staff_or_404(user=request.user, pk=pk)
    audit_read(request, task)
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    context = {
        "task": task,
        "next": back or reverse("followups:mine"),
        "tomorrow": timezone.localdate() + timedelta(days=1),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "followups/_task_actions.html", context)
    return render(request, "followups/task.html", context)


@require_POST
def complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_staff_or_404(user=request.user, pk=pk)
    form = TaskCompleteForm(request.POST)
    back = _next(request)
    if form.is_valid():
        service_action(
            request,
            lambda: services.follow_up_task_complete(
                task=task, by=request.user, outcome=form.cleaned_data["outcome"]
            ),
            success=_("Task completed: %(task)s") % {"task": task.title},
        )
        return redirect(back or "followups:mine")
    # Keep what was typed: show the form again with its error.
    audit_read(request, task)
    return render(
        request,
        "followups/complete.html",
        {"task": task, "form": form, "next": back, "replan_form": TaskReplanForm()},
        status=400,
    )


@require_POST
def replan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """No answer: record the try and plan the task again."""
    task = selectors.task_for_staff_or_404(user=request.user, pk=pk)
    form = TaskReplanForm(request.POST)
    back = _next(request)
    done = form_submit(
        request,
        form,
        lambda: services.follow_up_task_replan(
            task=task,
            by=request.user,
            due_on=form.cleaned_data["due_on"],
            note=form.cleaned_data["note"],
        ),
    )
    if done:
        messages.success(
            request,
            _("Planned again for %(date)s: %(task)s")
            % {"date": done.value.due_on.strftime("%d.%m.%Y"), "task": task.title},
        )
        return redirect(back or "followups:mine")
    audit_read(request, task)
    return render(
        request,
        "followups/complete.html",
        {"task": task, "form": TaskCompleteForm(), "replan_form": form, "next": back},
        status=400,
    )


def overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The site lead's view: every overdue task at the lead's sites, whoever owns it."""
    site_ids = policies.lead_site_ids(request.user)
    if not site_ids:
        raise PermissionDenied
    page = paginate(request, selectors.overdue_at_lead_sites(site_ids=site_ids))
    audit_read(request, page.object_list)
    return render(request, "followups/overdue.html", {"page": page})


@page_rule(policies.can_have_tasks)
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The follow-up plan template of the staff member's sites."""
    sites = list(sites_for_staff(request.user))
    chosen = site_filter(request, sites, required=True)
    items = []
    if chosen is not None:
        plan_template_ensure(site=chosen)
        items = list(selectors.plan_items(site_id=chosen.pk))
    return render(
        request, "followups/plan.html", {"sites": sites, "chosen": chosen, "items": items}
    )


def _plan_item_page(request: AuthenticatedHttpRequest, item: PlanTemplateItem) -> HttpResponse:
    """Add or change one step of the site's plan (``item`` is new or saved)."""
    form = PlanItemForm(request.POST or None, instance=item)
    return form_action(
        request,
        form,
        lambda: plan_item_save(item=form.instance, by=request.user),
        success=_(
            "The plan is saved. New friendships get it; running ones keep theirs until "
            "the plan is applied again."
        ),
        then=lambda: redirect(f"{reverse('followups:plan')}?site={item.site_id}"),
        again=lambda: render_form(
            request,
            "followups/plan_item_form.html",
            form,
            {"site": item.site, "item": item if item.pk else None},
        ),
    )


@object_rule(policies.can_edit_plan)
def plan_item_add(request: AuthenticatedHttpRequest, site_pk: int) -> HttpResponse:
    site = selectors.site_for_plan_or_404(user=request.user, pk=site_pk)
    return _plan_item_page(request, PlanTemplateItem(site=site))


@object_rule(policies.can_edit_plan_item)
def plan_item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.plan_item_for_staff_or_404(user=request.user, pk=pk)
    return _plan_item_page(request, item)


@object_rule(policies.can_run_session)
def supervision_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A session's invitations; after it, staff record who came."""
    session = selectors.supervision_session_for_staff_or_404(user=request.user, pk=pk)
    if request.method == "POST":
        attended = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        count = supervision_attendance_record(
            session=session, attended_family_ids=attended, by=request.user
        )
        messages.success(request, _("Attendance is recorded: %(n)s families came.") % {"n": count})
        return redirect("followups:supervision_detail", pk=session.pk)
    invitations = selectors.session_invitations(session)
    audit_read(request, invitations)
    return render(
        request,
        "followups/supervision_detail.html",
        {
            "session": session,
            "invitations": invitations,
            "has_started": session.starts_at <= timezone.now(),
        },
    )
