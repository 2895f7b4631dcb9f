"""Settings that the domains read instead of the environment: the reports' replica, the
host of customer links, and which discipline steps assign a retraining."""

import pytest
from pydantic import ValidationError

from aftersales.feedback.surveys import tasks
from aftersales.settings import Settings, get_settings
from aftersales.staff import discipline

SECRET = "x" * 40


def test_defaults_and_values_from_the_environment(monkeypatch):
    s = Settings(secret_key=SECRET)
    assert (s.reports_database_url, s.public_url) == ("", "http://127.0.0.1:8000")
    assert s.retrain_steps == {"warning", "penalty"}
    monkeypatch.setenv("AFTERSALES_PUBLIC_URL", "https://service.example.cn/")
    monkeypatch.setenv("AFTERSALES_RETRAIN_ON", "penalty, dismissal_proposed")
    monkeypatch.setenv("AFTERSALES_REPORTS_DATABASE_URL", "postgresql+psycopg://r@replica/db")
    s = Settings(secret_key=SECRET)
    assert s.public_url == "https://service.example.cn"
    assert s.retrain_steps == {"penalty", "dismissal_proposed"}
    assert s.reports_database_url == "postgresql+psycopg://r@replica/db"
    assert Settings(secret_key=SECRET, retrain_on="").retrain_steps == frozenset()


@pytest.mark.parametrize(
    ("field", "value"), [("retrain_on", "warning,fine"), ("public_url", "service.example.cn")]
)
def test_a_mistyped_value_is_refused_at_start(field, value):
    with pytest.raises(ValidationError, match=field.upper() if field == "public_url" else "fine"):
        Settings(secret_key=SECRET, **{field: value})


def test_discipline_reads_the_retraining_steps_from_settings(monkeypatch):
    monkeypatch.setenv("AFTERSALES_RETRAIN_ON", "penalty")
    get_settings.cache_clear()
    try:
        assert discipline.retrain_on() == {"penalty"}
    finally:
        monkeypatch.delenv("AFTERSALES_RETRAIN_ON")
        get_settings.cache_clear()
    assert discipline.retrain_on() == {"warning", "penalty"}


def test_the_worker_sends_survey_links_on_the_configured_host(monkeypatch, factory):
    seen = []
    monkeypatch.setattr(
        tasks, "invite_batch", lambda session, *, now, base_url: seen.append(base_url) or 0
    )
    tasks.invite_closed(factory, Settings(secret_key=SECRET, public_url="https://a.example.cn"))
    assert seen == ["https://a.example.cn"]
