"""The installation day on a receipt line: 三包 periods of goods the store installs run from
the day the installation was completed (REG2024 Art. 18), not from the sale."""

from datetime import date

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.sales.errors import ReceiptNotFound
from aftersales.sales.models import ReceiptLine


def record_installation(
    session: Session, *, receipt_line_id: int, installed_on: date, actor: Principal
) -> ReceiptLine:
    """Called by the service order that installed it; the first installation counts (a
    later adjustment visit does not move the start of the periods)."""
    line = session.get(ReceiptLine, receipt_line_id, with_for_update=True)
    if line is None:
        raise ReceiptNotFound(field="receipt_line_id")
    if line.installed_on is not None:
        return line
    line.installed_on = installed_on
    session.flush()
    after = {"line_no": line.line_no, "sku": line.sku, "installed_on": installed_on}
    audit.record(session, "receipt", line.receipt_id, "line_installed", actor=actor, after=after)
    return line
