"""Codes people read out over the phone: tracking codes, references, voucher codes."""

import os
import threading

# No 0/O, 1/I: they are misheard and misread.
SPOKEN = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_POOL_BYTES = 4096


class _RandomBytes:
    """Bytes from the system's random source, fetched a few kilobytes at a time: on this
    kind of virtual machine a call to it costs tens of microseconds, and a complaint's
    tracking code drawn a character at a time cost 7% of the intake writer's time
    (docs/benchmarks.md). Each byte is handed out once; a forked child starts afresh, so
    two processes never share any."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool = b""
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self._lock = threading.Lock()
        self._pool = b""

    def take(self, count: int) -> bytes:
        with self._lock:
            if len(self._pool) < count:
                self._pool = os.urandom(max(_POOL_BYTES, count))
            taken, self._pool = self._pool[:count], self._pool[count:]
        return taken


_RANDOM = _RandomBytes()


def _below(limit: int) -> int:
    """A number drawn uniformly from 0 .. limit - 1 (rejecting the few that would bias it)."""
    size = (limit.bit_length() + 7) // 8
    span = 256**size
    usable = span - span % limit
    while True:
        number = int.from_bytes(_RANDOM.take(size), "big")
        if number < usable:
            return number % limit


def random_code(length: int, alphabet: str = SPOKEN) -> str:
    """`length` characters, each drawn uniformly from `alphabet`, unpredictable: the digits
    of one number drawn below len(alphabet) ** length."""
    number = _below(len(alphabet) ** length)
    characters = []
    for _ in range(length):
        number, digit = divmod(number, len(alphabet))
        characters.append(alphabet[digit])
    return "".join(characters)
