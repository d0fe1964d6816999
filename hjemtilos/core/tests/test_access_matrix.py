"""Every URL × every role: who gets in and who is refused.

The test walks the whole URLconf. A URL that is not listed in ``MATRIX``
fails the test, so a new page cannot be added without deciding who may see it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from hjemtilos.accounts.models import Role
from hjemtilos.accounts.services import user_invite
from hjemtilos.conftest import phone_concern
from hjemtilos.demo.builders import (
    build_friendship,
    build_planned_friendship,
    build_referral,
    build_volunteer_family,
)
from hjemtilos.followups.models import PlanTemplateItem, SupervisionSession
from hjemtilos.friendships.contacts import guardians
from hjemtilos.friendships.models import SchoolHoliday, VisitStatus
from hjemtilos.friendships.services.extra import extra_visit_add
from hjemtilos.friendships.services.feeds import calendar_feed_create
from hjemtilos.friendships.services.greetings import (
    greeting_photo_consent_set,
    greeting_send,
    relayed_feedback_set,
)
from hjemtilos.matching.models import BookKind, Side
from hjemtilos.matching.services import (
    book_photo_add,
    match_proposal_answer,
    match_proposal_create,
    suggestion_run,
)
from hjemtilos.messaging.services import message_queue_sms
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Guardian
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
from hjemtilos.surveys.models import Survey
from hjemtilos.surveys.selectors import current_version
from hjemtilos.surveys.services import (
    child_voice_record,
    invitation_create,
    invitation_decline,
    survey_version_draft,
)
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
    """Who may GET a URL; ``kwargs`` builds the URL arguments from the world."""

    allowed: set[str]
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda world: {})
    # Status a refused signed-in user gets: 403 for a page the role may not
    # use, 404 for an object they may not know exists.
    refused_status: tuple[int, ...] = (403, 404)
    ok_status: tuple[int, ...] = (200,)


def pk_of(key: str, argument: str = "pk") -> Callable[[dict[str, Any]], dict[str, Any]]:
    """URL arguments: ``argument`` is the primary key of the world's ``key`` object."""
    return lambda world: {argument: world[key].pk}


def post_only(kwargs: Callable[[dict[str, Any]], dict[str, Any]] = lambda world: {}) -> Rule:
    """A URL that only takes POST: a GET is refused with 405 whoever asks."""
    return Rule(set(), kwargs=kwargs, refused_status=(405,))


def invitation_token(world: dict[str, Any]) -> dict[str, Any]:
    return {"token": world["invitation_token"]}


MATRIX: dict[str, Rule] = {
    "core:home": Rule(SIGNED_IN),
    # Operators: the load balancer's health check is open (no personal data); the
    # metrics need the scraper's token, and are off without one (as here).
    "core:healthz": Rule(EVERYONE - {"unverified_staff"}),
    "core:metrics": Rule(set(), refused_status=(401, 404)),
    "accounts:login": Rule(EVERYONE, ok_status=(200, 302)),
    # Unverified staff reach the code page; everyone else verified is sent on.
    "accounts:logout": post_only(),  # POST only
    # Verified users are sent on to where they were going.
    "accounts:two_factor": Rule(EVERYONE - {"anonymous"}, ok_status=(200, 302)),
    "accounts:accept_invitation": Rule(
        EVERYONE - {"unverified_staff"}, kwargs=invitation_token, ok_status=(200, 302)
    ),
    "accounts:invite": Rule({"staff", "other_staff", "administrator"}),
    "accounts:two_factor_backup": Rule(EVERYONE - {"anonymous"}, ok_status=(200, 302)),
    "accounts:backup_codes_show": Rule(STAFF_SIDE),
    "accounts:backup_codes_create": Rule(set(), refused_status=(405,)),  # POST only
    "accounts:account": Rule(SIGNED_IN),
    "accounts:password_change": Rule(SIGNED_IN),
    "accounts:confirm": Rule(SIGNED_IN),
    # Password reset: open to everyone (the same answer whether or not an account exists).
    "accounts:password_reset": Rule(EVERYONE - {"unverified_staff"}),
    "accounts:password_reset_done": Rule(EVERYONE - {"unverified_staff"}),
    "accounts:password_reset_confirm": Rule(
        EVERYONE - {"unverified_staff"}, kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"}
    ),
    "accounts:password_reset_complete": Rule(EVERYONE - {"unverified_staff"}),
    # The site lead (``staff`` leads the world's site) follows unaccepted invitations.
    "accounts:invitations_pending": Rule({"staff"}),
    "accounts:reinvite": Rule(set(), kwargs=lambda w: {"pk": 1}, refused_status=(405,)),
    # Administrators manage accounts; every change is a POST with a reason.
    "accounts:users": Rule({"administrator"}),
    "accounts:user": Rule({"administrator"}, kwargs=lambda w: {"pk": w["staff"].pk}),
    **{
        f"accounts:{name}": Rule(  # POST only
            set(), kwargs=lambda w: {"pk": w["staff"].pk}, refused_status=(405,)
        )
        for name in [
            "user_deactivate",
            "user_reactivate",
            "user_second_factor_reset",
            "user_role_change",
            "role_request_confirm",
            "role_request_refuse",
        ]
    },
    "set_language": Rule(EVERYONE, ok_status=(302,)),
    # Signed-in people who are not administrators are refused, not sent to log in again.
    "admin:index": Rule({"administrator"}, refused_status=(302, 403)),
    # Case records: staff of the site, and the advisory team for children and
    # friendships; staff of another site get 404 for the objects.
    "referrals:list": Rule({"staff", "other_staff", "advisory"}),
    "referrals:child": Rule({"staff", "advisory"}, kwargs=pk_of("child")),
    "referrals:guardian_invite": Rule(  # POST only
        set(), kwargs=lambda w: {"pk": 1}, refused_status=(405,)
    ),
    # Enrollment: caseworkers refer (and see only their own referrals); staff
    # of the site run intake; the advisory team may read.
    "referrals:mine": Rule({"caseworker", "other_caseworker"}),
    "referrals:updates": Rule({"caseworker", "other_caseworker"}),
    "referrals:create": Rule({"caseworker", "other_caseworker", "staff", "other_staff"}),
    "referrals:intake": Rule({"staff", "other_staff"}),
    "referrals:detail": Rule({"staff", "advisory", "caseworker"}, kwargs=pk_of("referral")),
    "referrals:edit": Rule({"staff", "caseworker"}, kwargs=pk_of("draft")),
    "referrals:add_sibling": Rule({"staff", "caseworker"}, kwargs=pk_of("referral")),
    "referrals:withdraw": post_only(pk_of("referral")),
    "referrals:add_note": post_only(pk_of("referral")),
    "referrals:change_status": post_only(pk_of("referral")),
    "referrals:plan_home_visit": Rule({"staff"}, kwargs=pk_of("referral")),
    "referrals:record_home_visit": Rule({"staff"}, kwargs=pk_of("referral")),
    "followups:mine": Rule({"staff", "other_staff"}),
    "followups:complete": post_only(lambda w: {"pk": 1}),
    "volunteers:list": Rule({"staff", "other_staff"}),
    "volunteers:detail": Rule({"staff"}, kwargs=pk_of("volunteer_family")),
    "volunteers:member_invite": Rule(  # POST only
        set(), kwargs=lambda w: {"pk": 1}, refused_status=(405,)
    ),
    "volunteers:change_status": Rule(
        set(), kwargs=pk_of("volunteer_family"), refused_status=(403, 404, 405)
    ),
    "volunteers:set_contact_person": Rule(
        set(), kwargs=pk_of("volunteer_family"), refused_status=(403, 404, 405)
    ),
    "volunteers:plan_interview": Rule({"staff"}, kwargs=pk_of("volunteer_family")),
    "volunteers:record_interview": Rule({"staff"}, kwargs=pk_of("volunteer_family")),
    "volunteers:member": Rule(
        {"staff"},
        kwargs=lambda w: {
            "pk": w["volunteer_family"].pk,
            "member_pk": w["volunteer_family"].members.first().pk,
        },
    ),
    # The matched world family is not in vetting: the approval page sends staff back.
    "volunteers:approve": Rule({"staff"}, kwargs=pk_of("volunteer_family"), ok_status=(302,)),
    "volunteers:policies": Rule({"staff", "other_staff", "administrator"}),
    # The public application: anyone, signed in or not.
    "volunteers:apply": Rule(EVERYONE - {"unverified_staff"}),
    "volunteers:apply_receipt": Rule(EVERYONE - {"unverified_staff"}),
    # The volunteer portal: the world's volunteer lives in the world family.
    "volunteers:portal": Rule({"volunteer"}),
    "volunteers:portal_policy": Rule({"volunteer"}, kwargs=lambda w: {"kind": "code_of_conduct"}),
    "volunteers:portal_member_add": Rule({"volunteer"}),
    "volunteers:portal_member_move_out": Rule(
        {"volunteer"},
        kwargs=lambda w: {"member_pk": w["volunteer_family"].members.order_by("-pk").first().pk},
    ),
    "volunteers:portal_address": Rule({"volunteer"}),
    "api:volunteer_families": Rule({"staff", "other_staff"}, refused_status=(401, 403)),
    "api:volunteer_family": Rule(
        {"staff"},
        kwargs=pk_of("volunteer_family", "family_id"),
        refused_status=(401, 403, 404),
    ),
    "api:volunteer_family_transition": Rule(
        set(), kwargs=pk_of("volunteer_family", "family_id"), refused_status=(401, 405)
    ),
    "api:my_family": Rule({"volunteer"}, refused_status=(401, 403, 404)),
    # Reports: staff (their sites) and evaluators (aggregates of every site).
    "reports:index": Rule({"staff", "other_staff", "evaluator"}),
    "reports:report": Rule(
        {"staff", "other_staff", "evaluator"}, kwargs=lambda w: {"slug": "status"}
    ),
    "reports:download": Rule(
        {"staff", "other_staff", "evaluator"}, kwargs=lambda w: {"slug": "drift", "fmt": "csv"}
    ),
    "api:reports": Rule({"staff", "other_staff", "evaluator"}, refused_status=(401, 403)),
    "api:report": Rule(
        {"staff", "other_staff", "evaluator"},
        kwargs=lambda w: {"slug": "status"},
        refused_status=(401, 403),
    ),
    "friendships:list": Rule({"staff", "other_staff", "advisory"}),
    # The audit log: administrators only.
    "privacy:audit_log": Rule({"administrator"}),
    "privacy:audit_log_export": Rule({"administrator"}),
    "privacy:audit_entry": Rule({"administrator"}, kwargs=pk_of("audit_entry")),
    # The JSON API answers anonymous callers with 401, never a login redirect.
    "api:index": Rule(EVERYONE - {"unverified_staff"}),
    "api:api-root": Rule(EVERYONE - {"unverified_staff"}),  # the same /api/ as api:index
    "api:openapi-json": Rule(EVERYONE - {"unverified_staff"}),
    "api:openapi-view": Rule(EVERYONE - {"unverified_staff"}),
    "api:me": Rule(SIGNED_IN, refused_status=(401,)),
    "api:municipalities": Rule(SIGNED_IN, refused_status=(401,)),
    "api:tokens": Rule(SIGNED_IN, refused_status=(401,)),
    "api:token_create": Rule(SIGNED_IN, refused_status=(401,)),  # GET lists
    "api:token_revoke": Rule(
        set(), kwargs=lambda w: {"token_id": 1}, refused_status=(401, 405)
    ),  # DELETE only
    "api:sites": Rule(
        {"staff", "other_staff", "advisory", "administrator", "evaluator"},
        refused_status=(401, 403),
    ),
    "api:site": Rule(
        {"staff", "advisory", "administrator", "evaluator"},
        kwargs=lambda w: {"site_id": w["child"].family.site_id},
        refused_status=(401, 404),
    ),
    # Referrals: caseworkers their own, staff their sites', the advisory team reads.
    "api:referrals": Rule(
        {"caseworker", "other_caseworker", "staff", "other_staff", "advisory"},
        refused_status=(401, 403),
    ),
    "api:referral_create": Rule(  # the same URL as api:referrals; GET lists
        {"caseworker", "other_caseworker", "staff", "other_staff", "advisory"},
        refused_status=(401, 403),
    ),
    "api:referral": Rule(
        {"staff", "advisory", "caseworker"},
        kwargs=pk_of("referral", "referral_id"),
        refused_status=(401, 403, 404),
    ),
    **{
        f"api:{name}": Rule(  # POST only
            set(), kwargs=pk_of("referral", "referral_id"), refused_status=(401, 405)
        )
        for name in (
            "referral_submit",
            "referral_transition",
            "referral_note",
            "home_visit_plan",
            "home_visit_record",
        )
    },
    "api:intake": Rule({"staff", "other_staff"}, refused_status=(401, 403)),
    "api_keys:list": Rule(SIGNED_IN),
    "api_keys:revoke": post_only(lambda w: {"pk": 1}),
    # The outbox: staff read their own sites' messages; administrators see every
    # message's delivery (no text, no address); staff of another site get 404.
    "messaging:outbox": Rule({"staff", "other_staff", "administrator"}),
    "messaging:detail": Rule({"staff", "administrator"}, kwargs=pk_of("message")),
    "messaging:retry": post_only(pk_of("message")),
    "messaging:retry_failed": post_only(),
    "messaging:development_sms": Rule({"staff", "other_staff"}),
    "friendships:detail": Rule({"staff", "advisory"}, kwargs=pk_of("friendship")),
    # The friendship year. Staff of the site run it; the advisory team reads;
    # the two families use the portal for their own friendship only.
    "friendships:attention": Rule({"staff", "other_staff", "advisory"}),
    "friendships:screening": Rule({"staff", "other_staff"}),
    "friendships:screen": post_only(lambda w: {"pk": 1}),
    "friendships:school_holidays": Rule({"staff", "other_staff"}),
    "friendships:school_holiday_delete": post_only(pk_of("school_holiday")),
    "friendships:visits": Rule({"staff", "advisory"}, kwargs=pk_of("friendship")),
    "friendships:first_meeting_plan": Rule({"staff"}, kwargs=pk_of("planned_friendship")),
    "friendships:first_meeting": Rule({"staff"}, kwargs=pk_of("planned_friendship")),
    "friendships:agreement": Rule({"staff"}, kwargs=pk_of("friendship")),
    "friendships:plan_reapply": post_only(pk_of("friendship")),
    "friendships:future": Rule({"staff"}, kwargs=pk_of("friendship")),
    "friendships:end_early": Rule({"staff"}, kwargs=pk_of("friendship")),
    "friendships:record_deletion": Rule(
        set(),
        kwargs=lambda w: {"pk": w["friendship"].pk, "confirmation_pk": 1},
        refused_status=(405,),
    ),
    "friendships:visit_cancel": Rule({"staff", "volunteer", "parent"}, kwargs=pk_of("visit")),
    "friendships:visit_move": Rule({"staff", "volunteer", "parent"}, kwargs=pk_of("visit")),
    "friendships:visit_keep": post_only(pk_of("visit")),
    "friendships:visit_held": post_only(pk_of("visit")),
    "friendships:portal_list": Rule({"volunteer", "parent"}, ok_status=(200, 302)),
    "friendships:portal": Rule({"volunteer", "parent"}, kwargs=pk_of("friendship")),
    "friendships:logbook_write": Rule({"volunteer"}, kwargs=pk_of("friendship")),
    "friendships:portal_future": Rule({"volunteer", "parent"}, kwargs=pk_of("friendship")),
    "friendships:confirm_deletion": post_only(pk_of("friendship")),
    "friendships:reminders": post_only(pk_of("friendship")),
    "friendships:calendar_settings": Rule({"volunteer", "parent"}),
    # The calendar feed is read by calendar apps without a login: the secret
    # URL is the key (and a wrong one is a 404).
    "friendships:calendar_feed": Rule(
        EVERYONE - {"unverified_staff"}, kwargs=lambda w: {"token": w["feed_token"]}
    ),
    # Greetings between the families: the two families in the portal and staff of the
    # site (who pass them on); never caseworkers, the advisory team or administrators.
    "friendships:greetings": Rule(
        {"volunteer", "parent"}, kwargs=lambda w: {"pk": w["friendship"].pk}
    ),
    "friendships:greeting_send": Rule(
        {"volunteer", "parent"}, kwargs=lambda w: {"pk": w["friendship"].pk}
    ),
    "friendships:photo_consent": Rule(
        set(), kwargs=lambda w: {"pk": w["friendship"].pk}, refused_status=(405,)
    ),
    "friendships:greeting_photo": Rule(
        {"staff", "volunteer", "parent"}, kwargs=lambda w: {"pk": w["greeting_photo"].pk}
    ),
    "friendships:relay_queue": Rule({"staff", "other_staff"}),
    "friendships:greeting_relay": Rule(
        {"staff"}, kwargs=lambda w: {"pk": w["waiting_greeting"].pk}
    ),
    "friendships:phone_feedback": Rule({"staff"}, kwargs=lambda w: {"pk": w["friendship"].pk}),
    "friendships:greeting_settings": Rule(
        set(), kwargs=lambda w: {"pk": w["friendship"].pk}, refused_status=(405,)
    ),
    # Extra visits: the families suggest them; in the first three months staff settle them.
    "friendships:extra_visit_add": Rule(
        {"volunteer", "parent"}, kwargs=lambda w: {"pk": w["friendship"].pk}
    ),
    "friendships:extra_visit_decide": Rule({"staff"}, kwargs=lambda w: {"pk": w["extra_visit"].pk}),
    "friendships:extra_visit_cancel": Rule(
        set(), kwargs=lambda w: {"pk": w["extra_visit"].pk}, refused_status=(405,)
    ),
    # The guidance opens ten months into the year; the world's friendship is four weeks
    # in, so every role is refused (the families' access is tested in friendships).
    "friendships:guidance": Rule(set(), kwargs=lambda w: {"pk": w["friendship"].pk}),
    # Support for the families. The psychologist talk: the friendship's contact person
    # (the world's staff member) and the advisory team only.
    "support:conversation_add": Rule(
        {"staff"}, kwargs=lambda w: {"friendship_pk": w["friendship"].pk}
    ),
    "support:psychologist": Rule(
        {"staff", "advisory"}, kwargs=lambda w: {"friendship_pk": w["friendship"].pk}
    ),
    "support:psychologist_talk": Rule(
        {"staff", "advisory"}, kwargs=lambda w: {"pk": w["psychologist_talk"].pk}
    ),
    "support:call_request": Rule(
        {"volunteer", "parent"}, kwargs=lambda w: {"friendship_pk": w["friendship"].pk}
    ),
    "support:events": Rule({"staff", "other_staff"}),
    "support:event": Rule({"staff"}, kwargs=lambda w: {"pk": w["joint_event"].pk}),
    "support:event_cancel": Rule(
        set(), kwargs=lambda w: {"pk": w["joint_event"].pk}, refused_status=(405,)
    ),
    "support:my_events": Rule({"volunteer"}),
    "support:event_answer": Rule({"volunteer"}, kwargs=lambda w: {"pk": w["invitation"].pk}),
    "support:groups": Rule({"staff", "other_staff"}),
    "support:group": Rule({"staff"}, kwargs=lambda w: {"pk": w["supervision_group"].pk}),
    "support:group_session": Rule({"staff"}, kwargs=lambda w: {"pk": w["supervision_group"].pk}),
    "followups:replan": post_only(lambda w: {"pk": 1}),
    "followups:overdue": Rule({"staff"}),  # the site lead
    "followups:plan": Rule({"staff", "other_staff"}),
    "followups:plan_item_add": Rule({"staff"}, kwargs=pk_of("site", "site_pk")),
    "followups:plan_item_edit": Rule({"staff"}, kwargs=pk_of("plan_item")),
    "friendships:supervision": Rule({"staff", "other_staff"}),
    "followups:supervision_detail": Rule({"staff"}, kwargs=pk_of("session")),
    # Concerns: the staff on the case (the friendship's contact person) and the advisory
    # team only; staff at another site do not learn that one exists, and administrators
    # see none (they keep the municipalities' addresses and appoint the advisory lead).
    # The lead's pages (who read what, the report) are refused to a member who does not
    # lead (safeguarding/tests/test_access.py walks them with the lead).
    "safeguarding:concerns": Rule({"staff", "other_staff", "advisory"}),
    "safeguarding:concern": Rule({"staff", "advisory"}, kwargs=pk_of("concern")),
    "safeguarding:concern_step": post_only(pk_of("concern")),
    "safeguarding:concern_entry": post_only(pk_of("concern")),
    "safeguarding:concern_take_on": post_only(pk_of("concern")),
    "safeguarding:concern_assess": Rule({"advisory"}, kwargs=pk_of("concern")),
    "safeguarding:concern_involvement": Rule(
        {"advisory"}, kwargs=lambda w: {"pk": w["concern"].pk, "party": "foraeldre"}
    ),
    "safeguarding:notification_create": post_only(pk_of("concern")),
    "safeguarding:notification": Rule({"staff", "advisory"}, kwargs=pk_of("notification")),
    "safeguarding:notification_pdf": Rule({"staff", "advisory"}, kwargs=pk_of("notification")),
    "safeguarding:notification_send": post_only(pk_of("notification")),
    "safeguarding:notification_acknowledge": Rule({"advisory"}, kwargs=pk_of("notification")),
    "safeguarding:concern_reads": Rule(set()),
    "safeguarding:report": Rule(set()),
    "safeguarding:advisory_team": Rule({"administrator"}),
    "safeguarding:municipalities": Rule({"administrator"}),
    "safeguarding:municipality": Rule(
        {"administrator"}, kwargs=lambda w: {"pk": w["child"].family.municipality_id}
    ),
    "safeguarding:concern_raise": Rule(
        {"staff", "volunteer"}, kwargs=pk_of("friendship", "friendship_pk")
    ),
    "safeguarding:inquiry_create": Rule({"staff"}, kwargs=pk_of("friendship", "friendship_pk")),
    "safeguarding:inquiry": Rule({"staff", "advisory"}, kwargs=pk_of("inquiry")),
    "api:visits": Rule(SIGNED_IN, refused_status=(401,)),
    "api:visit_cancel": Rule(set(), kwargs=pk_of("visit", "visit_id"), refused_status=(401, 405)),
    "api:visit_move": Rule(set(), kwargs=pk_of("visit", "visit_id"), refused_status=(401, 405)),
    "api:logbook_create": Rule(
        set(), kwargs=pk_of("friendship", "friendship_id"), refused_status=(401, 405)
    ),
    "api:my_tasks": Rule({"staff", "other_staff"}, refused_status=(401, 403)),
    # Matching: programme staff of the site only (the advisory team, caseworkers,
    # volunteers and parents see nothing of it); staff of another site get 404.
    "matching:waiting": Rule({"staff", "other_staff"}),
    "matching:proposals": Rule({"staff", "other_staff"}),
    "matching:suggestion": Rule({"staff", "other_staff"}),
    "matching:child": Rule({"staff"}, kwargs=pk_of("waiting_referral")),
    "matching:weekdays": Rule({"staff"}, kwargs=pk_of("waiting_referral"), ok_status=(302,)),
    "matching:propose": post_only(pk_of("waiting_referral")),
    "matching:proposal": Rule({"staff"}, kwargs=pk_of("proposal")),
    "matching:answer": post_only(pk_of("proposal")),
    "matching:withdraw": post_only(pk_of("proposal")),
    "matching:books_sent": post_only(pk_of("proposal")),
    "matching:schedule": post_only(pk_of("proposal")),
    "matching:book": Rule({"staff"}, kwargs=lambda w: {"pk": w["proposal"].pk, "kind": "child"}),
    "matching:book_pdf": Rule(
        {"staff"}, kwargs=lambda w: {"pk": w["proposal"].pk, "kind": "family"}
    ),
    "matching:book_consent": post_only(lambda w: {"pk": w["proposal"].pk, "kind": "child"}),
    "matching:photo_add": post_only(lambda w: {"pk": w["proposal"].pk, "kind": "family"}),
    "matching:photo": Rule({"staff"}, kwargs=pk_of("photo")),
    "matching:photo_delete": post_only(pk_of("photo")),
    "matching:suggestion_run": post_only(lambda w: {"pk": w["proposal"].site_id}),
    "matching:settings": Rule({"staff"}, kwargs=lambda w: {"pk": w["proposal"].site_id}),
    "api:matching_candidates": Rule(
        {"staff"},
        kwargs=pk_of("waiting_referral", "referral_id"),
        refused_status=(401, 403, 404),
    ),
    "api:matching_proposals": Rule(set(), refused_status=(401, 405)),  # POST only
    "api:matching_proposal": Rule(
        {"staff"},
        kwargs=pk_of("proposal", "proposal_id"),
        refused_status=(401, 403, 404),
    ),
    "api:matching_answer": Rule(
        set(), kwargs=pk_of("proposal", "proposal_id"), refused_status=(401, 405)
    ),
    # GET reads the latest run; POST (the same URL) computes one.
    "api:matching_suggestion": Rule(
        {"staff"},
        kwargs=lambda w: {"site_id": w["proposal"].site_id},
        refused_status=(401, 403, 404),
    ),
    "api:matching_suggestion_run": Rule(
        {"staff"},
        kwargs=lambda w: {"site_id": w["proposal"].site_id},
        refused_status=(401, 403, 404),
    ),
    # Surveys: the personal link needs no login (the signed token decides); the instruments
    # are read by staff, evaluators and administrators and edited (drafts) by administrators;
    # a friendship's invitations are handled by staff of its site; the figures are read by
    # staff and evaluators.
    # (Staff half-way through signing in finish the second factor first.)
    "surveys:answer": Rule(
        EVERYONE - {"unverified_staff"}, kwargs=lambda w: {"token": w["survey_token"]}
    ),
    **{
        f"surveys:{name}": Rule(
            set(), kwargs=lambda w: {"token": w["survey_token"]}, refused_status=(405,)
        )
        for name in ("consent", "decline", "undo_decline")
    },
    "surveys:list": Rule({"staff", "other_staff", "evaluator", "administrator"}),
    "surveys:version": Rule(
        {"staff", "other_staff", "evaluator", "administrator"},
        kwargs=lambda w: {"pk": w["survey_draft"].pk},
    ),
    "surveys:version_edit": Rule({"administrator"}, kwargs=lambda w: {"pk": w["survey_draft"].pk}),
    "surveys:question_add": Rule({"administrator"}, kwargs=lambda w: {"pk": w["survey_draft"].pk}),
    "surveys:question_edit": Rule(
        {"administrator"}, kwargs=lambda w: {"pk": w["survey_draft"].questions.first().pk}
    ),
    **{
        f"surveys:{name}": Rule(
            set(), kwargs=lambda w: {"pk": w["survey_draft"].pk}, refused_status=(405,)
        )
        for name in ("version_draft", "version_publish", "question_delete", "question_move")
    },
    "surveys:outcomes": Rule({"staff", "other_staff", "evaluator"}),
    "surveys:enter": Rule({"staff"}, kwargs=lambda w: {"pk": w["survey_invitation"].pk}),
    "surveys:reopen": Rule({"staff"}, kwargs=lambda w: {"pk": w["survey_invitation"].pk}),
    "surveys:response": Rule({"staff"}, kwargs=lambda w: {"pk": w["child_voice"].pk}),
    # Recorded already: the page sends staff on to the answers.
    "surveys:child_voice": Rule(
        {"staff"}, kwargs=lambda w: {"pk": w["friendship"].pk}, ok_status=(302,)
    ),
}

# Patterns not walked one by one, with the reason.
SKIPPED_NAMESPACES = {
    # The Django admin's hundreds of model pages share admin:index's permission
    # check (administrators only); admin:index stands for them.
    "admin",
}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def all_url_names() -> set[str]:
    names = set(_walk(get_resolver().url_patterns))
    return {n for n in names if n.split(":")[0] not in SKIPPED_NAMESPACES} | {"admin:index"}


def test_every_url_has_an_access_rule():
    missing = sorted(all_url_names() - MATRIX.keys())
    assert not missing, f"URLs without an access rule in MATRIX: {missing}"
    stale = sorted(MATRIX.keys() - all_url_names())
    assert not stale, f"MATRIX lists URLs that no longer exist: {stale}"


@pytest.fixture
def world(people, staff) -> dict[str, Any]:
    """The people plus one object of each kind the URLs point at."""
    _user, link = user_invite(
        invited_by=staff, email="invited@example.org", first_name="Ida", role=Role.PARENT
    )
    world: dict[str, Any] = dict(people)
    world["invitation_token"] = link.rstrip("/").rsplit("/", 1)[1]
    extend_world(world)
    return world


def extend_world(world: dict[str, Any]) -> None:
    """Objects owned by the domain apps: a child, a family and their friendship at ``site``."""
    site = Site.objects.get(name="Hjem til Os København")
    referral = build_referral(site=site, caseworker=world["caseworker"], status="matched")
    family = build_volunteer_family(site=site, status="matched")
    world["child"] = referral.child
    world["referral"] = referral
    world["draft"] = build_referral(
        site=site, caseworker=world["caseworker"], status="draft", first_name="Dagmar"
    )
    world["audit_entry"] = LogEntry.objects.get_for_object(referral).first()
    world["message"] = message_queue_sms(
        template="visit_reminder",
        to_number="22334455",
        context={"visit": None, "family_name": "Familien Test"},
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
    )
    extend_world_year(world, site)
    extend_world_support(world)


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
        friendship=friendship, by=staff, reason="Familien er presset af barnets uro."
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
            site=site, caseworker=world["caseworker"], status="matched", first_name="Ida"
        ),
        family=build_volunteer_family(site=site, status="matched", name="Familien Holt"),
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
    world["concern"] = phone_concern(friendship, by=world["staff"])
    world["inquiry"] = inquiry_create(
        friendship=friendship,
        by=world["staff"],
        data={
            "received_on": today,
            "from_kind": InquiryFrom.SCHOOL,
            "request": InquiryRequest.NETWORK_MEETING,
            "description": "Skolen ønsker venskabsfamilien med til et netværksmøde.",
        },
    )
    world["feed_token"] = calendar_feed_create(user=world["volunteer"])
    extend_world_safeguarding(world)
    extend_world_matching(world, site)


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
        site=site, caseworker=world["caseworker"], status="ready_for_matching", first_name="Vilma"
    )
    matched = build_referral(
        site=site, caseworker=world["caseworker"], status="ready_for_matching", first_name="Aksel"
    )
    family = build_volunteer_family(site=site, name="Familien Brandt", weekdays=[0, 1, 2, 3, 4])
    proposal = match_proposal_create(referral=matched, family=family, by=world["staff"])
    for side in Side.values:
        proposal = match_proposal_answer(
            proposal=proposal, side=side, accepted=True, by=world["staff"]
        )
    world["proposal"] = proposal
    image = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(image, format="PNG")
    world["photo"] = book_photo_add(
        book=proposal.books.get(kind=BookKind.FAMILY),
        by=world["staff"],
        upload=SimpleUploadedFile("have.png", image.getvalue(), content_type="image/png"),
    )
    suggestion_run(site=site, by=world["staff"])
    extend_world_surveys(world)


def extend_world_surveys(world: dict[str, Any]) -> None:
    """The parent's declined survey invitation, the child's voice, a draft version."""
    ensure_instruments()
    friendship = world["friendship"]
    baseline = Survey.objects.get(key="parent_baseline")
    version = current_version(baseline)
    assert version is not None
    invitation = invitation_create(
        survey=baseline,
        version=version,
        friendship=friendship,
        person=guardians(friendship)[0],
        occasion_on=friendship.started_on,
    )
    assert invitation is not None
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
    world["survey_draft"] = survey_version_draft(survey=baseline, by=world["administrator"])


def _url(name: str, world: dict[str, Any]) -> str:
    return reverse(name, kwargs=MATRIX[name].kwargs(world))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_access_by_role(name, world, login):
    rule = MATRIX[name]
    url = _url(name, world)
    for role in ROLES:
        if role == "anonymous":
            client = Client()
        elif role == "unverified_staff":
            client = login(world["staff"], verified=False)
        else:
            client = login(world[role])
        response = client.get(url)
        if role == "unverified_staff" and role not in rule.allowed:
            assert response.status_code in (302, 403, *rule.refused_status), (
                role,
                url,
                response.status_code,
            )
            if response.status_code == 302:
                assert "/konto/to-faktor/" in response["Location"], (role, url)
        elif role in rule.allowed:
            assert response.status_code in rule.ok_status, (role, url, response.status_code)
        elif role == "anonymous":
            assert response.status_code in (302, *rule.refused_status), (role, url)
            if response.status_code == 302:
                # The admin sends to its own login URL, which redirects to ours.
                location = response["Location"]
                if location.startswith("/admin/login/"):
                    location = client.get(location)["Location"]
                assert "/konto/log-ind/" in location, (role, url)
        else:
            assert response.status_code in rule.refused_status, (role, url, response.status_code)
