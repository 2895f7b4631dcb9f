"""REST routes for policy set versions and replays. Thin: parse, call one service
function, commit at the boundary, answer."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from aftersales.auth.deps import CurrentUser, Db
from aftersales.db import utcnow
from aftersales.doors import idempotent_create
from aftersales.policysets import service
from aftersales.policysets.present import replay_json, version_json
from aftersales.policysets.schemas import ActivateIn, DraftIn, ReplayIn
from aftersales.responses import JSONBytes
from aftersales.validation import Id, PageLimit

router = APIRouter(tags=["policy versions"])


@router.get("/policy-versions")
def list_versions(
    db: Db,
    user: CurrentUser,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> Any:
    page = service.versions_page(db, user=user, cursor=cursor, limit=limit)
    return JSONBytes(page.as_json([version_json(v) for v in page.items]))


@router.get("/policy-versions/{version_id}")
def get_version(version_id: Id, db: Db, user: CurrentUser) -> Any:
    row = service.get_version(db, user=user, version_id=version_id)
    body = version_json(row, files=True)
    active = service.active_row(db)
    body["diff_against_active"] = (
        [
            {"file": d.name, "change": d.change, "lines": [line for _kind, line in d.lines]}
            for d in service.diff(active.files, row.files)
            if d.change != "same"
        ]
        if active is not None and active.id != row.id
        else []
    )
    return JSONBytes(body)


@idempotent_create(router, "/policy-versions", route="policy-versions")
def save_draft(body: DraftIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = service.save_draft(
        db, files=body.files, note=body.note, actor=user, based_on_id=body.based_on
    )
    return version_json(row)


@router.post("/policy-versions/{version_id}/activate")
def activate(version_id: Id, body: ActivateIn, db: Db, user: CurrentUser) -> Any:
    row = service.activate(
        db, version_id=version_id, actor=user, expected_version=body.version, now=utcnow()
    )
    db.commit()
    return JSONBytes(version_json(row))


@router.post("/policy-versions/{version_id}/replays", status_code=201)
def replay(version_id: Id, body: ReplayIn, db: Db, user: CurrentUser) -> Any:
    db.rollback()  # nothing written yet: no writer lock held while the replay reads
    row = service.run_replay(
        db,
        draft_id=version_id,
        months=body.months,
        actor=user,
        now=utcnow(),
        workers=body.workers,
    )
    db.commit()
    return JSONBytes(replay_json(row), status_code=201)


@router.get("/policy-replays/{replay_id}")
def get_replay(replay_id: Id, db: Db, user: CurrentUser) -> Any:
    return JSONBytes(replay_json(service.get_replay(db, user=user, replay_id=replay_id)))


@router.get("/policy-replays/{replay_id}/changes")
def replay_changes(
    replay_id: Id,
    db: Db,
    user: CurrentUser,
    after: Annotated[
        int | None, Query(ge=0, description="the last claim id of the page read")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    """The changes of a replay in claim id order, paged by claim id."""
    row = service.get_replay(db, user=user, replay_id=replay_id)
    items = [c for c in row.changes if after is None or c["claim_id"] > after][:limit]
    more = len(items) == limit and items[-1]["claim_id"] < row.changes[-1]["claim_id"]
    return JSONBytes({"items": items, "next": str(items[-1]["claim_id"]) if more else None})
