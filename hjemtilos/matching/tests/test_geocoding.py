"""Coordinates: postal-code points by default; a pluggable geocoder when configured.

No test talks to the real address service: a geocoder class of the test's
own, and a local HTTP server that answers like DAWA.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from hjemtilos.core import scheduler
from hjemtilos.matching import engine, geo, services
from hjemtilos.matching.jobs import geocode_addresses
from hjemtilos.matching.models import GeocodedAddress
from hjemtilos.messaging.tests.conftest import LocalJsonServer

# Two points 30 km apart, both in "2200": the postal point alone cannot tell them apart.
NEAR = geo.Point(55.6948, 12.5503)
FAR = geo.Point(55.9500, 12.3000)


class FixedGeocoder(geo.Geocoder):
    """Puts "Langt Væk 1" far north and everything else at the postal point of 2200."""

    precise = True

    def geocode(self, *, street_address: str, postal_code: str) -> geo.Point | None:
        if street_address == "Ukendt 0":
            return None
        return FAR if street_address.startswith("Langt Væk") else NEAR


def test_distances_come_from_postal_points_by_default(make_child, make_family):
    child = make_child(postal="2200")
    make_family(postal="2100", transport="car")
    (candidate,) = engine.rank(child).candidates
    # København N → Ø is about 2 km: 3 min overhead plus the drive.
    assert 5 <= candidate.minutes <= 7
    assert geo.distance_km((55.7072, 12.572), (56.1535, 10.2034)) == pytest.approx(155.7, abs=0.5)


def test_the_default_geocoder_looks_nothing_up(make_child, make_family):
    make_family()
    assert services.geocode_addresses_refresh()["geocoded"] == 0
    assert not GeocodedAddress.objects.exists()


def test_a_configured_geocoder_gives_precise_points_that_the_engine_uses(
    settings, make_child, make_family
):
    settings.MATCHING_GEOCODER = f"{__name__}.FixedGeocoder"
    child = make_child(postal="2200")
    far = make_family(postal="2200")
    far.street_address = "Langt Væk 1"
    far.save()
    assert engine.rank(child).candidates  # before geocoding: the same postal point
    done = services.geocode_addresses_refresh()
    assert done["geocoded"] == 2 and done["failed"] == 0
    ranking = engine.rank(child)
    assert ranking.candidates == []
    assert {e.reason for e in ranking.pair_exclusions} == {"travel"}
    # The address changes: its old point is no longer used, and is pruned.
    far.street_address = "Havevej 2"
    far.save()
    assert engine.rank(child).candidates
    services.geocode_addresses_refresh()
    assert not GeocodedAddress.objects.filter(key__startswith="langt væk").exists()


class Dawa(LocalJsonServer):
    """Answers ``/adgangsadresser`` like the Danish address service; "Ukendt 0" is not found."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[dict[str, Any]] = []

    def respond(self, *, path: str, query: dict[str, str], body: bytes, headers: Any) -> Any:
        self.requests.append({"path": path, **query})
        if query.get("q") == "Ukendt 0":
            return []
        address = f"{query.get('q')}, {query.get('postnr')}"
        return [{"id": "0a3f", "betegnelse": address, "x": 12.5503, "y": 55.6948}]


@pytest.fixture
def dawa() -> Iterator[Dawa]:
    server = Dawa()
    yield server
    server.close()


def test_the_dawa_geocoder_asks_the_service_and_reads_the_point(dawa):
    geocoder = geo.DawaGeocoder(base_url=dawa.url)
    point = geocoder.geocode(street_address="Nørrebrogade 10", postal_code="2200")
    assert point == geo.Point(55.6948, 12.5503)
    assert dawa.requests == [
        {
            "path": "/adgangsadresser",
            "q": "Nørrebrogade 10",
            "postnr": "2200",
            "struktur": "mini",
            "per_side": "1",
        }
    ]
    assert geocoder.geocode(street_address="Ukendt 0", postal_code="2200") is None


def test_the_dawa_geocoder_reports_a_failing_service(dawa):
    dawa.status = 503
    with pytest.raises(geo.GeocodingError):
        geo.DawaGeocoder(base_url=dawa.url).geocode(street_address="Vej 1", postal_code="2200")
    with pytest.raises(geo.GeocodingError):
        geo.DawaGeocoder(base_url="http://127.0.0.1:9").geocode(
            street_address="Vej 1", postal_code="2200"
        )


def test_the_geocoding_job_counts_failures_and_carries_on(settings, dawa, make_child, make_family):
    settings.MATCHING_GEOCODER = "hjemtilos.matching.geo.DawaGeocoder"
    settings.MATCHING_GEOCODER_URL = dawa.url
    make_child()
    family = make_family()
    family.street_address = "Ukendt 0"
    family.save()
    done = services.geocode_addresses_refresh()
    assert (done["geocoded"], done["not_found"], done["failed"]) == (1, 1, 0)
    assert GeocodedAddress.objects.get().geocoder == "DawaGeocoder"


def test_the_command_geocodes_now(settings, make_child, make_family, capsys):
    settings.MATCHING_GEOCODER = f"{__name__}.FixedGeocoder"
    make_child()
    make_family()
    call_command("geocode_addresses", "--batch", "1")
    assert "geocoded: 1" in capsys.readouterr().out
    assert GeocodedAddress.objects.count() == 1


def test_the_nightly_job_is_registered_and_runs_the_geocoding(settings, make_child):
    assert "matching.geocode_addresses" in [job.name for job in scheduler.registered_jobs()]
    settings.MATCHING_GEOCODER = f"{__name__}.FixedGeocoder"
    make_child()
    result = geocode_addresses.enqueue()
    assert result.return_value["geocoded"] == 1
