"""Demo service orders: two technicians and a driver of store S1 with a believable day
tomorrow (installations, an adjustment, deliveries, one of them an online order whose
shipping time is running out), on appliance sales made for them; a delivery last week that
came two days late and is owed compensation; store S2's own compensation rule."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role, User
from aftersales.auth.passwords import hash_password
from aftersales.auth.principal import Principal
from aftersales.org.models import Brand, Counter, Store
from aftersales.repairs import visits
from aftersales.repairs.models import DeliveryRule
from aftersales.repairs.scheduling import book_service
from aftersales.repairs.schemas import ServiceOrderCreate
from aftersales.sales.record import record_sale
from aftersales.sales.schemas import SaleCreate

PEOPLE = [
    ("technician2", "安装钱师傅", Role.technician),
    ("driver", "送货马师傅", Role.driver),
]
# (customer, phone, item, sku, price, address, service, who, start, end)
DAY = [
    (
        "刘先生",
        "13900001001",
        "格力空调",
        "AP-7001",
        "3999.00",
        "南京西路 1266 弄 5 号 1201 室",
        "installation",
        "technician",
        "09:00",
        "11:00",
    ),
    (
        "陈女士",
        "13900001002",
        "海尔电冰箱",
        "AP-7002",
        "4599.00",
        "威海路 88 号 602 室",
        "delivery",
        "driver",
        "09:30",
        "10:30",
    ),
    (
        "王阿姨",
        "13900001003",
        "美的洗衣机",
        "AP-7003",
        "2799.00",
        "延安中路 500 弄 12 号",
        "installation",
        "technician2",
        "10:00",
        "12:00",
    ),
    (
        "周先生",
        "13900001004",
        "格力空调",
        "AP-7001",
        "3999.00",
        "石门一路 210 号 903 室",
        "adjustment",
        "technician",
        "13:30",
        "15:00",
    ),
    (
        "吴女士",
        "13900001005",
        "海尔彩色电视机",
        "AP-7004",
        "5299.00",
        "北京西路 1399 号 1703 室",
        "delivery",
        "driver",
        "14:00",
        "15:00",
    ),
    (
        "郑先生",
        "13900001006",
        "美的空调",
        "AP-7005",
        "3299.00",
        "茂名北路 76 弄 3 号",
        "installation",
        "technician2",
        "14:30",
        "17:00",
    ),
    (
        "孙女士",
        "13900001007",
        "海尔彩色电视机",
        "AP-7004",
        "5299.00",
        "陕西北路 600 号 402 室",
        "guidance",
        "technician",
        "15:30",
        "16:30",
    ),
]


def _people(session: Session, password: str) -> None:
    store = session.scalars(select(Store).where(Store.code == "S1")).one()
    hashed = hash_password(password)
    for username, name, role in PEOPLE:
        session.add(
            User(
                username=username,
                display_name=name,
                role=role,
                store_id=store.id,
                password_hash=hashed,
                email=f"{username}@demo.aftersales.local",
            )
        )
    session.flush()


def _counter_of(session: Session, item: str) -> str:
    """The first store's first counter of the brand whose name the item's begins with."""
    stmt = (
        select(Counter.code, Brand.name)
        .join(Brand, Brand.id == Counter.brand_id)
        .join(Store, Store.id == Counter.store_id)
        .where(Store.code == "S1")
        .order_by(Counter.code)
    )
    return next(code for code, brand in session.execute(stmt) if item.startswith(brand))


def _sale(
    session: Session, admin: Principal, receipt_no: str, sold_at: datetime, row: tuple
) -> None:
    who, phone, item, sku, price = row[:5]
    sale = {
        "receipt_no": receipt_no,
        "store": "S1",
        "counter": _counter_of(session, item),
        "sold_at": sold_at.isoformat(),
        "customer": {"name": who, "phone": phone},
        "lines": [
            {
                "sku": sku,
                "name": item,
                "category": "appliance",
                "qty": 1,
                "tag_price": price,
                "paid": price,
            }
        ],
    }
    record_sale(session, data=SaleCreate.model_validate(sale), actor=admin)


LATE = ("赵先生", "13900001008", "海尔电冰箱", "AP-7002", "4599.00", "江宁路 300 弄 8 号 501 室")


def _late_delivery(session: Session, admin: Principal, now: datetime, zone: ZoneInfo) -> None:
    """Agreed for five days ago, the truck came two days after: the counter owes money."""
    agreed = now.astimezone(zone).date() - timedelta(days=5)
    booked = datetime.combine(agreed - timedelta(days=3), time(11, 0), tzinfo=zone)
    receipt_no = f"S1-{booked:%Y%m%d}-SV900"
    _sale(session, admin, receipt_no, booked - timedelta(hours=1), LATE)
    start, end = (datetime.combine(agreed, time(h, 0), tzinfo=zone) for h in (9, 10))
    data = ServiceOrderCreate.model_validate(
        {
            "service": "delivery",
            "receipt_no": receipt_no,
            "line_no": 1,
            "address": LATE[5],
            "technician": "driver",
            "slot_start": start,
            "slot_end": end,
        }
    )
    order = book_service(session, data=data, actor=admin, now=booked)
    driver = Principal.of(session.scalars(select(User).where(User.username == "driver")).one())
    visits.dispatch(session, work_order_id=order.id, actor=driver, now=start, version=None)
    came = start + timedelta(days=2, hours=5)
    visits.arrive(session, work_order_id=order.id, actor=driver, now=came, version=None)


def _rules(session: Session) -> None:
    # The People's Square store pays less a day but counts every day, weekends too.
    s2 = session.scalars(select(Store.id).where(Store.code == "S2")).one_or_none()
    if s2 is not None:
        session.add(
            DeliveryRule(
                store_id=s2, per_day=Decimal("30.00"), cap=Decimal("300.00"), clock="calendar"
            )
        )
        session.flush()


def load_service_orders(session: Session, *, password: str, now: datetime) -> int:
    _people(session, password)
    admin = Principal.of(session.scalars(select(User).where(User.username == "admin")).one())
    zone = ZoneInfo("Asia/Shanghai")
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    booked = 0
    for n, (who, phone, item, sku, price, address, service, tech, start, end) in enumerate(DAY):
        receipt_no = f"S1-{now.astimezone(zone):%Y%m%d}-SV{n + 1:03d}"
        row = (who, phone, item, sku, price)
        _sale(session, admin, receipt_no, now - timedelta(hours=3 + n), row)
        at = [datetime.combine(tomorrow, time.fromisoformat(t), tzinfo=zone) for t in (start, end)]
        online = n == 4  # bought online yesterday: it must ship within two days of payment
        order = ServiceOrderCreate.model_validate(
            {
                "service": service,
                "receipt_no": receipt_no,
                "line_no": 1,
                "address": address,
                "technician": tech,
                "slot_start": at[0],
                "slot_end": at[1],
                "paid_at": now - timedelta(hours=30) if online else None,
            }
        )
        book_service(session, data=order, actor=admin, now=now)
        booked += 1
    _late_delivery(session, admin, now, zone)
    _rules(session)
    return booked + 1
