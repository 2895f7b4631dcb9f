"""Console forms on the customer page: consent, enrolment, redeeming and adjusting points,
the points statement as PDF."""

import secrets
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales import idempotency
from aftersales.auth.deps import Db
from aftersales.customers import members, merge, points, privacy, profile, statement
from aftersales.customers.pages import render_detail
from aftersales.customers.schemas import AdjustIn, ConsentIn, EnrolIn, MergeIn, RedeemIn
from aftersales.db import utcnow
from aftersales.deadlines import DEFAULT_TZ
from aftersales.errors import InvalidInput
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _field(posted: Posted, name: str) -> str:
    return str(posted.get(name, "")).strip()


def _act(
    request: Request,
    db: Db,
    user: PageUser,
    customer_id: int,
    *,
    form: str,
    work,  # noqa: ANN001
    done: str,
) -> Response:
    return form_action(
        request,
        db,
        work=work,
        done=done,
        redirect=f"/customers/{customer_id}#{form}",
        again=lambda errors, status: render_detail(
            request, db, user, customer_id, errors=errors, form=form, status=status
        ),
    )


@router.post("/customers/{customer_id}/consent")
def consent(request: Request, customer_id: Id, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        data = ConsentIn(
            granted=_field(posted, "granted") == "yes",
            channel=_field(posted, "channel") or None,
            note=_field(posted, "note") or None,
        )
        profile.record_consent(db, customer_id=customer_id, data=data, actor=user, now=utcnow())

    return _act(request, db, user, customer_id, form="consent", work=work, done="Consent recorded")


@router.post("/customers/{customer_id}/enrol")
def enrol(request: Request, customer_id: Id, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        data = EnrolIn(
            member_no=_field(posted, "member_no"),
            birthday=_field(posted, "birthday") or None,
            referred_by=_field(posted, "referred_by") or None,
        )
        members.enrol(db, customer_id=customer_id, data=data, actor=user, today=utcnow().date())

    return _act(request, db, user, customer_id, form="member", work=work, done="Member enrolled")


def _member_no(db: Db, user: PageUser, customer_id: int) -> str:
    from aftersales.customers import directory
    from aftersales.customers.errors import MemberNotFound

    customer = directory.get_customer(db, user=user, customer_id=customer_id)
    member = members.member_of(db, customer.id)
    if member is None:
        raise MemberNotFound(field="member_no")
    return member.member_no


@router.post("/customers/{customer_id}/redeem")
def redeem(request: Request, customer_id: Id, db: Db, user: PageUser, posted: Posted) -> Response:
    # The form carries a one-time key, so a double click or a resubmitted page redeems once.
    key = _field(posted, "key")[:100] or secrets.token_hex(16)

    def work() -> None:
        data = RedeemIn(
            points=int(_field(posted, "points"))
            if _field(posted, "points").isdigit()
            else _field(posted, "points") or 0,
            receipt_no=_field(posted, "receipt_no") or None,
            note=_field(posted, "note") or None,
        )
        number = _member_no(db, user, customer_id)
        idempotency.create_once(
            db,
            key=f"page:{key}",
            route="member_redeem",
            digest=idempotency.body_hash(number.encode() + data.model_dump_json().encode()),
            create=lambda: points.redeem(db, member_no=number, data=data, actor=user, now=utcnow()),
        )

    return _act(request, db, user, customer_id, form="redeem", work=work, done="Points redeemed")


@router.post("/customers/{customer_id}/adjust")
def adjust(request: Request, customer_id: Id, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        raw = _field(posted, "delta")
        data = AdjustIn(
            delta=int(raw) if raw.lstrip("-").isdigit() else raw or 0,
            reason=_field(posted, "reason"),
            version=version(_field(posted, "version")),
        )
        number = _member_no(db, user, customer_id)
        points.adjust(db, member_no=number, data=data, actor=user, now=utcnow())

    return _act(request, db, user, customer_id, form="adjust", work=work, done="Points adjusted")


def _day(raw: str, field: str, default: date) -> date:
    if not raw.strip():
        return default
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput("Not a date", field=field) from None


@router.get("/customers/{customer_id}/statement.pdf")
def statement_pdf(
    request: Request, customer_id: Id, db: Db, user: PageUser, start: str = "", end: str = ""
) -> Response:
    """The member's points statement for a period (default: the last 12 months)."""
    today = utcnow().astimezone(ZoneInfo(DEFAULT_TZ)).date()
    st = statement.member_statement(
        db,
        customer_id=customer_id,
        user=user,
        start=_day(start, "start", today - timedelta(days=365)),
        end=_day(end, "end", today),
    )
    pdf = statement.statement_pdf(st, store=statement.letterhead(db, user), today=today)
    db.commit()  # the access log of the personal data shown
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="statement-{st.member.member_no}.pdf"'},
    )


@router.get("/customers/{customer_id}/export")
def export_page(request: Request, customer_id: Id, db: Db, user: PageUser) -> Response:
    """The readable export (print it, or save the page as PDF from the browser)."""
    data = privacy.export_customer(db, customer_id=customer_id, actor=user)
    db.commit()
    return render(request, "customers/export.html", data=data)


@router.post("/customers/{customer_id}/merge")
def merge_into(
    request: Request, customer_id: Id, db: Db, user: PageUser, posted: Posted
) -> Response:
    raw, drawn_at = _field(posted, "target_id"), _field(posted, "version")

    def work() -> None:
        # The form posts text; the API's schema takes whole numbers (0 is refused by it).
        data = MergeIn(
            target_id=int(raw) if raw.isdigit() else 0,
            version=int(drawn_at) if drawn_at.isdigit() else 0,
        )
        merge.merge_customers(db, source_id=customer_id, data=data, actor=user, now=utcnow())

    answer = _act(request, db, user, customer_id, form="privacy", work=work, done="Records merged")
    if answer.status_code == 303:
        answer.headers["location"] = f"/customers/{raw}"
    return answer
