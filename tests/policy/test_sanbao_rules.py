"""The national 三包 rules of the later product regulations, rule by rule: fixed-line phones
(FIX2001), PC2002's pirated-software and virus exemptions, the refund less depreciation
instead of an available exchange (MOB2001 Art. 19, FIX2001 Art. 16, PC2002 Art. 15, AV2002
Art. 16) with its daily rate a store setting, and a repair elsewhere voiding the 三包."""

from __future__ import annotations

from functools import cache

import pytest

from aftersales.policy import PolicyFileError, load_policy_texts
from aftersales.policy.dump import dump_policy_set

from .helpers import allowed, answer, refused, request, shipped_texts

RATED = ("mobile_phone.toml", "fixed_phone.toml", "computer.toml", "audio_visual.toml")
MONEY = "[money]\ndepreciation = true\n"


@cache
def with_rate(rate: str = "0.001", extra: str = ""):
    """The shipped set with the store's daily rate set in the four rated policies."""
    texts = shipped_texts()
    for name in RATED:
        assert MONEY in texts[name]
        text = texts[name].replace(MONEY, f'{MONEY}rate = "{rate}"\n')
        texts[name] = text.replace("\n[[clause]]", f"\n{extra}\n[[clause]]", 1)
    return load_policy_texts(texts)


def item(category: str, product_type: str, **f) -> dict:
    base = {
        "product_type": product_type,
        "problem": "performance_fault",
        "evidence": ["invoice"],
        "paid": "3000.00",
    }
    if category in ("fixed_phone", "computer", "audio_visual"):
        base["warranty"] = {"whole_unit_months": 12}
    return request(category=category, material=None, **(base | f))


PHONE = ("mobile_phone", "handset")
FIXED = ("fixed_phone", "cordless_phone")
PC = ("computer", "main_unit")
AV = ("audio_visual", "amplifier")
TWICE = [
    {"part": None, "on": "2023-03-10", "back_on": "2023-03-12", "fixed": False},
    {"part": None, "on": "2023-03-20", "back_on": "2023-03-22", "fixed": False},
]
OPEN = [{"part": None, "on": "2023-04-01", "back_on": None, "fixed": False}]

# FIX2001, rule by rule: (name, request, {remedy: amount} allowed, {remedy: clause} refused)
FIXED_CASES = [
    (
        "Art. 11: days 1-7, return at the invoice price",
        item(*FIXED, requested_on="2023-03-08"),
        {"return": "3000.00", "exchange": None, "free_repair": None},
        {},
    ),
    (
        "Art. 12: days 8-15, exchange; the refund waits for the store's rate",
        item(*FIXED, requested_on="2023-03-16"),
        {"exchange": None, "free_repair": None},
        {"return": "fixed_phone.d15.refund"},
    ),
    (
        "Art. 15: no same model in stock, a full refund",
        item(*FIXED, requested_on="2023-03-16", replacement_available=False),
        {"return": "3000.00", "free_repair": None},
        {"exchange": "fixed_phone.d15.exchange"},
    ),
    (
        "Art. 13: repaired twice within the period, a free exchange",
        item(*FIXED, requested_on="2023-05-01", repairs=TWICE),
        {"exchange": None, "free_repair": None},
        {"return": "fixed_phone.twice.refund"},
    ),
    (
        "Arts. 21-22: a repair open for 61 days, a free exchange",
        item(*FIXED, requested_on="2023-06-01", repairs=OPEN),
        {"exchange": None, "free_repair": None},
        {"return": "fixed_phone.overdue.refund"},
    ),
    (
        "Arts. 8, 19: free repair within the card's period",
        item(*FIXED, requested_on="2024-02-29"),
        {"free_repair": None},
        {"return": "fixed_phone.d7.return", "exchange": "fixed_phone.d15.exchange"},
    ),
    (
        "Art. 8: past the card's period, a paid repair",
        item(*FIXED, requested_on="2024-03-02"),
        {"paid_repair": None},
        {"free_repair": "fixed_phone.warranty.free_repair"},
    ),
    (
        "Art. 8: no card, the period is asked for",
        item(*FIXED, requested_on="2023-08-01", warranty=None),
        {"paid_repair": None},
        {"free_repair": "fixed_phone.warranty.free_repair"},
    ),
    (
        "Art. 14: a charging base bought alone, a free exchange",
        item("fixed_phone", "charging_base", requested_on="2023-08-01"),
        {"exchange": None, "free_repair": None},
        {},
    ),
    (
        "Art. 14: a battery exchanged twice, refund at the invoice price",
        item(
            "fixed_phone",
            "battery",
            requested_on="2023-08-01",
            exchanges=[{"unit": None, "on": "2023-04-01"}, {"unit": None, "on": "2023-06-01"}],
        ),
        {"return": "3000.00", "exchange": None, "free_repair": None},
        {},
    ),
    (
        "Art. 24(4): damage from misuse, a paid repair only",
        item(*FIXED, condition=["misuse"]),
        {"paid_repair": None},
        {r: "fixed_phone.void.misuse" for r in ("return", "exchange", "free_repair")},
    ),
    (
        "Art. 24(5): opened by another repairer, a paid repair only",
        item(*FIXED, condition=["repaired_elsewhere"]),
        {"paid_repair": None},
        {r: "fixed_phone.void.repaired_elsewhere" for r in ("return", "exchange", "free_repair")},
    ),
    (
        "Arts. 9, 24(2): no proof at all, a paid repair only",
        item(*FIXED, evidence=[]),
        {"paid_repair": None},
        {r: "fixed_phone.void.no_voucher" for r in ("return", "exchange", "free_repair")},
    ),
    (
        "Art. 9: our own record of the sale is proof",
        item(*FIXED, evidence=["pos_record"], requested_on="2023-03-08"),
        {"return": "3000.00", "exchange": None, "free_repair": None},
        {},
    ),
]


@pytest.mark.parametrize(("name", "data", "grants", "refusals"), FIXED_CASES, ids=lambda v: v)
def test_fixed_phone_rules(name, data, grants, refusals):
    result = answer(data)

    assert result["policy"] == "fixed_phone"
    assert {r: a["amount"] for r, a in allowed(result).items()} == grants, result
    assert {r: refused(result)[r]["clause"] for r in refusals} == refusals


def test_fixed_phone_without_a_card_asks_for_its_period():
    result = answer(item(*FIXED, requested_on="2023-08-01", warranty=None))

    assert refused(result)["free_repair"]["needs"] == "warranty.whole_unit_months"


def test_an_exchanged_fixed_phone_starts_its_period_again():
    data = item(*FIXED, requested_on="2024-05-01", exchanged_on="2023-06-01")

    assert "free_repair" in allowed(answer(data))  # 1 year from 2023-06-01


# Depreciation with the store's rate set (0.1% a day): (name, request, refund)
DEPRECIATION_CASES = [
    # 13 days from the invoice x 0.1% x 3000 = 39; delivery on 03-05 does not shorten it
    (
        "phone, days 8-15",
        item(*PHONE, requested_on="2023-03-14", received_on="2023-03-05"),
        "2961.00",
    ),
    ("fixed phone, days 8-15", item(*FIXED, requested_on="2023-03-13"), "2964.00"),
    # 31 days less 6 under repair = 25 x 3 = 75
    ("computer, repaired twice", item(*PC, requested_on="2023-04-01", repairs=TWICE), "2925.00"),
    # 92 days less 62 under repair (04-01..06-01, both counted) = 30 x 3 = 90
    (
        "fixed phone, repair overdue",
        item(*FIXED, requested_on="2023-06-01", repairs=OPEN),
        "2910.00",
    ),
    # AV2002 Art. 16 leaves out the first installation: 10 days from 03-04 x 3 = 30
    (
        "audio-visual, after installation",
        item(*AV, requested_on="2023-03-14", received_on="2023-03-04"),
        "2970.00",
    ),
    # the replacement's own voucher: 22 days from the exchange less 6 under repair = 16 x 3
    (
        "phone, repaired twice after an exchange",
        item(
            *PHONE,
            sold_on="2023-01-02",
            exchanged_on="2023-03-01",
            requested_on="2023-03-23",
            repairs=TWICE,
        ),
        "2952.00",
    ),
]


@pytest.mark.parametrize(("name", "data", "refund"), DEPRECIATION_CASES, ids=lambda v: v)
def test_refund_instead_of_an_available_exchange_less_depreciation(name, data, refund):
    result = answer(data, policy_set=with_rate())

    grant = allowed(result)["return"]
    assert grant["amount"] == refund
    assert grant["clause"].endswith(".refund")
    assert "本店设定" in grant["basis"] and "日折旧率0.1%" in grant["basis"]
    assert "exchange" in allowed(result)


def test_the_basis_names_the_store_setting_and_the_deduction_in_english():
    data = item(*PHONE, requested_on="2023-03-13")

    grant = allowed(answer(data, "en", policy_set=with_rate()))["return"]
    assert grant["amount"] == "2964.00"  # 12 days x 0.1% x 3000

    assert grant["basis"].startswith("MOB2001 Arts. 12, 19")
    assert "store setting" in grant["basis"] and "0.1% a day for 12 days" in grant["basis"]
    assert "depreciation 36.00 yuan" in grant["basis"]


def test_days_one_to_seven_refund_in_full_even_with_a_rate():
    result = answer(item(*PHONE, requested_on="2023-03-08"), policy_set=with_rate())

    assert allowed(result)["return"] == allowed(result)["return"] | {
        "amount": "3000.00",
        "clause": "mobile_phone.d7.return",
    }


def test_no_stock_refunds_in_full_citing_the_no_stock_article():
    data = item(*PHONE, requested_on="2023-03-13", replacement_available=False)

    grant = allowed(answer(data, policy_set=with_rate()))["return"]

    assert grant["amount"] == "3000.00"
    assert "第十八条" in grant["basis"]


def test_a_rate_per_product_type_overrides_the_category_rate():
    rated = with_rate("0.001", '[money.daily_rate]\nhandset = "0.002"\n')

    result = answer(item(*PHONE, requested_on="2023-03-13"), policy_set=rated)

    assert allowed(result)["return"]["amount"] == "2928.00"  # 12 days x 0.2% x 3000


def test_depreciation_switched_off_refunds_in_full():
    texts = shipped_texts()
    texts["computer.toml"] = texts["computer.toml"].replace(
        MONEY, "[money]\ndepreciation = false\n"
    )

    result = answer(item(*PC, requested_on="2023-03-13"), policy_set=load_policy_texts(texts))

    assert allowed(result)["return"]["amount"] == "3000.00"


@pytest.mark.parametrize("kind", [PHONE, FIXED, PC, AV], ids=lambda k: k[0])
def test_without_a_rate_the_answer_says_it_is_missing(kind):
    data = item(*kind, requested_on="2023-03-13", remedy="return")

    zh, en = answer(data), answer(data, "en")

    assert zh["outcome"] == "refused" and "exchange" in allowed(zh)
    refusal = refused(zh)["return"]
    assert refusal["clause"] == f"{kind[0]}.d15.refund"
    assert "尚未设定" in refusal["reason"] and "日折旧率" in refusal["reason"]
    assert refusal["say"].startswith("退货暂无法判断：")
    assert refusal["needs"] is None  # no request field can give it: the store sets it
    assert "daily depreciation rate" in refused(en)["return"]["reason"]


# The voucher altered or not the item's, and force majeure: every national void list
UNITS = [
    ("computer", "main_unit"),
    ("mobile_phone", "handset"),
    ("fixed_phone", "isdn_phone"),
    ("audio_visual", "speaker"),
    ("appliance", "color_tv"),
]
VOUCHER_AND_FORCE = [
    (category, unit, flag, f"{category}.void.{flag}", words)
    for category, unit in UNITS
    for flag, words in (("voucher_mismatch", "三包凭证经涂改"), ("force_majeure", "不可抗力"))
]
# PC2002 Art. 28 (7) and (8); every category's repair elsewhere
VOID_CASES = [
    *VOUCHER_AND_FORCE,
    ("computer", "main_unit", "pirated_software", "computer.void.pirated_software", "盗版软件"),
    ("computer", "software", "virus_infection", "computer.void.virus", "病毒"),
    (
        "computer",
        "main_unit",
        "repaired_elsewhere",
        "computer.void.repaired_elsewhere",
        "拆开或修理",
    ),
    (
        "mobile_phone",
        "handset",
        "repaired_elsewhere",
        "mobile_phone.void.repaired_elsewhere",
        "拆开或修理",
    ),
    (
        "fixed_phone",
        "isdn_phone",
        "repaired_elsewhere",
        "fixed_phone.void.repaired_elsewhere",
        "拆开或修理",
    ),
    (
        "audio_visual",
        "speaker",
        "repaired_elsewhere",
        "audio_visual.void.repaired_elsewhere",
        "拆开或修理",
    ),
    (
        "appliance",
        "color_tv",
        "repaired_elsewhere",
        "appliance.void.repaired_elsewhere",
        "拆开或修理",
    ),
]


@pytest.mark.parametrize(("category", "unit", "flag", "clause", "words"), VOID_CASES)
def test_void_facts_refuse_the_三包_but_leave_a_paid_repair(category, unit, flag, clause, words):
    result = answer(item(category, unit, condition=[flag]))

    assert set(allowed(result)) == {"paid_repair"}
    for remedy in ("return", "exchange", "free_repair"):
        assert refused(result)[remedy]["clause"] == clause
        assert words in refused(result)[remedy]["reason"]
    assert (
        "paid repair"
        in refused(answer(item(category, unit, condition=[flag]), "en"))["free_repair"]["reason"]
    )


def test_pirated_software_does_not_void_a_phone():
    result = answer(item(*PHONE, condition=["pirated_software"]))

    assert "return" in allowed(result)


@pytest.mark.parametrize(
    ("data", "clause"),
    [
        (
            request(problem="glue_open", condition=["repaired_elsewhere"]),
            "footwear.not_covered.damage",
        ),
        (
            request(
                category="apparel",
                material=None,
                problem="seam_open",
                condition=["repaired_elsewhere"],
            ),
            "cpl24.caused_by_customer",
        ),
        (
            request(
                category="general",
                material=None,
                problem="no_reason",
                channel="online",
                condition=["repaired_elsewhere"],
            ),
            "online_no_reason.not_intact",
        ),
    ],
)
def test_a_repair_elsewhere_elsewhere_in_the_store(data, clause):
    assert refused(answer(data))["return"]["clause"] == clause


def test_a_store_rate_needs_its_basis_and_a_sensible_value():
    texts = shipped_texts()
    broken = texts["mobile_phone.toml"].split('basis_zh = "本店设定', 1)
    texts["mobile_phone.toml"] = broken[0] + "\n" + broken[1].split("\n", 2)[2]
    with pytest.raises(PolicyFileError, match="store setting the rate"):
        load_policy_texts(texts)
    with pytest.raises(PolicyFileError, match="not a daily rate"):
        with_rate("1.5")


def test_the_money_settings_survive_a_dump():
    rated = with_rate()

    again = load_policy_texts(dump_policy_set(rated))

    assert again.policies["audio_visual"].money == rated.policies["audio_visual"].money
    assert str(again.policies["fixed_phone"].money.rate) == "0.001"
