"""Log in, throttle failures, issue and check bearer tokens."""

from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import LoginFailure, User
from aftersales.auth.passwords import verify_password
from aftersales.errors import NotAuthenticated, TooManyAttempts
from aftersales.settings import Settings


class WrongCredentials(NotAuthenticated):
    code = "wrong_credentials"
    message_zh = "用户名或密码错误"
    message_en = "Wrong username or password"


def _failure_row(session: Session, username: str) -> LoginFailure | None:
    return session.get(LoginFailure, username)


def _check_not_locked(row: LoginFailure | None, now: datetime) -> None:
    if row is not None and row.locked_until is not None and row.locked_until > now:
        raise TooManyAttempts(field="username")


def _note_failure(
    session: Session, row: LoginFailure | None, username: str, now: datetime, settings: Settings
) -> None:
    window = timedelta(seconds=settings.login_lock_seconds)
    if row is None:
        row = LoginFailure(username=username, count=0, first_at=now)
        session.add(row)
    if now - row.first_at > window:
        row.count, row.first_at, row.locked_until = 0, now, None
    row.count += 1
    if row.count >= settings.login_max_failures:
        row.locked_until = now + window


def authenticate(
    session: Session, *, username: str, password: str, now: datetime, settings: Settings
) -> User:
    """The same answer for an unknown user and a wrong password; a lock after repeated failures.

    The caller commits even on failure, so that the failure count is kept.
    """
    username = username.strip()[:60]
    failures = _failure_row(session, username)
    _check_not_locked(failures, now)
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        _note_failure(session, failures, username, now, settings)
        raise WrongCredentials(field="password")
    if failures is not None:
        session.delete(failures)
    return user


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="api-token")


def issue_token(user: User, settings: Settings) -> str:
    return _serializer(settings).dumps({"u": user.id, "e": user.session_epoch})


def read_token(token: str, settings: Settings) -> tuple[int, int]:
    try:
        data = _serializer(settings).loads(token, max_age=settings.token_ttl_seconds)
    except (SignatureExpired, BadSignature) as exc:
        raise NotAuthenticated("Invalid or expired token", message_zh="令牌无效或已过期") from exc
    return int(data["u"]), int(data["e"])
