"""Reads for referrals and children, shaped for the pages that show them.

Every list here runs a fixed number of queries however many rows there are
(asserted in the tests): related rows are joined or prefetched, never
fetched per row.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.messaging.recipients import Recipient
from hjemtilos.organisations.models import Site
from hjemtilos.organisations.selectors import sites_for_staff
from hjemtilos.referrals import policies
from hjemtilos.referrals.models import (
    CaseworkerPreferences,
    CaseworkerUpdate,
    Child,
    Guardian,
    Referral,
    ReferralEvent,
    ReferralNote,
    ReferralStatus,
)

S = ReferralStatus

# The intake stages, in the order the queue shows them: new referrals first.
INTAKE_STATUSES = (S.SUBMITTED, S.RECEIVED, S.HOME_VISIT_PLANNED, S.HOME_VISIT_HELD, S.ON_HOLD)


def referral_list(*, user: User, status: str = "") -> QuerySet[Referral]:
    """The referrals ``user`` may see, newest activity first, ready for a table."""
    qs = policies.visible_referrals(user).select_related(
        "child", "site", "caseworker__municipality"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-status_changed_at", "-id")


def caseworker_referrals(*, user: User, status: str = "") -> QuerySet[Referral]:
    """A caseworker's own referrals with the dates they follow.

    Only status and dates: the friendship's start and end come as plain
    dates, never the volunteer family (SPEC 2: no direct contact).
    """
    # The newest friendship's state, through the reverse relation: referrals
    # sit below friendships and do not import them.
    newest = Referral.objects.filter(pk=OuterRef("pk"), friendships__isnull=False).order_by(
        "-friendships__created_at", "-friendships__id"
    )
    # Per row, as subqueries: aggregates over the join would group every referral of the
    # caseworker before the page is taken (PostgreSQL cannot page first).
    own = Referral.objects.filter(pk=OuterRef("pk")).order_by().values("pk")
    qs = (
        Referral.objects.filter(caseworker=user)
        .select_related("child", "site")
        .annotate(
            friendship_started_on=Subquery(
                own.annotate(on=Min("friendships__started_on")).values("on")
            ),
            friendship_ended_on=Subquery(
                own.annotate(on=Min("friendships__ended_on")).values("on")
            ),
            friendship_status=Subquery(newest.values("friendships__status")[:1]),
            friendship_continues=Subquery(newest.values("friendships__continues_privately")[:1]),
        )
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def caseworker_updates(*, user: User) -> QuerySet[CaseworkerUpdate]:
    """What happened with ``user``'s referrals, newest first (only referrals still theirs)."""
    return (
        CaseworkerUpdate.objects.filter(caseworker=user, referral__caseworker=user)
        .select_related("referral__child")
        .order_by("-at", "-id")
    )


def caseworker_email_updates(*, user: User) -> bool:
    """Whether ``user`` has the update e-mails on (they are unless switched off)."""
    preferences = CaseworkerPreferences.objects.filter(user=user).first()
    return preferences is None or preferences.email_updates


def sites_for_referrer(user: User) -> QuerySet[Site]:
    """The sites ``user`` may refer a child to: the caseworker's municipality's, or staff's own."""
    if has_role(user, Role.CASEWORKER) and user.municipality_id is not None:
        return (
            Site.objects.filter(municipality_id=user.municipality_id, is_active=True)
            .select_related("municipality")
            .order_by("name")
        )
    if has_role(user, Role.STAFF):
        return sites_for_staff(user).filter(is_active=True).order_by("name")
    return Site.objects.none()


def intake_queue(*, user: User, site_id: int | None = None) -> QuerySet[Referral]:
    """The intake queue of the staff member's sites: new referrals first, then by stage,
    longest waiting first within each."""
    stage = Case(
        *[When(status=status, then=Value(index)) for index, status in enumerate(INTAKE_STATUSES)],
        output_field=IntegerField(),
    )
    qs = (
        policies.visible_referrals(user)
        .filter(status__in=INTAKE_STATUSES)
        .select_related("child", "site", "caseworker__municipality", "home_visit")
        .annotate(stage=stage)
    )
    if site_id:
        qs = qs.filter(site_id=site_id)
    return qs.order_by("stage", "submitted_at", "id")


def intake_waiting_count(user: User) -> int:
    """The menu's count: referrals in the intake queue of the user's sites."""
    return policies.visible_referrals(user).filter(status__in=INTAKE_STATUSES).count()


def _referral_page() -> QuerySet[Referral]:
    """A referral with what its page shows: the child's family, guardians, siblings, history."""
    return (
        Referral.objects.annotate(
            friendship_started_on=Min("friendships__started_on"),
            friendship_ended_on=Min("friendships__ended_on"),
        )
        .select_related(
            "child__family__postal_code",
            "child__school_postal_code",
            "site",
            "caseworker__municipality",
            "created_by",
        )
        .prefetch_related(
            Prefetch(
                "child__family__guardians",
                queryset=Guardian.objects.select_related("user").order_by("id"),
            ),
            Prefetch("events", queryset=ReferralEvent.objects.select_related("by")),
            Prefetch("notes", queryset=ReferralNote.objects.select_related("author")),
            Prefetch(
                "child__family__children",
                queryset=Child.objects.prefetch_related(
                    Prefetch("referrals", queryset=Referral.objects.order_by("-created_at"))
                ),
            ),
        )
    )


def referral_for_user_or_404(*, user: User, pk: int) -> Referral:
    """A referral for its page and the API: its caseworker, staff of its site, the advisory team.

    Anyone else, whatever the role, gets 404: they may not know it exists.
    """
    return fetch_or_refuse(
        _referral_page(),
        user=user,
        pk=pk,
        visible=policies.can_view_referral,
    )


def referral_for_intake_or_404(*, user: User, pk: int) -> Referral:
    """A referral for staff's intake work (the home visit, its status): staff of its site.

    A referral the user cannot see is a 404; one they see but do not run
    (the caseworker, the advisory team) a 403.
    """
    return fetch_or_refuse(
        _referral_page(),
        user=user,
        pk=pk,
        visible=policies.can_view_referral,
        allowed=policies.can_manage_referral,
    )


def child_for_staff_or_404(*, user: User, pk: int) -> Child:
    """The child with family, guardians and referral history: staff of the site, the advisory
    team (other roles 403; a child out of reach 404)."""
    return fetch_or_refuse(
        Child.objects.select_related(
            "family__site", "family__postal_code", "school_postal_code"
        ).prefetch_related(
            Prefetch(
                "family__guardians", queryset=Guardian.objects.select_related("user").order_by("id")
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("site", "caseworker").prefetch_related(
                    Prefetch("events", queryset=ReferralEvent.objects.select_related("by"))
                ),
            ),
        ),
        user=user,
        pk=pk,
        page=policies.can_list_children,
        visible=policies.can_view_child,
    )


def guardian_for_inviting_or_404(*, user: User, pk: int) -> Guardian:
    """A parent staff of the family's site invite to the portal (others: 403/404)."""
    return fetch_or_refuse(
        Guardian.objects.select_related("family__site", "user"),
        user=user,
        pk=pk,
        page=policies.can_list_children,
        visible=lambda viewer, guardian: policies.can_view_birth_family(viewer, guardian.family),
        allowed=lambda viewer, guardian: policies.can_invite_guardians(viewer, guardian.family),
    )


def guardian_recipient(guardian: Guardian) -> Recipient:
    """How the outbox reaches ``guardian``: the details on the guardian's record first,
    their login's where the record has none. Uses ``guardian.user`` (join it for many)."""
    user = guardian.user
    return Recipient(
        first_name=guardian.first_name,
        email=guardian.email or (user.email or "" if user else ""),
        phone=guardian.phone or (user.phone if user else ""),
        user=user,
        language=guardian.preferred_language or "da",
        key=f"guardian-{guardian.pk}",
    )
