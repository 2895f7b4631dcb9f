"""Recording an inspection: scores checked against the template version, total and percent,
the staff on duty, findings becoming corrective actions; refusals write nothing."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.errors import Forbidden, InvalidInput
from aftersales.notify.models import OutboxMessage
from aftersales.supervision.inspections import service, templates
from aftersales.supervision.inspections.errors import DueInPast, ScoreAboveMaximum
from aftersales.supervision.inspections.models import CorrectiveAction, Inspection
from aftersales.supervision.inspections.schemas import InspectionCreate
from tests.complaints.factories import person
from tests.inspections.factories import finding, sheet

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=ZoneInfo("UTC"))


def _record(session, body, who="inspector"):
    return service.record_inspection(
        session, data=InspectionCreate.model_validate(body), actor=person(session, who), now=NOW
    )


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_the_shipped_templates_are_the_store_inspection_mystery_shopper_and_test_call(session):
    rows = {t.code: t for t in templates.current_templates(session)}
    assert {"store_inspection", "mystery_shopper", "complaint_test_call"} <= set(rows)
    sections = [i["section"] for i in rows["store_inspection"].items]
    assert sorted(set(sections)) == ["attitude", "display", "environment", "skills"]
    assert sum(i["max"] for i in rows["store_inspection"].items) == 100
    assert len(rows["mystery_shopper"].items) == 8
    assert [i["key"] for i in rows["complaint_test_call"].items] == [
        "receive",
        "listen",
        "empathise",
        "ask",
        "propose",
        "agree",
        "thank",
    ]


def test_an_inspection_scores_each_item_and_sums_to_a_total_and_percent(session):
    row = _record(session, sheet(scores={"labels": 4, "cleanliness": 7}, findings=[finding()]))
    assert (row.total, row.max_total) == (91, 100)
    assert service.percent(row.total, row.max_total) == Decimal("91.0")
    assert [u.username for u in service.on_duty_of(session, row.id)] == ["staff"]
    scores = {s.item: (s.score, s.max) for s in service.scores_of(session, row.id)}
    assert scores["labels"] == (4, 10) and len(scores) == 10
    action = session.scalars(
        select(CorrectiveAction).where(CorrectiveAction.inspection_id == row.id)
    ).one()
    assert (action.status, action.owner_id) == ("open", person(session, "counter_manager").id)
    # the reminder is due the day before, at 09:00 in Shanghai
    assert action.next_check_at == datetime(2026, 11, 22, 1, 0, tzinfo=ZoneInfo("UTC"))
    actions = session.scalars(
        select(Event.action).where(
            Event.entity == "corrective_action", Event.entity_id == action.id
        )
    ).all()
    assert actions == ["opened"]


def test_a_score_above_the_items_maximum_is_refused_and_nothing_is_written(session):
    before = (_count(session, Inspection), _count(session, Event), _count(session, OutboxMessage))
    with pytest.raises(ScoreAboveMaximum) as refused:
        _record(session, sheet(scores={"labels": 11}, findings=[finding()]))
    assert refused.value.field == "scores[7].score"
    session.rollback()
    assert (
        _count(session, Inspection),
        _count(session, Event),
        _count(session, OutboxMessage),
    ) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (sheet(findings=[finding(owner="nobody")]), "findings[0].owner"),
        (sheet(findings=[finding(owner="staff2")]), "findings[0].owner"),  # another store's clerk
        (sheet(on_duty=["staff2"]), "on_duty[0]"),
        (sheet(counter="S2-F1-C01"), "counter"),
        (sheet(template="nope"), "template"),
    ],
)
def test_bad_sheets_name_the_field(session, body, field):
    with pytest.raises(InvalidInput) as refused:
        _record(session, body)
    assert refused.value.field == field


def test_a_due_date_before_the_visit_is_refused(session):
    with pytest.raises(DueInPast) as refused:
        _record(session, sheet(findings=[finding(due=date(2026, 11, 19))]))
    assert refused.value.field == "findings[0].due"


def test_a_clerk_may_not_record_and_a_store_role_only_in_its_store(session):
    with pytest.raises(Forbidden):
        _record(session, sheet(), who="staff")
    with pytest.raises(Forbidden):
        _record(session, sheet(store="S2", counter="S2-F1-C01", on_duty=[]), who="floor_supervisor")
    assert _record(session, sheet(), who="floor_supervisor").total == 100


def test_an_old_inspection_keeps_the_template_version_it_was_made_with(session):
    old = _record(session, sheet())
    v1 = templates.current(session, "store_inspection")
    items = [dict(i) for i in v1.items] + [
        {
            "key": "fitting_room",
            "section": "environment",
            "max": 20,
            "text_zh": "试衣间整洁",
            "text_en": "Fitting room tidy",
        }
    ]
    v2 = templates.save_version(
        session, code="store_inspection", items=items, actor=person(session, "admin")
    )
    assert v2.version == v1.version + 1
    assert templates.current(session, "store_inspection").id == v2.id
    assert templates.by_id(session, old.template_id).version == v1.version
    assert len(templates.by_id(session, old.template_id).items) == 10
    with pytest.raises(InvalidInput):  # the new version needs the new item scored
        _record(session, sheet())
    new = _record(
        session,
        sheet(scores={})
        | {
            "scores": sheet()["scores"]
            + [{"item": "fitting_room", "score": 15, "max": 20, "note": ""}]
        },
    )
    assert (new.template_id, new.total, new.max_total) == (v2.id, 115, 120)


def test_only_the_admin_saves_a_template_version(session):
    items = templates.current(session, "store_inspection").items
    with pytest.raises(Forbidden):
        templates.save_version(
            session, code="store_inspection", items=items, actor=person(session, "inspector")
        )
