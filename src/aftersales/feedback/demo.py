"""Demo suggestions in every state, from the channels a store really gets them through."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.feedback.intake import new_reference
from aftersales.feedback.models import Suggestion
from aftersales.org.models import Counter, Store

# channel, store, counter, text, phone, days ago, category, decision, reply, implemented
SUGGESTIONS = [
    (
        "opinion_box",
        "S1",
        "S1-F1-C01",
        "希望女鞋专柜增加 34 码和 41 码",
        "13812345678",
        2,
        None,
        None,
        None,
        None,
    ),
    (
        "online",
        "S1",
        None,
        "周末收银台排队太久，建议多开一个收银台",
        "13900001111",
        1,
        None,
        None,
        None,
        None,
    ),
    (
        "phone",
        "S1",
        None,
        "停车场指示牌不清楚，找不到电梯",
        None,
        4,
        "environment",
        None,
        None,
        None,
    ),
    (
        "social_media",
        "S2",
        None,
        "小红书上看到的新款在店里没有货 https://xhslink.com/a1b2",
        None,
        3,
        "goods",
        None,
        None,
        None,
    ),
    (
        "letter",
        "S1",
        None,
        "建议会员积分可以抵扣停车费",
        "13700002222",
        12,
        "price",
        "adopted",
        "感谢建议，下月起每 100 积分可抵 1 小时停车费。",
        None,
    ),
    (
        "opinion_box",
        "S1",
        "S1-F2-C03",
        "试衣间太少，高峰时要等很久",
        "13600003333",
        30,
        "environment",
        "adopted",
        "已增设两间试衣间。",
        "二楼新增 2 间试衣间，11 月 15 日启用",
    ),
    (
        "survey",
        "S2",
        None,
        "希望营业时间延长到晚上十点",
        None,
        20,
        "service",
        "declined",
        "感谢建议。因商场统一管理，暂时无法延长营业时间。",
        None,
    ),
    (
        "in_person",
        "S1",
        "S1-F1-C02",
        "导购很热情，建议多组织新品试穿活动",
        "13500004444",
        8,
        "service",
        None,
        None,
        None,
    ),
]


def _place(session: Session, store: str, counter: str | None) -> tuple[int, int | None]:
    store_id = session.scalar(select(Store.id).where(Store.code == store))
    counter_id = (
        session.scalar(select(Counter.id).where(Counter.code == counter)) if counter else None
    )
    return store_id, counter_id  # type: ignore[return-value]


def load_suggestions(session: Session, *, now: datetime) -> None:
    for channel, store, counter, text, phone, days, category, decision, reply, done in SUGGESTIONS:
        at = now - timedelta(days=days)
        store_id, counter_id = _place(session, store, counter)
        status = "implemented" if done else (decision or "received")
        row = Suggestion(
            reference=new_reference(),
            channel=channel,
            store_id=store_id,
            counter_id=counter_id,
            text=text,
            phone=phone,
            category=category,
            status=status,
            decision=decision,
            reply=reply,
            decided_at=at + timedelta(days=1) if decision else None,
            implemented_note=done,
            implemented_at=at + timedelta(days=10) if done else None,
            notified=bool(decision and phone),
            created_at=at,
            version=1,
        )
        received = {"channel": channel, "status": "received"}
        audit.record_added(session, row, actor=None, action="received", after=received)
        if decision:
            decided = {"status": decision, "reply": reply}
            audit.record_on(session, row, "decided", actor=None, after=decided)
