"""POST /api/v1/policy/decide at concurrency 32 (the engine is in memory: no database work).

python bench/policy_http.py [--seconds 20]
"""

import argparse

from harness import fresh_sqlite, post_load, prepare_database, server, show

BODY = {
    "category": "footwear",
    "material": "leather",
    "sold_on": "2026-11-04",
    "requested_on": "2026-11-22",
    "paid": "813.59",
    "evidence": ["receipt"],
    "problem": "sole_broken",
    "part": "sole",
    "condition": [],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    url = fresh_sqlite("policy_http")
    prepare_database(url)
    with server(url, workers=2) as (base, pid):
        for concurrency in (1, 32):
            show(
                "POST /api/v1/policy/decide",
                post_load(
                    base,
                    pid,
                    "/api/v1/policy/decide",
                    BODY,
                    concurrency=concurrency,
                    seconds=args.seconds,
                ),
            )


if __name__ == "__main__":
    main()
