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
from aftersales.notify import service as notify
from aftersales.policy.words import labeller
from aftersales.refs import zone_of

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def slip_text(claim: Claim, lang: str, tz: str) -> str:
    label = labeller(lang)
    decision: dict[str, Any] = claim.decision["en" if lang == "en" else "zh"]
    en = lang == "en"
    lines = [
        f"{'Claim' if en else '售后单'} #{claim.id}",
        f"{'Receipt' if en else '小票'}: {claim.receipt_no or '-'}  {claim.sku} {claim.item_name}",
        f"{'Opened' if en else '受理时间'}: "
        f"{claim.opened_at.astimezone(ZoneInfo(tz)):%Y-%m-%d %H:%M}",
        f"{'Problem' if en else '问题'}: {label(claim.problem)} {label(claim.part)}",
        f"{'Status' if en else '状态'}: {label(str(claim.status))}",
        f"{'Policy' if en else '政策'}: {decision['policy']} {decision['policy_version']}",
    ]
    for a in decision["allowed"]:
        amount = f" ¥{a['amount']}" if a["amount"] else ""
        lines.append(f"+ {label(a['remedy'])}{amount} ({a['clause']}; {a['basis']})")
    for r in decision["refused"]:
        lines.append(f"- {label(r['remedy'])}: {r['reason']} ({r['clause']})")
    if claim.remedy:
        lines.append(f"{'Remedy' if en else '处理方式'}: {label(claim.remedy)}")
    if claim.refund_amount is not None:
        lines.append(
            f"{'Paid out' if en else '已付'}: ¥{claim.refund_amount:.2f} "
            f"({label(claim.refund_method)})"
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
    subject = f"Claim #{claim.id}" if lang == "en" else f"售后单 #{claim.id}"
    notify.enqueue(
        session,
        channel="email",
        recipient=recipient,
        subject=subject,
        body=slip_text(claim, lang, zone_of(session, claim.store_id)),
        meta={"claim_id": claim.id},
    )
    # The address is personal data: the audit log keeps only that a slip went out.
    audit.record(session, actor=actor, entity="claim", entity_id=claim.id, action="slip_emailed")
    session.flush()
