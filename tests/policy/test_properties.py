"""Properties of every decision, over generated requests (Hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import orjson
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aftersales.policy import active_policy_set, decide, load_policy_texts, parse_request
from aftersales.policy.dump import dump_policy_set
from aftersales.policy.evaluate import answer as unworded_answer
from aftersales.policy.model import CONDITION_FLAGS, EVIDENCE, ITEM_FLAGS, PROBLEMS
from aftersales.policy_cli import policy_app

from .helpers import CALENDAR, answer

# The example count comes from the profile (tests/conftest.py).
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
CATEGORIES = ["apparel", "knitwear", "footwear", "appliance", "mobile_phone", "general", "toys"]
TYPES = [
    None,
    "color_tv",
    "refrigerator",
    "bicycle",
    "microwave",
    "handset",
    "battery",
    "charger",
    "headset",
]
MATERIALS = [None, "leather", "rubber", "fabric", "children", "cotton"]
PARTS = [None, "sole", "tuner", "picture_tube", "compressor"]
DAYS = st.dates(min_value=date(2012, 1, 1), max_value=date(2028, 12, 31))
MONEY = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2)


def _iso(d):
    return d.isoformat() if d else None


# Values a category lists (policy files' product_types / materials); others take any.
TYPES_OF = {
    "appliance": [None, "color_tv", "refrigerator", "bicycle", "microwave", "washing_machine"],
    "mobile_phone": [None, "handset", "battery", "charger", "headset"],
}
MATERIALS_OF = {"footwear": [None, "leather", "rubber", "fabric", "children"]}


@st.composite
def requests(draw):
    sold = draw(DAYS)
    received = draw(st.one_of(st.none(), st.integers(0, 10)))
    paid = draw(MONEY)
    category = draw(st.sampled_from(CATEGORIES))
    requested = sold + timedelta(days=draw(st.integers(0, 1200)))
    if received is not None:
        received = min(received, (requested - sold).days)
    repairs = [
        r
        for r in draw(st.lists(_repair(sold), max_size=3))
        if date.fromisoformat(r["back_on"]) <= requested
    ]
    data = {
        "category": category,
        "problem": draw(st.sampled_from([*PROBLEMS, "odd_code"])),
        "product_type": draw(st.sampled_from(TYPES_OF.get(category, TYPES))),
        "material": draw(st.sampled_from(MATERIALS_OF.get(category, MATERIALS))),
        "part": draw(st.sampled_from(PARTS)),
        "channel": draw(st.sampled_from(["in_store", "online"])),
        "sold_on": sold.isoformat(),
        "received_on": _iso(sold + timedelta(days=received) if received is not None else None),
        "requested_on": requested.isoformat(),
        "paid": str(paid),
        "tag_price": draw(st.one_of(st.none(), MONEY.map(str))),
        "true_tag_price": draw(st.one_of(st.none(), MONEY.map(str))),
        "current_price": draw(st.one_of(st.none(), MONEY.map(str))),
        "evidence": draw(st.lists(st.sampled_from(EVIDENCE), max_size=3, unique=True)),
        "condition": draw(st.lists(st.sampled_from(CONDITION_FLAGS), max_size=2, unique=True)),
        "item_flags": draw(st.lists(st.sampled_from(ITEM_FLAGS), max_size=2, unique=True)),
        "replacement_available": draw(st.booleans()),
        "repairs": repairs,
    }
    return {k: v for k, v in data.items() if v is not None}


@st.composite
def likely_refunds(draw):
    """Requests that usually give money back: soon after the sale, with the receipt, a fault
    or a wrong price, nothing the customer did."""
    data = draw(requests())
    sold = date.fromisoformat(data["sold_on"])
    return data | {
        "problem": draw(
            st.sampled_from(
                [
                    "performance_fault",
                    "price_mismatch",
                    "no_reason",
                    "price_drop",
                    "not_as_described",
                    "fraud",
                ]
            )
        ),
        "requested_on": (sold + timedelta(days=draw(st.integers(0, 15)))).isoformat(),
        "evidence": sorted(set(data["evidence"]) | {"receipt"}),
        "condition": [],
        "received_on": None,
        "repairs": [],
    }


def _repair(sold):
    return st.builds(
        lambda start, days, fixed, part: {
            "part": part,
            "on": (sold + timedelta(days=start)).isoformat(),
            "back_on": (sold + timedelta(days=start + days)).isoformat(),
            "fixed": fixed,
        },
        st.integers(1, 300),
        st.integers(0, 40),
        st.booleans(),
        st.sampled_from(PARTS),
    )


def remedies(result) -> set[str]:
    """Contract-level remedies: any repair counts as "repair"."""
    return {"repair" if a["remedy"].endswith("repair") else a["remedy"] for a in result["allowed"]}


def amounts(result) -> dict[str, Decimal]:
    return {a["remedy"]: Decimal(a["amount"]) for a in result["allowed"] if a["amount"]}


@FAST
@given(likely_refunds())
def test_a_refund_never_exceeds_what_was_paid(data):
    refunds = {
        r: a for r, a in amounts(answer(data)).items() if r in ("return", "refund_difference")
    }
    assume(refunds)  # only the decisions that give money back say anything here

    for amount in refunds.values():
        assert Decimal("0") < amount <= Decimal(data["paid"])


@FAST
@given(requests(), st.sampled_from(EVIDENCE))
def test_adding_evidence_never_removes_a_remedy(data, extra):
    more = dict(data, evidence=sorted(set(data["evidence"]) | {extra}))

    assert remedies(answer(data)) <= remedies(answer(more))


@FAST
@given(requests(), st.integers(1, 400))
def test_a_later_request_never_grants_more(data, days):
    later_day = date.fromisoformat(data["requested_on"]) + timedelta(days=days)
    later = dict(data, requested_on=later_day.isoformat())
    earlier_result, later_result = answer(data), answer(later)

    assert remedies(later_result) <= remedies(earlier_result)
    for remedy, amount in amounts(later_result).items():
        assert amount <= amounts(earlier_result)[remedy]


@FAST
@given(requests())
def test_every_answer_has_the_contract_shape(data):
    result = answer(data)

    assert result["outcome"] in ("granted", "refused")
    assert (result["outcome"] == "granted") == bool(result["allowed"]) or "remedy" in data
    for entry in result["allowed"]:
        assert entry["clause"] and entry["basis"]
        assert entry["amount"] is None or Decimal(entry["amount"]).as_tuple().exponent == -2
    assert all(r["clause"] and r["reason"] for r in result["refused"])
    assert not {a["remedy"] for a in result["allowed"]} & {r["remedy"] for r in result["refused"]}


@settings(max_examples=25, deadline=None)
@given(st.lists(requests(), min_size=1, max_size=8))
def test_the_two_doors_agree(batch):
    lines = "".join(orjson.dumps(r).decode() + "\n" for r in batch)

    result = CliRunner().invoke(policy_app, ["decide", "--jsonl", "--lang", "en"], input=lines)

    assert result.exit_code == 0
    assert [orjson.loads(x) for x in result.stdout.splitlines()] == [
        answer(r, lang="en") for r in batch
    ]


ROUND_TRIPPED = load_policy_texts(dump_policy_set(active_policy_set()))


@FAST
@given(requests())
def test_the_same_decision_after_a_round_trip_through_the_files(data):
    assert answer(data, policy_set=ROUND_TRIPPED) == answer(data)


@FAST
@given(requests())
def test_nothing_in_stock_is_never_an_exchange(data):
    result = answer(dict(data, replacement_available=False))

    assert "exchange" not in {a["remedy"] for a in result["allowed"]}


@FAST
@given(requests())
def test_an_in_store_request_never_hears_of_distance_sales(data):
    result = answer(dict(data, channel="in_store"))

    assert not any(r["clause"].startswith("online_no_reason") for r in result["refused"])


@FAST
@given(requests(), st.booleans())
def test_the_unworded_answer_is_what_the_decision_says(data, in_stock):
    """A replay compares unworded answers: they must be the worded decision's, exactly."""
    policy_set = active_policy_set()
    request = parse_request(dict(data, replacement_available=in_stock), policy_set)
    decision = decide(request, policy_set=policy_set, calendar=CALENDAR)

    assert unworded_answer(request, policy_set=policy_set, calendar=CALENDAR) == (
        decision.outcome.value,
        tuple(sorted((a.remedy.value, a.amount) for a in decision.allowed)),
        tuple(sorted(r.remedy.value for r in decision.refused)),
    )
