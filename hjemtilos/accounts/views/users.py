"""Administrators' pages for people's accounts: look up, deactivate, reset, change a role.

Every action goes through a service that records the administrator's reason
(``accounts.services.administration``); the ones that hand over access (a
role, a second factor) ask for the administrator's own second factor again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.signals import accessed
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.accounts import policies, selectors, services
from hjemtilos.accounts.decorators import recent_second_factor
from hjemtilos.accounts.forms import ReasonForm, RoleChangeForm
from hjemtilos.accounts.models import Role, RoleChangeRequest, User
from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import add_service_errors, error_text
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate


@page_rule(policies.can_manage_users)
def users(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    active = request.GET.get("active", "")
    people = selectors.users_for_administration(query=query, role=role, active=active)
    return render(
        request,
        "accounts/users.html",
        {
            "page": paginate(request, people),
            "q": query,
            "role": role if role in Role.values else "",
            "roles": Role.choices,
            "active": active,
            "open_requests": selectors.open_role_requests(),
        },
    )


def _render_user(
    request: AuthenticatedHttpRequest, person: User, *, status: int = 200, **forms: Form
) -> HttpResponse:
    # The audit log's "viewed" entry (``privacy.audit.audit_log_access`` sends the
    # same signal; ``accounts`` sits below ``privacy`` and sends it itself).
    accessed.send(sender=User, instance=person)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "authenticator": selectors.confirmed_authenticator(person),
            "backup_codes_left": services.backup_codes_left(person),
            "access": selectors.portal_access(person),
            "events": selectors.account_events(person),
            "requests": person.role_requests.open().select_related("requested_by"),
            "is_self": person.pk == request.user.pk,
            # One's own account shows no forms, but a refused (crafted) request still says why.
            "self_refused": [form for form in forms.values() if form.errors],
            "deactivate_form": forms.get("deactivate_form") or ReasonForm(prefix="deactivate"),
            "reactivate_form": forms.get("reactivate_form") or ReasonForm(prefix="reactivate"),
            "reset_form": forms.get("reset_form") or ReasonForm(prefix="reset"),
            "role_form": forms.get("role_form")
            or RoleChangeForm(prefix="role", initial={"to_role": person.role}),
            "refuse_form": forms.get("refuse_form") or ReasonForm(prefix="refuse"),
        },
        status=status,
    )


@page_rule(policies.can_manage_users)
def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.user_for_administration_or_404(user=request.user, pk=pk)
    return _render_user(request, person)


def _act(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    name: str,
    form: Form,
    service: Callable[[User, Form], Any],
    success: str,
) -> HttpResponse:
    """Validate ``form``, call ``service``; show the page again with the errors if refused."""
    person = selectors.user_for_administration_or_404(user=request.user, pk=pk)
    if form.is_valid():
        try:
            service(person, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("accounts:user", pk=person.pk)
    return _render_user(request, person, status=400, **{name: form})


@require_POST
def user_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="deactivate_form",
        form=ReasonForm(request.POST, prefix="deactivate"),
        service=lambda person, form: services.user_deactivate(
            user=person, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("The account is deactivated; its sessions and API keys stopped working."),
    )


@require_POST
def user_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="reactivate_form",
        form=ReasonForm(request.POST, prefix="reactivate"),
        service=lambda person, form: services.user_reactivate(
            user=person, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("The account is active again."),
    )


@require_POST
@recent_second_factor
def user_second_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="reset_form",
        form=ReasonForm(request.POST, prefix="reset"),
        service=lambda person, form: services.second_factor_reset(
            user=person, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_(
            "The second factor is reset. The person sets up a new authenticator app "
            "at their next sign-in."
        ),
    )


@require_POST
@recent_second_factor
def user_role_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def change(person: User, form: Form) -> None:
        request_made = services.user_role_change(
            user=person,
            by=request.user,
            to_role=form.cleaned_data["to_role"],
            municipality=form.cleaned_data["municipality"],
            reason=form.cleaned_data["reason"],
        )
        if request_made is not None:
            messages.info(
                request,
                _("Another administrator must confirm that %(name)s becomes an administrator.")
                % {"name": person.get_full_name()},
            )

    return _act(
        request,
        pk,
        name="role_form",
        form=RoleChangeForm(request.POST, prefix="role"),
        service=change,
        success=_("Saved."),
    )


def _decided(request: AuthenticatedHttpRequest, role_request: RoleChangeRequest) -> HttpResponse:
    return redirect("accounts:user", pk=role_request.user_id)


@require_POST
@recent_second_factor
def role_request_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    role_request = selectors.role_request_for_deciding_or_404(user=request.user, pk=pk)
    try:
        services.role_change_confirm(request=role_request, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(name)s is now an administrator.") % {"name": role_request.user.get_full_name()},
        )
    return _decided(request, role_request)


@require_POST
def role_request_refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    role_request = selectors.role_request_for_deciding_or_404(user=request.user, pk=pk)
    form = ReasonForm(request.POST, prefix="refuse")
    if form.is_valid():
        try:
            services.role_change_refuse(
                request=role_request, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The request is refused."))
        return _decided(request, role_request)
    return _render_user(request, role_request.user, status=400, refuse_form=form)
