"""REST routes for members (contract: members.md): read a member and their ledger, redeem
(idempotent), a supervisor's adjustment, and the earn rules an administrator edits."""

from typing import Annotated, Any

from fastapi import APIRouter, Path
from sqlalchemy import select

from aftersales.auth.deps import CurrentUser, Db
from aftersales.customers import (
    benefits,
    directory,
    earn_admin,
    members,
    merge,
    points,
    privacy,
    profile,
    tiers,
)
from aftersales.customers.models import Customer, PointEntry, TierRule
from aftersales.customers.present import member_json
from aftersales.customers.schemas import (
    AdjustIn,
    EarnRuleIn,
    MergeIn,
    RedeemIn,
    TierIn,
    VersionIn,
    VoucherRedeemIn,
)
from aftersales.db import utcnow
from aftersales.doors import idempotent_create
from aftersales.paging import keyset_page
from aftersales.responses import JSONBytes
from aftersales.validation import Id, PageCursor, PageLimit

router = APIRouter(tags=["members"])
MemberNo = Annotated[str, Path(min_length=1, max_length=30, pattern=r"^[A-Za-z0-9_\-]+$")]


@router.get("/members/{member_no}")
def read_member(member_no: MemberNo, db: Db, user: CurrentUser) -> JSONBytes:
    member = members.get_member(db, member_no=member_no)
    customer = db.get_one(Customer, member.customer_id)
    # The point of sale of any counter reads a member; the name and phone show only where
    # the customer is within the user's scope (masked as in the customer directory).
    visible = directory.is_visible(db, user=user, customer_id=customer.id)
    if visible:
        profile.log_personal_data_view(db, user=user, customer_id=customer.id, where="api")
        db.commit()
    return JSONBytes(member_json(member, customer, user, visible=visible))


@router.get("/members/{member_no}/points")
def read_ledger(
    member_no: MemberNo,
    db: Db,
    user: CurrentUser,
    cursor: PageCursor = None,
    limit: PageLimit = 50,
) -> JSONBytes:
    member = members.get_member(db, member_no=member_no)
    page = keyset_page(
        db,
        select(PointEntry).where(PointEntry.member_id == member.id),
        at=PointEntry.at,
        id_=PointEntry.id,
        cursor=cursor,
        limit=limit,
    )
    return JSONBytes(
        {"items": [points.entry_json(e) for e in page.items], "next": page.next_cursor}
    )


@idempotent_create(router, "/members/{member_no}/redeem", route="member_redeem", scope="member_no")
def redeem(member_no: MemberNo, body: RedeemIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    return points.redeem(db, member_no=member_no, data=body, actor=user, now=utcnow())


@router.post("/members/{member_no}/adjust", status_code=201)
def adjust(member_no: MemberNo, body: AdjustIn, db: Db, user: CurrentUser) -> JSONBytes:
    entry = points.adjust(db, member_no=member_no, data=body, actor=user, now=utcnow())
    db.commit()
    return JSONBytes(entry, status_code=201)


@router.get("/member-rules")
def list_rules(db: Db, user: CurrentUser) -> JSONBytes:
    return JSONBytes({"items": earn_admin.rules_json(db, user=user)})


@router.post("/member-rules", status_code=201)
def add_rule(body: EarnRuleIn, db: Db, user: CurrentUser) -> JSONBytes:
    rule = earn_admin.add_rule(db, data=body, actor=user)
    db.commit()
    return JSONBytes(earn_admin.rule_json(rule), status_code=201)


@router.post("/member-rules/{rule_id}/retire")
def retire_rule(rule_id: Id, body: VersionIn, db: Db, user: CurrentUser) -> JSONBytes:
    rule = earn_admin.retire_rule(db, rule_id=rule_id, actor=user, version=body.version)
    db.commit()
    return JSONBytes(earn_admin.rule_json(rule))


def _tier_json(tier: tiers.Tier | TierRule) -> dict[str, Any]:
    return {
        "tier": tier.code,
        "min_spend": f"{tier.min_spend:.2f}",
        "discount_percent": tier.discount_percent,
    }


@router.get("/member-tiers")
def list_tiers(db: Db, user: CurrentUser) -> JSONBytes:
    """The tiers and the discount of each, as the point of sale reads them."""
    return JSONBytes({"items": [_tier_json(t) for t in tiers.tiers(db)]})


@router.post("/member-tiers", status_code=201)
def set_tier(body: TierIn, db: Db, user: CurrentUser) -> JSONBytes:
    row = earn_admin.set_tier(db, data=body, actor=user)
    db.commit()
    return JSONBytes(_tier_json(row), status_code=201)


@router.post("/vouchers/{code}/redeem")
def redeem_voucher(
    code: Annotated[str, Path(min_length=4, max_length=16)],
    body: VoucherRedeemIn,
    db: Db,
    user: CurrentUser,
) -> JSONBytes:
    voucher = benefits.redeem_voucher(
        db, code=code, receipt_no=body.receipt_no, actor=user, now=utcnow()
    )
    db.commit()
    return JSONBytes(
        {
            "code": voucher.code,
            "kind": voucher.kind,
            "value": f"{voucher.value:.2f}",
            "receipt_no": voucher.receipt_no,
            "redeemed_at": voucher.redeemed_at.isoformat() if voucher.redeemed_at else None,
        }
    )


@router.get("/customers/{customer_id}/export")
def export_customer(customer_id: Id, db: Db, user: CurrentUser) -> JSONBytes:
    """PIPL: everything held about one customer (administrators; the export is audited)."""
    data = privacy.export_customer(db, customer_id=customer_id, actor=user)
    db.commit()
    return JSONBytes(data)


@router.post("/customers/{customer_id}/merge", status_code=201)
def merge_customer(customer_id: Id, body: MergeIn, db: Db, user: CurrentUser) -> JSONBytes:
    """Merge this record into `target_id` (administrators; undo with the merge's id)."""
    row = merge.merge_customers(db, source_id=customer_id, data=body, actor=user, now=utcnow())
    db.commit()
    return JSONBytes(
        {
            "id": row.id,
            "source_id": row.source_id,
            "target_id": row.target_id,
            "points_moved": row.points_moved,
            "moved": {k: len(v) for k, v in row.moved.items()},
        },
        status_code=201,
    )


@router.post("/customer-merges/{merge_id}/undo")
def undo_merge(merge_id: Id, db: Db, user: CurrentUser) -> JSONBytes:
    row = merge.undo_merge(db, merge_id=merge_id, actor=user, now=utcnow())
    db.commit()
    return JSONBytes(
        {"id": row.id, "undone_at": row.undone_at.isoformat() if row.undone_at else None}
    )
