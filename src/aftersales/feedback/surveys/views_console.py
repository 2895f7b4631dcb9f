"""The managers' survey page: this month's figures in their scope, the campaigns with their
response rates, and the form to send a campaign."""

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import Forbidden
from aftersales.feedback.surveys import campaigns, stats
from aftersales.feedback.surveys.schemas import CampaignIn
from aftersales.refs import refs
from aftersales.staff.monthly import bounds
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_on_page
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _context(request: Request, db: Db, user: Principal, month: str) -> dict[str, Any]:
    if user.role not in campaigns.SENDERS:
        raise Forbidden()
    tz = request.app.state.settings.timezone
    month = month or utcnow().astimezone(ZoneInfo(tz)).strftime("%Y-%m")
    start, end = bounds(month, tz)
    rows = campaigns.campaigns(db, user=user)
    rates = {c.id: stats.survey_figures(db, start=start, end=end, campaign_id=c.id) for c in rows}
    return {
        "month": month,
        "refs": refs(db),
        "campaigns": rows,
        "rates": rates,
        "figures": stats.survey_figures(db, start=start, end=end, store_id=user.store_id),
        "errors": {},
        "values": {},
    }


@router.get("/surveys")
def surveys_page(request: Request, db: Db, user: PageUser, month: str = "") -> Response:
    return render(request, "surveys/console.html", **_context(request, db, user, month[:7]))


@router.post("/surveys/campaigns")
def send_campaign(request: Request, db: Db, user: PageUser, form: Posted) -> Response:
    def work() -> None:
        data = CampaignIn.model_validate(
            {
                k: form.get(k) or None
                for k in ("title", "store", "counter", "period_from", "period_to")
            }
        )
        base_url = request.app.state.settings.public_url
        campaigns.send_campaign(db, data=data, actor=user, base_url=base_url, now=utcnow())

    return form_on_page(
        request,
        db,
        work=work,
        done="Survey campaign sent",
        redirect="/surveys",
        template="surveys/console.html",
        context=lambda: _context(request, db, user, "") | {"values": dict(form)},
    )
