"""The national dataset generator, run small: counts, every status, encryption, idempotence."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection

from hjemtilos.demo.scale import ScaleDataExistsError, generate_national, reset_national
from hjemtilos.friendships.models import LogbookEntry, Visit
from hjemtilos.referrals.models import Child, Referral
from hjemtilos.volunteers.models import VolunteerFamily

pytestmark = pytest.mark.usefixtures("reference_data")

SMALL: dict[str, Any] = {"sites": 3, "children": 120, "families": 90, "visits_and_entries": 3000}


def test_counts_and_every_status_are_there():
    counts = generate_national(**SMALL)
    assert counts["sites"] == 3
    assert Child.objects.count() == 120 == counts["children"]
    assert VolunteerFamily.objects.count() == 90
    assert Visit.objects.count() + LogbookEntry.objects.count() == 3000
    assert len(set(Referral.objects.values_list("status", flat=True))) == 10
    assert len(set(VolunteerFamily.objects.values_list("status", flat=True))) == 9
    entry = LogbookEntry.objects.order_by("id")[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM friendships_logbookentry WHERE id = %s", [entry.pk])
        raw = cursor.fetchone()[0]
    assert entry.text and entry.text not in raw


def test_same_seed_same_data_and_no_second_run_on_top():
    generate_national(**SMALL)
    first = list(Child.objects.order_by("id").values_list("first_name", "last_name"))
    with pytest.raises(ScaleDataExistsError):
        generate_national(**SMALL)
    entries = LogEntry.objects.count()
    reset_national()
    assert Child.objects.count() == 0
    # The generator's rows go without an audit entry each (one per row took hours at scale).
    assert LogEntry.objects.count() == entries
    generate_national(**SMALL)
    assert list(Child.objects.order_by("id").values_list("first_name", "last_name")) == first
