"""The code of conduct and the ethical rules: versions and publishing a new one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import add_service_errors
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.volunteers import policies, selectors, services
from hjemtilos.volunteers.forms.staff import PolicyVersionForm


@page_rule(policies.can_manage_policies)
def policy_documents(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every published version; publishing a new one asks every adult to accept it again."""
    current = selectors.current_policy_versions()
    kind = request.GET.get("dokument", "")
    initial = {}
    if kind in current:
        initial = {"kind": kind, "text": current[kind].text}
    form = PolicyVersionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version, told = services.policy_version_publish(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(document)s, %(label)s is published. Every adult must accept it again; "
                    "%(count)s adults in running friendships were told by e-mail."
                )
                % {
                    "document": version.get_kind_display(),
                    "label": version.label,
                    "count": told,
                },
            )
            return redirect("volunteers:policies")
    return render(
        request,
        "volunteers/policy_documents.html",
        {
            "versions": list(selectors.policy_versions()),
            "current_ids": {v.pk for v in current.values()},
            "form": form,
        },
        status=400 if form.errors else 200,
    )
