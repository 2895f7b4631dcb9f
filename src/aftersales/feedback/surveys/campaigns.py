"""Campaign surveys: a manager invites the customers who bought at a store (or one counter)
in a period, only those who agreed to marketing messages; the response rate is shown."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.customers.models import Customer
from aftersales.errors import Forbidden, InvalidInput
from aftersales.feedback.surveys import service
from aftersales.feedback.surveys.models import SurveyCampaign, SurveySource
from aftersales.feedback.surveys.schemas import CampaignIn
from aftersales.org.models import Counter, Store
from aftersales.sales.models import Receipt

SENDERS = {Role.floor_supervisor, Role.manager_assistant, Role.dept_manager, Role.complaint_station}
MAX_INVITES = 2000


def _place(session: Session, data: CampaignIn, actor: Principal) -> tuple[Store, int | None]:
    store = session.scalars(select(Store).where(Store.code == data.store)).first()
    if store is None:
        raise InvalidInput("Unknown store", field="store")
    if actor.store_id and actor.store_id != store.id:
        raise Forbidden(field="store")
    if not data.counter:
        return store, None
    counter = session.scalars(select(Counter).where(Counter.code == data.counter)).first()
    if counter is None or counter.store_id != store.id:
        raise InvalidInput("Unknown counter in this store", field="counter")
    return store, counter.id


def send_campaign(
    session: Session, *, data: CampaignIn, actor: Principal, base_url: str, now: datetime
) -> SurveyCampaign:
    if actor.role not in SENDERS:
        raise Forbidden()
    if data.period_to < data.period_from or data.period_to > now.date():
        raise InvalidInput("A period that has passed", field="period_to")
    store, counter_id = _place(session, data, actor)
    tz = ZoneInfo(store.timezone)
    start = datetime.combine(data.period_from, time(0), tzinfo=tz)
    end = datetime.combine(data.period_to + timedelta(days=1), time(0), tzinfo=tz)
    bought = select(distinct(Receipt.customer_id)).where(
        Receipt.store_id == store.id, Receipt.sold_at >= start, Receipt.sold_at < end
    )
    if counter_id:
        bought = bought.where(Receipt.counter_id == counter_id)
    customers = session.execute(
        select(Customer.id, Customer.phone)
        .where(Customer.id.in_(bought), Customer.marketing_consent.is_(True))
        .order_by(Customer.id)
        .limit(MAX_INVITES)
    ).all()
    row = SurveyCampaign(
        title=data.title,
        store_id=store.id,
        counter_id=counter_id,
        period_from=data.period_from,
        period_to=data.period_to,
        invited=len(customers),
        created_at=now,
        created_by_id=actor.id,
    )
    session.add(row)
    session.flush()
    for customer_id, phone in customers:
        service.invite(
            session,
            source=SurveySource.campaign,
            source_id=None,
            campaign_id=row.id,
            store_id=store.id,
            counter_id=counter_id,
            customer_id=customer_id,
            phone=phone,
            email=None,
            base_url=base_url,
            now=now,
        )
    sent = {"store_id": store.id, "counter_id": counter_id, "invited": row.invited}
    audit.record_on(session, row, "sent", actor=actor, after=sent)
    return row


def campaigns(session: Session, *, user: Principal, limit: int = 20) -> list[SurveyCampaign]:
    stmt = select(SurveyCampaign).order_by(SurveyCampaign.id.desc()).limit(limit)
    if user.store_id:
        stmt = stmt.where(SurveyCampaign.store_id == user.store_id)
    return list(session.scalars(stmt))
