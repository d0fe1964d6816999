"""The retention schedule, the record of processing (GDPR Art. 30) and the held-back records.

The schedule and the record of processing hold no personal data: they are
for administrators, who run the system. The held-back list names records by
type and number with the reason, for staff of their sites and the advisory team.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.privacy import policies
from hjemtilos.privacy.forms import RetentionPeriodForm
from hjemtilos.privacy.models import RetentionPeriod
from hjemtilos.privacy.retention import processing_record, retention_period_change
from hjemtilos.privacy.selectors import held_records


@page_rule(policies.can_read_retention_schedule)
def retention(request: AuthenticatedHttpRequest) -> HttpResponse:
    periods = RetentionPeriod.objects.select_related("changed_by").order_by("id")
    return render(request, "privacy/retention.html", {"periods": periods})


@page_rule(policies.can_change_retention_schedule)
def retention_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(RetentionPeriod, pk=pk)
    form = RetentionPeriodForm(request.POST or None, initial={"months": period.months})
    done = form_submit(
        request,
        form,
        lambda: retention_period_change(
            period=period,
            months=form.cleaned_data["months"],
            reason=form.cleaned_data["reason"],
            changed_by=request.user,
        ),
    )
    if done:
        messages.success(request, _("The retention period is changed."))
        return redirect("privacy:retention")
    return render_form(request, "privacy/retention_change.html", form, {"period": period})


@page_rule(policies.can_read_retention_schedule)
def processing(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "privacy/processing.html", {"rows": processing_record()})


@page_rule(policies.can_see_held_records)
def held(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, held_records(request.user))
    return render(request, "privacy/held.html", {"page": page})
