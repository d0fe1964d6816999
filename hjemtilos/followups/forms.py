from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TaskCompleteForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What came of it, e.g. “Call held, home visit agreed”."),
    )
