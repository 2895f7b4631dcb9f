"""Log in, throttle failures, issue and check bearer tokens."""

import time
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth import throttle
from aftersales.auth.models import User
from aftersales.auth.passwords import verify_password
from aftersales.errors import NotAuthenticated
from aftersales.settings import Settings


class WrongCredentials(NotAuthenticated):
    code = "wrong_credentials"
    message_en = "Wrong username or password"


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    now: datetime,
    settings: Settings,
    address: str = "unknown",
) -> User:
    """The same answer for an unknown user and a wrong password; growing waits after
    repeated failures, per account name and per client address (see throttle).

    Every failure is written to the audit log; the caller commits even on failure, so that
    the count and the audit event are kept.
    """
    username = username.strip()[:60]
    rules = throttle.limits(username, address, settings)
    throttle.check(session, rules, now)
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        wait = throttle.note_failure(
            session, rules, now, forget_after=timedelta(seconds=settings.login_forget_seconds)
        )
        after = {"username": username, "address": address, "wait_seconds": wait}
        audit.record(
            session, "login", user.id if user else 0, "login_failed", actor=None, after=after
        )
        raise WrongCredentials(field="password")
    throttle.forget_account(session, rules)
    return user


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="api-token")


def issue_token(user: User, settings: Settings) -> str:
    return _serializer(settings).dumps({"u": user.id, "e": user.session_epoch})


# Tokens whose signature was checked, with the moment they were signed. A signature is a
# pure function of the token and the secret, and checking it is about a tenth of an API
# call's CPU (measured), so each is checked once; the age is checked on every call.
_CHECKED: dict[tuple[str, str], tuple[int, int, float]] = {}
_CHECKED_MAX = 4096


def read_token(token: str, settings: Settings) -> tuple[int, int]:
    key = (settings.secret_key, token)
    found = _CHECKED.get(key)
    if found is None:
        try:
            data, signed = _serializer(settings).loads(
                token, max_age=settings.token_ttl_seconds, return_timestamp=True
            )
        except (SignatureExpired, BadSignature) as exc:
            raise NotAuthenticated("Invalid or expired token") from exc
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        found = _CHECKED[key] = (int(data["u"]), int(data["e"]), signed.timestamp())
    if time.time() - found[2] > settings.token_ttl_seconds:
        _CHECKED.pop(key, None)
        raise NotAuthenticated("Invalid or expired token")
    return found[0], found[1]
