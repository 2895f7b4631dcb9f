"""Word a Decision as the contract's JSON shape, in zh (default) or en."""

from __future__ import annotations

from .decision import Decision

LANGS = ("zh", "en")


def decision_to_dict(decision: Decision, lang: str = "zh") -> dict[str, object]:
    # A plain dict rather than a TypedDict: callers store it as JSON and annotate it as a dict.
    # Beyond the contract's keys, each remedy carries `say` (the sentence read out), `until`
    # (last day of a granted remedy's period) and `needs` (the field a refusal waits for);
    # all optional for a caller. The policy's title is Decision.policy_title.
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
                "basis": a.basis(lang),
                "say": a.say(lang),
                "until": None if a.until is None else a.until.isoformat(),
            }
            for a in decision.allowed
        ],
        "refused": [
            {
                "remedy": r.remedy.value,
                "clause": r.clause,
                "reason": r.reason.en if en else r.reason.zh,
                "say": r.say(lang),
                "needs": r.needs,
            }
            for r in decision.refused
        ],
        "notes": [n.en if en else n.zh for n in decision.notes],
    }
