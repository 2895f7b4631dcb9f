"""One entry for the work-order steps the repair desk takes, shared by the API and the pages.

Hand-back is not here: it also moves the claim behind the work order, so claims.fulfil
orchestrates it (claims use repairs, never the reverse)."""

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.errors import InvalidInput
from aftersales.repairs import service
from aftersales.repairs.models import WorkOrder
from aftersales.repairs.schemas import StepIn

STEPS = ("diagnose", "quote", "accept-quote", "send-to-factory", "repaired", "hand-back")
DESK_STEPS = STEPS[:-1]
# What each step's button says (the step codes are the URLs' words, not a reader's).
STEP_NAMES = {
    "diagnose": "Record the diagnosis",
    "quote": "Quote",
    "accept-quote": "Customer accepts the quote",
    "send-to-factory": "Send to the factory",
    "repaired": "Record as repaired",
    "hand-back": "Hand back to the customer",
}


def _need(value: Any, field: str) -> Any:
    if value in (None, ""):
        raise InvalidInput("%(field)s is required", params={"field": field}, field=field)
    return value


def do_step(
    session: Session,
    *,
    step: str,
    work_order_id: int,
    body: StepIn,
    actor: Principal,
    now: datetime,
) -> WorkOrder:
    common: dict[str, Any] = {
        "work_order_id": work_order_id,
        "actor": actor,
        "now": now,
        "version": body.version,
    }
    if step == "diagnose":
        return service.diagnose(session, diagnosis=_need(body.diagnosis, "diagnosis"), **common)
    if step == "quote":
        return service.quote(session, amount=_need(body.amount, "amount"), **common)
    if step == "accept-quote":
        return service.accept_quote(session, **common)
    if step == "send-to-factory":
        return service.send_to_factory(session, factory=_need(body.factory, "factory"), **common)
    if step == "repaired":
        return service.mark_repaired(session, parts_used=body.parts_used, **common)
    raise InvalidInput("Unknown step", field="step")
