"""The notifications page: every outbox message, its state and last error, and a retry."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.scope import mask_address, sees_pii
from aftersales.db import utcnow
from aftersales.notify import service
from aftersales.notify.access import require_outbox_reader
from aftersales.notify.models import OutboxStatus
from aftersales.validation import Id, PageCursor
from aftersales.web.deps import PageUser
from aftersales.web.forms import form_on_page
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
CHANNELS = ("email", "sms", "webhook")


def _context(
    db: Db, user: PageUser, status: str = "", channel: str = "", cursor: str | None = None
) -> dict[str, Any]:
    page = service.list_messages(
        db, user=user, status=status or None, channel=channel or None, cursor=cursor
    )
    return {
        "page": page,
        "recipient": (lambda a: a) if sees_pii(user) else mask_address,
        "status_filter": status,
        "channel": channel,
        "statuses": list(OutboxStatus),
        "channels": CHANNELS,
        "errors": {},
    }


@router.get("/notifications")
def notifications(
    request: Request,
    db: Db,
    user: PageUser,
    status: Annotated[str, Query(max_length=10)] = "",
    channel: Annotated[str, Query(max_length=10)] = "",
    cursor: PageCursor = None,
) -> Response:
    require_outbox_reader(user)
    status = status if status in OutboxStatus.__members__ else ""
    channel = channel if channel in CHANNELS else ""
    return render(request, "notify/list.html", **_context(db, user, status, channel, cursor))


@router.post("/notifications/{message_id}/retry")
def retry(request: Request, message_id: Id, db: Db, user: PageUser) -> Response:
    return form_on_page(
        request,
        db,
        work=lambda: service.retry_message(db, message_id=message_id, actor=user, now=utcnow()),
        done="Message queued again",
        redirect="/notifications",
        template="notify/list.html",
        context=lambda: _context(db, user),
    )
