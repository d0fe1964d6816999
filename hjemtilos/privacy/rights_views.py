"""The data subjects' rights: staff's list of requests, a person's page (requests and
consents), one request with its steps and the access export; the portal's own consents.

Staff of the person's site handle requests and consents (``policies.can_handle_rights_of``);
a parent or a volunteer sees and withdraws their own consents in the portal. Every page
showing a person's records audits the read (``audit_read``).
"""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.accounts.models import User
from hjemtilos.core.access import object_rule, page_rule
from hjemtilos.core.forms import form_submit, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.privacy import policies, selectors, services
from hjemtilos.privacy.audit import audit_read
from hjemtilos.privacy.consents import WORDINGS
from hjemtilos.privacy.exports import Subject, subject_for_user, subject_kind
from hjemtilos.privacy.forms import (
    ConsentWithdrawForm,
    RightsRequestForm,
    RightsRequestStepForm,
    SmsConsentForm,
)
from hjemtilos.privacy.models import ConsentKind, ConsentMethod, RequestStatus, RightsRequest


def _person_url(subject: Subject) -> str:
    return reverse("privacy:person", args=[subject.kind, subject.pk])


def _person_context(subject: Subject) -> dict[str, object]:
    kind = subject_kind(subject.kind)
    consents = list(selectors.consents_of(subject))
    return {
        "subject": subject,
        "kind_label": kind.label if kind else subject.kind,
        "back_url": kind.url(subject) if kind else "",
        "consents": consents,
        "wordings": {key: text for key, (_version, text) in WORDINGS.items()},
        "sms_allowed": not any(
            c.kind == ConsentKind.SMS and c.withdrawn_at is not None for c in consents
        )
        or any(c.kind == ConsentKind.SMS and c.withdrawn_at is None for c in consents),
        "requests": list(selectors.rights_requests_of(subject.key)),
        "withdraw_form": ConsentWithdrawForm(),
        "sms_form": SmsConsentForm(),
    }


@page_rule(policies.can_handle_rights)
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The requests at the staff member's sites: overdue first, then by deadline, done last."""
    page = paginate(request, selectors.rights_requests_visible(request.user))
    audit_read(request, *page.object_list)
    return render(
        request, "privacy/request_list.html", {"page": page, "today": timezone.localdate()}
    )


def person(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """A person's rights: their consents (withdrawable), their requests, a new request."""
    subject = selectors.subject_for_rights_or_404(user=request.user, kind=kind, pk=pk)
    form = RightsRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    done = form_submit(
        request,
        form,
        lambda: services.rights_request_create(
            subject=subject, by=request.user, **form.cleaned_data
        ),
    )
    if done:
        return redirect("privacy:request", done.value.pk)
    context = _person_context(subject)
    audit_read(request, subject.record, *cast(list[RightsRequest], context["requests"]))
    return render_form(request, "privacy/person.html", form, context)


@require_POST
def person_sms(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """Staff record, for the person, that SMS may (or may no longer) be sent to them."""
    subject = selectors.subject_for_rights_or_404(user=request.user, kind=kind, pk=pk)
    form = SmsConsentForm(request.POST)
    allowed = request.POST.get("allowed") == "yes"
    method = form.cleaned_data["method"] if form.is_valid() else ConsentMethod.PHONE
    service_action(
        request,
        lambda: services.sms_consent_set(
            subject=subject, allowed=allowed, method=method, by=request.user
        ),
        success=_("SMS may be sent to the person.")
        if allowed
        else _("No more SMS will be sent to the person."),
    )
    return redirect(_person_url(subject))


def _handle(user: User, rights_request: RightsRequest) -> bool:
    return policies.can_handle_rights_of(user, rights_request.site_id)


@object_rule(_handle)
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One request: what was asked, the steps so far, and the next step."""
    rights_request = selectors.rights_request_for_handling_or_404(user=request.user, pk=pk)
    subject = selectors.request_subject(user=request.user, request=rights_request)
    form = RightsRequestStepForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda: services.rights_request_transition(
            request=rights_request, by=request.user, **form.cleaned_data
        ),
    )
    if done:
        return redirect("privacy:request", rights_request.pk)
    audit_read(request, rights_request)
    return render_form(
        request,
        "privacy/request_detail.html",
        form,
        {
            "rights_request": rights_request,
            "subject": subject,
            "events": list(rights_request.events.select_related("by")),
            "statuses": RequestStatus,
        },
    )


@object_rule(_handle)
def request_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The access export (a ZIP) for an access request; its making is kept and audited."""
    rights_request = selectors.rights_request_for_handling_or_404(user=request.user, pk=pk)
    subject = selectors.request_subject(user=request.user, request=rights_request)
    archive: list[bytes] = []
    if not service_action(
        request,
        lambda: archive.append(
            services.rights_request_export(request=rights_request, subject=subject, by=request.user)
        ),
        success=_("The export is made."),
    ):
        return redirect("privacy:request", rights_request.pk)
    audit_read(request, subject.record, rights_request)
    response = HttpResponse(archive[0], content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="indsigt-{rights_request.pk}-{stamp}.zip"'
    )
    return response


@require_POST
def consent_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Withdraw a consent: staff for the person (saying how they heard), or the person in
    the portal. The owning app's effect is applied at once."""
    consent = selectors.consent_for_withdrawing_or_404(user=request.user, pk=pk)
    staff = policies.can_handle_rights_of(request.user, consent.site_id)
    form = ConsentWithdrawForm(request.POST)
    method = (
        (form.cleaned_data["method"] if form.is_valid() else ConsentMethod.PHONE)
        if staff
        else ConsentMethod.PORTAL
    )
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    service_action(
        request,
        lambda: services.consent_withdraw(
            consent=consent, by=request.user, method=method, note=note
        ),
        success=_("The consent is withdrawn."),
    )
    if staff:
        kind, _sep, subject_pk = request.POST.get("person", "").rpartition("-")
        if kind and subject_pk.isdigit():
            return redirect("privacy:person", kind, int(subject_pk))
        return redirect("privacy:requests")
    return redirect("privacy:my_consents")


@page_rule(policies.can_view_own_consents)
def my_consents(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The portal: the consents a parent or a volunteer (or their family) gave, to withdraw."""
    subject = subject_for_user(request.user)
    context: dict[str, object] = {"subject": subject, "consents": [], "sms_allowed": True}
    if subject is not None:
        context = _person_context(subject)
        audit_read(request, subject.record)
    return render(request, "privacy/my_consents.html", context)


@require_POST
def my_sms(request: AuthenticatedHttpRequest) -> HttpResponse | HttpResponseRedirect:
    """The portal: a parent or a volunteer turns SMS from the programme off or on."""
    if not policies.can_view_own_consents(request.user):
        raise PermissionDenied
    subject = subject_for_user(request.user)
    if subject is not None:
        allowed = request.POST.get("allowed") == "yes"
        service_action(
            request,
            lambda: services.sms_consent_set(
                subject=subject, allowed=allowed, method=ConsentMethod.PORTAL, by=request.user
            ),
            success=_("We will send you SMS again.")
            if allowed
            else _("We will not send you SMS any more."),
        )
    return redirect("privacy:my_consents")
