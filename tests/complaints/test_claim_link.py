"""A complaint's claim is a real foreign key: a link to a claim nobody has, or to one the
clerk may not see, is refused with 422 naming `claim_id`; the database refuses one too."""

import pytest
from sqlalchemy import inspect, update
from sqlalchemy.exc import IntegrityError

from aftersales.complaints import service
from aftersales.complaints.models import Complaint
from aftersales.complaints.schemas import ClassifyIn
from aftersales.db import utcnow
from aftersales.errors import DomainError
from tests.complaints.factories import form, person
from tests.reports.claim_fixtures import _claim


def test_the_column_has_its_foreign_key(engine):
    keys = inspect(engine).get_foreign_keys("complaint")
    assert {"constrained_columns": ["claim_id"], "referred_table": "claim"} in [
        {"constrained_columns": k["constrained_columns"], "referred_table": k["referred_table"]}
        for k in keys
    ]


def test_a_missing_or_foreign_claim_is_refused_naming_the_field(session):
    staff = person(session, "staff")
    mine, theirs = _claim(session, "S1-F1-C01"), _claim(session, "S2-F1-C01")
    linked = service.register_complaint(
        session, data=form(claim_id=mine.id), actor=staff, now=utcnow()
    )
    assert linked.claim_id == mine.id
    for claim_id in (2_000_000_000, theirs.id):
        with pytest.raises(DomainError) as refused:
            service.register_complaint(
                session, data=form(claim_id=claim_id), actor=staff, now=utcnow()
            )
        assert refused.value.field == "claim_id"
        with pytest.raises(DomainError) as refused:
            service.classify(
                session,
                complaint_id=linked.id,
                data=ClassifyIn(claim_id=claim_id, version=linked.version),
                actor=staff,
                now=utcnow(),
            )
        assert refused.value.field == "claim_id"


def test_the_database_refuses_a_dangling_link(session):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=utcnow()
    )
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(
            update(Complaint).where(Complaint.id == c.id).values(claim_id=2_000_000_000)
        )
