"""The audit log: writes and views recorded with who and from where, sensitive values withheld,
searchable by administrators only, and protected against change."""

from __future__ import annotations

import csv
import io

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from hjemtilos.accounts.models import User
from hjemtilos.conftest import invite_caseworker
from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.privacy.audit import WITHHELD
from hjemtilos.referrals.models import Child

SECRET = "Angst og søvnproblemer efter skilsmissen."


def test_a_create_through_a_page_records_actor_and_ip(login, staff, kobenhavn):
    response = invite_caseworker(login(staff), municipality=kobenhavn.pk, remote_addr="192.0.2.7")
    assert response.status_code == 302
    user = User.objects.get(email="ny.raadgiver@example.org")
    entry = LogEntry.objects.get_for_object(user).get(action=LogEntry.Action.CREATE)
    assert entry.actor == staff
    assert entry.remote_addr == "192.0.2.7"
    assert "email" in entry.changes_dict


def test_changes_of_sensitive_fields_are_named_but_their_values_withheld(staff, referral):
    child = referral.child
    with set_actor(staff):
        child.needs = SECRET
        child.first_name = "Ella"
        child.save()
    entry = LogEntry.objects.get_for_object(child).filter(action=LogEntry.Action.UPDATE).get()
    changes = entry.changes_dict
    assert changes["needs"] == [WITHHELD, WITHHELD]
    assert changes["first_name"][1] == "Ella"
    assert SECRET not in str(entry.changes)
    assert entry.actor == staff


def test_delete_is_recorded(staff, referral):
    guardian = referral.child.family.guardians.get()
    pk = guardian.pk
    with set_actor(staff):
        guardian.delete()
    assert LogEntry.objects.filter(
        object_pk=str(pk), action=LogEntry.Action.DELETE, actor=staff
    ).exists()


def test_password_hash_never_enters_the_log(staff):
    staff.set_password("et-nyt-kodeord-99")
    staff.save()
    entry = LogEntry.objects.get_for_object(staff).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.changes_dict["password"] == [WITHHELD, WITHHELD]


def _view_child(login, staff, referral, ip="198.51.100.4"):
    login(staff).get(reverse("referrals:child", args=[referral.child_id]), REMOTE_ADDR=ip)


def test_administrator_searches_by_user_action_and_ip(login, administrator, staff, referral):
    _view_child(login, staff, referral)
    client = login(administrator)
    url = reverse("privacy:audit_log")
    response = get_page(
        client,
        url,
        data={"actor": "staff@", "action": LogEntry.Action.ACCESS, "remote_addr": "198.51.100.4"},
        queries=5,
        name="the log searched by user, action and address",
    )
    entries = list(response.context["page"].object_list)
    assert len(entries) == 1 and entries[0].object_pk == str(referral.child_id)
    unknown = {"remote_addr": "10.9.9.9"}
    response = get_page(client, url, data=unknown, queries=4, name="the log, an unknown address")
    assert list(response.context["page"].object_list) == []


def test_invalid_search_keeps_the_input_and_explains(login, administrator):
    url = reverse("privacy:audit_log")
    response = get_page(
        login(administrator),
        url,
        data={"date_from": "2026-05-02", "date_to": "2026-05-01"},
        queries=5,
        name="the log with an invalid search",
    )
    assert 'value="2026-05-02"' in response.text
    assert response.context["form"].errors["date_to"]


def test_entry_page_shows_withheld_values_as_such(login, administrator, staff, referral):
    child = referral.child
    with set_actor(staff):
        child.needs = SECRET
        child.save()
    entry = LogEntry.objects.get_for_object(child).get(action=LogEntry.Action.UPDATE)
    url = reverse("privacy:audit_entry", args=[entry.pk])
    response = get_page(login(administrator), url, queries=4, name="an entry")
    assert "needs" in response.text
    assert SECRET not in response.text


def test_csv_export_holds_the_filtered_rows(login, administrator, staff, referral):
    _view_child(login, staff, referral)
    url = reverse("privacy:audit_log_export")
    response = get_page(
        login(administrator),
        url,
        data={"action": LogEntry.Action.ACCESS},
        queries=3,
        name="the CSV export",
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][0] == "timestamp"
    assert [row[4] for row in rows[1:]] == [str(referral.child_id)]
    assert rows[1][2] == "staff@example.org" and rows[1][6] == "198.51.100.4"


def test_search_queries_do_not_grow_with_entries(login, administrator, staff, referral):
    staff_client = login(staff)
    url = reverse("referrals:child", args=[referral.child_id])

    def view(times: int) -> None:
        for _ in range(times):
            staff_client.get(url, REMOTE_ADDR="198.51.100.4")

    view(1)
    log_url = reverse("privacy:audit_log")
    _few, response = get_page_before_and_after(
        login(administrator), log_url, queries=5, name="the audit log", change=lambda: view(60)
    )
    assert response.context["page"].paginator.count > 60


@pytest.mark.parametrize("role", ["staff", "advisory", "caseworker", "evaluator"])
def test_only_administrators_read_the_log(login, people, role):
    response = login(people[role]).get(reverse("privacy:audit_log"))
    assert response.status_code == 403


def test_the_admin_cannot_change_or_delete_entries(login, administrator, staff, referral):
    _view_child(login, staff, referral)
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).first()
    client = login(administrator)
    change = client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {})
    delete = client.post(
        reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert change.status_code in (403, 302) and delete.status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_entries(staff, referral):
    entry = LogEntry.objects.first()
    for statement in (
        "UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = %s",
        "DELETE FROM auditlog_logentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    # Erasing a user account still works: the entries keep the e-mail, lose the link.
    user = User.objects.create_user(email="gone@example.org", password="x", role="parent")
    with set_actor(user):
        child = Child.objects.get(pk=referral.child_id)
        child.first_name = "Ida"
        child.save()
    user.delete()
    assert LogEntry.objects.filter(actor_email="gone@example.org", actor__isnull=True).exists()
