"""Where people live and how long the drive, ride or bus trip takes.

Points: by default the postal district's point from the shipped GeoNames
data (``organisations`` loads it into ``PostalCode``), so matching works
offline. When ``settings.MATCHING_GEOCODER`` names a precise geocoder (the
Danish address service in production), addresses are geocoded by a job and
cached in ``GeocodedAddress``; a cached point wins over the postal point.

Distance: the great-circle distance, computed as the straight chord between
the two points on the Earth's sphere (it differs from the arc by less than
0.01 % at a few hundred km) so that a whole matrix comes from one
``scipy.spatial.distance.cdist`` call.

Travel time: the distance times a detour factor (roads are not straight),
at the average door-to-door speed of the family's transport, plus a fixed
overhead (parking; waiting for and walking to the bus). Distances under
1 km count as 1 km: within one postal district the real distance is unknown.
See docs/decisions/0021-distance-and-travel-time.md.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from hjemtilos.organisations.models import PostalCode

logger = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088
MIN_DISTANCE_KM = 1.0
# Denmark's extent in degrees: a geocoded point outside it is a wrong answer.
DENMARK_LATITUDES = (54.4, 57.9)
DENMARK_LONGITUDES = (7.9, 15.3)


@dataclass(frozen=True)
class TransportModel:
    """How fast a family gets about: average speed, detour factor and fixed overhead."""

    label: Any
    speed_kmh: float
    detour: float
    overhead_minutes: float

    def minutes(self, distance_km: float) -> float:
        distance = max(distance_km, MIN_DISTANCE_KM)
        return self.overhead_minutes + distance * self.detour / self.speed_kmh * 60


# Door-to-door averages for Danish towns and suburbs (docs/decisions/0021).
TRANSPORT: dict[str, TransportModel] = {
    "car": TransportModel(_("by car"), speed_kmh=40.0, detour=1.3, overhead_minutes=3.0),
    "bike": TransportModel(_("by bike"), speed_kmh=15.0, detour=1.25, overhead_minutes=0.0),
    "public": TransportModel(
        _("by public transport"), speed_kmh=20.0, detour=1.4, overhead_minutes=10.0
    ),
}
TRANSPORT_CODES = list(TRANSPORT)


def unit_xyz(latitude: Any, longitude: Any) -> np.ndarray:
    """Points on a sphere of the Earth's radius (km) for arrays of degrees; shape (n, 3)."""
    lat = np.radians(np.asarray(latitude, dtype=np.float64))
    lon = np.radians(np.asarray(longitude, dtype=np.float64))
    cos_lat = np.cos(lat)
    return EARTH_RADIUS_KM * np.stack(
        [cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)], axis=-1
    )


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance between two (latitude, longitude) points, as the engine computes it."""
    points = unit_xyz([a[0], b[0]], [a[1], b[1]])
    return float(np.linalg.norm(points[0] - points[1]))


# Geocoders ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


class GeocodingError(Exception):
    """The geocoder could not be reached or answered in a way we cannot use."""


class Geocoder:
    """Turns a street address and postal code into a point, or None if not found.

    ``precise`` says whether the points are better than the postal district's;
    the geocoding job only runs for precise geocoders.
    """

    precise = False

    def geocode(self, *, street_address: str, postal_code: str) -> Point | None:
        raise NotImplementedError


class PostalCodeGeocoder(Geocoder):
    """The default: no lookup at all. Matching uses the postal district's point."""

    def geocode(self, *, street_address: str, postal_code: str) -> Point | None:
        code = PostalCode.objects.filter(code=postal_code).first()
        return Point(code.latitude, code.longitude) if code else None


class DawaGeocoder(Geocoder):
    """The Danish address service's address search (DAWA, ``/adgangsadresser``).

    ``GET {base}/adgangsadresser?q=<street>&postnr=<code>&struktur=mini&per_side=1``
    answers a list of access addresses with ``x`` (longitude) and ``y``
    (latitude) in WGS84. ``settings.MATCHING_GEOCODER_URL`` sets the base URL
    (a proxy, or the successor service with the same interface).
    """

    precise = True
    timeout = 10.0

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = (base_url or settings.MATCHING_GEOCODER_URL).rstrip("/")

    def geocode(self, *, street_address: str, postal_code: str) -> Point | None:
        if not street_address.strip():
            return None
        try:
            response = httpx.get(
                f"{self.base_url}/adgangsadresser",
                params={
                    "q": street_address.strip(),
                    "postnr": postal_code,
                    "struktur": "mini",
                    "per_side": "1",
                },
                timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            raise GeocodingError(f"{type(exc).__name__}: {exc}") from exc
        if not response.is_success:
            raise GeocodingError(f"HTTP {response.status_code}")
        try:
            results = response.json()
            if not results:
                return None
            first = results[0]
            point = Point(latitude=float(first["y"]), longitude=float(first["x"]))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise GeocodingError(f"Unexpected answer: {exc}") from exc
        # A point outside Denmark means the service answered something else.
        if not (
            DENMARK_LATITUDES[0] <= point.latitude <= DENMARK_LATITUDES[1]
            and DENMARK_LONGITUDES[0] <= point.longitude <= DENMARK_LONGITUDES[1]
        ):
            raise GeocodingError("The point lies outside Denmark")
        return point


def get_geocoder() -> Geocoder:
    """The geocoder named by ``settings.MATCHING_GEOCODER`` (a dotted path)."""
    geocoder: Geocoder = import_string(settings.MATCHING_GEOCODER)()
    return geocoder


_SPACES = re.compile(r"\s+")


def address_key(street_address: str, postal_code: str) -> str:
    """The cache key of an address: lower-cased, single spaces, with the postal code."""
    street = _SPACES.sub(" ", street_address.strip().lower())
    return f"{street}|{postal_code}" if street else ""
