"""The administrator's member rules page (/members/rules): earn rules, tiers, care rules
and each store's rule for refunds of spent points; every form validated, every edit
carrying the version it was read at (a stale one gets 409)."""

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.customers import access, care_admin, earn_admin, refund_points
from aftersales.customers.care_models import Trigger
from aftersales.customers.models import TierRule
from aftersales.customers.schemas import CareRuleIn, EarnRuleIn, RefundRuleIn, TierIn
from aftersales.customers.tiers import tiers
from aftersales.db import utcnow
from aftersales.refs import refs
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
PAGE = "/members/rules"


def _text(posted: Posted, name: str) -> str:
    return str(posted.get(name, "")).strip()


def _int(raw: str) -> int | str:
    return int(raw) if raw.lstrip("-").isdigit() else raw


def _money(raw: str) -> Decimal | str | None:
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return raw


def _context(db: Session, user: Principal) -> dict[str, Any]:
    access.require(user, "rules")
    names = {r.code: r for r in db.scalars(select(TierRule))}
    return {
        "earn_rules": earn_admin.rules(db),
        "tiers": [(t, names.get(t.code)) for t in tiers(db)],
        "care_rules": care_admin.care_rules(db, user=user),
        "refund_rules": refund_points.settings_rows(db, user=user),
        "triggers": [t.value for t in Trigger],
        "refs": refs(db),
        "brand_codes": earn_admin.brand_codes(db),
    }


def _page(
    request: Request,
    db: Session,
    user: Principal,
    errors: dict[str, str] | None = None,
    status: int = 200,
    failed: str = "",
) -> Response:
    return render(
        request,
        "customers/rules.html",
        status=status,
        errors=errors or {},
        failed=failed,
        **_context(db, user),
    )


def _act(request: Request, db: Session, user: Principal, form: str, work, done: str) -> Response:  # noqa: ANN001
    return form_action(
        request,
        db,
        work=work,
        done=done,
        redirect=f"{PAGE}#{form}",
        again=lambda errors, status: _page(request, db, user, errors, status, form),
    )


@router.get(PAGE)
def rules_page(request: Request, db: Db, user: PageUser) -> Response:
    return _page(request, db, user)


@router.post(f"{PAGE}/earn")
def add_earn_rule(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        data = EarnRuleIn(
            kind=_text(posted, "kind"),
            percent=_int(_text(posted, "percent")),  # type: ignore[arg-type]
            category=_text(posted, "category") or None,
            brand=_text(posted, "brand") or None,
            starts_on=_text(posted, "starts_on") or None,  # type: ignore[arg-type]
            ends_on=_text(posted, "ends_on") or None,  # type: ignore[arg-type]
            note=_text(posted, "note"),
        )
        earn_admin.add_rule(db, data=data, actor=user)

    return _act(request, db, user, "earn", work, "Earn rule added")


@router.post(f"{PAGE}/earn/{{rule_id}}/retire")
def retire_earn_rule(
    request: Request, rule_id: Id, db: Db, user: PageUser, posted: Posted
) -> Response:
    def work() -> None:
        earn_admin.retire_rule(
            db, rule_id=rule_id, actor=user, version=version(_text(posted, "version"))
        )

    return _act(request, db, user, "earn", work, "Earn rule retired")


@router.post(f"{PAGE}/tiers")
def set_tier(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        data = TierIn(
            code=_text(posted, "code"),
            name_zh=_text(posted, "name_zh"),
            name_en=_text(posted, "name_en"),
            min_spend=_money(_text(posted, "min_spend")),  # type: ignore[arg-type]
            discount_percent=_int(_text(posted, "discount_percent")),  # type: ignore[arg-type]
            version=version(_text(posted, "version")),
        )
        earn_admin.set_tier(db, data=data, actor=user)

    return _act(request, db, user, "tiers", work, "Tier saved")


def _care_in(posted: Posted) -> CareRuleIn:
    return CareRuleIn(
        trigger=_text(posted, "trigger"),
        delay_days=_int(_text(posted, "delay_days")),  # type: ignore[arg-type]
        channel=_text(posted, "channel"),
        template=_text(posted, "template"),
        min_amount=_money(_text(posted, "min_amount")),  # type: ignore[arg-type]
        needs_consent=_text(posted, "needs_consent") == "yes",
        active=_text(posted, "active") == "yes",
        version=version(_text(posted, "version")),
    )


@router.post(f"{PAGE}/care")
def add_care_rule(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
    return _act(
        request,
        db,
        user,
        "care",
        lambda: care_admin.add_care_rule(db, data=_care_in(posted), actor=user),
        "Care rule added",
    )


@router.post(f"{PAGE}/care/{{rule_id}}")
def change_care_rule(
    request: Request, rule_id: Id, db: Db, user: PageUser, posted: Posted
) -> Response:
    return _act(
        request,
        db,
        user,
        f"care-{rule_id}",
        lambda: care_admin.update_care_rule(db, rule_id=rule_id, data=_care_in(posted), actor=user),
        "Care rule saved",
    )


@router.post(f"{PAGE}/refund")
def set_refund_rule(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        data = RefundRuleIn(
            store_id=_int(_text(posted, "store_id")),  # type: ignore[arg-type]
            rule=_text(posted, "rule"),
            point_value=_money(_text(posted, "point_value")),  # type: ignore[arg-type]
            version=version(_text(posted, "version")),
        )
        refund_points.set_rule(
            db,
            store_id=data.store_id,
            rule=data.rule,
            point_value=data.point_value,
            actor=user,
            now=utcnow(),
            version=data.version,
        )

    return _act(request, db, user, "refund", work, "Refund rule saved")
