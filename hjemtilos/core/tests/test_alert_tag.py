"""The alert tag draws DKFDS alerts with the role DKFDS gives each kind."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context: object) -> str:
    return Template("{% load dkfds %}" + source).render(Context(context))


@pytest.mark.parametrize("variant", ["warning", "error"])
def test_warnings_and_errors_are_read_out_at_once(variant):
    html = render(f'{{% alert "{variant}" %}}Text{{% endalert %}}')
    assert f'<div class="alert alert-{variant} mb-5" role="alert">' in html
    assert '<p class="alert-text">Text</p>' in html


@pytest.mark.parametrize("variant", ["info", "success"])
def test_info_and_success_have_no_role(variant):
    html = render(f'{{% alert "{variant}" %}}Text{{% endalert %}}')
    assert f'<div class="alert alert-{variant} mb-5">' in html
    assert "role=" not in html


def test_heading_and_classes_are_drawn_and_text_is_escaped():
    html = render(
        '{% alert "info" heading=title classes="mb-3" %}{{ text }}{% endalert %}',
        title="A & B",
        text="<b>x</b>",
    )
    assert '<div class="alert alert-info mb-3">' in html
    assert '<p class="alert-heading">A &amp; B</p>' in html
    assert '<p class="alert-text">&lt;b&gt;x&lt;/b&gt;</p>' in html


def test_an_unknown_variant_is_refused_when_the_template_is_read():
    with pytest.raises(TemplateSyntaxError, match="danger"):
        render('{% alert "danger" %}Text{% endalert %}')
