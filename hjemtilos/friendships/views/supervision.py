"""Group supervision: staff plan a session and the families in running friendships are
invited. The sessions are ``followups`` models; attendance is recorded on the session's
page there (``followups:supervision_detail``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.followups import policies as followups_policies
from hjemtilos.followups import selectors as followups_selectors
from hjemtilos.followups.forms import SupervisionSessionForm
from hjemtilos.friendships.services.supervision import supervision_session_create
from hjemtilos.organisations.selectors import sites_for_staff


@page_rule(followups_policies.can_have_tasks)
def supervision(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Group supervision at the staff member's sites: plan a session, see past ones."""
    sites = sites_for_staff(request.user)
    form = SupervisionSessionForm(request.POST or None, sites=sites)
    done = form_submit(
        request,
        form,
        lambda: supervision_session_create(
            site=form.cleaned_data["site"],
            starts_at=form.at(),
            meeting_url=form.cleaned_data["meeting_url"],
            topic=form.cleaned_data["topic"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            by=request.user,
        ),
        rename={"starts_at": "day"},
    )
    if done:
        messages.success(
            request,
            _("The session is planned and %(n)s families are invited by e-mail.")
            % {"n": done.value.invitations.count()},
        )
        return redirect("friendships:supervision")
    page = paginate(request, followups_selectors.supervision_sessions(user=request.user))
    return render_form(
        request,
        "friendships/supervision.html",
        form,
        {
            "page": page,
            "sites": list(sites),
            "now": timezone.now(),
        },
    )
