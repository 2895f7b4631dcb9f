"""Load a directory of TOML policy files into a PolicySet.

The only I/O of the engine. Keys are checked strictly so that a typo in a
file a store manager edited ("condtion_none") is refused, not ignored.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from .errors import PolicyFileError
from .model import (
    Clause,
    CompensationLaw,
    Conditions,
    DaysFrom,
    Duration,
    Ground,
    Kind,
    MoneyRules,
    Period,
    PeriodStart,
    Policy,
    PolicySet,
    Rank,
    Remedy,
    Text,
    Unit,
)

SET_FILE = "policyset.toml"
# A parsed TOML table: its values are whatever the file holds until each is checked.
Table = dict[str, Any]
Groups = dict[str, dict[str, frozenset[str]]]  # "evidence" / "problem": name -> codes
E = TypeVar("E", bound=Enum)
DEFAULT_DIR = Path(__file__).parent / "policies"
_DURATION = re.compile(r"^(\d+) (day|days|month|months|year|years)$")
_CLAUSE_KEYS = {
    "id",
    "kind",
    "problems",
    "remedies",
    "text_zh",
    "text_en",
    "basis",
    "basis_zh",
    "basis_en",
    "rank",
    "ground",
    "amount",
    "note_zh",
    "note_en",
    "not_a_defect",
    "fallback",
}
_CONDITION_KEYS = {f.name for f in fields(Conditions)}
_SET_KEYS = {
    "version",
    "effective_on",
    "categories",
    "fallback_policy",
    "shared",
    "price_unit",
    "unknown_category_note_zh",
    "unknown_category_note_en",
    "unknown_problem_note_zh",
    "unknown_problem_note_en",
    "evidence_groups",
    "problem_groups",
    "extra_problems",
    "compensation",
}


def load_policy_dir(directory: str | Path = DEFAULT_DIR) -> PolicySet:
    directory = Path(directory)
    files = sorted(directory.glob("*.toml"))
    texts = {f.name: f.read_text(encoding="utf-8") for f in files}
    return load_policy_texts(texts)


def load_policy_texts(texts: dict[str, str], *, check: bool = True) -> PolicySet:
    """Build a set from file name -> TOML text, then (check) refuse it on any error."""
    from .validate import first_error

    if SET_FILE not in texts:
        raise PolicyFileError(SET_FILE, None, "missing: the directory has no policyset.toml")
    head = _parse(SET_FILE, texts[SET_FILE])
    groups = {
        kind: {
            k: frozenset(_str_list(SET_FILE, None, k, v))
            for k, v in head.get(f"{kind}_groups", {}).items()
        }
        for kind in ("evidence", "problem")
    }
    policies = {}
    for name, text in sorted(texts.items()):
        if name != SET_FILE:
            policy = _policy(name, _parse(name, text), groups)
            if policy.name in policies:
                raise PolicyFileError(name, None, f"policy {policy.name!r} defined twice")
            policies[policy.name] = policy
    policy_set = _policy_set(head, groups, policies)
    error = first_error(policy_set) if check else None
    if error:
        raise PolicyFileError(error.file, error.clause, error.message)
    return policy_set


def _parse(name: str, text: str) -> Table:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyFileError(name, None, f"not valid TOML: {exc}") from None


def _policy_set(head: Table, groups: Groups, policies: dict[str, Policy]) -> PolicySet:
    f = SET_FILE
    _no_unknown_keys(f, None, head, _SET_KEYS)
    return PolicySet(
        version=_required_str(f, None, head, "version"),
        effective_on=_date(f, None, "effective_on", head.get("effective_on")),
        categories={k: str(v) for k, v in head.get("categories", {}).items()},
        fallback_policy=_required_str(f, None, head, "fallback_policy"),
        shared=tuple(_str_list(f, None, "shared", head.get("shared", []))),
        price_unit=_decimal(f, None, "price_unit", head.get("price_unit", "0.01")),
        unknown_category_note=_text(f, None, head, "unknown_category_note"),
        unknown_problem_note=_text(f, None, head, "unknown_problem_note"),
        evidence_groups=groups["evidence"],
        extra_problems=tuple(_str_list(f, None, "extra_problems", head.get("extra_problems", []))),
        compensation=tuple(_compensation(f, row) for row in head.get("compensation", [])),
        policies=policies,
    )


def _compensation(f: str, row: Table) -> CompensationLaw:
    _no_unknown_keys(
        f,
        "compensation",
        row,
        {"since", "until", "multiple", "minimum", "basis", "basis_zh", "basis_en"},
    )
    return CompensationLaw(
        since=_date(f, "compensation", "since", row["since"]) if "since" in row else None,
        until=_date(f, "compensation", "until", row["until"]) if "until" in row else None,
        multiple=_decimal(f, "compensation", "multiple", row.get("multiple")),
        minimum=_decimal(f, "compensation", "minimum", row.get("minimum", "0")),
        basis=_basis(f, "compensation", row),
    )


def _policy(f: str, data: Table, groups: Groups) -> Policy:
    _no_unknown_keys(f, None, data, {"policy", "periods", "main_parts", "money", "clause"})
    head = data.get("policy")
    if not isinstance(head, dict):
        raise PolicyFileError(f, None, "missing [policy] table")
    _no_unknown_keys(
        f,
        None,
        head,
        {
            "name",
            "title_zh",
            "title_en",
            "rank",
            "extends",
            "holiday_extension",
            "national_products",
            "national_problems",
            *_POLICY_EXTRA_KEYS,
        },
    )
    rank = _enum(f, None, "rank", Rank, head.get("rank"), by_name=True)
    return Policy(
        name=_required_str(f, None, head, "name"),
        file=f,
        title=_text(f, None, head, "title"),
        rank=rank,
        extends=tuple(_str_list(f, None, "extends", head.get("extends", []))),
        holiday_extension=bool(head.get("holiday_extension", False)),
        national_products=frozenset(head.get("national_products", [])),
        national_problems=frozenset(head.get("national_problems", [])),
        periods={k: _period(f, k, v) for k, v in data.get("periods", {}).items()},
        main_parts={
            k: frozenset(_str_list(f, None, f"main_parts.{k}", v))
            for k, v in data.get("main_parts", {}).items()
        },
        money=_money(f, data.get("money", {})),
        clauses=tuple(_clause(f, c, rank, groups) for c in data.get("clause", [])),
        **_policy_extras(f, head),
    )


_POLICY_EXTRA_KEYS = (
    "enabled",
    "off_text_zh",
    "off_text_en",
    "no_stock_basis_zh",
    "no_stock_basis_en",
    "product_types",
    "materials",
)


def _policy_extras(f: str, head: Table) -> dict[str, Any]:
    """The policy keys that switch a promise off, word a no-stock refund, and list the
    request values the policy accepts."""
    return {
        "enabled": bool(head.get("enabled", True)),
        "off_text": _text(f, None, head, "off_text"),
        "no_stock_basis": _text(f, None, head, "no_stock_basis"),
        "product_types": frozenset(
            _str_list(f, None, "product_types", head.get("product_types", []))
        ),
        "materials": frozenset(_str_list(f, None, "materials", head.get("materials", []))),
    }


_BILINGUAL = re.compile(
    r"^(?P<zh>[^()]*?)\s*\((?P<en>[\x20-\x7e]+)\)(?P<tail>\s*\[[\x20-\x7e]*\])?$"
)


def _basis(f: str, where: str | None, data: Table) -> Text:
    """basis_zh / basis_en; a single `basis` written "中文 (English)" is split in two."""
    if "basis_zh" in data or "basis_en" in data:
        zh, en = data.get("basis_zh"), data.get("basis_en")
        if not isinstance(zh, str) or not zh.strip() or not isinstance(en, str) or not en.strip():
            raise PolicyFileError(f, where, "basis_zh and basis_en are both needed")
        return Text(zh, en)
    one = _required_str(f, where, data, "basis")
    match = _BILINGUAL.match(one)
    if match is None:
        return Text(one, one)
    return Text(match["zh"], match["en"] + (match["tail"] or ""))


def _period(f: str, name: str, data: Table) -> Period:
    where = f"periods.{name}"
    _no_unknown_keys(
        f,
        where,
        data,
        {
            "length",
            "by",
            "values",
            "start",
            "holiday_extension",
            "label_zh",
            "label_en",
            "basis_zh",
            "basis_en",
            "setting",
            "card",
            "asks",
        },
    )
    if data.get("by") not in (None, "material", "product_type", "part"):
        raise PolicyFileError(
            f, where, f"by must be material, product_type or part: {data['by']!r}"
        )
    length = data.get("length")
    return Period(
        name=name,
        length=_duration(f, where, length) if length is not None else None,
        by=data.get("by"),
        values={k: _duration(f, where, v) for k, v in data.get("values", {}).items()},
        start=_enum(f, where, "start", PeriodStart, data.get("start", "start")),
        holiday_extension=data.get("holiday_extension"),
        label=_text(f, where, data, "label"),
        basis=_text(f, where, data, "basis"),
        setting=bool(data.get("setting", False)),
        card=data.get("card"),
        asks=data.get("asks"),
    )


def _money(f: str, data: Table) -> MoneyRules:
    _no_unknown_keys(
        f,
        "money",
        data,
        {"depreciation", "daily_rate", "rate", "setting", "days_from", "basis_zh", "basis_en"},
    )
    rates = {
        k: _decimal(f, "money.daily_rate", k, v) for k, v in data.get("daily_rate", {}).items()
    }
    rate = data.get("rate")
    return MoneyRules(
        depreciation=bool(data.get("depreciation", False)),
        daily_rate=rates,
        rate=_decimal(f, "money", "rate", rate) if rate is not None else None,
        setting=bool(data.get("setting", False)),
        days_from=_enum(f, "money", "days_from", DaysFrom, data.get("days_from", "receipt")),
        basis=_text(f, "money", data, "basis"),
    )


def _clause(f: str, data: Table, policy_rank: Rank, groups: Groups) -> Clause:
    cid = data.get("id")
    if not isinstance(cid, str) or not cid:
        raise PolicyFileError(f, None, "a [[clause]] has no id")
    _no_unknown_keys(f, cid, data, _CLAUSE_KEYS | _CONDITION_KEYS)
    note = _text(f, cid, data, "note") if "note_zh" in data or "note_en" in data else None
    return Clause(
        id=cid,
        kind=_enum(f, cid, "kind", Kind, data.get("kind")),
        problems=_named_list(f, cid, "problems", data.get("problems", []), groups["problem"]),
        remedies=tuple(_enum(f, cid, "remedies", Remedy, r) for r in data.get("remedies", [])),
        text=_text(f, cid, data, "text"),
        basis=_basis(f, cid, data),
        rank=_enum(f, cid, "rank", Rank, data["rank"], by_name=True)
        if "rank" in data
        else policy_rank,
        ground=_enum(f, cid, "ground", Ground, data["ground"]) if "ground" in data else None,
        amount=data.get("amount"),
        note=note,
        not_a_defect=bool(data.get("not_a_defect", False)),
        fallback=bool(data.get("fallback", False)),
        when=_conditions(f, cid, data, groups),
    )


def _conditions(f: str, cid: str, data: Table, groups: Groups) -> Conditions:
    values: dict[str, Any] = {}
    for key in _CONDITION_KEYS & data.keys():
        value = data[key]
        if key in ("evidence_any", "evidence_lacks"):
            value = _named_list(f, cid, key, value, groups["evidence"])
        elif isinstance(value, list):
            items = _str_list(f, cid, key, value)
            value = tuple(items) if key == "requires" else frozenset(items)
        values[key] = value
    try:
        return Conditions(**values)
    except TypeError as exc:
        raise PolicyFileError(f, cid, str(exc)) from None


def _named_list(
    f: str, cid: str, key: str, value: Any, named: dict[str, frozenset[str]]
) -> frozenset[str]:
    """A list, or the name of a list defined in policyset.toml."""
    if isinstance(value, str):
        if value not in named:
            raise PolicyFileError(f, cid, f"{key}: no list named {value!r} in policyset.toml")
        return named[value]
    return frozenset(_str_list(f, cid, key, value))


def _no_unknown_keys(f: str, where: str | None, data: Table, allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PolicyFileError(f, where, f"unknown key(s): {', '.join(unknown)}")


def _required_str(f: str, where: str | None, data: Table, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyFileError(f, where, f"{key} is missing or empty")
    return value


def _text(f: str, where: str | None, data: Table, stem: str) -> Text:
    return Text(zh=str(data.get(f"{stem}_zh", "")), en=str(data.get(f"{stem}_en", "")))


def _str_list(f: str, where: str | None, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyFileError(f, where, f"{key} must be a list of strings")
    return value


def _enum(
    f: str, where: str | None, key: str, enum: type[E], value: Any, by_name: bool = False
) -> E:
    try:
        return enum[str(value).upper()] if by_name else enum(value)
    except (KeyError, ValueError):
        choices = ", ".join(m.name.lower() if by_name else m.value for m in enum)
        raise PolicyFileError(f, where, f"{key}: {value!r} is not one of {choices}") from None


def _duration(f: str, where: str, value: Any) -> Duration:
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        raise PolicyFileError(f, where, f"period {value!r} is not like '7 days', '3 months'")
    unit = match.group(2) if match.group(2).endswith("s") else match.group(2) + "s"
    return Duration(int(match.group(1)), Unit(unit))


def _date(f: str, where: str | None, key: str, value: Any) -> date:
    if not isinstance(value, date):
        raise PolicyFileError(f, where, f"{key} must be a TOML date like 2026-11-01")
    return value


def _decimal(f: str, where: str | None, key: str, value: Any) -> Decimal:
    # Decimals are written as strings in the files: a TOML float would lose exactness.
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise PolicyFileError(f, where, f'{key} must be a decimal string like "0.001"')
    try:
        return Decimal(value)
    except InvalidOperation:
        raise PolicyFileError(f, where, f"{key}: {value!r} is not a decimal") from None
