"""The volunteer portal's forms: the household and the code of conduct."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.forms import BirthDateField, DateField
from hjemtilos.referrals.forms import PhoneField
from hjemtilos.volunteers.forms.fields import PostalCodeField
from hjemtilos.volunteers.models import Gender


class MemberAddForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    date_of_birth = BirthDateField(label=_("Date of birth"))
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneField(label=_("Phone"), required=False)


class MoveOutForm(forms.Form):
    moved_out_on = DateField(label=_("Moved out on"))


class AddressForm(forms.Form):
    street_address = forms.CharField(label=_("New address"), max_length=200)
    postal_code = PostalCodeField(label=_("Postal code"))
    moved_on = DateField(label=_("Moving date"), required=False)

    def clean_postal_code(self) -> Any:
        value = self.cleaned_data.get("postal_code")
        if value is None:
            raise forms.ValidationError(_("Give the postal code."))
        return value


class PolicyAcceptForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read the text and will follow it"),
        error_messages={"required": _("Tick the box to accept.")},
    )
