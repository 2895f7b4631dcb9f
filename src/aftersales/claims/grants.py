"""What a stored decision (plus an override) lets the clerk deliver, and how much money."""

from decimal import Decimal
from typing import Any

from aftersales.claims.models import Claim

MONEY_REMEDIES = {"return", "refund_difference", "compensation"}


def _allowed(claim: Claim) -> list[dict[str, Any]]:
    # Remedies and amounts are the same in both languages; read the zh rendering.
    return list(claim.decision["zh"]["allowed"])


def granted_remedies(claim: Claim) -> list[str]:
    remedies = [a["remedy"] for a in _allowed(claim)]
    if claim.overridden and claim.override_remedy and claim.override_remedy not in remedies:
        remedies.append(claim.override_remedy)
    return remedies


def resolve_remedy(claim: Claim, asked: str) -> str | None:
    """The granted remedy for what was asked; "repair" is a free repair when granted."""
    granted = granted_remedies(claim)
    if asked == "repair":
        return next((r for r in ("free_repair", "paid_repair") if r in granted), None)
    return asked if asked in granted else None


def allowed_amount(claim: Claim, remedy: str) -> Decimal | None:
    """The most money the decision (or the override) allows for `remedy`."""
    amounts = [
        Decimal(a["amount"])
        for a in _allowed(claim)
        if a["remedy"] == remedy and a["amount"] is not None
    ]
    if claim.overridden and claim.override_remedy == remedy and claim.override_amount:
        amounts.append(claim.override_amount)
    return max(amounts) if amounts else None


def basis_of(claim: Claim, remedy: str) -> str | None:
    return next((a["basis"] for a in _allowed(claim) if a["remedy"] == remedy), None)
