"""The guidance at ten months: each family reads its own words on talking with the child
about the time after the year; staff see whether it was read."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from hjemtilos.friendships.models import GuidanceRead, Side


def test_the_guidance_opens_at_ten_months_and_staff_see_who_read_it(
    login, late_in_the_year, staff, volunteer, parent
):
    friendship = late_in_the_year
    url = reverse("friendships:guidance", args=[friendship.pk])
    portal = reverse("friendships:portal", args=[friendship.pk])
    assert url in login(parent).get(portal).text
    parent_page = login(parent).get(url)
    volunteer_page = login(volunteer).get(url)
    assert parent_page.status_code == volunteer_page.status_code == 200
    # Each family its own side of it.
    assert "Spørg Emma om besøgene, ikke om at stoppe" in parent_page.text
    assert "Lov ikke Emma noget om tiden efter året" in volunteer_page.text
    assert "Lov ikke Emma noget" not in parent_page.text

    detail = reverse("friendships:detail", args=[friendship.pk])
    assert "ikke læst af barnets familie" in login(staff).get(detail).text
    assert login(parent).post(url).status_code == 302
    assert login(parent).post(url).status_code == 302  # recorded once
    read = GuidanceRead.objects.get(friendship=friendship)
    assert read.side == Side.CHILD_FAMILY
    page = login(staff).get(detail).text
    with translation.override("da"):
        read_on = date_format(timezone.localtime(read.read_at), "j. F")
    assert f"læst af barnets familie {read_on}" in page
    assert "ikke læst af barnets familie" not in page
    assert "ikke læst af venskabsfamilien" in page


def test_before_ten_months_the_guidance_is_closed(login, befriended, parent, volunteer):
    url = reverse("friendships:guidance", args=[befriended.pk])
    for user in (parent, volunteer):
        assert login(user).get(url).status_code == 403
    assert url not in login(parent).get(reverse("friendships:portal", args=[befriended.pk])).text
