"""The administrator's earn rules: list and add (a change counts at once in every process)."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import access
from aftersales.customers.models import EarnRule, TierRule
from aftersales.customers.rules import rules_changed
from aftersales.customers.schemas import EarnRuleIn, TierIn
from aftersales.customers.tiers import DEFAULT_TIERS, tiers_changed
from aftersales.errors import InvalidInput, NotFound, check_version
from aftersales.org.models import Brand
from aftersales.refs import refs
from aftersales.responses import fields_json

RULE_FIELDS = (
    "id",
    "kind",
    "percent",
    "category_id",
    "brand_id",
    "starts_on",
    "ends_on",
    "note",
    "active",
    "version",
)


def rule_json(rule: EarnRule) -> dict[str, Any]:
    return fields_json(rule, RULE_FIELDS)


def rules(session: Session) -> list[EarnRule]:
    return list(session.scalars(select(EarnRule).order_by(EarnRule.id)))


def rules_json(session: Session, *, user: Principal) -> list[dict[str, Any]]:
    access.require(user, "view")
    return [rule_json(r) for r in rules(session)]


def _category(session: Session, code: str | None) -> int | None:
    if not code:
        return None
    found = refs(session).categories.get(code)
    if found is None:
        raise InvalidInput("Unknown category: %(code)s", params={"code": code}, field="category")
    return found


def _brand(session: Session, code: str | None) -> int | None:
    if not code:
        return None
    found = session.scalar(select(Brand.id).where(Brand.code == code))
    if found is None:
        raise InvalidInput("Unknown brand: %(code)s", params={"code": code}, field="brand")
    return found


def brand_codes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Brand.id, Brand.code)).tuples().all())


def add_rule(session: Session, *, data: EarnRuleIn, actor: Principal) -> EarnRule:
    access.require(actor, "rules")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise InvalidInput(
            "The promotion ends before it starts",
            field="ends_on",
        )
    if data.kind == "base":  # one base rate: the new one replaces the old
        for old in session.scalars(
            select(EarnRule).where(EarnRule.kind == "base", EarnRule.active.is_(True))
        ):
            old.active = False
    rule = EarnRule(
        kind=data.kind,
        percent=data.percent,
        category_id=_category(session, data.category),
        brand_id=_brand(session, data.brand),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        note=data.note,
        active=True,
        version=1,
    )
    session.add(rule)
    session.flush()
    rules_changed(session)
    audit.record_on(session, rule, "added", actor=actor, after=rule_json(rule))
    return rule


def retire_rule(
    session: Session, *, rule_id: int, actor: Principal, version: int | None = None
) -> EarnRule:
    access.require(actor, "rules")
    rule = session.get(EarnRule, rule_id, with_for_update=True)
    if rule is None or not rule.active:
        raise NotFound(field="id")
    check_version(rule.version, version)
    rule.active = False
    session.flush()
    rules_changed(session)
    audit.record_on(session, rule, "retired", actor=actor)
    return rule


def set_tier(session: Session, *, data: TierIn, actor: Principal) -> TierRule:
    """Add or change a tier; the first edit copies the shipped defaults into the table."""
    access.require(actor, "rules")
    if session.scalar(select(TierRule.code).limit(1)) is None:
        names = {
            "gold": ("金卡", "Gold"),
            "silver": ("银卡", "Silver"),
            "standard": ("普通会员", "Standard"),
        }
        for t in DEFAULT_TIERS:
            session.add(
                TierRule(
                    code=t.code,
                    name_zh=names[t.code][0],
                    name_en=names[t.code][1],
                    min_spend=t.min_spend,
                    discount_percent=t.discount_percent,
                    version=1,
                )
            )
        session.flush()
    row = session.get(TierRule, data.code, with_for_update=True)
    if row is None:
        row = TierRule(code=data.code)
    else:
        check_version(row.version, data.version)
    row.name_zh, row.name_en = data.name_zh, data.name_en
    row.min_spend, row.discount_percent = data.min_spend, data.discount_percent
    session.add(row)
    session.flush()
    _check_lowest(session)
    tiers_changed(session)
    audit.record(
        session, "tier_rule", 0, "tier_set", actor=actor, after=data.model_dump(exclude={"version"})
    )
    return row


def _check_lowest(session: Session) -> None:
    """Some tier must start at zero spend, or a new member would have none."""
    if session.scalar(select(TierRule.code).where(TierRule.min_spend <= 0).limit(1)) is None:
        raise InvalidInput(
            "One tier must start at zero spend",
            field="min_spend",
        )
