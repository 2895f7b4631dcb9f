"""Code -> id look-ups for stores, counters, categories and staff.

These tables change rarely and every sale needs them, so each process keeps a copy behind a
shared version number (`aftersales.shared_cache`): a change through any process is seen by
the next request everywhere.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.deadlines.working_time import DEFAULT_TZ
from aftersales.org.models import Counter, Store
from aftersales.sales.models import Category
from aftersales.shared_cache import ORG, SharedCache, bump


@dataclass(frozen=True)
class Refs:
    stores: dict[str, int]
    store_codes: dict[int, str]
    counters: dict[str, tuple[int, int]]  # code -> (id, store_id)
    counter_codes: dict[int, str]
    categories: dict[str, int]
    category_codes: dict[int, str]
    staff: dict[str, int]
    usernames: dict[int, str]
    people: dict[int, str]  # user id -> the name people know them by (history panels)
    names: dict[str, str]  # username -> that name
    zones: dict[int, str]  # store id -> its time zone

    def zone(self, store_id: int | None) -> str:
        """The store's time zone: local days and times of its records are counted in it."""
        return self.zones.get(store_id, DEFAULT_TZ) if store_id is not None else DEFAULT_TZ


def load_refs(session: Session) -> Refs:
    stores = dict(session.execute(select(Store.code, Store.id)).tuples().all())
    zones = dict(session.execute(select(Store.id, Store.timezone)).tuples().all())
    counters = {
        c: (i, s)
        for c, i, s in session.execute(select(Counter.code, Counter.id, Counter.store_id)).tuples()
    }
    categories = dict(session.execute(select(Category.code, Category.id)).tuples().all())
    users = session.execute(select(User.username, User.id, User.display_name)).tuples().all()
    staff = {username: i for username, i, _ in users}
    names = {username: shown or username for username, _, shown in users}
    return Refs(
        stores=stores,
        store_codes={v: k for k, v in stores.items()},
        counters=counters,
        counter_codes={v[0]: k for k, v in counters.items()},
        categories=categories,
        category_codes={v: k for k, v in categories.items()},
        staff=staff,
        usernames={v: k for k, v in staff.items()},
        people={i: names[username] for username, i in staff.items()},
        names=names,
        zones=zones,
    )


_REFS = SharedCache(ORG, load_refs)


def refs(session: Session, *, fresh: bool = False) -> Refs:
    return _REFS.get(session, fresh=fresh)


def zone_of(session: Session, store_id: int | None) -> str:
    """The time zone a store's records are read and counted in (the default without one)."""
    return refs(session).zone(store_id)


def changed(session: Session) -> None:
    """A store, counter, category or user was added or changed in this transaction."""
    bump(session, ORG)
