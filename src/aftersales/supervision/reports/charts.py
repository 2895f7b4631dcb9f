"""Charts drawn on the server as SVG with pygal, inlined in the page (no JavaScript: pygal's
tooltip script is switched off, so nothing is fetched). Labels are the rows' names in the
caller's language; the font stack names the CJK fonts installed beside the browser."""

import re
from typing import Any

import pygal
from pygal.style import Style

FONTS = '"Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",sans-serif'
STYLE = Style(
    font_family=FONTS,
    background="white",
    plot_background="white",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#9aa5b1",
    colors=("#3b6fb6", "#c53030", "#2f855a", "#b7791f", "#6b46c1"),
    label_font_size=14,
    major_label_font_size=14,
    title_font_size=17,
    legend_font_size=14,
    value_font_size=13,
)
BASE = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": False,
    "print_values": True,
    "legend_at_bottom": True,
    "width": 640,
    "height": 320,
    "truncate_label": -1,
    "truncate_legend": -1,
}


_SCRIPT = re.compile(r"<script.*?</script>", re.S)


def _svg(chart: Any) -> str:
    # The page works without JavaScript; pygal's inline tooltip config is dropped.
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def _wide(label: str) -> str:
    """pygal sizes the label margin as if every glyph were a Latin one; a CJK glyph is about
    half as wide again. Leading ideographic spaces (invisible, not collapsed in SVG) make
    the margin fit, and the right-aligned text still ends at the axis."""
    cjk = sum(1 for ch in label if ord(ch) > 0x2E80)
    return "\u3000" * ((cjk * 2 + 2) // 3) + label


def bars(
    title: str, rows: list[dict[str, Any]], series: list[tuple[str, str]], limit: int = 12
) -> str:
    """Horizontal bars, one per row (the largest first), one colour per series."""
    rows = rows[:limit]
    chart = pygal.HorizontalBar(
        title=title,
        show_legend=len(series) > 1,
        height=max(220, 60 + 28 * len(rows)) if rows else 200,
        print_values=True,
        **{k: v for k, v in BASE.items() if k not in ("height", "print_values")},
    )
    chart.x_labels = [_wide(str(r.get("label") or r.get("key") or "")) for r in reversed(rows)]
    for key, name in series:
        chart.add(name, [_num(r.get(key)) for r in reversed(rows)])
    return _svg(chart)


def trend(title: str, rows: list[dict[str, Any]], series: list[tuple[str, str]]) -> str:
    """A line over days or months (rows in date order)."""
    chart = pygal.Line(
        title=title,
        x_label_rotation=45,
        show_minor_x_labels=False,
        **{k: v for k, v in BASE.items() if k != "print_values"},
    )
    chart.x_labels = [str(r["key"])[5:] if r["key"] else "" for r in rows]
    chart.x_labels_major = chart.x_labels[:: max(1, len(rows) // 10)]
    for key, name in series:
        chart.add(name, [_num(r.get(key)) for r in rows])
    return _svg(chart)


def distribution(title: str, counts: dict[str, int]) -> str:
    chart = pygal.Bar(title=title, show_legend=False, **BASE)
    chart.x_labels = [f"{k}★" for k in counts]
    chart.add(title, list(counts.values()))
    return _svg(chart)


def _num(value: Any) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return value
    try:
        return float(value)
    except ValueError:
        return None
