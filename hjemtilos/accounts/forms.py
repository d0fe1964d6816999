"""Forms for signing in, the second factor, invitations, passwords and account administration."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hjemtilos.accounts.models import Role, User, login_identifier
from hjemtilos.core.forms import FreeTextField
from hjemtilos.organisations.models import Municipality, Site

REASON_MAX_LENGTH = 1000


def reason_field(label: StrOrPromise | None = None) -> forms.CharField:
    return FreeTextField(
        label=label or _("Reason"),
        max_length=REASON_MAX_LENGTH,
        rows=2,
        help_text=_("Kept with the account's history."),
    )


def municipality_field() -> forms.ModelChoiceField[Municipality]:
    """The municipality a caseworker works for (the role requires one; others leave it empty)."""
    return forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("Choose a municipality"),
        help_text=_("Required for caseworkers."),
    )


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail or mobile number"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
        help_text=_("Use your mobile number only if you have no e-mail address with us."),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail, mobile number or password is wrong. Check them and try again."
        ),
        "inactive": _("This account is not active. Contact Hjem til Os."),
    }

    def clean_username(self) -> str:
        return login_identifier(str(self.cleaned_data["username"]))


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("Six digits. A new code appears every 30 seconds."),
    )

    def clean_token(self) -> str:
        token = "".join(str(self.cleaned_data["token"]).split())
        if not token.isdigit():
            raise forms.ValidationError(_("The code contains digits only."))
        return token


class BackupCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Backup code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True}
        ),
        help_text=_("One of the ten codes you saved when you set up the authenticator app."),
    )


class ConfirmPasswordForm(forms.Form):
    """Confirming it is you with the password, for roles without an authenticator app."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class SetPasswordForm(forms.Form):
    """A new password, typed twice and checked by the password validators.

    ``user`` comes first, as Django's password views pass it.
    """

    password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class PasswordChangeForm(SetPasswordForm):
    """The signed-in person's new password, after their current one."""

    old_password = forms.CharField(
        label=_("Current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["old_password", "password1", "password2"]

    def clean_old_password(self) -> str:
        password = str(self.cleaned_data["old_password"])
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Your current password is not correct."))
        return password


class PasswordResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("E-mail or mobile number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        help_text=_("The one you sign in with."),
    )

    def clean_identifier(self) -> str:
        return login_identifier(str(self.cleaned_data["identifier"]))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        help_text=_("Volunteers and parents without e-mail get the invitation by SMS."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Role"))
    municipality = municipality_field()
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.filter(is_active=True).select_related("municipality"),
        required=False,
        empty_label=_("Choose a site"),
        help_text=_("For programme staff: the site they work at."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for e-mails"), choices=[("da", _("Danish")), ("en", _("English"))]
    )

    def __init__(self, *args: Any, roles: list[Role], with_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [(r.value, r.label) for r in roles]
        if Role.STAFF not in roles:
            del self.fields["site"]
        if with_reason:
            self.fields["reason"] = reason_field(_("Why does the person get an account?"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") == Role.CASEWORKER and not cleaned.get("municipality"):
            self.add_error("municipality", _("Choose the caseworker's municipality."))
        if cleaned.get("role") == Role.STAFF and "site" in self.fields and not cleaned.get("site"):
            self.add_error("site", _("Choose the site the staff member works at."))
        return cleaned


class ReasonForm(forms.Form):
    """An administrator's action on an account: only its reason is asked."""

    reason = reason_field()


class RoleChangeForm(forms.Form):
    to_role = forms.ChoiceField(label=_("New role"), choices=Role.choices)
    municipality = municipality_field()
    reason = reason_field()
