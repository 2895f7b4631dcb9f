"""Demo survey answers: invitations sent to customers of store S1 over the last two months
(as campaigns do), about two thirds answered, scores mostly 4 and 5."""

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.customers.models import Customer
from aftersales.feedback.surveys import service
from aftersales.feedback.surveys.models import SurveySource
from aftersales.feedback.surveys.schemas import SurveyAnswerIn
from aftersales.org.models import Counter, Store

COMMENTS = [
    "店员很热情，试穿很耐心",
    "退换货处理很快",
    "等了比较久才有人接待",
    "",
    "",
    "鞋子开胶的问题处理得很满意",
    "希望周末多安排几个店员",
]


def _answer(rng: random.Random) -> SurveyAnswerIn:
    score = rng.choices([5, 4, 3, 2, 1], weights=[45, 32, 13, 6, 4])[0]
    return SurveyAnswerIn(
        score=score,
        polite=score >= 3,
        fast=score >= 4 or rng.random() < 0.3,
        come_back=score >= 4,
        comment=rng.choice(COMMENTS),
    )


def load_survey_demo(session: Session, *, now: datetime) -> None:
    rng = random.Random(7)
    store = session.scalars(select(Store).where(Store.code == "S1")).one()
    counters = session.scalars(
        select(Counter.id).where(Counter.store_id == store.id).order_by(Counter.id)
    ).all()
    customers = session.execute(
        select(Customer.id, Customer.phone).order_by(Customer.id).limit(60)
    ).all()
    for n, (customer_id, phone) in enumerate(customers):
        sent = now - timedelta(days=rng.randrange(3, 60), hours=rng.randrange(0, 8))
        made = service.invite_with_token(
            session,
            source=SurveySource.campaign,
            source_id=None,
            store_id=store.id,
            counter_id=counters[n % 8],
            customer_id=customer_id,
            phone=phone,
            email=None,
            base_url="http://127.0.0.1:8000",
            now=sent,
        )
        if made and rng.random() < 0.65:
            service.answer(
                session,
                token=made[1],
                data=_answer(rng),
                now=sent + timedelta(hours=rng.randrange(1, 48)),
            )
