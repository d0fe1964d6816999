"""The audit log: writes and views recorded with who and from where, sensitive values withheld,
searchable by administrators only, and protected against change."""

from __future__ import annotations

import csv
import io

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjemtilos.accounts.models import User
from hjemtilos.api.services import api_token_create
from hjemtilos.conftest import invite_caseworker
from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_referrals_bulk
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
    # The changed field is named as the form names it, in the reader's language.
    assert "Behov og udfordringer" in response.text
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


def test_the_log_is_not_in_the_django_admin(login, administrator, staff, referral):
    """The admin would show every entry whole (names, changed values): it has no page for them."""
    _view_child(login, staff, referral)
    assert not admin.site.is_registered(LogEntry)
    response = login(administrator).get("/admin/auditlog/logentry/")
    assert response.status_code == 404


def test_administrators_see_a_case_record_by_type_and_id_only(
    login, administrator, staff, referral
):
    child = referral.child
    with set_actor(staff):
        child.first_name = "Ellinor"
        child.save()
    entry = LogEntry.objects.get_for_object(child).get(action=LogEntry.Action.UPDATE)
    assert "Ellinor" in entry.object_repr  # the log keeps it; the pages do not show it
    client = login(administrator)
    listing = client.get(reverse("privacy:audit_log"))
    page = client.get(reverse("privacy:audit_entry", args=[entry.pk]))
    export = client.get(reverse("privacy:audit_log_export"))
    csv_text = b"".join(export.streaming_content).decode()
    for shown in (listing.text, page.text, csv_text):
        assert "Ellinor" not in shown and "Hansen" not in shown
    assert f"Barn #{child.pk}" in page.text and f"Barn #{child.pk}" in listing.text
    assert "Fornavn" in page.text  # which field changed, not from what to what
    # The action in words, in the reader's language (django-auditlog's are English codes).
    assert "<dd>Ændret</dd>" in page.text and "<td>Ændret</td>" in listing.text
    assert "update" not in page.text


def test_a_family_member_acting_is_named_by_role_and_id(
    login, administrator, volunteer, staff, referral
):
    with set_actor(volunteer):
        referral.child.first_name = "Alma"
        referral.child.save()
    response = login(administrator).get(reverse("privacy:audit_log"), {"actor": "volunteer@"})
    assert response.status_code == 200
    assert f"#{volunteer.pk}" in response.text
    assert volunteer.email not in response.text


def test_accounts_are_system_records_shown_by_name(login, administrator, staff):
    staff.first_name = "Sølvi"
    staff.save()
    entry = LogEntry.objects.get_for_object(staff).filter(action=LogEntry.Action.UPDATE).last()
    response = login(administrator).get(reverse("privacy:audit_entry", args=[entry.pk]))
    assert "Sølvi" in response.text


def test_a_read_is_one_row_per_record_naming_the_page(login, staff, referral):
    with CaptureQueriesContext(connection) as queries:
        response = login(staff).get(reverse("referrals:detail", args=[referral.pk]))
    assert response.status_code == 200
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=staff)
    assert {(entry.content_type.model, entry.object_pk) for entry in reads} >= {
        ("referral", str(referral.pk)),
        ("child", str(referral.child_id)),
    }
    assert {entry.additional_data["view"] for entry in reads} == {"referrals:detail"}
    assert all(entry.object_repr == "" for entry in reads)  # no name copied into the log
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "auditlog_logentry"')]
    assert len(inserts) == 1


def test_a_list_page_audits_the_rows_it_shows_in_one_statement(login, staff, site, caseworker):
    build_referrals_bulk(site=site, caseworker=caseworker, count=4)
    with CaptureQueriesContext(connection) as queries:
        response = login(staff).get(reverse("referrals:list"))
    assert response.status_code == 200
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=staff)
    assert reads.filter(content_type__model="referral").count() == 4
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "auditlog_logentry"')]
    assert len(inserts) == 1


def test_an_api_read_is_audited_for_the_keys_owner(client, caseworker, referral):
    _token, secret = api_token_create(user=caseworker, name="Fagsystem")
    response = client.get(
        f"/api/referrals/{referral.pk}",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200
    read = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        actor=caseworker,
        content_type__model="referral",
        object_pk=str(referral.pk),
    )
    assert read.remote_addr == "203.0.113.9"
    assert read.additional_data["view"] == "api:referral"


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
