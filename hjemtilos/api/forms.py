from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, e.g. the name of the integration."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=settings.API_KEY_MAX_DAYS,
        initial=settings.API_KEY_DEFAULT_DAYS,
        # Left empty: the default validity (the service applies it).
        required=False,
        help_text=_("Every key expires: at most after a year. You get an e-mail two weeks before."),
    )
