"""Statistics at scale (not a timed test): the time of the statistics page's figures for
a month and for a year, warm, over a data set from reports_load.py; the same through HTTP
(the page and the API doors) on a started server; the monthly xlsx and PDF.

    .venv/bin/python bench/reports_load.py sqlite:///bench/out/reports.db -n 100000
    .venv/bin/python bench/reports_bench.py sqlite:///bench/out/reports.db --summaries
    .venv/bin/python bench/reports_bench.py sqlite:///bench/out/reports.db --live --no-http

--summaries first sums up every month over (what the worker does, a few months per pass);
--live measures the raw queries alone, as if no month were summed up.
"""

import argparse
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import server  # noqa: E402
from bench.reports_load import NOW  # noqa: E402

from aftersales.auth.models import User  # noqa: E402
from aftersales.auth.principal import Principal  # noqa: E402
from aftersales.db import (  # noqa: E402
    make_engine,
    make_session_factory,
    transaction,
)
from aftersales.supervision.reports import (  # noqa: E402
    pdf,
    places,
    stats,
    summary,
    summary_build,
    xlsx,
)
from aftersales.supervision.reports.overview import build_overview  # noqa: E402
from aftersales.supervision.reports.period import make_period  # noqa: E402

TZ = "Asia/Shanghai"
MONTH = make_period(date(2026, 11, 1), date(2026, 11, 30), TZ)
YEAR = make_period(date(2025, 12, 1), date(2026, 11, 30), TZ)


def pcts(samples: list[tuple[float, float]]) -> str:
    """Wall time p50/p99 and this process's CPU time p50 (on a busy shared machine the wall
    time waits for a core; for SQLite, which runs in the process, CPU time is the work)."""
    ms = sorted(w * 1000 for w, _ in samples)
    cpu = statistics.median(c * 1000 for _, c in samples)
    p99 = ms[max(0, int(len(ms) * 0.99 + 0.5) - 1)]
    return (
        f"p50 {statistics.median(ms):7.1f} ms  p99 {p99:7.1f} ms  cpu {cpu:7.1f} ms  (n={len(ms)})"
    )


def timed(fn, runs: int) -> list[tuple[float, float]]:  # noqa: ANN001
    fn()  # warm: plans, catalogue caches, page cache
    out = []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - t, time.process_time() - c))
    return out


def in_process(url: str, runs: int, users: tuple[str, ...]) -> None:
    factory = make_session_factory(make_engine(url))
    with factory() as s:
        for username in users:
            user = Principal.of(s.scalars(select(User).where(User.username == username)).one())
            scope = places.resolve(s, user)
            for name, period in (("month", MONTH), ("year", YEAR)):
                page = timed(
                    lambda p=period, u=user, sc=scope: build_overview(
                        s, user=u, period=p, scope=sc, now=NOW, lang="zh"
                    ),
                    runs,
                )
                door = timed(
                    lambda p=period, u=user, sc=scope: stats.complaint_figures(
                        s, user=u, period=p, scope=sc, by="counter", now=NOW, lang="zh"
                    ),
                    runs,
                )
                print(f"  {username:16} {name:5} whole page figures: {pcts(page)}")
                print(f"  {username:16} {name:5} one door (by=counter): {pcts(door)}")
        user = Principal.of(s.scalars(select(User).where(User.username == "dept_manager")).one())
        report = build_overview(
            s, user=user, period=MONTH, scope=places.resolve(s, user), now=NOW, lang="zh"
        ) | {"month": "2026-11"}
        t = time.perf_counter()
        xlsx.workbook_bytes(report, title="bench")
        t1 = time.perf_counter()
        pdf.pdf_bytes(report, title="bench")
        print(f"  monthly xlsx {t1 - t:.2f} s, pdf {time.perf_counter() - t1:.2f} s")


def _login(client: httpx.Client, base: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"{base}/login").text)
    client.post(
        f"{base}/login",
        data={
            "username": "dept_manager",
            "password": "demo",
            "csrf_token": token.group(1) if token else "",
        },
    )


def over_http(url: str, runs: int) -> None:
    with server(url, workers=1) as (base, _pid), httpx.Client(timeout=60) as client:
        _login(client, base)
        for name, query in (
            ("month", "period=range&from=2026-11-01&to=2026-11-30"),
            ("year", "period=range&from=2025-12-01&to=2026-11-30"),
        ):
            page = timed(lambda q=query: client.get(f"{base}/reports?{q}").raise_for_status(), runs)
            api = query.replace("period=range&", "")
            door = timed(
                lambda q=api: client.get(
                    f"{base}/api/v1/reports/complaints?{q}&by=counter"
                ).raise_for_status(),
                runs,
            )
            print(f"  HTTP {name:5} /reports page:            {pcts(page)}")
            print(f"  HTTP {name:5} /api/v1/reports/complaints: {pcts(door)}")
        t = time.perf_counter()
        client.get(f"{base}/api/v1/reports/monthly/2026-11.xlsx").raise_for_status()
        t1 = time.perf_counter()
        client.get(f"{base}/api/v1/reports/monthly/2026-11.pdf").raise_for_status()
        print(f"  HTTP monthly .xlsx {t1 - t:.2f} s, .pdf {time.perf_counter() - t1:.2f} s")


def build_summaries(url: str) -> None:
    factory = make_session_factory(make_engine(url))
    t, months = time.perf_counter(), 0
    while True:
        with transaction(factory) as s:
            built = summary_build.refresh(s, tz=TZ, now=NOW, lag=timedelta(0), limit=6)
        months += len(built)
        if not built:
            break
    print(f"  summed up {months} months in {time.perf_counter() - t:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--summaries", action="store_true", help="sum up the months first")
    parser.add_argument("--live", action="store_true", help="ignore the summary rows")
    parser.add_argument("--users", default="dept_manager,floor_supervisor")
    args = parser.parse_args()
    print(args.url.split("://")[0])
    if args.summaries:
        build_summaries(args.url)
    if args.live:
        summary.usable_months = lambda *a, **k: []  # type: ignore[assignment]
    in_process(args.url, args.runs, tuple(args.users.split(",")))
    if not args.no_http:
        over_http(args.url, args.runs)


if __name__ == "__main__":
    main()
