"""The privacy app's scheduled job: anonymising what has passed its retention period."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.core.scheduler import daily_job
from hjemtilos.privacy.retention import retention_anonymise


@daily_job("privacy.anonymise", at=time(1, 30))
@task()
def anonymise() -> dict[str, int]:
    """Anonymise every record past its period in the retention schedule (idempotent)."""
    return retention_anonymise()
