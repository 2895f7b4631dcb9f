"""Helpers for the policy engine tests: the shipped set, a fixed calendar."""

from __future__ import annotations

from functools import cache

from aftersales.policy import (
    active_policy_set,
    decide,
    decision_to_dict,
    load_policy_texts,
    parse_request,
)
from aftersales.policy.calendar import default_calendar
from aftersales.policy.loader import DEFAULT_DIR

CALENDAR = default_calendar()


def answer(data: dict, lang: str = "zh", policy_set=None) -> dict:
    """parse -> decide -> render, the path both doors take."""
    policy_set = policy_set or active_policy_set()
    decision = decide(parse_request(data, policy_set), policy_set=policy_set, calendar=CALENDAR)
    return decision_to_dict(decision, lang)


def shipped_texts() -> dict[str, str]:
    return {f.name: f.read_text(encoding="utf-8") for f in sorted(DEFAULT_DIR.glob("*.toml"))}


@cache
def price_protection_on(days: int = 7):
    """The shipped set with the store's price protection announced for `days` days."""
    texts = shipped_texts()
    texts["price_protection.toml"] = (
        texts["price_protection.toml"]
        .replace("enabled = false", "enabled = true")
        .replace('length = "7 days"', f'length = "{days} days"')
    )
    return load_policy_texts(texts)


def allowed(result: dict) -> dict[str, dict]:
    return {a["remedy"]: a for a in result["allowed"]}


def refused(result: dict) -> dict[str, dict]:
    return {r["remedy"]: r for r in result["refused"]}


def request(**fields) -> dict:
    """A footwear request with a receipt; fields override."""
    base = {
        "category": "footwear",
        "material": "leather",
        "problem": "sole_broken",
        "sold_on": "2023-03-01",
        "requested_on": "2023-03-05",
        "paid": "599.00",
        "evidence": ["receipt"],
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}
