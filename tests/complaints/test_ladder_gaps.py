"""Escalation to an empty level: a store with nobody at levels 2-4 hands a counter's case
straight to the next level that has a person, tells the complaint station of the gap, and
the case page says so; by hand and by the deadline sweep alike."""

from sqlalchemy import select, update

from aftersales.audit.models import Event
from aftersales.auth.models import Role, User
from aftersales.complaints import ladder, moves, service, tasks
from aftersales.complaints.models import Complaint
from aftersales.db import make_session_factory, transaction, utcnow
from aftersales.notify.models import OutboxMessage
from aftersales.shared_cache import ORG, bump
from tests.complaints.factories import cst, form, person
from tests.complaints.test_pages import _login, _registered, web  # noqa: F401 - fixture

FRIDAY_3PM = cst(2026, 11, 20, 15, 0)
MONDAY_7PM = cst(2026, 11, 23, 19, 0)
EMPTY = [Role.counter_manager, Role.floor_supervisor, Role.manager_assistant]


def test_landing_skips_to_the_first_level_with_a_person():
    assert moves.landing(2, {1, 2, 3, 4, 5, 6}) == moves.Landing(2)
    assert moves.landing(2, {1, 5, 6}) == moves.Landing(5, (2, 3, 4))
    assert moves.landing(3, {1, 2, 6}) == moves.Landing(6, (3, 4, 5))
    assert moves.landing(2, set()) == moves.Landing(6, (2, 3, 4, 5), nobody=True)


def test_the_station_hears_of_a_gap_only_when_levels_were_passed_over():
    def notice(landed: moves.Landing) -> tuple[str, str] | None:
        return moves.station_notice(tracking_code="C1", title="T", landed=landed)

    assert notice(moves.Landing(2)) is None
    assert notice(moves.Landing(6, (3, 4, 5))) is None  # the station takes the case itself
    subject, body = notice(moves.Landing(5, (2, 3, 4)))  # type: ignore[misc]
    assert "第2级、第3级、第4级无人在岗" in body and "第5级" in body
    assert "无人可转" in notice(moves.Landing(6, (2, 3, 4, 5), nobody=True))[1]  # type: ignore[index]


def _empty_levels_2_to_4(session) -> None:  # noqa: ANN001
    session.execute(update(User).where(User.role.in_(EMPTY)).values(active=False))
    bump(session, ORG)  # the ladder's people are cached per process


def _told(session, c: Complaint, event: str) -> set[str]:  # noqa: ANN001
    """The roles of the people sent a message of this event about the case."""
    users = session.scalars(select(User)).all()
    role_of = {u.email: u.role for u in users if u.email} | {
        u.phone: u.role for u in users if u.phone
    }
    return {
        role_of.get(m.recipient, "?")
        for m in session.scalars(select(OutboxMessage))
        if (m.meta or {}).get("complaint_id") == c.id and m.meta.get("event") == event
    }


def _escalation(session, c: Complaint) -> dict:  # noqa: ANN001
    return (
        session.scalars(
            select(Event).where(
                Event.entity == "complaint", Event.entity_id == c.id, Event.action == "escalated"
            )
        )
        .one()
        .after
    )


def test_by_hand_and_by_the_sweep_a_case_skips_the_empty_levels(session):
    staff = person(session, "staff")
    by_hand = service.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    by_clock = service.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    _empty_levels_2_to_4(session)
    service.escalate(
        session, complaint_id=by_hand.id, actor=staff, now=MONDAY_7PM, reason="顾客要求升级"
    )
    tasks.sweep_batch(session, now=MONDAY_7PM)
    for c in (by_hand, by_clock):
        session.refresh(c)
        assert c.level == 5
        after = _escalation(session, c)
        assert after["level"] == 5 and after["skipped"] == [2, 3, 4]
        assert _told(session, c, "escalated") == {Role.dept_manager}
        assert _told(session, c, "ladder_gap") == {Role.complaint_station}


def test_with_everyone_in_place_nothing_is_skipped(session):
    staff = person(session, "staff")
    c = service.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    service.escalate(session, complaint_id=c.id, actor=staff, now=MONDAY_7PM, reason="升级")
    assert c.level == 2 and "skipped" not in _escalation(session, c)
    assert _told(session, c, "ladder_gap") == set()


def test_the_case_page_says_the_levels_were_empty(web, sqlite_engine):  # noqa: F811
    cid, _, _ = _registered(sqlite_engine)
    with transaction(make_session_factory(sqlite_engine)) as db:
        c = db.get(Complaint, cid)
        ladder.move_to_level(
            db, c, 5, actor=person(db, "staff"), now=utcnow(), reason="升级", skipped=(2, 3, 4)
        )
    _login(web, "dept_manager")
    page = web.get(f"/complaints/{cid}")
    assert page.status_code == 200
    assert 'id="ladder-gap"' in page.text
    gap = page.text.split('id="ladder-gap"')[1].split("</div>")[0]
    assert "无人在岗" in gap and "投诉站" in gap
