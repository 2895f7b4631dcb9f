"""The trend page: a counter's or a store's inspection percent by month (a line) beside its
complaints (bars) and survey average, drawn as server-side SVG. The reports' inspection
ranking links here ("which counters need a visit")."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.db import utcnow
from aftersales.errors import NotFound
from aftersales.refs import refs
from aftersales.supervision.inspections import access, trends
from aftersales.web.deps import PageUser
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
W, H, PAD = 560, 200, 30


def _chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Coordinates for the template's SVG: one slot per month."""
    slot = (W - 2 * PAD) / max(len(rows), 1)
    peak = max([r["complaints"] for r in rows] + [1])
    bars, points = [], []
    for n, r in enumerate(rows):
        x = PAD + n * slot
        height = (H - 2 * PAD) * r["complaints"] / peak
        bars.append(
            {
                "x": round(x + slot * 0.25),
                "y": round(H - PAD - height),
                "w": round(slot * 0.5),
                "h": round(height),
                "n": r["complaints"],
                "label": r["month"][2:],
                "lx": round(x + slot / 2),
            }
        )
        if r["percent"] is not None:
            y = H - PAD - (H - 2 * PAD) * r["percent"] / 100
            points.append(f"{round(x + slot / 2)},{round(y)}")
    return {"w": W, "h": H, "pad": PAD, "bars": bars, "line": " ".join(points), "peak": peak}


@router.get("/inspections/trends")
def trend_page(
    request: Request, db: Db, user: PageUser, counter: str = "", store: str = ""
) -> Response:
    access.require(user, "read")
    r = refs(db)
    found = r.counters.get(counter)
    store_id = found[1] if found else r.stores.get(store or "S1")
    if counter and not found or store_id is None:
        raise NotFound(field="counter")
    rows = trends.trend(
        db,
        user=user,
        store_id=store_id,
        counter_id=found[0] if found else None,
        now=utcnow(),
        tz=request.app.state.settings.timezone,
    )
    return render(
        request,
        "inspections/trends.html",
        rows=rows,
        chart=_chart(rows),
        counter=counter,
        store=r.store_codes.get(store_id, ""),
        can_record=access.can(user, "record"),
    )
