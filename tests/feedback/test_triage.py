"""Triage at the service level, on both databases: the category suggested from the words,
the state machine's refusals, and the monthly report's list of adopted suggestions."""

from datetime import UTC, datetime, timedelta

import pytest

from aftersales.feedback import decide, intake, queries
from aftersales.feedback.classify import suggest_category
from aftersales.feedback.errors import NotAdopted, SuggestionAlreadyDecided
from aftersales.feedback.schemas import ConvertIn, DecideIn, ImplementedIn, SuggestionCreate
from tests.claims.factories import person

NOW = datetime.now(UTC)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("导购态度很好，但收银排队太久", "service"),
        ("希望增加大码女鞋的款式", "goods"),
        ("洗手间不干净，空调太冷", "environment"),
        ("羊绒衫价格太贵，能否多些折扣", "price"),
        ("谢谢", "other"),
    ],
)
def test_the_words_suggest_a_category(text, category):
    assert suggest_category(text) == category


def _new(session, text: str = "希望周末延长营业时间"):  # noqa: ANN202
    data = SuggestionCreate(channel="letter", store="S1", text=text)
    return intake.record_suggestion(
        session, data=data, actor=person(session, "floor_supervisor"), now=NOW
    )


def _decide(session, row, decision: str, reply: str, boss) -> None:  # noqa: ANN001
    data = DecideIn(decision=decision, reply=reply, version=row.version)
    decide.decide(session, suggestion_id=row.id, data=data, actor=boss, now=NOW)


def test_the_state_machine_refuses_what_it_does_not_allow(session):
    boss = person(session, "floor_supervisor")
    row = _new(session)
    with pytest.raises(NotAdopted):
        decide.mark_implemented(
            session,
            suggestion_id=row.id,
            data=ImplementedIn(note="x", version=1),
            actor=boss,
            now=NOW,
        )
    _decide(session, row, "declined", "暂不考虑", boss)
    with pytest.raises(SuggestionAlreadyDecided):
        decide.convert_to_complaint(
            session, suggestion_id=row.id, data=ConvertIn(version=row.version), actor=boss, now=NOW
        )
    assert (row.status, row.notified) == ("declined", False)


def test_the_monthly_report_lists_the_adopted_suggestions(session):
    boss = person(session, "floor_supervisor")
    adopted, declined = _new(session, "建议增设母婴室"), _new(session, "建议取消会员卡")
    _decide(session, adopted, "adopted", "已安排", boss)
    _decide(session, declined, "declined", "暂不", boss)
    found = queries.adopted_between(
        session,
        start=NOW - timedelta(minutes=1),
        end=NOW + timedelta(minutes=1),
        store_id=adopted.store_id,
    )
    assert adopted.id in [s.id for s in found] and declined.id not in [s.id for s in found]
