"""What the work-order page shows: the repair's steps, and for a service order its
appointment, the visit's files, reschedulings and any compensation owed."""

from typing import Any

from fastapi import Request
from sqlalchemy import select

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.complaints.models import ComplaintOutcome
from aftersales.db import utcnow
from aftersales.i18n import request_lang
from aftersales.policy import words as labels
from aftersales.refs import refs, zone_of
from aftersales.repairs import visits
from aftersales.repairs.access import STEP_ROLES, get_work_order
from aftersales.repairs.models import ServiceKind, SlotChange, WorkOrder, WorkStatus
from aftersales.repairs.queries import field_people
from aftersales.repairs.service import due_state
from aftersales.repairs.state import allowed_from
from aftersales.repairs.steps import STEP_NAMES, STEPS

STEP_TARGET = {
    "diagnose": WorkStatus.diagnosed,
    "quote": WorkStatus.quoted,
    "accept-quote": WorkStatus.accepted,
    "send-to-factory": WorkStatus.at_factory,
    "repaired": WorkStatus.repaired,
    "hand-back": WorkStatus.handed_back,
}


def work_order_context(
    request: Request, db: Db, user: Principal, work_order_id: int
) -> dict[str, Any]:
    order = get_work_order(db, user=user, work_order_id=work_order_id)
    allowed = allowed_from(order)
    steps = [s for s in STEPS if STEP_TARGET[s] in allowed and user.role in STEP_ROLES[s]]
    return {
        "order": order,
        "steps": steps,
        "step_names": STEP_NAMES,
        "refs": refs(db),
        "zone": zone_of(db, order.store_id),
        "now": utcnow(),
        "due_state": due_state,
        "label": labels.labeller(request_lang(request)),
        "events": audit.history(db, entity="work_order", entity_id=order.id),
        "errors": {},
        **visit_context(db, user, order),
    }


def visit_context(db: Db, user: Principal, order: WorkOrder) -> dict[str, Any]:
    """What the work-order page adds for a service order."""
    if order.service in (None, ServiceKind.repair):
        return {}
    changes = db.scalars(
        select(SlotChange).where(SlotChange.work_order_id == order.id).order_by(SlotChange.id)
    ).all()
    owed = db.scalars(
        select(ComplaintOutcome).where(ComplaintOutcome.work_order_id == order.id)
    ).one_or_none()
    return {
        "visit_steps": sorted(str(s) for s in allowed_from(order)),
        "slot_changes": changes,
        "files": visits.files_of(db, order.id),
        "people": field_people(db, user=user),
        "owed": owed,
    }
