"""The worked cases of the source documents and of DOMAIN.md journey 1, as a table."""

from __future__ import annotations

import pytest

from .helpers import allowed, answer, refused, request

# (name, request, remedies allowed {remedy: amount}, remedies refused {remedy: clause})
CASES = [
    (
        "the shoe-counter notice, case 1: lining seam open after a month, receipt lost, staff attest",
        request(
            category="apparel",
            material=None,
            problem="seam_open",
            part="lining",
            sold_on="2022-12-08",
            requested_on="2023-01-08",
            evidence=["staff_attestation"],
        ),
        {"free_repair": None},
        {"return": "cpl24.return.7_days", "exchange": "cpl24.exchange"},
    ),
    (
        "the shoe-counter notice, case 2: price tag mismatch, 1437 x 0.7 charged, true tag 969",
        request(
            category="apparel",
            material=None,
            problem="price_mismatch",
            sold_on="2023-01-31",
            requested_on="2023-02-01",
            paid="1006",
            tag_price="1437",
            true_tag_price="969",
        ),
        {"refund_difference": "328.00", "compensation": "3018.00"},
        {},
    ),
    (
        "the shoe-counter notice, case 2 before 2014-03-15: once the price (退一赔一)",
        request(
            category="apparel",
            material=None,
            problem="price_mismatch",
            sold_on="2013-01-31",
            requested_on="2013-02-01",
            paid="1006",
            tag_price="1437",
            true_tag_price="969",
        ),
        {"refund_difference": "328.00", "compensation": "1006.00"},
        {},
    ),
    (
        "the shoe-counter notice, case 3: women's shoes pinch after two days' wear",
        request(
            problem="size_fit",
            material="synthetic_leather",
            paid="323",
            sold_on="2023-03-04",
            requested_on="2023-03-06",
            condition=["worn"],
            remedy="return",
        ),
        {},
        {"return": "footwear.not_covered.size_fit", "exchange": "footwear.not_covered.size_fit"},
    ),
    (
        "the shoe-counter notice, case 3: a crease in the upper is not a break",
        request(
            problem="crease",
            sold_on="2023-01-18",
            requested_on="2023-01-21",
            condition=["worn"],
            remedy="return",
        ),
        {},
        {"return": "footwear.not_covered.crease", "exchange": "footwear.not_covered.crease"},
    ),
    (
        "the shoe-counter notice, case 4 / journey 1: boots worn 18 days, size / fit",
        request(
            problem="size_fit",
            sold_on="2023-03-01",
            requested_on="2023-03-19",
            condition=["worn"],
            remedy="exchange",
        ),
        {},
        {"return": "footwear.not_covered.size_fit", "exchange": "footwear.not_covered.size_fit"},
    ),
    (
        "the shoe-counter notice: a sole breaks in normal wear within the leather period",
        request(
            problem="sole_broken",
            paid="813.59",
            sold_on="2023-01-18",
            requested_on="2023-04-10",
            condition=["worn"],
        ),
        {"exchange": None, "return": "813.59", "free_repair": None},
        {},
    ),
    (
        "the shoe-counter notice: glue comes apart inside the period -> free repair (and the law's exchange)",
        request(problem="glue_open", requested_on="2023-05-01"),
        {"free_repair": None, "exchange": None},
        {"return": "cpl24.return.7_days"},
    ),
    (
        "the shoe-counter notice: glue comes apart after the period -> repair at basic cost",
        request(problem="glue_open", requested_on="2023-06-02"),
        {"paid_repair": None},
        {"free_repair": "cpl24.repair", "exchange": "cpl24.exchange"},
    ),
    (
        "the apparel-counter notice: apparel returned unworn within 7 days; price has fallen",
        request(
            category="apparel",
            material=None,
            problem="size_fit",
            paid="300",
            current_price="250",
            sold_on="2023-03-01",
            requested_on="2023-03-08",
        ),
        {"return": "250.00", "exchange": None},
        {},
    ),
    (
        "the apparel-counter notice: price has risen -> the price paid",
        request(
            category="apparel",
            material=None,
            problem="no_reason",
            paid="300",
            current_price="350",
            sold_on="2023-03-01",
            requested_on="2023-03-08",
        ),
        {"return": "300.00", "exchange": None},
        {},
    ),
    (
        "the apparel-counter notice: washed clothes are not taken back",
        request(
            category="apparel",
            material=None,
            problem="size_fit",
            condition=["washed"],
            requested_on="2023-03-03",
        ),
        {},
        {
            "return": "apparel.goodwill.not_resaleable",
            "exchange": "apparel.goodwill.not_resaleable",
        },
    ),
    (
        "the apparel-counter notice: clearance (处理品) is not taken back for a change of mind",
        request(category="apparel", material=None, problem="no_reason", item_flags=["clearance"]),
        {},
        {"return": "apparel.goodwill.clearance", "exchange": "apparel.goodwill.clearance"},
    ),
    (
        "the apparel-counter notice: a clearance item with an undisclosed defect still gets the law",
        request(category="apparel", material=None, problem="colour_run", item_flags=["clearance"]),
        {"return": "599.00", "exchange": None, "free_repair": None},
        {},
    ),
    (
        "the apparel-counter notice: knitwear pilling is repaired free",
        request(category="knitwear", material=None, problem="pilling", requested_on="2023-09-01"),
        {"free_repair": None},
        {},
    ),
]


@pytest.mark.parametrize(("name", "data", "grants", "refusals"), CASES, ids=[c[0] for c in CASES])
def test_worked_case(name, data, grants, refusals):
    result = answer(data)

    assert {r: a["amount"] for r, a in allowed(result).items()} == grants
    for remedy, clause in refusals.items():
        assert refused(result)[remedy]["clause"] == clause


def test_journey_one_reads_out_that_it_is_not_a_quality_problem():
    data = request(
        problem="size_fit",
        sold_on="2023-03-01",
        requested_on="2023-03-19",
        condition=["worn"],
        remedy="exchange",
    )

    zh, en = answer(data), answer(data, lang="en")

    assert zh["outcome"] == "refused" and zh["policy"] == "footwear"
    assert "不属于质量问题" in refused(zh)["exchange"]["reason"]
    assert "not a quality problem" in refused(en)["exchange"]["reason"]


def test_case_one_return_reason_names_the_missing_receipt():
    data = CASES[0][1]

    reason = refused(answer(data, lang="en"))["return"]["reason"]

    assert "no proof of purchase" in reason and "receipt" in reason


def test_fraud_compensation_has_a_floor_of_500_since_2014():
    data = request(
        category="general",
        material=None,
        problem="fraud",
        paid="100",
        sold_on="2014-03-15",
        requested_on="2014-03-20",
    )

    result = allowed(answer(data))

    assert result["return"]["amount"] == "100.00"
    assert result["compensation"]["amount"] == "500.00"
    assert "第五十五条" in result["compensation"]["basis"]


def test_fraud_the_day_before_the_2013_amendment_took_force():
    data = request(
        category="general",
        material=None,
        problem="fraud",
        paid="100",
        sold_on="2014-03-14",
        requested_on="2014-03-20",
    )

    assert allowed(answer(data))["compensation"]["amount"] == "100.00"
