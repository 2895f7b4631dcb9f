"""Throughput of `aftersales policy decide --jsonl` end to end.

Generates N mixed requests (fixed seed) into a temporary file, runs
`python -m aftersales.policy_cli decide --jsonl FILE > /dev/null` in a
child process and prints decisions/s and the child's peak RSS.

    .venv/bin/python bench/policy_decide.py [N]        # default 1,000,000
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import orjson

SEED = 20261101
START = date(2012, 1, 1)
SPAN_DAYS = 365 * 14  # sales from 2012 into 2025: both fraud laws, New Years, holidays

KINDS = [
    (
        "footwear",
        None,
        [
            "sole_broken",
            "glue_open",
            "size_fit",
            "crease",
            "heel_cap_off",
            "pair_mismatch",
            "stitch_broken",
        ],
    ),
    (
        "apparel",
        None,
        [
            "seam_open",
            "size_fit",
            "no_reason",
            "pilling",
            "fading",
            "price_mismatch",
            "button_lost",
            "zip_broken",
        ],
    ),
    ("knitwear", None, ["pilling", "dropped_stitch", "no_reason"]),
    (
        "appliance",
        ["color_tv", "refrigerator", "bicycle", "vcr", "microwave"],
        ["performance_fault", "appearance_defect"],
    ),
    ("mobile_phone", ["handset", "battery", "charger", "headset"], ["performance_fault"]),
    ("toys", None, ["no_reason", "fraud", "price_drop", "not_as_described", "odd_code"]),
]
MATERIALS = ["leather", "rubber", "fabric", "synthetic_leather", "plastic", "children", None]
EVIDENCE = ["receipt", "invoice", "pos_record", "staff_attestation", "warranty_card"]
CONDITIONS = ["worn", "washed", "tags_removed", "misuse", "soiled", "self_repaired"]


def make_request(rng: random.Random) -> dict:
    category, types, problems = rng.choice(KINDS)
    sold = START + timedelta(days=rng.randrange(SPAN_DAYS))
    paid = rng.randrange(1000, 500000)
    request = {
        "category": category,
        "problem": rng.choice(problems),
        "sold_on": sold.isoformat(),
        "requested_on": (
            sold + timedelta(days=rng.choice([1, 5, 7, 8, 15, 16, 40, 100, 400]))
        ).isoformat(),
        "paid": f"{paid // 100}.{paid % 100:02d}",
        "channel": rng.choice(["in_store", "in_store", "online"]),
        "evidence": rng.sample(EVIDENCE, rng.randrange(0, 3)),
        "condition": rng.sample(CONDITIONS, rng.choice([0, 0, 0, 1, 2])),
    }
    if types:
        request["product_type"] = rng.choice(types)
    if category == "footwear":
        request["material"] = rng.choice(MATERIALS)
    if request["problem"] == "price_mismatch":
        request |= {"tag_price": "1437", "true_tag_price": "969", "paid": "1006"}
    if request["problem"] == "price_drop":
        request["current_price"] = f"{paid // 200}.00"
    if rng.random() < 0.1 and request["requested_on"] >= (sold + timedelta(days=12)).isoformat():
        # Repairs before the request day only: one after it is a contradiction (a 422).
        on = sold + timedelta(days=3)
        request["repairs"] = [
            {
                "part": None,
                "on": on.isoformat(),
                "back_on": (on + timedelta(days=4)).isoformat(),
                "fixed": False,
            },
            {
                "part": None,
                "on": (on + timedelta(days=9)).isoformat(),
                "back_on": None,
                "fixed": False,
            },
        ]
    return {k: v for k, v in request.items() if v is not None}


def write_requests(path: Path, count: int) -> None:
    rng = random.Random(SEED)
    with path.open("wb") as out:
        for _ in range(count):
            out.write(orjson.dumps(make_request(rng)) + b"\n")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "requests.jsonl"
        write_requests(path, count)
        command = [
            sys.executable,
            "-m",
            "aftersales.policy_cli",
            "decide",
            "--jsonl",
            str(path),
        ]
        began = time.perf_counter()
        with open("/dev/null", "wb") as sink:
            result = subprocess.run(command, stdout=sink, check=False)
        elapsed = time.perf_counter() - began
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"requests: {count}  exit: {result.returncode}  seconds: {elapsed:.2f}")
    print(f"decisions/s: {count / elapsed:,.0f}")
    print(f"peak RSS of the child: {peak_kib / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
