"""The people of a Monday morning, for Locust (run by scripts/loadtest.sh).

A realistic mix on the national dataset, each person signed in by
``prepare.py`` (the JSON file named by ``LOAD_PEOPLE``):

- staff at a desk: home, my tasks, intake, a child, the matching list, a
  friendship, the logbook screening queue; after each page, the menu's counts
  (``core:nav_counts``), which the browser asks for once the page is shown;
- volunteer families on phones: the portal, a friendship, a logbook entry
  written and sent;
- parents on phones: the portal and a visit cancelled;
- caseworkers: their referrals and a new referral sent;
- integrations through the API with a bearer key.

Forms are filled from the page as a browser would: the hidden fields and
defaults as served, the first choice where one must be made, a few words in
required text fields. A form that comes back with errors (200 instead of the
redirect) counts as a failure, so the load test also proves the writes work.

``LOAD_THINK`` sets the pause between a person's steps in seconds (default
1–3 s, as people read; 0 for the saturation run).
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from html import unescape
from html.parser import HTMLParser
from typing import Any, ClassVar
from urllib.parse import quote_plus

from locust import FastHttpUser, between, constant, events, task
from locust.env import Environment
from requests.cookies import create_cookie

from benchmarks.load.mix import WEIGHTS, menu_counts_url, people_needed

PEOPLE: dict[str, list[dict[str, Any]]] = json.loads(
    open(os.environ["LOAD_PEOPLE"], encoding="utf-8").read()  # noqa: PTH123, SIM115
)
THINK = os.environ.get("LOAD_THINK")
WAIT = constant(float(THINK)) if THINK is not None else between(1, 3)
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)
# Each Locust user takes a person of its own (``on_start``): two users sharing a person would
# race each other (the same visit called off twice) and fail where real people would not.
_UNUSED = {role: list(people) for role, people in PEOPLE.items()}


@events.init.add_listener
def _refuse_too_few_people(environment: Environment, **_kwargs: Any) -> None:
    """Stop before the run when ``-u`` asks for more users than people were prepared."""
    users = environment.parsed_options.num_users if environment.parsed_options else None
    short = [
        f"{len(_UNUSED.get(role, []))} {role} of {n}"
        for role, n in people_needed(users or 1).items()
        if len(_UNUSED.get(role, [])) < n
    ]
    if short:
        sys.exit(
            f"{os.environ['LOAD_PEOPLE']} has too few people for {users} users, each with a "
            f"person of their own: {', '.join(short)} (prepare.py --users {users})."
        )


class _Forms(HTMLParser):
    """The POST forms of a page: action and the values a browser would send as served."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": {}, "choices": {}}
            self.forms.append(self._form)
        if self._form is None or ("name" not in a and tag != "option"):
            return
        fields, choices = self._form["fields"], self._form["choices"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"radio", "checkbox"}:
                value = a.get("value", "on")
                choices.setdefault(a["name"], (kind, "required" in a, []))[2].append(value)
                if "checked" in a:
                    fields.setdefault(a["name"], []).append(value)
                return
            fields[a["name"]] = [a.get("value", "")]
            if "required" in a and not a.get("value"):
                fields[a["name"]] = [_typed(kind, a["name"])]
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ["Belastningstest" if "required" in a else ""]
        elif tag == "select":
            self._select = a["name"]
            choices[a["name"]] = ("select", "required" in a, [])
        elif tag == "option" and self._select:
            value = a.get("value", "")
            choices[self._select][2].append(value)
            if "selected" in a:
                fields[self._select] = [value]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea and data.strip():
            self._form["fields"][self._textarea] = [data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _said(html: str) -> str:
    """The form's error messages on a rejected page, for the failure report."""
    found = re.findall(
        r'class="form-error-message"[^>]*>(?:<span class="sr-only">.*?</span>)?(.*?)</span>',
        html,
        re.DOTALL,
    )
    found += re.findall(r'class="alert alert-error[^"]*"[^>]*>(.*?)</div>', html, re.DOTALL)
    said = "; ".join(unescape(re.sub(r"<[^>]+>|\s+", " ", m)).strip() for m in found)
    return f" ({said})" if said else ""


def _typed(kind: str, name: str) -> str:
    """A plausible value for an empty required input."""
    return {
        "date": "2017-05-01" if "birth" in name else "2026-12-14",
        "time": "16:00",
        "email": f"belastning-{random.randrange(10**6)}@example.org",
        "tel": "20304050",
        "number": "1",
        "url": "https://example.org/",
    }.get(kind, "Belastningstest")


def form_data(html: str, action: str, overrides: dict[str, str]) -> dict[str, list[str]] | None:
    """The data a person sends with the page's POST form to ``action`` (a form without an
    action posts to its own page, ``action`` then), or None when the page has none."""
    parser = _Forms()
    parser.feed(html)
    form = next((f for f in parser.forms if f["action"] in {"", action}), None)
    if form is None:
        return None
    data: dict[str, list[str]] = {k: list(v) for k, v in form["fields"].items()}
    for name, (kind, required, values) in form["choices"].items():
        # A required select still on its "Vælg …" placeholder (selected, empty) is chosen as
        # a person would (the site, where a municipality has several).
        if any(data.get(name, [])) or not (required or kind == "radio"):
            continue
        offered = [v for v in values if v]
        if offered:
            data[name] = [offered[0]]
    data.update({k: [v] for k, v in overrides.items()})
    return data


class Person(FastHttpUser):
    """One signed-in person: a session cookie from ``prepare.py`` and what they open."""

    abstract = True
    role: ClassVar[str]
    wait_time = WAIT
    phone = False

    def on_start(self) -> None:
        self.me = _UNUSED[self.role].pop(0)
        if "cookie" in self.me:
            self.client.cookiejar.set_cookie(
                create_cookie("sessionid", self.me["cookie"], domain="127.0.0.1")
            )
        self.headers = {"User-Agent": PHONE} if self.phone else {}

    def page(self, url: str, name: str) -> str:
        """GET a page; then, as the browser's ``app.js`` does, the menu's counts if it asks."""
        with self.client.get(url, name=name, headers=self.headers, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return ""
            html = r.text or ""
        counts = menu_counts_url(html)
        if counts:
            self.menu_counts(counts)
        return html

    def menu_counts(self, url: str) -> None:
        """The menu's badges, fetched after the page is shown (JSON ``{"counts": {...}}``)."""
        headers = {**self.headers, "Accept": "application/json"}
        name = f"{self.role}: menu counts"
        with self.client.get(url, name=name, headers=headers, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return
            try:
                counts = r.json().get("counts")
            except (ValueError, AttributeError):
                counts = None
            if not isinstance(counts, dict):
                r.failure("the answer holds no counts")

    def submit(
        self, url: str, action: str, name: str, *, optional: bool = False, **overrides: str
    ) -> None:
        """Open the form at ``url``, send it, and expect the redirect of a saved form.

        ``optional``: the page may rightly show no form (nothing left to write about).
        """
        html = self.page(url, name)
        if not html:
            return
        data = form_data(html, action, overrides)
        if data is None:
            if not optional:
                self.environment.events.request.fire(
                    request_type="POST",
                    name=f"{name} (sent)",
                    response_time=0,
                    response_length=0,
                    exception=AssertionError(f"no form to {action} on {url}"),
                )
            return
        body = "&".join(
            f"{quote_plus(k)}={quote_plus(v)}" for k, values in data.items() for v in values
        )
        headers = {
            **self.headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{self.host}{url}",
        }
        with self.client.post(
            action,
            data=body,
            headers=headers,
            name=f"{name} (sent)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code not in {302, 303}:
                r.failure(f"HTTP {r.status_code}: the form was not accepted{_said(r.text or '')}")


class Staff(Person):
    """Staff at a desk, in a site's daily work."""

    role = "staff"
    weight = WEIGHTS["staff"]

    @task(3)
    def home(self) -> None:
        self.page("/", "staff: home")

    @task(3)
    def my_tasks(self) -> None:
        self.page("/opgaver/", "staff: my tasks")

    @task(2)
    def intake(self) -> None:
        self.page("/henvisninger/modtagelse/", "staff: intake")

    @task(2)
    def child(self) -> None:
        child = random.choice(self.me["children"])
        self.page(f"/henvisninger/barn/{child}/", "staff: a child")

    @task(1)
    def matching(self) -> None:
        self.page("/matchning/", "staff: matching")

    @task(2)
    def friendship(self) -> None:
        friendship = random.choice(self.me["friendships"])
        self.page(f"/venskaber/{friendship}/", "staff: a friendship")

    @task(1)
    def screening(self) -> None:
        self.page("/venskaber/logbog/", "staff: logbook screening")


class Volunteer(Person):
    """An adult of a volunteer family on a phone."""

    role = "volunteer"
    weight = WEIGHTS["volunteer"]
    phone = True

    @task(3)
    def portal(self) -> None:
        self.page("/venskaber/mine/", "volunteer: portal")

    @task(3)
    def friendship(self) -> None:
        self.page(f"/venskaber/mine/{self.me['friendship']}/", "volunteer: the friendship")

    @task(1)
    def logbook(self) -> None:
        url = f"/venskaber/mine/{self.me['friendship']}/logbog/"
        # Once every visit has its entry the page rightly offers no form.
        self.submit(
            url,
            url,
            "volunteer: logbook entry",
            optional=True,
            text="Vi bagte boller og spillede fodbold i parken.",
            overnight_stay="no",
        )


class Parent(Person):
    """A parent on a phone: the portal, and now and then a visit called off."""

    role = "parent"
    weight = WEIGHTS["parent"]
    phone = True

    @task(4)
    def portal(self) -> None:
        self.page(f"/venskaber/mine/{self.me['friendship']}/", "parent: the friendship")

    @task(1)
    def cancel_a_visit(self) -> None:
        html = self.page(f"/venskaber/mine/{self.me['friendship']}/", "parent: the friendship")
        cancel = re.search(r'href="(/venskaber/besoeg/\d+/aflys/[^"]*)"', html)
        if cancel:
            url = unescape(cancel.group(1))
            self.submit(url, url, "parent: cancel a visit")


class Caseworker(Person):
    """A municipal caseworker: their referrals, and a new one now and then."""

    role = "caseworker"
    weight = WEIGHTS["caseworker"]

    @task(4)
    def mine(self) -> None:
        self.page("/henvisninger/mine/", "caseworker: my referrals")

    @task(1)
    def refer(self) -> None:
        self.submit(
            "/henvisninger/ny/",
            "/henvisninger/ny/",
            "caseworker: new referral",
            postal_code="8000",
            school_postal_code="8000",
        )


class Integration(Person):
    """A municipality's system reading the API with a bearer key."""

    role = "api"
    weight = WEIGHTS["api"]

    def on_start(self) -> None:
        super().on_start()
        self.headers = {"Authorization": f"Bearer {self.me['token']}"}

    @task
    def referrals(self) -> None:
        self.page("/api/referrals", "api: referrals")

    @task
    def my_tasks(self) -> None:
        self.page("/api/tasks/mine", "api: my tasks")

    @task
    def visits(self) -> None:
        self.page("/api/friendships/visits", "api: visits")
