"""Code -> id look-ups for stores, counters, categories and staff.

These tables change rarely and every sale needs them, so each process keeps a short-lived copy.
"""

import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.org.models import Counter, Store
from aftersales.sales.models import Category

_TTL = 30.0


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


_cache: dict[str, tuple[float, Refs]] = {}


def load_refs(session: Session) -> Refs:
    stores = dict(session.execute(select(Store.code, Store.id)).tuples().all())
    counters = {
        c: (i, s)
        for c, i, s in session.execute(select(Counter.code, Counter.id, Counter.store_id)).tuples()
    }
    categories = dict(session.execute(select(Category.code, Category.id)).tuples().all())
    staff = dict(session.execute(select(User.username, User.id)).tuples().all())
    return Refs(
        stores=stores,
        store_codes={v: k for k, v in stores.items()},
        counters=counters,
        counter_codes={v[0]: k for k, v in counters.items()},
        categories=categories,
        category_codes={v: k for k, v in categories.items()},
        staff=staff,
        usernames={v: k for k, v in staff.items()},
    )


def refs(session: Session, *, fresh: bool = False) -> Refs:
    key = str(session.get_bind().engine.url)
    hit = _cache.get(key)
    if not fresh and hit and time.monotonic() - hit[0] < _TTL:
        return hit[1]
    value = load_refs(session)
    _cache[key] = (time.monotonic(), value)
    return value


def invalidate() -> None:
    _cache.clear()
