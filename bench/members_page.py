"""The customer page of a member with 5 years of history (2,000 ledger entries), served in
process (no HTTP server, so the figure is the page's own work): p50 over 40 requests and
the SQL statements one request runs, with the slowest of them.

    python bench/members_page.py [--db sqlite|postgresql|both] [--n 40]
"""

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient
from harness import fresh_sqlite, postgres_database, prepare_database
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).parent))
from members_sale import _history  # noqa: E402

from aftersales.app import create_app  # noqa: E402
from aftersales.settings import Settings  # noqa: E402


def _login(web: TestClient) -> None:
    page = web.get("/login").text
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    web.post(
        "/login", data={"username": "floor_supervisor", "password": "demo", "csrf_token": csrf}
    )


def run(db: str, url: str, n: int) -> None:
    prepare_database(url)
    customer_id = _history(url)
    app = create_app(Settings(database_url=url, secret_key="bench-secret", env="test"))
    with TestClient(app) as web:
        _login(web)
        path = f"/customers/{customer_id}"
        for _ in range(5):  # warm the caches and the plans
            assert web.get(path).status_code == 200
        times = []
        for _ in range(n):
            began = time.perf_counter()
            assert web.get(path).status_code == 200
            times.append((time.perf_counter() - began) * 1000)
        statements: Counter[str] = Counter()
        slow: dict[str, float] = {}
        captured: list[tuple[str, object]] = []
        engine = app.state.engine

        def before(conn, cursor, sql, params, context, many):  # noqa: ANN001, ANN202
            conn.info["t"] = time.perf_counter()

        def after(conn, cursor, sql, params, context, many):  # noqa: ANN001, ANN202
            took = (time.perf_counter() - conn.info["t"]) * 1000
            key = " ".join(sql.split())[:110]
            statements[key] += 1
            slow[key] = slow.get(key, 0) + took
            if sql.lstrip().upper().startswith("SELECT"):
                captured.append((sql, params))

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        web.get(path)
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    print(
        f"[{db}] customer page p50 {statistics.median(times):.1f} ms, "
        f"p95 {sorted(times)[int(n * 0.95) - 1]:.1f} ms, {sum(statements.values())} statements",
        flush=True,
    )
    for key, took in sorted(slow.items(), key=lambda kv: -kv[1])[:20]:
        print(f"   {took:6.2f} ms x{statements[key]}  {key}")
    if db == "postgresql":
        _explain(engine, captured)


def _explain(engine, captured) -> None:  # noqa: ANN001
    """The server's own time for each SELECT the page ran (EXPLAIN ANALYZE), slowest first."""
    rows = []
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        with raw.cursor() as cur:
            for sql, params in captured:
                cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                plan = cur.fetchone()[0][0]
                rows.append((plan["Execution Time"], " ".join(sql.split())[:90]))
    print(f"   server time of the SELECTs: {sum(r[0] for r in rows):.2f} ms")
    for took, key in sorted(rows, reverse=True)[:5]:
        print(f"   {took:6.2f} ms  {key}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="postgresql")
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args()
    if args.db in ("sqlite", "both"):
        run("sqlite", fresh_sqlite("members_page"), args.n)
    if args.db in ("postgresql", "both"):
        with postgres_database("bench_members_page") as url:
            run("postgresql", url, args.n)
