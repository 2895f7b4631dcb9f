"""Staff doors over the API: fines named by field, sessions in the past refused, a person's
record visible to themself and their superiors only."""

from datetime import timedelta

from sqlalchemy import select

from aftersales.auth.models import User
from aftersales.db import transaction, utcnow
from aftersales.staff import discipline
from tests.complaints.factories import person
from tests.staff.factories import new_clerk


def _warned_clerk(client):
    with transaction(client.app.state.session_factory) as db:
        clerk = new_clerk(db)
        row = discipline.record_verified_complaint(
            db,
            staff_id=clerk.id,
            complaint_id=None,
            reason="接待冷淡",
            actor=person(db, "floor_supervisor"),
            now=utcnow(),
        )
        return clerk.id, row.id


def test_fines_and_records_over_the_api(client, as_user):
    clerk_id, record_id = _warned_clerk(client)
    boss = as_user("floor_supervisor")
    for bad in ("-5", "abc", "1.234"):
        refused = client.post(
            f"/api/v1/discipline-records/{record_id}/fine",
            json={"fine": bad, "version": 1},
            headers=boss,
        )
        assert (refused.status_code, refused.json()["field"]) == (422, "fine")
    assert (
        client.post(
            f"/api/v1/discipline-records/{record_id}/fine",
            json={"fine": "20", "version": 1},
            headers=as_user("inspector"),
        ).status_code
        == 403
    )
    ok = client.post(
        f"/api/v1/discipline-records/{record_id}/fine",
        json={"fine": "20", "version": 1},
        headers=boss,
    )
    assert ok.status_code == 200 and ok.json()["fine"] == "20.00"
    got = client.get(f"/api/v1/staff/{clerk_id}/record", headers=boss).json()
    assert got["discipline"]["standing"] == 1 and got["discipline"]["next_step"] == "penalty"
    assert got["discipline"]["records"][0]["fine"] == "20.00"
    assert (
        client.get(f"/api/v1/staff/{clerk_id}/record", headers=as_user("staff")).status_code == 404
    )


def test_a_clerk_reads_their_own_record(client, as_user):
    with client.app.state.session_factory() as db:
        me = db.scalars(select(User.id).where(User.username == "staff")).one()
    assert client.get(f"/api/v1/staff/{me}/record", headers=as_user("staff")).status_code == 200


def test_a_session_in_the_past_is_refused_as_upcoming(client, as_user):
    past = (utcnow() - timedelta(days=1)).isoformat()
    answer = client.post(
        "/api/v1/training-sessions",
        json={"course": "selling", "trainer": "林老师", "starts_at": past},
        headers=as_user("floor_supervisor"),
    )
    assert (answer.status_code, answer.json()["field"]) == (422, "starts_at")
    future = (utcnow() + timedelta(days=3)).isoformat()
    assert (
        client.post(
            "/api/v1/training-sessions",
            json={"course": "selling", "trainer": "林老师", "starts_at": future},
            headers=as_user("floor_supervisor"),
        ).status_code
        == 201
    )
