"""Loading the municipalities and postal districts shipped in ``data/``.

Used by the data migration (with historical models) and by tests whose
transactional database flush removed the rows.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from hjemtilos.organisations.models import Municipality, PostalCode

DATA = Path(__file__).resolve().parent / "data"


def load_reference_data(municipality_model: Any, postal_code_model: Any) -> None:
    """Insert or update the 98 municipalities and 1,089 postal codes."""
    with (DATA / "dk_municipalities.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            municipality_model.objects.update_or_create(
                code=int(row["code"]), defaults={"name": row["name"], "region": row["region"]}
            )
    by_code = dict(municipality_model.objects.values_list("code", "pk"))
    with (DATA / "dk_postal_codes.csv").open(encoding="utf-8") as f:
        rows = [
            postal_code_model(
                code=row["postal_code"],
                name=row["name"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                municipality_id=by_code[int(row["municipality_code"])],
            )
            for row in csv.DictReader(f)
        ]
    postal_code_model.objects.bulk_create(rows, ignore_conflicts=True)


def ensure_reference_data() -> None:
    """Load the reference data if the tables are empty (after a test flush)."""
    if not PostalCode.objects.exists():
        load_reference_data(Municipality, PostalCode)
