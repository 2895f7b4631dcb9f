"""The administrator's care rules: each is data (trigger, delay, channel, template, the
amount a large purchase starts at, whether it needs consent), edited with a version."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import access
from aftersales.customers.care_models import CareRule, Trigger
from aftersales.customers.schemas import CareRuleIn
from aftersales.errors import InvalidInput, NotFound, check_version

FIELDS = ["trigger", "delay_days", "channel", "template", "min_amount", "needs_consent", "active"]
# Letters, cards and greetings are care messages under PIPL: they always need consent.
CARE_MESSAGES = {Trigger.large_purchase, Trigger.birthday, Trigger.spring_festival}


def care_rules(session: Session, *, user: Principal) -> list[CareRule]:
    access.require(user, "rules")
    return list(session.scalars(select(CareRule).order_by(CareRule.trigger, CareRule.id)))


def _check(data: CareRuleIn) -> None:
    trigger = Trigger(data.trigger)
    if trigger == Trigger.large_purchase and not data.min_amount:
        raise InvalidInput(
            "A large purchase needs an amount",
            field="min_amount",
        )
    if trigger in CARE_MESSAGES and not data.needs_consent:
        raise InvalidInput(
            "Letters and greetings go only to customers who agreed",
            field="needs_consent",
        )
    if trigger in (Trigger.birthday, Trigger.spring_festival) and data.delay_days > 0:
        raise InvalidInput(
            "A greeting is written before the day (a negative delay)",
            field="delay_days",
        )
    if "{name}" not in data.template:
        raise InvalidInput(
            "The template must name the customer: {name}",
            field="template",
        )


def _values(data: CareRuleIn) -> dict[str, Any]:
    values = data.model_dump(exclude={"version"})
    if data.trigger != Trigger.large_purchase:
        values["min_amount"] = None
    return values


def add_care_rule(session: Session, *, data: CareRuleIn, actor: Principal) -> CareRule:
    access.require(actor, "rules")
    _check(data)
    rule = CareRule(**_values(data), version=1)
    audit.record_added(
        session, rule, actor=actor, action="added", after=audit.snapshot(rule, FIELDS)
    )
    return rule


def update_care_rule(
    session: Session, *, rule_id: int, data: CareRuleIn, actor: Principal
) -> CareRule:
    """Change a rule; its trigger stays (the tasks it made point at it). Stale: 409."""
    access.require(actor, "rules")
    rule = session.get(CareRule, rule_id, with_for_update=True)
    if rule is None:
        raise NotFound(field="id")
    check_version(rule.version, data.version)
    if data.trigger != rule.trigger:
        raise InvalidInput(
            "A rule's trigger cannot change; add a new rule",
            field="trigger",
        )
    _check(data)
    before = audit.snapshot(rule, FIELDS)
    for name, value in _values(data).items():
        setattr(rule, name, value)
    session.flush()
    audit.record_on(
        session, rule, "changed", actor=actor, before=before, after=audit.snapshot(rule, FIELDS)
    )
    return rule
