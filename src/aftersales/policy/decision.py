"""What the engine answers: frozen, language-neutral; render.py words it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .model import Outcome, Remedy, Text


@dataclass(frozen=True, slots=True)
class Allowed:
    remedy: Remedy
    amount: Decimal | None
    clause: str
    basis: Text  # the citation, in both languages
    until: date | None = None  # last day of the clause's period, where it has one
    say: Text = Text("", "")  # the one sentence a clerk reads out


@dataclass(frozen=True, slots=True)
class Refused:
    remedy: Remedy
    clause: str
    reason: Text
    say: Text = Text("", "")
    needs: str | None = None  # the request field that would let the engine decide


@dataclass(frozen=True, slots=True)
class Decision:
    category: str
    policy: str
    policy_version: str
    outcome: Outcome
    allowed: tuple[Allowed, ...]
    refused: tuple[Refused, ...]
    notes: tuple[Text, ...]
    policy_title: Text = Text("", "")

    def allows(self, remedy: Remedy) -> bool:
        return any(a.remedy is remedy for a in self.allowed)
