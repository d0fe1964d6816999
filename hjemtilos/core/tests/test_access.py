"""Fetch-or-refuse and link rules (``core.access``), through real policies and views."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from hjemtilos.core.access import link_url
from hjemtilos.core.testing import assert_query_count
from hjemtilos.friendships.models import VisitStatus
from hjemtilos.friendships.selectors import (
    friendship_for_managing_or_404,
    friendship_for_staff_or_404,
    visit_for_change_or_404,
)


def test_a_role_without_the_pages_is_refused_before_any_query(friendship, volunteer):
    name = "refusing a volunteer the staff's friendship"
    with assert_query_count(0, name), pytest.raises(PermissionDenied):
        friendship_for_staff_or_404(user=volunteer, pk=friendship.pk)


def test_staff_of_another_site_do_not_learn_that_a_friendship_exists(friendship, other_staff):
    with pytest.raises(Http404):
        friendship_for_staff_or_404(user=other_staff, pk=friendship.pk)
    with pytest.raises(Http404):
        friendship_for_staff_or_404(user=other_staff, pk=friendship.pk + 1000)


def test_the_advisory_team_reads_a_friendship_but_does_not_run_it(friendship, advisory):
    assert friendship_for_staff_or_404(user=advisory, pk=friendship.pk) == friendship
    with pytest.raises(PermissionDenied):
        friendship_for_managing_or_404(user=advisory, pk=friendship.pk)


def test_a_visit_that_has_passed_is_seen_but_cannot_be_changed(friendship, staff):
    held = friendship.visits.filter(status=VisitStatus.HELD).first()
    with pytest.raises(PermissionDenied) as refused:
        visit_for_change_or_404(user=staff, pk=held.pk)
    # The reason, in Danish by default, is what the API answers.
    assert str(refused.value) == "Dette besøg kan ikke ændres."


def test_link_url_follows_the_policy_of_the_view_it_leads_to(
    friendship, staff, advisory, administrator
):
    detail = reverse("friendships:detail", args=[friendship.pk])
    assert link_url(staff, "friendships:detail", friendship) == detail
    assert link_url(advisory, "friendships:detail", friendship) == detail
    assert link_url(administrator, "friendships:detail", friendship) == ""
    assert link_url(staff, "friendships:screening") == reverse("friendships:screening")
    assert link_url(advisory, "friendships:screening") == ""


def test_a_link_to_a_view_without_a_rule_is_an_error_not_a_shown_link(staff):
    with pytest.raises(ImproperlyConfigured):
        link_url(staff, "core:home")


def test_the_template_tag_leaves_out_a_link_the_viewer_cannot_open(friendship, staff, advisory):
    template = Template(
        '{% load links %}{% link_url "volunteers:detail" friendship.family as url %}'
        '{% if url %}<a href="{{ url }}">family</a>{% else %}none{% endif %}'
    )
    for user, expected in ((staff, "<a href="), (advisory, "none")):
        request = RequestFactory().get("/")
        request.user = user
        html = template.render(Context({"request": request, "friendship": friendship}))
        assert expected in html


def test_a_page_rule_is_the_views_own_check(login, advisory, staff):
    assert login(advisory).get(reverse("friendships:school_holidays")).status_code == 403
    assert login(staff).get(reverse("friendships:school_holidays")).status_code == 200
