"""The delivery compensation rules page, beside the service standards: each store's rule (or
the default it falls back to); an editor changes one, sees the late deliveries whose
compensation would move (old and new amount), then saves."""

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import DomainError, InvalidInput, NotFound
from aftersales.i18n import request_lang
from aftersales.repairs.delivery import Rule, default_rule
from aftersales.supervision.standards import access, delivery_rules
from aftersales.web.deps import PageUser
from aftersales.web.forms import domain_messages, form_action, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
PAGE = "standards/delivery_rules.html"


def _money(raw: str, field: str) -> Decimal | None:
    if not raw.strip():
        return None
    try:
        return Decimal(raw.strip())
    except InvalidOperation:
        raise InvalidInput("Not an amount", field=field) from None


def _proposed(user: Principal, per_day: str, cap: str, clock: str) -> Rule:
    amount = _money(per_day, "per_day")
    if amount is None:
        raise InvalidInput("Required", field="per_day")
    return delivery_rules.proposed_rule(
        actor=user, per_day=amount, cap=_money(cap, "cap"), clock=clock
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
    request: Request,
    store_code: str,
    action: str,
    db: Db,
    user: PageUser,
    per_day: Text = "",
    cap: Text = "",
    clock: Text = "",
    version_read: Text = "",
) -> Response:
    access.require(user, "edit")
    store = delivery_rules.store_of(db, user=user, store_code=store_code)

    def again(errors: dict[str, str], status: int) -> Response:
        shown = _context(db, user)
        shown["errors"].update(errors)
        return render(request, PAGE, status=status, **shown)

    if action == "preview":  # changes nothing: the deliveries whose compensation moves
        try:
            rule = _proposed(user, per_day, cap, clock)
            moved = delivery_rules.preview_rule(db, store=store, proposed=rule, now=utcnow())
        except DomainError as exc:
            return again(domain_messages(exc, request_lang(request)), exc.status)
        ctx = _context(db, user)
        ctx["preview"] = {
            "store": store,
            "rule": rule,
            "moved": moved,
            "version": version(version_read) or 0,
        }
        return render(request, PAGE, **ctx)
    if action != "save":
        raise NotFound(field="action")

    def save() -> None:
        delivery_rules.save_delivery_rule(
            db,
            store=store,
            rule=_proposed(user, per_day, cap, clock),
            version=version(version_read) or 0,
            actor=user,
        )

    return form_action(
        request,
        db,
        work=save,
        done="Delivery rule saved",
        redirect="/delivery-rules",
        again=again,
    )
