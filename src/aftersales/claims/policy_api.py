"""POST /api/v1/policy/decide: the HTTP door of the policy engine (contract: policy-decide.md).

The same three calls as `aftersales policy decide`, so the two doors always agree.
"""

import orjson
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from aftersales.auth.deps import CurrentUser, Db
from aftersales.deadlines.store import business_calendar
from aftersales.i18n import request_lang
from aftersales.policy import RequestInvalid, decide, decision_to_dict
from aftersales.policy import parse_request as parse_policy_request
from aftersales.policy.messages import field_message_zh
from aftersales.policysets.service import active_set
from aftersales.responses import JSONBytes

router = APIRouter(tags=["policy"])


def invalid(errors: list[dict[str, str]]) -> JSONBytes:
    return JSONBytes(RequestInvalid(errors).to_dict(), status_code=422)


@router.post(
    "/policy/decide",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
async def decide_policy(request: Request, db: Db, _user: CurrentUser) -> JSONBytes:
    # The engine is pure and in memory; the business calendar (the admin's holidays) and the
    # policy set in force come from the database, read off the event loop.
    try:
        data = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        return invalid([{"field": "body", "message": "malformed JSON"}])
    lang = request_lang(request)
    policy_set = (await run_in_threadpool(active_set, db)).policy_set
    try:
        parsed = parse_policy_request(data, policy_set)
    except RequestInvalid as exc:
        return JSONBytes(_worded(exc, lang).to_dict(), status_code=422)
    calendar = await run_in_threadpool(business_calendar, db)
    decision = decide(parsed, policy_set=policy_set, calendar=calendar)
    return JSONBytes(decision_to_dict(decision, lang=lang))


def _worded(exc: RequestInvalid, lang: str) -> RequestInvalid:
    """The errors in the caller's language (zh by default); each still names its field."""
    if lang == "en":
        return exc
    return RequestInvalid(
        [e | {"message": field_message_zh(e["field"], e["message"])} for e in exc.errors]
    )
