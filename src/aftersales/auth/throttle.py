"""Log-in throttling per account and per client address, with growing waits.

Two keys count failures: the account name (many clients guessing one password) and the
client address (one client trying many names). A few failures are free; each one after
makes the next attempt on that key wait twice as long, up to a ceiling. An account is
never locked outright: its owner waits at most the ceiling, where the old fixed lock kept
anybody who named it five times (admin included) out for 15 minutes. Quiet keys forget.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.auth.models import LoginThrottle
from aftersales.errors import TooManyAttempts
from aftersales.settings import Settings


@dataclass(frozen=True)
class Limit:
    key: str
    free: int  # failures before waits begin
    ceiling: int  # longest wait, seconds


def limits(username: str, address: str, settings: Settings) -> list[Limit]:
    return [
        Limit(
            f"account:{username}"[:120],
            settings.login_free_failures,
            settings.login_max_wait_seconds,
        ),
        Limit(
            f"address:{address}"[:120],
            settings.login_address_free_failures,
            settings.login_address_max_wait_seconds,
        ),
    ]


class LoginThrottled(TooManyAttempts):
    def __init__(self, *, field: str, retry_after: int) -> None:
        super().__init__(field=field, extra={"retry_after": retry_after})
        self.headers = {"Retry-After": str(retry_after)}


def wait_for(failures: int, limit: Limit) -> int:
    """Seconds to wait after `failures` failures: 0 while free, then 1, 2, 4 … ceiling."""
    if failures < limit.free:
        return 0
    return min(2 ** (failures - limit.free), limit.ceiling)


def check(session: Session, rules: list[Limit], now: datetime) -> None:
    """Refuse the attempt (429 with Retry-After) while any key still has to wait."""
    waits = [
        row.wait_until
        for rule in rules
        if (row := session.get(LoginThrottle, rule.key)) is not None
        and row.wait_until is not None
        and row.wait_until > now
    ]
    if waits:
        seconds = max(1, int((max(waits) - now).total_seconds() + 0.999))
        raise LoginThrottled(field="username", retry_after=seconds)


def note_failure(
    session: Session, rules: list[Limit], now: datetime, *, forget_after: timedelta
) -> int:
    """Count a failure on every key; the longest wait it imposes, in seconds."""
    longest = 0
    for rule in rules:
        row = session.get(LoginThrottle, rule.key)
        if row is None:
            row = LoginThrottle(key=rule.key, failures=0, last_at=now)
            session.add(row)
        if now - row.last_at > forget_after:
            row.failures, row.wait_until = 0, None
        row.failures += 1
        row.last_at = now
        wait = wait_for(row.failures, rule)
        row.wait_until = now + timedelta(seconds=wait) if wait else None
        longest = max(longest, wait)
    session.flush()
    return longest


def forget_account(session: Session, rules: list[Limit]) -> None:
    """A right password clears the account's count, not the address's: an attacker who
    owns one account must not reset their address by logging in to it between guesses."""
    row = session.get(LoginThrottle, rules[0].key)
    if row is not None:
        session.delete(row)
