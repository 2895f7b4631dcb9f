"""The members' timed work, run by `aftersales worker`: tiers, birthday vouchers, care
tasks (with reminders of overdue ones) and the Spring Festival cards once a day, the expiry
warning in December and the expiry itself in January; priority event invitations on every
pass.

A day's run of a job is claimed with a conditional UPDATE on `member_job_run` (the row
count says who won), so any number of workers run each job once. Each batch is its own
transaction; a batch that fails rolls back and the next day's pass (or a rerun of the CLI)
takes the members that were left."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from aftersales.customers import benefits, care, care_seasonal, expiry, priority, referrals, tiers
from aftersales.customers.models import MemberJobRun
from aftersales.db import utcnow
from aftersales.settings import Settings

MAX_BATCHES = 2000
Batch = Callable[[Session, int], tuple[int, int | None]]


def claim_run(factory: sessionmaker[Session], name: str, period: str) -> bool:
    with factory() as session:
        won = (
            session.execute(
                update(MemberJobRun)
                .where(MemberJobRun.name == name, MemberJobRun.period != period)
                .values(period=period)
            ).rowcount
            == 1
        )
        if not won:
            try:
                session.execute(insert(MemberJobRun).values(name=name, period=period))
                won = True
            except IntegrityError:  # the row exists: this period already ran or is running
                session.rollback()
                return False
        session.commit()
    return won


def run_batches(factory: sessionmaker[Session], work: Batch) -> int:
    done, after = 0, 0
    for _ in range(MAX_BATCHES):
        with factory() as session:
            count, nxt = work(session, after)
            session.commit()
        done += count
        if nxt is None:
            break
        after = nxt
    return done


def _daily(factory: sessionmaker[Session], settings: Settings, now: datetime) -> int:
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    done = 0
    if claim_run(factory, "tiers", today.isoformat()):
        done += run_batches(
            factory, lambda s, after: tiers.recompute_tiers(s, now=now, after_id=after)
        )
    if claim_run(factory, "birthday", today.isoformat()):

        def issue(session: Session, _after: int) -> tuple[int, int | None]:
            count = benefits.issue_birthday_vouchers(session, now=now, tz=settings.timezone)
            return count, 0 if count else None

        done += run_batches(factory, issue)
    if claim_run(factory, "care", today.isoformat()):
        with factory() as session:
            done += care.create_due_tasks(session, now=now, tz=settings.timezone)
            done += care.remind_overdue(session, now=now, tz=settings.timezone)
            done += referrals.reward_referrers(session, now=now)
            session.commit()
    if claim_run(factory, "festival", today.isoformat()):
        done += run_batches(
            factory,
            lambda s, after: care_seasonal.create_festival_cards(
                s, now=now, tz=settings.timezone, after_id=after
            ),
        )
    return done


def _yearly(factory: sessionmaker[Session], settings: Settings, now: datetime) -> int:
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    tz, done = settings.timezone, 0
    # Points earned in year Y expire at the end of Y + 1: warn in December of Y + 1,
    # expire from January of Y + 2.
    if today.month == 12 and claim_run(factory, "expiry_warning", str(today.year)):
        done += run_batches(
            factory,
            lambda s, after: expiry.warn_members(
                s, year=today.year - 1, now=now, tz=tz, after_id=after
            ),
        )
    if claim_run(factory, "expiry", str(today.year)):
        done += run_batches(
            factory,
            lambda s, after: expiry.expire_year(
                s, year=today.year - 2, now=now, tz=tz, after_id=after
            ),
        )
    return done


def member_work(factory: sessionmaker[Session], settings: Settings) -> int:
    now = utcnow()
    return (
        _daily(factory, settings, now)
        + _yearly(factory, settings, now)
        + run_batches(factory, lambda s, _after: priority.send_invitations(s, now=now))
    )
