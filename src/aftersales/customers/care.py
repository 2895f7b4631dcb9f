"""Care tasks: the worker creates them from the rules (a follow-up call after an appliance
sale or a closed claim, a thank-you letter after a large purchase, a birthday card), staff
work through the queue and record the outcome; overdue tasks remind their owner once."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, extract, insert, literal, select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.auth.scope import scoped
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.customers import access
from aftersales.customers.care_models import CareRule, CareTask, Outcome, Trigger
from aftersales.customers.errors import CareTaskNotFound
from aftersales.customers.models import Customer, Member
from aftersales.deadlines import DEFAULT_TZ
from aftersales.errors import check_version
from aftersales.notify import service as notify
from aftersales.sales.models import Category, Receipt, ReceiptLine

LOOKBACK = timedelta(days=30)  # sources older than this never get a task
# The triggers of one event each (a sale, a closed case, a birthday); the Spring Festival
# cards are a seasonal batch of their own (care_seasonal.py).
EVENT_TRIGGERS = [t.value for t in Trigger if t != Trigger.spring_festival]
SOURCES = {Trigger.claim_closed: "claim", Trigger.complaint_closed: "complaint"}


def _no_task(rule_id: int, source: str, source_id: Any) -> Any:
    return (
        ~select(CareTask.id)
        .where(
            CareTask.rule_id == rule_id, CareTask.source == source, CareTask.source_id == source_id
        )
        .exists()
    )


def _recent(
    rule: CareRule, source: str, table: Any, owner: Any, at: Any, since: datetime, *also: Any
) -> Select[Any]:
    """The rows of `table` since `since` with a customer and no task of the rule yet, as
    (id, customer, store, counter, the staff who owns the task, the time of the event)."""
    return select(table.id, table.customer_id, table.store_id, table.counter_id, owner, at).where(
        at >= since, table.customer_id.is_not(None), *also, _no_task(rule.id, source, table.id)
    )


def _sources(rule: CareRule, now: datetime, today: date) -> Select[Any]:
    since = now - LOOKBACK
    if rule.trigger == Trigger.claim_closed:
        return _recent(rule, "claim", Claim, Claim.opened_by_id, Claim.closed_at, since)
    if rule.trigger == Trigger.complaint_closed:
        # Read from the complaint table (a domain above this one): its close time is the
        # event; no call into complaints is needed and none could be made from here.
        return _recent(
            rule,
            "complaint",
            Complaint,
            Complaint.holder_id,
            Complaint.closed_at,
            since,
            Complaint.store_id.is_not(None),
        )
    if rule.trigger == Trigger.birthday:
        soon = today - timedelta(days=rule.delay_days)  # delay -7: a week before
        last = (
            select(Receipt.store_id)
            .where(Receipt.customer_id == Member.customer_id)
            .order_by(Receipt.sold_at.desc())
            .limit(1)
            .scalar_subquery()
        )
        return (
            select(
                Member.id,
                Member.customer_id,
                last.label("store_id"),
                literal(None),
                literal(None),
                literal(None),
            )
            .join(Customer, Customer.id == Member.customer_id)
            .where(
                last.is_not(None),
                extract("month", Customer.birthday) == soon.month,
                extract("day", Customer.birthday) == soon.day,
                _no_task(rule.id, "birthday", Member.id * 10000 + today.year),
            )
        )
    stmt = _recent(rule, "receipt", Receipt, Receipt.staff_id, Receipt.sold_at, since)
    if rule.trigger == Trigger.large_purchase:
        return stmt.where(Receipt.total_paid >= (rule.min_amount or 0))
    appliances = (
        select(ReceiptLine.id)
        .join(Category, Category.id == ReceiptLine.category_id)
        .where(ReceiptLine.receipt_id == Receipt.id, Category.code == "appliance")
        .exists()
    )
    return stmt.where(appliances)


def create_due_tasks(session: Session, *, now: datetime, tz: str = DEFAULT_TZ) -> int:
    today = now.astimezone(ZoneInfo(tz)).date()
    made = 0
    for rule in session.scalars(
        select(CareRule).where(CareRule.active.is_(True), CareRule.trigger.in_(EVENT_TRIGGERS))
    ):
        rows = list(session.execute(_sources(rule, now, today).limit(5000)))
        people = _people(session, {r[1] for r in rows}, rule.needs_consent)
        values = [_task(rule, row, people[row[1]], today, tz) for row in rows if row[1] in people]
        if values:
            session.execute(insert(CareTask), values)
            made += len(values)
    return made


def _people(session: Session, ids: set[int], needs_consent: bool) -> dict[int, Customer]:
    stmt = select(Customer).where(Customer.id.in_(ids))
    if needs_consent:  # letters and cards are care messages: only with the customer's consent
        stmt = stmt.where(Customer.marketing_consent.is_(True))
    return {c.id: c for c in session.scalars(stmt)} if ids else {}


def _task(rule: CareRule, row: Any, customer: Customer, today: date, tz: str) -> dict:
    source_id, _, store_id, counter_id, owner_id, at = row
    if rule.trigger == Trigger.birthday:
        source, source_id, due = "birthday", source_id * 10000 + today.year, today
    else:
        source = SOURCES.get(Trigger(rule.trigger), "receipt")
        due = at.astimezone(ZoneInfo(tz)).date() + timedelta(days=rule.delay_days)
    return {
        "rule_id": rule.id,
        "source": source,
        "source_id": source_id,
        "customer_id": customer.id,
        "store_id": store_id,
        "counter_id": counter_id,
        "owner_id": owner_id,
        "channel": rule.channel,
        "text": rule.template.replace("{name}", customer.name),
        "due_on": due,
        "created_at": datetime.now(ZoneInfo("UTC")),
        "version": 1,
    }


def visible_tasks(user: Principal) -> Select[tuple[CareTask]]:
    return scoped(select(CareTask), user, store=CareTask.store_id, counter=CareTask.counter_id)


def queue(
    session: Session, *, user: Principal, mine: bool = False, limit: int = 200
) -> list[tuple[CareTask, Customer]]:
    access.require(user, "edit")  # the roles that call customers; the queue shows phones
    stmt = visible_tasks(user).where(CareTask.done_at.is_(None))
    if mine:
        stmt = stmt.where(CareTask.owner_id == user.id)
    stmt = stmt.add_columns(Customer).join(Customer, Customer.id == CareTask.customer_id)
    return [
        (t, c) for t, c in session.execute(stmt.order_by(CareTask.due_on, CareTask.id).limit(limit))
    ]


def record_outcome(
    session: Session,
    *,
    task_id: int,
    outcome: Outcome,
    note: str | None,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> CareTask:
    access.require(actor, "edit")
    task = session.scalars(
        visible_tasks(actor)
        .where(CareTask.id == task_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if task is None or task.done_at is not None:
        raise CareTaskNotFound(field="id")
    check_version(task.version, version)
    task.outcome, task.outcome_note, task.done_at, task.done_by_id = (
        str(outcome),
        note,
        now,
        actor.id,
    )
    session.flush()
    audit.record_on(
        session, task, "done", actor=actor, after={"outcome": str(outcome), "note": note}
    )
    return task


def remind_overdue(session: Session, *, now: datetime, tz: str = DEFAULT_TZ) -> int:
    """Each overdue open task reminds its owner once, by e-mail through the outbox."""
    today = now.astimezone(ZoneInfo(tz)).date()
    rows = list(
        session.execute(
            select(CareTask.id, CareTask.due_on, User.email)
            .join(User, User.id == CareTask.owner_id)
            .where(
                and_(
                    CareTask.done_at.is_(None),
                    CareTask.reminded_at.is_(None),
                    CareTask.due_on < today,
                    User.email.is_not(None),
                )
            )
            .limit(1000)
        )
    )
    for task_id, due_on, email in rows:
        notify.enqueue(
            session,
            channel="email",
            recipient=email,
            subject="回访任务已逾期",
            body=f"回访任务 #{task_id} 应于 {due_on} 完成，请尽快处理。",
            meta={"care_task_id": task_id},
        )
    if rows:
        session.execute(
            update(CareTask).where(CareTask.id.in_([r[0] for r in rows])).values(reminded_at=now)
        )
    return len(rows)
