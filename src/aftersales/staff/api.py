"""Discipline review over the API: level 5 and above reverse a record with a reason."""

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from aftersales.auth.deps import CurrentUser, Db
from aftersales.db import utcnow
from aftersales.staff import discipline
from aftersales.validation import Id

router = APIRouter(tags=["staff"])


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)
    version: int | None = None  # accepted as on every reason form; records are append-only


@router.post("/discipline-records/{record_id}/reverse", tags=["staff"])
def reverse_discipline(record_id: Id, body: ReasonIn, db: Db, user: CurrentUser
                       ) -> dict[str, Any]:
    row = discipline.reverse_discipline(db, record_id=record_id, reason=body.reason, actor=user,
                                        now=utcnow())
    db.commit()
    return {"id": row.id, "kind": row.kind, "reversed": True}


@router.post("/management-points/{entry_id}/reverse", tags=["staff"])
def reverse_points(entry_id: Id, body: ReasonIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = discipline.reverse_points(db, entry_id=entry_id, reason=body.reason, actor=user,
                                    now=utcnow())
    db.commit()
    return {"id": row.id, "points": row.points, "reversed": True}
