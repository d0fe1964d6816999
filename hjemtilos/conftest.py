"""Shared test fixtures: a site and one named person per role.

People (healthchecks-style): ``staff`` works at ``site`` (København), ``caseworker``
works for København, ``other_caseworker`` for Aarhus, plus ``advisory``,
``volunteer``, ``parent``, ``evaluator``, ``administrator`` and
``other_staff`` (staff at another site). ``login`` signs a person in, passing
the second factor for roles that need it, as a real TOTP login would.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from playwright.sync_api import sync_playwright

from hjemtilos.accounts.models import AuthenticatorDevice, Role, User
from hjemtilos.accounts.sessions import LAST_SEEN, SECOND_FACTOR_AT, STARTED
from hjemtilos.core.browser import CHROMIUM_ARGS, chromium_path
from hjemtilos.core.dates import years_before
from hjemtilos.demo.builders import build_friendship, build_referral, build_volunteer_family
from hjemtilos.friendships.models import Friendship
from hjemtilos.organisations.models import Municipality, Site, SiteMembership
from hjemtilos.organisations.reference_data import ensure_reference_data
from hjemtilos.referrals.models import ReferralStatus
from hjemtilos.safeguarding.models import Concern, ConcernSource, Severity
from hjemtilos.safeguarding.services import concern_raise

PASSWORD = "korrekt-hest-batteri-42"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fake-day",
        metavar="YYYY-MM-DDTHH:MM",
        help="Run the tests as if it were this Copenhagen time (the clock ticks on from there), "
        "to find tests and rules that fail on some days only: 29 February, New Year, DST. "
        "The browser keeps its own clock, and worker processes the tests start keep the real one.",
    )


def pytest_configure(config: pytest.Config) -> None:
    when = config.getoption("--fake-day")
    if when:
        start = datetime.fromisoformat(when).replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
        traveller = time_machine.travel(start, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


#: What staff write down from the phone call in ``phone_concern``; the access matrix looks
#: for "uro derhjemme" on every page, and the safeguarding tests for the whole text.
CONCERN_OBSERVED = "Barnet fortalte om uro derhjemme."


@pytest.fixture
def reference_data(db) -> None:
    """Municipalities and postal codes; reloaded if a transactional test flushed them."""
    ensure_reference_data()


@pytest.fixture
def kobenhavn(reference_data) -> Municipality:
    return Municipality.objects.get(code=101)


@pytest.fixture
def aarhus(reference_data) -> Municipality:
    return Municipality.objects.get(code=751)


@pytest.fixture
def site(kobenhavn) -> Site:
    return Site.objects.create(name="Hjem til Os København", municipality=kobenhavn)


@pytest.fixture
def other_site(aarhus) -> Site:
    return Site.objects.create(name="Hjem til Os Aarhus", municipality=aarhus)


def years_ago(years: int, days: int = 0) -> date:
    """The date of birth of someone who turned ``years`` today, ``days`` earlier still."""
    return years_before(timezone.localdate(), years) - timedelta(days=days)


def make_user(role: Role, email: str, first_name: str, **extra) -> User:
    return User.objects.create_user(
        email=email, password=PASSWORD, first_name=first_name, last_name="Test", role=role, **extra
    )


def invite_caseworker(client: Client, *, remote_addr: str = "127.0.0.1", **fields: Any) -> Any:
    """Post the invitation page's form for a new caseworker, as staff fill it in."""
    return client.post(
        reverse("accounts:invite"),
        {
            "email": "ny.raadgiver@example.org",
            "first_name": "Ny",
            "last_name": "Rådgiver",
            "role": "caseworker",
            "preferred_language": "da",
            **fields,
        },
        REMOTE_ADDR=remote_addr,
    )


@pytest.fixture
def staff(site) -> User:
    user = make_user(Role.STAFF, "staff@example.org", "Sofie")
    SiteMembership.objects.create(site=site, user=user, is_lead=True)
    return user


@pytest.fixture
def other_staff(other_site) -> User:
    user = make_user(Role.STAFF, "other-staff@example.org", "Otto")
    SiteMembership.objects.create(site=other_site, user=user)
    return user


@pytest.fixture
def advisory(db) -> User:
    return make_user(Role.ADVISORY, "advisory@example.org", "Anna")


@pytest.fixture
def caseworker(kobenhavn) -> User:
    return make_user(Role.CASEWORKER, "caseworker@example.org", "Carl", municipality=kobenhavn)


@pytest.fixture
def other_caseworker(aarhus) -> User:
    return make_user(Role.CASEWORKER, "other-caseworker@example.org", "Clara", municipality=aarhus)


@pytest.fixture
def volunteer(db) -> User:
    return make_user(Role.VOLUNTEER, "volunteer@example.org", "Viggo")


@pytest.fixture
def parent(db) -> User:
    return make_user(Role.PARENT, "parent@example.org", "Pia")


@pytest.fixture
def evaluator(db) -> User:
    return make_user(Role.EVALUATOR, "evaluator@example.org", "Eva")


@pytest.fixture
def administrator(db) -> User:
    return make_user(Role.ADMINISTRATOR, "admin@example.org", "Adam", is_staff=True)


def confirmed_device(user: User) -> AuthenticatorDevice:
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()
    return device or AuthenticatorDevice.objects.create(user=user, name="test", confirmed=True)


@pytest.fixture
def login(db) -> Callable[..., Client]:
    """``login(user)`` returns a client signed in as ``user``.

    For roles that need a second factor the session is marked as verified
    with a confirmed TOTP device, unless ``verified=False``, and the code
    counts as just typed (sensitive actions ask again once it is older than
    ``SECOND_FACTOR_FRESH_MINUTES``), unless ``fresh=False``.
    """

    def _login(
        user: User, *, verified: bool = True, fresh: bool = True, client: Client | None = None
    ) -> Client:
        client = client or Client()
        client.force_login(user)
        session = client.session
        # As after a first request: the session limits need not write the
        # session on the next one (page tests count their queries).
        session[STARTED] = session[LAST_SEEN] = timezone.now().timestamp()
        if user.needs_second_factor and verified:
            session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
            if fresh:
                session[SECOND_FACTOR_AT] = timezone.now().timestamp()
        session.save()
        return client

    return _login


@pytest.fixture
def people(
    staff,
    other_staff,
    advisory,
    caseworker,
    other_caseworker,
    volunteer,
    parent,
    evaluator,
    administrator,
) -> dict[str, User]:
    """Every named person, by name, for tests that walk all roles."""
    return {
        "staff": staff,
        "other_staff": other_staff,
        "advisory": advisory,
        "caseworker": caseworker,
        "other_caseworker": other_caseworker,
        "volunteer": volunteer,
        "parent": parent,
        "evaluator": evaluator,
        "administrator": administrator,
    }


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by the browser tests of one test process."""
    # Playwright's sync API runs an event loop in this thread; the test's own
    # database calls are still synchronous, so Django's async guard is lifted.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(**context_options)`` opens another browser page with its own cookies (a
    second person, a phone's viewport) and ``page.base`` = the live server URL."""
    contexts = []

    def _new_page(**options: Any) -> Any:
        context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.base = live_server.url
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A fresh browser page (own cookies) with ``page.base`` = the live server URL."""
    return new_page()


@pytest.fixture
def referral(site, caseworker, staff):
    """A child at ``site`` referred by ``caseworker``, ready for matching."""
    return build_referral(
        site=site, caseworker=caseworker, status=ReferralStatus.READY_FOR_MATCHING, by=staff
    )


@pytest.fixture
def other_referral(other_site, other_caseworker):
    """A child at ``other_site``, referred by ``other_caseworker``."""
    return build_referral(
        site=other_site, caseworker=other_caseworker, first_name="Noah", last_name="Berg"
    )


@pytest.fixture
def volunteer_family(site, staff):
    return build_volunteer_family(site=site, by=staff)


@pytest.fixture
def other_volunteer_family(other_site):
    return build_volunteer_family(site=other_site, name="Familien Holm")


@pytest.fixture
def friendship(referral, volunteer_family, volunteer):
    """A running friendship at ``site`` with ten weeks of visits and logbook entries."""
    return build_friendship(
        referral=referral,
        family=volunteer_family,
        started_on=timezone.localdate() - timedelta(weeks=10),
        written_by=volunteer,
    )


def build_friendships(*, site: Site, caseworker: User, count: int, weeks_in: int) -> None:
    """``count`` more running friendships at ``site``, ``weeks_in`` weeks into their year
    (for the tests that show a list page costs the same with few and many)."""
    first = Friendship.objects.filter(site=site).count()
    for number in range(first, first + count):
        build_friendship(
            referral=build_referral(site=site, caseworker=caseworker, first_name=f"B{number}"),
            family=build_volunteer_family(site=site, name=f"Familien {number}"),
            started_on=timezone.localdate() - timedelta(weeks=weeks_in),
        )


def phone_concern(
    friendship: Friendship, *, by: User, severity: int = Severity.MODERATE
) -> Concern:
    """A concern about the friendship's child that staff register from a phone call today
    (``CONCERN_OBSERVED``); the advisory queue's tests give it another ``severity``."""
    return concern_raise(
        friendship=friendship,
        by=by,
        source=ConcernSource.PHONE,
        observed=CONCERN_OBSERVED,
        observed_on=timezone.localdate(),
        observed_by="Mette (venskabsmor)",
        severity=severity,
    )


def totp_code(device: AuthenticatorDevice) -> str:
    """The code an authenticator app would show for ``device`` now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def browser_login() -> Callable[..., None]:
    """``browser_login(page, user)`` signs ``user`` in through the real login pages.

    Staff, advisory and administrators type the current TOTP code of a
    confirmed device, as they would from their authenticator app.
    """

    def _login(page, user: User) -> None:
        page.goto(page.base + "/konto/log-ind/")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        if user.needs_second_factor:
            code = totp_code(confirmed_device(user))
            page.get_by_label("Kode fra din godkendelses-app").fill(code)
            page.get_by_role("button", name="Fortsæt").click()
        page.wait_for_url(page.base + "/")

    return _login


def browser_signed_out(page) -> None:
    """Leave the current page and drop the browser's cookies: nobody is signed in.

    The page goes to about:blank first: a request it still has in flight (the
    menu counts) would otherwise answer after the cookies are gone with the old
    session's Set-Cookie and sign that person in again.
    """
    page.goto("about:blank")
    page.context.clear_cookies()


@pytest.fixture
def browser_session(login) -> Callable[..., None]:
    """``browser_session(page, user, language="da")`` gives the browser a signed-in session.

    For tests about what comes after signing in (the login pages themselves
    are covered with ``browser_login``): the session is made as ``login``
    makes it (second factor passed) and replaces the browser's cookies.
    """

    def _session(page, user: User, *, language: str = "da") -> None:
        client = login(user)
        browser_signed_out(page)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": page.base,
                },
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base},
            ]
        )

    return _session
