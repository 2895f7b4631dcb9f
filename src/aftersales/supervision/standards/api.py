"""REST routes for the stores' delivery compensation rules (beside the service standards):
read one store's rule, or the default it falls back to; replace it with the version read."""

from typing import Any

from fastapi import APIRouter

from aftersales.auth.deps import CurrentUser, Db
from aftersales.repairs.delivery_rules import StoreRule, store_rule
from aftersales.supervision.standards import delivery_rules
from aftersales.supervision.standards.schemas import DeliveryRuleIn

router = APIRouter(tags=["admin"])


def rule_json(store_code: str, found: StoreRule) -> dict[str, Any]:
    rule = found.rule
    return {
        "store": store_code,
        "per_day": f"{rule.per_day:.2f}",
        "cap": f"{rule.cap:.2f}" if rule.cap is not None else None,
        "clock": rule.clock,
        "default": not found.own,
        "version": found.version,
    }


@router.get("/delivery-rules/{store_code}")
def read_delivery_rule(store_code: str, db: Db, user: CurrentUser) -> dict[str, Any]:
    store = delivery_rules.store_of(db, user=user, store_code=store_code)
    return rule_json(store.code, store_rule(db, store.id))


@router.put("/delivery-rules/{store_code}")
def save_delivery_rule(
    store_code: str, body: DeliveryRuleIn, db: Db, user: CurrentUser
) -> dict[str, Any]:
    store = delivery_rules.store_of(db, user=user, store_code=store_code)
    rule = delivery_rules.proposed_rule(
        actor=user, per_day=body.per_day, cap=body.cap, clock=body.clock
    )
    saved = delivery_rules.save_delivery_rule(
        db, store=store, rule=rule, version=body.version, actor=user
    )
    db.commit()
    return rule_json(store.code, saved)
