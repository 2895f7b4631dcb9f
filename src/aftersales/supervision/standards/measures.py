"""Which work each service standard measures, and who enforces it."""

# kind: (what it measures zh, en; the work it is attached to, or None when no record of that
# work is kept by this product yet)
MEASURES: dict[str, tuple[str, str, str | None]] = {
    "respond": (
        "投诉首次反馈（逐级升级；热线投诉按热线时限，24小时服务按自然小时计）",
        "first feedback on a complaint (escalated level by level; hotline complaints on the "
        "hotline's calendar hours)",
        "complaint",
    ),
    "resolve": ("投诉处理完毕", "complaint resolved", "complaint"),
    "rework": (
        "维修单交还顾客（维修承诺时限，品类可另设天数）",
        "repair handed back (the turnaround promise; a category may set its own days)",
        "repair",
    ),
    "hotline_answer": (
        "热线来电问题答复（热线投诉的反馈按上面的热线时限执行）",
        "a question asked on the hotline (hotline complaints run on the hotline respond "
        "standard above)",
        "enquiry",
    ),
    "reply": (
        "答复顾客（首次向顾客提出处理方案；逾期升级一级）",
        "a reply to the customer (the first proposal put to them; escalated once when late)",
        "complaint",
    ),
    "ship": (
        "付款后发货（网购送货单；顾客改约到更晚的日期时，最迟在约定日前一天发出）",
        "goods shipped after payment (online delivery orders; when the customer moves the "
        "delivery to a later day, by the end of the day before it)",
        "service_order",
    ),
    # Its rule is each store's compensation for a day of delay (the delivery rules page).
    "deliver": (
        "按约定日期送货上门（延误按门店补偿规则）",
        "delivery on the agreed day (late: the store's compensation rule)",
        "delivery",
    ),
}


def measured(kind: str) -> str | None:
    return MEASURES.get(kind, ("", "", None))[2]


def label(kind: str, lang: str) -> str:
    zh, en, _work = MEASURES.get(kind, (kind, kind, None))
    return en if lang == "en" else zh


def short_label(kind: str, lang: str) -> str:
    """The name alone, without the explanation in brackets: for a report's rows."""
    return label(kind, lang).split("（")[0].split(" (")[0]
