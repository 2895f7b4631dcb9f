"""`aftersales demo`: loads once, with the contract's codes, accounts and open complaints."""

from sqlalchemy import func, select

from aftersales import migrate
from aftersales.auth.models import User
from aftersales.complaints.models import Complaint
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.demo import load_demo
from aftersales.org.models import Counter
from aftersales.supervision.reports.demo import STORIES


def test_the_demo_loads_once_with_codes_accounts_and_complaints(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    migrate.upgrade(url)
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as session:
        assert load_demo(session, password="demo", now=utcnow(), receipts=50, customers=20)
    with transaction(factory) as session:
        assert not load_demo(session, password="demo", now=utcnow(), receipts=50, customers=20)
        counters = set(session.scalars(select(Counter.code)))
        users = set(session.scalars(select(User.username)))
        # The ten open complaints of the demo's story, and the refused claim for shoes that
        # pinch turned into one at the shoe counter S1-F1-C01 (the statistics' handled
        # history of the last months comes on top: supervision/reports/demo.py).
        history = [title for stories in STORIES.values() for _, title, _ in stories]
        complaints = session.execute(
            select(func.count(Complaint.id), func.count(Complaint.claim_id)).where(
                Complaint.title.not_in(history)
            )
        ).one()
    assert {"S1-F1-C01", "S1-F3-C08", "S2-F1-C01"} <= counters and len(counters) == 48
    assert {"admin", "staff", "staff2", "complaint_station", "inspector"} <= users
    assert tuple(complaints) == (11, 1)
    with factory() as session:
        # The reply to the customer: two of the story's cases in time, one late, and the
        # newest one still waiting with its reply due.
        replied = session.execute(
            select(Complaint.title, Complaint.replied_at <= Complaint.reply_by).where(
                Complaint.title.not_in(history), Complaint.replied_at.is_not(None)
            )
        ).all()
        assert sorted(on_time for _, on_time in replied) == [False, True, True]
        waiting = session.scalars(
            select(Complaint).where(Complaint.title == "导购态度冷淡，不愿意介绍商品")
        ).one()
        assert waiting.replied_at is None and waiting.reply_by > utcnow()
