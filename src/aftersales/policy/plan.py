"""Which clauses speak to a (category policy, problem): worked out once and cached.

A category's policy is layered: its own clauses, the law layers it extends
(e.g. CPL Art. 24 under the footwear promise) and the layers the policy set
shares with every category (online no-reason returns, price promises, fraud).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from .conditions import (
    CompiledClause,
    Ctx,
    Reasons,
    compile_clause,
    earlier_exchanges,
    failed_repairs,
)
from .model import Kind, Policy, PolicySet
from .request import DecisionRequest

ANY_PROBLEM = "*"
_KEEP_ENGINES = 4  # a few sets live at once during a reload; older ones are dropped
_KEEP_BLUEPRINTS = 50_000  # then start afresh: memory stays bounded on any batch

StaticKey = tuple[Hashable, ...]  # a cache key: policy name, request fields, a few booleans


@dataclass(frozen=True, slots=True)
class Plan:
    granters: tuple[CompiledClause, ...]
    refusers: tuple[CompiledClause, ...]
    notes: tuple[CompiledClause, ...]
    fallback: CompiledClause | None
    known_problem: bool


@dataclass(frozen=True, slots=True)
class Blueprint:
    """A plan with every check that does not read a date already done, for
    one static key: what is left per request is the period arithmetic."""

    granters: tuple[tuple[CompiledClause, Reasons], ...]  # (clause, its static failures)
    refusers: tuple[CompiledClause, ...]  # apply and hold but for their timed checks
    notes: tuple[CompiledClause, ...]


def static_key(policy: Policy, r: DecisionRequest) -> StaticKey:
    """Everything but dates and amounts that a compiled check may read."""
    return (
        policy.name,
        r.problem,
        r.category,
        r.channel,
        r.product_type,
        r.material,
        r.part,
        r.evidence,
        r.condition,
        r.item_flags,
        r.replacement_available,
        r.tag_price is None,
        r.true_tag_price is None,
        r.current_price is None,
        r.received_on is None,
        r.exchanged_on is None,
        r.true_tag_price is not None and r.tag_price is not None and r.true_tag_price < r.tag_price,
        r.current_price is not None and r.current_price < r.paid,
        failed_repairs(r) if r.repairs else 0,
        failed_repairs(r, same_part=True) if r.repairs else 0,
        earlier_exchanges(r) if r.exchanges else 0,
        r.warranty.main_parts if r.warranty is not None else None,
    )


def build_blueprint(plan: Plan, ctx: Ctx) -> Blueprint:
    def holds(c: CompiledClause) -> bool:
        return c.applies_to(ctx) and not c.failures(ctx)

    return Blueprint(
        granters=tuple((g, g.failures(ctx)) for g in plan.granters if g.applies_to(ctx)),
        refusers=tuple(r for r in plan.refusers if holds(r)),
        notes=tuple(n for n in plan.notes if holds(n)),
    )


class Engine:
    """A policy set with its compiled plans and blueprints."""

    def __init__(self, policy_set: PolicySet) -> None:
        self.policy_set = policy_set
        self.problems = policy_set.problems
        self._plans: dict[tuple[str, str], Plan] = {}
        self._blueprints: dict[StaticKey, Blueprint] = {}

    def blueprint(self, plan: Plan, ctx: Ctx) -> Blueprint:
        if not plan.known_problem:
            return build_blueprint(plan, ctx)
        key = static_key(ctx.policy, ctx.request)
        found = self._blueprints.get(key)
        if found is None:
            if len(self._blueprints) >= _KEEP_BLUEPRINTS:
                self._blueprints.clear()
            found = self._blueprints[key] = build_blueprint(plan, ctx)
        return found

    def policy_for(self, category: str) -> tuple[Policy, bool]:
        ps = self.policy_set
        name = ps.categories.get(category)
        if name is None:
            return ps.policies[ps.fallback_policy], False
        return ps.policies[name], True

    def plan(self, policy: Policy, problem: str) -> Plan:
        key = (policy.name, problem)
        plan = self._plans.get(key)
        if plan is None:
            plan = build_plan(self.policy_set, policy, problem, problem in self.problems)
            if plan.known_problem:  # unknown codes are not cached: memory stays flat
                self._plans[key] = plan
        return plan


_engines: dict[int, Engine] = {}


def engine_for(policy_set: PolicySet) -> Engine:
    engine = _engines.get(id(policy_set))
    if engine is None or engine.policy_set is not policy_set:
        if len(_engines) >= _KEEP_ENGINES:
            _engines.pop(next(iter(_engines)))
        engine = _engines[id(policy_set)] = Engine(policy_set)
    return engine


def layers_of(policy_set: PolicySet, policy: Policy) -> list[Policy]:
    """The policy, what it extends (depth first), then the shared layers."""
    seen: list[Policy] = []

    def visit(p: Policy) -> None:
        if all(p.name != s.name for s in seen):
            seen.append(p)
            for name in p.extends:
                visit(policy_set.policies[name])

    visit(policy)
    for name in policy_set.shared:
        visit(policy_set.policies[name])
    return seen


def build_plan(policy_set: PolicySet, policy: Policy, problem: str, known: bool) -> Plan:
    by_kind: dict[Kind, list[CompiledClause]] = {k: [] for k in Kind}
    for layer in layers_of(policy_set, policy):
        for clause in layer.clauses:
            if not clause.fallback and (
                problem in clause.problems or ANY_PROBLEM in clause.problems
            ):
                by_kind[clause.kind].append(compile_clause(clause, layer, policy, problem))
    return Plan(
        granters=tuple(by_kind[Kind.GRANT]),
        refusers=tuple(by_kind[Kind.REFUSE]),
        notes=tuple(by_kind[Kind.NOTE]),
        fallback=_fallback(policy_set, policy, problem),
        known_problem=known,
    )


def _fallback(policy_set: PolicySet, policy: Policy, problem: str) -> CompiledClause | None:
    owner = policy_set.policies[policy_set.fallback_policy]
    for clause in owner.clauses:
        if clause.fallback:
            return compile_clause(clause, owner, policy, problem)
    return None
