"""The claim desk and the policy page for the later national 三包 rules: a repair elsewhere,
PC2002's pirated-software and virus exemptions, fixed-line phones, and the refund less
depreciation whose daily rate the store has not set yet (SQLite, through the real app)."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import make_client, token_for
from tests.sales.factories import sale_body

PHONE = {
    "sku": "MP-5001",
    "name": "智能手机",
    "category": "mobile_phone",
    "qty": 1,
    "tag_price": "3999.00",
    "paid": "3999.00",
}


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


@pytest.fixture
def web(sqlite_engine):
    with make_client(str(sqlite_engine.url)) as client:
        yield client


def _login(web, username: str) -> None:
    token = _csrf(web.get("/login").text)
    answer = web.post(
        "/login",
        data={"username": username, "password": "demo", "csrf_token": token, "next": "/home"},
        follow_redirects=False,
    )
    assert answer.status_code == 303


def _phone_sale(web, days_ago: int) -> str:
    body = sale_body(
        lines=[PHONE], sold_at=(datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    )
    assert web.post("/api/v1/sales", json=body, headers=token_for(web, "admin")).status_code == 201
    return body["receipt_no"]


def _ticked(page: str) -> list[str]:
    return re.findall(r'name="condition" value="(\w+)" checked', page)


FAULT = "&product_type=handset&problem=performance_fault&evidence=invoice"


def test_desk_asks_about_repairs_elsewhere_and_shows_the_new_facts(web):
    receipt_no = _phone_sale(web, days_ago=3)
    _login(web, "staff")

    page = web.get(f"/claims/desk?q={receipt_no}&line=1")

    assert page.status_code == 200
    assert 'id="repaired-elsewhere"' in page.text
    assert 'name="condition" value="repaired_elsewhere"' in page.text
    assert "曾由非三包修理者拆开或修理过" in page.text and "请询问顾客" in page.text
    for code, words in (
        ("pirated_software", "使用盗版软件造成损坏"),
        ("virus_infection", "使用中感染病毒造成损坏"),
        ("voucher_mismatch", "三包凭证涂改"),
        ("force_majeure", "不可抗力造成损坏"),
        ("cordless_phone", "无绳电话机"),
        ("isdn_phone", "ISDN数字电话机"),
        ("charging_base", "充电座"),
    ):
        assert f'value="{code}"' in page.text and words in page.text, code
    assert _ticked(page.text) == []  # nothing ticked by default


def test_a_repair_elsewhere_voids_the_三包_at_the_desk_and_in_the_claim(web):
    receipt_no = _phone_sale(web, days_ago=3)
    _login(web, "staff")

    decided = web.get(
        f"/claims/desk?q={receipt_no}&line=1{FAULT}&condition=repaired_elsewhere&decide=1"
    )

    assert decided.status_code == 200, decided.text
    assert _ticked(decided.text) == ["repaired_elsewhere"]
    assert "这部手机曾由非承担三包的修理者拆开或修理过" in decided.text
    assert "mobile_phone.void.repaired_elsewhere" in decided.text
    assert "收费修理" in decided.text  # the paid repair stays on offer
    opened = web.post(
        "/claims/desk/open",
        data={
            "csrf_token": _csrf(decided.text),
            "q": receipt_no,
            "line": "1",
            "product_type": "handset",
            "problem": "performance_fault",
            "evidence": ["invoice"],
            "condition": ["repaired_elsewhere"],
        },
        follow_redirects=False,
    )
    assert opened.status_code == 303, opened.text
    claim_id = opened.headers["location"].rsplit("/", 1)[1]
    claim = web.get(f"/api/v1/claims/{claim_id}", headers=token_for(web, "staff")).json()
    clauses = {r["clause"] for r in claim["decision"]["refused"]}
    assert clauses == {"mobile_phone.void.repaired_elsewhere"}


def test_english_desk_words_the_repair_elsewhere(web):
    receipt_no = _phone_sale(web, days_ago=3)
    _login(web, "staff")

    page = web.get(
        f"/claims/desk?q={receipt_no}&line=1{FAULT}&condition=repaired_elsewhere&decide=1&lang=en"
    )

    assert "Opened or repaired by someone other than the 三包 repairer" in page.text
    assert "opened or repaired by someone other than the 三包 repairer" in page.text


def test_desk_says_the_depreciation_rate_is_not_set_yet(web):
    receipt_no = _phone_sale(web, days_ago=12)  # days 8-15: exchange, or refund less depreciation
    _login(web, "staff")

    page = web.get(f"/claims/desk?q={receipt_no}&line=1{FAULT}&decide=1")

    assert page.status_code == 200, page.text
    assert "暂无法判断退货" in page.text and "尚未设定该类商品的日折旧率" in page.text
    assert "mobile_phone.d15.refund" in page.text
    assert "选择" in page.text and 'name="remedy" value="exchange"' in page.text


def test_policy_page_shows_the_depreciation_settings(web):
    _login(web, "dept_manager")

    page = web.get("/policy")

    assert page.status_code == 200
    assert 'id="policy-fixed_phone"' in page.text and "固定电话机三包" in page.text
    for name in ("mobile_phone", "fixed_phone", "computer", "audio_visual"):
        section = page.text.split(f'id="money-{name}"', 1)[1].split("</table>", 1)[0]
        assert "本店设定" in section and "rate-missing" in section, name
    appliance = page.text.split('id="money-appliance"', 1)[1].split("</table>", 1)[0]
    assert "0.1%" in appliance and "rate-missing" not in appliance
    assert 'href="/policy/versions"' in page.text
