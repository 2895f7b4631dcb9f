"""The console pages for claims, work orders and policies (SQLite, through the real app)."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.claims.factories import BOOTS
from tests.conftest import make_client, token_for
from tests.sales.factories import sale_body


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


def _sale(web, days_ago: int = 10) -> str:
    body = sale_body(
        lines=[BOOTS], sold_at=(datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    )
    answer = web.post("/api/v1/sales", json=body, headers=token_for(web, "admin"))
    assert answer.status_code == 201
    return body["receipt_no"]


def test_pages_need_a_login(web):
    for path in ("/claims", "/claims/desk", "/policy", "/claims/1", "/work-orders/1"):
        assert web.get(path, follow_redirects=False).status_code == 303


def test_desk_decides_then_opens_the_claim_with_the_chosen_remedy(web):
    receipt_no = _sale(web)
    _login(web, "staff")
    found = web.get(f"/claims/desk?q={receipt_no}")
    assert found.status_code == 200 and "女士短靴" in found.text
    decided = web.get(
        f"/claims/desk?q={receipt_no}&line=1&problem=sole_broken&part=sole"
        "&material=leather&evidence=receipt&decide=1"
    )
    assert decided.status_code == 200 and 'class="allowed"' in decided.text
    assert "footwear.break.refund" in decided.text
    opened = web.post(
        "/claims/desk/open",
        data={
            "csrf_token": _csrf(decided.text),
            "q": receipt_no,
            "line": "1",
            "problem": "sole_broken",
            "part": "sole",
            "material": "leather",
            "evidence": ["receipt"],
            "remedy": "return",
        },
        follow_redirects=False,
    )
    assert opened.status_code == 303
    page = web.get(opened.headers["location"])
    assert page.status_code == 200 and "待退款" in page.text
    refund = web.post(
        f"{opened.headers['location']}/refund",
        data={"csrf_token": _csrf(page.text), "amount": "999", "method": "cash"},
    )
    assert refund.status_code == 422 and "退款金额超过" in refund.text
    slip = web.get(f"{opened.headers['location']}/slip")
    assert slip.status_code == 200 and "@media print" in slip.text
    mailed = web.post(
        f"{opened.headers['location']}/slip/email",
        data={"csrf_token": _csrf(page.text), "email": "kunde@example.com"},
        follow_redirects=False,
    )
    assert mailed.status_code == 303
    assert web.get("/claims").status_code == 200


def test_desk_shows_a_refusal_with_the_complaint_link_and_field_errors(web):
    receipt_no = _sale(web, days_ago=18)
    _login(web, "staff")
    refused = web.get(
        f"/claims/desk?q={receipt_no}&line=1&problem=size_fit&condition=worn"
        "&evidence=receipt&decide=1"
    )
    assert 'class="refused"' in refused.text
    # One reason refusing return, exchange and repair is said once, the policy by its
    # title, clause ids behind a details element, no "不予退换" on a repair refusal.
    assert refused.text.count("不在鞋类三包范围内") == 1
    assert "不能退货、换货、免费修理" in refused.text and "不予退换" not in refused.text
    assert "鞋类三包（本店承诺）" in refused.text
    assert "<details><summary>" in refused.text
    assert 'value="complaint"' in refused.text
    bad = web.get(
        f"/claims/desk?q={receipt_no}&line=1&problem=size_fit&requested_on=2001-01-01&decide=1"
    )
    assert bad.status_code == 422 and 'class="error"' in bad.text
    no_csrf = web.post("/claims/desk/open", data={"q": receipt_no, "line": "1"})
    assert no_csrf.status_code == 403


def test_english_switch_and_the_policy_page(web):
    _login(web, "staff")
    page = web.get("/policy")
    assert page.status_code == 200 and "footwear.break.refund" in page.text
    assert "鞋类三包" in page.text and "Footwear" in page.text
    english = web.get("/claims/desk?lang=en")
    assert "Claim desk" in english.text


def test_receipt_page_offers_a_claim_per_line(web):
    receipt_no = _sale(web)
    _login(web, "staff")
    listing = web.get(f"/receipts?q={receipt_no}")
    receipt_id = re.search(r'href="/receipts/(\d+)"', listing.text).group(1)
    page = web.get(f"/receipts/{receipt_id}")
    assert f"/claims/desk?q={receipt_no}&amp;line=1" in page.text


def _work_order(web) -> int:
    """A free repair's work order, taken in; the technician logged in."""
    receipt_no = _sale(web)
    headers = token_for(web, "staff")
    claim = web.post(
        "/api/v1/claims",
        headers=headers,
        json={
            "receipt_no": receipt_no,
            "sku": BOOTS["sku"],
            "problem": "glue_open",
            "part": "sole",
            "condition": [],
            "evidence": ["receipt"],
            "material": "leather",
        },
    ).json()
    chosen = web.post(
        f"/api/v1/claims/{claim['id']}/choose",
        headers=headers,
        json={"remedy": "free_repair", "version": claim["version"]},
    ).json()
    _login(web, "technician")
    return chosen["work_orders"][0]


def test_work_order_page_takes_the_technicians_steps(web):
    wid = _work_order(web)
    page = web.get(f"/work-orders/{wid}")
    assert page.status_code == 200 and f"/work-orders/{wid}/diagnose" in page.text
    read = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    step = web.post(
        f"/work-orders/{wid}/diagnose",
        data={"csrf_token": _csrf(page.text), "diagnosis": "鞋底开胶", "version": read},
        follow_redirects=False,
    )
    assert step.status_code == 303
    again = web.post(
        f"/work-orders/{wid}/diagnose",
        data={"csrf_token": _csrf(page.text), "diagnosis": "x", "version": int(read) + 1},
    )
    assert again.status_code == 409  # the state no longer allows it, as on every page


def test_work_order_page_names_steps_and_states_in_the_readers_language(web):
    wid = _work_order(web)
    page = web.get(f"/work-orders/{wid}")
    read = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": _csrf(page.text), "diagnosis": "鞋底开胶", "version": read}
    web.post(f"/work-orders/{wid}/diagnose", data=form, follow_redirects=False)
    diagnosed = web.get(f"/work-orders/{wid}").text
    buttons = re.findall(r'<button type="submit">([^<]+)</button>', diagnosed)
    assert {"返厂维修", "登记已修好"} <= set(buttons)
    assert not {"send-to-factory", "repaired"} & set(buttons)
    assert '<span class="tag" id="work-status">已检测</span>' in diagnosed
    refused = web.post(f"/work-orders/{wid}/diagnose", data=form | {"version": int(read) + 1})
    assert refused.status_code == 409 and "维修单不能从“已检测”变为“已检测”" in refused.text
    english = web.get(f"/work-orders/{wid}?lang=en").text
    assert '<span class="tag" id="work-status">diagnosed</span>' in english
    english_buttons = set(re.findall(r'<button type="submit">([^<]+)</button>', english))
    assert {"Send to the factory", "Record as repaired"} <= english_buttons


def _ticked(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="(\w+)" checked', page)


def test_desk_ticks_no_proof_and_says_the_sale_is_in_our_records(web):
    receipt_no = _sale(web)
    _login(web, "staff")

    page = web.get(f"/claims/desk?q={receipt_no}&line=1")

    assert _ticked(page.text, "evidence") == []
    assert "本店销售记录" in page.text and "系统" in page.text
    for field in (
        "true_tag_price",
        "current_price",
        "received_on",
        "material",
        "exchanged_on",
        "earlier_exchanges",
        "produced_on",
        "whole_unit_months",
        "out_of_stock",
    ):
        assert f'name="{field}"' in page.text, field


def test_desk_asks_for_the_material_it_needs(web):
    receipt_no = _sale(web)
    _login(web, "staff")

    page = web.get(f"/claims/desk?q={receipt_no}&line=1&problem=glue_open&decide=1")

    assert page.status_code == 200
    assert '<label class="needed">' in page.text and "请补充鞋的材质" in page.text


def test_seed_case_2_is_decided_at_the_desk(web):
    boots = dict(BOOTS, tag_price="1437.00", paid="1006.00")
    body = sale_body(lines=[boots], sold_at=(datetime.now(UTC) - timedelta(days=3)).isoformat())
    assert web.post("/api/v1/sales", json=body, headers=token_for(web, "admin")).status_code == 201
    _login(web, "staff")

    page = web.get(
        f"/claims/desk?q={body['receipt_no']}&line=1&problem=price_mismatch"
        "&true_tag_price=969&decide=1"
    )

    assert page.status_code == 200, page.text
    assert "¥328.00" in page.text  # 1006 - round(969 x 0.7)
    assert "¥3018.00" in page.text  # 3 x 1006 (CPL Art. 55(1))


def test_turning_a_refusal_into_a_complaint_carries_the_claim_both_ways(web):
    receipt_no = _sale(web, days_ago=18)
    _login(web, "staff")
    refused = web.get(
        f"/claims/desk?q={receipt_no}&line=1&problem=size_fit&condition=worn"
        "&evidence=receipt&decide=1"
    )

    moved = web.post(
        "/claims/desk/open",
        data={
            "csrf_token": _csrf(refused.text),
            "q": receipt_no,
            "line": "1",
            "problem": "size_fit",
            "condition": ["worn"],
            "evidence": ["receipt"],
            "then": "complaint",
        },
        follow_redirects=False,
    )

    assert moved.status_code == 303
    target = moved.headers["location"]
    assert target.startswith("/complaints/new?")
    for part in (
        "store=S1",
        "counter=S1-F1-C01",
        "claim_id=",
        "type=product",
        "cause=no_standard",
        f"receipt_no={receipt_no}",
        "title=",
        "product=",
    ):
        assert part in target, part
    claim_id = re.search(r"claim_id=(\d+)", target).group(1)
    form = web.get(target)
    assert form.status_code == 200
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.text))
    registered = web.post(
        "/complaints/new",
        data={
            **{k: v for k, v in fields.items() if k != "suggest"},
            "title": "尺码问题未予退换",
            "description": "顾客不满",
            "type": "product",
            "cause": "no_standard",
            "channel": "walk_in",
        },
        follow_redirects=False,
    )
    assert registered.status_code == 303, registered.text
    complaint_page = web.get(registered.headers["location"])
    assert f'href="/claims/{claim_id}"' in complaint_page.text
    complaint_id = registered.headers["location"].rsplit("/", 1)[1]
    claim_page = web.get(f"/claims/{claim_id}")
    assert f'href="/complaints/{complaint_id}"' in claim_page.text


def test_desk_asks_for_the_day_an_online_sale_was_received(web):
    receipt_no = _sale(web)
    _login(web, "staff")

    page = web.get(f"/claims/desk?q={receipt_no}&line=1&problem=size_fit&channel=online&decide=1")

    assert page.status_code == 200
    assert re.search(r'<label class="needed">[^<]*<input type="date" name="received_on"', page.text)
    assert "按销售日计算" in page.text
