"""A month of hotline questions for the demo stores: the appliance counters are asked about
installation, delivery and repairs, the shoe counters about sizes and care, the store about
its hours and parking. Most are answered within the 4 hours, a few late, a few still open."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import User
from aftersales.deadlines import DEFAULT_TZ
from aftersales.feedback.enquiries import service
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus
from aftersales.org.models import Brand, Counter, Store

APPLIANCE_BRANDS = ("海尔", "美的", "格力")
SHOE_BRANDS = ("百丽", "红蜻蜓")
# (topic, question, answer)
APPLIANCE = [
    (
        "installation",
        "空调买了三天了，什么时候能上门安装？",
        "已为您预约明天上午9-12点上门安装，师傅出发前会电话联系。",
    ),
    (
        "installation",
        "洗衣机安装要另外收费吗？需要准备什么？",
        "标准安装免费，请提前准备好进水龙头和排水口；如需加装龙头按30元收取。",
    ),
    (
        "installation",
        "热水器安装需要打孔，师傅带工具吗？",
        "师傅会带冲击钻和挂架，墙面为承重墙即可安装。",
    ),
    (
        "delivery",
        "冰箱订单什么时候送货？能不能改到周六？",
        "已改约本周六下午送货，送货前1小时司机会联系您。",
    ),
    (
        "delivery",
        "送货包不包搬上楼？我家6楼没有电梯。",
        "大家电送货免费搬运上楼，6楼无电梯不另收费。",
    ),
    ("delivery", "昨天买的电视今天能送到吗？", "您的订单已装车，预计今天下午4点前送达。"),
    (
        "warranty",
        "冰箱买了20天不制冷，还能换吗？",
        "购买15天后30天内出现性能故障可换货或修理，我们先安排师傅检测。",
    ),
    (
        "warranty",
        "电视买了一周屏幕有亮点，可以退吗？",
        "7日内出现性能故障可以退货，请带小票到家电专柜办理。",
    ),
    ("repair_status", "上周送修的微波炉修好了吗？", "维修单显示已修好，可凭取件单到服务台领取。"),
    ("repair_status", "空调维修说等配件，要等多久？", "配件已到货，师傅明天上门更换。"),
]
SHOES = [
    (
        "other",
        "这款短靴有没有35码？想周末来试。",
        "35码有货，已为您留一双到周日，报电话号码即可试穿。",
    ),
    (
        "other",
        "真皮短靴怎么保养？能不能水洗？",
        "真皮鞋不要水洗，用软布擦净后涂无色鞋油，放阴凉处自然晾干。",
    ),
    ("other", "羊皮鞋淋了雨发白怎么处理？", "可用专用皮革护理剂擦拭，也可拿到专柜免费护理一次。"),
    ("other", "运动鞋偏大还是偏小？平时穿38码。", "这款略偏大，平时38码建议选37.5码。"),
    ("warranty", "皮鞋穿了两周就开胶了，能退换吗？", "属于质量问题，可凭小票到专柜换货或修理。"),
]
STORE = [
    ("store_info", "周日几点关门？", "周日营业时间为10:00-22:00。"),
    ("store_info", "停车场怎么收费？购物能减免吗？", "每小时5元，当日消费满200元可免2小时停车费。"),
    ("store_info", "商场有没有母婴室？在几楼？", "母婴室在二楼东侧洗手间旁。"),
    ("store_info", "春节期间营业吗？", "春节期间照常营业，除夕营业到18:00。"),
    ("other", "会员积分什么时候过期？", "积分自获得之日起两年内有效，可在服务台查询。"),
]
NAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def _counters(session: Session, store_id: int, brands: tuple[str, ...]) -> list[int]:
    return list(
        session.scalars(
            select(Counter.id)
            .join(Brand, Brand.id == Counter.brand_id)
            .where(Counter.store_id == store_id, Brand.name.in_(brands))
            .order_by(Counter.id)
        )
    )


def _asked(rng: random.Random, now: datetime, days_ago: int) -> datetime:
    """Calls come in from 8:00 to 22:00 mostly; the hotline also rings at night."""
    local = (now - timedelta(days=days_ago)).astimezone(ZoneInfo(DEFAULT_TZ))
    hour = rng.choice([8, 9, 10, 10, 11, 14, 15, 16, 19, 20, 21, 23])
    at = local.replace(hour=hour, minute=rng.randrange(60), second=0, microsecond=0)
    return min(at, now - timedelta(minutes=20)).astimezone(ZoneInfo("UTC"))


def _add(session: Session, row: Enquiry, taker: User | None) -> Enquiry:
    service.set_due_times(session, row)
    after = audit.snapshot(row, service.FIELDS)
    audit.record_added(session, row, actor=taker, action="taken", after=after)
    return row


def _answer(session: Session, row: Enquiry, text: str, at: datetime, by: User | None) -> None:
    row.answer, row.answered_at, row.status = text, at, EnquiryStatus.answered
    row.answered_by_id, row.notified = (by.id if by else None), bool(row.phone)
    if at > row.warn_at:
        row.warned_at = row.warn_at
    if at > row.answer_by:
        row.overdue_at = row.answer_by
    session.flush()
    answered = {"status": "answered", "answer": text, "answered_at": at}
    audit.record_on(session, row, "answered", actor=by, before={"status": "open"}, after=answered)


def _pick(
    rng: random.Random, places: dict[str, list[int]]
) -> tuple[tuple[str, str, str], int | None]:
    kind = rng.choices(["appliance", "shoes", "store"], weights=[5, 3, 3])[0]
    pool = {"appliance": APPLIANCE, "shoes": SHOES, "store": STORE}[kind]
    counters = places.get(kind, [])
    return rng.choice(pool), (rng.choice(counters) if counters else None)


def load_enquiry_demo(session: Session, *, now: datetime) -> None:
    rng = random.Random(4004)
    users = {u.username: u for u in session.scalars(select(User))}
    for code, taker_name, count in (("S1", "manager_assistant", 48), ("S2", "dept_manager", 22)):
        store = session.scalars(select(Store).where(Store.code == code)).one()
        taker = users.get(taker_name)
        places = {
            "appliance": _counters(session, store.id, APPLIANCE_BRANDS),
            "shoes": _counters(session, store.id, SHOE_BRANDS),
        }
        for n in range(count):
            _one(session, rng, store.id, places, taker, now, n, count)
    session.flush()


def _one(
    session: Session,
    rng: random.Random,
    store_id: int,
    places: dict[str, list[int]],
    taker: User | None,
    now: datetime,
    n: int,
    count: int,
) -> None:
    (topic, question, answer), counter_id = _pick(rng, places)
    fresh = n >= count - 2  # the last calls: still open, not yet due
    asked = (
        now - timedelta(minutes=rng.randrange(20, 150))
        if fresh
        else _asked(rng, now, 30 - (n * 30) // count)
    )
    row = _add(
        session,
        Enquiry(
            reference=service.new_reference(),
            store_id=store_id,
            counter_id=counter_id,
            taken_by_id=taker.id if taker else None,
            caller_name=rng.choice(NAMES) + rng.choice(["先生", "女士"]),
            phone=f"13{rng.randrange(5, 10)}{rng.randrange(10**8):08d}"
            if rng.random() < 0.8
            else None,
            topic=topic,
            question=question,
            asked_at=asked,
            status=EnquiryStatus.open,
            created_at=asked,
        ),
        taker,
    )
    if fresh:
        return
    if n == count - 4:  # forgotten: past its time, the manager was told
        row.warned_at, row.overdue_at = row.warn_at, row.answer_by
        session.flush()
        return
    late = n % 9 == 4  # about one in nine answered after the 4 hours
    delay = (
        timedelta(hours=rng.randrange(5, 20)) if late else timedelta(minutes=rng.randrange(8, 220))
    )
    _answer(session, row, answer, min(row.asked_at + delay, now), taker)
