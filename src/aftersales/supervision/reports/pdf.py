"""The monthly report as a printable A4 PDF: Chinese text in an embedded font (WenQuanYi
Micro Hei when installed, else the PDF reader's own STSong-Light), tables and bar charts."""

import io
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from aftersales.pdf_fonts import cjk_font
from aftersales.supervision.reports.tables import report_tables


def _styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    return {
        "title": ParagraphStyle("t", fontName=font, fontSize=18, leading=24),
        "h": ParagraphStyle("h", fontName=font, fontSize=12, leading=18, spaceBefore=8),
        "cell": ParagraphStyle("c", fontName=font, fontSize=7.5, leading=9),
    }


def _table(table: Any, style: ParagraphStyle) -> Table:
    head = [Paragraph(h, style) for _, h in table.columns]
    body = [
        [Paragraph("" if r.get(k) is None else str(r.get(k)), style) for k, _ in table.columns]
        for r in table.rows
    ]
    t = Table([head, *body], repeatRows=1, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
            ]
        )
    )
    return t


def bar_chart(title: str, rows: list[dict[str, Any]], value: str = "count") -> Drawing:
    rows = rows[:10]
    font = cjk_font()
    height = 50 + 16 * max(1, len(rows))
    d = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    # Room below for the value axis' numbers, above for the title.
    chart.x, chart.y, chart.width, chart.height = 110, 24, 330, height - 46
    chart.data = [[float(r.get(value) or 0) for r in reversed(rows)] or [0]]
    chart.categoryAxis.categoryNames = [str(r.get("label") or "")[:14] for r in reversed(rows)] or [
        ""
    ]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#3b6fb6")
    d.add(chart)
    d.add(String(0, height - 12, title, fontName=font, fontSize=10))
    return d


def pdf_bytes(report: dict[str, Any], *, title: str) -> bytes:
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
    )
    c = report["complaints"]
    story: list[Any] = [
        Paragraph(title, s["title"]),
        Paragraph(f"统计期间：{report['from']} 至 {report['to']}", s["h"]),
        bar_chart("投诉按类型", c["by_type"]),
        bar_chart("投诉按门店", c["by_store"]),
        bar_chart("巡查优先分（前十专柜）", report["inspection_ranking"], "score"),
    ]
    for table in report_tables(report):
        story += [Paragraph(table.title, s["h"]), _table(table, s["cell"]), Spacer(1, 4)]
    doc.build(story)
    return out.getvalue()
