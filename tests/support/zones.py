"""Stores in other time zones, for each domain's test that a record's local times and days
are its store's."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.org.models import Store
from aftersales.refs import Refs, changed

# Past midnight in Shanghai and Tokyo, still the evening before in Urumqi.
AT = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)
# (the store's zone, AT as its records show it, AT's local day)
ZONES = [
    ("Asia/Shanghai", "2026-03-02T01:30:00+08:00", "2026-03-02"),
    ("Asia/Tokyo", "2026-03-02T02:30:00+09:00", "2026-03-02"),
    ("Asia/Urumqi", "2026-03-01T23:30:00+06:00", "2026-03-01"),
]
STORE_ID = 1


def refs_in(zone: str) -> Refs:
    """Look-ups knowing one store, STORE_ID ("S1"), in `zone`."""
    return Refs(
        stores={"S1": STORE_ID},
        store_codes={STORE_ID: "S1"},
        counters={},
        counter_codes={},
        categories={},
        category_codes={},
        staff={},
        usernames={},
        people={},
        names={},
        zones={STORE_ID: zone},
    )


def move_store(session: Session, code: str, zone: str) -> int:
    """Put the store `code` in `zone`, telling the cached look-ups; answer its id."""
    store = session.scalars(select(Store).where(Store.code == code)).one()
    store.timezone = zone
    changed(session)
    session.flush()
    return store.id
