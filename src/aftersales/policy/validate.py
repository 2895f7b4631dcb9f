"""Check a policy set for what the loader's parsing cannot see: unknown codes,
missing texts or basis, broken references, unreachable or conflicting clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import (
    CHANNELS,
    CONDITION_FLAGS,
    EVIDENCE,
    ITEM_FLAGS,
    Clause,
    Kind,
    Policy,
    PolicySet,
)
from .money import AMOUNT_RULES
from .plan import ANY_PROBLEM

ERROR, WARNING = "error", "warning"
# Two Latin words in a row ("Art. 24", "store promise"): a zh text that mixes languages.
# Codes of sources alone (SB1995, ONL7) are one word and pass.
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}\.?\s+[A-Za-z0-9]")
# `requires` may name only fields the engine's static key covers (plan.static_key).
_REQUIRABLE = frozenset(
    {
        "tag_price",
        "true_tag_price",
        "current_price",
        "received_on",
        "exchanged_on",
        "part",
        "product_type",
        "material",
    }
)
_FLAG_FIELDS = (
    ("evidence_any", EVIDENCE),
    ("evidence_lacks", EVIDENCE),
    ("condition_none", CONDITION_FLAGS),
    ("condition_any", CONDITION_FLAGS),
    ("item_flags_none", ITEM_FLAGS),
    ("item_flags_any", ITEM_FLAGS),
)


@dataclass(frozen=True)
class Finding:
    file: str
    clause: str | None
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.file}: {self.clause}" if self.clause else self.file
        return f"{self.severity}: {where}: {self.message}"


def first_error(policy_set: PolicySet) -> Finding | None:
    return next((f for f in check_policy_set(policy_set) if f.severity == ERROR), None)


def check_policy_set(ps: PolicySet) -> list[Finding]:
    findings = _check_set(ps)
    seen_ids: dict[str, str] = {}
    for policy in ps.policies.values():
        findings += _check_policy(ps, policy)
        for clause in policy.clauses:
            if clause.id in seen_ids:
                findings.append(
                    Finding(policy.file, clause.id, f"clause id also used in {seen_ids[clause.id]}")
                )
            seen_ids[clause.id] = policy.file
            findings += _check_clause(ps, policy, clause)
        findings += _unreachable(policy) + _conflicts(policy)
    return findings


def _check_set(ps: PolicySet) -> list[Finding]:
    f, found = "policyset.toml", []
    names = set(ps.categories.values()) | set(ps.shared) | {ps.fallback_policy}
    for name in sorted(names - ps.policies.keys()):
        found.append(Finding(f, None, f"names policy {name!r}, which no file defines"))
    fallback = ps.policies.get(ps.fallback_policy)
    if fallback and not any(c.fallback for c in fallback.clauses):
        found.append(Finding(fallback.file, None, "the fallback policy has no fallback clause"))
    for text, what in (
        (ps.unknown_category_note, "unknown_category_note"),
        (ps.unknown_problem_note, "unknown_problem_note"),
    ):
        if not text.zh or not text.en:
            found.append(Finding(f, None, f"{what}_zh and {what}_en are both needed"))
    if ps.price_unit <= 0:
        found.append(Finding(f, None, "price_unit must be positive"))
    for group, items in ps.evidence_groups.items():
        for item in sorted(items - set(EVIDENCE)):
            found.append(Finding(f, None, f"evidence group {group}: unknown evidence {item!r}"))
    return found


def _check_policy(ps: PolicySet, policy: Policy) -> list[Finding]:
    found = []
    if not policy.title.zh or not policy.title.en:
        found.append(Finding(policy.file, None, "title_zh and title_en are both needed"))
    for name in policy.extends:
        if name not in ps.policies:
            found.append(Finding(policy.file, None, f"extends unknown policy {name!r}"))
    for period in policy.periods.values():
        if not period.label.zh or not period.label.en:
            found.append(
                Finding(
                    policy.file, f"periods.{period.name}", "label_zh and label_en are both needed"
                )
            )
        where = f"periods.{period.name}"
        if period.length is None and not period.values and period.card is None:
            found.append(Finding(policy.file, where, "has no length"))
        if not period.basis.zh or not period.basis.en:
            found.append(
                Finding(
                    policy.file,
                    where,
                    "basis_zh and basis_en are both needed: the rule-book fact or the store "
                    "setting the period comes from",
                )
            )
        if period.card not in (None, "whole_unit_months", "main_parts_months"):
            found.append(
                Finding(policy.file, where, "card must be whole_unit_months or main_parts_months")
            )
    if not policy.enabled and (not policy.off_text.zh or not policy.off_text.en):
        found.append(Finding(policy.file, None, "a policy switched off needs off_text_zh/_en"))
    return found + _check_money(policy)


def _check_money(policy: Policy) -> list[Finding]:
    money, found = policy.money, []
    if money.setting and (not money.basis.zh or not money.basis.en):
        found.append(
            Finding(
                policy.file,
                "money",
                "basis_zh and basis_en are both needed: the store setting the rate comes from",
            )
        )
    rates = [("rate", money.rate)] if money.rate is not None else []
    rates += [(f"daily_rate.{k}", v) for k, v in money.daily_rate.items()]
    for key, rate in rates:
        if not 0 <= rate < 1:
            found.append(
                Finding(
                    policy.file,
                    f"money.{key}",
                    f'{rate} is not a daily rate: a share of the price per day, like "0.001"',
                )
            )
    return found


def _check_clause(ps: PolicySet, policy: Policy, clause: Clause) -> list[Finding]:
    problems = []
    problems += _text_problems(clause)
    problems += _vocabulary_problems(ps, clause)
    problems += _reference_problems(policy, clause)
    return [Finding(policy.file, clause.id, p) for p in problems]


def _text_problems(clause: Clause) -> list[str]:
    found = []
    if not clause.text.zh.strip() or not clause.text.en.strip():
        found.append("text_zh and text_en are both needed")
    if clause.note is not None and (not clause.note.zh or not clause.note.en):
        found.append("note_zh and note_en are both needed")
    if not clause.basis.zh.strip() or not clause.basis.en.strip():
        found.append("basis is missing")
    elif _LATIN_WORD.search(clause.basis.zh):
        found.append("basis_zh mixes in English words: write basis_zh and basis_en apart")
    return found


def _vocabulary_problems(ps: PolicySet, clause: Clause) -> list[str]:
    found = [
        f"unknown problem code {p!r}"
        for p in sorted(clause.problems)
        if p != ANY_PROBLEM and p not in ps.problems
    ]
    w = clause.when
    for key, vocabulary in _FLAG_FIELDS:
        for flag in sorted(getattr(w, key) or ()):
            if flag not in vocabulary:
                found.append(f"{key}: unknown flag {flag!r}")
    if w.channel is not None and w.channel not in CHANNELS:
        found.append(f"channel: unknown channel {w.channel!r}")
    found += [
        f"requires: {f!r} is not one of {', '.join(sorted(_REQUIRABLE))}"
        for f in w.requires
        if f not in _REQUIRABLE
    ]
    if clause.amount is not None and clause.amount not in AMOUNT_RULES:
        found.append(f"amount: unknown money rule {clause.amount!r}")
    return found


def _reference_problems(policy: Policy, clause: Clause) -> list[str]:
    found = []
    if clause.kind is Kind.GRANT and clause.ground is None:
        found.append("a grant clause needs a ground (defect, goodwill, no_reason, price, fraud)")
    if clause.kind is not Kind.NOTE and not clause.remedies:
        found.append("remedies is empty")
    if not clause.problems and not clause.fallback:
        found.append("problems is empty: the clause can never apply")
    if clause.when.within and clause.when.within not in policy.periods:
        found.append(f"within: no period {clause.when.within!r} in this file")
    if not clause.id.startswith(policy.name + "."):
        found.append(f"clause ids start with the policy name: {policy.name}.")
    return found


def _unreachable(policy: Policy) -> list[Finding]:
    """A grant that an unconditional refusal of the same policy always blocks."""
    found = []
    always = [c for c in policy.clauses if c.kind is Kind.REFUSE and c.when == type(c.when)()]
    for clause in policy.clauses:
        if clause.kind is not Kind.GRANT:
            continue
        for refusal in always:
            if clause.problems <= refusal.problems and set(clause.remedies) <= set(
                refusal.remedies
            ):
                found.append(
                    Finding(
                        policy.file,
                        clause.id,
                        f"unreachable: {refusal.id} always refuses it",
                        WARNING,
                    )
                )
    return found


def _conflicts(policy: Policy) -> list[Finding]:
    """Two grants of one remedy on the same facts that count money differently."""
    found = []
    grants = [c for c in policy.clauses if c.kind is Kind.GRANT]
    for i, a in enumerate(grants):
        for b in grants[i + 1 :]:
            shared = set(a.remedies) & set(b.remedies)
            same_facts = a.when == b.when and a.problems & b.problems
            if shared and same_facts and a.amount != b.amount:
                found.append(
                    Finding(
                        policy.file,
                        b.id,
                        f"conflicts with {a.id}: same facts, other amount",
                        WARNING,
                    )
                )
    return found
