"""One business calendar on both decision doors: a holiday the admin enters extends a 三包
period that ends on it, through the API as through the CLI."""

import json

import pytest
from typer.testing import CliRunner

from aftersales.policy_cli import policy_app
from aftersales.settings import get_settings
from tests.conftest import token_for

# Sold on Monday 2031-03-03: the 7-day return window ends on Monday 2031-03-10.
FAULT = {
    "category": "appliance",
    "sold_on": "2031-03-03",
    "requested_on": "2031-03-11",
    "paid": "500.00",
    "evidence": ["receipt"],
    "problem": "performance_fault",
}


def _allowed(decision: dict) -> list[str]:
    return [a["remedy"] for a in decision["allowed"]]


def _cli(url: str, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("AFTERSALES_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(policy_app, ["decide", "-"], input=json.dumps(FAULT))
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def holiday_on_the_last_day(sqlite_client):
    admin = token_for(sqlite_client, "admin")
    day = "/api/v1/calendar-days/2031-03-10"
    assert (
        sqlite_client.put(day, json={"kind": "holiday", "note": "test"}, headers=admin).status_code
        == 200
    )
    yield
    assert sqlite_client.delete(day, headers=admin).status_code == 204


def test_without_the_holiday_the_window_has_closed(sqlite_client, sqlite_url, monkeypatch):
    staff = token_for(sqlite_client, "staff")
    answer = sqlite_client.post("/api/v1/policy/decide", json=FAULT, headers=staff).json()
    assert "return" not in _allowed(answer)
    assert "return" not in _allowed(_cli(sqlite_url, monkeypatch))


def test_the_admins_holiday_extends_the_window_on_both_doors(
    sqlite_client, sqlite_url, monkeypatch, holiday_on_the_last_day
):
    staff = token_for(sqlite_client, "staff")
    answer = sqlite_client.post("/api/v1/policy/decide", json=FAULT, headers=staff).json()
    assert "return" in _allowed(answer)
    assert _cli(sqlite_url, monkeypatch) == answer
