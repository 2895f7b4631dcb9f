"""The administrator's member rules page and the priority event pages: forms validated
with the message next to the field, stale versions refused, refusals leave nothing."""

import pytest
from sqlalchemy import select

from aftersales.customers.care_models import CareRule
from aftersales.customers.member_models import PriorityEvent
from aftersales.customers.models import EarnRule
from aftersales.db import make_session_factory, transaction
from tests.support.pages import login, page_client


@pytest.fixture
def web(engine, tmp_path):
    with page_client(engine, tmp_path) as client:
        yield client


def _birthday_rule(engine) -> CareRule:
    with transaction(make_session_factory(engine)) as db:
        rule = db.scalars(select(CareRule).where(CareRule.trigger == "birthday")).first()
        db.expunge(rule)
        return rule


def test_only_the_administrator_opens_the_rules_page(web):
    login(web, "staff")
    assert web.get("/members/rules").status_code == 403


def test_an_earn_rule_is_added_and_retired_and_a_bad_one_refused(web, engine):
    csrf = login(web, "admin", then="/members/rules")
    bad = web.post(
        "/members/rules/earn",
        data={"csrf_token": csrf, "kind": "promotion", "percent": "x2", "note": "双倍"},
    )
    assert bad.status_code == 422 and 'data-field="percent"' in bad.text
    backwards = web.post(
        "/members/rules/earn",
        data={
            "csrf_token": csrf,
            "kind": "promotion",
            "percent": "200",
            "starts_on": "2020-01-10",
            "ends_on": "2020-01-01",
        },
    )
    assert backwards.status_code == 422 and 'data-field="ends_on"' in backwards.text
    ok = web.post(
        "/members/rules/earn",
        data={
            "csrf_token": csrf,
            "kind": "promotion",
            "percent": "200",
            "category": "footwear",
            "starts_on": "2020-01-01",
            "ends_on": "2020-01-07",
            "note": "二〇二〇年鞋类双倍积分周",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    with transaction(make_session_factory(engine)) as db:
        rule = db.scalars(select(EarnRule).where(EarnRule.note == "二〇二〇年鞋类双倍积分周")).one()
        rule_id, version = rule.id, rule.version
    stale = web.post(
        f"/members/rules/earn/{rule_id}/retire",
        data={"csrf_token": csrf, "version": str(version + 5)},
    )
    assert stale.status_code == 409
    retired = web.post(
        f"/members/rules/earn/{rule_id}/retire",
        data={"csrf_token": csrf, "version": str(version)},
        follow_redirects=False,
    )
    assert retired.status_code == 303
    assert "二〇二〇年鞋类双倍积分周" in web.get("/members/rules").text


def test_a_tier_name_is_changed_and_a_bad_spend_refused(web):
    csrf = login(web, "admin", then="/members/rules")
    bad = web.post(
        "/members/rules/tiers",
        data={
            "csrf_token": csrf,
            "code": "gold",
            "name_zh": "金卡",
            "name_en": "Gold",
            "min_spend": "两万",
            "discount_percent": "10",
        },
    )
    assert bad.status_code == 422 and 'data-field="min_spend"' in bad.text
    ok = web.post(
        "/members/rules/tiers",
        data={
            "csrf_token": csrf,
            "code": "gold",
            "name_zh": "金卡会员",
            "name_en": "Gold",
            "min_spend": "20000.00",
            "discount_percent": "10",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert "金卡会员" in web.get("/members/rules").text


def test_a_care_rule_is_edited_with_its_version_and_checked(web, engine):
    rule = _birthday_rule(engine)
    csrf = login(web, "admin", then="/members/rules")
    form = {
        "csrf_token": csrf,
        "trigger": "birthday",
        "delay_days": "-7",
        "channel": "letter",
        "template": "尊敬的{name}：值此生日之际，谨致以诚挚的祝福。",
        "needs_consent": "yes",
        "active": "yes",
        "version": str(rule.version),
    }
    after = web.post(f"/members/rules/care/{rule.id}", data=form | {"delay_days": "3"})
    assert after.status_code == 422 and 'data-field="delay_days"' in after.text
    no_consent = web.post(f"/members/rules/care/{rule.id}", data=form | {"needs_consent": ""})
    assert no_consent.status_code == 422 and 'data-field="needs_consent"' in no_consent.text
    edit = form | {"delay_days": "-6"}
    saved = web.post(f"/members/rules/care/{rule.id}", data=edit, follow_redirects=False)
    assert saved.status_code == 303
    assert _birthday_rule(engine).version == rule.version + 1
    stale = web.post(f"/members/rules/care/{rule.id}", data=form)
    assert stale.status_code == 409


def test_the_refund_rule_of_a_store_is_set_and_a_zero_value_refused(web):
    csrf = login(web, "admin", then="/members/rules")
    page = web.get("/members/rules").text
    assert 'action="/members/rules/refund"' in page
    bad = web.post(
        "/members/rules/refund",
        data={"csrf_token": csrf, "store_id": "1", "rule": "deduct", "point_value": "0"},
    )
    assert bad.status_code == 422 and 'data-field="point_value"' in bad.text


def test_a_manager_creates_a_priority_event_and_bad_input_is_refused(web, engine):
    csrf = login(web, "admin", then="/members/events")
    bad = web.post(
        "/members/events",
        data={
            "csrf_token": csrf,
            "title": "金卡新品优先购",
            "store_id": "1",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-12",
        },
    )
    assert bad.status_code == 422 and 'data-field="tiers"' in bad.text
    made = web.post(
        "/members/events",
        data={
            "csrf_token": csrf,
            "title": "金卡新品优先购 页面",
            "store_id": "1",
            "tiers": ["gold", "silver"],
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-12",
            "message": "冬季新款到店",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    with transaction(make_session_factory(engine)) as db:
        event = db.scalars(
            select(PriorityEvent).where(PriorityEvent.title == "金卡新品优先购 页面")
        ).one()
        assert (event.tiers, event.status) == (["gold", "silver"], "pending")
    page = web.get(f"/members/events/{event.id}")
    assert page.status_code == 200 and "金卡新品优先购 页面" in page.text
