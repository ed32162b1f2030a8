"""schemathesis against the live server: generated requests, every answer in the description."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Enough to reach odd input (null characters, long strings, unknown enums, huge numbers)
# while keeping `make test` short: this many generated requests per endpoint.
EXAMPLES_PER_ENDPOINT = 60
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema(live_site):
    """Return the description the live server serves at /api/openapi.json."""
    return schemathesis.openapi.from_url(f"{live_site}/api/openapi.json")


# schemathesis' own pytest integration (from_fixture) does not run on pytest 9: the
# strategies are driven by hypothesis here instead, one test per endpoint.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path", ["/api/search/", "/api/suggest/"])
def test_generated_requests_get_described_answers_and_never_500(api_schema, live_site, path, mode):
    """Valid parameters (positive) and invalid ones (negative): 200 or 400 as described."""

    @given(case=api_schema[path]["GET"].as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_ENDPOINT,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answer_is_described(case):
        case.call_and_validate(base_url=live_site, checks=CHECKS, timeout=30)

    answer_is_described()
