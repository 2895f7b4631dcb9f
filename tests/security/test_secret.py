"""The signing secret: never the published placeholder, long in production, kept by make run."""

import stat
import subprocess

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from aftersales.cli import app as cli
from aftersales.settings import DEV_SECRET, Settings

LONG = "k" * 32


@pytest.mark.parametrize("env", ["development", "test", "production"])
def test_the_placeholder_secret_is_refused_everywhere(env):
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(secret_key=DEV_SECRET, env=env)


def test_a_short_secret_is_refused_in_production_only():
    with pytest.raises(ValidationError, match="32 bytes"):
        Settings(secret_key="k" * 31, env="production")

    assert Settings(secret_key=LONG, env="production").secret_key == LONG
    assert Settings(secret_key="short", env="development").secret_key == "short"


def test_no_secret_at_all_is_refused(tmp_path):
    with pytest.raises(ValidationError, match="make-secret"):
        Settings(secret_key="", secret_key_file=tmp_path / "missing")


def test_the_secret_file_is_used_when_no_secret_is_set(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("from-the-file-" + "x" * 40 + "\n")

    settings = Settings(secret_key="", secret_key_file=path, env="production")

    assert settings.secret_key == "from-the-file-" + "x" * 40


def test_make_secret_writes_a_private_random_secret_once(tmp_path):
    path = tmp_path / "var" / "secret_key"
    runner = CliRunner()

    first = runner.invoke(cli, ["make-secret", str(path)])
    written = path.read_text()
    second = runner.invoke(cli, ["make-secret", str(path)])

    assert first.exit_code == 0 and "new secret" in first.output
    assert second.exit_code == 0 and "keeping" in second.output
    assert path.read_text() == written
    assert len(written.strip().encode()) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    other = tmp_path / "other"
    runner.invoke(cli, ["make-secret", str(other)])
    assert other.read_text() != written
    assert Settings(secret_key="", secret_key_file=path, env="production").secret_key


def test_make_run_makes_the_secret_before_it_migrates_and_serves():
    plan = subprocess.run(
        ["make", "-n", "run"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    steps = [i for i, line in enumerate(plan) if "aftersales" in line.split(" ")[0]]
    commands = [plan[i].split()[1] for i in steps]

    assert commands[:2] == ["make-secret", "migrate"]
    assert commands[-1] == "serve"
    assert "var/secret_key" in plan[steps[0]]


def test_commands_refuse_a_bad_secret_with_a_message_not_a_traceback(monkeypatch):
    from aftersales.settings import get_settings

    monkeypatch.setenv("AFTERSALES_SECRET_KEY", DEV_SECRET)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["migrate"])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()

    assert result.exit_code == 2
    assert "placeholder" in result.output and "Traceback" not in result.output
