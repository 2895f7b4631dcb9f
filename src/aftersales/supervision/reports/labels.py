"""Keys and labels of the rows: stable codes out, names in the caller's language."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.complaints.reference import ComplaintCause
from aftersales.complaints.web.labels import labeller
from aftersales.i18n import gettext, pgettext
from aftersales.policy.words import L as CLAIM_WORDS
from aftersales.sales.models import Category
from aftersales.supervision.reports.places import Names, names

# The cost ledger's kinds beside a complaint's outcomes (English message ids of the context).
COST_KIND = "cost kind"
COST_KINDS = {"late_delivery": "late delivery compensation"}
PLACES = {
    "store": "stores",
    "floor": "floors",
    "counter": "counters",
    "brand": "brands",
    "staff": "staff",
}


def _words(table: dict[str, tuple[str, str]], lang: str) -> Callable[[Any], str]:
    i = 1 if lang == "en" else 0
    return lambda code: table[code][i] if code in table else str(code)


def _lookup(session: Session, by: str, lang: str) -> Callable[[Any], tuple[Any, str]]:
    """A function raw key -> (key, label) for one grouping."""
    if by in PLACES:
        table: dict[int, tuple[str, str]] = getattr(_names(session), PLACES[by])
        return lambda k: table.get(k, (str(k), str(k)))
    if by == "cause":
        rows = session.execute(
            select(ComplaintCause.code, ComplaintCause.name_zh, ComplaintCause.name_en)
        )
        causes = {c: (zh, e) for c, zh, e in rows}
        return lambda k: (k, _words(causes, lang)(k))
    if by == "category":
        rows = session.execute(select(Category.code, Category.name_zh, Category.name_en))
        cats = {c: (zh, e) for c, zh, e in rows}
        return lambda k: (k, _words(cats, lang)(k))
    if by in ("remedy", "outcome"):
        return lambda k: (k, _words(CLAIM_WORDS, lang)(k))
    if by == "kind":
        return lambda k: (str(k), _cost_kind(lang, str(k)))
    if by == "level":
        label = labeller(lang)
        return lambda k: (str(k), label(int(k)))
    if by in ("day", "month"):
        return lambda k: (k, k)
    label = labeller(lang)
    return lambda k: (str(k), label(str(k)))


def _cost_kind(lang: str, kind: str) -> str:
    english = COST_KINDS.get(kind)
    return pgettext(lang, COST_KIND, english) if english else labeller(lang)(kind)


def _names(session: Session) -> Names:
    return names(session)


def label_rows(
    session: Session, rows: list[dict[str, Any]], *, by: str, lang: str, figures: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Raw grouped rows -> contract rows, ordered (days and months by date, others by count)."""
    look = _lookup(session, by, lang)
    out = []
    for r in rows:
        key, label = (None, gettext(lang, "(none)")) if r["k"] is None else look(r["k"])
        out.append({"key": key, "label": label} | {f: r[f] for f in figures})
    if by in ("day", "month", "level"):
        return sorted(out, key=lambda r: (r["key"] is None, r["key"] or ""))
    return sorted(out, key=lambda r: (-r["count"], r["key"] is None, str(r["key"])))
