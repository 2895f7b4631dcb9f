"""Suggest a complaint's type and cause from its words: jieba cuts the text, the admin's
keyword rules vote. The clerk confirms; nothing here changes a complaint."""

import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jieba
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.audit.service import Actor
from aftersales.complaints.reference import ClassificationRule, ComplaintCause


@dataclass(frozen=True)
class Suggestion:
    type: str | None
    cause: str | None
    keywords: tuple[str, ...]


@cache
def taxonomy() -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath("taxonomy.toml").read_text("utf-8"))


def seed_causes() -> list[dict[str, Any]]:
    return [
        {
            "code": c["code"],
            "type": c["type"],
            "name_zh": c["zh"],
            "name_en": c["en"],
            "active": True,
        }
        for c in taxonomy()["cause"]
    ]


def seed_rules() -> list[dict[str, Any]]:
    return [
        {"keyword": k, "type": c["type"], "cause": c["code"], "weight": 1, "active": True}
        for c in taxonomy()["cause"]
        for k in c["keywords"]
    ]


def causes(session: Session) -> list[ComplaintCause]:
    return list(
        session.scalars(
            select(ComplaintCause)
            .where(ComplaintCause.active)
            .order_by(ComplaintCause.type, ComplaintCause.code)
        )
    )


def _hits(text: str, rules: list[ClassificationRule]) -> list[ClassificationRule]:
    words = set(jieba.cut_for_search(text))
    # A keyword jieba splits differently (e.g. "不耐烦") still counts when it appears as is.
    return [r for r in rules if r.keyword in words or (len(r.keyword) > 1 and r.keyword in text)]


def suggest(session: Session, *, text: str) -> Suggestion:
    rules = list(session.scalars(select(ClassificationRule).where(ClassificationRule.active)))
    hits = _hits(text.lower(), rules)
    if not hits:
        return Suggestion(None, None, ())
    types: Counter[str] = Counter()
    kinds: Counter[tuple[str, str | None]] = Counter()
    for rule in hits:
        types[rule.type] += rule.weight
        kinds[(rule.type, rule.cause)] += rule.weight
    best_type = types.most_common(1)[0][0]
    best_cause = max((k for k in kinds if k[0] == best_type), key=lambda k: kinds[k])[1]
    return Suggestion(best_type, best_cause, tuple(sorted({r.keyword for r in hits})))


def save_rule(
    session: Session,
    *,
    keyword: str,
    type: str,
    cause: str | None,
    weight: int,
    active: bool,
    actor: Actor | None,
) -> ClassificationRule:
    rule = session.scalars(
        select(ClassificationRule).where(
            ClassificationRule.keyword == keyword,
            ClassificationRule.type == type,
            ClassificationRule.cause == cause,
        )
    ).first()
    if rule is None:
        rule = ClassificationRule(keyword=keyword, type=type, cause=cause)
        session.add(rule)
    rule.weight, rule.active = weight, active
    session.flush()
    after = audit.snapshot(rule, ["keyword", "type", "cause", "weight", "active"])
    audit.record_on(session, rule, "saved", actor=actor, after=after)
    return rule
