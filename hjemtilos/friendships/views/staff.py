"""Staff pages: the friendships, one friendship's year, the first meeting and the agreement,
the attention list and the site's school holidays."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate, status_list_page
from hjemtilos.followups.forms import TaskCompleteForm
from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.forms import (
    AgreementChangeForm,
    FirstMeetingForm,
    FirstMeetingPlanForm,
    SchoolHolidayForm,
)
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.friendships.registry import sections_for
from hjemtilos.friendships.services import (
    agreement_change,
    calendar,
    first_meeting_record,
    friendship_first_meeting_plan,
)
from hjemtilos.friendships.services.ending import future_agreement_is_open
from hjemtilos.friendships.services.greetings import feedback_stale_sides
from hjemtilos.friendships.services.plan import follow_up_plan_reapply
from hjemtilos.organisations.selectors import sites_for_staff
from hjemtilos.privacy.audit import audit_read


@page_rule(policies.can_list_friendships)
def friendship_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return status_list_page(
        request,
        "friendships/friendship_list.html",
        FriendshipStatus,
        lambda status: selectors.friendship_list(user=request.user, status=status),
        shown=lambda rows: audit_read(request, rows),
    )


@page_rule(policies.can_list_friendships)
def attention(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Friendships with two cancelled visits in a row, three weeks without a visit, or
    greetings that stayed away from one family for four weeks."""
    page = paginate(request, selectors.attention_list(user=request.user))
    audit_read(request, page.object_list)
    today = timezone.localdate()
    rows: Any = [selectors.attention_row(f, today) for f in page.object_list]
    page.object_list = rows
    return render(request, "friendships/attention.html", {"page": page, "today": today})


@object_rule(policies.can_view_friendship)
def friendship_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    friendship = selectors.friendship_for_staff_or_404(user=request.user, pk=pk)
    audit_read(request, friendship)
    user = request.user
    visits = selectors.year_visits(friendship)
    today = timezone.localdate()
    manages = policies.can_manage_friendship(user, friendship)
    agreements = selectors.agreements(friendship)
    return render(
        request,
        "friendships/friendship_detail.html",
        {
            "friendship": friendship,
            "today": today,
            "soon": today + timedelta(days=7),
            "manages": manages,
            "stability": selectors.stability(friendship, visits, today),
            "upcoming": [v for v in visits if v.date >= today][:6],
            "recent": [v for v in visits if v.date < today][-6:][::-1],
            "holiday_decisions": [v for v in visits if v.needs_holiday_decision],
            "agreement": agreements[0] if agreements else None,
            "agreements": agreements,
            "first_meeting": getattr(friendship, "first_meeting", None),
            "future": getattr(friendship, "future_agreement", None),
            "logbook_entries": selectors.recent_logbook_entries(friendship),
            "tasks": selectors.friendship_tasks(friendship) if manages else [],
            "task_form": TaskCompleteForm(),
            # What higher apps add (safeguarding's concerns and requests): friendships.registry.
            "staff_actions": sections_for("staff_actions", user, friendship),
            "staff_sections": sections_for("staff", user, friendship),
            "deletions": selectors.deletion_confirmations(friendship),
            "events": selectors.events(friendship),
            # Greetings are for the families and the staff who pass them on; the
            # advisory team reads concerns, not the families' greetings.
            "greetings": selectors.staff_greetings(friendship) if manages else [],
            "feedback_stale": feedback_stale_sides(friendship, today),
            "extra_visits": selectors.extra_visits(friendship),
            "guidance_read_at": selectors.guidance_read_at(friendship),
            "guidance_offered": future_agreement_is_open(friendship, today),
        },
    )


@object_rule(policies.can_view_friendship)
def visit_calendar(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole year's visits, with holidays, cancellations and moves."""
    friendship = selectors.friendship_for_staff_or_404(user=request.user, pk=pk)
    audit_read(request, friendship)
    visits = selectors.year_visits(friendship)
    return render(
        request,
        "friendships/visit_calendar.html",
        {
            "friendship": friendship,
            "visits": visits,
            "today": timezone.localdate(),
            "manages": policies.can_manage_friendship(request.user, friendship),
            "stability": selectors.stability(friendship, visits),
        },
    )


@object_rule(policies.can_manage_friendship)
def first_meeting_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    friendship = selectors.friendship_for_managing_or_404(user=request.user, pk=pk)
    audit_read(request, friendship)
    initial = {}
    if friendship.first_meeting_at:
        local = timezone.localtime(friendship.first_meeting_at)
        initial = {"day": local.date(), "time": local.time()}
    form = FirstMeetingPlanForm(request.POST or None, initial=initial)
    if form_submit(
        request,
        form,
        lambda: friendship_first_meeting_plan(friendship=friendship, by=request.user, at=form.at()),
        rename={"at": "day"},
    ):
        messages.success(request, _("The first meeting is planned."))
        return redirect("friendships:detail", pk=friendship.pk)
    return render_form(
        request, "friendships/first_meeting_plan.html", form, {"friendship": friendship}
    )


def _site_staff(friendship: Friendship) -> QuerySet[User]:
    return User.objects.filter(
        role=Role.STAFF, is_active=True, site_memberships__site_id=friendship.site_id
    ).order_by("first_name", "last_name")


@object_rule(policies.can_manage_friendship)
def first_meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the first meeting and the agreement; the year starts with the first solo visit."""
    friendship = selectors.friendship_for_managing_or_404(user=request.user, pk=pk)
    audit_read(request, friendship)
    if friendship.status != FriendshipStatus.PLANNED:
        messages.info(request, _("The first meeting has been recorded already."))
        return redirect("friendships:detail", pk=friendship.pk)
    planned = (
        timezone.localdate(friendship.first_meeting_at) if friendship.first_meeting_at else None
    )
    held_on = planned if planned and planned <= timezone.localdate() else timezone.localdate()
    form = FirstMeetingForm(
        request.POST or None,
        staff=_site_staff(friendship),
        initial={
            "held_on": held_on,
            "staff_present": request.user,
            "first_solo_on": held_on + timedelta(days=7),
            "weekday": (held_on + timedelta(days=7)).weekday(),
            "pickup_place": friendship.child.school,
        },
    )
    return form_action(
        request,
        form,
        lambda: first_meeting_record(
            friendship=friendship,
            by=request.user,
            held_on=form.cleaned_data["held_on"],
            attendees=form.cleaned_data["attendees"],
            first_solo_on=form.cleaned_data["first_solo_on"],
            agreement=form.agreement_data(),
            staff_present=form.cleaned_data["staff_present"],
            notes=form.cleaned_data["notes"],
        ),
        success=_(
            "The first meeting is recorded. The visits for the year and the follow-up plan "
            "are ready."
        ),
        then=lambda: redirect("friendships:detail", pk=friendship.pk),
        again=lambda: render_form(
            request, "friendships/first_meeting_form.html", form, {"friendship": friendship}
        ),
    )


def agreement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change the agreement from a day on; earlier versions and visits are kept."""
    friendship = selectors.friendship_for_managing_or_404(user=request.user, pk=pk)
    if friendship.status != FriendshipStatus.RUNNING:
        raise Http404
    audit_read(request, friendship)
    current = selectors.current_agreement(friendship)
    initial: dict[str, object] = {"valid_from": timezone.localdate()}
    if current is not None:
        initial.update({name: getattr(current, name) for name in AgreementChangeForm.AGREEMENT})
    form = AgreementChangeForm(request.POST or None, initial=initial)
    return form_action(
        request,
        form,
        lambda: agreement_change(
            friendship=friendship,
            by=request.user,
            valid_from=form.cleaned_data["valid_from"],
            data=form.agreement_data(),
            reason=form.cleaned_data["change_reason"],
        ),
        success=_("The agreement is changed; the coming visits follow it."),
        then=lambda: redirect("friendships:detail", pk=friendship.pk),
        again=lambda: render_form(
            request,
            "friendships/agreement_form.html",
            form,
            {"friendship": friendship, "agreements": selectors.agreements(friendship)},
        ),
    )


@require_POST
def plan_reapply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Replace the open plan tasks with tasks from the site's current template."""
    friendship = selectors.friendship_for_managing_or_404(user=request.user, pk=pk)
    if not friendship.is_active:
        raise Http404
    tasks = follow_up_plan_reapply(friendship=friendship, by=request.user)
    messages.success(
        request,
        _("The follow-up plan is applied again from the site's template (%(n)s tasks).")
        % {"n": len(tasks)},
    )
    return redirect("friendships:detail", pk=friendship.pk)


@page_rule(policies.can_edit_school_holidays)
def school_holidays(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The site's school holidays: visits in them are flagged for the families to decide."""
    sites = sites_for_staff(request.user)
    form = SchoolHolidayForm(request.POST or None, sites=sites)
    done = form_submit(
        request,
        form,
        lambda: calendar.school_holiday_add(by=request.user, **form.cleaned_data),
    )
    if done:
        holiday, changed = done.value
        messages.success(
            request,
            _("%(name)s is added; %(n)s coming visits are marked.")
            % {"name": holiday.name, "n": changed},
        )
        return redirect("friendships:school_holidays")
    return render_form(
        request,
        "friendships/school_holidays.html",
        form,
        {"holidays": selectors.school_holidays(user=request.user), "today": timezone.localdate()},
    )


@require_POST
def school_holiday_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    holiday = selectors.school_holiday_for_staff_or_404(user=request.user, pk=pk)
    calendar.school_holiday_delete(holiday=holiday)
    messages.success(request, _("%(name)s is removed.") % {"name": holiday.name})
    return redirect("friendships:school_holidays")
