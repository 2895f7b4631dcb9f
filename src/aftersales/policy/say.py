"""The one sentence per remedy a counter clerk reads out: what is owed, how much, until
when and on what basis, in plain words of the customer's language. The citation (the
clause's basis) stays beneath it; this sentence never mixes the two languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from .messages import FactMissing
from .model import Remedy, Text

_SHORT = {
    Remedy.RETURN: ("退货", "return"),
    Remedy.EXCHANGE: ("换货", "exchange"),
    Remedy.FREE_REPAIR: ("免费修理", "free repair"),
    Remedy.PAID_REPAIR: ("有偿修理", "paid repair"),
    Remedy.REFUND_DIFFERENCE: ("退差价", "refund of the difference"),
    Remedy.COMPENSATION: ("赔偿", "compensation"),
}


def short(remedy: Remedy) -> Text:
    zh, en = _SHORT[remedy]
    return Text(zh, en)


def _owed(remedy: Remedy, amount: Decimal | None) -> Text:
    yuan = f"{amount}元" if amount is not None else ""
    cny = f"¥{amount}" if amount is not None else ""
    if remedy is Remedy.RETURN:
        return Text(
            f"退货，退还{yuan}" if yuan else "退货",
            f"return the item for a refund of {cny}" if cny else "return the item",
        )
    if remedy is Remedy.EXCHANGE:
        return Text("换货（同型号同规格）", "exchange it for the same model")
    if remedy is Remedy.FREE_REPAIR:
        return Text("免费修理", "have it repaired free of charge")
    if remedy is Remedy.PAID_REPAIR:
        return Text(
            f"有偿修理，费用{yuan}" if yuan else "有偿修理（先报价，同意后维修）",
            f"have it repaired for {cny}" if cny else "have it repaired at a quoted charge",
        )
    if remedy is Remedy.REFUND_DIFFERENCE:
        return Text(f"退还差价{yuan}", f"get the difference of {cny} back")
    return Text(f"另获赔偿{yuan}", f"receive compensation of {cny}")


def _day_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _sentence(text: str, end: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。.！!？?" else text + end


@lru_cache(maxsize=65_536)  # a batch repeats the same few sentences; all arguments are frozen
def granted(
    remedy: Remedy,
    amount: Decimal | None,
    until: date | None,
    rule: Text,
    *,
    store_promise: tuple[Remedy, ...] = (),
    law: Text | None = None,
) -> Text:
    """`rule` is the clause's own text (the plain-words basis). `store_promise` and `law`
    say it plainly when the law grants more than the store promised."""
    owed = _owed(remedy, amount)
    zh_until = f"，请在{_day_zh(until)}前办理" if until else ""
    en_until = f", by {until.isoformat()}" if until else ""
    if store_promise and law is not None:
        promised_zh = "、".join(short(r).zh for r in store_promise)
        promised_en = " or ".join(short(r).en for r in store_promise)
        zh = f"本店承诺{promised_zh}；依照{law.zh}，您也可以选择{owed.zh}{zh_until}。"
        en = (
            f"The store promises a {promised_en}; under {law.en} you may also choose to "
            f"{owed.en}{en_until}."
        )
    else:
        zh = f"您可以{owed.zh}{zh_until}。"
        en = f"You may {owed.en}{en_until}."
    return Text(zh + _sentence(rule.zh, "。"), en + " " + _sentence(rule.en, "."))


_PENDING_ZH, _PENDING_EN = "暂无法判断：", " cannot be decided yet: "


def pending(sentence: str) -> bool:
    """A refusal's sentence that waits for a fact rather than refusing on the merits."""
    return _PENDING_ZH in sentence or _PENDING_EN in sentence


@lru_cache(maxsize=65_536)
def refused(remedy: Remedy, reason: Text) -> Text:
    name = short(remedy)
    if isinstance(reason, FactMissing):  # the only reason: nothing refused on the merits
        return Text(
            f"{name.zh}{_PENDING_ZH}{_sentence(reason.zh, '。')}",
            f"The {name.en}{_PENDING_EN}{_sentence(reason.en, '.')}",
        )
    return Text(
        f"不能{name.zh}：{_sentence(reason.zh, '。')}",
        f"No {name.en}: {_sentence(reason.en, '.')}",
    )
