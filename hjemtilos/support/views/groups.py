"""Supervision groups by situation: staff group volunteer families by what their friendships
have in common and plan a supervision session for a group."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.forms import form_submit, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.organisations.selectors import sites_for_staff
from hjemtilos.support import policies, selectors
from hjemtilos.support.forms import GroupForm, GroupSessionForm
from hjemtilos.support.services import (
    supervision_group_create,
    supervision_group_member_remove,
    supervision_group_members_add,
    supervision_group_session_plan,
)
from hjemtilos.volunteers.models import VolunteerFamily


@page_rule(policies.is_staff)
def groups(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The sites' supervision groups; make a new one."""
    form = GroupForm(request.POST or None, sites=sites_for_staff(request.user))
    done = form_submit(
        request,
        form,
        lambda: supervision_group_create(by=request.user, **form.cleaned_data),
    )
    if done:
        messages.success(request, _("The group is made. Add the families."))
        return redirect("support:group", pk=done.value.pk)
    return render_form(
        request, "support/groups.html", form, {"groups": list(selectors.groups(user=request.user))}
    )


@object_rule(policies.can_manage_group)
def group(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The group's families, and the site's other families with the same situation first."""
    found = selectors.group_for_staff_or_404(user=request.user, pk=pk)
    if request.method == "POST":
        if request.POST.get("remove", "").isdigit():
            family_id = int(request.POST["remove"])
            service_action(
                request,
                lambda: supervision_group_member_remove(
                    group=found, family_id=family_id, by=request.user
                ),
                success=_("The family is taken out of the group."),
            )
        else:
            ids = [int(v) for v in request.POST.getlist("family") if v.isdigit()]
            families = list(VolunteerFamily.objects.filter(pk__in=ids, site_id=found.site_id))
            if not families:
                messages.error(request, _("Tick the families to add."))
            else:
                service_action(
                    request,
                    lambda: supervision_group_members_add(
                        group=found, families=families, by=request.user
                    ),
                    success=_("The families are added."),
                )
        return redirect("support:group", pk=found.pk)
    return render(request, "support/group.html", {"group": found, **selectors.group_page(found)})


@object_rule(policies.can_manage_group)
def group_session(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Plan a supervision session for the group's families (invited by e-mail)."""
    found = selectors.group_for_staff_or_404(user=request.user, pk=pk)
    form = GroupSessionForm(request.POST or None, initial={"topic": found.name})
    done = form_submit(
        request,
        form,
        lambda: supervision_group_session_plan(
            group=found,
            by=request.user,
            starts_at=form.at(),
            meeting_url=form.cleaned_data["meeting_url"],
            topic=form.cleaned_data["topic"],
            duration_minutes=form.cleaned_data["duration_minutes"],
        ),
        rename={"starts_at": "day"},
    )
    if done:
        messages.success(
            request,
            _("The session is planned and %(n)s families are invited by e-mail.")
            % {"n": done.value.invitations.count()},
        )
        return redirect("support:group", pk=found.pk)
    return render_form(
        request, "support/group_session.html", form, {"group": found, **selectors.group_page(found)}
    )
