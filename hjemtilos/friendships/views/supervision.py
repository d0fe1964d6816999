"""Group supervision: staff plan a session and the families in running friendships are
invited. The sessions are ``followups`` models; attendance is recorded on the session's
page there (``followups:supervision_detail``)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.core.access import page_rule
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["time"]))
        try:
            session = supervision_session_create(
                site=data["site"],
                starts_at=starts_at,
                meeting_url=data["meeting_url"],
                topic=data["topic"],
                duration_minutes=data["duration_minutes"],
                by=request.user,
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error("day" if name == "starts_at" else None, errors)
        else:
            messages.success(
                request,
                _("The session is planned and %(n)s families are invited by e-mail.")
                % {"n": session.invitations.count()},
            )
            return redirect("friendships:supervision")
    return render(
        request,
        "friendships/supervision.html",
        {
            "form": form,
            "page": paginate(request, followups_selectors.supervision_sessions(user=request.user)),
            "sites": list(sites),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )
