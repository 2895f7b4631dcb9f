"""Suggest a category from the words of a suggestion: jieba cuts the text, keywords vote.
Only a suggestion for the triage page; the person deciding chooses."""

import jieba

KEYWORDS = {
    "service": ["服务", "态度", "导购", "店员", "收银", "排队", "热情", "耐心", "售后", "退换"],
    "goods": ["商品", "质量", "款式", "尺码", "颜色", "品牌", "货", "新品", "鞋", "衣服", "包装"],
    "environment": [
        "环境",
        "卫生",
        "洗手间",
        "厕所",
        "空调",
        "停车",
        "电梯",
        "灯光",
        "座椅",
        "音乐",
        "温度",
        "休息",
    ],
    "price": ["价格", "价钱", "贵", "便宜", "优惠", "打折", "折扣", "积分", "促销", "标价"],
}


def suggest_category(text: str) -> str:
    words = set(jieba.lcut(text or ""))
    votes = {
        cat: sum(1 for k in keys if k in words or (len(k) > 1 and k in text))
        for cat, keys in KEYWORDS.items()
    }
    best = max(votes, key=lambda c: votes[c])
    return best if votes[best] > 0 else "other"
