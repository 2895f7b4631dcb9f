"""Statistics at scale (not a timed test): the time of the statistics page's figures for
a month and for a year, warm, over a data set from reports_load.py; the same through HTTP
(the page and the API doors) on a started server; the monthly xlsx and PDF.

    .venv/bin/python bench/reports_load.py sqlite:///bench/out/reports.db -n 100000
    .venv/bin/python bench/reports_bench.py sqlite:///bench/out/reports.db
"""

import argparse
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import server  # noqa: E402
from bench.reports_load import NOW  # noqa: E402

from aftersales.auth.models import User  # noqa: E402
from aftersales.auth.principal import Principal  # noqa: E402
from aftersales.db import make_engine, make_session_factory  # noqa: E402
from aftersales.supervision.reports import pdf, places, stats, xlsx  # noqa: E402
from aftersales.supervision.reports.overview import build_overview  # noqa: E402
from aftersales.supervision.reports.period import make_period  # noqa: E402

TZ = "Asia/Shanghai"
MONTH = make_period(date(2026, 11, 1), date(2026, 11, 30), TZ)
YEAR = make_period(date(2025, 12, 1), date(2026, 11, 30), TZ)


def pcts(samples: list[float]) -> str:
    ms = sorted(x * 1000 for x in samples)
    p99 = ms[max(0, int(len(ms) * 0.99 + 0.5) - 1)]
    return f"p50 {statistics.median(ms):7.1f} ms  p99 {p99:7.1f} ms  (n={len(ms)})"


def timed(fn, runs: int) -> list[float]:  # noqa: ANN001
    fn()  # warm: plans, catalogue caches, page cache
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def in_process(url: str, runs: int) -> None:
    factory = make_session_factory(make_engine(url))
    with factory() as s:
        for username in ("dept_manager", "floor_supervisor"):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    print(args.url.split("://")[0])
    in_process(args.url, args.runs)
    if not args.no_http:
        over_http(args.url, args.runs)


if __name__ == "__main__":
    main()
