"""The outbox: what was sent to whom, with status; staff can send a failed message again."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import choice_filter, paginate
from hjemtilos.messaging import policies, selectors, services
from hjemtilos.messaging.models import Channel, MessageStatus
from hjemtilos.privacy.audit import audit_read


@page_rule(policies.can_view_outbox)
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    channel = choice_filter(request, "kanal", Channel)
    status = choice_filter(request, "status", MessageStatus)
    search = request.GET.get("q", "")[:100]
    page = paginate(request, selectors.outbox(channel=channel, status=status, search=search))
    audit_read(request, page.object_list)
    return render(
        request,
        "messaging/outbox.html",
        {
            "page": page,
            "channel": channel,
            "status": status,
            "q": search,
            "channels": Channel.choices,
            "statuses": MessageStatus.choices,
        },
    )


def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_outbox_or_404(user=request.user, pk=pk)
    audit_read(request, message)
    return render(
        request,
        "messaging/detail.html",
        {"message": message, "can_retry": policies.can_retry(request.user)},
    )


@require_POST
def retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_outbox_or_404(user=request.user, pk=pk)
    if not policies.can_retry(request.user):
        raise PermissionDenied
    service_action(
        request,
        lambda: services.message_retry(message=message, by=request.user),
        success=_("The message is queued to be sent again."),
    )
    return redirect("messaging:detail", pk=pk)


@page_rule(policies.can_view_development_sms)
def development_sms(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.development_sms())
    audit_read(request, page.object_list)
    return render(request, "messaging/development_sms.html", {"page": page})
