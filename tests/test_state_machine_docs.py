"""docs/state-machines.md shows exactly the transitions the code allows."""

import re
from pathlib import Path

from aftersales.claims.state import ALLOWED as CLAIM
from aftersales.complaints.state import ALLOWED as COMPLAINT
from aftersales.feedback.enquiries.service import ALLOWED as ENQUIRY
from aftersales.repairs.state import DELIVERY_ALLOWED, FREE_ALLOWED, PAID_ALLOWED, VISIT_ALLOWED

DOC = Path(__file__).parents[1] / "docs" / "state-machines.md"


def _tables() -> list[dict[str, set[str]]]:
    tables, current = [], None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        row = re.fullmatch(r"\| (\w+) \| (.+) \|", line)
        if row and row.group(1) != "from":
            current = current if current is not None else {}
            targets = {t.strip() for t in row.group(2).split(",")} - {"—"}
            current[row.group(1)] = targets
        elif current is not None and not line.startswith("|"):
            tables.append(current)
            current = None
    if current is not None:
        tables.append(current)
    return tables


def _as_text(table) -> dict[str, set[str]]:  # noqa: ANN001
    return {str(k): {str(t) for t in v} for k, v in table.items()}


def test_the_documented_tables_are_the_code():
    assert _tables() == [
        _as_text(CLAIM),
        _as_text(FREE_ALLOWED),
        _as_text(PAID_ALLOWED),
        _as_text(VISIT_ALLOWED),
        _as_text(DELIVERY_ALLOWED),
        _as_text(COMPLAINT),
        _as_text(ENQUIRY),
    ]
