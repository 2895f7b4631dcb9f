"""Load a large statistics data set fast (not a timed test): complaints with their
deadlines, answers, closures and ratings, escalation events in the audit log, claims with
their money, work orders, and receipts with lines, spread over two years, inserted with the
driver's fastest bulk path: PostgreSQL's COPY, SQLite's executemany of ready-made tuples
(the column types' own converters applied once, no statement per row).

    .venv/bin/python bench/reports_load.py URL -n 100000
    .venv/bin/python bench/reports_load.py URL -n 1000000 --receipts 1000000
    .venv/bin/python bench/reports_load.py URL -n 1000000 --receipts 3333334 --lines-per-receipt 3

The database must be empty; the script migrates it and loads the demo's people and shop."""

import argparse
import json
import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Connection, Engine, select, text

from aftersales import migrate
from aftersales.audit.models import Event
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.demo import load_demo
from aftersales.org.models import Counter
from aftersales.repairs.models import WorkOrder
from aftersales.sales.models import Product, Receipt, ReceiptLine

BATCH = 20_000
NOW = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
SPAN_MIN = 60 * 24 * 730  # two years back
TYPES = [
    ("service", "attitude"),
    ("service", "cashier"),
    ("product", "quality"),
    ("product", "price_tag"),
    ("facilities", "facilities"),
    ("service", None),
]
CHANNELS = ["walk_in", "phone", "hotline", "online", "letter", "opinion_box", "email"]


def _complaint(i: int, rng: random.Random, counters: list, staff: list) -> dict:
    counter_id, store_id = counters[i % len(counters)]
    created = NOW - timedelta(minutes=rng.randrange(SPAN_MIN))
    kind, cause = TYPES[i % len(TYPES)]
    respond_by = created + timedelta(hours=12)
    answered = created + timedelta(hours=rng.choice([1, 4, 10, 14]))
    closed = created + timedelta(days=rng.choice([2, 5, 12, 35]))
    done = closed < NOW and i % 9
    return {
        "id": i,
        "tracking_code": f"R{i:010d}",
        "channel": CHANNELS[i % len(CHANNELS)],
        "type": kind,
        "cause": cause,
        "severity": "normal",
        "status": "closed" if done else "in_progress",
        "level": 1 + (i % 17 == 0),
        "store_id": store_id,
        "counter_id": counter_id,
        "staff_id": staff[i % len(staff)] if i % 3 else None,
        "title": "投诉",
        "description": "",
        "wants": "",
        "place": "",
        "product": "",
        "batch": "",
        "created_at": created,
        "level_since": created,
        "first_response_at": answered,
        "respond_by": respond_by,
        "resolve_by": created + timedelta(days=30),
        "reply_by": created + timedelta(hours=48),
        "replied_at": answered + timedelta(hours=i % 50),
        "closed_at": closed if done else None,
        "satisfaction": rng.randint(1, 5) if done and i % 2 else None,
        "rated_at": closed + timedelta(hours=3) if done and i % 2 else None,
        "version": 1,
    }


def _receipt(
    i: int, line: int, rng: random.Random, counters: list, products: list, per: int = 1
) -> tuple[dict, list[dict]]:
    """Receipt `i` and its `per` lines, numbered from `line`."""
    counter_id, store_id = counters[i % len(counters)]
    sold = NOW - timedelta(minutes=rng.randrange(SPAN_MIN))
    lines = []
    for j in range(per):
        pid, sku, name, cat, price = products[(i + j) % len(products)]
        lines.append(
            {
                "id": line + j,
                "receipt_id": i,
                "line_no": j + 1,
                "product_id": pid,
                "sku": sku,
                "name": name,
                "category_id": cat,
                "qty": 1,
                "tag_price": price,
                "paid": price,
            }
        )
    return (
        {
            "id": i,
            "receipt_no": f"RB{i:010d}",
            "store_id": store_id,
            "counter_id": counter_id,
            "sold_at": sold,
            "total_paid": sum(line["paid"] for line in lines),
            "created_at": sold,
        },
        lines,
    )


def _receipts(
    engine: Engine,
    n: int,
    first: tuple[int, ...],
    rng: random.Random,
    counters: list,
    products: list,
    per: int = 1,
) -> float:
    t0 = time.perf_counter()
    for start in range(0, n, BATCH):
        pairs = [
            _receipt(first[0] + i, first[1] + i * per, rng, counters, products, per)
            for i in range(start, min(start + BATCH, n))
        ]
        with engine.begin() as conn:
            _write(conn, Receipt, [p[0] for p in pairs])
            _write(conn, ReceiptLine, [line for p in pairs for line in p[1]])
    return time.perf_counter() - t0


def _claim(i: int, rng: random.Random, counters: list, lines: tuple[int, int, int]) -> dict:
    counter_id, store_id = counters[i % len(counters)]
    opened = NOW - timedelta(minutes=rng.randrange(SPAN_MIN))
    remedy = ["return", "exchange", "free_repair", "refund_difference", "compensation", None][i % 6]
    money = (
        Decimal(rng.choice([99, 328, 813, 1299]))
        if remedy in ("return", "refund_difference", "compensation")
        else None
    )
    return {
        "id": lines[2] + i,
        "receipt_line_id": lines[0] + i % lines[1],
        "proof": "receipt",
        "store_id": store_id,
        "counter_id": counter_id,
        "sku": "X",
        "item_name": "商品",
        "category": ["footwear", "apparel", "appliance"][i % 3],
        "problem": "sole_broken",
        "requested_on": opened.date(),
        "policy_request": {},
        "decision": {},
        "policy_version": "bench",
        "outcome": "granted" if remedy else "refused",
        "status": "fulfilled" if remedy else "open",
        "remedy": remedy,
        "overridden": i % 50 == 0,
        "refund_amount": money,
        "opened_at": opened,
        "due_at": opened + timedelta(days=2),
    }


def _work_order(i: int, rng: random.Random, counters: list, lines: tuple[int, int, int]) -> dict:
    counter_id, store_id = counters[i % len(counters)]
    opened = NOW - timedelta(minutes=rng.randrange(SPAN_MIN))
    days = rng.choice([3, 7, 10, 15, 18, 25])
    back = opened + timedelta(days=days)
    done = back < NOW
    return {
        "id": lines[2] + i,
        "receipt_line_id": lines[0] + i % lines[1],
        "store_id": store_id,
        "counter_id": counter_id,
        "kind": "free",
        "status": "handed_back" if done else "diagnosed",
        "sku": "X",
        "item_name": "商品",
        "problem": "glue_open",
        "parts_used": [],
        "taken_in_on": opened.date(),
        "back_on": back.date() if done else None,
        "handed_back_at": back if done else None,
        "sent_to_factory_at": opened if i % 4 == 0 else None,
        "opened_at": opened,
        "due_at": opened + timedelta(days=18),
        "version": 1,
    }


def _write(conn: Connection, model: object, rows: list[dict]) -> None:
    """Insert `rows` (dicts with the same keys) the fastest way the driver has."""
    table = model.__table__  # type: ignore[attr-defined]
    # Python-side column defaults (version = 1 ...), which a plain INSERT would not apply.
    extra = {
        c.name: c.default.arg if c.default.is_scalar else c.default.arg(None)
        for c in table.c
        if c.name not in rows[0] and c.default is not None and not c.primary_key
    }
    if extra:
        rows = [r | extra for r in rows]
    names = list(rows[0])
    dialect = conn.dialect
    if dialect.name == "postgresql":
        cols = ", ".join(f'"{n}"' for n in names)
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                        for v in row.values()
                    ]
                )
        return
    procs = [table.c[n].type._cached_bind_processor(dialect) for n in names]
    tuples = [
        tuple(p(v) if p and v is not None else v for p, v in zip(procs, r.values(), strict=True))
        for r in rows
    ]
    cols = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({cols}) VALUES ({marks})", tuples)


def _batches(engine: Engine, model: object, n: int, make: object) -> float:
    t0 = time.perf_counter()
    for start in range(1, n + 1, BATCH):
        rows = [make(i) for i in range(start, min(start + BATCH, n + 1))]  # type: ignore[operator]
        with engine.begin() as conn:
            _write(conn, model, rows)
    return time.perf_counter() - t0


def _shop(engine: Engine) -> tuple[list, list, list, tuple[int, int, int]]:
    with transaction(make_session_factory(engine)) as s:
        load_demo(s, password="demo", now=NOW, receipts=10, customers=10, with_complaints=False)
        counters = [tuple(r) for r in s.execute(select(Counter.id, Counter.store_id))]
        products = [
            tuple(r)
            for r in s.execute(
                select(
                    Product.id, Product.sku, Product.name, Product.category_id, Product.tag_price
                )
            )
        ]
        staff = list(s.scalars(text("SELECT id FROM app_user")))
        # The demo's own receipts and work orders come first; the bench's ids follow them.
        first = (
            1 + (s.execute(text("SELECT max(id) FROM receipt")).scalar() or 0),
            1 + (s.execute(text("SELECT max(id) FROM receipt_line")).scalar() or 0),
            s.execute(text("SELECT max(id) FROM work_order")).scalar() or 0,
        )
    return counters, products, staff, first


def load(url: str, n: int, receipts: int, per: int = 1) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    counters, products, staff, first = _shop(engine)
    rng = random.Random(11)
    seconds = _receipts(engine, receipts, first, rng, counters, products, per)
    print(f"  {receipts:>10,} receipts with {receipts * per:,} lines in {seconds:6.1f} s")
    lines = (first[1], receipts * per, first[2])
    for title, model, count, make in (
        ("complaints", Complaint, n, lambda i: _complaint(i, rng, counters, staff)),
        (
            "escalation events",
            Event,
            n // 10,
            lambda i: {
                "at": NOW,
                "actor_id": None,
                "actor": "system" if i % 2 else "dept_manager",
                "entity": "complaint",
                "entity_id": i * 10,
                "action": "escalated",
                "before": None,
                "after": None,
            },
        ),
        ("claims", Claim, n, lambda i: _claim(i, rng, counters, lines)),
        ("work orders", WorkOrder, n // 5, lambda i: _work_order(i, rng, counters, lines)),
    ):
        seconds = _batches(engine, model, count, make)
        print(f"  {count:>10,} {title} in {seconds:6.1f} s")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("-n", type=int, default=100_000, help="complaints (and claims)")
    parser.add_argument("--receipts", type=int, default=None, help="default: 3 per complaint")
    parser.add_argument("--lines-per-receipt", type=int, default=1)
    args = parser.parse_args()
    load(args.url, args.n, args.receipts or 3 * args.n, args.lines_per_receipt)
    print(f"  loaded for {date(2026, 12, 1)} (the bench's 'now')")


if __name__ == "__main__":
    main()
