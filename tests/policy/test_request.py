"""Bad input is refused naming every wrong field; odd but valid input is decided."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.policy import RequestInvalid, parse_request

from .helpers import answer, refused, request


def fields_of(data) -> dict[str, str]:
    with pytest.raises(RequestInvalid) as caught:
        parse_request(data)
    return {e["field"]: e["message"] for e in caught.value.errors}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sold_on": "2023-1-5"}, "sold_on"),
        ({"sold_on": "2023-02-30"}, "sold_on"),
        ({"sold_on": "20230105"}, "sold_on"),
        ({"requested_on": 20230105}, "requested_on"),
        ({"paid": "1.005"}, "paid"),
        ({"paid": "-1"}, "paid"),
        ({"paid": "abc"}, "paid"),
        ({"paid": "NaN"}, "paid"),
        ({"paid": True}, "paid"),
        ({"paid": 0.30000000000000004}, "paid"),
        ({"paid": 1e300}, "paid"),
        ({"tag_price": " 12"}, "tag_price"),
        ({"channel": "shop"}, "channel"),
        ({"remedy": "refund"}, "remedy"),
        ({"evidence": "receipt"}, "evidence"),
        ({"condition": ["worn", "dirty"]}, "condition[1]"),
        ({"item_flags": [3]}, "item_flags[0]"),
        ({"replacement_available": "yes"}, "replacement_available"),
        ({"category": ""}, "category"),
        ({"problem": 7}, "problem"),
        ({"colour": "red"}, "colour"),
        ({"requested_on": "2023-02-01"}, "requested_on"),
        ({"repairs": [{"on": "2023-03-02", "back_on": "2023-03-01"}]}, "repairs[0].back_on"),
        ({"repairs": [{"part": "sole", "fixed": "no"}]}, "repairs[0].on"),
        ({"repairs": {"on": "2023-03-02"}}, "repairs"),
    ],
)
def test_a_wrong_field_is_named(change, field):
    assert field in fields_of(request(**change))


def test_every_wrong_field_is_named_at_once():
    data = {"category": "footwear", "sold_on": "2023-13-01", "paid": -3, "evidence": ["recipt"]}

    assert set(fields_of(data)) == {"problem", "requested_on", "sold_on", "paid", "evidence[0]"}


def test_not_an_object():
    assert "" in fields_of(["a list"])


def test_money_as_number_without_float_loss_is_taken():
    assert parse_request(request(paid=813.59)).paid == Decimal("813.59")
    assert parse_request(request(paid=1006)).paid == Decimal("1006")


def test_unknown_category_goes_to_general_with_a_note():
    result = answer(request(category="garden_tools", material=None, problem="performance_fault"))

    assert result["policy"] == "general"
    assert result["notes"][0].startswith("该商品类别未单独设定")
    assert result["allowed"]  # CPL Art. 24 still applies within 7 days


def test_unknown_problem_is_not_covered_with_a_reason():
    result = answer(request(problem="smells_odd", remedy="return"), lang="en")

    assert result["outcome"] == "refused"
    assert refused(result)["return"]["clause"] == "general.not_covered"
    assert "not in the policy vocabulary" in result["notes"][0]


def test_request_invalid_has_the_api_error_shape():
    with pytest.raises(RequestInvalid) as caught:
        parse_request(request(paid="x"))

    body = caught.value.to_dict()

    assert body["code"] == "request_invalid"
    assert body["field"] == "paid"
    assert body["errors"] == [{"field": "paid", "message": body["message"]}]


# Unknown values a policy lists, and contradictory facts: 422 naming the field.
@pytest.mark.parametrize(
    ("change", "field", "accepted"),
    [
        ({"material": "wood"}, "material", "leather"),
        (
            {"category": "appliance", "material": None, "product_type": "toaster"},
            "product_type",
            "washing_machine",
        ),
        (
            {"category": "mobile_phone", "material": None, "product_type": "tablet"},
            "product_type",
            "handset",
        ),
    ],
)
def test_unknown_values_list_what_is_accepted(change, field, accepted):
    errors = fields_of(request(**change))

    assert accepted in errors[field]


def test_values_a_policy_does_not_list_are_free():
    parse_request(request(category="apparel", material="cotton"))
    parse_request(request(category="general", material=None, product_type="toaster"))


REPAIR = {"part": "sole", "on": "2023-03-02", "back_on": "2023-03-03", "fixed": False}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"received_on": "2023-02-27"}, "received_on"),
        ({"received_on": "2023-03-09"}, "received_on"),
        ({"exchanged_on": "2023-02-01"}, "exchanged_on"),
        ({"exchanged_on": "2023-03-09"}, "exchanged_on"),
        ({"produced_on": "2023-03-02"}, "produced_on"),
        ({"repairs": [dict(REPAIR, on="2023-03-06", back_on=None)]}, "repairs[0].on"),
        ({"repairs": [dict(REPAIR, on="2023-02-01")]}, "repairs[0].on"),
        ({"repairs": [dict(REPAIR, back_on="2023-03-07")]}, "repairs[0].back_on"),
        ({"repairs": [dict(REPAIR, waiting_parts_days=5)]}, "repairs[0].waiting_parts_days"),
        ({"repairs": [dict(REPAIR, delay="weather")]}, "repairs[0].delay"),
        ({"exchanges": [{"unit": None, "on": "2023-02-01"}]}, "exchanges[0].on"),
        ({"exchanges": [{"unit": None, "on": "2023-03-06"}]}, "exchanges[0].on"),
        ({"exchanges": [{"on": "2023-03-02", "why": "x"}]}, "exchanges[0].why"),
        ({"warranty": {"whole_unit_months": 0}}, "warranty.whole_unit_months"),
        ({"warranty": {"main_parts": "compressor"}}, "warranty.main_parts"),
        ({"warranty": 12}, "warranty"),
    ],
)
def test_contradictory_facts_name_the_field(change, field):
    assert field in fields_of(request(**change))
