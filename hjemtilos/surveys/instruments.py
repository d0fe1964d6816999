"""The four instruments the programme ships with, worded from the evaluation.

The items follow the evaluation's questionnaires and findings (seeds ``002``,
KERNERESULTATER FRA EVALUERINGEN, and ``003``, METODER OG DATAGRUNDLAG, the
expectations figure with n = 39, EXIT OG TANKER OM FREMTIDEN): the parents
answer at the start (baseline) and at the end; the volunteer family at the end;
staff record the child's voice with a smiley scale at the child visit.

Keys link the instruments for the figures (ADR 0055): an option of the
baseline's ``expectations`` question names the end item that answers it
(``new_relations`` → "my child has gained new good relations"), and a question
asked at both moments (``wellbeing_now``, ``other_adults``) has the same key in
both.

Used by the data migration (with historical models) and by tests whose
transactional database flush removed the rows. Loading is idempotent: an
instrument that exists already is left as it is (administrators may have
published newer versions).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from hjemtilos.surveys.models import Question, Survey, SurveyVersion
from hjemtilos.surveys.scales import QuestionKind as K

Q = dict[str, Any]


def _q(
    key: str,
    kind: str,
    da: str,
    en: str,
    *,
    required: bool = True,
    help_da: str = "",
    help_en: str = "",
    options: list[tuple[str, str, str]] | None = None,
) -> Q:
    return {
        "key": key,
        "kind": kind,
        "text_da": da,
        "text_en": en,
        "help_da": help_da,
        "help_en": help_en,
        "required": required,
        "options": [{"key": k, "da": d, "en": e} for k, d, e in options or []],
    }


#: The baseline's expectations; each key is also the end item that answers it, if any.
EXPECTATIONS = [
    ("new_relations", "Nye, gode relationer", "New, good relationships"),
    ("good_experiences", "Gode oplevelser", "Good experiences"),
    (
        "other_family_life",
        "Indblik i, hvordan livet kan se ud i en anden familie",
        "Insight into how life can be in another family",
    ),
    (
        "free_space",
        "Et frirum, hvor barnet kan være sig selv og blive set for den, det er",
        "A free space to be themselves and be seen for who they are",
    ),
    ("more_energy", "Mere overskud i hverdagen", "More energy in everyday life"),
    (
        "more_calm",
        "Mere plads og ro til at være sig selv",
        "More room and calm to be themselves",
    ),
    ("language", "Udvikler sit sprog", "Develops their language"),
    ("school", "Trives bedre i skolen", "Does better at school"),
    (
        "new_activities",
        "Nye aktiviteter og interesser i fritiden",
        "New activities and interests in their free time",
    ),
]

WISH_CONTINUE = "wish_continue"

# What the respondents are promised (ADR 0055); the pages and policies keep it.
PROMISE_DA = (
    "Medarbejderne i Hjem til Os kan se, at du har svaret, men ikke hvad du har svaret: "
    "svarene indgår kun i tal for mange familier, og det, du skriver med egne ord, kan "
    "blive citeret uden navn."
)
PROMISE_EN = (
    "The Hjem til Os staff can see that you have answered, but not what you answered: the "
    "answers are only used in figures for many families, and what you write in your own "
    "words may be quoted without your name."
)

INSTRUMENTS: list[dict[str, Any]] = [
    {
        "key": "parent_baseline",
        "audience": "parent",
        "moment": "start",
        "position": 1,
        "name_da": "Forældre ved start",
        "name_en": "Parents at the start",
        "title_da": "Spørgeskema til forældre ved start",
        "title_en": "Questionnaire for parents at the start",
        "intro_da": (
            "Tak, fordi I er med i Hjem til Os. Vi vil gerne høre, hvad du håber, dit barn "
            "får ud af at komme i en venskabsfamilie, og hvordan dit barn har det lige nu. "
            "Det tager omkring 5 minutter. " + PROMISE_DA
        ),
        "intro_en": (
            "Thank you for taking part in Hjem til Os. We would like to hear what you hope "
            "your child will gain from visiting a friendship family, and how your child is "
            "doing right now. It takes about 5 minutes. " + PROMISE_EN
        ),
        "questions": [
            _q(
                "expectations",
                K.MULTIPLE,
                "Hvad forventer eller håber du, at dit barn får ud af at komme i en "
                "venskabsfamilie?",
                "What do you expect or hope your child will gain from visiting a "
                "friendship family?",
                help_da="Sæt gerne flere krydser.",
                help_en="Tick as many as you like.",
                options=EXPECTATIONS,
            ),
            _q(
                "wellbeing_now",
                K.WELLBEING,
                "Hvordan trives dit barn i hverdagen lige nu?",
                "How is your child doing in everyday life right now?",
            ),
            _q(
                "other_adults",
                K.YES_NO,
                "Har dit barn andre voksne uden for familien, som barnet kan gå til?",
                "Does your child have other adults outside the family to turn to?",
            ),
            _q(
                "hopes",
                K.TEXT,
                "Er der andet, du håber på for dit barn med Hjem til Os?",
                "Is there anything else you hope for your child from Hjem til Os?",
                required=False,
            ),
        ],
    },
    {
        "key": "parent_end",
        "audience": "parent",
        "moment": "end",
        "position": 2,
        "name_da": "Forældre ved afslutning",
        "name_en": "Parents at the end",
        "title_da": "Spørgeskema til forældre ved afslutningen",
        "title_en": "Questionnaire for parents at the end",
        "intro_da": (
            "Året i Hjem til Os er slut. Vi vil gerne høre, hvordan det er gået for dit barn, "
            "og hvad venskabsfamilien har betydet. Det tager omkring 5 minutter. " + PROMISE_DA
        ),
        "intro_en": (
            "The year in Hjem til Os is over. We would like to hear how it went for your "
            "child and what the friendship family has meant. It takes about 5 minutes. "
            + PROMISE_EN
        ),
        "questions": [
            _q(
                "expectations_met",
                K.DEGREE,
                "I hvilken grad har Hjem til Os levet op til dine forventninger?",
                "To what degree has Hjem til Os lived up to your expectations?",
            ),
            _q(
                "new_relations",
                K.DEGREE,
                "I hvilken grad har dit barn fået nye, gode relationer?",
                "To what degree has your child gained new, good relationships?",
            ),
            _q(
                "other_family_life",
                K.DEGREE,
                "I hvilken grad har dit barn fået indblik i, hvordan livet kan se ud i en "
                "anden familie?",
                "To what degree has your child gained insight into how life can be in "
                "another family?",
            ),
            _q(
                "happier",
                K.DEGREE,
                "I hvilken grad er dit barn blevet gladere i hverdagen?",
                "To what degree has your child become happier in everyday life?",
            ),
            _q(
                "good_experiences",
                K.DEGREE,
                "I hvilken grad har dit barn fået gode oplevelser?",
                "To what degree has your child had good experiences?",
            ),
            _q(
                "free_space",
                K.DEGREE,
                "I hvilken grad har dit barn haft et frirum hos venskabsfamilien, hvor det "
                "kunne være sig selv?",
                "To what degree has your child had a free space with the friendship family "
                "to be themselves?",
            ),
            _q(
                "significance",
                K.SIGNIFICANCE,
                "Hvor stor betydning har venskabsfamilien haft for dit barns samlede trivsel?",
                "How much has the friendship family meant for your child's overall wellbeing?",
            ),
            _q(
                "good_match",
                K.DEGREE,
                "Har der været et godt match mellem dit barn og venskabsfamilien?",
                "Has there been a good match between your child and the friendship family?",
            ),
            _q(
                "wellbeing_now",
                K.WELLBEING,
                "Hvordan trives dit barn i hverdagen lige nu?",
                "How is your child doing in everyday life right now?",
            ),
            _q(
                "other_adults",
                K.YES_NO,
                "Har dit barn andre voksne uden for familien, som barnet kan gå til?",
                "Does your child have other adults outside the family to turn to?",
            ),
            _q(
                WISH_CONTINUE,
                K.YES_NO,
                "Ønsker du, at dit barn og venskabsfamilien bliver ved med at ses efter året "
                "i Hjem til Os?",
                "Do you want your child and the friendship family to keep seeing each other "
                "after the year in Hjem til Os?",
            ),
            _q(
                "comments",
                K.TEXT,
                "Er der andet, du vil fortælle os om forløbet?",
                "Is there anything else you would like to tell us about the year?",
                required=False,
            ),
        ],
    },
    {
        "key": "family_end",
        "audience": "volunteer",
        "moment": "end",
        "position": 3,
        "name_da": "Venskabsfamilien ved afslutning",
        "name_en": "The volunteer family at the end",
        "title_da": "Spørgeskema til venskabsfamilien ved afslutningen",
        "title_en": "Questionnaire for the friendship family at the end",
        "intro_da": (
            "Tak for året som venskabsfamilie. Vi vil gerne høre, hvordan I har oplevet det, "
            "og om I vil fortsætte. Det tager omkring 5 minutter. " + PROMISE_DA
        ),
        "intro_en": (
            "Thank you for the year as a friendship family. We would like to hear how you "
            "found it and whether you will go on. It takes about 5 minutes. " + PROMISE_EN
        ),
        "questions": [
            _q(
                WISH_CONTINUE,
                K.YES_NO,
                "Ønsker I at fortsætte relationen med barnet efter året i Hjem til Os?",
                "Do you want to go on seeing the child after the year in Hjem til Os?",
            ),
            _q(
                "continue_frequency",
                K.SINGLE,
                "Hvis ja: hvor ofte forestiller I jer at ses?",
                "If so: how often do you imagine seeing each other?",
                required=False,
                options=[
                    ("weekly", "Hver uge, som nu", "Every week, as now"),
                    ("fortnightly", "Hver 14. dag", "Every 14 days"),
                    ("monthly", "En gang om måneden", "Once a month"),
                    ("ad_hoc", "Af og til, efter aftale", "From time to time, as we agree"),
                ],
            ),
            _q(
                "staff_support",
                K.DEGREE,
                "I hvilken grad har I følt jer godt støttet af medarbejderne i Hjem til Os?",
                "To what degree have you felt well supported by the Hjem til Os staff?",
            ),
            _q(
                "prepared",
                K.DEGREE,
                "I hvilken grad følte I jer godt klædt på til opgaven?",
                "To what degree did you feel well prepared for the task?",
            ),
            _q(
                "supervision_use",
                K.SINGLE,
                "Hvor ofte har I deltaget i gruppesparringen?",
                "How often have you taken part in the group supervision?",
                options=[
                    ("every_time", "Hver gang", "Every time"),
                    ("most", "De fleste gange", "Most times"),
                    ("some", "Nogle gange", "Some times"),
                    ("never", "Aldrig", "Never"),
                ],
            ),
            _q(
                "supervision_useful",
                K.DEGREE,
                "I hvilken grad har sparringen været en hjælp for jer?",
                "To what degree has the supervision helped you?",
                required=False,
                help_da="Spring over, hvis I ikke har deltaget.",
                help_en="Skip this if you have not taken part.",
            ),
            _q(
                "another_child",
                K.SINGLE,
                "Vil I gerne være venskabsfamilie for et barn igen?",
                "Would you like to be a friendship family for a child again?",
                options=[
                    ("yes", "Ja", "Yes"),
                    ("maybe", "Måske", "Maybe"),
                    ("no", "Nej", "No"),
                ],
            ),
            _q(
                "recommend",
                K.DEGREE,
                "I hvilken grad vil I anbefale andre at blive venskabsfamilie?",
                "To what degree would you recommend others to become a friendship family?",
            ),
            _q(
                "comments",
                K.TEXT,
                "Er der andet, I vil fortælle os?",
                "Is there anything else you would like to tell us?",
                required=False,
            ),
        ],
    },
    {
        "key": "child_voice",
        "audience": "child",
        "moment": "child_visit",
        "position": 4,
        "name_da": "Barnets stemme ved børnebesøget",
        "name_en": "The child's voice at the child visit",
        "title_da": "Barnets stemme",
        "title_en": "The child's voice",
        "intro_da": (
            "Spørg barnet ved børnebesøget efter omkring fire måneder, i barnets eget tempo og "
            "gerne uden forældrene ved siden af. Lad barnet pege på en smiley, og skriv "
            "barnets egne ord. Barnet må gerne lade være med at svare."
        ),
        "intro_en": (
            "Ask the child at the child visit after about four months, at the child's own "
            "pace and preferably without the parents next to them. Let the child point at a "
            "smiley, and write down the child's own words. The child may choose not to answer."
        ),
        "questions": [
            _q(
                "visits_feel",
                K.SMILEY,
                "Hvordan er det at være hos din venskabsfamilie?",
                "What is it like to be with your friendship family?",
            ),
            _q(
                "looking_forward",
                K.SMILEY,
                "Hvordan har du det, når du skal derhen?",
                "How do you feel when it is time to go there?",
            ),
            _q(
                "grown_ups",
                K.SMILEY,
                "Hvordan er det at være sammen med de voksne i familien?",
                "What is it like to be with the grown-ups in the family?",
            ),
            _q(
                "say_in_it",
                K.YES_NO,
                "Må du være med til at bestemme, hvad I skal lave?",
                "Do you get to help decide what you do together?",
            ),
            _q(
                "best_thing",
                K.TEXT,
                "Hvad er det bedste ved at være hos din venskabsfamilie?",
                "What is the best thing about being with your friendship family?",
                required=False,
            ),
            _q(
                "wish_different",
                K.TEXT,
                "Er der noget, du gerne vil have var anderledes?",
                "Is there anything you would like to be different?",
                required=False,
            ),
        ],
    },
]


def load_instruments(survey_model: Any, version_model: Any, question_model: Any) -> None:
    """Create each shipped instrument with its published version 1, unless it exists."""
    for instrument in INSTRUMENTS:
        if survey_model.objects.filter(key=instrument["key"]).exists():
            continue
        survey = survey_model.objects.create(
            key=instrument["key"],
            audience=instrument["audience"],
            moment=instrument["moment"],
            position=instrument["position"],
            name_da=instrument["name_da"],
            name_en=instrument["name_en"],
        )
        version = version_model.objects.create(
            survey=survey,
            number=1,
            title_da=instrument["title_da"],
            title_en=instrument["title_en"],
            intro_da=instrument["intro_da"],
            intro_en=instrument["intro_en"],
            published_at=timezone.now(),
        )
        question_model.objects.bulk_create(
            question_model(version=version, position=position, **question)
            for position, question in enumerate(instrument["questions"], start=1)
        )


def ensure_instruments() -> None:
    """Load the shipped instruments if missing (after a test's database flush)."""
    load_instruments(Survey, SurveyVersion, Question)
