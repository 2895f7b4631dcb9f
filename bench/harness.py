"""Start the server on loopback, drive it with wrk (a bounded closed loop), print figures.

wrk is a C client: on 2 cores a Python client tops out near the server's own speed, so the
figures would measure the client.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from tests.support.postgres import PostgresServer, free_port  # noqa: E402


def _env(url: str) -> dict[str, str]:
    return os.environ | {
        "AFTERSALES_DATABASE_URL": url,
        "AFTERSALES_SECRET_KEY": "bench-secret",
        "AFTERSALES_ENV": "bench",
    }


def prepare_database(url: str, *, demo: bool = True) -> None:
    subprocess.run(
        [BIN / "aftersales", "migrate"], env=_env(url), check=True, stdout=subprocess.DEVNULL
    )
    if demo:
        subprocess.run(
            [BIN / "aftersales", "demo"], env=_env(url), check=True, stdout=subprocess.DEVNULL
        )


def fresh_sqlite(name: str) -> str:
    folder = ROOT / "bench" / "out"
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (folder / f"{name}.db{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{folder / name}.db"


@contextmanager
def postgres_database(name: str):
    server = PostgresServer().start()
    try:
        yield server.create_database(name)
    finally:
        server.stop()


def _process_tree(pid: int) -> list[int]:
    """A process and its descendants (the server's workers)."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        tree.append(current)
        todo.extend(int(c) for c in children)
    return tree


def _rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (uvicorn's workers)."""
    total = 0
    for current in _process_tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(x for x in status.splitlines() if x.startswith("VmRSS")).split()[1])
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def cpu_seconds(pid: int) -> float:
    """User and system CPU a process and its live children have spent so far."""
    ticks = 0
    for current in _process_tree(pid):
        try:
            stat = Path(f"/proc/{current}/stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = stat.rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(url: str, workers: int = 2):
    port = free_port()
    proc = subprocess.Popen(
        [BIN / "aftersales", "serve", "--port", str(port), "--workers", str(workers)],
        env=_env(url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("server did not start")
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(15)


def token(base: str, username: str = "admin") -> str:
    answer = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": username, "password": "demo"}
    )
    answer.raise_for_status()
    return answer.json()["access_token"]


def wrk(
    base: str,
    path: str,
    *,
    script: str,
    env: dict[str, str],
    concurrency: int,
    seconds: int,
    pid: int,
) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    threads = min(concurrency, 2)
    cpu_before = cpu_seconds(pid)
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(concurrency),
            "-d",
            f"{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench" / script),
            f"{base}{path}",
        ],
        env=os.environ | env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("{"))
    figures = json.loads(line)
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    figures["server_rss_mb"] = round(_rss_kb(pid) / 1024, 1)
    spent = cpu_seconds(pid) - cpu_before
    figures["server_cpu_ms"] = round(spent * 1000 / max(figures["requests"], 1), 2)
    figures["concurrency"] = concurrency
    return figures


def post_load(
    base: str,
    pid: int,
    path: str,
    body: dict,
    *,
    concurrency: int,
    seconds: int,
    who: str = "admin",
) -> dict:
    env = {
        "BENCH_BODY": json.dumps(body, ensure_ascii=False),
        "BENCH_TOKEN": token(base, who),
        "BENCH_RUN": f"{time.time_ns()}",
    }
    return wrk(
        base, path, script="post.lua", env=env, concurrency=concurrency, seconds=seconds, pid=pid
    )


def show(title: str, figures: dict) -> None:
    print(
        f"{title:<48} c={figures['concurrency']:<3} {figures['rps']:>8} req/s  "
        f"p50 {figures['p50_ms']:>7} ms  p95 {figures['p95_ms']:>7} ms  "
        f"p99 {figures['p99_ms']:>7} ms  errors {figures['errors']}  "
        f"rss {figures['server_rss_mb']} MB",
        flush=True,
    )


def post_bench(title: str, path: str, body: dict, *, levels: tuple[int, ...] = (1, 8, 32)) -> None:
    """The command line of a POST benchmark: [--seconds N] [--db sqlite|postgresql|both]."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--db", default="both")
    args = parser.parse_args()

    def run(db: str, url: str) -> None:
        prepare_database(url)
        with server(url, workers=2) as (base, pid):
            for concurrency in levels:
                figures = post_load(
                    base, pid, path, body, concurrency=concurrency, seconds=args.seconds
                )
                show(f"POST {path} [{db}]", figures)

    if args.db in ("sqlite", "both"):
        run("sqlite", fresh_sqlite(title))
    if args.db in ("postgresql", "both"):
        with postgres_database(f"bench_{title}") as url:
            run("postgresql", url)
