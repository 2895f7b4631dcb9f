"""Across processes (SQLite file): a replay in worker processes answers what one process
answers, and a version activated by another process is the one this process decides by
at its next transaction."""

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from aftersales import migrate
from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.demo import load_demo
from aftersales.policysets import replay, service

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    sys.path.insert(0, str(BENCH))
    from policy_replay import load_claims

    path = Path(tmp_path_factory.mktemp("replay")) / "replay.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        load_demo(
            session, password="demo", now=utcnow(), receipts=20, customers=10, with_complaints=False
        )
    engine.dispose()
    load_claims(path, 3000, now=utcnow())
    return url


def _admin(session) -> Principal:
    return Principal.of(session.scalars(select(User).where(User.username == "admin")).one())


def test_worker_processes_answer_what_one_process_answers(url, monkeypatch):
    monkeypatch.setattr(replay, "RANGE", 500)  # several ranges for two workers
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        files = service.active_row(session).files
        wide = files | {
            "policyset.toml": files["policyset.toml"].replace(
                'price_unit = "1"', 'price_unit = "0.1"'
            )
        }
        draft = service.save_draft(session, files=wide, note="jiao", actor=_admin(session)).id
    runs = {}
    for workers in (1, 2):
        with transaction(factory) as session:
            row = service.run_replay(
                session, draft_id=draft, months=12, actor=None, now=utcnow(), workers=workers
            )
            runs[workers] = row
    one, two = runs[1], runs[2]
    assert two.workers == 2 and one.workers == 1
    assert one.claims_decided == two.claims_decided >= 3000
    assert one.claims_changed == two.claims_changed > 0
    assert (one.money_before, one.money_after) == (two.money_before, two.money_after)
    assert one.changes == two.changes
    engine.dispose()


def test_a_version_activated_in_another_process_decides_here_at_once(url):
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session:
        before = service.active_set(session)  # this process now holds its copy
        admin_id = _admin(session).id
        from aftersales.policysets.demo import demo_draft_files

        files = demo_draft_files(service.active_row(session).files)
    with transaction(factory) as session:
        draft = service.save_draft(session, files=files, note="rubber", actor=_admin(session)).id
    script = (
        "from aftersales.db import make_engine, make_session_factory, transaction\n"
        "from aftersales.auth.models import User\n"
        "from aftersales.auth.principal import Principal\n"
        "from aftersales.policysets import service\n"
        f"f = make_session_factory(make_engine({url!r}))\n"
        "with transaction(f) as s:\n"
        f"    service.activate(s, version_id={draft}, actor=Principal.of(s.get(User, {admin_id})))\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    with factory() as session:
        now_active = service.active_set(session)
    assert before.id != draft and now_active.id == draft
    assert now_active.policy_set is not before.policy_set
    engine.dispose()


def _env(url: str) -> dict[str, str]:
    import os

    return os.environ | {
        "AFTERSALES_DATABASE_URL": url,
        "AFTERSALES_SECRET_KEY": "a-test-secret-that-is-long-enough-to-pass-every-check",
    }


def test_the_replay_command_prints_totals_and_changes(url):
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        files = service.active_row(session).files
        wide = files | {
            "policyset.toml": files["policyset.toml"].replace(
                'price_unit = "1"', 'price_unit = "0.1"'
            )
        }
        draft = service.save_draft(session, files=wide, note="jiao", actor=_admin(session)).id
    engine.dispose()
    command = [sys.executable, "-m", "aftersales.policy_cli", "replay", "--draft", str(draft)]
    done = subprocess.run(
        [*command, "--months", "12", "--workers", "1", "--show", "3"],
        env=_env(url),
        capture_output=True,
        text=True,
        check=True,
    )
    head, *changes = done.stdout.strip().splitlines()
    assert "decided differently" in head and len(changes) == 3
    assert all(line.strip().startswith("claim ") for line in changes)
    missing = subprocess.run(
        [*command[:-1], "999999", "--months", "12"], env=_env(url), capture_output=True, text=True
    )
    assert missing.returncode == 2 and "draft" in missing.stderr


def test_decide_jsonl_in_worker_processes_answers_line_for_line(tmp_path):
    sys.path.insert(0, str(BENCH))
    import random

    import orjson
    from policy_decide import make_request

    rng = random.Random(7)
    lines = [orjson.dumps(make_request(rng)) for _ in range(3000)]
    lines[1234] = b'{"category": "footwear"}'  # malformed: named, the others still decided
    path = tmp_path / "requests.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n\n")
    url = f"sqlite:///{tmp_path / 'none' / 'no.db'}"  # no database: shipped files
    answers = {}
    for workers in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "aftersales.policy_cli", "decide", "--jsonl", str(path)]
            + ["--workers", workers],
            env=_env(url),
            capture_output=True,
        )
        assert done.returncode == 2 and b"line 1235" in done.stderr
        answers[workers] = done.stdout
    assert answers["1"] == answers["2"]
    out = answers["2"].splitlines()
    assert len(out) == 3000 and b'"error"' in out[1234]
