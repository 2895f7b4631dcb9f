"""The HTTP door of the policy engine answers exactly as the CLI door does."""

import json

from typer.testing import CliRunner

from aftersales.policy_cli import policy_app

BOOTS = {
    "category": "footwear",
    "material": "leather",
    "sold_on": "2026-11-04",
    "requested_on": "2026-11-22",
    "paid": "813.59",
    "evidence": ["receipt"],
    "problem": "size_fit",
    "condition": ["worn"],
}
PRICE_CASE = {
    "category": "apparel",
    "sold_on": "2023-05-01",
    "requested_on": "2023-05-03",
    "paid": "1006.00",
    "tag_price": "1437.00",
    "true_tag_price": "969.00",
    "evidence": ["receipt"],
    "problem": "price_mismatch",
}


def _cli(body: dict, *args: str) -> dict:
    result = CliRunner().invoke(policy_app, ["decide", "-", *args], input=json.dumps(body))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_both_doors_agree_in_both_languages(sqlite_client):
    from tests.conftest import token_for

    headers = token_for(sqlite_client, "staff")
    for body in (BOOTS, PRICE_CASE):
        zh = sqlite_client.post("/api/v1/policy/decide", json=body, headers=headers)
        en = sqlite_client.post(
            "/api/v1/policy/decide", json=body, headers=headers | {"Accept-Language": "en"}
        )
        assert zh.status_code == en.status_code == 200
        assert zh.json() == _cli(body)
        assert en.json() == _cli(body, "--lang", "en")


def test_the_boots_that_pinch_are_refused_and_the_price_case_refunds_328(sqlite_client):
    from tests.conftest import token_for

    headers = token_for(sqlite_client, "staff")
    boots = sqlite_client.post("/api/v1/policy/decide", json=BOOTS, headers=headers).json()
    assert boots["outcome"] == "refused" and boots["policy"] == "footwear"
    price = sqlite_client.post("/api/v1/policy/decide", json=PRICE_CASE, headers=headers).json()
    difference = [a for a in price["allowed"] if a["remedy"] == "refund_difference"]
    assert difference and difference[0]["amount"] == "328.00"


def test_bad_input_is_a_422_naming_the_field_and_anonymous_is_401(sqlite_client):
    from tests.conftest import token_for

    headers = token_for(sqlite_client, "staff")
    bad_date = sqlite_client.post(
        "/api/v1/policy/decide", json=BOOTS | {"sold_on": "31/12/2026"}, headers=headers
    )
    assert bad_date.status_code == 422
    assert bad_date.json()["errors"][0]["field"] == "sold_on"
    broken = sqlite_client.post(
        "/api/v1/policy/decide",
        content=b"{oops",
        headers=headers | {"content-type": "application/json"},
    )
    assert broken.status_code == 422
    assert sqlite_client.post("/api/v1/policy/decide", json=BOOTS).status_code == 401


def test_unknown_values_and_contradictory_facts_are_422_naming_the_field(sqlite_client):
    from tests.conftest import token_for

    headers = token_for(sqlite_client, "staff")
    wood = sqlite_client.post(
        "/api/v1/policy/decide", json=BOOTS | {"material": "wood"}, headers=headers
    )
    early = sqlite_client.post(
        "/api/v1/policy/decide",
        json=BOOTS | {"received_on": "2000-01-01"},
        headers=headers | {"Accept-Language": "en"},
    )

    assert wood.status_code == 422
    assert wood.json()["field"] == "material" and "leather" in wood.json()["message"]
    assert "材质" in wood.json()["message"]
    assert early.status_code == 422 and early.json()["field"] == "received_on"
    assert early.json()["message"] == "is before sold_on"
