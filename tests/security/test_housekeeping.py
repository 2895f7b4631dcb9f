"""A rolled-back upload leaves no file; the worker purges expired throttling and
Idempotency-Key rows and keeps the live ones."""

import uuid
from datetime import timedelta

from sqlalchemy import select

from aftersales import housekeeping, worker
from aftersales.auth.models import LoginThrottle
from aftersales.complaints import attachments
from aftersales.complaints import service as complaints
from aftersales.complaints.reference import PublicAttempt
from aftersales.db import utcnow
from aftersales.idempotency import IdempotentRequest
from aftersales.settings import Settings
from tests.complaints.factories import form, person

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _complaint(factory) -> int:  # noqa: ANN001
    with factory() as db:
        c = complaints.register_complaint(db, data=form(), actor=person(db, "staff"), now=utcnow())
        db.commit()
        return c.id


def _upload(db, complaint_id: int, root):  # noqa: ANN001, ANN202
    return attachments.add_attachment(
        db,
        complaint_id=complaint_id,
        actor=person(db, "staff"),
        root=root,
        filename="a.png",
        data=PNG,
        kind="photo",
        now=utcnow(),
    )


def test_a_rolled_back_upload_leaves_no_file_and_a_committed_one_stays(factory, tmp_path):
    complaint_id = _complaint(factory)
    with factory() as db:
        _upload(db, complaint_id, tmp_path)
        assert len(list(tmp_path.rglob("*.png"))) == 1
        db.rollback()
    assert list(tmp_path.rglob("*.png")) == []

    with factory() as db:
        kept = _upload(db, complaint_id, tmp_path)
        db.commit()
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.png")] == [kept.path]


def test_a_request_that_fails_after_writing_leaves_no_file(factory, tmp_path):
    complaint_id = _complaint(factory)
    with factory() as db:  # closed without commit, as a request that raised is
        _upload(db, complaint_id, tmp_path)
    assert list(tmp_path.rglob("*.png")) == []


def test_expired_rows_are_purged_and_live_ones_kept(factory):
    now, tag = utcnow(), uuid.uuid4().hex[:8]
    old, recent = now - timedelta(hours=30), now - timedelta(minutes=1)
    with factory() as db:
        db.add_all(
            [
                PublicAttempt(client_key=f"old-{tag}", count=3, first_at=old),
                PublicAttempt(
                    client_key=f"locked-{tag}",
                    count=10,
                    first_at=old,
                    locked_until=now + timedelta(minutes=5),
                ),
                PublicAttempt(client_key=f"new-{tag}", count=1, first_at=recent),
                LoginThrottle(key=f"old-{tag}", failures=9, last_at=old),
                LoginThrottle(key=f"new-{tag}", failures=1, last_at=recent),
                IdempotentRequest(
                    key=f"old-{tag}",
                    route="sales",
                    request_hash="x",
                    status=201,
                    response={},
                    created_at=old,
                ),
                IdempotentRequest(
                    key=f"new-{tag}",
                    route="sales",
                    request_hash="x",
                    status=201,
                    response={},
                    created_at=recent,
                ),
            ]
        )
        db.commit()

    gone = housekeeping.purge_expired(factory, Settings(secret_key="x"), force=True)

    with factory() as db:
        left = {
            *db.scalars(
                select(PublicAttempt.client_key).where(PublicAttempt.client_key.like(f"%{tag}"))
            ),
            *(
                f"t:{k}"
                for k in db.scalars(
                    select(LoginThrottle.key).where(LoginThrottle.key.like(f"%{tag}"))
                )
            ),
            *(
                f"i:{k}"
                for k in db.scalars(
                    select(IdempotentRequest.key).where(IdempotentRequest.key.like(f"%{tag}"))
                )
            ),
        }
    assert left == {f"locked-{tag}", f"new-{tag}", f"t:new-{tag}", f"i:new-{tag}"}
    assert gone >= 3
    assert housekeeping.purge_expired in worker.tasks()
