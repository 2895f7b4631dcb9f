"""The paper-like sheet posted from the tablet, read into the same InspectionCreate the API
takes, and the API's field paths mapped back to the sheet's field names."""

import re
from typing import Any

from starlette.datastructures import FormData, UploadFile

from aftersales.errors import InvalidInput
from aftersales.org.models import Counter
from aftersales.supervision.inspections.models import InspectionTemplate
from aftersales.supervision.inspections.schemas import InspectionCreate
from aftersales.web.forms import local_time

FINDING_ROWS = 3


def _score(raw: str, key: str) -> int:
    if not raw.strip().isdigit():
        raise InvalidInput("Enter the points as a whole number", field=f"score_{key}")
    return int(raw)


def _findings(form: FormData) -> list[dict[str, Any]]:
    """A row counts when any of its three fields is filled; a half-filled row is an error
    the service names (no owner, no due date), never silently dropped."""
    rows = []
    for n in range(FINDING_ROWS):
        text, owner, due = (
            str(form.get(f"finding_{f}_{n}", "")).strip() for f in ("text", "owner", "due")
        )
        if text or owner or due:
            if not owner:
                raise InvalidInput("Name the owner", field=f"finding_owner_{n}")
            if not due:
                raise InvalidInput("Give a due date", field=f"finding_due_{n}")
            rows.append({"text": text, "owner": owner, "due": due})
    return rows


def read_sheet(
    form: FormData, template: InspectionTemplate, counter: Counter | None, store_code: str, tz: str
) -> tuple[InspectionCreate, list[UploadFile]]:
    if counter is None:
        raise InvalidInput("Choose the counter", field="counter")
    scores = [
        {
            "item": i["key"],
            "score": _score(str(form.get(f"score_{i['key']}", "")), i["key"]),
            "note": str(form.get(f"note_{i['key']}", "")),
        }
        for i in template.items
    ]
    visited = local_time(str(form.get("visited_at", "")), tz, field="visited_at")
    if visited is None:
        raise InvalidInput("When was the visit?", field="visited_at")
    data = InspectionCreate.model_validate(
        {
            "kind": template.kind,
            "store": store_code,
            "counter": counter.code,
            "template": template.code,
            "visited_at": visited,
            "scores": scores,
            "findings": _findings(form),
            "on_duty": form.getlist("on_duty"),
            "note": str(form.get("note", "")),
        }
    )
    files = [f for f in form.getlist("photos") if isinstance(f, UploadFile) and f.filename]
    return data, files


_PATH = re.compile(r"^(scores|findings|on_duty)\[(\d+)\](?:\.(\w+))?$")


def form_errors(errors: dict[str, str], template: InspectionTemplate) -> dict[str, str]:
    """ "scores[3].score" -> "score_<key of item 3>", "findings[1].owner" -> "finding_owner_1"."""
    out = {}
    for field, message in errors.items():
        m = _PATH.match(field)
        if m and m.group(1) == "scores":
            field = f"score_{template.items[int(m.group(2))]['key']}"
        elif m and m.group(1) == "findings":
            field = f"finding_{m.group(3) or 'text'}_{m.group(2)}"
        elif m:
            field = "on_duty"
        out[field] = message
    return out
