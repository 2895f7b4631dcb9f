"""Import 1,000,000 receipt lines from a POS CSV into a fresh database, then search by phone.

    python bench/import_sales.py [--lines 1000000] [--db sqlite|postgresql|both] [--search-seconds 20]

Prints lines/s, the CPU seconds and peak memory of the import process (`--search-seconds 0` stops there),
then drives GET /api/v1/receipts?phone=... with wrk against the
loaded database (requests/s, p50/p95/p99).
"""

import argparse
import os
import random
import subprocess
import time
from pathlib import Path

from harness import (
    BIN,
    ROOT,
    PostgresServer,
    _env,
    fresh_sqlite,
    prepare_database,
    server,
    token,
    wrk,
)

from aftersales.sales.importer import CSV_COLUMNS

OUT = ROOT / "bench" / "out"


def phone(n: int) -> str:
    return f"139{n:08d}"


def write_csv(lines: int, customers: int) -> Path:
    path = OUT / f"pos-{lines}.csv"
    if path.exists():
        return path
    rng = random.Random(7)
    counters = [f"S1-F{f}-C{c:02d}" for f in (1, 2, 3) for c in range(1, 9)]
    with path.open("w", encoding="utf-8") as fh:
        fh.write(",".join(CSV_COLUMNS) + "\n")
        n = 0
        receipt = 0
        while n < lines:
            receipt += 1
            counter = counters[receipt % len(counters)]
            day = 1 + receipt % 28
            who = phone(rng.randrange(customers))
            for _ in range(min(rng.choice((1, 1, 2, 3)), lines - n)):
                n += 1
                sku = f"SKU-{rng.randrange(5000)}"
                fh.write(
                    f"IMP-{receipt:08d},S1,{counter},2026-0{1 + receipt % 9}-{day:02d}T1"
                    f"{receipt % 10}:00:00+08:00,,顾客,{who},,{sku},商品{sku},apparel,1,"
                    f"299.00,269.00\n"
                )
    return path


def _server_cpu(data: Path | None) -> float:
    """CPU seconds of a PostgreSQL server: the postmaster and every backend it has reaped."""
    if data is None:
        return 0.0
    pid = (data / "postmaster.pid").read_text().split()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run(
    db: str, url: str, lines: int, seconds: int, customers: int, data: Path | None = None
) -> None:
    prepare_database(url)
    csv_path = write_csv(lines, customers)
    server_before = _server_cpu(data)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [BIN / "aftersales", "import", "sales", str(csv_path)],
        env=_env(url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)  # this process's own CPU time and peak memory
    took = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed: {status}")
    print(
        f"import {lines} lines [{db}]: {took:.1f} s, {lines / took:,.0f} lines/s, "
        f"CPU {usage.ru_utime + usage.ru_stime:.1f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MB"
        + (f", server CPU {_server_cpu(data) - server_before:.1f} s" if data else ""),
        flush=True,
    )
    if seconds <= 0:
        return
    paths = OUT / "phone-paths.txt"
    rng = random.Random(11)
    paths.write_text(
        "".join(
            f"/api/v1/receipts?phone={phone(rng.randrange(customers))}&limit=20\n"
            for _ in range(5000)
        )
    )
    with server(url, workers=2) as (base, pid):
        for concurrency in (1, 8):
            figures = wrk(
                base,
                "",
                script="get.lua",
                env={"BENCH_PATHS": str(paths), "BENCH_TOKEN": token(base)},
                concurrency=concurrency,
                seconds=seconds,
                pid=pid,
            )
            print(
                f"GET receipts by phone [{db}] c={concurrency}: {figures['rps']} req/s, "
                f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
                f"p99 {figures['p99_ms']} ms, errors {figures['errors']}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--db", default="both")
    parser.add_argument("--search-seconds", type=int, default=20)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.db in ("sqlite", "both"):
        run("sqlite", fresh_sqlite("import"), args.lines, args.search_seconds, args.customers)
    if args.db in ("postgresql", "both"):
        pg = PostgresServer().start()
        try:
            url = pg.create_database("bench_import")
            run("postgresql", url, args.lines, args.search_seconds, args.customers, pg.data)
        finally:
            pg.stop()


if __name__ == "__main__":
    main()
