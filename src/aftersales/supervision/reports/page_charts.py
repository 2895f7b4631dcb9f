"""The charts the statistics and monthly pages show, drawn from the report dict."""

from typing import Any

from markupsafe import Markup

from aftersales.supervision.reports import charts

WORDS = {
    "zh": {
        "count": "投诉数",
        "open": "未结案",
        "late": "超时",
        "by_type": "投诉按类型",
        "by_store": "投诉按门店",
        "by_counter": "投诉最多的专柜",
        "claims": "售后按处理方式",
        "claims_n": "申请数",
        "ratings": "满意度分布",
        "rank": "巡查优先分",
        "score": "分数",
        "level": "各层级按时反馈",
        "on_time": "按时反馈",
        "r_late": "反馈超时",
    },
    "en": {
        "count": "complaints",
        "open": "open",
        "late": "late",
        "by_type": "Complaints by type",
        "by_store": "Complaints by store",
        "by_counter": "Counters with most complaints",
        "claims": "Claims by remedy",
        "claims_n": "claims",
        "ratings": "Ratings",
        "rank": "Inspection priority",
        "score": "score",
        "level": "Response by level",
        "on_time": "on time",
        "r_late": "late",
    },
}


def _coded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counter names repeat (a brand has a counter in each store): add the code."""
    return [r | {"label": f"{r['label']} {r['key']}"} for r in rows]


def page_charts(report: dict[str, Any], lang: str) -> dict[str, Markup]:
    w = WORDS["en" if lang == "en" else "zh"]
    c = report["complaints"]
    svg = {
        "by_type": charts.bars(
            w["by_type"], c["by_type"], [("count", w["count"]), ("open", w["open"])]
        ),
        "by_store": charts.bars(w["by_store"], c["by_store"], [("count", w["count"])]),
        "by_counter": charts.bars(
            w["by_counter"], _coded(c["by_counter"]), [("count", w["count"])], limit=10
        ),
        "level": charts.bars(
            w["level"],
            c.get("by_level", []),
            [("responded_on_time", w["on_time"]), ("responded_late", w["r_late"])],
        ),
        "claims": charts.bars(
            w["claims"], report["claims"]["by_remedy"], [("count", w["claims_n"])]
        ),
        "ratings": charts.distribution(w["ratings"], report["satisfaction"]["distribution"]),
        "rank": charts.bars(
            w["rank"], _coded(report["inspection_ranking"]), [("score", w["score"])], limit=10
        ),
    }
    # pygal escapes the labels itself; the SVG is ours, so it goes in as markup.
    return {k: Markup(v) for k, v in svg.items()}
