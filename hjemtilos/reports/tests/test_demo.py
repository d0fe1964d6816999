"""The demo site gives every report figures to show."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from hjemtilos.accounts.models import Role, User

pytestmark = pytest.mark.usefixtures("reference_data")


def _values(response, table_key: str) -> dict[str, list[Any]]:
    table = next(t for t in response.context["report"].tables if t.table.key == table_key)
    return {row.key: [cell.value for cell in row.cells] for row in table.rows}


def test_the_demo_staff_member_sees_figures_in_every_report(login):
    call_command("generate_demo")
    staff = User.objects.get(role=Role.STAFF, email__startswith="staff@")
    client = login(staff)
    status = client.get("/rapporter/status/")
    figures = _values(status, "status")
    assert figures["running"][0] > 5 and figures["completed"][0] >= 5
    assert figures["ended_early"][0] >= 1 and figures["continuing"][1] >= 5
    waits = _values(status, "waiting_time")
    assert waits["matched"][0] >= 5, "matches in the period, with their waiting time"
    assert waits["matched"][1] > 0
    assert sum(row[0] for row in _values(status, "waiting_groups").values()) >= 5
    started = _values(status, "started")
    assert all(row[1] for row in started.values()), "a target for every year of the period"
    operations = client.get("/rapporter/drift/", {"start": "2000-01-01"})
    assert _values(operations, "visits")["held"][0] > 50
    assert _values(operations, "logbook")["total"][0] > 20
    assert _values(operations, "endings_reason")["total"][0] >= 1
    recruitment = client.get("/rapporter/rekruttering/", {"start": "2000-01-01"})
    assert _values(recruitment, "channels")["total"][0] > 5
    outcomes = client.get("/rapporter/udbytte/", {"start": "2000-01-01"})
    assert _values(outcomes, "continuation")["parents"][0] >= 3
    assert _values(outcomes, "parent_end")["good_match"][1] >= 3
    for response in (status, operations, recruitment, outcomes):
        assert "<svg" in response.content.decode()
