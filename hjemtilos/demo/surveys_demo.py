"""The demo's surveys: answered for the finished friendships, so the outcomes report has figures.

Through the real services, as the daily job and the respondents would: each
parent is asked at the start of the friendship and each parent and volunteer
adult at its end; most answer through their link, some decline, a few links
expire, one parent answers on the phone to staff; the children of friendships
past four months have had their voice recorded at the child visit. The answers
lean to the positive end the way the evaluation found (seeds 002 and 003),
drawn from the demo's seeded random numbers so the demo is the same every time.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.surveys.instruments import ensure_instruments
from hjemtilos.surveys.models import (
    Audience,
    InvitationStatus,
    Moment,
    Question,
    Survey,
    SurveyVersion,
)
from hjemtilos.surveys.scales import SCALES, QuestionKind
from hjemtilos.surveys.selectors import current_versions
from hjemtilos.surveys.services import (
    child_voice_record,
    invitation_consent,
    invitation_create,
    invitation_decline,
    invitation_transition,
    response_record_for_invitation,
    response_submit,
)
from hjemtilos.surveys.services.invitations import respondents

# How often each answer of a five-point scale is picked, from the most positive down.
SCALE_WEIGHTS = (0.55, 0.3, 0.1, 0.04, 0.01)
# How often a parent ticks each expectation at the start (the evaluation's figure, n = 39).
TICKED = {
    "good_experiences": 0.9,
    "new_relations": 0.85,
    "free_space": 0.75,
    "other_family_life": 0.6,
    "new_activities": 0.55,
    "more_calm": 0.5,
    "more_energy": 0.45,
    "school": 0.3,
    "language": 0.25,
}
WORDS = [
    "Det har betydet meget, at der er voksne, der har tid til hende.",
    "Han glæder sig hver gang, og han fortæller om det i flere dage bagefter.",
    "Venskabsfamilien har været rigtig god til at lytte til os.",
    "Hun er blevet mere modig og prøver nye ting.",
    "Det var svært i starten, men det blev rigtig godt.",
    "Hunden og havearbejdet er det bedste, siger han.",
    "Vi håber, kontakten kan fortsætte, også efter året.",
]


def _pick(question: Question, rng: random.Random) -> Any:
    """A plausible answer to ``question``: leaning positive, sometimes skipped if optional."""
    if question.kind == QuestionKind.TEXT:
        return rng.choice(WORDS) if question.required or rng.random() < 0.4 else ""
    if question.kind == QuestionKind.MULTIPLE:
        keys = [o["key"] for o in question.options]
        ticked = [k for k in keys if rng.random() < TICKED.get(k, 0.5)]
        return ticked or keys[:1]
    scale = SCALES.get(question.kind)
    keys = scale.keys() if scale else [o["key"] for o in question.options]
    if len(keys) == 2:  # yes or no
        return keys[0] if rng.random() < 0.9 else keys[1]
    weights = list(SCALE_WEIGHTS[: len(keys)]) + [0.01] * max(0, len(keys) - len(SCALE_WEIGHTS))
    return rng.choices(keys, weights=weights)[0]


def _answers(version: SurveyVersion, rng: random.Random) -> dict[str, Any]:
    return {q.key: _pick(q, rng) for q in version.questions.all()}


def _ask(
    *,
    survey: Survey,
    version: SurveyVersion,
    friendship: Friendship,
    occasion_on: Any,
    staff: User,
    rng: random.Random,
    phone_entry: bool,
) -> bool:
    """Invite everyone who answers ``survey`` about ``friendship``; most answer. Returns
    whether the one phone entry was used."""
    for person in respondents(friendship, survey.audience):
        invitation = invitation_create(
            survey=survey,
            version=version,
            friendship=friendship,
            person=person,
            occasion_on=occasion_on,
        )
        if invitation is None:
            continue
        roll = rng.random()
        if roll < 0.78:
            invitation_consent(invitation=invitation)
            response_submit(invitation=invitation, answers=_answers(version, rng))
        elif roll < 0.85 and not phone_entry and survey.audience == Audience.PARENT:
            answers = _answers(version, rng)
            response_record_for_invitation(
                invitation=invitation, by=staff, answers=answers, consent=True
            )
            phone_entry = True
        elif roll < 0.92:
            invitation_decline(invitation=invitation)
        else:
            invitation_transition(
                invitation=invitation, to_status=InvitationStatus.EXPIRED, by=None
            )
    return phone_entry


def build_survey_demo(*, friendships: list[Friendship], staff: User, rng: random.Random) -> None:
    """Surveys sent and answered for the demo's friendships (see the module's text)."""
    ensure_instruments()
    today = timezone.localdate()
    versions = {
        (survey.audience, survey.moment): (survey, version)
        for survey, version in current_versions()
    }
    phone_entry = False
    for friendship in friendships:
        ended = friendship.status in (FriendshipStatus.COMPLETED, FriendshipStatus.ENDED_EARLY)
        # The baseline went out at the start; for a friendship in its first three weeks the
        # daily job sends it (and the answers are still to come). The end surveys went out
        # at the end.
        asked = []
        if friendship.started_on and (today - friendship.started_on).days > 21:
            asked.append((Audience.PARENT, Moment.START, friendship.started_on))
        if ended and friendship.ended_on:
            asked += [
                (a, Moment.END, friendship.ended_on) for a in (Audience.PARENT, Audience.VOLUNTEER)
            ]
        for audience, moment, occasion_on in asked:
            survey, version = versions[audience, moment]
            phone_entry = _ask(
                survey=survey,
                version=version,
                friendship=friendship,
                occasion_on=occasion_on,
                staff=staff,
                rng=rng,
                phone_entry=phone_entry,
            )
        visit_day = friendship.started_on + timedelta(weeks=17) if friendship.started_on else None
        if (
            friendship.status == FriendshipStatus.RUNNING
            and visit_day is not None
            and visit_day < today
        ):
            _survey, child_version = versions[Audience.CHILD, Moment.CHILD_VISIT]
            child_voice_record(
                friendship=friendship,
                by=staff,
                consent=True,
                visited_on=visit_day,
                answers=_answers(child_version, rng),
            )
