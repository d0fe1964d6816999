"""A site's matching settings, a child's weekdays, the site-wide run and geocoding."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.matching import engine, geo
from hjemtilos.matching.models import (
    DEFAULT_WEIGHTS,
    MAX_WEIGHT,
    OPEN_RUN_STATUSES,
    ChildMatchingProfile,
    EarlyEndingRule,
    GeocodedAddress,
    MatchingSettings,
    SuggestionRun,
    SuggestionRunStatus,
)
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Child, Referral, ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamily, Weekday

logger = logging.getLogger(__name__)

# How many addresses one run of the geocoding job looks up (the service is shared).
GEOCODE_BATCH = 500
MIN_TRAVEL_MINUTES = 5
MAX_TRAVEL_MINUTES = 120


@transaction.atomic
def matching_settings_update(
    *,
    site: Site,
    by: User,
    weights: Mapping[str, int],
    early_ending: str,
    max_travel_minutes: int,
) -> MatchingSettings:
    """Save the site's weights, early-ending rule and travel limit (``Site.max_travel_minutes``)."""
    errors: dict[str, str] = {}
    for name in DEFAULT_WEIGHTS:
        value = weights.get(name)
        if value is None or not 0 <= int(value) <= MAX_WEIGHT:
            errors[f"weight_{name}"] = _("Give a weight from 0 to %(max)s.") % {"max": MAX_WEIGHT}
    if not any(int(weights.get(name) or 0) for name in DEFAULT_WEIGHTS):
        errors["weight_travel"] = _("At least one weight must be above 0.")
    if early_ending not in EarlyEndingRule.values:
        errors["early_ending"] = _("Choose what to do with an earlier early ending.")
    if not MIN_TRAVEL_MINUTES <= max_travel_minutes <= MAX_TRAVEL_MINUTES:
        errors["max_travel_minutes"] = _("Give a travel time from 5 to %(max)s minutes.") % {
            "max": MAX_TRAVEL_MINUTES
        }
    if errors:
        raise ValidationError(errors)
    row, _created = MatchingSettings.objects.get_or_create(site=site)
    for name in DEFAULT_WEIGHTS:
        setattr(row, f"weight_{name}", int(weights[name]))
    row.early_ending = early_ending
    row.updated_at = timezone.now()
    row.updated_by = by
    row.full_clean()
    row.save()
    if site.max_travel_minutes != max_travel_minutes:
        site.max_travel_minutes = max_travel_minutes
        site.full_clean()
        site.save(update_fields=["max_travel_minutes"])
    return row


@transaction.atomic
def child_weekdays_update(
    *, referral: Referral, by: User, weekdays: Iterable[int]
) -> ChildMatchingProfile:
    """The weekdays the child can be picked up (at least one)."""
    valid = frozenset(Weekday.values)
    days = sorted({int(d) for d in weekdays if int(d) in valid})
    if not days:
        raise ValidationError({"weekdays": _("Choose at least one weekday.")})
    profile, _created = ChildMatchingProfile.objects.get_or_create(referral=referral)
    profile.weekdays = days
    profile.updated_at = timezone.now()
    profile.updated_by = by
    profile.save()
    return profile


def suggestion_run(*, site: Site, by: User) -> SuggestionRun:
    """Compute the site-wide suggestion now, in this process (the demo and benchmarks).

    Staff ask through ``suggestion_request``, which leaves the work to a task worker.
    """
    run = SuggestionRun.objects.create(site=site, created_by=by)
    computed = suggestion_compute(run_id=run.pk)
    assert computed is not None  # noqa: S101 (the run was just made, open)
    return computed


def suggestion_compute(*, run_id: int) -> SuggestionRun | None:
    """Compute a requested site-wide suggestion and keep it for staff to work through.

    Run by the task worker. A run already finished (a task delivered twice, or run
    again after its worker died) is left alone: ``None``. A failure is recorded on
    the run, so staff see it and may ask again, and raised for the worker's log.
    """
    started = SuggestionRun.objects.filter(pk=run_id, status__in=OPEN_RUN_STATUSES).update(
        status=SuggestionRunStatus.RUNNING, started_at=timezone.now()
    )
    if not started:
        return None
    run = SuggestionRun.objects.select_related("site").get(pk=run_id)
    try:
        found = engine.suggest(run.site)
    except Exception:
        SuggestionRun.objects.filter(pk=run_id).update(
            status=SuggestionRunStatus.FAILED, finished_at=timezone.now()
        )
        logger.exception("The site-wide suggestion for site %s failed", run.site_id)
        raise
    children, families = found.children, found.families
    optimal = found.optimal.family_of()
    greedy = found.greedy.family_of()
    optimal_score = dict(
        zip(found.optimal.rows.tolist(), found.optimal.scores.tolist(), strict=True)
    )
    greedy_score = dict(zip(found.greedy.rows.tolist(), found.greedy.scores.tolist(), strict=True))
    run.rows = [
        [
            int(children.referral_ids[i]),
            int(families.ids[optimal[i]]) if i in optimal else None,
            round(optimal_score[i], 1) if i in optimal else None,
            int(families.ids[greedy[i]]) if i in greedy else None,
            round(greedy_score[i], 1) if i in greedy else None,
        ]
        for i in range(len(children))
        if i in optimal or i in greedy
    ]
    run.children, run.families = len(children), len(families)
    run.optimal_pairs, run.optimal_total = len(found.optimal), found.optimal.total
    run.greedy_pairs, run.greedy_total = len(found.greedy), found.greedy.total
    run.seconds = round(found.seconds, 2)
    run.status, run.finished_at = SuggestionRunStatus.DONE, timezone.now()
    run.save()
    return run


def _addresses_in_use() -> dict[str, tuple[str, str]]:
    """Every address matching reads: waiting children's homes and schools, families'."""
    wanted: dict[str, tuple[str, str]] = {}
    children = Child.objects.filter(
        referrals__status=ReferralStatus.READY_FOR_MATCHING
    ).values_list(
        "family__street_address",
        "family__postal_code__code",
        "school_address",
        "school_postal_code__code",
    )
    for street, code, school, school_code in children:
        wanted[geo.address_key(street, code)] = (street, code)
        if school and school_code:
            wanted[geo.address_key(school, school_code)] = (school, school_code)
    for street, code in VolunteerFamily.objects.filter(
        status__in=("approved", "matched")
    ).values_list("street_address", "postal_code__code"):
        wanted[geo.address_key(street, code)] = (street, code)
    wanted.pop("", None)
    return wanted


def geocode_addresses_refresh(*, batch: int = GEOCODE_BATCH) -> dict[str, int]:
    """Look up addresses not yet geocoded (precise geocoders only) and drop unused points."""
    geocoder = geo.get_geocoder()
    wanted = _addresses_in_use()
    pruned, _rows = GeocodedAddress.objects.exclude(key__in=list(wanted)).delete()
    if not geocoder.precise:
        return {"geocoded": 0, "not_found": 0, "failed": 0, "pruned": pruned}
    known = set(GeocodedAddress.objects.values_list("key", flat=True))
    done = not_found = failed = 0
    for key, (street, code) in list(wanted.items()):
        if key in known:
            continue
        if done + not_found + failed >= batch:
            break
        try:
            point = geocoder.geocode(street_address=street, postal_code=code)
        except geo.GeocodingError as error:
            failed += 1
            logger.warning("Geocoding failed for an address in %s: %s", code, error)
            continue
        if point is None:
            not_found += 1
            continue
        GeocodedAddress.objects.update_or_create(
            key=key,
            defaults={
                "latitude": point.latitude,
                "longitude": point.longitude,
                "geocoder": type(geocoder).__name__,
                "geocoded_at": timezone.now(),
            },
        )
        done += 1
    return {"geocoded": done, "not_found": not_found, "failed": failed, "pruned": pruned}
