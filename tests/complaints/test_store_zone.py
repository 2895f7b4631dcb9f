"""A complaint's times show in its store's zone, in the API and on its pages."""

import pytest

from aftersales.audit.models import Event
from aftersales.complaints.models import Complaint, ComplaintTask
from aftersales.complaints.present import complaint_json, task_json
from aftersales.web.render import ENV
from tests.support.zones import AT, STORE_ID, ZONES, refs_in


def _complaint() -> Complaint:
    return Complaint(
        id=3, store_id=STORE_ID, created_at=AT, occurred_at=AT, respond_by=AT, resolve_by=AT
    )


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_complaint_times_are_the_stores(zone: str, shown: str, day: str) -> None:
    body = complaint_json(_complaint(), refs_in(zone))
    assert [body[k] for k in ("created_at", "occurred_at", "respond_by", "resolve_by")] == [
        shown
    ] * 4
    task = ComplaintTask(id=1, complaint_id=3, store_id=STORE_ID, role="warehouse", done_at=AT)
    assert task_json(task, refs_in(zone))["done_at"] == shown


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_complaint_list_shows_each_row_in_its_stores_zone(zone: str, shown: str, day: str) -> None:
    row = ENV.from_string("{{ c.respond_by|localtime(refs.zone(c.store_id), '%Y-%m-%d') }}")
    assert row.render(c=_complaint(), refs=refs_in(zone)) == day


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_the_history_panel_shows_the_stores_time(zone: str, shown: str, day: str) -> None:
    event = Event(at=AT, actor="staff", action="registered", before={}, after={})
    panel = ENV.get_template("audit/history.html").render(
        events=[event], zone=zone, refs=refs_in(zone), lang="en"
    )
    assert f"{shown[:10]} {shown[11:16]}" in panel
