"""The outbox: what was sent to whom, with its delivery; staff send failed messages again.

Staff see their own sites' messages in full; administrators see delivery only
(``policies``). Every page that shows messages records the read in the audit log.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.forms import service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import choice_filter, paginate, site_filter
from hjemtilos.messaging import policies, selectors, services
from hjemtilos.messaging.models import Channel, MessageStatus
from hjemtilos.privacy.audit import audit_log_access_many


@page_rule(policies.can_view_outbox)
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    channel = choice_filter(request, "kanal", Channel)
    status = choice_filter(request, "status", MessageStatus)
    search = request.GET.get("q", "")[:100]
    sites = selectors.outbox_sites(user)
    site = site_filter(request, sites)
    page = paginate(
        request,
        selectors.outbox(user=user, channel=channel, status=status, site=site, search=search),
    )
    audit_log_access_many(page.object_list)
    return render(
        request,
        "messaging/outbox.html",
        {
            "page": page,
            "channel": channel,
            "status": status,
            "q": search,
            "sites": sites,
            "chosen": site,
            "channels": Channel.choices,
            "statuses": MessageStatus.choices,
            "reads_contents": policies.reads_message_contents(user),
            "failed": selectors.failed_count(user),
            "can_retry_failed": policies.can_retry_failed(user),
        },
    )


@object_rule(policies.can_view_message)
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_outbox_or_404(user=request.user, pk=pk)
    audit_log_access_many([message])
    reads = policies.can_read_message(request.user, message)
    return render(
        request,
        "messaging/detail.html",
        {
            "message": message,
            "reads_contents": reads,
            "error": message.last_error
            if reads
            else selectors.redact_addresses(message.last_error),
            "can_retry": policies.can_retry(request.user, message),
        },
    )


@require_POST
def retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_retry_or_404(user=request.user, pk=pk)
    service_action(
        request,
        lambda: services.message_retry(message=message, by=request.user),
        success=_("The message is queued to be sent again."),
    )
    return redirect("messaging:detail", pk=pk)


@require_POST
@page_rule(policies.can_retry_failed)
def retry_failed(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff send all their sites' failed messages again (after a gateway was down)."""
    count = services.messages_retry_failed(
        messages=policies.visible_messages(request.user), by=request.user
    )
    messages.success(
        request,
        ngettext(
            "%(count)s failed message is queued to be sent again.",
            "%(count)s failed messages are queued to be sent again.",
            count,
        )
        % {"count": count},
    )
    return redirect("messaging:outbox")


@page_rule(policies.can_view_development_sms)
def development_sms(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.development_sms(request.user))
    audit_log_access_many(page.object_list)
    return render(request, "messaging/development_sms.html", {"page": page})
