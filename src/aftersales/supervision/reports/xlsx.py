"""The report as an Excel workbook: one sheet per table, Chinese headings, numbers stored
as numbers (money as two-place decimals)."""

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from aftersales.supervision.reports.tables import MONEY, report_tables

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(name: str, value: Any) -> Any:
    if name in MONEY and isinstance(value, str):
        return Decimal(value)
    if name in ("average", "value") and isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


def workbook_bytes(report: dict[str, Any], *, title: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in report_tables(report):
        sheet = book.create_sheet(table.title[:31])
        sheet.append([title])
        sheet.append([heading for _, heading in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(name, row.get(name)) for name, _ in table.columns])
        for i, (name, _) in enumerate(table.columns, start=1):
            if name in MONEY:
                for (cell,) in sheet.iter_rows(min_row=3, min_col=i, max_col=i):
                    cell.number_format = "#,##0.00"
        sheet.column_dimensions["B"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
