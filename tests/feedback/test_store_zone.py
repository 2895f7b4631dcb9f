"""Suggestions and hotline questions show their times in their store's zone."""

import pytest

from aftersales.audit.models import Event
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus, EnquiryTopic
from aftersales.feedback.enquiries.present import enquiry_json
from aftersales.feedback.models import Suggestion, SuggestionStatus
from aftersales.feedback.present import history_json, suggestion_json
from tests.support.zones import AT, STORE_ID, ZONES, refs_in

STATION = Principal(1, "station", "Station", Role.complaint_station, None, None, 0)


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_suggestion_times_are_the_stores(zone: str, shown: str, day: str) -> None:
    row = Suggestion(
        id=1, store_id=STORE_ID, status=SuggestionStatus.received, created_at=AT, decided_at=AT
    )
    body = suggestion_json(row, refs_in(zone), None)
    assert [body["created_at"], body["decided_at"]] == [shown, shown]
    event = Event(at=AT, actor="staff", action="suggestion_decided")
    assert history_json([event], refs_in(zone).zone(row.store_id))[0]["at"] == shown


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_hotline_question_times_are_the_stores(zone: str, shown: str, day: str) -> None:
    row = Enquiry(
        id=1,
        store_id=STORE_ID,
        topic=EnquiryTopic.delivery,
        status=EnquiryStatus.answered,
        asked_at=AT,
        answer_by=AT,
        answered_at=AT,
    )
    body = enquiry_json(row, refs_in(zone), STATION)
    assert [body["asked_at"], body["answer_by"], body["answered_at"]] == [shown] * 3
