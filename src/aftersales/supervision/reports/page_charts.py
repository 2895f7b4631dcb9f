"""The charts the statistics and monthly pages show, drawn from the report dict."""

from typing import Any

from markupsafe import Markup

from aftersales.i18n import Word, worded
from aftersales.supervision.reports import charts

# A chart's title and its series, in the catalog's "chart" context; "late" on the response
# chart is a late first feedback (反馈超时), on the others a late case (超时).
CHART, RESPONSE_CHART = "chart", "response chart"
WORDS = {
    "count": Word(CHART, "complaints"),
    "open": Word(CHART, "open"),
    "late": Word(CHART, "late"),
    "by_type": Word(CHART, "Complaints by type"),
    "by_store": Word(CHART, "Complaints by store"),
    "by_counter": Word(CHART, "Counters with most complaints"),
    "claims": Word(CHART, "Claims by remedy"),
    "claims_n": Word(CHART, "claims"),
    "ratings": Word(CHART, "Ratings"),
    "rank": Word(CHART, "Inspection priority"),
    "score": Word(CHART, "score"),
    "level": Word(RESPONSE_CHART, "Response by level"),
    "on_time": Word(RESPONSE_CHART, "on time"),
    "r_late": Word(RESPONSE_CHART, "late"),
}


def _coded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counter names repeat (a brand has a counter in each store): add the code."""
    return [r | {"label": f"{r['label']} {r['key']}"} for r in rows]


def page_charts(report: dict[str, Any], lang: str) -> dict[str, Markup]:
    w = worded(lang, WORDS)
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
