"""Every stylesheet and script a page links to is served from our own static files."""

from __future__ import annotations

import re

from django.urls import reverse

from hjemtilos.core.testing import get_page


def test_every_asset_of_the_layout_is_served_by_us(client, login, staff):
    pages = [
        get_page(client, reverse("accounts:login"), queries=0, name="the login page").text,
        get_page(login(staff), reverse("core:home"), queries=12, name="the staff home").text,
    ]
    assets = {url for text in pages for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', text)}
    assert {"/static/hjemtilos/app.css", "/static/dkfds/css/dkfds.min.css"} <= assets
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body and not body.lstrip().startswith(b"<!DOCTYPE"), url
    # Nothing is loaded from another host.
    for text in pages:
        assert not re.search(r'(?:href|src)="(?:https?:)?//', text)
