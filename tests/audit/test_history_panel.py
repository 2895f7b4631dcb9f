"""A history panel reads as a person expects: people by name, fields and states in the
reader's language, times in the store's zone to the minute."""

from datetime import UTC, datetime
from types import SimpleNamespace

from aftersales.i18n import translator
from aftersales.web.history import readable

REFS = SimpleNamespace(
    people={2: "王小明", 3: "李店长"},
    names={"inspector": "督导吴"},
    store_codes={1: "S1"},
    counter_codes={4: "C04"},
)


def _event(action: str, before: dict | None, after: dict) -> SimpleNamespace:
    at = datetime(2026, 12, 3, 8, 9, 30, 123456, tzinfo=UTC)
    return SimpleNamespace(at=at, actor="inspector", action=action, before=before, after=after)


def test_an_inspections_events_name_people_fields_and_states():
    events = [
        _event("opened", None, {"on_duty": [2, 3], "max": 100, "counter_id": 4}),
        _event("to_verified", {"status": "done"}, {"status": "verified", "owner_id": 3}),
    ]
    opened, verified = readable(events, refs=REFS, tz="Asia/Shanghai", gettext=translator("zh"))
    assert opened.at == "2026-12-03 16:09"
    assert opened.actor == "督导吴"
    assert ("当班员工", "", "王小明、李店长") in opened.changes
    assert ("满分", "", "100") in opened.changes
    assert ("专柜", "", "C04") in opened.changes
    assert ("状态", "完成", "已验证") in verified.changes
    assert ("责任人", "", "李店长") in verified.changes
