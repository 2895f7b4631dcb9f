"""Replay of a policy draft over stored claims: how long it takes.

Builds a SQLite file (migrations, a small demo store, then N claims whose stored requests
are the mixed requests of bench/policy_decide.py, loaded with executemany in one
transaction), then replays two drafts over every claim of the last 12 months:

- "footwear": rubber shoes' periods at three months (the demo draft): only footwear
  claims are decided again, the other categories decide alike under both sets;
- "set-wide": discounted prices rounded to the jiao instead of the yuan (price_unit), a
  set-wide rule, so every claim is decided again under both sets (the worst case: nothing
  can be skipped).

Each once in this process and once on every core (worker processes).

    .venv/bin/python bench/policy_replay.py [--claims N] [--keep FILE]   # default 100,000
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("AFTERSALES_SECRET_KEY", "bench-secret-for-the-replay-only-0123456789")

from policy_decide import make_request  # noqa: E402

from aftersales import migrate  # noqa: E402
from aftersales.db import make_engine, make_session_factory, transaction, utcnow  # noqa: E402
from aftersales.demo import load_demo  # noqa: E402

SEED = 20261202
# A stored decision of typical size: the replay never reads it, the file carries it.
DECISION = orjson.dumps(
    {
        lang: {
            "outcome": "granted",
            "allowed": [{"remedy": "exchange", "amount": None, "clause": "x", "basis": "y" * 60}],
            "refused": [{"remedy": "return", "clause": "z", "reason": "r" * 80}],
            "notes": ["n" * 80],
        }
        for lang in ("zh", "en")
    }
).decode()
_COLUMNS = (
    "proof, store_id, counter_id, sku, item_name, category, problem, requested_on, "
    "remedy_asked, policy_request, decision, policy_version, outcome, status, overridden, "
    "opened_at, due_at, version"
)


def load_claims(path: Path, count: int, *, now: datetime, batch: int = 50_000) -> float:
    """Add `count` claims opened over the last year to the SQLite file; answer seconds."""
    rng = random.Random(SEED)
    began = time.perf_counter()
    db = sqlite3.connect(path)
    store_id, counter_id = db.execute("SELECT store_id, id FROM counter ORDER BY id").fetchone()
    db.execute("PRAGMA synchronous=OFF")
    db.execute("BEGIN")
    sql = f"INSERT INTO claim ({_COLUMNS}) VALUES ({', '.join('?' * 18)})"
    naive_now = now.astimezone(UTC).replace(tzinfo=None)
    for start in range(0, count, batch):
        rows = []
        for _ in range(min(batch, count - start)):
            request = make_request(rng)
            if rng.random() < 0.4:  # any day of the first four months, not only the edges
                sold = datetime.fromisoformat(request["sold_on"])
                day = sold + timedelta(days=rng.randrange(1, 120))
                request["requested_on"] = day.date().isoformat()
                if day < sold + timedelta(days=12):  # its repairs would come after the request
                    request.pop("repairs", None)
            if rng.random() < 0.5:
                request["remedy"] = rng.choice(["return", "exchange", "repair"])
            opened = naive_now - timedelta(seconds=rng.randrange(360 * 86400))
            rows.append(
                (
                    "receipt",
                    store_id,
                    counter_id,
                    "SKU-1",
                    "商品",
                    request["category"],
                    request["problem"],
                    request["requested_on"],
                    request.get("remedy"),
                    orjson.dumps(request).decode(),
                    DECISION,
                    "2026-11-01",
                    "granted",
                    "open",
                    0,
                    opened.isoformat(sep=" "),
                    (opened + timedelta(days=7)).isoformat(sep=" "),
                    1,
                )
            )
        db.executemany(sql, rows)
    db.execute("COMMIT")
    db.close()
    return time.perf_counter() - began


def prepare(path: Path, claims: int) -> tuple[str, float]:
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        load_demo(
            session, password="demo", now=utcnow(), receipts=20, customers=10, with_complaints=False
        )
    engine.dispose()
    return url, load_claims(path, claims, now=utcnow())


def drafts(url: str) -> dict[str, int]:
    """The two drafts, saved by the demo administrator; name -> id."""
    from sqlalchemy import select

    from aftersales.auth.models import Role, User
    from aftersales.auth.principal import Principal
    from aftersales.policysets import service
    from aftersales.policysets.demo import demo_draft_files

    engine = make_engine(url)
    made = {}
    with transaction(make_session_factory(engine)) as session:
        admin = Principal.of(session.scalars(select(User).where(User.role == Role.admin)).first())
        active = service.active_row(session)
        footwear = demo_draft_files(active.files)
        made["footwear"] = service.save_draft(
            session, files=footwear, note="rubber 3 months", actor=admin
        ).id
        wide = dict(active.files)
        wide["policyset.toml"], found = re.subn(
            r'^price_unit = "1"', 'price_unit = "0.1"', wide["policyset.toml"], flags=re.M
        )
        assert found, "policyset.toml has no price_unit line to change"
        made["set-wide"] = service.save_draft(
            session, files=wide, note="discounted prices to the jiao", actor=admin
        ).id
    engine.dispose()
    return made


def replay(url: str, draft_id: int, workers: int) -> dict[str, object]:
    from aftersales.policysets import service

    engine = make_engine(url)
    began = time.perf_counter()
    with transaction(make_session_factory(engine)) as session:
        row = service.run_replay(
            session, draft_id=draft_id, months=12, actor=None, now=utcnow(), workers=workers
        )
        figures = {
            "claims": row.claims_read,
            "decided": row.claims_decided,
            "changed": row.claims_changed,
            "moved": str(row.money_after - row.money_before),
            "workers": row.workers,
        }
    figures["seconds"] = round(time.perf_counter() - began, 2)
    engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the file here and keep it")
    parser.add_argument("--only", choices=["footwear", "set-wide"], help="one draft only")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "replay.db"
        if path.exists():
            url = f"sqlite:///{path}"
            print(f"using {path}")
        else:
            url, seconds = prepare(path, args.claims)
            print(
                f"loaded {args.claims:,} claims in {seconds:.1f} s "
                f"({args.claims / seconds:,.0f}/s); file {path.stat().st_size / 2**20:.0f} MiB"
            )
        for name, draft_id in drafts(url).items():
            if args.only and name != args.only:
                continue
            for workers in sorted({1, cores}):
                figures = replay(url, draft_id, workers)
                rate = figures["decided"] / figures["seconds"]  # type: ignore[operator]
                print(f"{name:9} workers={workers}: {figures}  ({rate:,.0f} claims decided/s)")


if __name__ == "__main__":
    main()
