"""Demo supervision data: four months of inspections and mystery-shopper visits with
believable scores (a few weak counters), corrective actions (old ones verified, a few open
for the counter manager, one overdue for the worker to escalate, one done awaiting
verification), then the staff and survey demo parts."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.feedback.surveys import demo as survey_demo
from aftersales.org.models import Counter, Store
from aftersales.staff import demo as staff_demo
from aftersales.supervision.inspections import actions, service, templates
from aftersales.supervision.inspections.queries import actions_of
from aftersales.supervision.inspections.schemas import ActionStep, InspectionCreate, VerifyIn

CST = ZoneInfo("Asia/Shanghai")
# Counter code -> how well it serves (the mean share of each item's points it earns).
QUALITY = {
    "S1-F1-C01": 0.78,
    "S1-F1-C02": 0.9,
    "S1-F1-C03": 0.86,
    "S1-F2-C01": 0.72,
    "S1-F2-C03": 0.88,
    "S1-F3-C05": 0.8,
    "S2-F1-C01": 0.84,
    "S2-F2-C02": 0.7,
}
FINDINGS = {
    "labels": "价格标签与结账价格不一致，需全部核对更换",
    "display_order": "陈列杂乱，鞋盒堆在通道，需整理",
    "greeting": "顾客进店无人迎接，需重申迎宾规范",
    "cleanliness": "试鞋凳和地面有灰尘，需每日清洁",
    "farewell": "未介绍三包与保养，需培训美程服务",
    "listen": "测试电话中打断顾客，需复训投诉处理",
}


def _who(session: Session, username: str) -> Principal:
    return Principal.of(session.scalars(select(User).where(User.username == username)).one())


def _scores(rng: random.Random, items: list[dict], quality: float) -> list[dict]:
    out = []
    for item in items:
        share = min(1.0, max(0.3, rng.gauss(quality, 0.12)))
        out.append({"item": item["key"], "score": round(item["max"] * share), "max": item["max"]})
    return out


def _sheet(
    session: Session,
    rng: random.Random,
    *,
    code: str,
    counter: Counter,
    store: str,
    at: datetime,
    owner: str | None,
) -> InspectionCreate:
    tpl = templates.current(session, code)
    scores = _scores(rng, tpl.items, QUALITY[counter.code])
    worst = min(scores, key=lambda s: s["score"] / s["max"])
    texts = {i["key"]: i["text_zh"] for i in tpl.items}
    findings = []
    if owner and worst["score"] / worst["max"] < 0.75:
        due = at.astimezone(CST).date() + timedelta(days=5)
        text = FINDINGS.get(worst["item"], f"未做到：{texts[worst['item']]}，需整改")
        findings = [{"text": text, "owner": owner, "due": due}]
    on_duty = [
        u.username
        for u in session.scalars(
            select(User).where(User.counter_id == counter.id, User.active, User.role == "staff")
        )
    ]
    return InspectionCreate.model_validate(
        {
            "kind": tpl.kind,
            "store": store,
            "counter": counter.code,
            "template": code,
            "visited_at": at,
            "scores": scores,
            "findings": findings,
            "on_duty": on_duty,
        }
    )


def _visits(today: date, rng: random.Random) -> list[tuple[str, datetime]]:
    """About two visits a month per counter over four months, in opening hours."""
    out = []
    for week in range(1, 17, 2):
        day = today - timedelta(weeks=week, days=rng.randrange(0, 5))
        code = "mystery_shopper" if week % 4 == 3 else "store_inspection"
        out.append((code, datetime.combine(day, time(rng.choice([10, 14, 16]), 30), tzinfo=CST)))
    return out


def _inspections(session: Session, rng: random.Random, now: datetime) -> None:
    inspector = _who(session, "inspector")
    stores = {s.id: s.code for s in session.scalars(select(Store))}
    counters = session.scalars(
        select(Counter).where(Counter.code.in_(QUALITY)).order_by(Counter.code)
    ).all()
    for counter in counters:
        # The counter manager answers for their counter; elsewhere in S1 the floor supervisor.
        owner = {"S1-F1-C01": "counter_manager"}.get(
            counter.code, "floor_supervisor" if counter.code.startswith("S1") else None
        )
        for code, at in _visits(now.astimezone(CST).date(), rng):
            data = _sheet(
                session,
                rng,
                code=code,
                counter=counter,
                store=stores[counter.store_id],
                at=at,
                owner=owner,
            )
            row = service.record_inspection(session, data=data, actor=inspector, now=at)
            _age_actions(session, row.id, at, now)
    _test_call(session, rng, inspector, now)


def _age_actions(session: Session, inspection_id: int, at: datetime, now: datetime) -> None:
    """Old actions were put right and verified; recent ones stay open for the manager."""
    for a in actions_of(session, inspection_id):
        if now - at > timedelta(days=21):
            owner = session.get(User, a.owner_id)
            checker = "inspector" if owner.username == "floor_supervisor" else "floor_supervisor"
            actions.mark_done(
                session,
                action_id=a.id,
                data=ActionStep(note="已按要求整改完毕", version=a.version),
                actor=Principal.of(owner),
                now=at + timedelta(3),
            )
            actions.verify(
                session,
                action_id=a.id,
                data=VerifyIn(note="复查合格"),
                actor=_who(session, checker),
                now=at + timedelta(4),
            )


def _test_call(session: Session, rng: random.Random, inspector: Principal, now: datetime) -> None:
    """A complaint-handling test call to S1-F1-C01 last week, with one finding overdue (the
    worker escalates it to the floor supervisor) and one done awaiting verification."""
    at = datetime.combine(now.astimezone(CST).date() - timedelta(days=8), time(11), tzinfo=CST)
    tpl = templates.current(session, "complaint_test_call")
    data = InspectionCreate.model_validate(
        {
            "kind": "test_call",
            "store": "S1",
            "counter": "S1-F1-C01",
            "template": tpl.code,
            "visited_at": at,
            "on_duty": ["staff"],
            "scores": _scores(rng, tpl.items, 0.74),
            "findings": [
                {
                    "text": FINDINGS["listen"],
                    "owner": "counter_manager",
                    "due": at.date() + timedelta(days=3),
                },
                {
                    "text": "投诉登记表填写不完整，需补全联系方式与诉求",
                    "owner": "staff",
                    "due": at.date() + timedelta(days=10),
                },
            ],
        }
    )
    row = service.record_inspection(session, data=data, actor=inspector, now=at)
    done = actions_of(session, row.id)[1]  # the first stays open and runs overdue
    actions.mark_done(
        session,
        action_id=done.id,
        data=ActionStep(note="已补全本周全部登记表", version=done.version),
        actor=_who(session, "staff"),
        now=at + timedelta(days=2),
    )


def load_supervision_demo(session: Session, *, now: datetime, full: bool = True) -> None:
    """`full` is False for the test database: no discipline and no survey messages there,
    since tests count the ladder steps and the messages of the personas they use."""
    rng = random.Random(12)
    _inspections(session, rng, now)
    staff_demo.load_staff_demo(session, now=now, full=full)
    if full:
        survey_demo.load_survey_demo(session, now=now)
