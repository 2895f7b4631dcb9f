"""The scope a caller picks (store, floor, counter, brand) checked against what they may see,
and the small code <-> name look-ups the rows' labels need."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.auth.scope import scope_of, scoped
from aftersales.org.models import Brand, Counter, Floor, Store
from aftersales.paging import matching
from aftersales.supervision.reports.errors import PlaceOutOfScope, UnknownPlace


@dataclass(frozen=True)
class Scope:
    """Filters on top of the caller's own scope; None means no filter."""

    store_id: int | None = None
    floor_id: int | None = None
    counter_id: int | None = None
    brand_id: int | None = None
    codes: tuple[tuple[str, str], ...] = ()  # (field, code) as asked, for links and keys

    @property
    def key(self) -> str:
        """The archive key: "group", or the places picked ("store:S1,counter:S1-F1-C01").
        A store role's own store is always among them, so a store manager and a group
        manager who picks that store read the same archived figures."""
        return ",".join(f"{f}:{c}" for f, c in self.codes) or "group"

    def query(self) -> dict[str, str]:
        return dict(self.codes)

    def narrow(self, stmt: Any, user: Principal, *, store: Any, counter: Any) -> Any:
        """`stmt` kept to these places and to what `user` may see; `store` and `counter` are
        the statement's own columns (each report picks the expression that keeps its index
        in use), the floor and brand are the counter's (joined by the caller)."""
        stmt = matching(
            stmt,
            (store, self.store_id),
            (counter, self.counter_id),
            (Counter.floor_id, self.floor_id),
            (Counter.brand_id, self.brand_id),
        )
        return scoped(stmt, user, store=store, counter=counter)


def _one(session: Session, stmt: Any, field: str) -> Any:
    row = session.execute(stmt).first()
    if row is None:
        raise UnknownPlace(field=field)
    return row


def resolve(
    session: Session,
    user: Principal,
    *,
    store: str | None = None,
    floor: str | None = None,
    counter: str | None = None,
    brand: str | None = None,
) -> Scope:
    """Codes to ids; an unknown code is 422, a place outside the caller's scope 403."""
    store_id = floor_id = counter_id = brand_id = None
    codes: list[tuple[str, str]] = []
    if not store and scope_of(user.role) == "store" and user.store_id is not None:
        store = _one(session, select(Store.code).where(Store.id == user.store_id), "store")[0]
    if store:
        store_id = _one(session, select(Store.id).where(Store.code == store), "store")[0]
        _check(user, "store", store_id=store_id)
        codes.append(("store", store))
    if floor:  # a floor is named with its store: S1-F2
        s_code, _, f_code = floor.partition("-")
        row = _one(
            session,
            select(Floor.id, Floor.store_id)
            .join(Store)
            .where(Store.code == s_code, Floor.code == f_code),
            "floor",
        )
        floor_id = row[0]
        _check(user, "floor", store_id=row[1])
        codes.append(("floor", floor))
    if counter:
        row = _one(
            session, select(Counter.id, Counter.store_id).where(Counter.code == counter), "counter"
        )
        counter_id = row[0]
        _check(user, "counter", store_id=row[1], counter_id=row[0])
        codes.append(("counter", counter))
    if brand:
        brand_id = _one(session, select(Brand.id).where(Brand.code == brand), "brand")[0]
        codes.append(("brand", brand))
    return Scope(store_id, floor_id, counter_id, brand_id, tuple(codes))


def _check(user: Principal, field: str, *, store_id: int, counter_id: int | None = None) -> None:
    own = scope_of(user.role)
    if own == "store" and store_id != user.store_id:
        raise PlaceOutOfScope(field=field)
    if own == "counter" and (counter_id is None or counter_id != user.counter_id):
        raise PlaceOutOfScope(field=field)


@dataclass(frozen=True)
class Names:
    """id -> (code, zh name, en name) per kind of place; read once per report."""

    stores: dict[int, tuple[str, str]]
    floors: dict[int, tuple[str, str]]
    counters: dict[int, tuple[str, str]]
    brands: dict[int, tuple[str, str]]
    staff: dict[int, tuple[str, str]]
    counter_place: dict[int, tuple[int, int | None]]  # counter -> (floor, brand)


def names(session: Session) -> Names:
    """Read once per session (a request, a job): a report asks for them many times."""
    hit = session.info.get("report_names")
    if hit is None:
        hit = session.info["report_names"] = _read_names(session)
    return hit


def _read_names(session: Session) -> Names:
    from aftersales.auth.models import User

    stores = {i: (c, n) for i, c, n in session.execute(select(Store.id, Store.code, Store.name))}
    floors = {
        i: (f"{stores[s][0]}-{c}", f"{stores[s][1]} {n}")
        for i, s, c, n in session.execute(select(Floor.id, Floor.store_id, Floor.code, Floor.name))
    }
    rows = session.execute(
        select(Counter.id, Counter.code, Counter.name, Counter.floor_id, Counter.brand_id)
    ).all()
    counters = {r[0]: (r[1], r[2]) for r in rows}
    counter_place = {r[0]: (r[3], r[4]) for r in rows}
    brands = {i: (c, n) for i, c, n in session.execute(select(Brand.id, Brand.code, Brand.name))}
    staff = {
        i: (u, n) for i, u, n in session.execute(select(User.id, User.username, User.display_name))
    }
    return Names(stores, floors, counters, brands, staff, counter_place)
