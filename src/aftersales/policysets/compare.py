"""Decide stored requests under two policy sets and keep what differs: the pure part of a
replay (no database), run in one process or in many.

A claim counts as decided differently when the customer would hear another answer: the
outcome, a remedy granted or refused, or an amount. A clause id or a wording that changed
alone does not count. The money a decision owes is what the store pays on it: the refund
of the remedy asked for (a return's refund, a price difference) plus the compensation the
law adds on top; with no remedy asked, the larger refund on offer plus the compensation.
An exchange or a repair moves no money.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import orjson

from aftersales.policy import Decision, PolicySet, Remedy, RequestInvalid, decide, parse_request
from aftersales.policy.evaluate import answer
from aftersales.policy.model import Policy, Text
from aftersales.policy.periods import WorkdayCalendar
from aftersales.policy.plan import ANY_PROBLEM

ZERO = Decimal("0.00")
CHANGES_KEPT = 2000  # changes listed per replay; the totals count every one
_REFUNDS = {"return": Remedy.RETURN, "refund_difference": Remedy.REFUND_DIFFERENCE}
# PolicySet fields that name it rather than decide anything (policies: compared one by one).
_NAMING_FIELDS = {"version", "effective_on", "policies"}
# Fields that word an answer or say where a rule is written, and decide nothing.
_WORDING = {"basis", "file"}


def owed(decision: Decision, asked: str | None) -> Decimal:
    amounts = {a.remedy: a.amount or ZERO for a in decision.allowed}
    compensation = amounts.get(Remedy.COMPENSATION, ZERO)
    if asked is None:
        refund = max((amounts.get(r, ZERO) for r in _REFUNDS.values()), default=ZERO)
    elif asked in _REFUNDS:
        refund = amounts.get(_REFUNDS[asked], ZERO)
    elif asked == "compensation":
        refund = ZERO
    else:  # an exchange or a repair
        return ZERO
    return refund + compensation


def brief(decision: Decision) -> dict[str, Any]:
    """What a change lists of one answer: outcome, remedies granted (with money), refused."""
    return {
        "outcome": decision.outcome.value,
        "allowed": [
            {
                "remedy": a.remedy.value,
                "amount": None if a.amount is None else str(a.amount),
                "clause": a.clause,
            }
            for a in decision.allowed
        ],
        "refused": [{"remedy": r.remedy.value, "clause": r.clause} for r in decision.refused],
    }


@dataclass
class Tally:
    """The totals of a batch of claims; batches add up."""

    decided: int = 0
    changed: int = 0
    unreadable: int = 0  # stored requests the engine no longer accepts
    money_before: Decimal = ZERO
    money_after: Decimal = ZERO
    changes: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.decided += other.decided
        self.changed += other.changed
        self.unreadable += other.unreadable
        self.money_before += other.money_before
        self.money_after += other.money_after
        room = CHANGES_KEPT - len(self.changes)
        if room > 0:
            self.changes.extend(other.changes[:room])

    @property
    def money_moved(self) -> Decimal:
        return self.money_after - self.money_before


def decisive(value: Any) -> Any:
    """A comparable form of a piece of a policy set without its wording: texts, labels,
    notes, bases and file names left out, since a change to them alone changes no answer
    as counted here."""
    if isinstance(value, Text):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple(
                (f.name, None if f.name in _WORDING else decisive(getattr(value, f.name)))
                for f in dataclasses.fields(value)
            ),
        )
    if isinstance(value, dict):
        return tuple(sorted((k, decisive(v)) for k, v in value.items()))
    if isinstance(value, tuple | list):
        return tuple(decisive(v) for v in value)
    if isinstance(value, frozenset | set):
        return frozenset(decisive(v) for v in value)
    return value


def same_answers(before: PolicySet, after: PolicySet) -> dict[str, frozenset[str]]:
    """category -> the problem codes whose requests both sets answer alike, known without
    asking the engine: both sets map the category to the same policy, and every layer it
    is decided by (itself, what it extends, the shared layers, the fallback policy) has
    the same rules for that problem: the same clauses naming it (or any problem), the
    same periods, money rules and main parts. Conservative: anything set-wide that
    differs, a category or a layer only one set has, and problem codes neither set knows
    all go to the engine."""
    for f in dataclasses.fields(PolicySet):
        name = f.name
        if name not in _NAMING_FIELDS and decisive(getattr(before, name)) != decisive(
            getattr(after, name)
        ):
            return {}
    problems = sorted(before.problems & after.problems)
    same: dict[str, frozenset[str]] = {}
    for category, name in before.categories.items():
        if after.categories.get(category) != name:
            continue
        old, new = _layers(before, name), _layers(after, name)
        if old is None or new is None or [p.name for p in old] != [p.name for p in new]:
            continue
        heads = [(_head(a), _head(b)) for a, b in zip(old, new, strict=True)]
        if any(a != b for a, b in heads):
            continue
        alike = frozenset(
            problem
            for problem in problems
            if all(
                _clauses_for(a, problem) == _clauses_for(b, problem)
                for a, b in zip(old, new, strict=True)
            )
        )
        if alike:
            same[category] = alike
    return same


def _layers(ps: PolicySet, name: str) -> list[Policy] | None:
    names: list[str] = []
    todo = [name, *ps.shared, ps.fallback_policy]
    while todo:
        current = todo.pop()
        if current in names:
            continue
        policy = ps.policies.get(current)
        if policy is None:
            return None
        names.append(current)
        todo.extend(policy.extends)
    return [ps.policies[n] for n in sorted(names)]


def _head(policy: Policy) -> Any:
    return tuple(
        (f.name, decisive(getattr(policy, f.name)))
        for f in dataclasses.fields(Policy)
        if f.name not in ("clauses", "file", "title")
    )


def _clauses_for(policy: Policy, problem: str) -> tuple[Any, ...]:
    return tuple(
        decisive(c)
        for c in policy.clauses
        if c.fallback or problem in c.problems or ANY_PROBLEM in c.problems
    )


class Replayer:
    """Decides each stored request under `before` and `after` and tallies the differences."""

    def __init__(self, before: PolicySet, after: PolicySet, calendar: WorkdayCalendar) -> None:
        self.before, self.after, self.calendar = before, after, calendar

    def run(self, rows: Iterable[tuple[int, str | bytes | dict[str, Any]]]) -> Tally:
        """rows: (claim id, the stored request as JSON text or as a dict)."""
        tally = Tally()
        before, after, calendar = self.before, self.after, self.calendar
        loads = orjson.loads
        for claim_id, stored in rows:
            try:
                request = parse_request(stored if isinstance(stored, dict) else loads(stored))
            except (orjson.JSONDecodeError, RequestInvalid):
                tally.unreadable += 1
                continue
            tally.decided += 1
            # Weighed without words first; only an answer that differs is worded and listed.
            if answer(request, policy_set=before, calendar=calendar) == answer(
                request, policy_set=after, calendar=calendar
            ):
                continue
            old = decide(request, policy_set=before, calendar=calendar)
            new = decide(request, policy_set=after, calendar=calendar)
            money_old, money_new = owed(old, request.remedy), owed(new, request.remedy)
            tally.changed += 1
            tally.money_before += money_old
            tally.money_after += money_new
            if len(tally.changes) < CHANGES_KEPT:
                tally.changes.append(
                    {
                        "claim_id": claim_id,
                        "category": request.category,
                        "problem": request.problem,
                        "remedy": request.remedy,
                        "before": brief(old),
                        "after": brief(new),
                        "money_before": str(money_old),
                        "money_after": str(money_new),
                    }
                )
        return tally
