"""Service standards: shipped defaults, loading, picking the most specific."""

import pytest

from aftersales.deadlines import (
    Clock,
    InvalidStandard,
    Kind,
    NoStandardFor,
    ServiceStandard,
    Unit,
    default_standards,
    pick_standard,
    standards_from_dict,
    standards_from_toml,
)


def test_the_shipped_defaults_follow_the_domain():
    standards = default_standards()
    summary = {s.kind: (s.amount, s.unit, s.clock) for s in standards}
    assert summary == {
        Kind.HOTLINE_ANSWER: (4, Unit.HOURS, Clock.CALENDAR),
        Kind.RESPOND: (12, Unit.HOURS, Clock.WORKING),
        Kind.REPLY: (24, Unit.HOURS, Clock.WORKING),
        Kind.RESOLVE: (30, Unit.DAYS, Clock.CALENDAR),
        Kind.SHIP: (2, Unit.DAYS, Clock.CALENDAR),
        Kind.REWORK: (18, Unit.DAYS, Clock.CALENDAR),
    }
    assert all(s.channel is None and s.severity is None for s in standards)


def standard(name, amount, channel=None, severity=None) -> ServiceStandard:
    return ServiceStandard(name, "respond", amount, "hours", "working", channel, severity)


LADDER = [
    standard("default", 12),
    standard("urgent", 6, severity="urgent"),
    standard("media", 4, channel="media"),
    standard("media urgent", 2, channel="media", severity="urgent"),
]


@pytest.mark.parametrize(
    ("channel", "severity", "expected"),
    [
        ("media", "urgent", "media urgent"),
        ("media", "normal", "media"),
        ("media", None, "media"),
        ("hotline", "urgent", "urgent"),
        ("hotline", None, "default"),
        (None, None, "default"),
    ],
)
def test_pick_standard_prefers_the_most_specific(channel, severity, expected):
    for order in (LADDER, LADDER[::-1]):
        assert pick_standard(order, "respond", channel, severity).name == expected


def test_pick_standard_without_a_match_says_so():
    with pytest.raises(NoStandardFor):
        pick_standard(LADDER, "resolve")
    with pytest.raises(NoStandardFor):
        pick_standard([standard("media only", 4, channel="media")], "respond", "hotline")


def entry(**changes) -> dict:
    """One [[standard]] table as tomllib gives it, with ``changes`` applied."""
    base = {"name": "n", "kind": "reply", "amount": 1, "unit": "hours", "clock": "working"}
    return {k: v for k, v in (base | changes).items() if v is not None}


def test_standards_from_dict_reads_strings_into_enums():
    [loaded] = standards_from_dict({"standard": [entry(amount=3, unit="days", channel="email")]})
    assert loaded == ServiceStandard("n", "reply", 3, Unit.DAYS, Clock.WORKING, "email")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": 1.5}, "amount"),
        ({"amount": True}, "amount"),
        ({"unit": "weeks"}, "unit must be one of hours, days"),
        ({"clock": "office"}, "clock must be one of calendar, working"),
        ({"clock": None}, "clock"),
        ({"colour": "red"}, "unknown field(s) colour"),
    ],
)
def test_a_bad_entry_is_refused_with_its_position(changes, message):
    with pytest.raises(InvalidStandard, match="standard\\[0\\]") as refused:
        standards_from_dict({"standard": [entry(**changes)]})
    assert message in str(refused.value)


def test_two_standards_for_the_same_scope_are_refused():
    with pytest.raises(InvalidStandard, match="second standard"):
        standards_from_dict({"standard": [entry(), entry(name="again")]})


def test_a_file_without_standards_is_refused():
    with pytest.raises(InvalidStandard):
        standards_from_dict({})
    with pytest.raises(InvalidStandard, match="not valid TOML"):
        standards_from_toml("[[standard]\n")
