"""The outbox: what was sent to whom, with status; staff can send a failed message again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.pagination import choice_filter, paginate
from hjemtilos.messaging import policies, selectors, services
from hjemtilos.messaging.models import Channel, Message, MessageStatus


def outbox(request: HttpRequest) -> HttpResponse:
    if not policies.can_view_outbox(request.user):
        raise PermissionDenied
    channel = choice_filter(request, "kanal", Channel)
    status = choice_filter(request, "status", MessageStatus)
    search = request.GET.get("q", "")[:100]
    page = paginate(request, selectors.outbox(channel=channel, status=status, search=search))
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


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not policies.can_view_outbox(request.user):
        raise PermissionDenied
    message = get_object_or_404(Message.objects.select_related("to_user", "created_by"), pk=pk)
    return render(
        request,
        "messaging/detail.html",
        {"message": message, "can_retry": policies.can_retry(request.user)},
    )


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not policies.can_retry(request.user):
        raise PermissionDenied
    message = get_object_or_404(Message, pk=pk)
    try:
        services.message_retry(message=message, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The message is queued to be sent again."))
    return redirect("messaging:detail", pk=pk)


def development_sms(request: HttpRequest) -> HttpResponse:
    if not policies.can_view_development_sms(request.user):
        raise PermissionDenied
    page = paginate(request, selectors.development_sms())
    return render(request, "messaging/development_sms.html", {"page": page})
