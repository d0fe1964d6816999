"""Time the staff pages on the national dataset and compare with benchmarks/goals.toml.

Run through scripts/benchmark.sh (or on a built dataset: ``benchmarks/run.py [name prefix…]``,
e.g. ``reports:`` for the reports only). Signs in as the lead of the first scale
site (second factor marked as passed, as after a real TOTP login) and
requests each page ``runs`` times, counting SQL statements. The reports are
also read by an evaluator, over every site of the dataset (the heaviest
case: all the national figures at once).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemtilos.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.sessions import signed_in  # noqa: E402
from hjemtilos.accounts.models import Role, User  # noqa: E402
from hjemtilos.core.runtime import tune_garbage_collection  # noqa: E402
from hjemtilos.demo.scale import SCALE_DOMAIN  # noqa: E402
from hjemtilos.friendships.models import Friendship  # noqa: E402
from hjemtilos.organisations.models import SiteMembership  # noqa: E402


def main() -> int:
    setup_test_environment()
    # As the WSGI workers serve pages (hjemtilos/wsgi.py).
    tune_garbage_collection()
    goals = tomllib.loads((Path(__file__).parent / "goals.toml").read_text())
    staff = User.objects.get(email=f"staff-0@{SCALE_DOMAIN}")
    site_id = SiteMembership.objects.filter(user=staff).values_list("site_id", flat=True)[0]
    friendship = Friendship.objects.filter(site_id=site_id).order_by("id").first()
    if friendship is None:
        print("No friendship at the benchmark site; generate the dataset first.")
        return 2
    evaluator, _ = User.objects.get_or_create(
        email=f"evaluator-bench@{SCALE_DOMAIN}",
        defaults={"role": Role.EVALUATOR, "first_name": "Eva", "last_name": "Benchmark"},
    )
    staff_client, evaluator_client = signed_in(staff), signed_in(evaluator)
    # The reports over the last two years; the status report on today.
    today = timezone.localdate()
    period = {"start": f"{today.year - 1}-01-01", "end": today.isoformat()}
    slugs = {
        "status": "status",
        "operations": "drift",
        "recruitment": "rekruttering",
        "outcomes": "udbytte",
    }
    reports = {
        f"reports:{name}": reverse("reports:report", args=[slug]) for name, slug in slugs.items()
    }
    urls = {
        **reports,
        **{f"{name} (evaluator)": url for name, url in reports.items()},
        "core:home": reverse("core:home"),
        "referrals:list": reverse("referrals:list"),
        "referrals:child": reverse("referrals:child", args=[friendship.child_id]),
        "volunteers:list": reverse("volunteers:list"),
        "friendships:list": reverse("friendships:list"),
        "friendships:detail": reverse("friendships:detail", args=[friendship.pk]),
        # The other staff pages of the load test's Monday morning.
        "followups:mine": reverse("followups:mine"),
        "referrals:intake": reverse("referrals:intake"),
        "friendships:screening": reverse("friendships:screening"),
        "matching:waiting": reverse("matching:waiting"),
    }
    failed = False
    print(f"{'page':<34}{'p50 ms':>8}{'p95 ms':>8}{'goal':>6}{'queries':>9}{'goal':>6}")
    # ``run.py reports:`` times only the pages whose name starts with "reports:".
    prefixes = tuple(sys.argv[1:]) or ("",)
    for name, goal in goals["pages"].items():
        if not name.startswith(prefixes):
            continue
        timings = []
        queries = 0
        client = evaluator_client if "(evaluator)" in name else staff_client
        data = period if name.startswith("reports:") else None
        # Once unmeasured, as a running server has served the page before: the first
        # request of a process compiles the page's templates (start-up, not the page).
        client.get(urls[name], data)
        for _ in range(goals["runs"]):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(urls[name], data)
                timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                print(f"{name}: HTTP {response.status_code}")
                return 2
            queries = len(captured)
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[18]
        ok = p95 <= goal["p95_ms"] and queries <= goal["queries"]
        failed |= not ok
        print(
            f"{name:<34}{p50:8.0f}{p95:8.0f}{goal['p95_ms']:6d}{queries:9d}{goal['queries']:6d}"
            f"  {'ok' if ok else 'MISSED'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
