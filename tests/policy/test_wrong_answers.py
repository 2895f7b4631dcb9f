"""Decisions a store meets that the engine once got wrong, each with its similar cases."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from aftersales.policy import active_policy_set

from .helpers import allowed, answer, price_protection_on, refused, request

SOLD = {"sold_on": "2023-03-01", "paid": "599.00"}


def appliance(**f):
    base = {
        "category": "appliance",
        "product_type": "color_tv",
        "problem": "performance_fault",
        "evidence": ["invoice"],
    }
    return request(material=None, **(base | f))


def phone(**f):
    base = {
        "category": "mobile_phone",
        "product_type": "handset",
        "problem": "performance_fault",
        "evidence": ["invoice"],
    }
    return request(material=None, **(base | f))


def apparel(**f):
    return request(**({"category": "apparel", "material": None} | f))


def repair(part, on, back_on, fixed=False, **extra):
    return {"part": part, "on": on, "back_on": back_on, "fixed": fixed, **extra}


# 1. No stock: the refund is owed; an exchange is never granted when nothing can be exchanged.
NO_STOCK = [
    ("appliance day 10", appliance(requested_on="2023-03-11"), "599.00"),
    ("appliance day 3", appliance(requested_on="2023-03-04"), "599.00"),
    ("phone day 12", phone(requested_on="2023-03-13"), "599.00"),
    ("shoe sole broken", request(problem="sole_broken", requested_on="2023-03-20"), "599.00"),
    ("shoe colour mismatch", request(problem="colour_mismatch"), "599.00"),
    ("apparel open seam day 20", apparel(problem="seam_open", requested_on="2023-03-21"), "599.00"),
    ("apparel counter promise", apparel(problem="size_fit"), "599.00"),
    (
        "appliance repaired twice",
        appliance(
            requested_on="2023-06-01",
            repairs=[
                repair("tuner", "2023-03-20", "2023-03-22"),
                repair("picture_tube", "2023-04-20", "2023-04-22"),
            ],
        ),
        "599.00",
    ),
]


@pytest.mark.parametrize(("case", "data", "refund"), NO_STOCK, ids=[c[0] for c in NO_STOCK])
def test_no_stock_owes_the_refund_and_never_an_exchange(case, data, refund):
    result = answer(dict(data, replacement_available=False))

    assert "exchange" not in allowed(result)
    assert allowed(result)["return"]["amount"] == refund
    if "exchange" in refused(result):
        assert "无同型号商品可换" in refused(result)["exchange"]["reason"]


def test_stock_and_the_customer_insists_on_a_refund_deducts_depreciation():
    in_stock = allowed(answer(appliance(requested_on="2023-03-11", paid="3000")))
    none_left = allowed(
        answer(appliance(requested_on="2023-03-11", paid="3000", replacement_available=False))
    )

    assert "exchange" in in_stock
    # 10 days x 0.1% x 3000 (SB1995 Art. 13, the color TV's catalogue rate)
    assert in_stock["return"]["amount"] == "2970.00"
    assert in_stock["return"]["clause"] == "appliance.d15.refund"
    assert none_left["return"]["amount"] == "3000.00"
    assert "第十三条" in none_left["return"]["basis"]


# 2. "Repaired twice" counts per product for the national rules, per part for footwear.
TWO_PARTS = [
    repair("tuner", "2023-03-20", "2023-03-22"),
    repair("picture_tube", "2023-04-20", "2023-04-22"),
]
TWICE_CASES = [
    ("appliance, two parts", appliance(part="tuner", repairs=TWO_PARTS), "appliance.twice", True),
    ("phone, two parts", phone(part="screen", repairs=TWO_PARTS), "mobile_phone.twice", True),
    (
        "shoe, two parts",
        request(
            problem="glue_open",
            part="sole",
            repairs=[
                repair("heel", "2023-03-10", "2023-03-12"),
                repair("sole", "2023-03-20", "2023-03-22"),
            ],
        ),
        "footwear.repair.twice",
        False,
    ),
    (
        "shoe, same part",
        request(
            problem="glue_open",
            part="sole",
            repairs=[
                repair("sole", "2023-03-10", "2023-03-12"),
                repair("sole", "2023-03-20", "2023-03-22"),
            ],
        ),
        "footwear.repair.twice",
        True,
    ),
    (
        "appliance, one failed repair",
        appliance(part="tuner", repairs=TWO_PARTS[:1] + [dict(TWO_PARTS[1], fixed=True)]),
        "appliance.twice",
        False,
    ),
]


@pytest.mark.parametrize(
    ("case", "data", "clause", "granted"), TWICE_CASES, ids=[c[0] for c in TWICE_CASES]
)
def test_repaired_twice(case, data, clause, granted):
    result = answer(dict(data, requested_on="2023-04-25"))

    # A shoe's exchange is also the law's (CPL Art. 24): the footwear rule shows in its refund.
    remedy = "return" if clause.startswith("footwear") else "exchange"
    found = allowed(result).get(remedy, {"clause": ""})
    assert found["clause"].startswith(clause) is granted, result


# 3. Proof in the store, and refusals that cite the clause that refuses.
@pytest.mark.parametrize(
    "evidence", [["pos_record"], ["pos_record", "staff_attestation"], ["member_record"]]
)
def test_a_sale_in_our_records_is_proof_at_the_counter(evidence):
    result = answer(apparel(problem="size_fit", evidence=evidence))

    assert allowed(result)["return"]["clause"] == "apparel.goodwill.return"


IN_STORE_REFUSALS = [
    apparel(problem="no_reason", requested_on="2023-03-20"),
    apparel(problem="no_reason", evidence=[]),
    apparel(problem="size_fit", condition=["tags_removed"]),
    request(category="general", material=None, problem="no_reason"),
    phone(product_type="charger", requested_on="2024-06-01"),
]


@pytest.mark.parametrize("data", IN_STORE_REFUSALS)
def test_an_in_store_request_is_never_refused_for_distance_sales(data):
    result = answer(data)

    for entry in result["refused"]:
        assert not entry["clause"].startswith("online_no_reason"), entry
        assert "网购" not in entry["reason"] and "远程" not in entry["reason"], entry


def test_an_online_tags_removed_refusal_cites_the_online_rule():
    result = answer(apparel(channel="online", problem="no_reason", condition=["tags_removed"]))

    assert refused(result)["return"]["clause"] == "online_no_reason.not_intact"


def test_a_charger_is_refused_by_the_phone_rules():
    result = answer(phone(product_type="charger", remedy="return"))

    assert refused(result)["return"]["clause"].startswith("mobile_phone.")


# 4. Distance sales are not counter sales.
def test_the_counter_promise_is_for_counter_sales():
    online = answer(apparel(channel="online", problem="size_fit", evidence=[]))

    assert allowed(online)["return"]["clause"] == "online_no_reason.return"
    assert "exchange" not in allowed(online)  # the counter's goodwill exchange


def test_custom_made_online_has_no_no_reason_return():
    result = answer(apparel(channel="online", problem="size_fit", item_flags=["custom_made"]))

    assert refused(result)["return"]["clause"] == "online_no_reason.excluded_by_law"


def test_online_without_a_receipt_day_counts_from_the_sale_and_says_so():
    result = answer(apparel(channel="online", problem="no_reason", requested_on="2023-03-08"))
    received = answer(
        apparel(
            channel="online",
            problem="no_reason",
            received_on="2023-03-04",
            requested_on="2023-03-10",
        )
    )

    assert "return" in allowed(result)
    assert any("按销售日计算" in n for n in result["notes"])
    assert "return" in allowed(received)
    assert not any("按销售日计算" in n for n in received["notes"])


# 5. No invented periods.
@pytest.mark.parametrize("product", ["washing_machine", "air_conditioner", "refrigerator"])
def test_catalogue_appliances_are_repaired_free_in_their_first_year(product):
    result = answer(appliance(product_type=product, requested_on="2023-12-01"))

    assert allowed(result)["free_repair"]["clause"] == "appliance.warranty.free_repair"
    assert "paid_repair" not in allowed(result)


def test_without_a_catalogue_row_the_card_gives_the_period_or_the_answer_asks_for_it():
    data = appliance(product_type="microwave", requested_on="2023-12-01")

    missing = refused(answer(data))["free_repair"]
    carded = allowed(answer(dict(data, warranty={"whole_unit_months": 12})))

    assert missing["needs"] == "warranty.whole_unit_months"
    assert "三包凭证" in missing["reason"] and "不能" not in missing["say"]
    assert carded["free_repair"]["until"] == "2024-03-01"


def test_a_longer_card_period_counts():
    data = appliance(requested_on="2024-08-01", warranty={"whole_unit_months": 24})

    assert "free_repair" not in allowed(answer(dict(data, warranty=None)))
    # 2025-03-01 is a Saturday: the national period ends on the next working day
    assert allowed(answer(data))["free_repair"]["until"] == "2025-03-03"


def test_a_card_names_the_main_parts_where_the_catalogue_does_not():
    card = {"whole_unit_months": 12, "main_parts_months": 36, "main_parts": ["magnetron"]}
    data = appliance(product_type="microwave", part="magnetron", requested_on="2025-01-10")

    assert "free_repair" in allowed(answer(dict(data, warranty=card)))
    assert "free_repair" not in allowed(answer(dict(data, warranty=card, part="door")))


# 6. Missing rules.
OVERDUE = [
    ("repairer, 31 days", [repair(None, "2023-04-01", "2023-05-02")], True),
    ("repairer, 30 days", [repair(None, "2023-04-01", "2023-05-01")], False),
    ("still open, 40 days", [repair(None, "2023-04-01", None)], True),
    ("parts, 80 days", [repair(None, "2023-04-01", "2023-06-20", delay="parts")], False),
    ("parts, 91 days", [repair(None, "2023-04-01", "2023-07-01", delay="parts")], True),
    (
        "parts 70 + repairer 31",
        [repair(None, "2023-04-01", "2023-07-11", waiting_parts_days=70)],
        True,
    ),
]


@pytest.mark.parametrize(("case", "repairs", "exchange"), OVERDUE, ids=[o[0] for o in OVERDUE])
def test_sb1995_art_12_overdue_repairs_give_an_exchange(case, repairs, exchange):
    result = answer(appliance(repairs=repairs, requested_on="2023-07-11"))

    granted = allowed(result).get("exchange")
    assert (granted is not None and granted["clause"] == "appliance.overdue.exchange") is exchange


def test_a_phone_repair_waiting_for_parts_over_60_days_gives_a_new_handset():
    repairs = [repair(None, "2023-04-01", "2023-06-05", delay="parts")]

    result = allowed(answer(phone(repairs=repairs, requested_on="2023-06-06")))

    assert result["exchange"]["clause"] == "mobile_phone.overdue.exchange"


@pytest.mark.parametrize(("exchanges", "refund"), [(1, False), (2, True)])
def test_a_phone_accessory_exchanged_twice_is_refunded(exchanges, refund):
    swaps = [{"unit": "battery", "on": f"2023-0{4 + i}-01"} for i in range(exchanges)]
    data = phone(product_type="battery", exchanges=swaps, requested_on="2023-07-01")

    assert ("return" in allowed(answer(data))) is refund


def test_another_units_exchanges_do_not_count():
    swaps = [{"unit": "charger", "on": "2023-04-01"}, {"unit": "charger", "on": "2023-05-01"}]
    data = phone(product_type="battery", exchanges=swaps, requested_on="2023-07-01")

    assert "return" not in allowed(answer(data))


def test_a_phone_without_proof_counts_from_production_and_only_repairs():
    data = phone(evidence=[], produced_on="2023-01-01", requested_on="2024-03-20")
    no_date = dict(data, produced_on=None)

    result = answer(data)

    # 2023-01-01 + 90 days = 2023-04-01; + 1 year = 2024-04-01
    assert allowed(result)["free_repair"]["until"] == "2024-04-01"
    assert "return" not in allowed(result) and "exchange" not in allowed(result)
    assert refused(answer(no_date))["free_repair"]["needs"] == "produced_on"


def test_computer_rules():
    card = {"whole_unit_months": 12, "main_parts_months": 24, "main_parts": ["hard_disk"]}
    base = {
        "category": "computer",
        "product_type": "main_unit",
        "problem": "performance_fault",
        "evidence": ["invoice"],
        "warranty": card,
    }
    day_5 = answer(request(material=None, **base))
    month_18 = answer(request(material=None, part="hard_disk", requested_on="2024-09-01", **base))
    option = answer(
        request(
            material=None,
            requested_on="2023-06-01",
            **(base | {"product_type": "option"}),
            exchanges=[{"unit": None, "on": "2023-04-01"}, {"unit": None, "on": "2023-05-01"}],
        )
    )

    assert allowed(day_5)["return"]["clause"] == "computer.d7.return"
    assert any("显示器、键盘、鼠标" in n for n in day_5["notes"])
    assert allowed(month_18)["free_repair"]["clause"] == "computer.main_part.free_repair"
    assert allowed(option)["return"]["clause"] == "computer.option.twice.refund"


def test_audio_visual_windows_leave_out_the_installation():
    base = {"category": "audio_visual", "product_type": "amplifier", "evidence": ["invoice"]}
    installed = request(
        material=None,
        problem="performance_fault",
        received_on="2023-03-10",
        requested_on="2023-03-16",
        **base,
    )

    assert allowed(answer(installed))["return"]["clause"] == "audio_visual.d7.return"
    assert "return" not in allowed(answer(dict(installed, received_on=None)))


# 7. An exchange restarts the 三包 periods, never the 7- and 15-day windows.
def test_restart_after_an_exchange():
    replaced = appliance(exchanged_on="2023-03-10", requested_on="2023-03-12")
    year_on = dict(replaced, requested_on="2024-03-05")

    # Day 11 of the sale, day 2 of the replacement: no new 7-day full refund, only the
    # 15-day window's refund less depreciation.
    assert allowed(answer(replaced))["return"]["clause"] == "appliance.d15.refund"
    assert allowed(answer(year_on))["free_repair"]["until"] == "2024-03-11"
    assert "free_repair" not in allowed(answer(dict(year_on, exchanged_on=None)))


def test_a_replacement_on_day_10_opens_no_new_15_days():
    data = appliance(exchanged_on="2023-03-10", requested_on="2023-03-20")

    assert "exchange" not in allowed(answer(data))


# 8. Footwear without a material: the answer asks for it.
def test_footwear_without_material_asks_for_it():
    result = answer(request(material=None, problem="glue_open", requested_on="2023-03-20"))

    assert refused(result)["free_repair"]["needs"] == "material"
    assert "材质" in refused(result)["free_repair"]["reason"]


# 9. Price protection is off unless the store announces it.
def test_price_protection_is_off_until_announced():
    data = apparel(problem="price_drop", paid="500", current_price="450")

    off = answer(data)
    on = answer(data, policy_set=price_protection_on(15))

    assert refused(off)["refund_difference"]["clause"] == "price_protection.refund_difference"
    assert "未承诺价格保护" in refused(off)["refund_difference"]["reason"]
    assert allowed(on)["refund_difference"]["amount"] == "50.00"
    later = dict(data, requested_on="2023-03-14")
    assert "refund_difference" in allowed(answer(later, policy_set=price_protection_on(15)))
    clearance = dict(data, item_flags=["clearance"])
    assert "refund_difference" not in allowed(answer(clearance, policy_set=price_protection_on()))


# 10. A store promise never takes away what the law grants, and says so plainly.
def test_the_store_promises_repair_and_the_law_still_returns():
    result = answer(apparel(problem="seam_open", requested_on="2023-03-05"))

    say = allowed(result)["return"]["say"]
    assert say.startswith("本店承诺免费修理；依照《消费者权益保护法》第二十四条")
    assert "您也可以选择退货" in say and "599.00元" in say


def test_every_period_traces_to_the_rule_book_or_a_store_setting():
    for policy in active_policy_set().policies.values():
        for period in policy.periods.values():
            assert period.basis.zh and period.basis.en, (policy.name, period.name)
            if "本店设定" in period.basis.zh:
                assert period.setting, (policy.name, period.name)
    quality = active_policy_set().policies["cpl24"].periods["quality"]
    assert quality.setting and "90" in quality.basis.zh


# Answers a clerk reads aloud.
READ_ALOUD = [
    request(),
    request(problem="size_fit", condition=["worn"]),
    apparel(problem="seam_open"),
    apparel(problem="price_mismatch", paid="1006", tag_price="1437", true_tag_price="969"),
    appliance(requested_on="2023-03-11"),
    phone(evidence=[], requested_on="2023-05-01"),
    apparel(channel="online", problem="no_reason", condition=["tags_removed"]),
]
_LATIN = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("data", READ_ALOUD)
def test_every_remedy_has_one_sentence_in_one_language(data):
    zh, en = answer(data), answer(data, lang="en")

    for entry in zh["allowed"] + zh["refused"]:
        assert entry["say"], entry
        assert not _LATIN.search(entry["say"].replace("IMEI", "")), entry["say"]
    for entry in zh["allowed"]:
        assert not _LATIN.search(entry["basis"]), entry["basis"]
        if entry["amount"]:
            assert f"{entry['amount']}元" in entry["say"]
        if entry["until"]:
            y, m, d = (int(x) for x in entry["until"].split("-"))
            assert f"{y}年{m}月{d}日" in entry["say"]
    for entry in en["allowed"] + en["refused"]:
        plain = entry["say"].replace("三包", "").replace("处理品", "")
        assert entry["say"] and not _CJK.search(plain), entry["say"]
    title = active_policy_set().policies[zh["policy"]].title.zh
    assert title and not _LATIN.search(title)


def test_a_repair_refusal_never_says_no_return_or_exchange():
    result = answer(request(problem="size_fit", condition=["worn"]))

    assert "不予退换" not in refused(result)["free_repair"]["say"]
    for policy in active_policy_set().policies.values():
        for clause in policy.clauses:
            if "free_repair" in clause.remedies:
                assert "不予退换" not in clause.text.zh, clause.id


def test_depreciation_basis_says_so():
    data = appliance(requested_on="2023-03-11", paid="3000")

    basis = allowed(answer(data))["return"]["basis"]

    assert "折旧" in basis and Decimal(allowed(answer(data))["return"]["amount"]) < 3000
