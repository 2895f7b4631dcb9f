"""A store's compensation rule for late deliveries as the admin keeps it: read (the shipped
default for a store without its own) and save, checked and audited. Who may save is the
caller's rule (the service standards' editors, supervision.standards.access)."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.errors import InvalidInput, StaleVersion, check_version
from aftersales.repairs.delivery import Rule, default_rule
from aftersales.repairs.models import DeliveryRule

CLOCKS = ("working", "calendar")
MAX_AMOUNT = Decimal("99999.99")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class StoreRule:
    store_id: int
    rule: Rule
    own: bool  # False: the shipped default applies
    version: int  # 0 while the store has no rule of its own


def store_rule(session: Session, store_id: int) -> StoreRule:
    row = session.get(DeliveryRule, store_id)
    if row is None:
        return StoreRule(store_id, default_rule(), False, 0)
    return StoreRule(store_id, Rule(row.per_day, row.cap, row.clock), True, row.version)


def _amount(value: Decimal) -> bool:
    return value.is_finite() and value == value.quantize(CENT) and CENT <= value <= MAX_AMOUNT


def checked_rule(*, per_day: Decimal, cap: Decimal | None, clock: str) -> Rule:
    """The rule, or 422 naming the field: per_day above 0 in fen, cap empty or at least
    per_day, clock working or calendar."""
    if not _amount(per_day):
        raise InvalidInput(
            "Must be more than 0 with at most 2 decimals",
            field="per_day",
        )
    if cap is not None and (not _amount(cap) or cap < per_day):
        raise InvalidInput(
            "Leave empty, or at least the amount per day (2 decimals at most)",
            field="cap",
        )
    if clock not in CLOCKS:
        raise InvalidInput(
            "Choose working days or calendar days",
            field="clock",
        )
    return Rule(per_day.quantize(CENT), cap.quantize(CENT) if cap is not None else None, clock)


def _as_dict(rule: Rule) -> dict[str, object]:
    return {"per_day": rule.per_day, "cap": rule.cap, "clock": rule.clock}


def _first_rule(session: Session, store_id: int, rule: Rule) -> DeliveryRule:
    """The store's first own rule. Two editors who both read the default race to insert it:
    the second gets 409, as for any stale version."""
    row = DeliveryRule(store_id=store_id, per_day=rule.per_day, cap=rule.cap, clock=rule.clock)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        raise StaleVersion(field="version") from exc
    return row


def save_rule(
    session: Session, *, store_id: int, rule: Rule, version: int, actor: Principal
) -> StoreRule:
    """Set the store's rule over the one read at `version` (0: the default was read, the
    store had none); a newer one gets 409. Audited."""
    checked = checked_rule(per_day=rule.per_day, cap=rule.cap, clock=rule.clock)
    row = session.get(DeliveryRule, store_id, with_for_update=True)
    check_version(row.version if row is not None else 0, version)
    before = store_rule(session, store_id)
    if row is None:
        row = _first_rule(session, store_id, checked)
    else:
        row.per_day, row.cap, row.clock = checked.per_day, checked.cap, checked.clock
        session.flush()
    after = _as_dict(checked)
    audit.record(
        session,
        "delivery_rule",
        store_id,
        "delivery_rule_set",
        actor=actor,
        before=_as_dict(before.rule) | {"own": before.own},
        after=after,
    )
    return StoreRule(store_id, checked, True, row.version)
