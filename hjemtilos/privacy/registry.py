"""The registry of personal data: which models hold it, why, for how long, and how it is anonymised.

``privacy`` sits low in the layers (docs/decisions/0038-layers.md), so it
names no case model itself: each app registers its own models in its
``AppConfig.ready()`` (docs/decisions/0047-personal-data-registry-and-retention.md):

* ``PersonalData`` — one model's personal data, field by field: the category
  (identity, contact, health …), the purpose and legal basis, who may see it,
  and what anonymisation does to each field (blank it, replace it, coarsen a
  date, keep it as part of the statistical skeleton) or to the whole row
  (delete it, for photos). ``subject`` and ``path`` tie the rows to the
  record whose end starts the retention period. One model may be registered
  under several subjects (a follow-up task about a referral, a family or a
  friendship).
* ``Subject`` — a record whose end starts a retention period (a child's
  course, a volunteer family, a friendship, a concern, a message …), with the
  retention rule it follows and ``due``: the rows whose period has passed.
  The app that knows when a course is over registers it, which may be an app
  above the one owning the model (a child's course is over when its
  friendships are).
* ``Hold`` — a reason to keep a subject's rows past their period (an open
  concern or an unacknowledged notification), registered by ``safeguarding``.

The record of processing activities (GDPR Art. 30) page and the daily
anonymisation job (``privacy.jobs``) are both generated from this registry,
so neither can drift from the code.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict

from django.db import models
from django.db.models.functions import Cast, Concat, TruncYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import AccountEvent, Invitation, User

Text = str | Promise


class Category(models.TextChoices):
    """Kinds of personal data, as the record of processing names them (SPEC.md section 7)."""

    IDENTITY = "identity", _("Identity (name, date of birth, gender)")
    CONTACT = "contact", _("Contact details (e-mail, phone)")
    ADDRESS = "address", _("Address and places")
    HEALTH = "health", _("Health (special category, GDPR Art. 9)")
    SOCIAL = "social", _("Social circumstances and family relations")
    FREE_TEXT = "free_text", _("Free text about a person")
    PHOTO = "photo", _("Photos")
    ACCOUNT = "account", _("Account and sign-in")
    SURVEY = "survey", _("Survey answers")


class Action(enum.Enum):
    """What anonymisation does to one field."""

    BLANK = "blank"  # empty text, empty list, or NULL where the column allows it
    REPLACE = "replace"  # a fixed value or an expression over the row (``Field.replacement``)
    COARSEN = "coarsen"  # a date becomes the first day of its year (the age band stays)
    KEEP = "keep"  # part of the statistical skeleton


ACTION_LABELS: dict[Action, Promise] = {
    Action.BLANK: _("removed"),
    Action.REPLACE: _("replaced"),
    Action.COARSEN: _("reduced to the year"),
    Action.KEEP: _("kept for statistics"),
}

#: What a replaced name reads after anonymisation.
ANONYMISED = "Anonymiseret"


@dataclass(frozen=True)
class Field:
    """One field holding personal data and what anonymisation does to it."""

    name: str
    category: Category
    action: Action = Action.BLANK
    replacement: Any = None

    def value(self, model_field: models.Field[Any, Any]) -> Any:
        """The value (or expression) an anonymising UPDATE sets."""
        if self.action is Action.REPLACE:
            return self.replacement
        if self.action is Action.COARSEN:
            return TruncYear(self.name)
        if model_field.null:
            return None
        if isinstance(model_field, models.JSONField):
            return model_field.get_default()
        if isinstance(model_field, models.FileField):
            return ""
        return ""


class Grounds(TypedDict):
    """What several of an app's registrations share (``PersonalData(model, **grounds, …)``)."""

    subject: str
    purpose: Text
    legal_basis: Text


class Shared(Grounds):
    """``Grounds`` and who sees the data."""

    seen_by: Text


class Use(TypedDict):
    """Purpose, legal basis and readers shared by registrations under different subjects."""

    purpose: Text
    legal_basis: Text
    seen_by: Text


@dataclass(frozen=True)
class PersonalData:
    """One model's personal data under one subject (a line of the record of processing)."""

    model: type[models.Model]
    subject: str
    purpose: Text
    legal_basis: Text
    seen_by: Text
    fields: tuple[Field, ...] = ()
    # The lookup from this model to the subject's primary key; "" for the subject itself.
    path: str = ""
    # Delete the rows (and their files) instead of blanking fields: photos.
    delete_rows: bool = False

    @property
    def subject_lookup(self) -> str:
        return f"{self.path}__in" if self.path else "pk__in"

    def updates(self) -> dict[str, Any]:
        """Column → value of the anonymising UPDATE (fields kept are left out)."""
        return {
            f.name: f.value(self.model._meta.get_field(f.name))  # type: ignore[arg-type]
            for f in self.fields
            if f.action is not Action.KEEP
        }

    def file_fields(self) -> list[str]:
        return [
            f.name
            for f in self.fields
            if isinstance(self.model._meta.get_field(f.name), models.FileField)
        ]


class Context:
    """What a subject's ``due`` is given: each rule's cut-off and the subjects already done."""

    def __init__(
        self,
        *,
        now: datetime,
        cutoffs: dict[str, datetime],
        done: Callable[[str], models.QuerySet[Any]],
    ) -> None:
        self.now = now
        self._cutoffs = cutoffs
        self._done = done

    def cutoff(self, rule: str) -> datetime:
        """Records that ended before this moment have passed ``rule``'s period."""
        return self._cutoffs[rule]

    def done(self, subject: str) -> models.QuerySet[Any]:
        """The ids of ``subject``'s records already anonymised (a subquery)."""
        return self._done(subject)


@dataclass(frozen=True)
class Subject:
    """A record whose end starts a retention period, and how to find those past it."""

    key: str
    model: type[models.Model]
    rule: str
    label: Text
    due: Callable[[Context], models.QuerySet[Any]]
    # The lookup to the record's site (for the staff's list of held-back records).
    site: str = "site"
    # Subjects are swept in this order: a birth family after its children.
    order: int = 100


@dataclass(frozen=True)
class Hold:
    """A reason to keep a subject's records past their period."""

    subject: str
    reason: Text
    held: Callable[[], models.QuerySet[Any]]  # the subject's ids held back


@dataclass
class _Registry:
    personal: list[PersonalData] = field(default_factory=list)
    subjects: dict[str, Subject] = field(default_factory=dict)
    holds: list[Hold] = field(default_factory=list)


_registry = _Registry()


def register_personal_data(*entries: PersonalData) -> None:
    """Register models' personal data; call from the owning app's ``AppConfig.ready()``."""
    for entry in entries:
        for f in entry.fields:
            entry.model._meta.get_field(f.name)  # a typo fails at start-up, not at night
        if entry not in _registry.personal:
            _registry.personal.append(entry)


def register_subject(subject: Subject) -> None:
    """Register a record whose end starts a retention period (once per key)."""
    _registry.subjects.setdefault(subject.key, subject)


def register_hold(hold: Hold) -> None:
    if hold not in _registry.holds:
        _registry.holds.append(hold)


def personal_data(subject: str | None = None) -> list[PersonalData]:
    """The registered personal data, of one subject or all."""
    return [p for p in _registry.personal if subject is None or p.subject == subject]


def subjects() -> list[Subject]:
    return sorted(_registry.subjects.values(), key=lambda s: (s.order, s.key))


def subject(key: str) -> Subject:
    return _registry.subjects[key]


def holds(subject_key: str) -> list[Hold]:
    return [h for h in _registry.holds if h.subject == subject_key]


def registered_models() -> set[type[models.Model]]:
    return {p.model for p in _registry.personal}


def fields_of(model: type[models.Model]) -> Iterable[Field]:
    for entry in _registry.personal:
        if entry.model is model:
            yield from entry.fields


class Subjects:
    """The keys of the registered subjects (strings, so a lower app can name a higher one's)."""

    CHILD = "child"
    BIRTH_FAMILY = "birth_family"
    VOLUNTEER_FAMILY = "volunteer_family"
    FRIENDSHIP = "friendship"
    LOGBOOK = "logbook"
    CONCERN = "concern"
    SURVEY = "survey"
    MESSAGE = "message"
    RIGHTS_REQUEST = "rights_request"


class Purpose:
    """Purposes of processing, shared by the registrations (the record of processing's words)."""

    REFERRAL = _("Enrolling and screening the child and finding a volunteer family")
    VOLUNTEER = _("Recruiting, vetting and supporting volunteer families")
    FRIENDSHIP = _("Following up the friendship year")
    SAFEGUARDING = _("Safeguarding the child and notifying the municipality")
    EVALUATION = _("Evaluating the programme")
    MESSAGES = _("Telling people about their case by e-mail and SMS")
    ACCOUNT = _("Signing in to the system")


class Basis:
    """Legal bases of processing."""

    CONSENT = _("GDPR Art. 6(1)(a) and 9(2)(a): the parent's consent to the referral")
    VOLUNTEER = _("GDPR Art. 6(1)(a) and (b): the volunteer family's consent and agreement")
    INTEREST = _("GDPR Art. 6(1)(f): the charity's legitimate interest in running the programme")
    DUTY = _("GDPR Art. 6(1)(c) and 9(2)(g), Barnets Lov § 133: the duty to notify")
    SURVEY = _("GDPR Art. 6(1)(a): consent to the survey")


class SeenBy:
    """Who may see the data (docs/need-to-know.md)."""

    CASE = _("Staff of the site, the advisory team, the referring caseworker (own referrals)")
    FAMILY = _("Staff of the site, the advisory team, the family itself")
    FRIENDSHIP = _("Staff of the site, the advisory team, both families while the year runs")
    CONCERN = _("The advisory team and the staff on the case")
    STAFF = _("Staff of the site")
    MESSAGES = _("Staff of the site; administrators see delivery only")
    SURVEY = _("Staff of the site; evaluators as figures only")
    ACCOUNT = _("The person; administrators")


def unique_text(prefix: str, suffix: str = "") -> Any:
    """A value unique per row (for a column with a unique constraint): the row's id in a text."""
    return Concat(
        models.Value(prefix),
        Cast("pk", models.CharField()),
        models.Value(suffix),
        output_field=models.CharField(),
    )


def texts(*names: str, category: Category = Category.FREE_TEXT) -> tuple[Field, ...]:
    """Fields of one category that anonymisation empties (free text, most often)."""
    return tuple(Field(name, category) for name in names)


#: A person's name: the first name reads "Anonymiseret", the last name goes.
NAME_FIELDS = (
    Field("first_name", Category.IDENTITY, Action.REPLACE, ANONYMISED),
    Field("last_name", Category.IDENTITY),
)
#: A person's phone number and e-mail address.
CONTACT_FIELDS = texts("phone", "email", category=Category.CONTACT)
#: A date of birth reduced to its year, and the gender kept: the age band and the statistics.
BIRTH_FIELDS = (
    Field("date_of_birth", Category.IDENTITY, Action.COARSEN),
    Field("gender", Category.IDENTITY, Action.KEEP),
)

#: What anonymisation does to a parent's or volunteer's user account: no name, no way in.
ACCOUNT_FIELDS = (
    Field("first_name", Category.IDENTITY),
    Field("last_name", Category.IDENTITY),
    Field("email", Category.CONTACT, Action.REPLACE, unique_text("anonymised-", "@invalid")),
    Field("phone", Category.CONTACT),
    Field("password", Category.ACCOUNT, Action.REPLACE, "!"),
    Field("is_active", Category.ACCOUNT, Action.REPLACE, replacement=False),
)


#: One line of an app's table of personal data: the model, its lookup to the subject's primary
#: key ("" for the subject itself) and its fields.
Row = tuple[type[models.Model], str, tuple[Field, ...]]


def rows_of(shared: Shared, *rows: Row) -> tuple[PersonalData, ...]:
    """One ``PersonalData`` per ``(model, path, fields)`` row, all under ``shared``: an app
    states its table and only what differs from row to row."""
    return tuple(
        PersonalData(model, **shared, path=path, fields=fields) for model, path, fields in rows
    )


def accounts_of(grounds: Grounds, path: str) -> tuple[PersonalData, ...]:
    """The user accounts reached by ``path`` (``"guardian__family"``), their invitations and
    account events, anonymised with ``grounds``' subject."""
    return rows_of(
        {**grounds, "seen_by": SeenBy.ACCOUNT},
        (User, path, ACCOUNT_FIELDS),
        (Invitation, f"user__{path}", texts("sent_to", category=Category.CONTACT)),
        (
            AccountEvent,
            f"user__{path}",
            (Field("reason", Category.FREE_TEXT), Field("details", Category.CONTACT)),
        ),
    )
