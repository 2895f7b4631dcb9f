"""Database work never runs on the event loop: async routes take no session (but the one
that hands its work to a thread itself), and a slip raises instead of freezing."""

import inspect

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from aftersales.auth.deps import get_db
from aftersales.loop_guard import DatabaseOnEventLoop, guard_running_loop
from tests.security.routes import api_routes

# Reads its body on the loop and runs the calendar query with run_in_threadpool.
OFFLOADS_ITSELF = {"aftersales.claims.policy_api.decide_policy"}


def _uses_db(dependant) -> bool:  # noqa: ANN001
    return any(d.call is get_db or _uses_db(d) for d in dependant.dependencies)


def test_no_async_route_takes_a_database_session(sqlite_client):
    offenders = sorted(
        f"{method} {path} {route.endpoint.__module__}.{route.endpoint.__qualname__}"
        for method, path, route in api_routes(sqlite_client.app.routes)
        if inspect.iscoroutinefunction(route.endpoint)
        and _uses_db(route.dependant)
        and f"{route.endpoint.__module__}.{route.endpoint.__qualname__}" not in OFFLOADS_ITSELF
    )
    assert offenders == []


def test_database_work_on_the_apps_loop_raises(sqlite_engine):
    app = FastAPI()

    @app.get("/on-the-loop")
    async def on_the_loop() -> dict[str, int]:
        guard_running_loop()
        with sqlite_engine.connect() as conn:
            return {"one": conn.execute(text("SELECT 1")).scalar_one()}

    @app.get("/in-a-thread")
    def in_a_thread() -> dict[str, int]:
        with sqlite_engine.connect() as conn:
            return {"one": conn.execute(text("SELECT 1")).scalar_one()}

    with TestClient(app) as client:
        with pytest.raises(DatabaseOnEventLoop):
            client.get("/on-the-loop")
        assert client.get("/in-a-thread").json() == {"one": 1}
