"""Every form's fields as the shared rendering draws them: messages that say what to do, an
error summary linking each error to its field, named empty choices, marked optional fields,
free-text boxes."""

from __future__ import annotations

from django import forms
from django.utils import translation

from hjemtilos.core.fields import TEXT_MAX_LENGTH
from hjemtilos.core.forms import BirthDateField, FreeTextField, error_summary, requirement_note

CHOICES = [("", "---------"), ("bike", "Cykel"), ("car", "Bil")]


class ExampleForm(forms.Form):
    first_name = forms.CharField(label="Barnets fornavn", max_length=100)
    born = BirthDateField(label="Barnets fødselsdato")
    transport = forms.ChoiceField(label="Transport", choices=CHOICES)
    colour = forms.ChoiceField(label="Farve", choices=CHOICES, required=False)
    answer = forms.ChoiceField(
        label="Overnattede barnet?",
        choices=[("yes", "Ja"), ("no", "Nej")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Hvorfor?",
        max_length=100,
        error_messages={"required": "Skriv, hvorfor familien stopper."},
    )
    email = forms.EmailField(label="E-mail", required=False)
    consent = forms.BooleanField(label="Forælderen giver samtykke")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        requirement_note(self.fields["email"], "skal udfyldes for voksne")


def test_generic_messages_say_what_to_do_and_the_form_s_own_win():
    with translation.override("da"):
        form = ExampleForm({"born": "30/11", "email": "ikke-en-adresse"})
        assert not form.is_valid()
        assert form["first_name"].errors == ["Skriv barnets fornavn."]
        assert form["born"].errors == ["Skriv barnets fødselsdato som dd.mm.åååå, fx 30.11.2026."]
        assert form["transport"].errors == ["Vælg transport."]
        assert form["answer"].errors == ["Vælg et svar på »Overnattede barnet?«"]
        assert form["reason"].errors == ["Skriv, hvorfor familien stopper."]
        assert form["email"].errors == ["Skriv en e-mailadresse som navn@eksempel.dk."]
        assert form["consent"].errors == [
            "Sæt kryds ved »Forælderen giver samtykke« for at gå videre."
        ]
        assert "Dette felt er påkrævet." not in form.as_div()


def test_the_error_summary_links_each_error_to_the_input_that_takes_the_focus():
    with translation.override("da"):
        form = ExampleForm({})
        form.is_valid()
        anchors = dict(error_summary(form))
    assert anchors["id_first_name"] == "Skriv barnets fornavn."
    # A group of radio buttons is reached through its first button.
    assert anchors["id_answer_0"] == "Vælg et svar på »Overnattede barnet?«"
    assert "id_colour" not in anchors


def test_empty_choices_are_named_and_optional_fields_marked():
    with translation.override("da"):
        html = ExampleForm().as_div()
    assert "---------" not in html
    assert '<option value="" selected>Vælg transport</option>' in html
    assert '<option value="" selected>Ingen valgt</option>' in html
    assert "(skal udfyldes for voksne)" in html
    assert html.count("(valgfri)") == 1  # the colour; the e-mail carries its own note
    # Long free text gets room to write in.
    assert 'class="form-input input-width-xl"' in ExampleForm2().as_div()


class ExampleForm2(forms.Form):
    story = forms.CharField(label="Fortæl", max_length=2000, widget=forms.Textarea)


class NoteForm(forms.Form):
    note = FreeTextField(label="Note", required=False)
    reason = FreeTextField(label="Begrundelse", max_length=200, rows=2)


def test_free_text_is_a_box_of_its_rows_that_takes_no_more_than_the_model_stores():
    html = NoteForm().as_div()
    assert f'<textarea name="note" cols="40" rows="3" maxlength="{TEXT_MAX_LENGTH}"' in html
    assert '<textarea name="reason" cols="40" rows="2" maxlength="200"' in html
    with translation.override("da"):
        form = NoteForm({"note": "x" * (TEXT_MAX_LENGTH + 1), "reason": "Flyttet"})
        assert not form.is_valid()
        assert list(form.errors) == ["note"]
        assert str(TEXT_MAX_LENGTH) in form["note"].errors[0]
