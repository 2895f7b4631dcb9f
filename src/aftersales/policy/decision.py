"""What the engine answers: frozen, language-neutral; render.py words it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import Outcome, Remedy, Text


@dataclass(frozen=True, slots=True)
class Allowed:
    remedy: Remedy
    amount: Decimal | None
    clause: str
    basis: str


@dataclass(frozen=True, slots=True)
class Refused:
    remedy: Remedy
    clause: str
    reason: Text


@dataclass(frozen=True, slots=True)
class Decision:
    category: str
    policy: str
    policy_version: str
    outcome: Outcome
    allowed: tuple[Allowed, ...]
    refused: tuple[Refused, ...]
    notes: tuple[Text, ...]

    def allows(self, remedy: Remedy) -> bool:
        return any(a.remedy is remedy for a in self.allowed)
