"""Which work each service standard measures, and who enforces it."""

from aftersales.i18n import gettext

# kind: (what it measures, the catalog's English; the work it is attached to, or None when no
# record of that work is kept by this product yet)
MEASURES: dict[str, tuple[str, str | None]] = {
    "respond": (
        "first feedback on a complaint (escalated level by level; hotline complaints on the "
        "hotline's calendar hours)",
        "complaint",
    ),
    "resolve": ("complaint resolved", "complaint"),
    "rework": (
        "repair handed back (the turnaround promise; a category may set its own days)",
        "repair",
    ),
    "hotline_answer": (
        "a question asked on the hotline (hotline complaints run on the hotline respond "
        "standard above)",
        "enquiry",
    ),
    "reply": (
        "a reply to the customer (the first proposal put to them; escalated once when late)",
        "complaint",
    ),
    "ship": (
        "goods shipped after payment (online delivery orders; when the customer moves the "
        "delivery to a later day, by the end of the day before it)",
        "service_order",
    ),
    # Its rule is each store's compensation for a day of delay (the delivery rules page).
    "deliver": ("delivery on the agreed day (late: the store's compensation rule)", "delivery"),
}


def measured(kind: str) -> str | None:
    return MEASURES.get(kind, ("", None))[1]


def label(kind: str, lang: str) -> str:
    """What `kind` measures, in `lang`; a kind this product does not know is shown as it is."""
    if kind not in MEASURES:
        return kind
    return gettext(lang, MEASURES[kind][0])


def short_label(kind: str, lang: str) -> str:
    """The name alone, without the explanation in brackets: for a report's rows."""
    return label(kind, lang).split("（")[0].split(" (")[0]
