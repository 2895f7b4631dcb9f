"""Write a PolicySet back to TOML texts (file name -> text) that load to an
equal set. tomli-w is not a dependency: the model is small enough to write by
hand. Named lists come back expanded, and comments are not kept."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from datetime import date
from decimal import Decimal
from enum import Enum

from .loader import SET_FILE
from .model import Clause, Conditions, Period, Policy, PolicySet

# What the model holds: Rank is an IntEnum, the other enums are StrEnums; sets hold codes.
_Scalar = bool | int | str | date | Decimal | Enum
_Value = _Scalar | frozenset[str] | set[str] | tuple[_Scalar, ...]
_Pairs = Mapping[str, _Value | None]  # None: the key is left out


def dump_policy_set(ps: PolicySet) -> dict[str, str]:
    texts = {SET_FILE: _dump_head(ps)}
    for policy in ps.policies.values():
        texts[policy.file] = _dump_policy(policy)
    return texts


def _value(value: _Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return _value(value.name.lower() if isinstance(value.value, int) else value.value)
    if isinstance(value, int | date):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, Decimal):
        return json.dumps(str(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    items = sorted(value) if isinstance(value, frozenset | set) else value
    return "[" + ", ".join(_value(v) for v in items) + "]"


def _lines(pairs: _Pairs) -> list[str]:
    return [f"{key} = {_value(value)}" for key, value in pairs.items() if value is not None]


def _table(name: str, pairs: _Pairs) -> list[str]:
    return ["", f"[{name}]", *_lines(pairs)]


def _dump_head(ps: PolicySet) -> str:
    out = _lines(
        {
            "version": ps.version,
            "effective_on": ps.effective_on,
            "fallback_policy": ps.fallback_policy,
            "shared": ps.shared,
            "price_unit": ps.price_unit,
            "extra_problems": ps.extra_problems,
            "unknown_category_note_zh": ps.unknown_category_note.zh,
            "unknown_category_note_en": ps.unknown_category_note.en,
            "unknown_problem_note_zh": ps.unknown_problem_note.zh,
            "unknown_problem_note_en": ps.unknown_problem_note.en,
        }
    )
    out += _table("categories", ps.categories)
    out += _table("evidence_groups", ps.evidence_groups)
    for law in ps.compensation:
        out += [
            "",
            "[[compensation]]",
            *_lines(
                {
                    "since": law.since,
                    "until": law.until,
                    "multiple": law.multiple,
                    "minimum": law.minimum,
                    "basis_zh": law.basis.zh,
                    "basis_en": law.basis.en,
                }
            ),
        ]
    return "\n".join(out) + "\n"


def _dump_policy(policy: Policy) -> str:
    out = _table(
        "policy",
        {
            "name": policy.name,
            "title_zh": policy.title.zh,
            "title_en": policy.title.en,
            "rank": policy.rank,
            "extends": policy.extends,
            "holiday_extension": policy.holiday_extension,
            "national_products": policy.national_products,
            "national_problems": policy.national_problems,
            "enabled": None if policy.enabled else False,
            "off_text_zh": policy.off_text.zh or None,
            "off_text_en": policy.off_text.en or None,
            "no_stock_basis_zh": policy.no_stock_basis.zh or None,
            "no_stock_basis_en": policy.no_stock_basis.en or None,
            "product_types": policy.product_types or None,
            "materials": policy.materials or None,
        },
    )
    for period in policy.periods.values():
        out += _dump_period(period)
    if policy.main_parts:
        out += _table("main_parts", policy.main_parts)
    money = policy.money
    out += _table(
        "money",
        {
            "depreciation": money.depreciation,
            "rate": money.rate,
            "setting": True if money.setting else None,
            "days_from": money.days_from,
            "basis_zh": money.basis.zh or None,
            "basis_en": money.basis.en or None,
        },
    )
    out += _table("money.daily_rate", policy.money.daily_rate)
    for clause in policy.clauses:
        out += _dump_clause(clause)
    return "\n".join(out).lstrip() + "\n"


def _dump_period(period: Period) -> list[str]:
    out = _table(
        f"periods.{period.name}",
        {
            "length": str(period.length) if period.length else None,
            "by": period.by,
            "start": period.start,
            "holiday_extension": period.holiday_extension,
            "label_zh": period.label.zh,
            "label_en": period.label.en,
            "basis_zh": period.basis.zh or None,
            "basis_en": period.basis.en or None,
            "setting": True if period.setting else None,
            "card": period.card,
            "asks": period.asks,
        },
    )
    values = {k: str(v) for k, v in period.values.items()}
    return out + (_table(f"periods.{period.name}.values", values) if values else [])


def _dump_clause(clause: Clause) -> list[str]:
    pairs: dict[str, _Value | None] = {
        "id": clause.id,
        "kind": clause.kind,
        "ground": clause.ground,
        "problems": clause.problems,
        "remedies": clause.remedies,
        "amount": clause.amount,
        "rank": clause.rank,
        "not_a_defect": clause.not_a_defect,
        "fallback": clause.fallback,
        "text_zh": clause.text.zh,
        "text_en": clause.text.en,
        "basis_zh": clause.basis.zh,
        "basis_en": clause.basis.en,
    }
    if clause.note is not None:
        pairs |= {"note_zh": clause.note.zh, "note_en": clause.note.en}
    pairs |= _non_default(clause.when)
    return ["", "[[clause]]", *_lines(pairs)]


def _non_default(conditions: Conditions) -> dict[str, _Value]:
    default = Conditions()
    return {
        f.name: getattr(conditions, f.name)
        for f in fields(Conditions)
        if getattr(conditions, f.name) != getattr(default, f.name)
    }
