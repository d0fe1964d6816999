"""Input limits everywhere: every text field has a maximum length the server enforces."""

from __future__ import annotations

import importlib
import json
import pkgutil
from datetime import date, timedelta

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

import hjemtilos
from hjemtilos.core.fields import TEXT_MAX_LENGTH
from hjemtilos.core.forms import DateField
from hjemtilos.followups.models import FollowUpTask

# A delivery's last error is the mail server's or gateway's answer, written by the
# system and never typed into a form.
COMPOSED_BY_THE_SYSTEM = {
    "messaging.Message.last_error",
    "safeguarding.Notification.last_error",
}


def _project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("hjemtilos.")]


def test_every_text_field_of_every_model_has_an_enforced_maximum_length():
    unlimited = []
    for model in _project_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField):
                continue
            name = f"{model._meta.app_label}.{model.__name__}.{field.name}"
            if any(isinstance(v, MaxLengthValidator) for v in field.validators):
                continue
            if name in COMPOSED_BY_THE_SYSTEM:
                continue
            unlimited.append(name)
    assert unlimited == []


def _form_classes() -> list[type[forms.Form]]:
    for info in pkgutil.walk_packages(hjemtilos.__path__, "hjemtilos."):
        if ".tests" in info.name or ".migrations" in info.name or "settings" in info.name:
            continue
        if info.name.rsplit(".", 1)[-1] == "forms" or ".forms." in info.name:
            importlib.import_module(info.name)
    found: list[type[forms.Form]] = []
    todo: list[type[forms.BaseForm]] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("hjemtilos."):
            found.append(cls)  # type: ignore[arg-type]
    return found


def test_every_text_input_of_every_form_has_a_maximum_length():
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if type(field) is forms.CharField
        and field.max_length is None
        # Password length is the accounts app's rule (its validators), left to it.
        and not isinstance(field.widget, forms.PasswordInput)
    ]
    assert unlimited == []


def test_a_pasted_file_is_refused_by_the_model_not_only_by_the_form(staff, site):
    task = FollowUpTask(
        site=site, title="Ring til mor", description="x" * 5001, due_on="2026-12-01"
    )
    with pytest.raises(ValidationError) as refused:
        task.full_clean(exclude=["kind", "owner"])
    assert "description" in refused.value.message_dict


def test_every_date_input_of_every_form_has_a_plausible_range():
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, DateField)
    ]
    assert unbounded == []


def test_a_date_out_of_range_is_refused_with_the_range_and_the_picker_knows_it():
    field = DateField()
    with pytest.raises(ValidationError) as refused:
        field.clean("0001-01-01")
    assert "Angiv en dato mellem" in refused.value.messages[0]
    html = field.widget.render("day", None)
    assert 'min="' in html and 'max="' in html
    assert field.clean("2026-12-24") == date(2026, 12, 24)


def test_a_birth_date_in_year_one_or_in_the_future_is_refused_by_the_api(login, caseworker, site):
    client = login(caseworker)
    payload = {
        "first_name": "Emil",
        "last_name": "Hansen",
        "street_address": "Nørrebrogade 1",
        "postal_code": "2200",
        "date_of_birth": "0001-01-01",
    }
    response = client.post("/api/referrals", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert "120 år" in response.json()["fields"]["date_of_birth"][0]
    payload["date_of_birth"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post("/api/referrals", json.dumps(payload), content_type="application/json")
    assert "fremtiden" in response.json()["fields"]["date_of_birth"][0]


def test_an_over_long_text_is_refused_by_the_api_schema(login, caseworker, site):
    payload = {
        "first_name": "Emil",
        "last_name": "Hansen",
        "street_address": "Nørrebrogade 1",
        "postal_code": "2200",
        "date_of_birth": "2016-05-01",
        "wishes": "x" * (TEXT_MAX_LENGTH + 1),
    }
    response = login(caseworker).post(
        "/api/referrals", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 422
    assert ["body", "payload", "wishes"] in [e["loc"] for e in response.json()["errors"]]
