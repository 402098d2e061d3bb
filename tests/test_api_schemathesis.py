"""schemathesis against the API, in process (WSGI), as a documenter on a small seeded archive:
no call answers 500, and every answer (status, content type, body) is what /api/openapi.json
says. Each call gets a bounded number of valid and of invalid requests, so this stays within a
minute or two.

Each operation is driven through its Hypothesis strategy (`as_strategy`), one subtest each:
schemathesis's own `from_fixture` parametrizing does not run on pytest 9 (it sets a node
attribute pytest no longer has).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from app import create_app

from .api_helpers import bearer, make_token

EXAMPLES_PER_CALL = 6
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance,
    response_schema_conformance, negative_data_rejection,
]  # fmt: skip


@pytest.fixture
def seeded_app(tmp_path):
    """The app on its demo content: two sources, entries of each category, linked."""
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "fuzz"})


@pytest.mark.slow
def test_every_answer_matches_the_document_and_none_is_a_500(seeded_app, subtests):
    headers = bearer(make_token(seeded_app, "documenter", name="schemathesis"))
    document = schemathesis.openapi.from_wsgi("/api/openapi.json", seeded_app)
    operations = [result.ok() for result in document.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            with subtests.test(msg=f"{operation.label} ({mode.value})"):
                run(operation.as_strategy(generation_mode=mode), headers)


def run(cases, headers: dict[str, str]) -> None:
    """Send each case and check its answer against the document."""

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_CALL, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def check(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()
