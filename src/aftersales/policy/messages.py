"""Reasons a counter clerk can read out, zh-CN and English, for conditions
that failed. Clause texts themselves come from the policy files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .model import Text

FLAG_NAMES_ZH = {
    "receipt": "购物小票",
    "invoice": "发票",
    "warranty_card": "三包凭证",
    "member_record": "会员购买记录",
    "pos_record": "本店销售系统记录",
    "staff_attestation": "店员证明",
    "repair_record": "维修记录",
    "test_report": "检测报告",
    "worn": "已穿用",
    "washed": "已洗涤",
    "shrunk_or_faded": "已缩水或褪色",
    "altered": "已修改",
    "disassembled": "已拆动",
    "torn": "有撕裂",
    "soiled": "有污损",
    "tags_removed": "吊牌已剪",
    "accessories_missing": "配件不全",
    "seal_broken": "封口已拆",
    "activated": "已激活",
    "personal_data": "留有个人数据",
    "misuse": "使用不当",
    "improper_care": "保养不当",
    "liquid_damage": "进液损坏",
    "self_repaired": "自行或非指定维修",
    "clearance": "处理品",
    "custom_made": "定作商品",
    "perishable": "鲜活易腐商品",
    "digital_unsealed": "已拆封的数字商品",
    "periodical": "报纸期刊",
    "defect_disclosed": "售前已告知瑕疵",
    "exclusion_confirmed": "购买时已确认不适用无理由退货",
    "in_store": "门店",
    "online": "网购等远程",
}
FIELD_NAMES_ZH = {
    "tag_price": "吊牌价",
    "true_tag_price": "正确吊牌价",
    "current_price": "现价",
    "part": "部位",
    "material": "材质",
    "product_type": "商品类型",
}


def _names(items: Iterable[str], lang: str) -> str:
    items = sorted(items)
    if lang == "en":
        return ", ".join(i.replace("_", " ") for i in items)
    return "、".join(FLAG_NAMES_ZH.get(i, FIELD_NAMES_ZH.get(i, i)) for i in items)


def _both(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


class PeriodOver:
    """A period-over reason, worded only when a refusal is read out."""

    __slots__ = ("label", "end")

    def __init__(self, label: Text, end: date) -> None:
        self.label = label
        self.end = end

    def text(self) -> Text:
        end = self.end.isoformat()
        return _both(
            f"已超过{self.label.zh}（{end}止）", f"past the {self.label.en} (it ended on {end})"
        )


# Why a check failed: a Text, or a PeriodOver still to be worded.
Reason = Text | PeriodOver


def evidence_missing(needed: Iterable[str]) -> Text:
    return _both(
        f"缺少购物凭证，需要{_names(needed, 'zh')}之一",
        f"no proof of purchase: one of {_names(needed, 'en')} is needed",
    )


def state_rules_out(flags: Iterable[str]) -> Text:
    return _both(
        f"商品状态不符合条件：{_names(flags, 'zh')}",
        f"the item's state rules it out: {_names(flags, 'en')}",
    )


def state_needed(flags: Iterable[str]) -> Text:
    return _both(
        f"仅适用于以下情形：{_names(flags, 'zh')}",
        f"applies only when the item is: {_names(flags, 'en')}",
    )


def item_kind_rules_out(flags: Iterable[str]) -> Text:
    return _both(
        f"此类商品不适用：{_names(flags, 'zh')}",
        f"does not apply to goods that are: {_names(flags, 'en')}",
    )


def item_kind_needed(flags: Iterable[str]) -> Text:
    return _both(f"仅适用于：{_names(flags, 'zh')}", f"applies only to: {_names(flags, 'en')}")


def channel_only(channel: str) -> Text:
    return _both(
        f"仅适用于{FLAG_NAMES_ZH[channel]}销售",
        f"applies only to {channel.replace('_', ' ')} sales",
    )


def repairs_short(needed: int, found: int) -> Text:
    return _both(
        f"同一部位修理{needed}次仍不能正常使用才适用（现有{found}次）",
        f"applies after {needed} failed repairs of the same part ({found} on record)",
    )


def replacement(available: bool) -> Text:
    if available:
        return _both("无同型号商品可换", "no item of the same model is in stock for an exchange")
    return _both("有同型号商品可换，应先换货", "the same model is in stock: exchange comes first")


def missing_fields(names: Iterable[str]) -> Text:
    return _both(f"缺少{_names(names, 'zh')}", f"missing: {_names(names, 'en')}")


def price_not_lower(field: str) -> Text:
    return _both(
        f"{FIELD_NAMES_ZH[field]}未低于实付价格，无差价可退",
        f"the {field.replace('_', ' ')} is not below the price paid: no difference",
    )


def no_difference() -> Text:
    return _both("按价格单位取整后无差价", "no difference remains after rounding to the price unit")


def no_compensation_law() -> Text:
    return _both("销售日无可适用的赔偿规定", "no compensation rule applies on the day of sale")


def join(reasons: Iterable[Reason]) -> Text:
    """One reason from several (some of them PeriodOver, worded now)."""
    texts = [r.text() if isinstance(r, PeriodOver) else r for r in reasons]
    if len(texts) == 1:
        return texts[0]
    return Text(zh="；".join(t.zh for t in texts), en="; ".join(t.en for t in texts))


def tag_not_lower() -> Text:
    return _both(
        "正确吊牌价未低于原吊牌价，无差价可退",
        "the correct tag price is not below the tag price charged: no difference",
    )
