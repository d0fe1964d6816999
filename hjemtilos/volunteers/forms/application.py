"""The public application form: the household, its members and its wishes.

The household members are a formset of a few rows; rows left empty are
ignored. Programme rules (one adult at least, e-mail and phone for adults)
are checked here, so every message appears next to the field it is about.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.dates import ADULT_AGE, age_on
from hjemtilos.core.forms import RADIO, BirthDateField, FreeTextField, requirement_note
from hjemtilos.organisations.models import CHILD_AGE_MAX, CHILD_AGE_MIN
from hjemtilos.referrals.forms import PhoneField
from hjemtilos.referrals.models import NeedTag
from hjemtilos.volunteers.forms.fields import PostalCodeField
from hjemtilos.volunteers.models import RecruitmentChannel, Transport, Weekday

MEMBER_ROWS = 6
# A date of birth further back than this is a typing error.
OLDEST_AGE = 110

# ``?kanal=`` values used in campaign links, in Danish, mapped to channels.
CHANNEL_SLUGS = {
    "facebook": RecruitmentChannel.SOCIAL_MEDIA,
    "instagram": RecruitmentChannel.SOCIAL_MEDIA,
    "some": RecruitmentChannel.SOCIAL_MEDIA,
    "aula": RecruitmentChannel.AULA,
    "avis": RecruitmentChannel.NEWSPAPER,
    "lokalavis": RecruitmentChannel.NEWSPAPER,
    "hjemmeside": RecruitmentChannel.WEBSITE,
    "web": RecruitmentChannel.WEBSITE,
    "anbefaling": RecruitmentChannel.WORD_OF_MOUTH,
    "mund-til-mund": RecruitmentChannel.WORD_OF_MOUTH,
    "andet": RecruitmentChannel.OTHER,
}


def channel_from_query(value: str) -> str:
    """The recruitment channel a campaign link names (``?kanal=aula``), or ""."""
    value = (value or "").strip().lower()
    if value in RecruitmentChannel.values:
        return value
    return CHANNEL_SLUGS.get(value, "")


class ApplicationForm(forms.Form):
    """Everything about the household except its members."""

    street_address = forms.CharField(label=_("Address"), max_length=200)
    postal_code = PostalCodeField(label=_("Postal code"))
    name = forms.CharField(
        label=_("What do you call your household?"),
        max_length=150,
        required=False,
        help_text=_("For example “Familien Nielsen”. If left empty, we use your surname."),
    )
    motivation = FreeTextField(label=_("Why do you want to be a friendship family?"), rows=4)
    activities = FreeTextField(label=_("What do you like to do together?"), rows=4)
    pets = forms.CharField(
        label=_("Pets"),
        max_length=200,
        required=False,
        help_text=_("For example “a dog and two cats”."),
    )
    languages = forms.CharField(
        label=_("Languages spoken at home"), max_length=200, initial=_("Danish")
    )
    smoking = forms.TypedChoiceField(
        label=_("Does anyone smoke in the home?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        widget=RADIO,
    )
    transport = forms.ChoiceField(
        label=_("How do you get around?"),
        choices=Transport.choices,
        widget=RADIO,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Which weekdays can you offer?"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        help_text=_("The child visits once a week on a fixed weekday, after school."),
    )
    child_age_min = forms.IntegerField(
        label=_("Youngest child you imagine (age)"),
        min_value=CHILD_AGE_MIN,
        max_value=CHILD_AGE_MAX,
        initial=CHILD_AGE_MIN,
    )
    child_age_max = forms.IntegerField(
        label=_("Oldest child you imagine (age)"),
        min_value=CHILD_AGE_MIN,
        max_value=CHILD_AGE_MAX,
        initial=CHILD_AGE_MAX,
    )
    cannot_take_on = forms.MultipleChoiceField(
        label=_("Is there anything you feel you cannot take on?"),
        choices=[c for c in NeedTag.choices if c[0] != NeedTag.OTHER],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        help_text=_(
            "For example a child with marked attention difficulties. It is fine to say so."
        ),
    )
    cannot_take_on_other = FreeTextField(
        label=_("Anything else you cannot take on"), required=False, rows=2
    )
    recruitment_channel = forms.ChoiceField(
        label=_("Where did you hear about Hjem til Os?"),
        choices=RecruitmentChannel.choices,
        widget=RADIO,
    )
    consent = forms.BooleanField(
        label=_(
            "We consent to the charity processing the information in this application to "
            "assess us as a friendship family"
        ),
        help_text=_(
            "The information is used only for Hjem til Os and deleted if you do not become "
            "a friendship family. You can withdraw the consent at any time."
        ),
        error_messages={"required": _("The application can only be processed with your consent.")},
    )
    # A field people never see: a form robot fills in every field it finds.
    website = forms.CharField(label=_("Leave this field empty"), max_length=200, required=False)

    SECTIONS = (
        (_("Your home"), ("street_address", "postal_code", "name")),
        (
            _("About you"),
            ("motivation", "activities", "pets", "languages", "smoking", "transport"),
        ),
        (
            _("The child you imagine"),
            (
                "weekdays",
                "child_age_min",
                "child_age_max",
                "cannot_take_on",
                "cannot_take_on_other",
            ),
        ),
        (_("How you heard of us"), ("recruitment_channel",)),
    )

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]

    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("child_age_min"), data.get("child_age_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "child_age_max", _("The oldest age must be the same as or above the youngest.")
            )
        return data

    def family_data(self, fallback_name: str) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"].strip() or fallback_name,
            "street_address": data["street_address"].strip(),
            "postal_code": data["postal_code"],
            "recruitment_channel": data["recruitment_channel"],
            "motivation": data["motivation"].strip(),
            "activities": data["activities"].strip(),
            "pets": data["pets"].strip(),
            "languages": data["languages"].strip(),
            "smoking": data["smoking"],
            "transport": data["transport"],
            "weekdays": sorted(data["weekdays"]),
            "child_age_min": data["child_age_min"],
            "child_age_max": data["child_age_max"],
            "cannot_take_on": data["cannot_take_on"],
            "cannot_take_on_other": data["cannot_take_on_other"].strip(),
        }


class MemberForm(forms.Form):
    """One person living in the home."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    date_of_birth = BirthDateField(label=_("Date of birth"))
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("Each adult gets their own login.")
    )
    phone = PhoneField(label=_("Phone"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not required of a child in the row, but of every adult: the label says so.
        for name in ("email", "phone"):
            requirement_note(self.fields[name], _("needed for adults"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = data.get("date_of_birth")
        if born is None:
            return data
        if timezone.localdate().year - born.year > OLDEST_AGE:
            self.add_error("date_of_birth", _("Check the year of birth."))
            return data
        if self.is_adult():
            if not data.get("email") and "email" not in self.errors:
                self.add_error(
                    "email", _("Give an e-mail address for every adult: each gets their own login.")
                )
            if not data.get("phone") and "phone" not in self.errors:
                self.add_error("phone", _("Give a phone number for every adult."))
        return data

    def is_adult(self) -> bool:
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return False
        return age_on(born, timezone.localdate()) >= ADULT_AGE


class BaseMemberFormSet(forms.BaseFormSet[MemberForm]):
    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and f.cleaned_data]
        if not filled:
            raise ValidationError(_("Tell us who lives in the home, yourselves first."))
        if not any(f.is_adult() for f in filled):
            raise ValidationError(_("At least one adult (18 or older) must live in the home."))
        seen: dict[str, MemberForm] = {}
        for form in filled:
            email = (form.cleaned_data.get("email") or "").lower()
            if not email:
                continue
            if email in seen:
                form.add_error("email", _("Each adult needs their own e-mail address."))
                raise ValidationError(_("Each adult needs their own e-mail address."))
            seen[email] = form

    def members(self) -> list[dict[str, Any]]:
        return [
            {
                "first_name": f.cleaned_data["first_name"].strip(),
                "last_name": f.cleaned_data["last_name"].strip(),
                "date_of_birth": f.cleaned_data["date_of_birth"],
                "email": (f.cleaned_data.get("email") or "").strip().lower(),
                "phone": f.cleaned_data.get("phone") or "",
            }
            for f in self.forms
            if f.has_changed() and f.cleaned_data
        ]


MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=MEMBER_ROWS, max_num=12, validate_max=True
)
