"""The follow-up calendar (*årshjul*, SPEC 4): the site's plan template.

``plan_template_ensure`` gives a site the programme's default template the
first time it is needed; staff then edit it. Applying the template to a
friendship (``follow_up_plan_apply``) belongs to the friendship year and
lives in ``friendships.services.plan``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hjemtilos.accounts.models import User
from hjemtilos.core.dates import add_months
from hjemtilos.followups.models import (
    FollowUpKind,
    PlanAnchor,
    PlanTemplateItem,
    ShownTo,
    WithWhom,
)
from hjemtilos.organisations.models import Site


@dataclass(frozen=True)
class DefaultItem:
    kind: str
    title: str
    description: str
    with_whom: str
    anchor: str
    offset_months: int
    offset_days: int
    shown_to: str
    family_title: str


# SPEC 4, from the match on. Intake's and matching's own steps (the call at
# enrollment, presenting the match) belong to those modules; group
# supervision and the weekly logbook screening are planned per site.
DEFAULT_PLAN = [
    DefaultItem(
        FollowUpKind.FRIENDSHIP_BOOKS,
        gettext_noop("Send information and friendship books"),
        gettext_noop("Send both families the information material and the friendship books."),
        WithWhom.BOTH,
        PlanAnchor.MATCH_FOUND,
        0,
        3,
        ShownTo.BOTH,
        gettext_noop("Hjem til Os sends you information and the friendship books"),
    ),
    DefaultItem(
        FollowUpKind.FIRST_MEETING,
        gettext_noop("Hold the first meeting and record the agreement"),
        gettext_noop(
            "Meet at the volunteer family's home with both families. Agree the weekday, "
            "pickup and drop-off, and how the families contact each other."
        ),
        WithWhom.BOTH,
        PlanAnchor.FIRST_MEETING,
        0,
        0,
        ShownTo.BOTH,
        gettext_noop("The first meeting at the volunteer family's home"),
    ),
    DefaultItem(
        FollowUpKind.CALL_AFTER_FIRST_VISIT,
        gettext_noop("Phone the parent after the first visit"),
        gettext_noop("Hear how the first solo visit went."),
        WithWhom.PARENT,
        PlanAnchor.FIRST_SOLO_VISIT,
        0,
        1,
        ShownTo.PARENT,
        gettext_noop("We phone you to hear how the first visit went"),
    ),
    DefaultItem(
        FollowUpKind.CALL_3_MONTHS,
        gettext_noop("3-month call; agree the child visit"),
        gettext_noop("Hear how it goes and agree the date of the child visit at home."),
        WithWhom.PARENT,
        PlanAnchor.FIRST_SOLO_VISIT,
        3,
        0,
        ShownTo.PARENT,
        gettext_noop("We phone you and agree when we visit you at home"),
    ),
    DefaultItem(
        FollowUpKind.CHILD_VISIT,
        gettext_noop("Child visit at home"),
        gettext_noop("Visit the child at home and hear how the child experiences the visits."),
        WithWhom.CHILD,
        PlanAnchor.FIRST_SOLO_VISIT,
        4,
        0,
        ShownTo.PARENT,
        gettext_noop("We visit you at home to talk with your child"),
    ),
    DefaultItem(
        FollowUpKind.CALL_6_MONTHS,
        gettext_noop("6-month call"),
        gettext_noop("Hear how the friendship goes."),
        WithWhom.PARENT,
        PlanAnchor.FIRST_SOLO_VISIT,
        6,
        0,
        ShownTo.PARENT,
        gettext_noop("We phone you to hear how it goes"),
    ),
    DefaultItem(
        FollowUpKind.CALL_9_MONTHS,
        gettext_noop("9-month call"),
        gettext_noop("Hear how the friendship goes."),
        WithWhom.PARENT,
        PlanAnchor.FIRST_SOLO_VISIT,
        9,
        0,
        ShownTo.PARENT,
        gettext_noop("We phone you to hear how it goes"),
    ),
    DefaultItem(
        FollowUpKind.FUTURE_TALK_FAMILY,
        gettext_noop("Continuation talk with the volunteer family"),
        gettext_noop(
            "Talk with the volunteer family first: do they want to go on, and how often? "
            "They can also answer in the portal."
        ),
        WithWhom.VOLUNTEER_FAMILY,
        PlanAnchor.FIRST_SOLO_VISIT,
        10,
        0,
        ShownTo.VOLUNTEER,
        gettext_noop("We talk with you about the time after the Hjem til Os year"),
    ),
    DefaultItem(
        FollowUpKind.FUTURE_TALK_PARENT,
        gettext_noop("Continuation talk with the parent"),
        gettext_noop(
            "After the volunteer family: talk with the parent about how the visits can go on, "
            "and help the parent hear the child without making the child insecure."
        ),
        WithWhom.PARENT,
        PlanAnchor.FIRST_SOLO_VISIT,
        10,
        14,
        ShownTo.PARENT,
        gettext_noop("We talk with you about how the visits can go on"),
    ),
    DefaultItem(
        FollowUpKind.FUTURE_AGREEMENT,
        gettext_noop("Future agreement signed by both"),
        gettext_noop("Record the agreed form; both families confirm it before the anniversary."),
        WithWhom.BOTH,
        PlanAnchor.FIRST_SOLO_VISIT,
        11,
        0,
        ShownTo.BOTH,
        gettext_noop("The future agreement is confirmed by both families"),
    ),
    DefaultItem(
        FollowUpKind.FAREWELL,
        gettext_noop("Farewell and end of the Hjem til Os year"),
        gettext_noop(
            "The farewell e-mail goes out by itself; the volunteer family's access to the "
            "child's data ends and both families are asked to confirm deletion."
        ),
        WithWhom.BOTH,
        PlanAnchor.ANNIVERSARY,
        0,
        0,
        ShownTo.BOTH,
        gettext_noop("The anniversary: the Hjem til Os year ends with a farewell e-mail"),
    ),
]


@transaction.atomic
def plan_template_ensure(*, site: Site) -> list[PlanTemplateItem]:
    """The site's active template items; the programme's default is created the first time."""
    Site.objects.select_for_update().filter(pk=site.pk).first()
    if not PlanTemplateItem.objects.filter(site=site).exists():
        # Stored in the site's working language (Danish), whatever the caller's.
        with translation.override(settings.LANGUAGE_CODE):
            PlanTemplateItem.objects.bulk_create(
                PlanTemplateItem(
                    site=site,
                    kind=item.kind,
                    title=_(item.title),
                    description=_(item.description),
                    with_whom=item.with_whom,
                    anchor=item.anchor,
                    offset_months=item.offset_months,
                    offset_days=item.offset_days,
                    shown_to=item.shown_to,
                    family_title=_(item.family_title),
                    position=(number + 1) * 10,
                )
                for number, item in enumerate(DEFAULT_PLAN)
            )
    return list(PlanTemplateItem.objects.filter(site=site, is_active=True).order_by("position"))


@transaction.atomic
def plan_item_save(*, item: PlanTemplateItem, by: User) -> PlanTemplateItem:
    """Create or change a template item. Running friendships keep their tasks."""
    item.updated_by = by
    item.updated_at = timezone.now()
    item.full_clean()
    item.save()
    return item


def due_date(item: PlanTemplateItem, anchors: Mapping[str, date | None]) -> date | None:
    """When ``item`` is due, given the anchor dates known so far (None: not reached yet)."""
    anchor = anchors.get(item.anchor)
    if anchor is None:
        return None
    return add_months(anchor, item.offset_months) + timedelta(days=item.offset_days)
