"""The enrollment form (*henvisningsskema*) and the intake forms.

Validation that is a programme rule (age band, legal basis, consents, a
parent we can phone) lives in ``services.referral_eligibility_errors``; the
form asks it only when the user submits, so a draft can be saved half done.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.forms import (
    RADIO,
    BirthDateField,
    DateField,
    DayTimeForm,
    FreeTextField,
    requirement_note,
)
from hjemtilos.core.phones import normalise_phone_number
from hjemtilos.organisations.models import PostalCode, Site
from hjemtilos.referrals import services
from hjemtilos.referrals.models import (
    FamilyChildrenWish,
    Language,
    LegalBasis,
    NeedTag,
    PetsWish,
    Referral,
    ReferralStatus,
)

GUARDIAN_SLOTS = ("guardian1", "guardian2")


def _postal_code(value: str) -> PostalCode | None:
    value = (value or "").strip()
    if not value:
        return None
    code = PostalCode.objects.filter(code=value).first()
    if code is None:
        raise ValidationError(
            _("%(code)s is not a Danish postal code. Check the number."),
            code="unknown_postal_code",
            params={"code": value},
        )
    return code


class PostalCodeField(forms.CharField):
    """Four digits, looked up in the postal-code register."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 4)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, PostalCode) else value

    def clean(self, value: Any) -> PostalCode | None:
        value = super().clean(value)
        return _postal_code(value)


class PhoneField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalise_phone_number(value) if value else ""


class CaseworkerChoiceField(forms.ModelChoiceField[User]):
    """A caseworker by name and municipality (staff recording a referral taken by phone)."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} ({obj.municipality})"


def _guardian_fields(slot: str, *, required: bool) -> dict[str, forms.Field]:
    return {
        f"{slot}_first_name": forms.CharField(
            label=_("First name"),
            max_length=100,
            required=required,
            error_messages={"required": _("Enter the parent's first name.")},
        ),
        f"{slot}_last_name": forms.CharField(
            label=_("Last name"),
            max_length=100,
            required=required,
            error_messages={"required": _("Enter the parent's last name.")},
        ),
        f"{slot}_phone": PhoneField(label=_("Phone"), required=False),
        f"{slot}_email": forms.EmailField(label=_("E-mail"), required=False),
        f"{slot}_preferred_language": forms.ChoiceField(
            label=_("Preferred language"), choices=Language.choices, initial=Language.DANISH
        ),
        f"{slot}_interpreter_needed": forms.BooleanField(
            label=_("Interpreter needed"), required=False
        ),
    }


class EnrollmentForm(forms.Form):
    """Everything the caseworker and the parent fill in together.

    ``sites`` are the sites the referral may go to (one: no question asked);
    ``caseworkers`` is given when staff register a phone referral on a
    caseworker's behalf; ``sibling_of`` leaves out the family and guardians,
    which the sibling shares.
    """

    # The child
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        error_messages={"required": _("Enter the child's first name.")},
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        error_messages={"required": _("Enter the child's last name.")},
    )
    date_of_birth = BirthDateField(
        label=_("Date of birth"),
        error_messages={
            "required": _("Enter the child's date of birth as dd.mm.yyyy."),
            "invalid": _("Enter the child's date of birth as dd.mm.yyyy, for example 24.03.2017."),
        },
    )
    gender = forms.CharField(label=_("Gender"), max_length=30, required=False)
    school = forms.CharField(
        label=_("School or after-school institution"),
        max_length=200,
        required=False,
        help_text=_("Where the volunteer family picks the child up."),
    )
    school_address = forms.CharField(
        label=_("Address of the school or institution"), max_length=200, required=False
    )
    school_postal_code = PostalCodeField(
        label=_("Postal code of the school or institution"), required=False
    )
    languages = forms.CharField(label=_("Languages at home"), max_length=200, required=False)
    interests = FreeTextField(label=_("Interests"), required=False)
    need_tags = forms.MultipleChoiceField(
        label=_("Needs and challenges"),
        choices=NeedTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    needs = FreeTextField(
        label=_("Describe the child's needs and challenges"),
        required=False,
        help_text=_("Stored encrypted. Only staff working with the child can read it."),
    )
    # The family
    street_address = forms.CharField(
        label=_("Address"),
        max_length=200,
        error_messages={"required": _("Enter the family's street address and house number.")},
    )
    postal_code = PostalCodeField(
        label=_("Postal code"),
        error_messages={"required": _("Enter the family's postal code (four digits).")},
    )
    single_parent = forms.BooleanField(label=_("Single parent"), required=False)
    network = FreeTextField(label=_("The family's network"), required=False)
    health = FreeTextField(label=_("Physical or mental illness in the family"), required=False)
    situation = FreeTextField(label=_("Anything else about the family's situation"), required=False)
    siblings = forms.CharField(
        label=_("Siblings (first names and ages)"), max_length=300, required=False
    )
    sibling_enrolled = forms.BooleanField(
        label=_("A sibling is also being referred to Hjem til Os"), required=False
    )
    # Wishes for the volunteer family
    wish_family_children = forms.ChoiceField(
        label=_("The volunteer family's own children"),
        choices=FamilyChildrenWish.choices,
        required=False,
    )
    wish_father_figure = forms.BooleanField(
        label=_("The child would like a father figure"), required=False
    )
    wish_pets = forms.ChoiceField(label=_("Pets"), choices=PetsWish.choices, required=False)
    allergies = forms.CharField(label=_("Allergies"), max_length=200, required=False)
    religion_food = forms.CharField(label=_("Religion and food"), max_length=200, required=False)
    wishes = FreeTextField(label=_("Anything else you wish for"), required=False)
    # Legal basis and consent
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=LegalBasis.choices,
        required=False,
        widget=RADIO,
        help_text=_("At least one child in the family has a preventive measure."),
    )
    consent = forms.BooleanField(
        label=_("The parent consents to the referral to Hjem til Os"), required=False
    )
    sharing_consent = forms.BooleanField(
        label=_("The parent consents to sharing the necessary information with a volunteer family"),
        required=False,
    )

    SECTIONS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
        (_("Where the referral goes"), ("site", "caseworker")),
        (_("The child"), services.CHILD_PROFILE_FIELDS),
        (_("Needs and challenges"), services.CHILD_NEED_FIELDS),
        (_("The family"), services.FAMILY_FIELDS),
        (_("First parent or guardian"), tuple(_guardian_fields("guardian1", required=True))),
        (
            _("Second parent or guardian (optional)"),
            tuple(_guardian_fields("guardian2", required=False)),
        ),
        (
            _("Wishes for the volunteer family"),
            (
                "wish_family_children",
                "wish_father_figure",
                "wish_pets",
                "allergies",
                "religion_food",
                "wishes",
            ),
        ),
        (_("Legal basis and consent"), ("legal_basis", "consent", "sharing_consent")),
    )

    def __init__(
        self,
        *args: Any,
        sites: QuerySet[Site],
        caseworkers: QuerySet[User] | None = None,
        sibling_of: Referral | None = None,
        submitting: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.sibling_of = sibling_of
        self.sites = sites
        if sibling_of is None:
            for slot in GUARDIAN_SLOTS:
                self.fields.update(_guardian_fields(slot, required=slot == "guardian1"))
        else:
            for name in self.family_field_names():
                self.fields.pop(name, None)
        # A draft may leave these empty; submitting needs them (the label says so).
        for name in ("legal_basis", "guardian1_phone", "consent", "sharing_consent"):
            if name in self.fields:
                requirement_note(self.fields[name], _("needed to submit"))
        if sibling_of is None and len(sites) > 1:
            self.fields["site"] = forms.ModelChoiceField(
                label=_("Site"), queryset=sites, empty_label=_("Choose a site")
            )
        if caseworkers is not None:
            self.fields["caseworker"] = CaseworkerChoiceField(
                label=_("Referring caseworker"),
                queryset=caseworkers,
                empty_label=_("Choose the caseworker"),
                help_text=_("For a referral received by phone: the caseworker it came from."),
            )

    @classmethod
    def family_field_names(cls) -> tuple[str, ...]:
        names: list[str] = []
        for _legend, fields in cls.SECTIONS:
            if fields and (fields[0] in ("street_address",) or fields[0].startswith("guardian")):
                names.extend(fields)
        return tuple(names)

    def sections(self) -> Iterator[tuple[Promise, list[BoundField]]]:
        """The form's fields grouped under headings, in the order of the paper form."""
        for legend, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield legend, fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.sibling_of is None:
            second = [data.get(f"guardian2_{n}") for n in ("last_name", "phone", "email")]
            if any(second) and not data.get("guardian2_first_name"):
                self.add_error(
                    "guardian2_first_name", _("Give the second parent's name, or clear the fields.")
                )
        caseworker = data.get("caseworker")
        site = self.chosen_site()
        if (
            caseworker is not None
            and site is not None
            and caseworker.municipality_id != site.municipality_id
        ):
            self.add_error(
                "caseworker",
                _("%(name)s works for %(municipality)s, not for %(site)s's municipality.")
                % {
                    "name": caseworker.get_full_name(),
                    "municipality": caseworker.municipality,
                    "site": site.name,
                },
            )
        if self.submitting and site is not None:
            errors = services.referral_eligibility_errors(
                site=site, date_of_birth=data.get("date_of_birth"), data=self.service_data()
            )
            for name, message in errors.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, message)
        return data

    def chosen_site(self) -> Site | None:
        if self.sibling_of is not None:
            return self.sibling_of.site
        if "site" in self.fields:
            return self.cleaned_data.get("site")
        return self.sites[0] if self.sites else None

    def referral_site(self) -> Site:
        """The site the valid form refers the child to; refused when the user has none."""
        site = self.chosen_site()
        if site is None:
            raise ValidationError(_("You cannot refer a child to any site."))
        return site

    def service_data(self) -> dict[str, Any]:
        """The cleaned data in the shape ``services.referral_create`` takes."""
        data = dict(self.cleaned_data)
        if self.sibling_of is None:
            guardians = []
            for slot in GUARDIAN_SLOTS:
                values = {
                    name.removeprefix(f"{slot}_"): data.pop(name)
                    for name in list(data)
                    if name.startswith(f"{slot}_")
                }
                if values.get("first_name"):
                    guardians.append(values)
            data["guardians"] = guardians
        else:
            data["guardians"] = [
                {"phone": g.phone} for g in self.sibling_of.child.family.guardians.all()
            ]
        return data

    @staticmethod
    def initial_from(referral: Referral) -> dict[str, Any]:
        """The saved draft, as the form's initial values."""
        child = referral.child
        family = child.family
        initial: dict[str, Any] = {name: getattr(child, name) for name in services.CHILD_FIELDS}
        initial.update({name: getattr(family, name) for name in services.FAMILY_FIELDS})
        initial.update({name: getattr(referral, name) for name in services.REFERRAL_FIELDS})
        initial["consent"] = referral.consent_recorded_at is not None
        initial["sharing_consent"] = referral.sharing_consent_recorded_at is not None
        initial["site"] = referral.site_id
        for slot, guardian in zip(GUARDIAN_SLOTS, family.guardians.order_by("id"), strict=False):
            for name in services.GUARDIAN_FIELDS:
                initial[f"{slot}_{name}"] = getattr(guardian, name)
        return initial


def caseworkers_for(sites: QuerySet[Site]) -> QuerySet[User]:
    """The caseworkers of the municipalities ``sites`` work with."""
    return (
        User.objects.filter(
            role=Role.CASEWORKER,
            is_active=True,
            municipality__in=sites.values("municipality"),
        )
        .select_related("municipality")
        .order_by("first_name", "last_name")
    )


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(choices=ReferralStatus.choices, widget=forms.HiddenInput)
    reason = FreeTextField(label=_("Reason"), required=False, max_length=2000)


class WithdrawForm(forms.Form):
    reason = FreeTextField(label=_("Why is the referral withdrawn?"), max_length=2000)


class NoteForm(forms.Form):
    text = FreeTextField(
        label=_("Note"),
        max_length=4000,
        help_text=_("Seen by the referring caseworker and the staff at the site."),
    )


class HomeVisitPlanForm(DayTimeForm):
    """The home visit's day and time; ``home_visit_plan`` refuses a day before today."""


class HomeVisitForm(forms.Form):
    held_on = DateField(label=_("Held on"))
    attendees = forms.CharField(
        label=_("Who attended"),
        max_length=300,
        help_text=_("E.g. the mother, the child, and a staff member."),
    )
    child_wishes = FreeTextField(
        label=_("The child's own wishes, in the child's words"), required=False
    )
    motivation = FreeTextField(label=_("The family's motivation"), required=False)
    expectations = FreeTextField(label=_("Expectations"), required=False)
    family_needs = FreeTextField(label=_("The family's needs"), required=False)
    notes = FreeTextField(label=_("Notes"), required=False)

    def clean_held_on(self) -> date:
        value: date = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise ValidationError(
                _("A home visit cannot be recorded before it is held."), code="future"
            )
        return value


class CaseworkerPreferencesForm(forms.Form):
    """The caseworker's switch for the update e-mails."""

    email_updates = forms.BooleanField(
        label=_("E-mail me when something happens with my referrals"),
        help_text=_(
            "Received, home visit held, a volunteer family found, the friendship started, "
            "ended early or completed. The updates are always shown on this page."
        ),
        required=False,
    )
