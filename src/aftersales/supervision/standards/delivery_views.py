"""The delivery compensation rules page, beside the service standards: each store's rule (or
the default it falls back to); an editor changes one, sees the late deliveries whose
compensation would move (old and new amount), then saves."""

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.repairs.delivery import Rule, default_rule
from aftersales.supervision.standards import access, delivery_rules
from aftersales.supervision.standards.edit_page import preview_or_save
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, posted_text, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
PAGE = "standards/delivery_rules.html"


def _money(raw: str, field: str) -> Decimal | None:
    if not raw.strip():
        return None
    try:
        return Decimal(raw.strip())
    except InvalidOperation:
        raise InvalidInput("Not an amount", field=field) from None


def _proposed(user: Principal, posted: Posted) -> Rule:
    amount = _money(posted_text(posted, "per_day"), "per_day")
    if amount is None:
        raise InvalidInput("Required", field="per_day")
    return delivery_rules.proposed_rule(
        actor=user,
        per_day=amount,
        cap=_money(posted_text(posted, "cap"), "cap"),
        clock=posted_text(posted, "clock"),
    )


def _context(db: Db, user: Principal) -> dict[str, Any]:
    return {
        "rules": delivery_rules.rules_of_stores(db, user=user),
        "default": default_rule(),
        "admin": access.can(user, "edit"),
        "preview": None,
        "errors": {},
    }


@router.get("/delivery-rules")
def delivery_rules_page(request: Request, db: Db, user: PageUser) -> Response:
    return render(request, PAGE, **_context(db, user))


@router.post("/delivery-rules/{store_code}/{action}")
def delivery_rule_form(
    request: Request, store_code: str, action: str, db: Db, user: PageUser, posted: Posted
) -> Response:
    access.require(user, "edit")
    store = delivery_rules.store_of(db, user=user, store_code=store_code)
    read = version(posted_text(posted, "version_read")) or 0

    def preview() -> dict[str, Any]:  # changes nothing: the deliveries whose compensation moves
        rule = _proposed(user, posted)
        moved = delivery_rules.preview_rule(db, store=store, proposed=rule, now=utcnow())
        return {"store": store, "rule": rule, "moved": moved, "version": read}

    def save() -> None:
        rule = _proposed(user, posted)
        delivery_rules.save_delivery_rule(db, store=store, rule=rule, version=read, actor=user)

    return preview_or_save(
        request,
        db,
        action=action,
        page=PAGE,
        redirect="/delivery-rules",
        context=lambda: _context(db, user),
        preview=preview,
        save=save,
        done="Delivery rule saved",
    )
