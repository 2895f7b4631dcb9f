"""What a repair owes the customer in time, by the rules (pure: no database, no clock).

- The store's turnaround promise: the `rework` service standard (18 calendar days in the
  seeds), or a category's own number of days kept as data.
- The legal limits on one repair, counted from the day the item was taken in (自送修之日起):
  SB1995 Art. 12 (household goods): more than 30 days by the repairer's own cause, or more
  than 90 days because the producer supplied no parts, and the seller owes a free exchange.
  The phone, fixed-phone, computer and audio-visual rules (MOB2001 Arts. 16-17, FIX2001
  Arts. 21-22, PC2002 Arts. 23-24, AV2002 Arts. 17-18) shorten the parts limit to 60 days.
- A loaner (备用机): a mobile phone not repaired within 7 days (MOB2001 Art. 15), a fixed
  phone within 3 days (FIX2001 Art. 20).
"""

from dataclasses import dataclass
from datetime import date

DEFAULT_TURNAROUND_DAYS = 18
# Category codes (and policy product types) under the 60-day parts limit.
SIXTY_DAY_GOODS = frozenset(
    {
        "mobile_phone",
        "fixed_phone",
        "computer",
        "audio_visual",
        "handset",
        "disc_player",
        "amplifier",
        "speaker",
    }
)
LOANER_DAYS = {"mobile_phone": 7, "fixed_phone": 3}


@dataclass(frozen=True)
class LegalLimits:
    repairer_days: int
    parts_days: int
    loaner_days: int | None
    basis: str


def legal_limits(category: str, product_type: str | None = None) -> LegalLimits:
    if category in SIXTY_DAY_GOODS or product_type in SIXTY_DAY_GOODS:
        basis = {"mobile_phone": "MOB2001", "fixed_phone": "FIX2001", "computer": "PC2002"}
        return LegalLimits(30, 60, LOANER_DAYS.get(category), basis.get(category, "AV2002"))
    return LegalLimits(30, 90, None, "SB1995 Art. 12")


@dataclass(frozen=True)
class RepairTime:
    """One repair's days, counted as the limits count them."""

    days: int  # from the day taken in to the day back (or today), that day included
    waiting_parts_days: int

    @property
    def repairer_days(self) -> int:
        return max(0, self.days - self.waiting_parts_days)


def repair_time(taken_in_on: date, until: date, waiting_parts_days: int) -> RepairTime:
    days = max(0, (until - taken_in_on).days)
    return RepairTime(days, min(max(0, waiting_parts_days), days))


def delay_of(time: RepairTime, limits: LegalLimits) -> str | None:
    """Why the repair took so long, in the words of the policy request (`delay`): the
    repairer's when its own days pass the limit, the parts' when waiting made it long."""
    if time.repairer_days > limits.repairer_days:
        return "repairer"
    if time.waiting_parts_days > 0:
        return "parts"
    return None


def limit_passed(time: RepairTime, limits: LegalLimits) -> str | None:
    """Which legal limit this repair has passed, if any: an exchange is then owed."""
    if time.repairer_days > limits.repairer_days:
        return "repairer"
    if time.waiting_parts_days > 0 and time.days > limits.parts_days:
        return "parts"
    return None
