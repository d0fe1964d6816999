"""A bounded schemathesis run over the whole JSON API, as staff, a caseworker and an evaluator.

Every operation in ``/api/openapi.json`` gets generated requests (valid and
invalid) with a staff member's, a caseworker's and an evaluator's API key (the
evaluator reads the reports with small numbers hidden), against a site with a
referral, a volunteer family and a running friendship. No answer may
be a 5xx, and every answer must match the schema: its status code listed,
its body the documented shape, its content type JSON. The number of
examples per operation is small and fixed (derandomised), so the run takes a
minute or two and repeats exactly.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CHECKS

from hjemtilos.api.services import api_token_create
from hjemtilos.wsgi import application

EXAMPLES_PER_OPERATION = 5
CHECKED = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


@pytest.fixture
def api_schema(db, friendship, staff, caseworker):
    # As Django's test client does: the requests go through the real WSGI
    # handler, which would otherwise close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def keys(staff, caseworker, evaluator) -> list[str]:
    return [api_token_create(user=user, name="Fuzz")[1] for user in (staff, caseworker, evaluator)]


def test_the_api_answers_every_generated_request_within_its_schema(api_schema, keys):
    checks = [check for check in CHECKS.get_all() if check.__name__ in CHECKED]
    failures: dict[str, str] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            for key in keys:
                case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=checks)

        try:
            run()
        except (Exception, BaseExceptionGroup) as failure:  # one report for all operations
            failures[operation.label] = str(failure)[:2000]
    assert failures == {}
