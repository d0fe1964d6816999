"""Time the anonymisation job on the national dataset (issue 12: within 5 minutes).

Run through scripts/benchmark.sh (last: it anonymises the dataset) or against
DATABASE_URL with the dataset loaded (``generate_demo --scale``). The job runs
as if ``friendship_ended`` had just passed for every friendship that ended
in the dataset, with every other period passed from today as well. A year's
worth of endings nationally is about as many friendships as run at a time
(20,000: each lasts a year); the dataset has fewer ended ones, so the oldest
running friendships are first marked completed on their anniversary (a bulk
update, as a year of the scheduler's closing would leave them) until 20,000
have ended.
Then it runs again: the second pass must change nothing and is timed too.
Goal: ``[retention] anonymise_s`` in benchmarks/goals.toml.
"""

from __future__ import annotations

import os
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django

django.setup()

from dateutil.relativedelta import relativedelta  # noqa: E402
from django.db.models import F, Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from hjemtilos.friendships.models import Friendship, FriendshipStatus  # noqa: E402
from hjemtilos.privacy.models import RetentionPeriod, RetentionRule  # noqa: E402
from hjemtilos.privacy.retention import retention_anonymise  # noqa: E402

ENDED = (FriendshipStatus.COMPLETED, FriendshipStatus.ENDED_EARLY)
#: A year's worth of ended friendships on the national dataset (20,000 run at a time).
YEAR_OF_ENDINGS = 20_000


def main() -> int:
    goals = tomllib.loads((Path(__file__).parent / "goals.toml").read_text())["retention"]
    goal = float(goals["anonymise_s"])
    ended = Friendship.objects.filter(status__in=ENDED)
    missing = YEAR_OF_ENDINGS - ended.count()
    if missing > 0:
        oldest = Friendship.objects.filter(
            status=FriendshipStatus.RUNNING, anniversary_on__isnull=False
        ).order_by("anniversary_on", "id")
        ids = list(oldest.values_list("id", flat=True)[:missing])
        Friendship.objects.filter(id__in=ids).update(
            status=FriendshipStatus.COMPLETED, ended_on=F("anniversary_on")
        )
    last = ended.aggregate(last=Max("ended_on"))["last"]
    if last is None or ended.count() < 5_000:
        print("Fewer than 5,000 ended friendships: generate the dataset first.")
        return 2
    months = RetentionPeriod.objects.get(rule=RetentionRule.FRIENDSHIP_ENDED).months
    # The day after the last friendship's period ran out: every ended friendship is due.
    now = timezone.now().replace(year=last.year, month=last.month, day=last.day) + relativedelta(
        months=months, days=1
    )
    print(f"ended friendships due: {ended.count()}, as of {now:%Y-%m-%d}")
    start = time.perf_counter()
    first = retention_anonymise(now=now)
    first_s = time.perf_counter() - start
    for key, count in first.items():
        print(f"  {key:<44}{count:>10}")
    start = time.perf_counter()
    second = retention_anonymise(now=now)
    second_s = time.perf_counter() - start
    changed = {key: count for key, count in second.items() if not key.endswith("held back")}
    ok = first_s < goal and not changed
    print(
        f"\nfirst run {first_s:.1f} s (goal < {goal:.0f} s), second run {second_s:.1f} s, "
        f"changed again: {changed or 'nothing'}  {'ok' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
