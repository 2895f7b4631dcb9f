"""Save an edited service standard and move the open cases it measures, in one transaction."""

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints import clock
from aftersales.deadlines import InvalidStandard, ServiceStandard
from aftersales.deadlines.settings_store import save_standard
from aftersales.errors import InvalidInput
from aftersales.feedback.enquiries import service as enquiries
from aftersales.i18n import gettext
from aftersales.parts.promises import recompute_promises
from aftersales.repairs.delivery import recompute_ship_by
from aftersales.supervision.standards import access
from aftersales.supervision.standards.preview import Preview, preview_change


class StandardRefused(InvalidInput):
    """The calendar says in English what is wrong with a standard; in Chinese, one sentence."""

    def message(self, lang: str) -> str:
        if lang == "en":
            return self.message_en
        return gettext(lang, "The service standard is not set right")


def proposed_standard(
    *,
    kind: str,
    channel: str | None,
    severity: str | None,
    name: str,
    amount: int,
    unit: str,
    clock_name: str,
) -> ServiceStandard:
    try:
        return ServiceStandard(name, kind, amount, unit, clock_name, channel, severity)  # type: ignore[arg-type]
    except InvalidStandard as exc:
        field = "amount" if "amount" in str(exc) else "unit" if "unit" in str(exc) else "clock"
        raise StandardRefused(str(exc), field=field) from None


def save_and_apply(
    session: Session, *, proposed: ServiceStandard, actor: Principal, now: datetime
) -> Preview:
    """Save the standard; the open cases the preview named get their due times again."""
    access.require(actor, "edit")
    preview = preview_change(session, proposed=proposed, now=now)
    save_standard(session, standard=proposed, actor=actor)
    if preview.measured == "complaint":
        clock.recompute_deadlines(session, complaint_ids=preview.ids, now=now, actor=actor)
    elif preview.measured == "repair":
        recompute_promises(session, work_order_ids=preview.ids, actor=actor)
    elif preview.measured == "enquiry":
        enquiries.recompute_answer_by(session, enquiry_ids=preview.ids, actor=actor)
    elif preview.measured == "service_order":
        recompute_ship_by(session, work_order_ids=preview.ids, actor=actor)
    return preview
