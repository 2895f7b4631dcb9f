"""The active policy set: loaded once, swapped only for a set that loads cleanly."""

from __future__ import annotations

import threading
from pathlib import Path

from .loader import DEFAULT_DIR, load_policy_dir
from .model import PolicySet

_lock = threading.Lock()
_active: PolicySet | None = None


def active_policy_set() -> PolicySet:
    """The set in force, loading the shipped files on first use."""
    global _active
    if _active is None:
        with _lock:
            if _active is None:
                _active = load_policy_dir(DEFAULT_DIR)
    return _active


def reload(directory: str | Path = DEFAULT_DIR) -> PolicySet:
    """Load `directory` and make it active. On a bad file, PolicyFileError is
    raised and the previous set stays active."""
    global _active
    new = load_policy_dir(directory)
    with _lock:
        _active = new
    return new
