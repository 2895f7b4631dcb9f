"""Complaint figures at scale (not a timed test): one deadline sweep pass over N open
complaints with some due, the level+store list query and the Chinese search (p50/p99).

    .venv/bin/python bench/complaints_bench.py                      # 1,000,000 on SQLite
    .venv/bin/python bench/complaints_bench.py -n 100000 --pg-url postgresql+psycopg://...

The PostgreSQL database given must be empty (the script migrates it and loads demo users).
"""

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert, select, text

from aftersales import migrate
from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.complaints import queries, search, tasks
from aftersales.complaints.models import Complaint
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.demo import load_demo
from aftersales.org.models import Counter

TITLES = [
    "羽绒服开线",
    "皮鞋开胶",
    "冰箱不制冷",
    "导购态度差",
    "收银少找零钱",
    "电梯停运",
    "羊绒衫起球",
    "手机死机",
    "价格标签不一致",
    "退货被拒绝",
    "洗衣机漏水",
    "运动鞋断底",
    "空调异味",
    "维修拖延",
    "会员积分错误",
    "衬衫褪色",
    "童鞋脱线",
    "耳机没声音",
    "行李箱轮子坏了",
    "保温杯不保温",
]
DETAILS = [
    "穿了三天袖口就开线了，要求退货",
    "店员很不耐烦还顶撞顾客",
    "买回家第二天就坏了",
    "多次联系售后一直没有人管",
    "吊牌价和收银价不一样，多收了钱",
    "要求赔偿并道歉",
    "洗手间太脏地面很滑",
    "商品有质量问题希望换货",
    "送货延误三天",
    "发票开错了",
]
QUERIES = [
    "开线",
    "态度",
    "退货",
    "质量问题",
    "冰箱",
    "多收",
    "赔偿 道歉",
    "漏水",
    "褪色",
    "售后 没有人管",
    "起球",
    "断底",
    "收银",
    "换货",
    "电梯",
]
BATCH = 50_000


def _texts() -> list[str]:
    return [f"{t} {d}" for t in TITLES for d in DETAILS]


def _rows(
    start: int,
    count: int,
    *,
    counters: list[tuple[int, int]],
    due: set[int],
    now: datetime,
    rng: random.Random,
) -> list[dict]:
    out, texts = [], len(TITLES) * len(DETAILS)
    for i in range(start, start + count):
        counter_id, store_id = counters[i % len(counters)]
        created = now - timedelta(minutes=rng.randrange(60 * 24 * 25))
        is_due = i in due
        respond_by = now - timedelta(minutes=5) if is_due else created + timedelta(hours=40)
        tpl = i % texts
        out.append(
            {
                "id": i,
                "tracking_code": f"B{i:09d}",
                "channel": "phone",
                "type": "service",
                "severity": "normal",
                "status": "registered" if is_due else "in_progress",
                "level": 1 if is_due else rng.randint(1, 6),
                "store_id": store_id,
                "counter_id": counter_id,
                "title": TITLES[tpl // len(DETAILS)],
                "description": DETAILS[tpl % len(DETAILS)],
                "wants": "",
                "place": "",
                "product": "",
                "batch": "",
                "created_at": created,
                "level_since": created,
                "first_response_at": None if is_due else created + timedelta(hours=1),
                "respond_by": respond_by,
                "resolve_by": created + timedelta(days=30),
                # the due ones wait for feedback only: their reply is due tomorrow
                "reply_by": now + timedelta(days=1) if is_due else created + timedelta(hours=48),
                "replied_at": None if is_due else created + timedelta(hours=2),
                "next_check_at": respond_by if is_due else created + timedelta(days=30),
                "version": 1,
            }
        )
    return out


def load(engine: Engine, n: int, n_due: int) -> datetime:
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        load_demo(
            s,
            password="demo",
            now=datetime.now(UTC),
            receipts=10,
            customers=10,
            with_complaints=False,
        )
        counters = [tuple(r) for r in s.execute(select(Counter.id, Counter.store_id))]
    now, rng = datetime(2026, 11, 23, 12, 0, tzinfo=UTC), random.Random(7)
    due = set(rng.sample(range(1, n + 1), n_due))
    t0 = time.perf_counter()
    for start in range(1, n + 1, BATCH):
        with transaction(factory) as s:
            s.execute(
                insert(Complaint),
                _rows(
                    start, min(BATCH, n + 1 - start), counters=counters, due=due, now=now, rng=rng
                ),
            )
    print(f"  loaded {n:,} complaints in {time.perf_counter() - t0:.1f} s")
    _load_terms(engine, n)
    return now


def _load_terms(engine: Engine, n: int) -> None:
    """Postings as the service writes them, built set-based from the few distinct texts."""
    t0 = time.perf_counter()
    texts = _texts()
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMPORARY TABLE bench_tpl_term (tpl INTEGER, term VARCHAR(40))"))
        conn.execute(
            text("INSERT INTO bench_tpl_term VALUES (:tpl, :term)"),
            [{"tpl": i, "term": t} for i, txt in enumerate(texts) for t in search.terms_of(txt)],
        )
        conn.execute(
            text(
                "INSERT INTO complaint_term (term, complaint_id) SELECT t.term, c.id FROM complaint c "
                "JOIN bench_tpl_term t ON t.tpl = c.id % :k ORDER BY t.term, c.id"
            ),
            {"k": len(texts)},
        )
        count = conn.execute(text("SELECT count(*) FROM complaint_term")).scalar_one()
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    print(f"  indexed {count:,} postings in {time.perf_counter() - t0:.1f} s")


def _pcts(samples: list[float]) -> str:
    ms = sorted(x * 1000 for x in samples)
    return (
        f"p50 {statistics.median(ms):.2f} ms, p99 {ms[int(len(ms) * 0.99) - 1]:.2f} ms, "
        f"max {ms[-1]:.2f} ms"
    )


def _principal(s, username: str) -> Principal:  # noqa: ANN001
    return Principal.of(s.scalars(select(User).where(User.username == username)).one())


def measure(engine: Engine, now: datetime, n_due: int) -> None:
    factory = make_session_factory(engine)
    t0 = time.perf_counter()
    handled = tasks.sweep_deadlines(factory, None, now=now)
    print(f"  sweep pass: {handled:,} due complaints escalated in {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    again = tasks.sweep_deadlines(factory, None, now=now)
    print(f"  second pass (nothing due): {again} in {(time.perf_counter() - t0) * 1000:.1f} ms")
    rng = random.Random(3)
    with factory() as s:
        supervisor, manager = _principal(s, "floor_supervisor"), _principal(s, "dept_manager")
        lists, finds, scoped = [], [], []
        for _ in range(200):
            t = time.perf_counter()
            queries.list_complaints(
                s, user=manager, store_id=supervisor.store_id, level=rng.randint(1, 6), limit=50
            )
            lists.append(time.perf_counter() - t)
            q = rng.choice(QUERIES)
            t = time.perf_counter()
            search.search(s, user=manager, query=q, limit=50)
            finds.append(time.perf_counter() - t)
            t = time.perf_counter()
            search.search(s, user=supervisor, query=q, limit=50)
            scoped.append(time.perf_counter() - t)
    print(f"  list (store + level, 50 rows): {_pcts(lists)}")
    print(f"  search, group-wide (50 rows):  {_pcts(finds)}")
    print(f"  search, one store (50 rows):   {_pcts(scoped)}")


def run(url: str, n: int, n_due: int) -> None:
    print(f"{url.split('://')[0]}: {n:,} open complaints, {n_due:,} due")
    migrate.upgrade(url)
    engine = make_engine(url)
    now = load(engine, n, n_due)
    measure(engine, now, n_due)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        folder = Path(tempfile.mkdtemp(prefix="complaints-bench-"))
        run(f"sqlite:///{folder / 'bench.db'}", args.n, args.due)
    if args.pg_url:
        run(args.pg_url, args.n, args.due)


if __name__ == "__main__":
    main()
