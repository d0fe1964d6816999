"""The demo site's greetings between the families and support for them: a greeting and a
thank-you, a greeting waiting for the contact person (relayed feedback), greetings that
have stopped (the attention list), an extra visit to talk through, a follow-up
conversation, a psychologist talk offered, a joint outing and a supervision group.

Built through the real services; the silence is back-dated directly.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone, translation

from hjemtilos.accounts.models import User
from hjemtilos.demo.year import user_of
from hjemtilos.friendships.models import Friendship, Side, VisitStatus
from hjemtilos.friendships.services.extra import extra_visit_add
from hjemtilos.friendships.services.greetings import (
    greeting_photo_consent_set,
    greeting_send,
    relayed_feedback_set,
)
from hjemtilos.organisations.models import Site
from hjemtilos.support.models import ConversationChannel, Situation
from hjemtilos.support.services import (
    joint_event_create,
    psychologist_offer,
    supervision_group_create,
    supervision_group_members_add,
    support_conversation_record,
)


def _greetings(running: list[Friendship], staff: User) -> None:
    """The demo pair (the only families with logins) greet each other; one friendship has
    gone quiet."""
    first = running[0]
    volunteer = user_of(first, Side.VOLUNTEER_FAMILY)
    parent = user_of(first, Side.CHILD_FAMILY)
    if volunteer is not None and parent is not None:
        greeting_photo_consent_set(friendship=first, by=parent, consent=True)
        last = first.visits.filter(status=VisitStatus.HELD).order_by("-date").first()
        greeting = greeting_send(
            friendship=first,
            side=Side.VOLUNTEER_FAMILY,
            by=volunteer,
            visit=last,
            text=f"{first.child.first_name} hjalp med at bage boller og vandt to spil Uno. "
            "Hun fortalte stolt om sin nye cykel. Tak fordi vi må være en del af hendes uge!",
        )
        greeting_send(
            friendship=first,
            side=Side.CHILD_FAMILY,
            by=parent,
            reply_to=greeting,
            text="Tusind tak! Hun snakkede om bollerne hele aftenen.",
        )
        # Then relayed feedback: the next greeting waits for the contact person.
        relayed_feedback_set(friendship=first, by=staff, enabled=True)
        first.refresh_from_db()
        greeting_send(
            friendship=first,
            side=Side.VOLUNTEER_FAMILY,
            by=volunteer,
            text="Vi var på legepladsen og spiste pandekager bagefter. Hun grinede meget.",
        )
    # Greetings that stopped five weeks ago: the friendship is on the attention list.
    quiet = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(weeks=5), time(19))
    )
    Friendship.objects.filter(pk=running[2].pk).update(
        greetings_since=quiet - timedelta(weeks=6),
        last_greeting_to_parent_at=quiet,
        last_greeting_to_volunteer_at=quiet,
    )


def _support(site: Site, running: list[Friendship], staff: User) -> None:
    heavy = running[3]
    today = timezone.localdate()
    support_conversation_record(
        friendship=heavy,
        by=staff,
        held_on=today - timedelta(days=3),
        with_whom="Begge voksne",
        channel=ConversationChannel.PHONE,
        topic="Aflysningerne fylder; familien er i tvivl om, hvordan de skal tale med barnet "
        "om det.",
        next_step="Ring efter næste besøg og hør, hvordan det gik",
        next_step_on=today + timedelta(days=8),
    )
    psychologist_offer(
        friendship=heavy,
        by=staff,
        reason="Familien er presset af barnets uro efter besøgene og ønsker sparring.",
    )
    newest = min(running, key=lambda f: (today - f.started_on) if f.started_on else timedelta())
    # A birthday, asked by phone (in the first three months staff talk it through first).
    extra_visit_add(
        friendship=newest,
        by=user_of(newest, Side.VOLUNTEER_FAMILY) or staff,
        side=Side.VOLUNTEER_FAMILY,
        kind="birthday",
        on=today + timedelta(days=9),
        description="Vores søns fødselsdag med bedsteforældrene",
    )
    joint_event_create(
        site=site,
        by=staff,
        kind="outing",
        title="En dag i Zoologisk Have",
        starts_at=timezone.make_aware(datetime.combine(today + timedelta(days=24), time(10))),
        place="Zoologisk Have, Roskildevej 32",
        description="Vi mødes ved indgangen kl. 10. Hjem til Os betaler entréen.",
        children_welcome=True,
        sign_up_by=today + timedelta(days=17),
    )
    group = supervision_group_create(
        site=site,
        by=staff,
        name="Børn med diagnoser",
        situation=Situation.DIAGNOSIS,
        description="Familier, hvis venskabsbarn har ADHD eller autisme.",
    )
    supervision_group_members_add(group=group, families=[f.family for f in running[3:5]], by=staff)


def build_demo_support(*, site: Site, staff: User, running: list[Friendship]) -> None:
    """Greetings and support on the demo site's running friendships (needs five)."""
    if len(running) < 5:
        return
    # Task titles and messages are stored in the site's working language.
    with translation.override(settings.LANGUAGE_CODE):
        _greetings(running, staff)
        _support(site, running, staff)
