"""POST /api/v1/auth/token: bearer tokens for integrations."""

from fastapi import APIRouter, Request

from aftersales.auth import service
from aftersales.auth.deps import Db
from aftersales.auth.schemas import TokenRead, TokenRequest
from aftersales.db import utcnow
from aftersales.errors import DomainError

router = APIRouter(tags=["auth"])


@router.post("/auth/token")
def create_token(body: TokenRequest, db: Db, request: Request) -> TokenRead:
    settings = request.app.state.settings
    try:
        user = service.authenticate(
            db,
            username=body.username,
            password=body.password,
            now=utcnow(),
            settings=settings,
            address=request.client.host if request.client else "unknown",
        )
    except DomainError:
        db.commit()  # keep the failure count
        raise
    db.commit()
    return TokenRead(
        access_token=service.issue_token(user, settings), expires_in=settings.token_ttl_seconds
    )
