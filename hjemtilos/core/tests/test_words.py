"""Dates read as Danish writes them: "30. nov. 2026", "tirsdag", month and weekday in lower case."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

import hjemtilos

TUESDAY = date(2026, 12, 1)


def render(source: str, language: str) -> str:
    with translation.override(language):
        return Template(source).render(Context({"day": date(2026, 11, 30), "tuesday": TUESDAY}))


def test_short_months_and_weekdays_are_lower_case_in_danish():
    assert render('{{ day|date:"j. N Y" }}', "da") == "30. nov. 2026"
    assert render('{{ tuesday|date:"l j. F" }}', "da") == "tirsdag 1. december"
    assert render('{{ tuesday|date:"D j. N" }}', "da") == "tir 1. dec."
    assert render('{{ day|date:"j. N Y" }}', "en") == "30. Nov. 2026"


def test_no_template_uses_the_capitalised_month_abbreviation():
    # Django's "M" gives "Nov" in every language; "N" gives Danish "nov." and English "Nov.".
    root = Path(hjemtilos.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if re.search(r'\|date:"[^"]*(?<![\\])\bM\b', path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
