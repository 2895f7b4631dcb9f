"""Compile a clause's conditions into small closures, once per
(category policy, problem), so that deciding is a run of function calls.

An `applies` predicate that fails means the clause does not speak to this
request at all (another product type, no national rule displaced...); a
`check` that fails returns the reason read to the customer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import messages
from .model import Clause, Duration, Period, Policy, PolicySet, Text
from .periods import WorkdayCalendar, period_end, period_start, repair_days
from .request import DecisionRequest


class Ctx:
    """One request being decided, with the period ends worked out on demand."""

    __slots__ = ("request", "policy", "policy_set", "calendar", "_ends")

    def __init__(
        self,
        request: DecisionRequest,
        policy: Policy,
        policy_set: PolicySet,
        calendar: WorkdayCalendar,
    ) -> None:
        self.request = request
        self.policy = policy
        self.policy_set = policy_set
        self.calendar = calendar
        self._ends: dict[int, date | None] = {}

    def end_of(self, period: Period, extend: bool) -> date | None:
        key = id(period)
        if key not in self._ends:
            self._ends[key] = self._work_out_end(period, extend)
        return self._ends[key]

    def _work_out_end(self, period: Period, extend: bool) -> date | None:
        length = length_for(period, self.request)
        if length is None:
            return None
        request = self.request
        begin = period_start(request, period.start)
        paused = repair_days(request.repairs, begin, request.requested_on) if request.repairs else 0
        return period_end(
            begin, length, paused_days=paused, calendar=self.calendar if extend else None
        )


Applies = Callable[[Ctx], bool]
Check = Callable[[Ctx], messages.Reason | None]
Reasons = tuple[messages.Reason, ...]


@dataclass(frozen=True, slots=True)
class CompiledClause:
    """`checks` read only what the engine's static key holds (flags, evidence,
    types...); `timed` checks read dates, so they run for every request."""

    clause: Clause
    owner: Policy
    applies: tuple[Applies, ...]
    checks: tuple[Check, ...]
    timed: tuple[Check, ...]

    def applies_to(self, ctx: Ctx) -> bool:
        return all(a(ctx) for a in self.applies)

    def failures(self, ctx: Ctx) -> Reasons:
        return tuple(r for r in (check(ctx) for check in self.checks) if r is not None)


def length_for(period: Period, request: DecisionRequest) -> Duration | None:
    if period.by is None:
        return period.length
    return period.values.get(getattr(request, period.by) or "", period.length)


def compile_clause(clause: Clause, owner: Policy, category: Policy, problem: str) -> CompiledClause:
    applies = _applicability(clause, owner, category, problem)
    checks = [_state_checks, _price_checks, _repair_checks, _proof_checks]
    compiled = [c for make in checks for c in make(clause)]
    timed = []
    if clause.when.within:
        period, extend = resolve_period(clause.when.within, owner, category)
        applies.append(_period_defined(period))
        timed.append(_within(period, extend))
    if clause.when.channel:
        compiled.insert(0, _channel(clause.when.channel))
    return CompiledClause(clause, owner, tuple(applies), tuple(compiled), tuple(timed))


def resolve_period(name: str, owner: Policy, category: Policy) -> tuple[Period, bool]:
    """A category policy may set a law layer's period (e.g. footwear's 三包
    period bounds CPL Art. 24's exchange and repair)."""
    source = category if name in category.periods else owner
    period = source.periods[name]
    extend = (
        source.holiday_extension if period.holiday_extension is None else period.holiday_extension
    )
    return period, extend


def _applicability(clause: Clause, owner: Policy, category: Policy, problem: str) -> list[Applies]:
    w = clause.when
    tests: list[Applies] = []
    for field, allowed in (
        ("category", w.categories),
        ("product_type", w.product_types),
        ("material", w.materials),
        ("part", w.parts),
    ):
        if allowed is not None:
            tests.append(_field_in(field, allowed))
    if w.main_part is not None:
        tests.append(_is_main_part(owner, w.main_part))
    if w.not_under_national_rule and problem in category.national_problems:
        national = category.national_products
        tests.append(lambda ctx: ctx.request.product_type not in national)
    return tests


def _field_in(field: str, allowed: frozenset[str]) -> Applies:
    return lambda ctx: getattr(ctx.request, field) in allowed


def _is_main_part(owner: Policy, wanted: bool) -> Applies:
    parts = owner.main_parts

    def test(ctx: Ctx) -> bool:
        r = ctx.request
        return (r.part in parts.get(r.product_type or "", ())) == wanted

    return test


def _period_defined(period: Period) -> Applies:
    return lambda ctx: length_for(period, ctx.request) is not None


def _within(period: Period, extend: bool) -> Check:
    label = period.label

    def check(ctx: Ctx) -> messages.PeriodOver | None:
        end = ctx.end_of(period, extend)
        if end is None or ctx.request.requested_on <= end:
            return None
        return messages.PeriodOver(label, end)  # worded only if read out

    return check


def _channel(channel: str) -> Check:
    reason = messages.channel_only(channel)
    return lambda ctx: None if ctx.request.channel == channel else reason


def _state_checks(clause: Clause) -> list[Check]:
    w = clause.when
    checks = []
    if w.condition_none:
        checks.append(_none_of("condition", w.condition_none, messages.state_rules_out))
    if w.condition_any:
        checks.append(_any_of("condition", w.condition_any, messages.state_needed(w.condition_any)))
    if w.item_flags_none:
        checks.append(_none_of("item_flags", w.item_flags_none, messages.item_kind_rules_out))
    if w.item_flags_any:
        needed = messages.item_kind_needed(w.item_flags_any)
        checks.append(_any_of("item_flags", w.item_flags_any, needed))
    if w.replacement_available is not None:
        wanted, reason = w.replacement_available, messages.replacement(w.replacement_available)
        checks.append(lambda ctx: None if ctx.request.replacement_available == wanted else reason)
    return checks


def _none_of(field: str, flags: frozenset[str], explain: Callable[[frozenset[str]], Text]) -> Check:
    def check(ctx: Ctx) -> Text | None:
        found = getattr(ctx.request, field) & flags
        return explain(found) if found else None

    return check


def _any_of(field: str, flags: frozenset[str], reason: Text) -> Check:
    return lambda ctx: None if getattr(ctx.request, field) & flags else reason


def _proof_checks(clause: Clause) -> list[Check]:
    w = clause.when
    checks = []
    if w.evidence_any:
        checks.append(
            _any_of("evidence", w.evidence_any, messages.evidence_missing(w.evidence_any))
        )
    if w.evidence_lacks:
        present = Text("已有购物凭证", "proof of purchase was shown")
        lacks = w.evidence_lacks
        checks.append(lambda ctx: present if ctx.request.evidence & lacks else None)
    return checks


def _repair_checks(clause: Clause) -> list[Check]:
    needed = clause.when.failed_repairs_min
    if not needed:
        return []

    def check(ctx: Ctx) -> Text | None:
        found = failed_repairs(ctx.request)
        return None if found >= needed else messages.repairs_short(needed, found)

    return [check]


def failed_repairs(request: DecisionRequest) -> int:
    """Repairs of the part now failing after which the fault came back."""
    part = request.part
    return sum(1 for r in request.repairs if not r.fixed and (part is None or r.part == part))


def _price_checks(clause: Clause) -> list[Check]:
    w = clause.when
    checks: list[Check] = []
    if w.requires:
        checks.append(_requires(w.requires))
    if w.price_dropped:
        reason = messages.price_not_lower("current_price")
        checks.append(
            lambda ctx: None if _below(ctx.request.current_price, ctx.request.paid) else reason
        )
    if w.true_tag_lower:
        reason = messages.tag_not_lower()
        checks.append(
            lambda ctx: (
                None if _below(ctx.request.true_tag_price, ctx.request.tag_price) else reason
            )
        )
    return checks


def _below(value: Decimal | None, than: Decimal | None) -> bool:
    return value is not None and than is not None and value < than


def _requires(fields: tuple[str, ...]) -> Check:
    def check(ctx: Ctx) -> Text | None:
        missing = [f for f in fields if getattr(ctx.request, f) is None]
        return messages.missing_fields(missing) if missing else None

    return check
