"""Personal calendar feeds (iCalendar) of upcoming visits, for volunteers and parents.

The feed lives at a secret URL that any calendar app can subscribe to
without signing in; it holds only the child's first name, the times and the
pickup place's name — nothing sensitive.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from icalendar import Calendar, Event

from hjemtilos.accounts.models import User
from hjemtilos.core.access import page_rule
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.models import CalendarFeed, Visit
from hjemtilos.friendships.services.feeds import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_used,
)
from hjemtilos.friendships.services.visits import DEFAULT_PICKUP
from hjemtilos.privacy.audit import audit_read

#: Length of a visit when the agreement has no drop-off time.
DEFAULT_LENGTH = timedelta(hours=4)


@page_rule(policies.is_portal_user)
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make, replace or stop the user's calendar feed."""
    feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(user=request.user)
            messages.success(request, _("The calendar link is stopped."))
            return redirect("friendships:calendar_settings")
        token = calendar_feed_create(user=request.user)
        feed_url = request.build_absolute_uri(reverse("friendships:calendar_feed", args=[token]))
    user: User = request.user
    active = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    return render(
        request,
        "friendships/calendar_settings.html",
        {"active": active, "feed_url": feed_url},
    )


def _event(visit: Visit) -> Event:
    starts = timezone.make_aware(datetime.combine(visit.date, visit.pickup_time or DEFAULT_PICKUP))
    ends = (
        timezone.make_aware(datetime.combine(visit.date, visit.dropoff_time))
        if visit.dropoff_time and visit.dropoff_time > (visit.pickup_time or DEFAULT_PICKUP)
        else starts + DEFAULT_LENGTH
    )
    event = Event()
    event.add("uid", f"visit-{visit.pk}@hjemtilos")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", _("Hjem til Os: %(child)s") % {"child": visit.friendship.child.first_name})
    if visit.friendship.pickup_place:
        event.add("location", visit.friendship.pickup_place)
    return event


@login_not_required
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = (
        CalendarFeed.objects.filter(token_hash=CalendarFeed.hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active or not policies.is_portal_user(feed.user):
        raise Http404
    with translation.override(feed.user.preferred_language or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Hjem til Os//visits//DA")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", _("Hjem til Os visits"))
        visits = selectors.feed_visits(user=feed.user)
        for visit in visits:
            calendar.add_component(_event(visit))
        calendar.add_missing_timezones()
    calendar_feed_used(feed=feed)
    # The link stands in for the feed owner's login: the read is theirs.
    audit_read(request, {visit.friendship for visit in visits}, actor=feed.user)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hjemtilos.ics"'
    return response
