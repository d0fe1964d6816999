"""The two policies of a key to a user (``core.fields``): what happens when the account goes."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError

from hjemtilos.organisations.models import Municipality
from hjemtilos.organisations.services import municipality_contact_update
from hjemtilos.privacy.models import RetentionChange, RetentionPeriod
from hjemtilos.privacy.retention import retention_period_change


def test_a_deleted_account_leaves_what_its_user_recorded(kobenhavn, administrator):
    """``actor_field``: the row stays, only the name of who did it is gone."""
    municipality_contact_update(
        municipality=kobenhavn,
        by=administrator,
        notification_email="Underretning@KK.dk",
        children_services_phone="33 66 33 66",
    )

    administrator.delete()

    kept = Municipality.objects.get(pk=kobenhavn.pk)
    assert kept.notification_email == "underretning@kk.dk"
    assert kept.contact_updated_at is not None
    assert kept.contact_updated_by is None


def test_an_account_that_answers_for_a_decision_cannot_be_deleted(administrator):
    """``accountable_field``: the retention change keeps its author; the account stays."""
    period = RetentionPeriod.objects.order_by("id").first()
    assert period is not None
    retention_period_change(
        period=period,
        months=period.months + 12,
        reason="Nye krav fra kommunerne",
        changed_by=administrator,
    )

    with pytest.raises(ProtectedError):
        administrator.delete()

    change = RetentionChange.objects.get(period=period)
    assert change.changed_by == administrator
