"""Points expire: those earned in a year expire at the end of the next year (the default
rule). Spending uses the oldest points first, so what expires for year Y is what was earned
up to the end of Y less everything taken out since, never more than the balance. Members
are warned in December, before the points go."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session, aliased

from aftersales.customers.messages import Purpose, tell_customer
from aftersales.customers.models import Customer, Member, MemberNotice, PointEntry
from aftersales.customers.points import _append
from aftersales.deadlines import DEFAULT_TZ

E = PointEntry


def _year_start(year: int, tz: str) -> datetime:
    return datetime.combine(date(year, 1, 1), time.min, tzinfo=ZoneInfo(tz))


def expiring(
    session: Session, *, year: int, tz: str, after_id: int = 0, batch: int = 1000
) -> tuple[list[tuple[int, int]], int | None]:
    """(member id, points of `year` still unspent) for one batch of members by id, and the
    id to continue after (None when this was the last batch)."""
    cut = _year_start(year + 1, tz)
    earned = func.sum(case(((E.delta > 0) & (E.at < cut), E.delta), else_=0))
    spent = func.sum(case((E.delta < 0, -E.delta), else_=0))
    old = aliased(PointEntry)
    done = (
        select(old.id)
        .where(old.member_id == Member.id, old.reason == "expire", old.period == str(year))
        .correlate(Member)
        .exists()
    )
    rows = session.execute(
        select(Member.id, Member.points, earned, spent)
        .join(E, E.member_id == Member.id)
        .where(Member.id > after_id, ~done)
        .group_by(Member.id, Member.points)
        .order_by(Member.id)
        .limit(batch)
    ).all()
    found = [(mid, min(points, (e or 0) - (s or 0))) for mid, points, e, s in rows]
    return [f for f in found if f[1] > 0], rows[-1][0] if len(rows) == batch else None


_PG_EXPIRE = text("""
WITH cand AS MATERIALIZED (
  SELECT m.id, LEAST(m.points,
           SUM(CASE WHEN e.delta > 0 AND e.at < :cut THEN e.delta ELSE 0 END)
         - SUM(CASE WHEN e.delta < 0 THEN -e.delta ELSE 0 END)) AS x
  FROM member m JOIN point_entry e ON e.member_id = m.id
  WHERE m.id > :after AND m.id <= :upto AND e.member_id > :after AND e.member_id <= :upto
  GROUP BY m.id, m.points
  -- already expired for this year: seen in the same scan, no second look-up per member
  HAVING NOT bool_or(e.reason = 'expire' AND e.period = :period)
), moved AS (
  UPDATE member SET points = member.points - cand.x FROM cand
  WHERE member.id = cand.id AND cand.x > 0
  RETURNING member.id, member.points AS balance, cand.x
)
INSERT INTO point_entry (member_id, at, delta, balance, reason, period, note)
SELECT id, :now, -x, balance, 'expire', :period, :note FROM moved
""")


def _expire_range_pg(
    session: Session, *, year: int, now: datetime, tz: str, after_id: int, batch: int
) -> tuple[int, int | None]:
    """PostgreSQL: one id range per statement, set-based (the 1,000,000-member run). The
    range's member rows are locked first, so a sale or a redemption waits rather than
    moving a balance between the read and the write."""
    upto = after_id + batch
    session.execute(
        select(Member.id).where(Member.id > after_id, Member.id <= upto).with_for_update()
    )
    done = session.execute(
        _PG_EXPIRE,
        {
            "cut": _year_start(year + 1, tz),
            "after": after_id,
            "upto": upto,
            "period": str(year),
            "now": now,
            "note": f"{year} 年积分到期",
        },
    ).rowcount
    more = session.scalar(select(Member.id).where(Member.id > upto).limit(1))
    return done, upto if more is not None else None


def expire_year(
    session: Session,
    *,
    year: int,
    now: datetime,
    tz: str = DEFAULT_TZ,
    after_id: int = 0,
    batch: int = 1000,
) -> tuple[int, int | None]:
    """Expire one batch; answers (members whose points expired, next after_id or None)."""
    if session.get_bind().dialect.name == "postgresql":
        return _expire_range_pg(
            session, year=year, now=now, tz=tz, after_id=after_id, batch=batch * 10
        )
    found, last = expiring(session, year=year, tz=tz, after_id=after_id, batch=batch)
    for member_id, points in found:
        _append(
            session,
            member_id,
            [
                {
                    "delta": -points,
                    "reason": "expire",
                    "period": str(year),
                    "note": f"{year} 年积分到期",
                }
            ],
            at=now,
        )
    return len(found), last


def warn_members(
    session: Session,
    *,
    year: int,
    now: datetime,
    tz: str = DEFAULT_TZ,
    after_id: int = 0,
    batch: int = 1000,
) -> tuple[int, int | None]:
    """Tell each member, once, how many points of `year` expire at the end of next year
    (a service message about their account)."""
    found, last = expiring(session, year=year, tz=tz, after_id=after_id, batch=batch)
    if not found:
        return 0, last
    told = set(
        session.scalars(
            select(MemberNotice.member_id).where(
                MemberNotice.kind == "expiry",
                MemberNotice.period == str(year),
                MemberNotice.member_id.in_([m for m, _ in found]),
            )
        )
    )
    people = dict(
        session.execute(
            select(Member.id, Customer)
            .join(Customer, Customer.id == Member.customer_id)
            .where(Member.id.in_([m for m, _ in found]))
        )
        .tuples()
        .all()
    )
    count = 0
    for member_id, points in found:
        if member_id in told:
            continue
        session.add(MemberNotice(member_id=member_id, kind="expiry", period=str(year), at=now))
        tell_customer(
            session,
            customer=people[member_id],
            purpose=Purpose.service,
            subject="积分到期提醒",
            body=f"您有 {points} 积分将于 {year + 1} 年 12 月 31 日到期，请尽快使用。",
        )
        count += 1
    session.flush()
    return count, last
