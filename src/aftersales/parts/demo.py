"""Demo spare parts: heels and soles for the shoe brands, compressors and boards for the
appliance brands, screens and batteries for the phones; stock in both stores and the central
warehouse (some of it low), and, in the full demo, repairs that wait for parts."""

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.org.models import Brand, Store
from aftersales.parts import reserve, stock, waits
from aftersales.parts.models import CENTRAL
from aftersales.parts.promises import set_promise
from aftersales.repairs import service as repairs
from aftersales.repairs.models import WorkKind
from aftersales.sales.models import Category, Receipt, ReceiptLine

# brand, model, part word, name, unit cost, reorder point, reorder qty,
# stock (central, S1, S2)
PARTS = [
    ("百丽", "BL-8821", "heel", "高跟鞋鞋跟（7cm，黑）", "35.00", 6, 20, (40, 4, 8)),
    ("百丽", "BL-8821", "sole", "女鞋大底（橡胶）", "48.00", 4, 15, (25, 6, 2)),
    ("红蜻蜓", "RQT-5312", "sole", "男士皮鞋大底", "55.00", 4, 12, (18, 1, 5)),
    ("红蜻蜓", "RQT-5312", "heel", "男鞋后跟掌", "12.00", 10, 50, (80, 12, 14)),
    ("海尔", "BCD-470", "compressor", "冰箱压缩机（变频）", "680.00", 2, 4, (0, 0, 1)),
    ("海尔", "BCD-470", "board", "冰箱主控板", "260.00", 2, 5, (6, 1, 2)),
    ("美的", "KFR-35GW", "compressor", "空调压缩机（1.5匹）", "920.00", 2, 4, (5, 1, 1)),
    ("美的", "KFR-35GW", "board", "空调室内机电脑板", "310.00", 3, 6, (9, 2, 3)),
    ("格力", "KFR-50LW", "compressor", "柜机压缩机（2匹）", "1180.00", 1, 3, (2, 0, 1)),
    ("格力", "KFR-50LW", "fan_motor", "室外风扇电机", "240.00", 2, 4, (7, 2, 2)),
    ("华为", "Mate 60", "screen", "屏幕总成", "1080.00", 3, 10, (12, 2, 3)),
    ("华为", "Mate 60", "battery", "电池", "199.00", 5, 20, (30, 8, 6)),
]
PROMISES = {"footwear": 7, "mobile_phone": 15}


def _person(session: Session, username: str) -> Principal:
    return Principal.of(session.scalars(select(User).where(User.username == username)).one())


def _load_parts(session: Session, now: datetime) -> dict[str, int]:
    admin = _person(session, "admin")
    brands = dict(session.execute(select(Brand.name, Brand.id)).tuples().all())
    stores = list(session.scalars(select(Store.code).order_by(Store.id)))[:2]
    codes: dict[str, int] = {}
    for i, (brand, model, kind, name, cost, point, qty, held) in enumerate(PARTS, 1):
        part = stock.add_part(
            session,
            code=f"P{i:03d}-{model.replace(' ', '')}-{kind}",
            brand_id=brands[brand],
            model=model,
            kind=kind,
            name=name,
            unit_cost=Decimal(cost),
            reorder_point=point,
            reorder_qty=qty,
            actor=admin,
        )
        codes[f"{model}/{kind}"] = part.id
        for place, amount in zip([CENTRAL, *stores], held, strict=False):
            if amount:
                stock.receive_stock(
                    session, part_id=part.id, location=place, qty=amount, actor=admin, now=now
                )
            else:  # an empty shelf the warehouse must refill
                stock.stock_row(session, part_id=part.id, location=place, create=True)
    return codes


def _line(session: Session, category: str, like: str) -> ReceiptLine | None:
    stmt = (
        select(ReceiptLine)
        .join(Receipt)
        .join(Category, Category.id == ReceiptLine.category_id)
        .join(Store, Store.id == Receipt.store_id)
        .where(Category.code == category, Store.code == "S1")
        .order_by(ReceiptLine.name.like(f"%{like}%").desc(), Receipt.sold_at.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def _repair(session: Session, line: ReceiptLine, part: str, days_ago: int, now: datetime) -> int:
    receipt = session.get(Receipt, line.receipt_id)
    assert receipt is not None
    order = repairs.open_work_order(
        session,
        item=repairs.RepairItem(
            claim_id=None,
            receipt_line_id=line.id,
            store_id=receipt.store_id,
            counter_id=receipt.counter_id,
            sku=line.sku,
            item_name=line.name,
            problem="performance_fault",
            part=part,
        ),
        kind=WorkKind.free,
        actor=_person(session, "technician"),
        now=now - timedelta(days=days_ago),
    )
    return order.id


# Appliance repairs waiting on a part: (item, part, opened days ago, part code, note, waiting
# since days ago). No compressor anywhere but S2: waiting since day 2. The board came in: on
# the warehouse's "parts to reserve", past 3/4 of its 18 days, so warned.
_WAITS = (
    ("冰箱", "compressor", 24, "BCD-470/compressor", "压缩机缺货，已催厂家", 22),
    ("空调", "board", 15, "KFR-35GW/board", "等电脑板到货", 5),
)


def _repairs(session: Session, codes: dict[str, int], now: datetime) -> None:
    tech = _person(session, "technician")
    for like, part, opened, code, note, waiting in _WAITS:
        line = _line(session, "appliance", like)
        if line is not None:
            order = _repair(session, line, part, opened, now)
            waits.start_wait(
                session,
                work_order_id=order,
                part_id=codes[code],
                note=note,
                actor=tech,
                now=now - timedelta(days=waiting),
            )
    shoe = _line(session, "footwear", "高跟")
    if shoe is not None:
        order = _repair(session, shoe, "heel", 2, now)
        reserve.reserve(
            session,
            work_order_id=order,
            part_id=codes["BL-8821/heel"],
            location="S1",
            qty=2,
            actor=tech,
            now=now - timedelta(days=1),
        )
    phone = _line(session, "mobile_phone", "手机")
    if phone is not None:  # eight days in: the phone rules owe a loaner
        _repair(session, phone, "screen", 8, now)


def load_parts_demo(session: Session, *, now: datetime, full: bool) -> None:
    codes = _load_parts(session, now)
    admin = _person(session, "admin")
    for category, days in PROMISES.items():
        set_promise(session, category=category, days=days, actor=admin)
    if full:
        _repairs(session, codes, now)
        _past_watches(session)
    session.flush()


def _past_watches(session: Session) -> None:
    """The history's repairs were handed back before the promise sweep ever ran: give them
    the watch the sweep would have kept (closed when handed back, escalated when the
    promise lapsed first), so the months' turnaround figures measure them."""
    from aftersales.deadlines.store import business_calendar
    from aftersales.parts.models import RepairWatch
    from aftersales.parts.promises import promise_days, promise_standard, rework_standard
    from aftersales.parts.tasks import REPAIRS, _watch
    from aftersales.repairs.models import ServiceKind, WorkOrder, WorkStatus

    rows = session.execute(
        select(WorkOrder.id, WorkOrder.store_id, WorkOrder.opened_at, Category.code)
        .add_columns(WorkOrder.handed_back_at)
        .outerjoin(ReceiptLine, ReceiptLine.id == WorkOrder.receipt_line_id)
        .outerjoin(Category, Category.id == ReceiptLine.category_id)
        .where(
            WorkOrder.status == WorkStatus.handed_back,
            WorkOrder.kind.in_(REPAIRS),
            WorkOrder.service == ServiceKind.repair,
            ~exists().where(RepairWatch.work_order_id == WorkOrder.id),
        )
    ).all()
    days, calendar, base = (
        promise_days(session),
        business_calendar(session),
        rework_standard(session),
    )
    for order_id, store_id, opened_at, category, back in rows:
        code = category or "general"
        value = _watch(
            (order_id, store_id, opened_at, code), promise_standard(base, days.get(code)), calendar
        )
        late = back is not None and back > value["due_at"]
        session.add(
            RepairWatch(**value, closed_at=back, escalated_at=value["due_at"] if late else None)
        )
