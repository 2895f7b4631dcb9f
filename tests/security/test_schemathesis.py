"""Schemathesis over the app's OpenAPI document, as an administrator and as a counter clerk:
generated calls to every operation answer without a server error and without a timeout.

Bounded in time so the suite stays short: a few examples per operation and a budget per
persona (AFTERSALES_FUZZ_SECONDS, AFTERSALES_FUZZ_EXAMPLES raise them for a longer run).
Runs on SQLite against the shared demo database of the session; what it writes stays there
like any other API test's rows.
"""

import os
import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from tests.conftest import token_for

BUDGET = float(os.environ.get("AFTERSALES_FUZZ_SECONDS", "45"))
EXAMPLES = int(os.environ.get("AFTERSALES_FUZZ_EXAMPLES", "12"))
SLOW = 10.0  # seconds: a call slower than this counts as a timeout


def _operations(app: Any) -> list[Any]:  # noqa: ANN401
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(operation: Any, headers: dict[str, str], until: float, failures: list[str]) -> int:  # noqa: ANN401
    """Generated calls to one operation until its examples or its time run out."""
    calls = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:  # noqa: ANN401
        nonlocal calls
        if time.monotonic() > until:
            return
        started = time.monotonic()
        try:  # the test client raises what the app did not handle: a server error
            status: int | str = case.call(headers=headers).status_code
        except Exception as exc:  # noqa: BLE001
            status = f"500 ({type(exc).__name__}: {exc})"
        took = time.monotonic() - started
        calls += 1
        if not isinstance(status, int) or status >= 500 or took > SLOW:
            failures.append(
                f"{case.method} {case.formatted_path} -> {status} "
                f"in {took:.1f}s: query={case.query} body={str(case.body)[:200]}"
            )

    run()
    return calls


@pytest.mark.parametrize("username", ["admin", "staff"])
def test_generated_calls_answer_without_server_errors_or_timeouts(sqlite_client, username):
    headers = token_for(sqlite_client, username)
    operations = _operations(sqlite_client.app)
    assert len(operations) > 50
    stop = time.monotonic() + BUDGET
    per_operation = BUDGET / len(operations)
    failures: list[str] = []
    calls = 0
    for operation in operations:
        # The token door itself (and its throttle) is called without a token.
        here = {} if operation.path.startswith("/api/v1/auth/") else headers
        until = min(stop, time.monotonic() + per_operation)
        calls += _fuzz(operation, here, until, failures)
    assert calls > len(operations)  # every operation was called
    assert failures == [], "\n".join(sorted(set(failures)))
