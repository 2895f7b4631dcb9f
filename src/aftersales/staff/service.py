"""User accounts: roles and scopes, managed by administrators, every change audited."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales import refs
from aftersales.audit import service as audit
from aftersales.auth.models import User
from aftersales.auth.passwords import hash_password
from aftersales.auth.principal import Principal
from aftersales.auth.scope import scope_of
from aftersales.errors import Conflict, InvalidInput, NotFound, check_version
from aftersales.org.models import Counter, Store
from aftersales.staff.schemas import UserForm

USER_FIELDS = ["username", "display_name", "role", "store_id", "counter_id", "email", "active"]


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def _scope_ids(session: Session, data: UserForm) -> tuple[int | None, int | None]:
    """A counter role needs a counter, a store role a store; group roles need neither."""
    scope = scope_of(data.role)
    if scope == "group":
        return None, None
    if scope == "counter":
        counter = session.scalars(
            select(Counter).where(Counter.code == (data.counter or ""))
        ).first()
        if counter is None:
            raise InvalidInput("This role needs a counter", field="counter")
        return counter.store_id, counter.id
    store = session.scalars(select(Store).where(Store.code == (data.store or ""))).first()
    if store is None:
        raise InvalidInput("This role needs a store", field="store")
    return store.id, None


def create_user(session: Session, *, data: UserForm, actor: Principal | None) -> User:
    if session.scalars(select(User).where(User.username == data.username)).first():
        raise Conflict("Username taken", field="username")
    if not data.password or len(data.password) < 4:
        raise InvalidInput("Password of at least 4 characters", field="password")
    store_id, counter_id = _scope_ids(session, data)
    user = User(
        username=data.username,
        display_name=data.display_name,
        role=data.role,
        store_id=store_id,
        counter_id=counter_id,
        email=data.email or None,
        password_hash=hash_password(data.password),
        active=data.active,
    )
    audit.record_added(
        session, user, actor=actor, action="created", after=audit.snapshot(user, USER_FIELDS)
    )
    refs.changed(session)
    return user


def update_user(session: Session, *, user_id: int, data: UserForm, actor: Principal) -> User:
    user = session.get(User, user_id, with_for_update=True)
    if user is None:
        raise NotFound(field="id")
    check_version(user.version, data.version)
    before = audit.snapshot(user, USER_FIELDS)
    user.store_id, user.counter_id = _scope_ids(session, data)
    user.display_name, user.role, user.email = data.display_name, data.role, data.email or None
    user.active = data.active
    if data.password:
        user.password_hash = hash_password(data.password)
        user.session_epoch += 1  # a new password logs the old sessions out
    session.flush()
    after = audit.snapshot(user, USER_FIELDS)
    audit.record_on(session, user, "updated", actor=actor, before=before, after=after)
    refs.changed(session)
    return user
