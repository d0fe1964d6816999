"""The API app's scheduled job: warning owners of API keys that expire soon."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.api import services
from hjemtilos.core.scheduler import daily_job


@daily_job("api.key_expiry_warnings", at=time(7, 0))
@task()
def key_expiry_warnings() -> int:
    """E-mail (or SMS) the owners of keys that expire within ``API_KEY_WARN_DAYS``."""
    return services.api_token_expiry_warnings_send()
