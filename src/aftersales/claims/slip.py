"""The claim slip (售后单) as plain text, e-mailed through the outbox."""

import re
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.claims.access import WRITERS, get_claim, require
from aftersales.claims.models import Claim
from aftersales.errors import InvalidInput
from aftersales.i18n import pgettext
from aftersales.notify import service as notify
from aftersales.policy.words import labeller
from aftersales.refs import zone_of

# The slip's own words, apart from the pages' ("Paid out" is 已付 here, 已付款 there).
SLIP = "claim slip"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def slip_text(claim: Claim, lang: str, tz: str) -> str:
    label = labeller(lang)
    decision: dict[str, Any] = claim.decision["en" if lang == "en" else "zh"]

    def word(english: str, **params: Any) -> str:
        return pgettext(lang, SLIP, english, **params)

    lines = [
        word("Claim #%(id)s", id=claim.id),
        f"{word('Receipt')}: {claim.receipt_no or '-'}  {claim.sku} {claim.item_name}",
        f"{word('Opened')}: {claim.opened_at.astimezone(ZoneInfo(tz)):%Y-%m-%d %H:%M}",
        f"{word('Problem')}: {label(claim.problem)} {label(claim.part)}",
        f"{word('Status')}: {label(str(claim.status))}",
        f"{word('Policy')}: {decision['policy']} {decision['policy_version']}",
    ]
    for a in decision["allowed"]:
        amount = f" ¥{a['amount']}" if a["amount"] else ""
        lines.append(f"+ {label(a['remedy'])}{amount} ({a['clause']}; {a['basis']})")
    for r in decision["refused"]:
        lines.append(f"- {label(r['remedy'])}: {r['reason']} ({r['clause']})")
    if claim.remedy:
        lines.append(f"{word('Remedy')}: {label(claim.remedy)}")
    if claim.refund_amount is not None:
        lines.append(
            f"{word('Paid out')}: ¥{claim.refund_amount:.2f} ({label(claim.refund_method)})"
        )
    return "\n".join(lines)


def email_slip(
    session: Session,
    *,
    claim_id: int,
    recipient: str,
    actor: Principal,
    lang: str = "zh",
) -> None:
    """Queue the slip in the outbox, in the same transaction as its audit event; the worker
    sends it after commit."""
    require(actor, WRITERS)
    recipient = recipient.strip()
    if not EMAIL.match(recipient) or len(recipient) > 120:
        raise InvalidInput("Not an e-mail address", field="email")
    claim = get_claim(session, user=actor, claim_id=claim_id)
    subject = pgettext(lang, SLIP, "Claim #%(id)s", id=claim.id)
    notify.enqueue(
        session,
        channel="email",
        recipient=recipient,
        subject=subject,
        body=slip_text(claim, lang, zone_of(session, claim.store_id)),
        meta={"claim_id": claim.id},
    )
    # The address is personal data: the audit log keeps only that a slip went out.
    audit.record_on(session, claim, "slip_emailed", actor=actor)
    session.flush()
