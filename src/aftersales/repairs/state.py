"""The work-order state machine: the ALLOWED tables and the one transition().

Free repair (in warranty)::

    from        to
    intake      diagnosed
    diagnosed   at_factory | repaired
    at_factory  repaired
    repaired    handed_back

Paid repair (at cost): the customer must accept a quote before any work::

    from        to
    intake      diagnosed
    diagnosed   quoted
    quoted      accepted | handed_back   (quote declined: the item goes back unrepaired)
    accepted    at_factory | repaired
    at_factory  repaired
    repaired    handed_back

A service order at the customer's (installation, adjustment, technical guidance, on-site
repair)::

    from        to
    scheduled   on_site | cancelled   (rescheduling keeps it scheduled)
    on_site     completed             (with the customer's signature)

A delivery::

    from        to
    scheduled   dispatched | cancelled
    dispatched  on_site
    on_site     completed

`transition()` locks the row, checks the table, sets the step's timestamp and the
values the step records, bumps the version and writes the audit event; `work_step` makes
a step of the house shape out of what the step checks and records.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.i18n import Word
from aftersales.policy.words import labeller
from aftersales.repairs.access import lock_work_order, require_step_role
from aftersales.repairs.errors import QuoteNotAccepted, StepNotAllowed
from aftersales.repairs.models import ServiceKind, WorkKind, WorkOrder, WorkStatus

W = WorkStatus
# The catalog's context for the state names: "repaired" is a state here and a step's button.
STATUS_CONTEXT = "work order status"
FREE_ALLOWED: dict[WorkStatus, frozenset[WorkStatus]] = {
    W.intake: frozenset({W.diagnosed}),
    W.diagnosed: frozenset({W.at_factory, W.repaired}),
    W.at_factory: frozenset({W.repaired}),
    W.repaired: frozenset({W.handed_back}),
    W.handed_back: frozenset(),
}
PAID_ALLOWED: dict[WorkStatus, frozenset[WorkStatus]] = {
    W.intake: frozenset({W.diagnosed}),
    W.diagnosed: frozenset({W.quoted}),
    W.quoted: frozenset({W.accepted, W.handed_back}),
    W.accepted: frozenset({W.at_factory, W.repaired}),
    W.at_factory: frozenset({W.repaired}),
    W.repaired: frozenset({W.handed_back}),
    W.handed_back: frozenset(),
}
VISIT_ALLOWED: dict[WorkStatus, frozenset[WorkStatus]] = {
    W.scheduled: frozenset({W.on_site, W.cancelled}),
    W.on_site: frozenset({W.completed}),
    W.completed: frozenset(),
    W.cancelled: frozenset(),
}
DELIVERY_ALLOWED: dict[WorkStatus, frozenset[WorkStatus]] = {
    W.scheduled: frozenset({W.dispatched, W.cancelled}),
    W.dispatched: frozenset({W.on_site}),
    W.on_site: frozenset({W.completed}),
    W.completed: frozenset(),
    W.cancelled: frozenset(),
}
ALLOWED = {WorkKind.free: FREE_ALLOWED, WorkKind.paid: PAID_ALLOWED}
STAMPS = {
    W.dispatched: "dispatched_at",
    W.on_site: "arrived_at",
    W.completed: "completed_at",
    W.cancelled: "cancelled_at",
    W.accepted: "quote_accepted_at",
    W.at_factory: "sent_to_factory_at",
    W.repaired: "repaired_at",
    W.handed_back: "handed_back_at",
}
OPEN = frozenset(set(W) - {W.handed_back, W.completed, W.cancelled})
VISIT_OPEN = frozenset({W.scheduled, W.dispatched, W.on_site})


def allowed_table(order: WorkOrder) -> dict[WorkStatus, frozenset[WorkStatus]]:
    """The one table that governs this work order: by what the work is, then who pays."""
    service = ServiceKind(order.service or ServiceKind.repair)
    if service is ServiceKind.delivery:
        return DELIVERY_ALLOWED
    if service is not ServiceKind.repair:
        return VISIT_ALLOWED
    return ALLOWED[WorkKind(order.kind)]


def allowed_from(order: WorkOrder) -> frozenset[WorkStatus]:
    return allowed_table(order).get(WorkStatus(order.status), frozenset())


def status_word(status: str) -> Word:
    """A state's name as the work-order pages show it, for a message in the caller's language."""
    return Word(STATUS_CONTEXT, labeller("en")(status))


def check_allowed(order: WorkOrder, to: WorkStatus) -> None:
    allowed = allowed_from(order)
    if to in allowed:
        return
    extra = {"status": str(order.status), "allowed": sorted(allowed)}
    repair = order.service in (None, ServiceKind.repair)
    if repair and order.kind == WorkKind.paid and to in (W.at_factory, W.repaired):
        raise QuoteNotAccepted(field="status", extra=extra)
    raise StepNotAllowed(
        "This work order cannot go from %(status)s to %(to)s",
        params={"status": status_word(order.status), "to": status_word(to)},
        field="status",
        extra=extra,
    )


# What a step records on the work order besides its status: column name -> value.
Changes = dict[str, Any]


@dataclass(frozen=True)
class StepCall:
    """What every work-order step is called with: the order it moves, who moves it, when."""

    session: Session
    work_order_id: int
    actor: Principal
    now: datetime


def transition(
    call: StepCall, to: WorkStatus, *, version: int | None = None, changes: Changes | None = None
) -> WorkOrder:
    session, actor = call.session, call.actor
    order = lock_work_order(session, user=actor, work_order_id=call.work_order_id, version=version)
    check_allowed(order, to)
    changes = changes or {}
    before = {"status": order.status, "version": order.version}
    order.status = to
    if to in STAMPS:
        setattr(order, STAMPS[to], call.now)
    for name, value in changes.items():
        setattr(order, name, value)
    session.flush()
    after = {"status": to, "version": order.version, **changes}
    audit.record_on(session, order, f"work_{to}", actor=actor, before=before, after=after)
    return order


# A step as the doors, tasks and tests call it: `step(session, work_order_id=…, actor=…,
# now=…, version=…, **the step's own keywords)`.
WorkStep = Callable[..., WorkOrder]


def work_step(
    to: WorkStatus, *, role_of: str | None = None
) -> Callable[[Callable[..., Changes]], WorkStep]:
    """Makes a step that moves a work order to `to` out of the function that checks the
    step and says what it records.

    The step checks the actor's role for the desk step `role_of` (access.STEP_ROLES) when
    given, then calls the function with a StepCall and the step's own keywords, before any
    lock (so its refusals come first); the function returns the Changes, and transition()
    locks the order at the caller's version and moves it."""

    def make(record: Callable[..., Changes]) -> WorkStep:
        @wraps(record)
        def step(
            session: Session,
            *,
            work_order_id: int,
            actor: Principal,
            now: datetime,
            version: int | None = None,
            **own: Any,
        ) -> WorkOrder:
            if role_of is not None:
                require_step_role(actor, role_of)
            call = StepCall(session, work_order_id, actor, now)
            return transition(call, to, version=version, changes=record(call, **own))

        return step

    return make
