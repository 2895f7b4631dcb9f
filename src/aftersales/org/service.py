"""Stores and counters: created and changed by administrators, every change audited."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales import refs
from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.errors import Conflict, InvalidInput, NotFound, check_version
from aftersales.org.models import Brand, Counter, Floor, Group, Store
from aftersales.org.schemas import CounterForm, StoreForm

COUNTER_FIELDS = ["code", "name", "store_id", "floor_id", "brand_id", "active"]


def list_stores(session: Session) -> list[Store]:
    return list(session.scalars(select(Store).order_by(Store.code)))


def list_counters(session: Session, *, store_id: int | None = None) -> list[Counter]:
    stmt = select(Counter).order_by(Counter.code)
    if store_id:
        stmt = stmt.where(Counter.store_id == store_id)
    return list(session.scalars(stmt))


def list_floors(session: Session) -> list[Floor]:
    return list(session.scalars(select(Floor).order_by(Floor.store_id, Floor.code)))


def list_brands(session: Session) -> list[Brand]:
    return list(session.scalars(select(Brand).order_by(Brand.code)))


def create_store(session: Session, *, data: StoreForm, actor: Principal) -> Store:
    if session.scalars(select(Store).where(Store.code == data.code)).first():
        raise Conflict("A store with this code exists", field="code")
    group = session.scalars(select(Group)).first()
    if group is None:
        group = Group(code="G1", name="集团")
        session.add(group)
        session.flush()
    store = Store(group_id=group.id, code=data.code, name=data.name)
    session.add(store)
    session.flush()
    for n in (1, 2, 3):
        session.add(Floor(store_id=store.id, code=f"F{n}", name=f"{n}F"))
    audit.record_on(
        session, store, "created", actor=actor, after={"code": store.code, "name": store.name}
    )
    refs.changed(session)
    return store


def _resolve_counter_refs(session: Session, data: CounterForm) -> tuple[int, int, int | None]:
    store = session.scalars(select(Store).where(Store.code == data.store)).first()
    if store is None:
        raise InvalidInput("Unknown store", field="store")
    floor = session.scalars(
        select(Floor).where(Floor.store_id == store.id, Floor.code == data.floor)
    ).first()
    if floor is None:
        raise InvalidInput("Unknown floor", field="floor")
    brand_id = None
    if data.brand:
        brand_id = session.scalars(select(Brand.id).where(Brand.code == data.brand)).first()
        if brand_id is None:
            raise InvalidInput("Unknown brand", field="brand")
    return store.id, floor.id, brand_id


def create_counter(session: Session, *, data: CounterForm, actor: Principal) -> Counter:
    if session.scalars(select(Counter).where(Counter.code == data.code)).first():
        raise Conflict("A counter with this code exists", field="code")
    return _save_counter(session, Counter(code=data.code), data, actor=actor, action="created")


def update_counter(
    session: Session, *, counter_id: int, data: CounterForm, actor: Principal
) -> Counter:
    counter = session.get(Counter, counter_id, with_for_update=True)
    if counter is None:
        raise NotFound(field="id")
    check_version(counter.version, data.version)
    before = audit.snapshot(counter, COUNTER_FIELDS)
    return _save_counter(session, counter, data, actor=actor, action="updated", before=before)


def _save_counter(
    session: Session,
    counter: Counter,
    data: CounterForm,
    *,
    actor: Principal,
    action: str,
    before: dict[str, Any] | None = None,
) -> Counter:
    """The form's fields onto the counter (its code stays), then flush and audit."""
    counter.store_id, counter.floor_id, counter.brand_id = _resolve_counter_refs(session, data)
    counter.name, counter.active = data.name, data.active
    session.add(counter)
    session.flush()
    after = audit.snapshot(counter, COUNTER_FIELDS)
    audit.record_on(session, counter, action, actor=actor, before=before, after=after)
    refs.changed(session)
    return counter
