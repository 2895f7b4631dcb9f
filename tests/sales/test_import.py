"""`aftersales import sales`: good rows in, bad rows reported by line, receipts whole."""

import json
import uuid
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from aftersales.sales.importer import CSV_COLUMNS, import_sales
from aftersales.sales.models import Receipt, ReceiptLine

HEADER = ",".join(CSV_COLUMNS)


def _row(no: str, **change: str) -> str:
    values = {
        "receipt_no": no,
        "store": "S1",
        "counter": "S1-F1-C02",
        "sold_at": "2026-05-01T10:00:00+08:00",
        "staff": "staff",
        "customer_name": "张三",
        "customer_phone": "13812345678",
        "member_no": "",
        "sku": "JK-1001",
        "name": "男士棉袄",
        "category": "apparel",
        "qty": "1",
        "tag_price": "1437.00",
        "paid": "1006.00",
    } | change
    return ",".join(values[c] for c in CSV_COLUMNS)


def _count(factory, numbers: list[str]) -> int:
    with factory() as s:
        return s.execute(
            select(func.count()).select_from(Receipt).where(Receipt.receipt_no.in_(numbers))
        ).scalar_one()


def test_good_receipts_are_imported_and_bad_rows_reported_by_line(factory, tmp_path: Path):
    tag = uuid.uuid4().hex[:8]
    good, two_lines, bad = f"I-{tag}-1", f"I-{tag}-2", f"I-{tag}-3"
    text = (
        "\n".join(
            [
                HEADER,
                _row(good),
                _row(two_lines),
                _row(two_lines, sku="SH-2002", name="真皮短靴", category="footwear"),
                _row(bad),
                _row(bad, paid="-5"),  # line 6: the whole receipt goes
                _row(f"I-{tag}-4", store="S9"),  # line 7
                _row(f"I-{tag}-5", sold_at="2099-01-01T00:00:00+08:00"),  # line 8
                _row(f"I-{tag}-6", customer_phone="12"),  # line 9
                _row(good),  # line 10: duplicate
            ]
        )
        + "\n"
    )
    path = tmp_path / "pos.csv"
    path.write_text(text, encoding="utf-8")
    report = import_sales(factory, path)
    assert (report.receipts, report.lines) == (2, 3)
    assert [(line, field) for line, field, _ in report.errors] == [
        (6, "paid"),
        (7, "store"),
        (8, "sold_at"),
        (9, "customer_phone"),
        (10, "receipt_no"),
    ]
    assert _count(factory, [good, two_lines]) == 2
    assert _count(factory, [bad]) == 0
    with factory() as s:
        lines = s.execute(
            select(func.count())
            .select_from(ReceiptLine)
            .join(Receipt)
            .where(Receipt.receipt_no == two_lines)
        ).scalar_one()
    assert lines == 2


def test_a_gbk_file_from_a_chinese_pos_imports(factory, tmp_path: Path):
    no = f"G-{uuid.uuid4().hex[:8]}"
    path = tmp_path / "pos-gbk.csv"
    path.write_bytes(
        (
            "\n".join(
                [
                    HEADER,
                    _row(no, customer_name="李四", name="羊绒衫", customer_phone="13911112222"),
                ]
            )
            + "\n"
        ).encode("gbk")
    )
    report = import_sales(factory, path)
    assert report.errors == []
    assert report.receipts == 1
    with factory() as s:
        line = s.scalars(select(ReceiptLine).join(Receipt).where(Receipt.receipt_no == no)).one()
    assert line.name == "羊绒衫"


def test_json_lines_in_the_api_shape_import_and_malformed_lines_are_named(factory, tmp_path):
    no = f"J-{uuid.uuid4().hex[:8]}"
    path = tmp_path / "pos.jsonl"
    good = {
        "receipt_no": no,
        "store": "S1",
        "counter": "S1-F1-C01",
        "sold_at": "2026-05-01T10:00:00+08:00",
        "customer": {"name": "王五", "phone": "13700001234"},
        "lines": [
            {
                "sku": "X-1",
                "name": "保温杯",
                "category": "general",
                "qty": 2,
                "tag_price": "99.00",
                "paid": "180.00",
            }
        ],
    }
    empty = {"receipt_no": f"{no}-b", "store": "S1", "counter": "S1-F1-C01", "lines": []}
    path.write_text(
        "\n".join([json.dumps(good, ensure_ascii=False), '{"receipt_no": ', json.dumps(empty)])
        + "\n",
        encoding="utf-8",
    )
    report = import_sales(factory, path)
    assert report.receipts == 1
    assert [(line, field) for line, field, _ in report.errors] == [(2, "json"), (3, "lines")]


def test_a_file_missing_columns_is_refused_whole(factory, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("receipt_no,store\nX,S1\n", encoding="utf-8")
    report = import_sales(factory, path)
    assert report.receipts == 0
    assert report.errors[0][1] == "header"


def test_the_cli_reports_bad_rows_and_exits_1(sqlite_engine, tmp_path, monkeypatch):
    from aftersales.cli import app
    from aftersales.settings import get_settings

    monkeypatch.setenv("AFTERSALES_DATABASE_URL", str(sqlite_engine.url))
    get_settings.cache_clear()
    path = tmp_path / "pos.csv"
    no = f"C-{uuid.uuid4().hex[:8]}"
    path.write_text(
        "\n".join([HEADER, _row(no), _row(no + "x", qty="many")]) + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["import", "sales", str(path)])
    get_settings.cache_clear()
    assert result.exit_code == 1
    assert "pos.csv:3: qty: not a whole number" in result.output
    assert "imported 1 receipts (1 lines); 1 rows refused" in result.output


def test_line_numbers_count_quoted_line_breaks_and_short_rows_as_the_csv_module_does(tmp_path):
    from aftersales.sales.importer import arrow_rows, csv_rows

    text = (
        "\n".join(
            [
                HEADER,
                _row("Q-1", name='"羽绒服\n加厚款"'),
                _row("Q-2")[:20],  # too few fields
                _row("Q-3"),
                _row("Q-4") + ",extra",  # too many fields
                _row("Q-5", name='"a\nb\nc"'),
                _row("Q-6"),
            ]
        )
        + "\n"
    )
    path = tmp_path / "pos.csv"
    path.write_text(text, encoding="utf-8")

    def flat(chunks):
        return [
            (line, {c: chunk.columns[c][i] for c in CSV_COLUMNS})
            for chunk in chunks
            for i, line in enumerate(chunk.line_nos)
        ]

    fast, exact = flat(arrow_rows(path, "utf-8-sig")), flat(csv_rows(path, "utf-8-sig"))
    assert [line for line, _ in fast] == [3, 4, 5, 6, 9, 10]
    assert fast == exact


def test_a_file_with_blank_lines_keeps_its_line_numbers(factory, tmp_path):
    tag = uuid.uuid4().hex[:8]
    path = tmp_path / "pos.csv"
    path.write_text(
        "\n".join([HEADER, _row(f"B-{tag}-1"), "", _row(f"B-{tag}-2", qty="0")]) + "\n",
        encoding="utf-8",
    )
    report = import_sales(factory, path)
    assert report.receipts == 1
    assert [(line, field) for line, field, _ in report.errors] == [(4, "qty")]


def test_receipts_already_stored_are_reported_as_duplicates_and_the_rest_imports(factory, tmp_path):
    tag = uuid.uuid4().hex[:8]
    first = tmp_path / "first.csv"
    first.write_text("\n".join([HEADER, _row(f"D-{tag}-1")]) + "\n", encoding="utf-8")
    assert import_sales(factory, first).receipts == 1
    again = tmp_path / "again.csv"
    again.write_text(
        "\n".join([HEADER, _row(f"D-{tag}-2"), _row(f"D-{tag}-1"), _row(f"D-{tag}-1")]) + "\n",
        encoding="utf-8",
    )
    report = import_sales(factory, again)
    assert (report.receipts, report.lines) == (1, 1)
    assert [(line, field) for line, field, _ in report.errors] == [(3, "receipt_no")]
    with factory() as s:
        lines = s.execute(
            select(func.count())
            .select_from(ReceiptLine)
            .join(Receipt)
            .where(Receipt.receipt_no == f"D-{tag}-1")
        ).scalar_one()
    assert lines == 1
