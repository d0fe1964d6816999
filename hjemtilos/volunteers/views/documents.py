"""The code of conduct and the ethical rules: versions and publishing a new one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import form_submit, render_form
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
    done = form_submit(
        request,
        form,
        lambda: services.policy_version_publish(by=request.user, **form.cleaned_data),
    )
    if done:
        version, told = done.value
        messages.success(
            request,
            _(
                "%(document)s, %(label)s is published. Every adult must accept it again; "
                "%(count)s adults in running friendships were told by e-mail."
            )
            % {"document": version.get_kind_display(), "label": version.label, "count": told},
        )
        return redirect("volunteers:policies")
    return render_form(
        request,
        "volunteers/policy_documents.html",
        form,
        {
            "versions": list(selectors.policy_versions()),
            "current_ids": {v.pk for v in current.values()},
        },
    )
