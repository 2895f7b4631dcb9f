"""Word a Decision as the contract's JSON shape, in zh (default) or en."""

from __future__ import annotations

from .decision import Decision

LANGS = ("zh", "en")


def decision_to_dict(decision: Decision, lang: str = "zh") -> dict[str, object]:
    # A plain dict rather than a TypedDict: callers store it as JSON and annotate it as a dict.
    en = lang == "en"
    return {
        "category": decision.category,
        "policy": decision.policy,
        "policy_version": decision.policy_version,
        "outcome": decision.outcome.value,
        "allowed": [
            {
                "remedy": a.remedy.value,
                "amount": None if a.amount is None else str(a.amount),
                "clause": a.clause,
                "basis": a.basis,
            }
            for a in decision.allowed
        ],
        "refused": [
            {
                "remedy": r.remedy.value,
                "clause": r.clause,
                "reason": r.reason.en if en else r.reason.zh,
            }
            for r in decision.refused
        ],
        "notes": [n.en if en else n.zh for n in decision.notes],
    }
