"""Every URL and every API operation × every role, held to docs/need-to-know.md.

The walk is derived from the URLconf and from the API's OpenAPI description:
a URL or an operation without an entry in ``MATRIX`` fails the test, so
nothing is added without deciding who may use it. Each entry names the object
type it is about (a row of the need-to-know table) and whether it changes it.
For every role the test then asserts, on a world of one site's records:

* the entry's own rule (who gets in, who is refused and how);
* that nobody gets in where the table says ``none``/``aggregate``, nor past
  their ``site``/``own`` scope (staff of another site, another municipality's
  caseworker);
* that no response shows a role a name or a text the table keeps from it;
* that every response showing a person's record wrote an audit row of the read;
* that every cell of the table the role holds is used somewhere.

Each request runs in a savepoint that is rolled back, so one world serves a
role's whole walk and a write (a POST as an allowed role) leaves nothing behind.

Adding a URL: add one line to ``MATRIX`` (``obj`` is the object type, ``write``
for a form page, ``method="POST"`` for a page or operation that only changes,
``data`` for an API body) and, if it points at a new kind of object, put one
in the world (``extend_world…``) and a row in docs/need-to-know.md.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from unittest.mock import MagicMock

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from hjemtilos.accounts.models import Invitation, Role
from hjemtilos.accounts.services import user_invite, user_role_change
from hjemtilos.api.services import api_token_create
from hjemtilos.conftest import make_user, phone_concern
from hjemtilos.core.tests.need_to_know import (
    NO_RECORDS,
    VARIANTS,
    Marker,
    api_operations,
    load_table,
    may_see,
    seen,
    shown_text,
)
from hjemtilos.demo.builders import (
    build_friendship,
    build_planned_friendship,
    build_referral,
    build_volunteer_family,
)
from hjemtilos.followups.models import (
    FollowUpTask,
    PlanTemplateItem,
    SupervisionInvitation,
    SupervisionSession,
)
from hjemtilos.friendships.models import SchoolHoliday, VisitStatus
from hjemtilos.friendships.services.extra import extra_visit_add
from hjemtilos.friendships.services.feeds import calendar_feed_create
from hjemtilos.friendships.services.greetings import (
    greeting_photo_consent_set,
    greeting_send,
    relayed_feedback_set,
)
from hjemtilos.matching import services as matching_services
from hjemtilos.matching.models import BookKind, Side
from hjemtilos.messaging.services import message_queue_sms
from hjemtilos.organisations.models import Site
from hjemtilos.privacy.audit import is_case_record
from hjemtilos.privacy.models import (
    Consent,
    ConsentKind,
    RequestDecision,
    RequestKind,
    RequestStatus,
    RetentionPeriod,
)
from hjemtilos.privacy.services import rights_request_create, rights_request_transition
from hjemtilos.referrals.models import Guardian
from hjemtilos.referrals.rights import GUARDIAN_KIND
from hjemtilos.safeguarding.models import InquiryFrom, InquiryRequest, NotificationStatus
from hjemtilos.safeguarding.services import (
    inquiry_create,
    notification_deliver,
    notification_draft_create,
    notification_send,
)
from hjemtilos.safeguarding.tests.conftest import assess, involve
from hjemtilos.support.services import (
    joint_event_create,
    psychologist_offer,
    supervision_group_create,
    supervision_group_members_add,
)
from hjemtilos.surveys.instruments import ensure_instruments
from hjemtilos.surveys.links import invitation_token as survey_link_token
from hjemtilos.surveys.services import (
    child_voice_record,
    invitation_decline,
    survey_version_draft,
)
from hjemtilos.surveys.tests.conftest import parent_baseline_invitation
from hjemtilos.volunteers.models import HouseholdMember

ROLES = [
    "anonymous",
    "staff",
    "other_staff",
    "advisory",
    "caseworker",
    "other_caseworker",
    "volunteer",
    "parent",
    "evaluator",
    "administrator",
    # Staff who typed the password but not yet the TOTP code: only the pages
    # needed to finish signing in (or leave) are open.
    "unverified_staff",
]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous", "unverified_staff"}
STAFF_SIDE = {"staff", "other_staff", "advisory", "administrator"}


@dataclass
class Rule:
    """Who may use a URL; ``kwargs`` builds the URL arguments from the world.

    ``obj`` is the object type (docs/need-to-know.md) and ``write`` whether the
    page changes it (a form page: GET and POST are both walked). ``method``
    is "POST" (or the API operation's method) for a URL that only changes;
    ``data`` its body (JSON for the API, a form for a page: an empty form is
    enough to show that the access check comes first).
    """

    allowed: set[str]
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda world: {})
    # Status a refused signed-in user gets: 403 for a page the role may not
    # use, 404 for an object they may not know exists.
    refused_status: tuple[int, ...] = (403, 404)
    ok_status: tuple[int, ...] = (200,)
    obj: str = ""
    write: bool = False
    method: str = "GET"
    data: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda world: {})
    # A URL authenticated by a secret token in it (the calendar feed): whoever
    # holds the link reads as this role.
    acts_as: str = ""
    # What an allowed change may be answered with (see ``CHANGE_OK``).
    change_ok: tuple[int, ...] = ()

    @property
    def changes(self) -> bool:
        return self.write or self.method != "GET"


def invitation_token(world: dict[str, Any]) -> dict[str, Any]:
    return {"token": world["invitation_token"]}


def pk_of(name: str, kwarg: str = "pk") -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The URL arguments of a page about the world's object ``name``: its primary key."""
    return lambda world: {kwarg: world[name].pk}


def post(obj: str, allowed: set[str], kwargs: Callable[..., Any], **extra: Any) -> Rule:
    """A page or operation that only changes (POST)."""
    return Rule(allowed, kwargs=kwargs, obj=obj, method="POST", **extra)


# A change that got past the access check: done, refused by a rule of the
# domain, or the form shown again with what was wrong.
CHANGE_OK = (200, 201, 202, 204, 302, 400, 409, 422)
STAFF = {"staff"}
STAFF_ANY_SITE = {"staff", "other_staff"}
FAMILIES = {"volunteer", "parent"}

MATRIX: dict[str, Rule] = {
    # Signing in, the home page, the language switch.
    "core:home": Rule(SIGNED_IN, obj="home"),
    # Operators: the load balancer's health check is open (no personal data); the
    # metrics need the scraper's token, and are off without one (as here).
    "core:nav_counts": Rule(SIGNED_IN, obj="home"),
    "core:healthz": Rule(EVERYONE - {"unverified_staff"}, obj="home"),
    "core:metrics": Rule(set(), refused_status=(401, 404), obj="home"),
    "accounts:login": Rule(EVERYONE, ok_status=(200, 302), obj="home", write=True),
    "accounts:logout": post("home", EVERYONE, lambda w: {}, ok_status=(302,)),
    # Unverified staff reach the code page; everyone else verified is sent on.
    "accounts:two_factor": Rule(
        EVERYONE - {"anonymous"}, ok_status=(200, 302), obj="home", write=True
    ),
    "accounts:accept_invitation": Rule(
        EVERYONE - {"unverified_staff"},
        kwargs=invitation_token,
        ok_status=(200, 302),
        obj="home",
        write=True,
    ),
    "accounts:two_factor_backup": Rule(
        EVERYONE - {"anonymous"}, ok_status=(200, 302), obj="home", write=True
    ),
    # Password reset: open to everyone (the same answer whether or not an account exists).
    "accounts:password_reset": Rule(EVERYONE - {"unverified_staff"}, obj="home"),
    "accounts:password_reset_done": Rule(EVERYONE - {"unverified_staff"}, obj="home"),
    "accounts:password_reset_confirm": Rule(
        EVERYONE - {"unverified_staff"},
        kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"},
        obj="home",
    ),
    "accounts:password_reset_complete": Rule(EVERYONE - {"unverified_staff"}, obj="home"),
    "set_language": Rule(EVERYONE, ok_status=(302,), obj="home", write=True),
    # One's own account: password, backup codes, confirming who one is.
    "accounts:account": Rule(SIGNED_IN, obj="account"),
    "accounts:password_change": Rule(SIGNED_IN, obj="account", write=True),
    "accounts:confirm": Rule(SIGNED_IN, obj="account"),
    "accounts:backup_codes_show": Rule(STAFF_SIDE, obj="account"),
    "accounts:backup_codes_create": post("account", STAFF_SIDE, lambda w: {}),
    # Accounts: staff invite the outside world, administrators anyone.
    "accounts:invite": Rule({"staff", "other_staff", "administrator"}, obj="account", write=True),
    # The site lead (``staff`` leads the world's site) follows unaccepted invitations.
    "accounts:invitations_pending": Rule(STAFF, obj="account"),
    "accounts:reinvite": post("account", STAFF, pk_of("account_invitation")),
    "referrals:guardian_invite": post("account", STAFF, pk_of("guardian")),
    "volunteers:member_invite": post("account", STAFF, pk_of("member")),
    # Administrators manage accounts; every change is a POST with a reason.
    "accounts:users": Rule({"administrator"}, obj="account"),
    "accounts:user": Rule({"administrator"}, kwargs=pk_of("staff"), obj="account"),
    **{
        f"accounts:{name}": post("account", {"administrator"}, pk_of("staff"))
        for name in [
            "user_deactivate",
            "user_reactivate",
            "user_second_factor_reset",
            "user_role_change",
        ]
    },
    # A change to administrator waits for a second administrator.
    **{
        f"accounts:{name}": post("account", {"administrator"}, pk_of("role_request"))
        for name in ["role_request_confirm", "role_request_refuse"]
    },
    # The Django admin: administrators; no case record is registered in it
    # (test_no_case_record_in_the_django_admin), every model page is walked.
    # Signed-in people who are not administrators are refused, not sent to log in again.
    "admin:index": Rule({"administrator"}, refused_status=(302, 403), obj="admin"),
    # Children and referrals: staff of the site, the advisory team reads;
    # caseworkers refer and see only their own referrals; staff of another
    # site get 404 for the objects.
    "referrals:list": Rule({"staff", "other_staff", "advisory"}, obj="referral"),
    "referrals:child": Rule({"staff", "advisory"}, kwargs=pk_of("child"), obj="child"),
    "referrals:mine": Rule({"caseworker", "other_caseworker"}, obj="referral"),
    "referrals:updates": Rule({"caseworker", "other_caseworker"}, obj="referral", write=True),
    "referrals:create": Rule(
        {"caseworker", "other_caseworker", "staff", "other_staff"}, obj="referral", write=True
    ),
    "referrals:intake": Rule(STAFF_ANY_SITE, obj="referral"),
    "referrals:detail": Rule(
        {"staff", "advisory", "caseworker"},
        kwargs=pk_of("referral"),
        obj="referral",
    ),
    "referrals:edit": Rule(
        {"staff", "caseworker"}, kwargs=pk_of("draft"), obj="referral", write=True
    ),
    "referrals:add_sibling": Rule(
        {"staff", "caseworker"}, kwargs=pk_of("referral"), obj="child", write=True
    ),
    "referrals:withdraw": post("referral", {"staff", "caseworker"}, pk_of("draft")),
    "referrals:add_note": post("referral", {"staff", "caseworker"}, pk_of("referral")),
    "referrals:change_status": post("referral", STAFF, pk_of("referral")),
    "referrals:plan_home_visit": Rule(STAFF, kwargs=pk_of("referral"), obj="referral", write=True),
    "referrals:record_home_visit": Rule(
        STAFF, kwargs=pk_of("referral"), obj="referral", write=True
    ),
    # Follow-up tasks: staff, their own; the site lead the site's overdue ones.
    "followups:mine": Rule(STAFF_ANY_SITE, obj="task"),
    "followups:task": Rule(STAFF, kwargs=pk_of("task"), obj="task"),
    "followups:complete": post("task", STAFF, pk_of("task")),
    "followups:replan": post("task", STAFF, pk_of("task")),
    "followups:overdue": Rule(STAFF, obj="task"),  # the site lead
    # Volunteer families: staff of the site; never caseworkers.
    "volunteers:list": Rule(STAFF_ANY_SITE, obj="family"),
    "volunteers:detail": Rule(STAFF, kwargs=pk_of("volunteer_family"), obj="family"),
    "volunteers:change_status": post("family", STAFF, pk_of("volunteer_family")),
    "volunteers:set_contact_person": post("family", STAFF, pk_of("volunteer_family")),
    "volunteers:plan_interview": Rule(
        STAFF, kwargs=pk_of("volunteer_family"), obj="family", write=True
    ),
    "volunteers:record_interview": Rule(
        STAFF, kwargs=pk_of("volunteer_family"), obj="family", write=True
    ),
    "volunteers:member": Rule(
        STAFF,
        kwargs=lambda w: {
            "pk": w["volunteer_family"].pk,
            "member_pk": w["volunteer_family"].members.first().pk,
        },
        obj="family",
        write=True,
        data=lambda w: {"action": "course"},
    ),
    # The matched world family is not in vetting: the approval page sends staff back.
    "volunteers:approve": Rule(
        STAFF,
        kwargs=pk_of("volunteer_family"),
        ok_status=(302,),
        obj="family",
        write=True,
    ),
    "volunteers:policies": Rule(
        {"staff", "other_staff", "administrator"}, obj="policy", write=True
    ),
    # The public application: anyone, signed in or not.
    "volunteers:apply": Rule(EVERYONE - {"unverified_staff"}, obj="application", write=True),
    "volunteers:apply_receipt": Rule(EVERYONE - {"unverified_staff"}, obj="application"),
    # The volunteer portal: the world's volunteer lives in the world family.
    "volunteers:portal": Rule({"volunteer"}, obj="family"),
    "volunteers:portal_policy": Rule(
        {"volunteer"}, kwargs=lambda w: {"kind": "code_of_conduct"}, obj="policy"
    ),
    "volunteers:portal_member_add": Rule({"volunteer"}, obj="family", write=True),
    "volunteers:portal_member_move_out": Rule(
        {"volunteer"},
        kwargs=lambda w: {"member_pk": w["volunteer_family"].members.order_by("-pk").first().pk},
        obj="family",
        write=True,
    ),
    "volunteers:portal_address": Rule({"volunteer"}, obj="family", write=True),
    "api:volunteer_families": Rule(STAFF_ANY_SITE, obj="family"),
    "api:volunteer_family": Rule(
        STAFF, kwargs=pk_of("volunteer_family", "family_id"), obj="family"
    ),
    "api:volunteer_family_transition": post(
        "family",
        STAFF,
        pk_of("volunteer_family", "family_id"),
        data=lambda w: {"to_status": "resting", "reason": "Pause"},
    ),
    "api:my_family": Rule({"volunteer"}, obj="family"),
    # Reports: staff (their sites) and evaluators (aggregates of every site).
    "reports:index": Rule({"staff", "other_staff", "evaluator"}, obj="report"),
    "reports:report": Rule(
        {"staff", "other_staff", "evaluator"}, kwargs=lambda w: {"slug": "status"}, obj="report"
    ),
    "reports:download": Rule(
        {"staff", "other_staff", "evaluator"},
        kwargs=lambda w: {"slug": "drift", "fmt": "csv"},
        obj="report",
    ),
    "api:reports": Rule({"staff", "other_staff", "evaluator"}, obj="report"),
    "api:report": Rule(
        {"staff", "other_staff", "evaluator"}, kwargs=lambda w: {"slug": "status"}, obj="report"
    ),
    # The audit log: administrators only; case records by type and id.
    "privacy:audit_log": Rule({"administrator"}, obj="audit"),
    "privacy:audit_log_export": Rule({"administrator"}, obj="audit"),
    "privacy:audit_entry": Rule({"administrator"}, kwargs=pk_of("audit_entry"), obj="audit"),
    # The retention schedule and the record of processing: administrators; no personal data.
    "privacy:retention": Rule({"administrator"}, obj="retention"),
    "privacy:retention_change": Rule(
        {"administrator"},
        kwargs=lambda w: {"pk": RetentionPeriod.objects.get(rule="logbook").pk},
        obj="retention",
        write=True,
    ),
    "privacy:processing": Rule({"administrator"}, obj="retention"),
    # Records held back from anonymisation: staff their sites', the advisory team all.
    "privacy:held": Rule({"staff", "other_staff", "advisory"}, obj="held"),
    # The data subjects' rights: staff of the person's site; the families their own consents.
    "privacy:requests": Rule(STAFF_ANY_SITE, obj="rights"),
    "privacy:request": Rule(STAFF, kwargs=pk_of("rights_request"), obj="rights", write=True),
    "privacy:request_export": Rule(STAFF, kwargs=pk_of("rights_request"), obj="rights"),
    "privacy:person": Rule(
        STAFF,
        kwargs=lambda w: {"kind": "guardian", "pk": w["rights_guardian"].pk},
        obj="rights",
        write=True,
    ),
    "privacy:person_sms": post(
        "rights", STAFF, lambda w: {"kind": "guardian", "pk": w["rights_guardian"].pk}
    ),
    "privacy:consent_withdraw": post("rights", STAFF | {"parent"}, pk_of("consent")),
    "privacy:my_consents": Rule(FAMILIES, obj="rights"),
    "privacy:my_sms": post("rights", FAMILIES, lambda w: {}),
    # The JSON API answers anonymous callers with 401, never a login redirect.
    "api:index": Rule(EVERYONE - {"unverified_staff"}, obj="home"),
    "api:api-root": Rule(EVERYONE - {"unverified_staff"}, obj="home"),  # /api/ again
    "api:openapi-json": Rule(EVERYONE - {"unverified_staff"}, obj="home"),
    "api:openapi-view": Rule(EVERYONE - {"unverified_staff"}, obj="home"),
    "api:me": Rule(SIGNED_IN, obj="account"),
    "api:municipalities": Rule(SIGNED_IN, obj="reference"),
    "api:tokens": Rule(SIGNED_IN, obj="api_key"),
    "api:token_create": post(
        "api_key", SIGNED_IN, lambda w: {}, data=lambda w: {"name": "Integration"}
    ),
    # Each revokes their own keys only: the world's key is staff's.
    "api:token_revoke": Rule(
        {"staff"},
        kwargs=pk_of("api_token", "token_id"),
        obj="api_key",
        method="DELETE",
    ),
    "api:sites": Rule(
        {"staff", "other_staff", "advisory", "administrator", "evaluator"}, obj="site"
    ),
    "api:site": Rule(
        {"staff", "advisory", "administrator", "evaluator"},
        kwargs=pk_of("site", "site_id"),
        obj="site",
    ),
    "api:referrals": Rule(
        {"caseworker", "other_caseworker", "staff", "other_staff", "advisory"}, obj="referral"
    ),
    "api:referral_create": post(
        "referral",
        {"caseworker", "other_caseworker", "staff", "other_staff"},
        lambda w: {},
        data=lambda w: {
            "first_name": "Sigrid",
            "last_name": "Nyholm",
            "date_of_birth": "2017-03-04",
            "street_address": "Skolegade 3",
            "postal_code": "1050",
        },
    ),
    "api:referral": Rule(
        {"staff", "advisory", "caseworker"}, kwargs=pk_of("referral", "referral_id"), obj="referral"
    ),
    "api:referral_submit": post("referral", {"staff", "caseworker"}, pk_of("draft", "referral_id")),
    "api:referral_transition": post(
        "referral",
        {"staff", "caseworker"},
        pk_of("draft", "referral_id"),
        data=lambda w: {"to_status": "withdrawn", "reason": "Flyttet"},
    ),
    "api:referral_note": post(
        "referral",
        {"staff", "caseworker"},
        pk_of("referral", "referral_id"),
        data=lambda w: {"text": "Ny oplysning."},
    ),
    "api:home_visit_plan": post(
        "referral",
        STAFF,
        pk_of("referral", "referral_id"),
        data=lambda w: {"planned_for": "2030-01-07T10:00:00+01:00"},
    ),
    "api:home_visit_record": post(
        "referral",
        STAFF,
        pk_of("referral", "referral_id"),
        data=lambda w: {"held_on": "2030-01-07", "attendees": "Mor og barn"},
    ),
    "api:intake": Rule(STAFF_ANY_SITE, obj="referral"),
    "api_keys:list": Rule(SIGNED_IN, obj="api_key", write=True),
    # Each revokes their own keys only; another's answers "not found" on the page.
    "api_keys:revoke": post("api_key", SIGNED_IN, pk_of("api_token"), ok_status=(302,)),
    # The outbox: staff read their own sites' messages; administrators see every
    # message's delivery (no text, no address); staff of another site get 404.
    "messaging:outbox": Rule({"staff", "other_staff", "administrator"}, obj="message"),
    "messaging:detail": Rule({"staff", "administrator"}, kwargs=pk_of("message"), obj="message"),
    "messaging:retry": post("message", STAFF, pk_of("message")),
    "messaging:retry_failed": post("message", STAFF_ANY_SITE, lambda w: {}),
    "messaging:development_sms": Rule(STAFF_ANY_SITE, obj="message"),
    # The friendship year. Staff of the site run it; the advisory team reads;
    # the two families use the portal for their own friendship only.
    "friendships:list": Rule({"staff", "other_staff", "advisory"}, obj="friendship"),
    "friendships:detail": Rule({"staff", "advisory"}, kwargs=pk_of("friendship"), obj="friendship"),
    "friendships:attention": Rule({"staff", "other_staff", "advisory"}, obj="friendship"),
    "friendships:screening": Rule(STAFF_ANY_SITE, obj="logbook"),
    "friendships:screen": post("logbook", STAFF, pk_of("logbook_entry")),
    "friendships:school_holidays": Rule(STAFF_ANY_SITE, obj="site_settings", write=True),
    "friendships:school_holiday_delete": post("site_settings", STAFF, pk_of("school_holiday")),
    "friendships:visits": Rule({"staff", "advisory"}, kwargs=pk_of("friendship"), obj="visit"),
    "friendships:first_meeting_plan": Rule(
        STAFF, kwargs=pk_of("planned_friendship"), obj="friendship", write=True
    ),
    "friendships:first_meeting": Rule(
        STAFF, kwargs=pk_of("planned_friendship"), obj="friendship", write=True
    ),
    "friendships:agreement": Rule(STAFF, kwargs=pk_of("friendship"), obj="friendship", write=True),
    "friendships:plan_reapply": post("friendship", STAFF, pk_of("friendship")),
    "friendships:future": Rule(
        STAFF,
        kwargs=pk_of("friendship"),
        obj="friendship",
        write=True,
        data=lambda w: {"action": "child"},
    ),
    "friendships:end_early": Rule(STAFF, kwargs=pk_of("friendship"), obj="friendship", write=True),
    # No deletion is due while the world's friendship runs: 404 for everyone.
    "friendships:record_deletion": post(
        "friendship", set(), lambda w: {"pk": w["friendship"].pk, "confirmation_pk": 1}
    ),
    "friendships:visit_cancel": Rule(
        {"staff", "volunteer", "parent"},
        kwargs=pk_of("visit"),
        obj="visit",
        write=True,
    ),
    "friendships:visit_move": Rule(
        {"staff", "volunteer", "parent"},
        kwargs=pk_of("visit"),
        obj="visit",
        write=True,
    ),
    "friendships:visit_keep": post("visit", {"staff", "volunteer", "parent"}, pk_of("visit")),
    "friendships:visit_held": post("visit", STAFF, pk_of("visit")),
    "friendships:portal_list": Rule(FAMILIES, ok_status=(200, 302), obj="friendship"),
    "friendships:portal": Rule(FAMILIES, kwargs=pk_of("friendship"), obj="friendship"),
    "friendships:logbook_write": Rule(
        {"volunteer"}, kwargs=pk_of("friendship"), obj="logbook", write=True
    ),
    # The families are asked for their wish from ten months on; before that a
    # wish is refused (403) to them as to anyone.
    "friendships:portal_future": Rule(
        FAMILIES,
        kwargs=pk_of("friendship"),
        obj="friendship",
        write=True,
        data=lambda w: {"action": "wish"},
        change_ok=(*CHANGE_OK, 403),
    ),
    # Only once the friendship has ended: 404 while it runs.
    "friendships:confirm_deletion": post("friendship", set(), pk_of("friendship")),
    "friendships:reminders": post("friendship", {"parent"}, pk_of("friendship")),
    "friendships:calendar_settings": Rule(FAMILIES, obj="visit", write=True),
    # The calendar feed is read by calendar apps without a login: the secret
    # URL is the key (and a wrong one is a 404); it is the volunteer's feed.
    "friendships:calendar_feed": Rule(
        EVERYONE - {"unverified_staff"},
        kwargs=lambda w: {"token": w["feed_token"]},
        obj="visit",
        acts_as="volunteer",
    ),
    # Greetings between the families: the two families in the portal and staff of the
    # site (who pass them on); never caseworkers, the advisory team or administrators.
    "friendships:greetings": Rule(FAMILIES, kwargs=pk_of("friendship"), obj="greeting"),
    "friendships:greeting_send": Rule(
        FAMILIES, kwargs=pk_of("friendship"), obj="greeting", write=True
    ),
    "friendships:photo_consent": post("greeting", {"parent"}, pk_of("friendship")),
    "friendships:greeting_photo": Rule(
        {"staff", "volunteer", "parent"},
        kwargs=pk_of("greeting_photo"),
        obj="greeting",
    ),
    "friendships:relay_queue": Rule(STAFF_ANY_SITE, obj="greeting"),
    "friendships:greeting_relay": Rule(
        STAFF, kwargs=pk_of("waiting_greeting"), obj="greeting", write=True
    ),
    "friendships:phone_feedback": Rule(
        STAFF, kwargs=pk_of("friendship"), obj="greeting", write=True
    ),
    "friendships:greeting_settings": post("greeting", STAFF, pk_of("friendship")),
    # Extra visits: the families suggest them; in the first three months staff settle them.
    "friendships:extra_visit_add": Rule(
        FAMILIES, kwargs=pk_of("friendship"), obj="visit", write=True
    ),
    "friendships:extra_visit_decide": Rule(
        STAFF, kwargs=pk_of("extra_visit"), obj="visit", write=True
    ),
    "friendships:extra_visit_cancel": post(
        "visit", {"staff", "volunteer", "parent"}, pk_of("extra_visit")
    ),
    # The guidance opens ten months into the year; the world's friendship is four weeks
    # in, so every role is refused (the families' access is tested in friendships).
    "friendships:guidance": Rule(set(), kwargs=pk_of("friendship"), obj="friendship"),
    # Support for the families. The psychologist talk: the friendship's contact person
    # (the world's staff member) and the advisory team only.
    "support:conversation_add": Rule(
        STAFF, kwargs=pk_of("friendship", "friendship_pk"), obj="support", write=True
    ),
    "support:psychologist": Rule(
        {"staff", "advisory"},
        kwargs=pk_of("friendship", "friendship_pk"),
        obj="support",
    ),
    "support:psychologist_talk": Rule(
        {"staff", "advisory"}, kwargs=pk_of("psychologist_talk"), obj="support"
    ),
    "support:call_request": Rule(
        FAMILIES, kwargs=pk_of("friendship", "friendship_pk"), obj="support", write=True
    ),
    "support:events": Rule(STAFF_ANY_SITE, obj="event"),
    "support:event": Rule(STAFF, kwargs=pk_of("joint_event"), obj="event"),
    "support:event_cancel": post("event", STAFF, pk_of("joint_event")),
    "support:my_events": Rule({"volunteer"}, obj="event"),
    "support:event_answer": Rule(
        {"volunteer"}, kwargs=pk_of("invitation"), obj="event", write=True
    ),
    "support:groups": Rule(STAFF_ANY_SITE, obj="supervision"),
    "support:group": Rule(STAFF, kwargs=pk_of("supervision_group"), obj="supervision"),
    "support:group_session": Rule(
        STAFF, kwargs=pk_of("supervision_group"), obj="supervision", write=True
    ),
    "followups:plan": Rule(STAFF_ANY_SITE, obj="site_settings"),
    "followups:plan_item_add": Rule(
        STAFF, kwargs=pk_of("site", "site_pk"), obj="site_settings", write=True
    ),
    "followups:plan_item_edit": Rule(
        STAFF, kwargs=pk_of("plan_item"), obj="site_settings", write=True
    ),
    "friendships:supervision": Rule(STAFF_ANY_SITE, obj="supervision", write=True),
    "followups:supervision_detail": Rule(
        STAFF, kwargs=pk_of("session"), obj="supervision", write=True
    ),
    # Concerns: the staff on the case and the advisory team (SPEC 5); staff at
    # another site and administrators do not learn that one exists.
    "safeguarding:concerns": Rule({"staff", "other_staff", "advisory"}, obj="concern"),
    "safeguarding:concern": Rule({"staff", "advisory"}, kwargs=pk_of("concern"), obj="concern"),
    # The advisory team takes a concern for assessment, closes or reopens it.
    "safeguarding:concern_step": post(
        "concern",
        {"advisory"},
        pk_of("concern"),
        data=lambda w: {"action": "take"},
    ),
    "safeguarding:concern_entry": post("concern", {"staff", "advisory"}, pk_of("concern")),
    # The contact person takes the case on.
    "safeguarding:concern_take_on": post("concern", STAFF, pk_of("concern")),
    "safeguarding:concern_assess": Rule(
        {"advisory"}, kwargs=pk_of("concern"), obj="concern", write=True
    ),
    "safeguarding:concern_involvement": Rule(
        {"advisory"},
        kwargs=lambda w: {"pk": w["concern"].pk, "party": "foraeldre"},
        obj="concern",
        write=True,
    ),
    # The notification to the municipality: written and sent by the advisory team, read
    # by the staff on the case too.
    "safeguarding:notification_create": post("notification", {"advisory"}, pk_of("concern")),
    "safeguarding:notification": Rule(
        {"staff", "advisory"}, kwargs=pk_of("notification"), obj="notification"
    ),
    "safeguarding:notification_pdf": Rule(
        {"staff", "advisory"}, kwargs=pk_of("notification"), obj="notification"
    ),
    # The world's notification has gone: sending it again is refused (403) to the team too.
    "safeguarding:notification_send": post(
        "notification",
        {"advisory"},
        pk_of("notification"),
        change_ok=(*CHANGE_OK, 403),
    ),
    "safeguarding:notification_acknowledge": Rule(
        {"advisory"},
        kwargs=pk_of("notification"),
        obj="notification",
        write=True,
    ),
    # The lead's pages (who read what, the report) are refused to a member who does not
    # lead (safeguarding/tests/test_access.py walks them with the lead).
    "safeguarding:concern_reads": Rule(set(), obj="concern"),
    "safeguarding:report": Rule(set(), obj="report"),
    # Administrators appoint the advisory lead and keep the municipalities' addresses
    # for notifications; they see no concern.
    "safeguarding:advisory_team": Rule(
        {"administrator"},
        obj="account",
        write=True,
        data=lambda w: {"user": w["advisory"].pk, "lead": "yes"},
    ),
    "safeguarding:municipalities": Rule({"administrator"}, obj="reference"),
    "safeguarding:municipality": Rule(
        {"administrator"},
        kwargs=lambda w: {"pk": w["child"].family.municipality_id},
        obj="reference",
        write=True,
    ),
    "safeguarding:concern_raise": Rule(
        {"staff", "volunteer"},
        kwargs=pk_of("friendship", "friendship_pk"),
        obj="concern",
        write=True,
    ),
    "safeguarding:inquiry_create": Rule(
        STAFF, kwargs=pk_of("friendship", "friendship_pk"), obj="inquiry", write=True
    ),
    "safeguarding:inquiry": Rule({"staff", "advisory"}, kwargs=pk_of("inquiry"), obj="inquiry"),
    "api:visits": Rule({"staff", "other_staff", "advisory", "volunteer", "parent"}, obj="visit"),
    "api:visit_cancel": post(
        "visit",
        {"staff", "volunteer", "parent"},
        pk_of("visit", "visit_id"),
        data=lambda w: {"reason": "illness", "side": "child_family"},
    ),
    "api:visit_move": post(
        "visit",
        {"staff", "volunteer", "parent"},
        pk_of("visit", "visit_id"),
        data=lambda w: {"new_date": str(w["visit"].date + w["one_day"]), "side": "child_family"},
    ),
    "api:logbook_create": post(
        "logbook",
        {"volunteer"},
        pk_of("friendship", "friendship_id"),
        data=lambda w: {
            "visit_id": w["past_visit"].pk,
            "rating": 5,
            "mood": "happy",
            "overnight_stay": False,
        },
    ),
    "api:my_tasks": Rule(STAFF_ANY_SITE, obj="task"),
    # Matching: programme staff of the site only (the advisory team, caseworkers,
    # volunteers and parents see nothing of it); staff of another site get 404.
    "matching:waiting": Rule(STAFF_ANY_SITE, obj="proposal"),
    "matching:proposals": Rule(STAFF_ANY_SITE, obj="proposal"),
    "matching:suggestion": Rule(STAFF_ANY_SITE, obj="proposal"),
    "matching:child": Rule(STAFF, kwargs=pk_of("waiting_referral"), obj="proposal"),
    "matching:weekdays": Rule(
        STAFF, kwargs=pk_of("waiting_referral"), ok_status=(302,), obj="proposal"
    ),
    "matching:propose": post("proposal", STAFF, pk_of("waiting_referral")),
    "matching:proposal": Rule(STAFF, kwargs=pk_of("proposal"), obj="proposal"),
    "matching:answer": post("proposal", STAFF, pk_of("proposal")),
    "matching:withdraw": post("proposal", STAFF, pk_of("proposal")),
    "matching:books_sent": post("proposal", STAFF, pk_of("proposal")),
    "matching:schedule": post("proposal", STAFF, pk_of("proposal")),
    "matching:book": Rule(
        STAFF, kwargs=lambda w: {"pk": w["proposal"].pk, "kind": "child"}, obj="book", write=True
    ),
    "matching:book_pdf": Rule(
        STAFF, kwargs=lambda w: {"pk": w["proposal"].pk, "kind": "family"}, obj="book"
    ),
    "matching:book_consent": post(
        "book", STAFF, lambda w: {"pk": w["proposal"].pk, "kind": "child"}
    ),
    "matching:photo_add": post("book", STAFF, lambda w: {"pk": w["proposal"].pk, "kind": "family"}),
    "matching:photo": Rule(STAFF, kwargs=pk_of("photo"), obj="book"),
    "matching:photo_delete": post("book", STAFF, pk_of("photo")),
    "matching:suggestion_run": post("proposal", STAFF, pk_of("site")),
    "matching:suggestion_progress": Rule(
        STAFF, kwargs=pk_of("site"), ok_status=(302,), obj="proposal"
    ),
    "matching:settings": Rule(STAFF, kwargs=pk_of("site"), obj="site_settings", write=True),
    "api:matching_candidates": Rule(
        STAFF, kwargs=pk_of("waiting_referral", "referral_id"), obj="proposal"
    ),
    "api:matching_proposals": post(
        "proposal",
        STAFF,
        lambda w: {},
        data=lambda w: {
            "referral_id": w["waiting_referral"].pk,
            "family_id": w["free_family"].pk,
        },
    ),
    "api:matching_proposal": Rule(STAFF, kwargs=pk_of("proposal", "proposal_id"), obj="proposal"),
    "api:matching_answer": post(
        "proposal",
        STAFF,
        pk_of("proposal", "proposal_id"),
        data=lambda w: {"side": "parent", "accepted": True},
    ),
    "api:matching_suggestion": Rule(STAFF, kwargs=pk_of("site", "site_id"), obj="proposal"),
    "api:matching_suggestion_run": post("proposal", STAFF, pk_of("site", "site_id")),
    # Surveys: the personal link needs no login (the signed token decides; whoever holds
    # it answers as the parent it was sent to); the instruments are read by staff,
    # evaluators and administrators and edited (drafts) by administrators; a friendship's
    # invitations are handled by staff of its site; the figures are aggregates.
    "surveys:answer": Rule(
        EVERYONE - {"unverified_staff"},
        kwargs=lambda w: {"token": w["survey_token"]},
        obj="survey_response",
        acts_as="parent",
    ),
    **{
        f"surveys:{name}": post(
            "survey_response",
            EVERYONE - {"unverified_staff"},
            lambda w: {"token": w["survey_token"]},
            acts_as="parent",
        )
        for name in ("consent", "decline", "undo_decline")
    },
    "surveys:list": Rule({"staff", "other_staff", "evaluator", "administrator"}, obj="survey"),
    "surveys:version": Rule(
        {"staff", "other_staff", "evaluator", "administrator"},
        kwargs=pk_of("survey_draft"),
        obj="survey",
    ),
    "surveys:version_edit": Rule(
        {"administrator"}, kwargs=pk_of("survey_draft"), obj="survey", write=True
    ),
    "surveys:question_add": Rule(
        {"administrator"}, kwargs=pk_of("survey_draft"), obj="survey", write=True
    ),
    "surveys:question_edit": Rule(
        {"administrator"},
        kwargs=lambda w: {"pk": w["survey_draft"].questions.first().pk},
        obj="survey",
        write=True,
    ),
    **{
        f"surveys:{name}": post(
            "survey", {"administrator"}, lambda w: {"pk": w["survey_draft"].survey_id}
        )
        for name in ("version_draft",)
    },
    **{
        f"surveys:{name}": post("survey", {"administrator"}, pk_of("survey_draft"))
        for name in ("version_publish",)
    },
    **{
        f"surveys:{name}": post(
            "survey", {"administrator"}, lambda w: {"pk": w["survey_draft"].questions.first().pk}
        )
        for name in ("question_delete", "question_move")
    },
    # The old address of the outcomes report: a redirect to /rapporter/udbytte/.
    "surveys:outcomes": Rule({"staff", "other_staff", "evaluator"}, obj="report", ok_status=(302,)),
    "surveys:enter": Rule(
        STAFF,
        kwargs=pk_of("survey_invitation"),
        obj="survey_response",
        write=True,
    ),
    "surveys:reopen": Rule(
        STAFF,
        kwargs=pk_of("survey_invitation"),
        obj="survey_response",
        write=True,
    ),
    "surveys:response": Rule(STAFF, kwargs=pk_of("child_voice"), obj="survey_response"),
    # Recorded already: the page sends staff on to the answers.
    "surveys:child_voice": Rule(
        STAFF,
        kwargs=pk_of("friendship"),
        ok_status=(302,),
        obj="survey_response",
        write=True,
    ),
}

# Known gaps: the walk expects exactly these problems (and fails once one is gone,
# so the entry is removed with the fix). None today: the outbox is fenced by site
# and shows administrators delivery only (issue 11's outbox slice).
KNOWN_GAPS: dict[str, set[str]] = {}


def without_known_gaps(key: str, problems: list[str]) -> list[str]:
    """``problems`` less the known gaps of ``key``; a known gap that no longer shows is one."""
    known = KNOWN_GAPS.get(key, set())
    closed = sorted(known - set(problems))
    return [p for p in problems if p not in known] + [
        f"known gap closed, remove it from KNOWN_GAPS: {gap}" for gap in closed
    ]


API_PAGES = {"api:index", "api:api-root", "api:openapi-json", "api:openapi-view"}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def page_url_names() -> set[str]:
    """Every named URL pattern but the API's operations (walked from OpenAPI) and the
    admin's model pages (walked from the admin's registry)."""
    names = set(_walk(get_resolver().url_patterns))
    return {n for n in names if n.split(":")[0] not in ("admin", "api") or n in API_PAGES} | {
        "admin:index"
    }


def test_every_url_and_api_operation_has_an_entry():
    operations = api_operations()
    names = page_url_names() | {op.url_name for op in operations}
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"URLs or API operations without an entry in MATRIX: {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"MATRIX lists URLs or operations that no longer exist: {stale}"
    wrong_method = sorted(
        f"{op.url_name} is {op.method} {op.path}"
        for op in operations
        if MATRIX[op.url_name].method != op.method
    )
    assert not wrong_method, f"say the operation's method in its entry: {wrong_method}"
    table = load_table()
    unknown = sorted(name for name, rule in MATRIX.items() if rule.obj not in table.read)
    assert not unknown, f"entries without an object type of docs/need-to-know.md: {unknown}"


def test_no_entry_lets_a_role_past_its_scope():
    """Who a rule lets in never goes beyond the table (checked without requests)."""
    table = load_table()
    world_objects = table.case_records | {"site", "site_settings"}
    wrong = []
    for name, rule in MATRIX.items():
        # A URL with arguments points at one of the world's records, which are
        # all at ``site`` and ``caseworker``'s: not the variants' own.
        about_a_record = rule.obj in world_objects and bool(rule.kwargs(MagicMock()))
        # Whoever holds a secret link acts as the role it belongs to.
        for role in {rule.acts_as} if rule.acts_as else rule.allowed:
            scope = table.scope(rule.obj, role, write=rule.changes)
            if scope in NO_RECORDS or (role in VARIANTS and about_a_record and scope != "all"):
                wrong.append(f"{name}: {role} ({scope} on {rule.obj})")
    wrong = without_known_gaps("matrix", wrong)
    assert not wrong, "MATRIX lets roles past docs/need-to-know.md:\n" + "\n".join(wrong)


@pytest.fixture
def world(people, staff) -> dict[str, Any]:
    """The people plus one object of each kind the URLs point at."""

    site = Site.objects.get(name="Hjem til Os København")
    _user, link = user_invite(
        invited_by=staff,
        email="invited@example.org",
        first_name="Ida",
        role=Role.PARENT,
        site=site,
    )
    world: dict[str, Any] = dict(people)
    # A superuser: the admin's model pages are all shown (and searched) whole.
    people["administrator"].is_superuser = True
    people["administrator"].save(update_fields=["is_superuser"])
    world["invitation_token"] = link.rstrip("/").rsplit("/", 1)[1]
    world["account_invitation"] = Invitation.objects.filter(user=_user).latest("pk")
    world["role_request"] = user_role_change(
        user=make_user(Role.STAFF, "kandidat@example.org", "Kamilla"),
        by=people["administrator"],
        to_role=Role.ADMINISTRATOR,
        reason="Ny IT-medarbejder",
    )
    extend_world(world)
    return world


def extend_world(world: dict[str, Any]) -> None:
    """Objects owned by the domain apps: a child, a family and their friendship at ``site``."""

    site = Site.objects.get(name="Hjem til Os København")
    # Names no page prints of its own accord: each is a marker the walk looks for.
    referral = build_referral(
        site=site,
        caseworker=world["caseworker"],
        status="matched",
        first_name="Elvira",
        last_name="Kragholm",
        guardian={"first_name": "Gunhild", "last_name": "Kragholm", "phone": "+4522345678"},
    )
    family = build_volunteer_family(
        site=site,
        status="matched",
        name="Familien Lindahl",
        members=[
            {"first_name": "Lars", "last_name": "Lindahl", "date_of_birth": date(1982, 5, 1)},
            {"first_name": "Mette", "last_name": "Lindahl", "date_of_birth": date(1984, 9, 12)},
        ],
    )
    world["child"] = referral.child
    world["referral"] = referral
    world["draft"] = build_referral(
        site=site,
        caseworker=world["caseworker"],
        status="draft",
        first_name="Dagmar",
        last_name="Storgaard",
    )
    world["audit_entry"] = LogEntry.objects.get_for_object(referral).first()
    # A message about the referral: it belongs to the referral's site.
    world["message"] = message_queue_sms(
        template="visit_reminder",
        to_number="22334455",
        context={"visit": None, "family_name": "Familien Lindahl"},
        related=referral,
    )
    world["volunteer_family"] = family
    # The volunteer is an adult of the world family (the portal's household).

    HouseholdMember.objects.create(
        family=family,
        user=world["volunteer"],
        first_name="Viggo",
        last_name="Test",
        date_of_birth=timezone.localdate().replace(year=1980),
        email=world["volunteer"].email,
    )
    world["friendship"] = build_friendship(
        referral=referral,
        family=family,
        started_on=timezone.localdate() - timedelta(weeks=4),
        contact_person=world["staff"],
        logbook_texts=["Elvira byggede en hule af tæpper i stuen."],
    )
    extend_world_year(world, site)


def extend_world_year(world: dict[str, Any], site: Any) -> None:
    """The friendship year: the families' logins, a visit, a planned friendship, a concern…"""

    friendship = world["friendship"]
    today = timezone.localdate()
    adult = friendship.family.members.order_by("date_of_birth").first()
    HouseholdMember.objects.filter(pk=adult.pk).update(user=world["volunteer"])
    Guardian.objects.filter(family=friendship.child.family).update(user=world["parent"])
    world["site"] = site
    world["visit"] = (
        friendship.visits.filter(status=VisitStatus.PLANNED, date__gt=today)
        .order_by("date")
        .first()
    )
    world["planned_friendship"] = build_planned_friendship(
        referral=build_referral(
            site=site,
            caseworker=world["caseworker"],
            status="matched",
            first_name="Idunn",
            last_name="Vestergren",
        ),
        family=build_volunteer_family(site=site, status="matched", name="Familien Holtegaard"),
        by=world["staff"],
    )
    world["plan_item"] = PlanTemplateItem.objects.filter(site=site).first()
    world["school_holiday"] = SchoolHoliday.objects.create(
        site=site, name="Vinterferie", starts_on=today, ends_on=today + timedelta(days=6)
    )
    world["session"] = SupervisionSession.objects.create(
        site=site,
        starts_at=timezone.now() + timedelta(days=10),
        meeting_url="https://meet.example.org/sparring",
        created_by=world["staff"],
    )
    SupervisionInvitation.objects.create(session=world["session"], family=friendship.family)
    world["concern"] = phone_concern(friendship, by=world["staff"])
    world["guardian"] = Guardian.objects.filter(family=friendship.child.family).first()
    world["member"] = HouseholdMember.objects.filter(family=friendship.family).first()
    world["inquiry"] = inquiry_create(
        friendship=friendship,
        by=world["staff"],
        data={
            "received_on": today,
            "from_kind": InquiryFrom.SCHOOL,
            "request": InquiryRequest.NETWORK_MEETING,
            "description": "Skolen beder om et møde om frikvartererne.",
        },
    )
    world["feed_token"] = calendar_feed_create(user=world["volunteer"])
    world["task"] = FollowUpTask.objects.filter(owner=world["staff"], site=site).first()
    world["logbook_entry"] = friendship.logbook_entries.order_by("written_at").first()
    world["past_visit"] = world["logbook_entry"].visit
    world["one_day"] = timedelta(days=1)
    world["api_token"], _secret = api_token_create(user=world["staff"], name="Integration")
    extend_world_support(world)
    extend_world_safeguarding(world)
    extend_world_matching(world, site)
    extend_world_surveys(world)
    extend_world_rights(world)


def extend_world_rights(world: dict[str, Any]) -> None:
    """A parent's request for access (decided, so the export can be made) and their consents."""
    guardian = world["referral"].child.family.guardians.get()
    world["rights_guardian"] = guardian
    world["rights_request"] = rights_request_transition(
        request=rights_request_create(
            subject=GUARDIAN_KIND.load(world["staff"], guardian.pk),
            kind=RequestKind.ACCESS,
            received_on=timezone.localdate(),
            requested_by="Forælderen",
            identity_check="Ringet op på kendt nummer",
            details="",
            by=world["staff"],
        ),
        to_status=RequestStatus.DECIDED,
        decision=RequestDecision.GRANTED,
        by=world["staff"],
    )
    world["consent"] = Consent.objects.get(
        kind=ConsentKind.SHARING, scope_key=f"referral-{world['referral'].pk}"
    )


def extend_world_support(world: dict[str, Any]) -> None:
    """Greetings (one with a photo, one waiting to be passed on), an extra visit asked in the
    first three months, a psychologist talk, a joint event and a supervision group."""

    friendship, staff = world["friendship"], world["staff"]
    greeting_photo_consent_set(friendship=friendship, by=world["parent"], consent=True)
    friendship.refresh_from_db()
    image = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 60)).save(image, format="JPEG")
    greeting = greeting_send(
        friendship=friendship,
        side="volunteer_family",
        by=world["volunteer"],
        text="Vi bagte boller, og Emma vandt i Uno.",
        photos=[SimpleUploadedFile("boller.jpg", image.getvalue(), content_type="image/jpeg")],
    )
    world["greeting_photo"] = greeting.photos.get()
    friendship = relayed_feedback_set(friendship=friendship, by=staff, enabled=True)
    world["waiting_greeting"] = greeting_send(
        friendship=friendship, side="child_family", by=world["parent"], text="Tak for i dag!"
    )
    world["extra_visit"] = extra_visit_add(
        friendship=friendship,
        by=world["volunteer"],
        side="volunteer_family",
        kind="birthday",
        on=timezone.localdate() + timedelta(days=10),
        description="Vores datters fødselsdag",
    )
    world["psychologist_talk"] = psychologist_offer(
        friendship=friendship, by=staff, reason="Familien er presset af barnets søvnløshed."
    )
    world["joint_event"] = joint_event_create(
        site=world["site"],
        by=staff,
        kind="outing",
        title="En dag i Zoologisk Have",
        starts_at=timezone.now() + timedelta(days=20),
        place="Zoologisk Have",
        children_welcome=True,
    )
    world["invitation"] = world["joint_event"].invitations.get(family=friendship.family)
    world["supervision_group"] = supervision_group_create(
        site=world["site"], by=staff, name="Børn med diagnoser", situation="diagnosis"
    )
    supervision_group_members_add(
        group=world["supervision_group"], families=[friendship.family], by=staff
    )


def extend_world_safeguarding(world: dict[str, Any]) -> None:
    """A notification to the municipality, sent (test e-mail backend) and awaiting receipt."""

    friendship = world["friendship"]
    municipality = friendship.child.family.municipality
    municipality.notification_email = "underretning@kommune.example.org"
    municipality.save(update_fields=["notification_email"])
    notifying = phone_concern(friendship, by=world["staff"])
    assess(notifying, by=world["advisory"])
    involve(notifying, by=world["advisory"])
    notification = notification_draft_create(concern=notifying, by=world["advisory"])
    notification_send(notification=notification, by=world["advisory"])
    notification_deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    world["notification"] = notification


def extend_world_matching(world: dict[str, Any], site: Any) -> None:
    """A waiting child, an accepted match with a family photo, and a site-wide run."""

    world["waiting_referral"] = build_referral(
        site=site,
        caseworker=world["caseworker"],
        status="ready_for_matching",
        first_name="Vilma",
        last_name="Ravnsborg",
    )
    matched = build_referral(
        site=site,
        caseworker=world["caseworker"],
        status="ready_for_matching",
        first_name="Aksel",
        last_name="Thorsager",
    )
    family = build_volunteer_family(site=site, name="Familien Brandholm", weekdays=[0, 1, 2, 3, 4])
    world["free_family"] = build_volunteer_family(
        site=site, name="Familien Kildegaard", weekdays=[0, 1, 2, 3, 4]
    )
    proposal = matching_services.match_proposal_create(
        referral=matched, family=family, by=world["staff"]
    )
    for side in Side.values:
        proposal = matching_services.match_proposal_answer(
            proposal=proposal, side=side, accepted=True, by=world["staff"]
        )
    world["proposal"] = proposal
    image = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(image, format="PNG")
    world["photo"] = matching_services.book_photo_add(
        book=proposal.books.get(kind=BookKind.FAMILY),
        by=world["staff"],
        upload=SimpleUploadedFile("have.png", image.getvalue(), content_type="image/png"),
    )
    matching_services.suggestion_run(site=site, by=world["staff"])


def extend_world_surveys(world: dict[str, Any]) -> None:
    """The parent's declined survey invitation, the child's voice, a draft version."""

    ensure_instruments()
    friendship = world["friendship"]
    invitation = parent_baseline_invitation(friendship)
    world["survey_token"] = survey_link_token(invitation)
    world["survey_invitation"] = invitation_decline(invitation=invitation)
    world["child_voice"] = child_voice_record(
        friendship=friendship,
        by=world["staff"],
        consent=True,
        visited_on=friendship.started_on,
        answers={
            "visits_feel": "great",
            "looking_forward": "good",
            "grown_ups": "great",
            "say_in_it": "yes",
        },
    )
    world["survey_draft"] = survey_version_draft(
        survey=invitation.survey, by=world["administrator"]
    )


def world_markers() -> list[Marker]:
    """The world's names and texts, each with the roles it is their own record for."""
    families_of_the_friendship = frozenset({"volunteer", "parent"})
    caseworker = frozenset({"caseworker"})
    return [
        Marker("child", "Elvira", caseworker | families_of_the_friendship),
        Marker("child", "Gunhild", caseworker | {"parent"}),  # the child's guardian
        Marker("child", "Dagmar", caseworker),
        Marker("child", "Idunn", caseworker),
        Marker("child", "Vilma", caseworker),
        Marker("child", "Aksel", caseworker),
        Marker("family", "Lindahl", families_of_the_friendship),
        Marker("family", "Holtegaard"),
        Marker("family", "Brandholm"),
        Marker("family", "Kildegaard"),
        Marker("logbook", "hule af tæpper", frozenset({"volunteer"})),
        Marker("concern", "uro derhjemme", frozenset({"staff"})),  # staff is on the case
        Marker("inquiry", "frikvartererne"),
        Marker("supervision", "meet.example.org/sparring", frozenset({"volunteer"})),
        Marker("greeting", "bagte boller", families_of_the_friendship),
        Marker("greeting", "Tak for i dag", families_of_the_friendship),
        Marker("support", "barnets søvnløshed", frozenset({"staff"})),  # the contact person
    ]


# The walk ----------------------------------------------------------------------

# Query parameters every read is asked with: a list must not show another
# site's records because a filter names that site.
FILTERS = "site={site}&site_id={site}&sites={site}&alle=1"


@dataclass
class Answer:
    status: int
    location: str
    text: str
    audited: int  # access rows the request wrote for its user


@dataclass
class Walk:
    """One role's walk: what it was answered and what it saw."""

    role: str
    table: Any
    markers: list[Marker]
    problems: list[str] = field(default_factory=list)
    used: set[tuple[str, bool]] = field(default_factory=set)  # (object type, changes)
    sighted: set[str] = field(default_factory=set)  # object types whose markers were shown

    def check_shown(self, name: str, method: str, answer: Answer, viewer: str) -> None:
        shown = seen(self.markers, answer.text)
        leaked = [m for m in shown if not may_see(self.table, viewer, m)]
        if leaked:
            self.problems.append(
                f"{method} {name}: {viewer} is shown "
                + ", ".join(f"{m.text!r} ({m.obj})" for m in leaked)
            )
        self.sighted.update(m.obj for m in shown if m not in leaked)
        if shown and method == "GET" and answer.status == 200 and not answer.audited:
            self.problems.append(f"GET {name}: a person's record is shown but no read is audited")


def _client(world: dict[str, Any], role: str, login: Callable[..., Any]) -> Any:

    if role == "anonymous":
        return Client()
    if role == "unverified_staff":
        return login(world["staff"], verified=False)
    return login(world[role])


def _is_api(name: str) -> bool:
    return name.startswith("api:") and name not in API_PAGES


def _call(
    client: Any, method: str, url: str, data: dict[str, Any], *, api: bool, actor: Any
) -> Answer:
    """One request in a savepoint that is rolled back: the world stays as it was."""

    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    with transaction.atomic():
        last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if method == "GET":
            response = client.get(url)
        elif api:
            response = client.generic(
                method, url, json.dumps(data), content_type="application/json"
            )
        else:
            response = client.post(url, data)
        text = shown_text(response)
        reads = LogEntry.objects.filter(pk__gt=last, action=LogEntry.Action.ACCESS)
        audited = reads.filter(actor=actor).count() if actor is not None else 0
        transaction.set_rollback(True)
    if session is not None:
        # A request that signed in or out must not change who the next one is.
        client.cookies[settings.SESSION_COOKIE_NAME] = session.value
    return Answer(response.status_code, response.get("Location", ""), text, audited)


def _refusal_ok(role: str, rule: Rule, answer: Answer, *, api: bool) -> bool:
    if api:
        expected = {"anonymous": (401,), "unverified_staff": (401, 403)}
        return answer.status in expected.get(role, rule.refused_status)
    if role == "anonymous" and answer.status == 302:
        # The admin sends to its own login URL, which redirects to ours.
        return answer.location.startswith(("/konto/log-ind/", "/admin/login/"))
    if role == "unverified_staff" and answer.status == 302:
        return "/konto/to-faktor/" in answer.location
    if role in ("anonymous", "unverified_staff"):
        return answer.status in (403, *rule.refused_status)
    return answer.status in rule.refused_status


def _walk_entry(walk: Walk, world: dict[str, Any], client: Any, name: str, rule: Rule) -> None:

    role = walk.role
    api = _is_api(name)
    viewer = rule.acts_as or role
    actor = world.get(viewer) if viewer not in ("anonymous", "unverified_staff") else None
    if viewer == "unverified_staff":
        actor = world["staff"]
    url = reverse(name, kwargs=rule.kwargs(world))
    methods = [rule.method] if rule.method != "GET" else ["GET", *(["POST"] if rule.write else [])]
    if rule.method == "POST" and not api:
        # A page that only changes answers a GET with 405 (after the sign-in checks).
        answer = _call(client, "GET", url, {}, api=False, actor=actor)
        expected_get = answer.status == 405 or _refusal_ok(role, Rule(set()), answer, api=False)
        if not expected_get:
            walk.problems.append(f"GET {name}: {role} got {answer.status}, expected 405")
    allowed = role in rule.allowed
    for method in methods:
        target = f"{url}?{FILTERS.format(site=world['site'].pk)}" if method == "GET" else url
        answer = _call(client, method, target, rule.data(world), api=api, actor=actor)
        if allowed and method == "GET" and answer.status in (400, 422):
            # A filter naming a site that is not the user's is refused: ask again without.
            answer = _call(client, method, url, {}, api=api, actor=actor)
        if answer.status >= 500:
            walk.problems.append(f"{method} {name}: {role} got {answer.status}")
        elif allowed:
            ok = rule.ok_status if method == "GET" else (rule.change_ok or CHANGE_OK)
            if answer.status not in ok:
                walk.problems.append(
                    f"{method} {name}: {role} may, but got {answer.status} {answer.location}"
                )
            walk.used.add((rule.obj, rule.changes))
        elif not _refusal_ok(role, rule, answer, api=api):
            walk.problems.append(
                f"{method} {name}: {role} must be refused, but got {answer.status} "
                f"{answer.location}"
            )
        walk.check_shown(name, method, answer, viewer)


def _walk_admin(walk: Walk, world: dict[str, Any], client: Any) -> None:
    """Every model page of the Django admin: administrators only, and nothing of a case."""

    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        answer = _call(client, "GET", reverse(name), {}, api=False, actor=None)
        allowed = walk.role == "administrator"
        if allowed and answer.status != 200:
            walk.problems.append(f"GET {name}: administrator got {answer.status}")
        signed_in = walk.role not in ("anonymous", "unverified_staff")
        if not allowed and not (
            (answer.status == 302 and answer.location.startswith(("/admin/login/", "/konto/")))
            or (signed_in and answer.status == 403)
        ):
            walk.problems.append(f"GET {name}: {walk.role} got {answer.status}")
        walk.check_shown(name, "GET", answer, walk.role)


@pytest.mark.parametrize("role", ROLES)
def test_role_walks_every_url_and_operation_within_its_need_to_know(role, world, login):
    table = load_table()
    walk = Walk(role=role, table=table, markers=world_markers())
    client = _client(world, role, login)
    for name in sorted(MATRIX):
        _walk_entry(walk, world, client, name, MATRIX[name])
    _walk_admin(walk, world, client)
    if role in table.read["home"]:  # a column of the table, not a variant
        for obj, scopes in table.read.items():
            used = (obj, False) in walk.used or (obj, True) in walk.used
            if scopes[role] not in NO_RECORDS and not used and obj not in walk.sighted:
                walk.problems.append(
                    f"docs/need-to-know.md gives {role} '{scopes[role]}' on {obj}, "
                    "but no page or operation of the walk shows it"
                )
    problems = without_known_gaps(role, walk.problems)
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_no_case_record_in_the_django_admin():
    """The admin shows whole rows to anyone with a model permission: no case record is in it."""

    case_apps = {"referrals", "volunteers", "friendships", "matching", "safeguarding", "followups"}
    listed = [
        model._meta.label
        for model in admin.site._registry
        if model._meta.app_label in case_apps
        or model is LogEntry  # names and changed values of every record
        or model._meta.app_label == "messaging"  # the texts sent to families
        or (model._meta.app_label.startswith("hjemtilos") and is_case_record(model))
    ]
    assert not listed, f"case records in the Django admin: {listed}"
