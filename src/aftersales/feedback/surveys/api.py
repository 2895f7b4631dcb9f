"""Survey doors: the public answer (the page's JSON twin), campaigns and the figures."""

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.models import Role
from aftersales.db import utcnow
from aftersales.errors import Forbidden
from aftersales.feedback.surveys import campaigns, service, stats
from aftersales.feedback.surveys.schemas import CampaignIn, SurveyAnswerIn
from aftersales.responses import JSONBytes
from aftersales.staff.monthly import bounds

router = APIRouter(tags=["surveys"])


@router.post("/public/surveys/{token}", status_code=201)
def answer_survey(token: str, body: SurveyAnswerIn, db: Db) -> Any:
    row = service.answer(db, token=token[:64], data=body, now=utcnow())
    db.commit()
    return JSONBytes({"id": row.id, "score": row.score}, status_code=201)


@router.post("/survey-campaigns", status_code=201)
def send_campaign(body: CampaignIn, db: Db, user: CurrentUser, request: Request) -> Any:
    base_url = request.app.state.settings.public_url
    row = campaigns.send_campaign(db, data=body, actor=user, base_url=base_url, now=utcnow())
    db.commit()
    return JSONBytes({"id": row.id, "invited": row.invited}, status_code=201)


READERS = campaigns.SENDERS | {Role.admin, Role.inspector, Role.counter_manager}


@router.get("/surveys/summary")
def survey_summary(db: Db, user: CurrentUser, request: Request, month: str | None = None) -> Any:
    """The month's survey figures in the caller's scope (their store or counter)."""
    if user.role not in READERS:
        raise Forbidden()
    tz = request.app.state.settings.timezone
    month = month or utcnow().astimezone(ZoneInfo(tz)).strftime("%Y-%m")
    start, end = bounds(month, tz)
    return JSONBytes(
        {"month": month}
        | stats.survey_figures(
            db, start=start, end=end, store_id=user.store_id, counter_id=user.counter_id
        )
    )
