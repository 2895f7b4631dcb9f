"""Chinese search, classification suggestions and attachments."""

import pytest

from aftersales.complaints import search, service
from aftersales.complaints.errors import AttachmentRefused
from tests.complaints.factories import cst, form, person

NOW = cst(2026, 11, 20, 15, 0)


def test_search_finds_chinese_words_however_they_were_segmented(session):
    staff = person(session, "staff")
    hit = service.register_complaint(
        session,
        actor=staff,
        now=NOW,
        data=form(title="羽绒服开线", description="穿了三天袖口开线，要求退货"),
    )
    service.register_complaint(
        session, actor=staff, now=NOW, data=form(title="态度差", description="收银员少找零钱")
    )
    # Intake only queues the new cases; the worker's pass writes their postings.
    assert search.search(session, user=staff, query="羽绒服") == []
    assert search.index_queued(session) == 2
    assert search.index_queued(session) == 0
    assert [c.id for c in search.search(session, user=staff, query="袖口 开线")] == [hit.id]
    assert [c.id for c in search.search(session, user=staff, query="羽绒服")] == [hit.id]
    assert search.search(session, user=person(session, "staff2"), query="羽绒服开线") == []


def test_suggest_type_and_cause_from_the_words(session):
    found = service.suggest(session, text="导购态度很不耐烦，还骂人")
    assert (found.type, found.cause) == ("service", "attitude")
    assert service.suggest(session, text="鞋子穿了一周就开胶了").cause == "quality"
    assert service.suggest(session, text="今天天气很好").type is None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"MZ\x90\x00" + b"0" * 100, "type"),
        (b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "size"),
    ],
)
def test_attachments_of_the_wrong_type_or_size_are_refused(session, tmp_path, data, why):
    staff = person(session, "staff")
    c = service.register_complaint(session, data=form(), actor=staff, now=NOW)
    with pytest.raises(AttachmentRefused):
        service.add_attachment(
            session,
            complaint_id=c.id,
            actor=staff,
            root=tmp_path,
            filename="x.jpg",
            data=data,
            kind="photo",
            now=NOW,
        )
    assert list(tmp_path.rglob("*.*")) == []


def test_an_attachment_is_kept_on_disk_and_served_only_in_scope(session, tmp_path):
    from aftersales.complaints.errors import ComplaintNotFound

    staff = person(session, "staff")
    c = service.register_complaint(session, data=form(), actor=staff, now=NOW)
    row = service.add_attachment(
        session,
        complaint_id=c.id,
        actor=staff,
        root=tmp_path,
        filename="photo.jpg",
        data=b"\xff\xd8\xff\xe0" + b"1" * 100,
        kind="photo",
        now=NOW,
    )
    _, path = service.open_attachment(
        session, user=staff, complaint_id=c.id, attachment_id=row.id, root=tmp_path
    )
    assert path.read_bytes().startswith(b"\xff\xd8\xff")
    with pytest.raises(ComplaintNotFound):
        service.open_attachment(
            session,
            user=person(session, "staff2"),
            complaint_id=c.id,
            attachment_id=row.id,
            root=tmp_path,
        )
