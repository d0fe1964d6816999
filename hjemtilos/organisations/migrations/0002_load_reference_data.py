"""Load the 98 municipalities and 1,089 postal districts (GeoNames, CC BY 4.0)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Municipality = apps.get_model("organisations", "Municipality")
    PostalCode = apps.get_model("organisations", "PostalCode")
    with (DATA / "dk_municipalities.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Municipality.objects.update_or_create(
                code=int(row["code"]), defaults={"name": row["name"], "region": row["region"]}
            )
    by_code = {m.code: m.pk for m in Municipality.objects.all()}
    with (DATA / "dk_postal_codes.csv").open(encoding="utf-8") as f:
        rows = [
            PostalCode(
                code=row["postal_code"],
                name=row["name"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                municipality_id=by_code[int(row["municipality_code"])],
            )
            for row in csv.DictReader(f)
        ]
    PostalCode.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
