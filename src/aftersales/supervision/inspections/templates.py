"""Inspection templates as data: the shipped ones (shipped.toml) and the versions an admin
saves. A template is never edited in place: a save adds version + 1 and marks it current."""

import tomllib
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import Forbidden, InvalidInput, NotFound
from aftersales.supervision.inspections.models import InspectionTemplate

SHIPPED = Path(__file__).with_name("shipped.toml")
SECTIONS = {"attitude", "skills", "display", "environment"}


def shipped() -> list[dict[str, Any]]:
    with SHIPPED.open("rb") as fh:
        return list(tomllib.load(fh)["template"])


def ensure_shipped(session: Session) -> int:
    """Add version 1 of every shipped template not yet in the database; answer how many."""
    known = set(session.scalars(select(InspectionTemplate.code)))
    added = 0
    for t in shipped():
        if t["code"] not in known:
            session.add(InspectionTemplate(version=1, current=True, **t))
            added += 1
    session.flush()
    return added


def current_templates(session: Session) -> list[InspectionTemplate]:
    return list(
        session.scalars(
            select(InspectionTemplate)
            .where(InspectionTemplate.current)
            .order_by(InspectionTemplate.id)
        )
    )


def current(session: Session, code: str) -> InspectionTemplate:
    row = session.scalars(
        select(InspectionTemplate).where(
            InspectionTemplate.code == code, InspectionTemplate.current
        )
    ).first()
    if row is None:
        raise InvalidInput("Unknown template", field="template")
    return row


def by_id(session: Session, template_id: int) -> InspectionTemplate:
    row = session.get(InspectionTemplate, template_id)
    if row is None:
        raise NotFound(field="template")
    return row


def _check_items(items: list[dict[str, Any]]) -> None:
    if not items:
        raise InvalidInput("A template needs items", field="items")
    for i, item in enumerate(items):
        key = item.get("key") if isinstance(item, dict) else None
        if not isinstance(key, str) or not key.strip() or len(key) > 40:
            raise InvalidInput("Each item needs a key", field=f"items[{i}].key")
    keys = [i["key"] for i in items]
    if len(set(keys)) != len(keys):
        raise InvalidInput("Item keys repeat", field="items")
    for i, item in enumerate(items):
        if not isinstance(item.get("max"), int) or not 1 <= item["max"] <= 100:
            raise InvalidInput("Points from 1 to 100", field=f"items[{i}].max")


def save_version(
    session: Session, *, code: str, items: list[dict[str, Any]], actor: Principal
) -> InspectionTemplate:
    """Admin only: store the edited items as the template's next version."""
    if actor.role != Role.admin:
        raise Forbidden()
    _check_items(items)
    old = current(session, code)
    newest = session.execute(
        select(func.max(InspectionTemplate.version)).where(InspectionTemplate.code == code)
    ).scalar_one()
    session.execute(
        update(InspectionTemplate).where(InspectionTemplate.code == code).values(current=False)
    )
    row = InspectionTemplate(
        code=code,
        version=newest + 1,
        kind=old.kind,
        name_zh=old.name_zh,
        name_en=old.name_en,
        items=items,
        current=True,
        created_at=utcnow(),
        created_by_id=actor.id,
    )
    after = {"code": code, "version": row.version, "items": len(items)}
    audit.record_added(session, row, actor=actor, action="version_saved", after=after)
    return row


def parse_lines(text: str) -> list[dict[str, Any]]:
    """The admin form's items, one per line: section | key | points | 中文 | English."""
    items = []
    for n, line in enumerate(ln for ln in text.splitlines() if ln.strip()):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 5 or not parts[2].isdigit() or not parts[0] or not parts[1]:
            raise InvalidInput(
                "Line %(line)s: section | key | points | 中文 | English",
                params={"line": n + 1},
                field="items",
            )
        items.append(
            {
                "section": parts[0],
                "key": parts[1],
                "max": int(parts[2]),
                "text_zh": parts[3],
                "text_en": parts[4],
            }
        )
    return items


def as_lines(template: InspectionTemplate) -> str:
    return "\n".join(
        f"{i['section']} | {i['key']} | {i['max']} | {i['text_zh']} | {i['text_en']}"
        for i in template.items
    )
