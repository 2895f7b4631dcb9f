"""Compile a clause's conditions into small closures, once per
(category policy, problem), so that deciding is a run of function calls.

An `applies` predicate that fails means the clause does not speak to this
request at all (another product type, no national rule displaced...); a
`check` that fails returns the reason read to the customer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from . import messages
from .model import Clause, Duration, Period, PeriodStart, Policy, PolicySet, Text, Unit
from .periods import WorkdayCalendar, period_end, period_start, repair_days
from .request import DecisionRequest

# MOB2001 Art. 9: with no proof at all, the period starts on the 90th day after production.
PRODUCTION_GRACE_DAYS = 90


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
        lengths = lengths_for(period, self.request)
        request = self.request
        begin = start_of(period, request)
        if not lengths or begin is None:
            return None
        paused = repair_days(request.repairs, begin, request.requested_on) if request.repairs else 0
        calendar = self.calendar if extend else None
        end = period_end(begin, lengths[0], paused_days=paused, calendar=calendar)
        for length in lengths[1:]:  # a warranty card's period: the later end counts
            end = max(end, period_end(begin, length, paused_days=paused, calendar=calendar))
        return end


def start_of(period: Period, request: DecisionRequest) -> date | None:
    if period.start is PeriodStart.PRODUCTION:
        if request.produced_on is None:
            return None
        return request.produced_on + timedelta(days=PRODUCTION_GRACE_DAYS)
    return period_start(request, period.start)


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
    period: tuple[Period, bool] | None = None  # the `within` period and its holiday rule

    def until(self, ctx: Ctx) -> date | None:
        """The last day of the clause's period for this request, if it has one."""
        return ctx.end_of(*self.period) if self.period else None

    def applies_to(self, ctx: Ctx) -> bool:
        return all(a(ctx) for a in self.applies)

    def failures(self, ctx: Ctx) -> Reasons:
        return tuple(r for r in (check(ctx) for check in self.checks) if r is not None)


def length_for(period: Period, request: DecisionRequest) -> Duration | None:
    """The rule book's (or the store setting's) length for this request, card aside."""
    if period.by is None:
        return period.length
    return period.values.get(getattr(request, period.by) or "", period.length)


def lengths_for(period: Period, request: DecisionRequest) -> list[Duration]:
    """Every length that applies: the rule's, and the warranty card's where the period reads
    one (a longer card period always counts; the latest end wins)."""
    found = []
    length = length_for(period, request)
    if length is not None:
        found.append(length)
    if period.card and request.warranty is not None:
        months = getattr(request.warranty, period.card, None)
        if months:
            found.append(Duration(months, Unit.MONTHS))
    return found


def card_main_part(request: DecisionRequest, owner: Policy) -> bool:
    """The part is a main part by the catalogue row or, without a row, by the card."""
    listed = owner.main_parts.get(request.product_type or "")
    if listed is not None:
        return request.part in listed
    return request.warranty is not None and request.part in request.warranty.main_parts


def compile_clause(clause: Clause, owner: Policy, category: Policy, problem: str) -> CompiledClause:
    applies = _applicability(clause, owner, category, problem)
    checks = [_state_checks, _price_checks, _repair_checks, _proof_checks]
    compiled = [c for make in checks for c in make(clause)]
    if not owner.enabled:
        off = owner.off_text
        compiled.insert(0, lambda ctx: off)
    timed: list[Check] = []
    found: tuple[Period, bool] | None = None
    if clause.when.within:
        found = resolve_period(clause.when.within, owner, category)
        timed.append(_within(*found))
    timed += _overdue_checks(clause)
    if clause.when.channel:
        applies.append(_on_channel(clause.when.channel))
    return CompiledClause(clause, owner, tuple(applies), tuple(compiled), tuple(timed), found)


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
    return lambda ctx: card_main_part(ctx.request, owner) == wanted


def _missing(period: Period, ctx: Ctx) -> Text:
    """No invented periods: when neither the rule, the card nor a store setting gives the
    length (or the day it starts from), say which fact is missing."""
    r = ctx.request
    if period.start is PeriodStart.PRODUCTION and r.produced_on is None:
        return messages.fact_missing("produced_on", period.label)
    asks = period.asks or (period.by if period.by and getattr(r, period.by) is None else None)
    if asks is None and period.card:
        asks = f"warranty.{period.card}"
    return messages.fact_missing(asks or period.by or "warranty", period.label)


def _within(period: Period, extend: bool) -> Check:
    label = period.label

    def check(ctx: Ctx) -> messages.Reason | None:
        end = ctx.end_of(period, extend)
        if end is None:
            return _missing(period, ctx)
        if ctx.request.requested_on <= end:
            return None
        return messages.PeriodOver(label, end)  # worded only if read out

    return check


def _on_channel(channel: str) -> Applies:
    # A clause of one channel does not speak to the other: an in-store request is never
    # refused with a reason about distance sales.
    return lambda ctx: ctx.request.channel == channel


def _overdue_checks(clause: Clause) -> list[Check]:
    w = clause.when
    parts_days, repairer_days = w.repair_overdue_parts_days, w.repair_overdue_repairer_days
    if parts_days is None and repairer_days is None:
        return []

    def check(ctx: Ctx) -> Text | None:
        if overdue_repair(ctx.request, parts_days, repairer_days):
            return None
        return messages.repair_not_overdue(parts_days, repairer_days)

    return [check]


def overdue_repair(
    request: DecisionRequest, parts_days: int | None, repairer_days: int | None
) -> bool:
    """A repair of this item took (or is taking) longer than the rule allows: days waiting for
    parts against the parts limit, the rest against the repairer's limit (SB1995 Art. 12).
    With no cause given, the delay is the repairer's."""
    since = request.exchanged_on or request.sold_on
    for repair in request.repairs:
        if repair.on < since:
            continue
        taken = ((repair.back_on or request.requested_on) - repair.on).days
        waiting = min(repair.waiting_parts_days, taken)
        if repair.delay == "parts":
            waiting = taken
        if parts_days is not None and waiting > parts_days:
            return True
        if repairer_days is not None and taken - waiting > repairer_days:
            return True
    return False


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
    checks: list[Check] = []
    needed, same_part = clause.when.failed_repairs_min, clause.when.same_part
    if needed:

        def check(ctx: Ctx) -> Text | None:
            found = failed_repairs(ctx.request, same_part=same_part)
            return None if found >= needed else messages.repairs_short(needed, found, same_part)

        checks.append(check)
    swaps = clause.when.exchanges_min
    if swaps:

        def swapped(ctx: Ctx) -> Text | None:
            found = earlier_exchanges(ctx.request)
            return None if found >= swaps else messages.exchanges_short(swaps, found)

        checks.append(swapped)
    return checks


def failed_repairs(request: DecisionRequest, *, same_part: bool = False) -> int:
    """Repairs after which the fault came back: of this product (the national rules count
    per product), or of the part now failing (`same_part`, footwear's 同一部位). Repairs
    before an exchange belong to the item given back."""
    since = request.exchanged_on
    part = request.part
    return sum(
        1
        for r in request.repairs
        if not r.fixed
        and (since is None or r.on >= since)
        and (not same_part or part is None or r.part == part)
    )


def earlier_exchanges(request: DecisionRequest) -> int:
    """Earlier 三包 exchanges of this unit (an entry without a unit is this item's)."""
    unit = request.product_type
    return sum(1 for e in request.exchanges if e.unit is None or e.unit == unit)


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
