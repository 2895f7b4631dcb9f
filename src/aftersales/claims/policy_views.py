"""A read-only view of the active policy set, clause by clause, in zh-CN and English."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.i18n import request_lang
from aftersales.policy import words as labels
from aftersales.policy.messages import percent
from aftersales.policysets.service import active_set
from aftersales.web.deps import PageUser
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/policy")
def policy_page(request: Request, db: Db, user: PageUser) -> Response:
    policy_set = active_set(db).policy_set
    return render(
        request,
        "policy/index.html",
        policy_set=policy_set,
        policies=sorted(policy_set.policies.values(), key=lambda p: p.name),
        label=labels.labeller(request_lang(request)),
        percent=percent,
    )
