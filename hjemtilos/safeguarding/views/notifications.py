"""Notification pages: write the draft, read it as PDF, send it, record the acknowledgement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.access import object_rule
from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import error_text, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.privacy.audit import audit_read
from hjemtilos.safeguarding import policies, selectors, services
from hjemtilos.safeguarding.forms import AcknowledgementForm, NotificationForm
from hjemtilos.safeguarding.models import Notification


@require_POST
def notification_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start the notification from the assessment (or go on with the draft already begun)."""
    concern = selectors.concern_for_running_or_404(user=request.user, pk=pk)
    try:
        notification = services.notification_draft_create(concern=concern, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("safeguarding:concern", pk=concern.pk)
    return redirect("safeguarding:notification", pk=notification.pk)


def _render(
    request: AuthenticatedHttpRequest,
    notification: Notification,
    form: NotificationForm | None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    return render(
        request,
        "safeguarding/notification_detail.html",
        {
            "notification": notification,
            "concern": notification.concern,
            "form": form,
            "gaps": services.sending_gaps(notification)
            if policies.can_send_notification(user, notification)
            else [],
            "can_send": policies.can_send_notification(user, notification),
            "can_acknowledge": policies.can_acknowledge(user, notification),
            "is_advisory": policies.is_advisory(user),
        },
        status=status,
    )


@object_rule(policies.can_view_notification)
def notification_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The notification: its text (editable while a draft), recipient, sending and receipt."""
    notification = selectors.notification_for_user_or_404(user=request.user, pk=pk)
    editable = policies.can_edit_notification(request.user, notification)
    if request.method == "POST":
        notification = selectors.notification_for_editing_or_404(user=request.user, pk=pk)
        posted = NotificationForm(request.POST)
        return form_action(
            request,
            posted,
            lambda: services.notification_draft_update(
                notification=notification, by=request.user, data=posted.cleaned_data
            ),
            success=_("The draft is saved."),
            then=lambda: redirect("safeguarding:notification", pk=notification.pk),
            again=lambda: _render(request, notification, posted, status=400),
        )
    audit_read(request, notification)
    form = (
        NotificationForm(
            initial={name: getattr(notification, name) for name in NotificationForm.base_fields}
        )
        if editable
        else None
    )
    return _render(request, notification, form)


@object_rule(policies.can_view_notification)
def notification_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The PDF: as it was sent, or (a draft) as it would look if sent now."""
    notification = selectors.notification_for_user_or_404(user=request.user, pk=pk)
    audit_read(request, notification)
    response = HttpResponse(
        services.notification_pdf_bytes(notification=notification),
        content_type="application/pdf",
    )
    kind = "udkast" if notification.is_draft else "underretning"
    response["Content-Disposition"] = f'inline; filename="{kind}-{notification.reference}.pdf"'
    return response


@require_POST
def notification_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_for_sending_or_404(user=request.user, pk=pk)
    if service_action(
        request,
        lambda: services.notification_send(notification=notification, by=request.user),
        success=_("The notification is being sent to %(address)s.")
        % {"address": notification.municipality.notification_email},
    ):
        return redirect("safeguarding:concern", pk=notification.concern_id)
    return redirect("safeguarding:notification", pk=notification.pk)


@object_rule(policies.can_acknowledge)
def notification_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the municipality's acknowledgement of receipt."""
    notification = selectors.notification_for_acknowledging_or_404(user=request.user, pk=pk)
    form = AcknowledgementForm(
        request.POST or None, initial={"acknowledged_on": timezone.localdate()}
    )
    return form_action(
        request,
        form,
        lambda: services.notification_acknowledge(
            notification=notification,
            by=request.user,
            acknowledged_on=form.cleaned_data["acknowledged_on"],
            how=form.cleaned_data["how"],
            municipality_reference=form.cleaned_data["municipality_reference"],
            note=form.cleaned_data["note"],
        ),
        success=_("The acknowledgement is recorded."),
        then=lambda: redirect("safeguarding:concern", pk=notification.concern_id),
        again=lambda: render_form(
            request,
            "safeguarding/acknowledgement_form.html",
            form,
            {"notification": notification},
        ),
    )
