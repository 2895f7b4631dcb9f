"""The claims API: the contract's POST /api/v1/claims and every route, by role and scope."""

import uuid

import pytest

from tests.claims.factories import BOOTS, claim_body
from tests.sales.factories import sale_body

pytestmark = pytest.mark.filterwarnings("ignore")


def _sale(client, as_user, days_ago: int = 10, lines=None) -> str:
    from datetime import UTC, datetime, timedelta

    body = sale_body(
        lines=lines or [BOOTS], sold_at=(datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    )
    answer = client.post("/api/v1/sales", json=body, headers=as_user("admin"))
    assert answer.status_code == 201, answer.text
    return body["receipt_no"]


def _open(client, as_user, who="staff", **overrides):
    receipt_no = _sale(client, as_user)
    body = claim_body(
        receipt_no, problem="sole_broken", part="sole", condition=[], material="leather"
    )
    body.update(overrides)
    answer = client.post("/api/v1/claims", json=body, headers=as_user(who))
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_post_claims_answers_the_claim_its_decision_and_status(client, as_user):
    receipt_no = _sale(client, as_user, days_ago=18)
    body = claim_body(receipt_no, requested_on=None)
    answer = client.post("/api/v1/claims", json=body, headers=as_user("staff"))
    assert answer.status_code == 201, answer.text
    claim = answer.json()
    assert claim["status"] == "open" and claim["receipt_no"] == receipt_no
    decision = claim["decision"]
    assert set(decision) == {
        "category",
        "policy",
        "policy_version",
        "outcome",
        "allowed",
        "refused",
        "notes",
    }
    assert decision["outcome"] == "refused" and decision["policy"] == "footwear"
    assert claim["policy_version"] == decision["policy_version"]
    again = client.get(
        f"/api/v1/claims/{claim['id']}", headers=as_user("staff") | {"Accept-Language": "en"}
    )
    assert again.json()["decision"]["refused"][0]["reason"] != decision["refused"][0]["reason"]


def test_the_same_idempotency_key_gives_the_same_claim(client, as_user):
    receipt_no = _sale(client, as_user)
    body = claim_body(receipt_no)
    headers = as_user("staff") | {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    first = client.post("/api/v1/claims", json=body, headers=headers)
    second = client.post("/api/v1/claims", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    other = client.post("/api/v1/claims", json=body | {"problem": "crease"}, headers=headers)
    assert other.status_code == 409


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"receipt_no": "NO-SUCH-RECEIPT"}, 404, "receipt_no"),
        ({"sku": "NOT-ON-IT"}, 422, "sku"),
        ({"problem": "flying"}, 422, "problem"),
        ({"condition": ["chewed"]}, 422, "condition[0]"),
        ({"requested_on": "yesterday"}, 422, "requested_on"),
        ({"remedy": "money"}, 422, "remedy"),
        ({"evidence": ["a_friend"]}, 422, "evidence[0]"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(client, as_user, overrides, status, field):
    receipt_no = _sale(client, as_user)
    answer = client.post(
        "/api/v1/claims", json=claim_body(receipt_no) | overrides, headers=as_user("staff")
    )
    assert answer.status_code == status, answer.text
    assert answer.json()["field"] == field


def test_anonymous_wrong_role_and_other_store(client, as_user):
    receipt_no = _sale(client, as_user)
    body = claim_body(receipt_no)
    assert client.post("/api/v1/claims", json=body).status_code == 401
    assert (
        client.post("/api/v1/claims", json=body, headers=as_user("technician")).status_code == 403
    )
    assert client.post("/api/v1/claims", json=body, headers=as_user("staff2")).status_code == 404
    claim = _open(client, as_user)
    path = f"/api/v1/claims/{claim['id']}"
    assert client.get(path).status_code == 401
    assert client.get(path, headers=as_user("staff2")).status_code == 404
    assert client.get(path, headers=as_user("floor_supervisor")).status_code == 200
    assert client.get(path, headers=as_user("inspector")).status_code == 200
    choose = client.post(
        f"{path}/choose", json={"remedy": "return", "version": 1}, headers=as_user("warehouse")
    )
    assert choose.status_code == 403
    assert (
        client.post(
            f"{path}/choose", json={"remedy": "return", "version": 1}, headers=as_user("staff2")
        ).status_code
        == 404
    )


def test_list_is_scoped_and_keyset_paged(client, as_user):
    earlier = _open(client, as_user)
    mine = _open(client, as_user)
    page = client.get("/api/v1/claims?status=open&limit=1", headers=as_user("staff")).json()
    assert len(page["items"]) == 1 and page["next"]
    assert page["items"][0]["id"] == mine["id"]
    nxt = client.get(
        f"/api/v1/claims?status=open&limit=1&cursor={page['next']}", headers=as_user("staff")
    ).json()
    assert nxt["items"][0]["id"] == earlier["id"]
    other = client.get("/api/v1/claims?store=S1", headers=as_user("staff2")).json()
    assert all(c["store"] == "S2" for c in other["items"])
    assert mine["id"] not in [c["id"] for c in other["items"]]
    assert client.get("/api/v1/claims?status=nonsense", headers=as_user("staff")).status_code == 422
    assert client.get("/api/v1/claims?cursor=%%%", headers=as_user("staff")).status_code == 422
    assert client.get("/api/v1/claims").status_code == 401


def test_return_to_closure_with_stock_confirmed_by_the_warehouse(client, as_user):
    claim = _open(client, as_user)
    path, staff = f"/api/v1/claims/{claim['id']}", as_user("staff")
    stale = client.post(f"{path}/choose", json={"remedy": "return", "version": 9}, headers=staff)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    chosen = client.post(f"{path}/choose", json={"remedy": "return", "version": 1}, headers=staff)
    assert chosen.json()["status"] == "refund_pending"
    v = chosen.json()["version"]
    too_much = client.post(
        f"{path}/refund", json={"amount": "900.00", "method": "cash", "version": v}, headers=staff
    )
    assert too_much.status_code == 422 and too_much.json()["field"] == "amount"
    bad_method = client.post(
        f"{path}/refund", json={"amount": "813.59", "method": "gold", "version": v}, headers=staff
    )
    assert bad_method.status_code == 422 and bad_method.json()["field"] == "method"
    paid = client.post(
        f"{path}/refund", json={"amount": "813.59", "method": "alipay", "version": v}, headers=staff
    ).json()
    assert paid["status"] == "fulfilled" and paid["refund"]["amount"] == "813.59"
    stock = paid["returned_stock"]["id"]
    assert client.post(f"/api/v1/returned-stock/{stock}/confirm", headers=staff).status_code == 403
    confirmed = client.post(f"/api/v1/returned-stock/{stock}/confirm", headers=as_user("warehouse"))
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_at"]
    assert (
        client.post(
            f"/api/v1/returned-stock/{stock}/confirm", headers=as_user("warehouse")
        ).status_code
        == 409
    )
    closed = client.post(
        f"{path}/close", json={"note": "done", "version": paid["version"]}, headers=staff
    ).json()
    assert closed["status"] == "closed"
    again = client.post(f"{path}/close", json={"version": closed["version"]}, headers=staff)
    assert again.status_code == 409


def test_exchange_and_override(client, as_user):
    claim = _open(client, as_user)
    path, staff = f"/api/v1/claims/{claim['id']}", as_user("staff")
    chosen = client.post(f"{path}/choose", json={"remedy": "exchange", "version": 1}, headers=staff)
    done = client.post(
        f"{path}/exchange",
        json={"sku": "FW-2001-37", "version": chosen.json()["version"]},
        headers=staff,
    ).json()
    assert done["status"] == "fulfilled" and done["exchange_sku"] == "FW-2001-37"
    refused = _open(client, as_user, problem="size_fit", condition=["worn"])
    path = f"/api/v1/claims/{refused['id']}"
    assert (
        client.post(
            f"{path}/override",
            json={"remedy": "exchange", "reason": "老顾客照顾", "version": 1},
            headers=staff,
        ).status_code
        == 403
    )
    no_reason = client.post(
        f"{path}/override",
        json={"remedy": "exchange", "reason": "", "version": 1},
        headers=as_user("floor_supervisor"),
    )
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    ok = client.post(
        f"{path}/override",
        json={"remedy": "exchange", "reason": "老顾客照顾换码", "version": 1},
        headers=as_user("floor_supervisor"),
    ).json()
    assert ok["overridden"] and ok["override"]["remedy"] == "exchange"
    assert (
        client.post(
            f"{path}/choose", json={"remedy": "exchange", "version": ok["version"]}, headers=staff
        ).json()["status"]
        == "exchange_pending"
    )


def test_work_order_steps_by_role_and_scope(client, as_user):
    claim = _open(client, as_user, problem="glue_open")
    staff, tech = as_user("staff"), as_user("technician")
    chosen = client.post(
        f"/api/v1/claims/{claim['id']}/choose",
        json={"remedy": "repair", "version": 1},
        headers=staff,
    ).json()
    assert chosen["status"] == "repairing"
    wid = chosen["work_orders"][0]
    base = f"/api/v1/work-orders/{wid}"

    def v() -> int:
        return client.get(base, headers=tech).json()["version"]

    assert client.post(f"{base}/diagnose", json={"diagnosis": "x", "version": 1}).status_code == 401
    assert (
        client.post(
            f"{base}/diagnose", json={"diagnosis": "x", "version": v()}, headers=staff
        ).status_code
        == 403
    )
    assert client.get(base, headers=as_user("staff2")).status_code == 404
    assert client.post(f"{base}/diagnose", json={}, headers=tech).status_code == 422
    assert client.post(f"{base}/fly", json={"version": v()}, headers=tech).status_code == 422
    diagnosed = client.post(
        f"{base}/diagnose", json={"diagnosis": "开胶", "version": v()}, headers=tech
    ).json()
    assert diagnosed["status"] == "diagnosed"
    quote = client.post(f"{base}/quote", json={"amount": "10.00", "version": v()}, headers=tech)
    assert quote.status_code == 409
    repaired = client.post(
        f"{base}/repaired", json={"parts_used": [{"name": "胶"}], "version": v()}, headers=tech
    ).json()
    assert repaired["status"] == "repaired"
    back = client.post(
        f"{base}/hand-back", json={"fixed": True, "version": v()}, headers=staff
    ).json()
    assert back["status"] == "handed_back" and back["fixed"] is True
    assert (
        client.get(f"/api/v1/claims/{claim['id']}", headers=staff).json()["status"] == "fulfilled"
    )
    listed = client.get("/api/v1/work-orders", headers=tech).json()["items"]
    assert wid not in [o["id"] for o in listed]


def test_a_refused_claim_transition_names_the_states_in_the_callers_language(client, as_user):
    claim = _open(client, as_user)
    path, staff = f"/api/v1/claims/{claim['id']}", as_user("staff")
    chosen = client.post(f"{path}/choose", json={"remedy": "return", "version": 1}, headers=staff)
    body = {"version": chosen.json()["version"]}
    zh = client.post(f"{path}/close", json=body, headers=staff)
    en = client.post(f"{path}/close", json=body, headers=staff | {"Accept-Language": "en"})
    assert (zh.status_code, zh.json()["code"]) == (409, "transition_not_allowed")
    assert zh.json()["message"] == "售后申请不能从“待退款”变为“已结案”"
    assert en.json()["message"] == "This claim cannot go from refund due to closed"
    assert zh.json()["status"] == "refund_pending"


def test_a_refused_work_order_step_names_the_states_in_the_callers_language(client, as_user):
    claim = _open(client, as_user, problem="glue_open")
    staff, tech = as_user("staff"), as_user("technician")
    chosen = client.post(
        f"/api/v1/claims/{claim['id']}/choose",
        json={"remedy": "repair", "version": 1},
        headers=staff,
    ).json()
    base = f"/api/v1/work-orders/{chosen['work_orders'][0]}"
    version = client.get(base, headers=tech).json()["version"]
    body = {"amount": "10.00", "version": version}
    zh = client.post(f"{base}/quote", json=body, headers=tech)
    en = client.post(f"{base}/quote", json=body, headers=tech | {"Accept-Language": "en"})
    assert zh.status_code == 409
    assert zh.json()["message"] == "维修单不能从“已接收”变为“已报价”"
    assert en.json()["message"] == "This work order cannot go from taken in to quoted"
