"""The site's family table is kept in memory between requests on PostgreSQL, and read again
as soon as anything it was built from changes (docs/decisions/0023)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from hjemtilos.core.dates import age_on
from hjemtilos.matching import loading
from hjemtilos.matching.models import GeocodedAddress
from hjemtilos.volunteers.models import HouseholdMember, VolunteerFamily

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_cached_table_follows_every_committed_change(site, make_family):
    family = make_family(weekdays=[1])
    first = loading.site_families(site_id=site.pk)
    assert loading.site_families(site_id=site.pk) is first  # nothing changed: from memory

    # An update that bypasses save() (as the vetting refresh does) is seen.
    VolunteerFamily.objects.filter(pk=family.pk).update(weekdays=[2])
    second = loading.site_families(site_id=site.pk)
    assert second is not first and second.weekdays.tolist() == [1 << 2]

    # A member moving in, a new family and a deleted one are seen too.
    HouseholdMember.objects.create(
        family=family, first_name="Ea", last_name="Test", date_of_birth=date(2019, 5, 1)
    )
    third = loading.site_families(site_id=site.pk)
    assert third is not second
    assert third.kid_ages[0] == [age_on(date(2019, 5, 1), timezone.localdate())]
    other = make_family()
    assert len(loading.site_families(site_id=site.pk)) == 2
    other.members.all().delete()
    other.delete()
    assert len(loading.site_families(site_id=site.pk)) == 1


def test_a_bulk_change_to_members_or_a_shared_point_is_seen(site, make_family):
    family = make_family()
    HouseholdMember.objects.create(
        family=family, first_name="Ea", last_name="Test", date_of_birth=date(2019, 5, 1)
    )
    first = loading.site_families(site_id=site.pk)
    # A member's birthday corrected by a bare update (no save(), no signal).
    HouseholdMember.objects.filter(family=family, first_name="Ea").update(
        date_of_birth=date(2017, 5, 1)
    )
    second = loading.site_families(site_id=site.pk)
    assert second is not first
    assert second.kid_ages[0] == [age_on(date(2017, 5, 1), timezone.localdate())]
    # A geocoded point is shared by every site: a new one is read again too.
    GeocodedAddress.objects.create(key="x", latitude=55.6, longitude=12.5, geocoder="test")
    assert loading.site_families(site_id=site.pk) is not second


def test_a_change_at_another_site_keeps_the_table(site, make_family, other_site):
    make_family()
    first = loading.site_families(site_id=site.pk)
    make_family(at_site=other_site)  # another site's families change, this site's do not
    assert loading.site_families(site_id=site.pk) is first


def test_no_cache_inside_a_transaction_block(site, make_family):
    make_family()
    with transaction.atomic():
        assert loading.site_families(site_id=site.pk) is not loading.site_families(site_id=site.pk)


def test_the_shared_table_cannot_be_changed_by_a_caller(site, make_family):
    make_family(weekdays=[1], activities="fodbold og skov")
    shared = loading.site_families(site_id=site.pk)
    assert loading.site_families(site_id=site.pk) is shared  # the table every request gets
    with pytest.raises(ValueError, match="read-only"):
        shared.weekdays[0] = 0
    with pytest.raises(ValueError, match="read-only"):
        shared.home[0, 0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        next(iter(shared.activity_postings.values()))[0] = 0
    # The next request still sees the family's real weekday.
    assert loading.site_families(site_id=site.pk).weekdays.tolist() == [1 << 1]
