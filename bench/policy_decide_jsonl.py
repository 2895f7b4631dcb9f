"""`aftersales policy decide --jsonl`: where the time goes, and decisions/s on one core and
on every core (--workers).

First the costs per request, measured in this process over the same requests: reading a
line (orjson.loads), checking it (parse_request), deciding (decide), wording the answer
(decision_to_dict) and writing it (orjson.dumps). Then the command end to end, on a file
of N requests, with --workers 1 and --workers 0 (one process per core).

    .venv/bin/python bench/policy_decide_jsonl.py [N]        # default 100,000
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("AFTERSALES_SECRET_KEY", "bench-secret-for-decide-only-0123456789")
# No database: the library's calendar and the shipped files (the command's own fallback).
os.environ.setdefault("AFTERSALES_DATABASE_URL", "sqlite:////nonexistent/bench-decide.db")

from policy_decide import SEED, make_request  # noqa: E402

from aftersales.deadlines import default_calendar  # noqa: E402
from aftersales.policy import active_policy_set, decide, decision_to_dict, parse_request  # noqa: E402
from aftersales.policy.calendar import RememberingCalendar  # noqa: E402


def stages(lines: list[bytes]) -> dict[str, float]:
    """Microseconds per request of each stage (the decide pass runs twice: the first
    warms the engine's plan caches, the second is what a long batch sees)."""
    policy_set, calendar = active_policy_set(), RememberingCalendar(default_calendar())
    n = len(lines)
    t0 = time.perf_counter()
    data = [orjson.loads(line) for line in lines]
    t1 = time.perf_counter()
    requests = [parse_request(d) for d in data]
    t2 = time.perf_counter()
    decisions = [decide(r, policy_set=policy_set, calendar=calendar) for r in requests]
    t3 = time.perf_counter()
    decisions = [decide(r, policy_set=policy_set, calendar=calendar) for r in requests]
    t4 = time.perf_counter()
    answers = [decision_to_dict(d, "zh") for d in decisions]
    t5 = time.perf_counter()
    b"\n".join(orjson.dumps(a) for a in answers)
    t6 = time.perf_counter()
    us = 1e6 / n
    return {
        "read (orjson.loads)": (t1 - t0) * us,
        "check (parse_request)": (t2 - t1) * us,
        "decide, first pass": (t3 - t2) * us,
        "decide, warm": (t4 - t3) * us,
        "word (decision_to_dict)": (t5 - t4) * us,
        "write (orjson.dumps)": (t6 - t5) * us,
    }


def end_to_end(path: Path, count: int, workers: int) -> float:
    command = [
        sys.executable,
        "-m",
        "aftersales.policy_cli",
        "decide",
        "--jsonl",
        str(path),
        "--workers",
        str(workers),
    ]
    began = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run(command, stdout=sink, check=True)
    return count / (time.perf_counter() - began)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(SEED)
    lines = [orjson.dumps(make_request(rng)) for _ in range(count)]
    sample = lines[: min(count, 20_000)]
    costs = stages(sample)
    for name, micro in costs.items():
        print(f"{name:26} {micro:7.1f} µs/request")
    warm = sum(v for k, v in costs.items() if k != "decide, first pass")
    print(f"{'one core, warm, in total':26} {warm:7.1f} µs/request = {1e6 / warm:,.0f}/s")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "requests.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        cores = os.cpu_count() or 1
        for workers in (1, 0):
            rate = end_to_end(path, count, workers)
            label = "1 process" if workers == 1 else f"--workers 0 ({cores} cores)"
            print(f"end to end, {count:,} requests, {label}: {rate:,.0f} decisions/s")


if __name__ == "__main__":
    main()
