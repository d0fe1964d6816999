"""Every stylesheet and script a page links to is served from our own static files."""

from __future__ import annotations

import re

from django.urls import reverse


def test_every_asset_of_the_layout_is_served_by_us(client, login, staff):
    pages = [
        client.get(reverse("accounts:login")).text,
        login(staff).get(reverse("core:home")).text,
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
