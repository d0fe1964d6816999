"""Compare Locust's figures with the load goals and write the report.

Run by scripts/loadtest.sh after the two Locust runs: ``--people`` (50
people at their own pace) and ``--saturation`` (a few people who never
pause, for the throughput the machine holds). Reads Locust's
``<prefix>_stats.csv`` files, checks ``[load]`` in benchmarks/goals.toml, and
writes a Markdown report with the date and the machine to
``benchmarks/results/``. Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

GOALS = Path(__file__).resolve().parent.parent / "goals.toml"
PERCENTILES = ("50%", "95%", "99%", "100%")


def read_stats(prefix: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Locust's rows per page, and its aggregated row."""
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    pages = [r for r in rows if r["Name"] != "Aggregated"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return pages, total


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; "
        f"load average at the end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--people", type=Path, required=True, help="CSV prefix of the 50-people run"
    )
    parser.add_argument("--saturation", type=Path, required=True, help="CSV prefix, saturation run")
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--setup", default="", help="a line on the system under test")
    options = parser.parse_args()
    goals = tomllib.loads(GOALS.read_text())["load"]

    pages, total = read_stats(options.people)
    _, saturated = read_stats(options.saturation)
    missed: list[str] = []
    lines = [
        f"# Load test, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}.",
        f"System: {options.setup}." if options.setup else "",
        "",
        f"## {goals['users']} people at their own pace (1–3 s between steps)",
        "",
        "| page | requests | failures | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in sorted(pages, key=lambda r: r["Name"]):
        p50, p95, p99, top = (float(row[p] or 0) for p in PERCENTILES)
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{p50:.0f} | {p95:.0f} | {p99:.0f} | {top:.0f} |"
        )
        if p95 > goals["p95_ms"]:
            missed.append(f"{row['Name']}: p95 {p95:.0f} ms > {goals['p95_ms']} ms")
        if top > goals["max_ms"]:
            missed.append(f"{row['Name']}: slowest {top:.0f} ms > {goals['max_ms']} ms")
    failures = int(total["Failure Count"])
    if failures > goals["failures"]:
        missed.append(f"{failures} failed requests (goal {goals['failures']})")
    throughput = float(saturated["Requests/s"])
    if throughput < goals["saturation_rps"]:
        missed.append(f"saturation {throughput:.1f} requests/s < {goals['saturation_rps']}")
    p50, p95, p99, top = (float(total[p] or 0) for p in PERCENTILES)
    lines += [
        f"| **all** | {total['Request Count']} | {failures} | {p50:.0f} | {p95:.0f} | "
        f"{p99:.0f} | {top:.0f} |",
        "",
        "## Saturation (people who never pause)",
        "",
        f"{float(saturated['Requests/s']):.1f} requests/s over {saturated['Request Count']} "
        f"requests, {saturated['Failure Count']} failed; p50 {float(saturated['50%']):.0f} ms, "
        f"p95 {float(saturated['95%']):.0f} ms.",
        "",
        "## Goals (benchmarks/goals.toml, [load])",
        "",
        f"p95 < {goals['p95_ms']} ms on every page, no request over {goals['max_ms']} ms, "
        f"{goals['failures']} failures, at least {goals['saturation_rps']} requests/s at "
        "saturation: " + ("**met**." if not missed else "**missed**:"),
        *[f"- {m}" for m in missed],
        "",
    ]
    options.report.parent.mkdir(parents=True, exist_ok=True)
    options.report.write_text("\n".join(lines))
    print("\n".join(lines))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
