"""decide(request, *, policy_set, calendar) -> Decision. Pure: no clock, no I/O.

How clauses combine (policy-facts.md §0):
- a grant clause grants its remedies when all its conditions hold;
- a refuse clause blocks the grants of its own policy (a store's exclusion
  never removes what the law grants), except a "not a quality defect" finding,
  which blocks the defect remedies of every layer;
- when several clauses grant a remedy, the most money wins (a more generous
  promise always stands), then the higher source rank (law first).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from . import messages, say
from .conditions import CompiledClause, Ctx, Reasons
from .decision import Allowed, Decision, Refused
from .model import Ground, Outcome, PolicySet, Rank, Remedy, Text
from .money import (
    compensation_for_fraud,
    depreciated_refund,
    price_drop_difference,
    tag_mismatch_difference,
    to_cents,
)
from .periods import WorkdayCalendar, days_used, depreciation_start
from .plan import Blueprint, Plan, engine_for
from .request import DecisionRequest

_ASKED = {
    "return": Remedy.RETURN,
    "exchange": Remedy.EXCHANGE,
    "repair": Remedy.FREE_REPAIR,
    "refund_difference": Remedy.REFUND_DIFFERENCE,
    "compensation": Remedy.COMPENSATION,
}
_MONEY_REMEDIES = frozenset({Remedy.REFUND_DIFFERENCE, Remedy.COMPENSATION})

# (amount, basis override), or (None, the reason it cannot be paid or None: no amount)
_Amount = tuple[Decimal | None, Text | None]
_AmountRule = Callable[[CompiledClause, Ctx], _Amount]
_Grant = tuple[tuple[Decimal | int, Rank], Allowed, CompiledClause]  # (key, Allowed, clause)
_Failure = tuple[tuple[int, int], Reasons, CompiledClause]  # (key, reasons, clause)


# What a customer hears, without its words: (outcome, ((remedy, amount), ...) granted,
# (remedy, ...) refused), each sorted. Two decisions with the same Answer differ in wording only.
Answer = tuple[str, tuple[tuple[str, Decimal | None], ...], tuple[str, ...]]


def decide(
    request: DecisionRequest, *, policy_set: PolicySet, calendar: WorkdayCalendar
) -> Decision:
    blueprint, plan, ctx, tally, category_known = _weighed(request, policy_set, calendar)
    allowed, refused_remedies = _settle(tally, plan, request.remedy)
    refused = tuple(_refusal(tally, plan, r) for r in refused_remedies)
    policy = ctx.policy
    notes = _notes(blueprint, plan, ctx, tally, category_known, allowed)
    return Decision(
        category=request.category,
        policy=policy.name,
        policy_version=policy_set.version,
        outcome=_outcome(allowed, request.remedy),
        allowed=_worded(allowed, tally),
        refused=tuple(
            Refused(r.remedy, r.clause, r.reason, say.refused(r.remedy, r.reason), r.needs)
            for r in refused
        ),
        notes=notes,
        policy_title=policy.title,
    )


def answer(request: DecisionRequest, *, policy_set: PolicySet, calendar: WorkdayCalendar) -> Answer:
    """The Answer that `decide` gives, weighed the same way but not worded (no sentences,
    reasons or notes): what a replay compares over a million stored requests."""
    _blueprint, plan, _ctx, tally, _known = _weighed(request, policy_set, calendar)
    allowed, refused = _settle(tally, plan, request.remedy)
    return (
        _outcome(allowed, request.remedy).value,
        tuple(sorted((a.remedy.value, a.amount) for a in allowed)),
        tuple(sorted(r.value for r in refused)),
    )


def _weighed(
    request: DecisionRequest, policy_set: PolicySet, calendar: WorkdayCalendar
) -> tuple[Blueprint, Plan, Ctx, _Tally, bool]:
    engine = engine_for(policy_set)
    policy, category_known = engine.policy_for(request.category)
    plan = engine.plan(policy, request.problem)
    ctx = Ctx(request, policy, policy_set, calendar)
    blueprint = engine.blueprint(plan, ctx)
    tally = _weigh_all(blueprint, ctx)
    if not request.replacement_available:
        _no_stock(tally, ctx)
    return blueprint, plan, ctx, tally, category_known


def _no_stock(tally: _Tally, ctx: Ctx) -> None:
    """An exchange is never granted when nothing can be exchanged: the customer is owed the
    refund instead, in full (SB1995 Art. 13, MOB2001 Art. 18 and the like; a store promise
    to exchange is kept the same way)."""
    grant = tally.granted.pop(Remedy.EXCHANGE, None)
    if grant is None:
        return
    _key, exchange, by = grant
    # This is the reason, whatever else failed: nothing to exchange.
    tally.failed[Remedy.EXCHANGE] = ((0, 0), (messages.replacement(True),), by)
    tally.consider(Remedy.RETURN)
    if Remedy.RETURN in tally.granted:
        return  # a clause of its own already refunds (e.g. footwear's mismatch refund)
    owner = by.owner
    basis = owner.no_stock_basis if owner.no_stock_basis.zh else exchange.basis
    amount = to_cents(ctx.request.paid)
    sentence = say.granted(Remedy.RETURN, amount, exchange.until, messages.no_stock_refund())
    refund = Allowed(Remedy.RETURN, amount, exchange.clause, basis, exchange.until, sentence)
    tally.grant(Remedy.RETURN, refund, by)


def _worded(allowed: tuple[Allowed, ...], tally: _Tally) -> tuple[Allowed, ...]:
    """Each grant with its sentence; a law grant beside a store promise of another remedy
    says both plainly (a store promise never takes away what the law grants)."""
    by = {a.remedy: tally.granted[a.remedy][2] for a in allowed}
    store = tuple(tally.promised)
    worded = []
    for a in allowed:
        if a.say.zh:
            worded.append(a)  # worded where it was granted (the no-stock refund)
            continue
        clause = by[a.remedy].clause
        beside = store if clause.rank >= Rank.NATIONAL_SANBAO and a.remedy not in store else ()
        sentence = say.granted(
            a.remedy, a.amount, a.until, clause.text, store_promise=beside, law=a.basis
        )
        worded.append(Allowed(a.remedy, a.amount, a.clause, a.basis, a.until, sentence))
    return tuple(worded)


class _Tally:
    """What the clauses said about each remedy, while deciding one request."""

    __slots__ = ("granted", "failed", "blocked", "holding", "considered", "promised")

    def __init__(self, holding: list[CompiledClause]) -> None:
        self.granted: dict[Remedy, _Grant] = {}
        self.promised: list[Remedy] = []  # granted by a store promise, even if the law also does
        self.failed: dict[Remedy, _Failure] = {}
        self.blocked: dict[Remedy, CompiledClause] = {}
        self.holding = holding  # refusals whose facts hold
        self.considered: list[Remedy] = []

    def consider(self, remedy: Remedy) -> None:
        if remedy not in self.considered:
            self.considered.append(remedy)

    def grant(self, remedy: Remedy, allowed: Allowed, by: CompiledClause) -> None:
        if by.clause.rank is Rank.STORE and remedy not in self.promised:
            self.promised.append(remedy)
        key = (allowed.amount or 0, by.clause.rank)
        best = self.granted.get(remedy)
        if best is None or key > best[0]:
            self.granted[remedy] = (key, allowed, by)

    def fail(
        self, remedy: Remedy, reasons: Reasons, by: CompiledClause, *, closest: bool = False
    ) -> None:
        key = (0 if closest else len(reasons), -by.clause.rank)
        worst = self.failed.get(remedy)
        if worst is None or key < worst[0]:
            self.failed[remedy] = (key, reasons, by)


def _timed_failures(clause: CompiledClause, ctx: Ctx) -> Reasons:
    if not clause.timed:
        return ()
    return tuple(r for r in (check(ctx) for check in clause.timed) if r is not None)


def _weigh_all(blueprint: Blueprint, ctx: Ctx) -> _Tally:
    blockers = [r for r in blueprint.refusers if not _timed_failures(r, ctx)]
    tally = _Tally(blockers)
    for blocker in blockers:
        for remedy in blocker.clause.remedies:
            tally.consider(remedy)
    for granter, static_failures in blueprint.granters:
        reasons = _timed_failures(granter, ctx) + static_failures
        _weigh(granter, reasons, ctx, blockers, tally)
    return tally


def _weigh(
    granter: CompiledClause,
    reasons: Reasons,
    ctx: Ctx,
    blockers: list[CompiledClause],
    tally: _Tally,
) -> None:
    for remedy in granter.clause.remedies:
        tally.consider(remedy)
        blocker = _blocker_of(granter, remedy, blockers)
        if blocker is not None:
            tally.blocked.setdefault(remedy, blocker)
        elif reasons:
            tally.fail(remedy, reasons, granter)
        else:
            amount, basis, why_not = _amount(granter, remedy, ctx)
            if why_not is not None:
                # Every condition held: this reason explains best (a rate still to be set).
                tally.fail(remedy, (why_not,), granter, closest=True)
            else:
                clause = granter.clause
                cited = basis or clause.basis
                allowed = Allowed(remedy, amount, clause.id, cited, granter.until(ctx))
                tally.grant(remedy, allowed, granter)


def _blocker_of(
    granter: CompiledClause, remedy: Remedy, blockers: list[CompiledClause]
) -> CompiledClause | None:
    for blocker in blockers:
        if remedy in blocker.clause.remedies and (
            blocker.owner is granter.owner
            or (blocker.clause.not_a_defect and granter.clause.ground is Ground.DEFECT)
        ):
            return blocker
    return None


def _amount(
    granter: CompiledClause, remedy: Remedy, ctx: Ctx
) -> tuple[Decimal | None, Text | None, Text | None]:
    """(amount, basis override, reason it cannot be paid) for a granted remedy."""
    rule = granter.clause.amount
    if rule is None or remedy not in (Remedy.RETURN, *_MONEY_REMEDIES):
        return None, None, None
    amount, basis = _AMOUNT_RULES[rule](granter, ctx)
    if amount is None:  # the second item is then the reason, if the rule gave one
        return None, None, basis or messages.no_compensation_law()
    if remedy in _MONEY_REMEDIES and amount <= 0:
        return None, None, messages.no_difference()
    return amount, basis, None


def _paid(granter: CompiledClause, ctx: Ctx) -> _Amount:
    return to_cents(ctx.request.paid), None


def _paid_or_lower_current(granter: CompiledClause, ctx: Ctx) -> _Amount:
    # A store's own no-defect return only, and only where it announced the rule.
    r = ctx.request
    if r.current_price is not None and r.current_price < r.paid:
        return to_cents(r.current_price), None
    return to_cents(r.paid), None


def _paid_less_depreciation(granter: CompiledClause, ctx: Ctx) -> _Amount:
    r, money = ctx.request, granter.owner.money
    rate = money.rate_for(r.product_type)
    if not money.depreciation:
        return to_cents(r.paid), None
    if not r.replacement_available:
        # Nothing to exchange: the no-stock rule refunds in full, citing its own article
        # (SB1995 Art. 13, MOB2001 Art. 18...), from the exchange clause granted beside this.
        return None, messages.replacement(True)
    if rate is None:
        # A rate the store has to set and has not: say so rather than guess one. A rule-book
        # table without a row for the product (a refrigerator) deducts nothing.
        return (None, messages.rate_missing()) if money.setting else (to_cents(r.paid), None)
    used = days_used(r, depreciation_start(r, money.days_from))
    refund = depreciated_refund(r.paid, rate, used)
    if not money.setting:
        return refund, None
    deducted = to_cents(r.paid) - refund
    return refund, messages.depreciation_basis(
        granter.clause.basis, money.basis, rate, used, deducted
    )


def _price_drop(granter: CompiledClause, ctx: Ctx) -> _Amount:
    r = ctx.request
    current = _required(r.current_price)
    return price_drop_difference(r.paid, current, ctx.policy_set.price_unit), None


def _price_tag(granter: CompiledClause, ctx: Ctx) -> _Amount:
    r = ctx.request
    tag, true_tag = _required(r.tag_price), _required(r.true_tag_price)
    return tag_mismatch_difference(r.paid, tag, true_tag, ctx.policy_set.price_unit), None


def _required(price: Decimal | None) -> Decimal:
    # The clause `requires` the price, so a failed check stops a None before it gets here;
    # a policy file that forgets it still fails loudly (a TypeError, as it always did).
    if price is None:
        raise TypeError("an amount rule read a price its clause does not require")
    return price


def _fraud_compensation(granter: CompiledClause, ctx: Ctx) -> _Amount:
    r = ctx.request
    found = compensation_for_fraud(r.paid, r.sold_on, ctx.policy_set.compensation)
    return found if found else (None, None)


_AMOUNT_RULES: dict[str, _AmountRule] = {
    "paid": _paid,
    "paid_or_lower_current": _paid_or_lower_current,
    "paid_less_depreciation": _paid_less_depreciation,
    "price_drop_difference": _price_drop,
    "price_tag_difference": _price_tag,
    "fraud_compensation": _fraud_compensation,
}


def _settle(
    tally: _Tally, plan: Plan, asked: str | None
) -> tuple[tuple[Allowed, ...], tuple[Remedy, ...]]:
    """The remedies granted (with their grants) and those refused, in the order considered."""
    granted = tally.granted
    considered = list(tally.considered)
    if not considered and plan.fallback is not None:
        # Nothing speaks to this problem: say "not covered" for the usual remedies.
        considered = list(plan.fallback.clause.remedies)
    if (
        asked
        and _ASKED[asked] not in considered
        and not (asked == "repair" and Remedy.PAID_REPAIR in considered)
    ):
        considered.append(_ASKED[asked])
    if Remedy.FREE_REPAIR in granted:
        # A free repair makes the paid one moot: neither listed.
        considered = [r for r in considered if r is not Remedy.PAID_REPAIR]
    allowed = tuple(granted[r][1] for r in considered if r in granted)
    refused = tuple(r for r in considered if r not in granted)
    return allowed, refused


def _refusal(tally: _Tally, plan: Plan, remedy: Remedy) -> Refused:
    # A refusal whose facts hold explains best ("not a quality problem"), even
    # where another layer's clause failed for a reason of its own.
    blocker = tally.blocked.get(remedy) or next(
        (b for b in tally.holding if remedy in b.clause.remedies), None
    )
    if blocker is not None:
        return Refused(remedy, blocker.clause.id, blocker.clause.text)
    failed = tally.failed.get(remedy)
    if failed is not None:
        # One reason only (a single Text, kept whole): a missing fact stays a FactMissing.
        missing = next((r for r in failed[1] if isinstance(r, messages.FactMissing)), None)
        return Refused(
            remedy,
            failed[2].clause.id,
            messages.join(failed[1]),
            needs=(missing.field or None) if missing is not None else None,
        )
    fallback = plan.fallback
    clause_id = fallback.clause.id if fallback else "none"
    reason = fallback.clause.text if fallback else Text("不在三包范围内", "not covered")
    return Refused(remedy, clause_id, reason)


def _outcome(allowed: tuple[Allowed, ...], asked: str | None) -> Outcome:
    if asked is None:
        return Outcome.GRANTED if allowed else Outcome.REFUSED
    wanted: tuple[Remedy, ...]
    if asked == "repair":
        wanted = (Remedy.FREE_REPAIR, Remedy.PAID_REPAIR)
    else:
        wanted = (_ASKED[asked],)
    return Outcome.GRANTED if any(a.remedy in wanted for a in allowed) else Outcome.REFUSED


def _notes(
    blueprint: Blueprint,
    plan: Plan,
    ctx: Ctx,
    tally: _Tally,
    category_known: bool,
    allowed: tuple[Allowed, ...],
) -> tuple[Text, ...]:
    notes: list[Text] = []
    if not category_known:
        notes.append(
            messages.accepted(ctx.policy_set.unknown_category_note, ctx.policy_set.categories)
        )
    if not plan.known_problem:
        notes.append(
            messages.accepted(ctx.policy_set.unknown_problem_note, ctx.policy_set.problems)
        )
    for note in blueprint.notes:
        if not _timed_failures(note, ctx):
            notes.append(note.clause.text)
    for granted in allowed:
        grant_note = tally.granted[granted.remedy][2].clause.note
        if grant_note is not None:
            notes.append(grant_note)
    r = ctx.request
    if r.channel == "online" and r.received_on is None:
        notes.append(messages.counted_from_sale())
    return tuple(dict.fromkeys(notes))
