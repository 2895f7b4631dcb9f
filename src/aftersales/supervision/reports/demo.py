"""Demo history for the statistics: four months of complaints carried through the ladder
(answered, some late or escalated, proposals, follow-up calls, ratings and comments) and
claims on real demo receipts (refunds, exchanges, repairs with their turnaround), all made
through the domains' own services so every figure has its audit trail."""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.complaints import service as complaints
from aftersales.complaints.schemas import ComplaintCreate, OutcomeIn
from aftersales.errors import DomainError
from aftersales.org.models import Counter
from aftersales.supervision.reports.demo_claims import add_claims

SEED = 20261201
MONTHS = 4
PER_MONTH = 36
STORIES = {  # type -> [(cause, title, wants)]
    "service": [
        ("attitude", "导购态度冷淡，不理睬顾客", "apology"),
        ("unfamiliar", "店员对三包政策不熟悉，解释前后矛盾", "respect"),
        ("cashier", "收银多收了一件的钱", "refund"),
        ("slow_aftersales", "送修一个月没有消息", "compensation"),
    ],
    "product": [
        ("quality", "新买的皮鞋穿一周就开胶", "exchange"),
        ("price_tag", "吊牌价和结账价格不一致", "refund"),
        ("no_standard", "羊绒衫有明显异味", "return"),
        ("out_of_stock", "活动商品一直断码缺货", "respect"),
    ],
    "facilities": [
        ("facilities", "试衣间灯坏了没人修", "respect"),
        ("environment", "商场空调太冷，休息区没有座位", "respect"),
    ],
}
CHANNELS = [
    "walk_in",
    "walk_in",
    "phone",
    "hotline",
    "online",
    "opinion_box",
    "email",
    "letter",
    "gm_letter",
    "consumer_association",
]
RATINGS = [5, 5, 5, 4, 4, 4, 3, 2, 1]
COMMENTS = {
    5: "处理很及时，店长亲自道歉，很满意",
    4: "解决了问题，就是等得有点久",
    3: "一般，希望下次态度更好",
    2: "跑了三趟才解决，不满意",
    1: "推来推去，没人负责",
}


def _actor(session: Session, username: str) -> Principal:
    return Principal.of(session.scalars(select(User).where(User.username == username)).one())


def _counters(session: Session) -> list[tuple[str, float]]:
    """Every counter, a few of them troubled (they get four times the complaints)."""
    codes = list(session.scalars(select(Counter.code).order_by(Counter.code)))
    troubled = {"S1-F1-C01", "S1-F2-C03", "S2-F1-C01", "S2-F3-C05"}
    return [(c, 4.0 if c in troubled else 1.0) for c in codes]


def _register(session: Session, rng: random.Random, at: datetime, counter: str, n: int) -> int:
    kind = rng.choice(["service", "service", "product", "product", "facilities"])
    cause, title, wants = rng.choice(STORIES[kind])
    staff = {"S1-F1-C01": "staff", "S2-F1-C01": "staff2"}.get(counter)
    data = ComplaintCreate.model_validate(
        {
            "channel": rng.choice(CHANNELS),
            "type": kind,
            "cause": cause,
            "store": counter[:2],
            "counter": counter,
            "staff": staff if kind == "service" else None,
            "customer": {"name": f"顾客{n:03d}", "phone": f"1365500{n:04d}"},
            "title": title,
            "description": title,
            "wants": wants,
            "occurred_at": at.isoformat(),
        }
    )
    return complaints.register_complaint(session, data=data, actor=None, now=at).id


def _handle(
    session: Session, rng: random.Random, cid: int, admin: Principal, now: datetime, n: int
) -> None:
    """Answer (in time, or late), maybe escalate, propose, agree, follow up and close."""
    from aftersales.complaints.models import Complaint, Status
    from aftersales.complaints.state import transition

    c = session.get(Complaint, cid)
    assert c is not None
    t = c.created_at
    if rng.random() < 0.15:
        t += timedelta(hours=2)
        complaints.escalate(
            session, complaint_id=cid, actor=admin, now=t, reason="顾客要求上级处理"
        )
        c = session.get(Complaint, cid)
        assert c is not None
    late = rng.random() < 0.18
    t = (c.respond_by or t) + (timedelta(hours=3) if late else -timedelta(hours=1))
    steps = [
        lambda at: complaints.acknowledge(session, complaint_id=cid, actor=admin, now=at),
        lambda at: complaints.propose(
            session, complaint_id=cid, actor=admin, now=at, outcomes=_outcomes(rng)
        ),
        lambda at: transition(
            session, complaint_id=cid, to=Status.agreed, actor=admin, now=at, reason="顾客当面确认"
        ),
        lambda at: transition(session, complaint_id=cid, to=Status.follow_up, actor=admin, now=at),
        lambda at: complaints.follow_up(
            session,
            complaint_id=cid,
            actor=admin,
            now=at,
            satisfied=True,
            rating=rng.choice(RATINGS),
            note="回访：顾客表示问题已解决",
        ),
    ]
    for i, step in enumerate(steps):
        if t > now:
            return  # a recent case is still being handled
        step(t)
        t += timedelta(hours=rng.choice([2, 5, 20, 30]) if i else 4)
        if rng.random() < 0.02 * (i + 1) and i > 1:
            t += timedelta(days=40)  # a few drag past the one-month resolve deadline
    _comment(session, cid, n, t)


def _outcomes(rng: random.Random) -> list[OutcomeIn]:
    kind = rng.choice(["apology", "apology", "gift", "compensation", "exchange"])
    cost = {
        "apology": 0,
        "gift": rng.choice([30, 50, 88]),
        "compensation": rng.choice([100, 200, 500]),
        "exchange": 0,
    }[kind]
    return [OutcomeIn(kind=kind, cost=Decimal(cost), note="")]


def _comment(session: Session, cid: int, n: int, at: datetime) -> None:
    """Every third customer also rates on the tracking page, with a comment."""
    from aftersales.complaints.models import Complaint

    c = session.get(Complaint, cid)
    if c is not None and c.satisfaction and n % 3 == 0:
        complaints.rate(
            session,
            code=c.tracking_code,
            phone=f"1365500{n:04d}",
            rating=c.satisfaction,
            comment=COMMENTS[c.satisfaction],
            client_key="demo",
            now=at,
        )


def _month_starts(now: datetime) -> list[datetime]:
    first = now.replace(day=1, hour=2, minute=0, second=0, microsecond=0)
    starts = []
    for _ in range(MONTHS):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts + [now.replace(day=1, hour=2, minute=0, second=0, microsecond=0)]


def add_report_history(session: Session, *, now: datetime) -> int:
    """Complaints and claims over the last months; answers how many complaints were made."""
    rng = random.Random(SEED)
    admin = _actor(session, "admin")
    counters, weights = zip(*_counters(session), strict=True)
    made = 0
    for start in _month_starts(now):
        for _ in range(PER_MONTH):
            at = start + timedelta(
                days=rng.randrange(28), hours=rng.randrange(12), minutes=rng.randrange(60)
            )
            if at >= now:
                continue
            made += 1
            with session.begin_nested():
                cid = _register(session, rng, at, rng.choices(counters, weights)[0], made)
            try:
                with session.begin_nested():
                    _handle(session, rng, cid, admin, now, made)
            except DomainError:
                pass  # the case stays where its story stopped
    add_claims(session, rng=rng, actor=admin, now=now)
    return made
