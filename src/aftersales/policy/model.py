"""The rule model: a versioned policy set of policies made of clauses.

Everything here is a frozen dataclass built once by the loader; the evaluator
only reads it. The vocabularies below are the contract's words
(shared/contracts/policy-decide.md); a policy set may add problem codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import IntEnum, StrEnum


class Remedy(StrEnum):
    RETURN = "return"
    EXCHANGE = "exchange"
    FREE_REPAIR = "free_repair"
    PAID_REPAIR = "paid_repair"
    REFUND_DIFFERENCE = "refund_difference"
    COMPENSATION = "compensation"


class Outcome(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"


class Kind(StrEnum):
    GRANT = "grant"  # grants its remedies when every condition holds
    REFUSE = "refuse"  # when every condition holds, refuses its remedies
    NOTE = "note"  # when every condition holds, adds its text to the notes


class Ground(StrEnum):
    """Why a clause grants: lets a "not a quality defect" finding block the
    defect remedies of every layer without touching no-reason or price ones."""

    DEFECT = "defect"
    GOODWILL = "goodwill"  # a store's voluntary return or exchange, no defect
    NO_REASON = "no_reason"
    PRICE = "price"
    FRAUD = "fraud"


class Rank(IntEnum):
    """Source rank for conflicts (policy-facts.md §0): higher wins a tie."""

    STORE = 1
    PROVINCIAL = 2
    NATIONAL_SANBAO = 3
    MINISTRY = 4
    STATE_COUNCIL = 5
    LAW = 6


class Unit(StrEnum):
    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"


class PeriodStart(StrEnum):
    START = "start"  # later of sale and receipt; restarts after an exchange
    SALE = "sale"  # the day of sale only (price promises)
    RECEIPT = "receipt"  # later of sale and receipt; never restarts
    PRODUCTION = "production"  # production date + 90 days (a phone without proof, MOB2001 Art. 9)


REQUEST_REMEDIES = ("return", "exchange", "repair", "refund_difference", "compensation")
CHANNELS = ("in_store", "online")
EVIDENCE = (
    "receipt",
    "invoice",
    "warranty_card",
    "member_record",
    "pos_record",
    "staff_attestation",
    "repair_record",
    "test_report",
)
CONDITION_FLAGS = (
    "worn",
    "washed",
    "shrunk_or_faded",
    "altered",
    "disassembled",
    "torn",
    "soiled",
    "tags_removed",
    "accessories_missing",
    "seal_broken",
    "activated",
    "personal_data",
    "misuse",
    "improper_care",
    "liquid_damage",
    "self_repaired",
    # Beyond the contract's list: the national void lists' own facts.
    "repaired_elsewhere",  # opened or repaired by someone other than the 三包 repairer
    "pirated_software",  # PC2002 Art. 28(7): damage from pirated software
    "virus_infection",  # PC2002 Art. 28(8): damage from a virus caught in use
    "voucher_mismatch",  # the 三包 voucher altered, or its model or number not the item's
    "force_majeure",  # damage by force majeure (every national void list's last item)
)
ITEM_FLAGS = (
    "clearance",
    "custom_made",
    "perishable",
    "digital_unsealed",
    "periodical",
    "defect_disclosed",
    "exclusion_confirmed",
)
# The problems a customer can report, in the claim desk's groups (the words module names them).
GENERAL_PROBLEMS = (
    "no_reason",
    "size_fit",
    "performance_fault",
    "appearance_defect",
    "not_as_described",
    "price_mismatch",
    "price_drop",
    "fraud",
)
APPAREL_PROBLEMS = (
    "seam_open",
    "wrinkle",
    "pilling",
    "dropped_stitch",
    "fading",
    "colour_run",
    "shrinking",
    "lining_torn",
    "zip_broken",
    "button_lost",
    "style_change",
)
FOOTWEAR_PROBLEMS = (
    "sole_broken",
    "upper_broken",
    "heel_broken",
    "vamp_broken",
    "glue_open",
    "stitch_loose",
    "stitch_broken",
    "heel_cap_off",
    "crease",
    "colour_mismatch",
    "pair_mismatch",
)
PROBLEMS = GENERAL_PROBLEMS + APPAREL_PROBLEMS + FOOTWEAR_PROBLEMS


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit

    def __str__(self) -> str:
        unit = self.unit.value
        return f"{self.amount} {unit[:-1] if self.amount == 1 else unit}"


@dataclass(frozen=True)
class Period:
    """A named period; `by` picks the length from a request field."""

    name: str
    length: Duration | None = None
    by: str | None = None  # "material", "product_type" or "part"
    values: dict[str, Duration] = field(default_factory=dict)
    start: PeriodStart = PeriodStart.START
    holiday_extension: bool | None = None  # None: the policy's setting
    label: Text = Text("", "")
    # Where the length comes from: a fact of the rule book, or a store setting an
    # administrator sees and changes in the policy files (`setting = true`).
    basis: Text = Text("", "")
    setting: bool = False
    # A warranty-card field (whole_unit_months / main_parts_months) that gives the length
    # where no catalogue row does, and lengthens it when the card promises more.
    card: str | None = None
    # What to ask for when no length is known (a request field, e.g. "material").
    asks: str | None = None


@dataclass(frozen=True)
class Conditions:
    """All must hold. The first group only decides whether a clause applies
    at all; the rest, when they fail, give the reason read to the customer."""

    categories: frozenset[str] | None = None
    product_types: frozenset[str] | None = None
    materials: frozenset[str] | None = None
    parts: frozenset[str] | None = None
    main_part: bool | None = None
    not_under_national_rule: bool = False
    channel: str | None = None
    within: str | None = None
    evidence_any: frozenset[str] | None = None
    evidence_lacks: frozenset[str] | None = None
    condition_none: frozenset[str] | None = None
    condition_any: frozenset[str] | None = None
    item_flags_none: frozenset[str] | None = None
    item_flags_any: frozenset[str] | None = None
    failed_repairs_min: int | None = None
    # Count only repairs of the part now failing (footwear's 同一部位); the national rules
    # count every repair of the product.
    same_part: bool = False
    exchanges_min: int | None = None  # earlier exchanges of this unit (phones' accessories)
    repair_overdue_parts_days: int | None = None  # SB1995 Art. 12: waiting for parts
    repair_overdue_repairer_days: int | None = None  # SB1995 Art. 12: the repairer's delay
    replacement_available: bool | None = None
    requires: tuple[str, ...] = ()
    price_dropped: bool | None = None
    true_tag_lower: bool | None = None


@dataclass(frozen=True)
class Clause:
    id: str
    kind: Kind
    problems: frozenset[str]
    remedies: tuple[Remedy, ...]
    text: Text
    basis: Text
    rank: Rank
    ground: Ground | None = None
    amount: str | None = None  # a money rule name from money.AMOUNT_RULES
    note: Text | None = None
    not_a_defect: bool = False  # a refusal that says "this is no quality defect"
    fallback: bool = False  # used when no other clause speaks to the problem
    when: Conditions = Conditions()


class DaysFrom(StrEnum):
    """Where the days used for a depreciation deduction start (both restart on an exchange)."""

    INVOICE = "invoice"  # the invoice (sale) day: MOB2001 Art. 19, FIX2001 Art. 16, PC2002 Art. 15
    RECEIPT = "receipt"  # the later of sale and delivery or installation (AV2002 Art. 16)


@dataclass(frozen=True)
class MoneyRules:
    depreciation: bool = False
    daily_rate: dict[str, Decimal] = field(default_factory=dict)  # by product type
    # One daily rate for every product type of the category without its own.
    rate: Decimal | None = None
    # The rates are the store's setting, not the rule book's (the national appendix tables
    # were not found): an administrator sees them on the policy page and changes them in a
    # new version of the file. Without a rate the answer says it is missing.
    setting: bool = False
    days_from: DaysFrom = DaysFrom.RECEIPT
    basis: Text = Text("", "")

    def rate_for(self, product_type: str | None) -> Decimal | None:
        return self.daily_rate.get(product_type or "", self.rate)


@dataclass(frozen=True)
class Policy:
    name: str
    file: str
    title: Text
    rank: Rank
    extends: tuple[str, ...] = ()
    holiday_extension: bool = False
    national_products: frozenset[str] = frozenset()
    national_problems: frozenset[str] = frozenset()
    periods: dict[str, Period] = field(default_factory=dict)
    main_parts: dict[str, frozenset[str]] = field(default_factory=dict)
    money: MoneyRules = MoneyRules()
    clauses: tuple[Clause, ...] = ()
    # A store promise switched off (price protection until the store announces it): its
    # grants are refused with `off_text`.
    enabled: bool = True
    off_text: Text = Text("", "")
    # SB1995 Art. 13 and the like: an exchange owed with nothing in stock becomes a refund.
    no_stock_basis: Text = Text("", "")
    # Accepted request values where the policy has a vocabulary (422 otherwise).
    product_types: frozenset[str] = frozenset()
    materials: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CompensationLaw:
    """Extra compensation for fraud by the law in force on the day of sale."""

    since: date | None
    until: date | None
    multiple: Decimal
    minimum: Decimal
    basis: Text


@dataclass(frozen=True)
class PolicySet:
    version: str
    effective_on: date
    categories: dict[str, str]
    fallback_policy: str
    shared: tuple[str, ...]
    price_unit: Decimal
    unknown_category_note: Text
    unknown_problem_note: Text
    evidence_groups: dict[str, frozenset[str]]
    extra_problems: tuple[str, ...]
    compensation: tuple[CompensationLaw, ...]
    policies: dict[str, Policy]

    @property
    def problems(self) -> frozenset[str]:
        return frozenset(PROBLEMS) | frozenset(self.extra_problems)
