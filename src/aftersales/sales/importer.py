"""POS import: CSV (UTF-8 or GBK) or JSON Lines, checked in batches, stored in batches.

A receipt is stored whole or not at all: a bad row rejects its receipt and is reported by
line number and reason, while every good receipt is imported.

A million lines: the file is streamed, never read whole (memory stays flat). CSV is parsed by
Arrow's columnar reader into batches of columns; each batch is checked column by column with
the answers for repeated values remembered (a store code, a price, a time of sale is checked
once, not once per line), then grouped into receipts row by row in file order, so the error
for a line is exactly the one a row-by-row check gives. The line number of a row is its last
physical line, as Python's csv module counts it: a quoted value with line breaks and a row
with the wrong number of fields are counted in. A file with blank lines is read with the csv
module (Arrow skips blank lines without saying where). Writes are in bulk.py.
"""

import codecs
import csv
import io
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from sqlalchemy.orm import Session

from aftersales.customers.phones import InvalidPhone, normalize_phone
from aftersales.db import to_money, utcnow
from aftersales.refs import Refs, refs
from aftersales.sales import bulk

CSV_COLUMNS = [
    "receipt_no",
    "store",
    "counter",
    "sold_at",
    "staff",
    "customer_name",
    "customer_phone",
    "member_no",
    "sku",
    "name",
    "category",
    "qty",
    "tag_price",
    "paid",
]
# Lines per transaction: large enough that commits cost nothing, small enough that the SQLite
# writer lock is held well under a second and a batch's rows stay a few megabytes.
BATCH_LINES = 20_000
ROWS_PER_CHUNK = 20_000  # rows handed from the reader to the checks at a time
MEMO_LIMIT = 100_000  # remembered answers per column before the memory is dropped
READ_BLOCK = 1 << 20


class RowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


class _Bad(NamedTuple):
    field: str
    reason: str


@dataclass(slots=True)
class Line:
    sku: str
    name: str
    category_id: int
    qty: int
    tag_price: Decimal
    paid: Decimal


@dataclass(slots=True)
class Sale:
    receipt_no: str
    first_line: int
    store_id: int
    counter_id: int
    sold_at: datetime
    staff_id: int | None
    customer: tuple[str, str, str | None] | None
    lines: list[Line] = field(default_factory=list)
    receipt_id: int = 0


@dataclass
class ImportReport:
    receipts: int = 0
    lines: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, reason)


@dataclass
class Rows:
    """Consecutive rows of the file by column; `line_nos[i]` is row i's line number."""

    line_nos: list[int]
    columns: dict[str, list[Any]]
    errors: list[tuple[str, str] | None] | None = None  # a row refused before any check


# -- Reading --------------------------------------------------------------------------------


def sniff(path: Path) -> tuple[str, bool]:
    """The file's encoding (UTF-8, with or without BOM, first; else GBK/GB18030) and whether
    it has a blank line. Streams the file once; raises RowError when it is neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        blank, tail = False, b"\n"
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(READ_BLOCK):
                    decoder.decode(chunk)
                    seen = tail + chunk
                    blank = blank or b"\n\n" in seen or b"\n\r\n" in seen
                    tail = chunk[-2:]
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, blank
    raise RowError("file", "neither UTF-8 nor GBK/GB18030 text")


def _text(path: Path, encoding: str, newline: str | None = "\n") -> io.TextIOWrapper:
    # newline="\n": lines end at "\n" only and keep their "\r", as the csv module expects.
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, newline=newline)


def _header(path: Path, encoding: str) -> tuple[list[str], int]:
    with _text(path, encoding) as fh:
        reader = csv.reader(fh)
        names = next(reader, [])
        return names, reader.line_num


def _check_header(names: list[str]) -> None:
    missing = [c for c in CSV_COLUMNS if c not in names]
    if missing:
        raise RowError("header", f"missing columns: {', '.join(missing)}")


def arrow_rows(path: Path, encoding: str) -> Iterator[Rows]:
    """CSV through Arrow's streaming reader, every value as text, in file order."""
    names, header_lines = _header(path, encoding)
    _check_header(names)
    invalid: deque[tuple[int, str]] = deque()  # rows with the wrong number of fields

    def keep_invalid(row: Any) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            use_threads=False,
            block_size=READ_BLOCK,
            encoding="utf8" if encoding == "utf-8-sig" else encoding,
        ),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=keep_invalid),
        convert_options=pacsv.ConvertOptions(
            include_columns=CSV_COLUMNS,
            column_types={c: pa.string() for c in CSV_COLUMNS},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    # Arrow numbers the rows it skips by record (the header is record 1), not by line.
    last_line, record = header_lines, 1
    for batch in reader:
        columns = {c: batch.column(c).to_pylist() for c in CSV_COLUMNS}
        extra = _line_breaks(batch)
        line_nos: list[int] = []
        at = 0
        for i in range(batch.num_rows):
            while invalid and invalid[0][0] == record + 1:
                last_line = _insert_invalid(
                    invalid.popleft(), names, columns, line_nos, at, last_line
                )
                record, at = record + 1, at + 1
            last_line += 1 + (extra[i] if extra else 0)
            line_nos.append(last_line)
            record, at = record + 1, at + 1
        yield Rows(line_nos, columns)
    if invalid:
        columns = {c: [] for c in CSV_COLUMNS}
        line_nos = []
        while invalid:
            last_line = _insert_invalid(
                invalid.popleft(), names, columns, line_nos, len(line_nos), last_line
            )
        yield Rows(line_nos, columns)


def _line_breaks(batch: pa.RecordBatch) -> list[int] | None:
    """Line breaks inside each row's values (quoted), or None when there are none."""
    counts = None
    for column in batch.columns:
        if pc.any(pc.match_substring(column, "\n")).as_py():
            found = pc.count_substring(column, "\n")
            counts = found if counts is None else pc.add(counts, found)
    return None if counts is None else counts.to_pylist()


def _insert_invalid(
    found: tuple[int, str],
    names: list[str],
    columns: dict[str, list[Any]],
    line_nos: list[int],
    at: int,
    last_line: int,
) -> int:
    """A row Arrow skipped for its field count, put back as csv.DictReader reads it."""
    values = next(csv.reader(io.StringIO(found[1])), [])
    row = dict(zip(names, values, strict=False))
    for c in CSV_COLUMNS:
        columns[c].insert(at, row.get(c))
    last = last_line + 1 + found[1].count("\n")
    line_nos.insert(at, last)
    return last


def _chunks(rows: Iterator[tuple[int, dict[str, Any]]]) -> Iterator[Rows]:
    line_nos: list[int] = []
    columns: dict[str, list[Any]] = {c: [] for c in CSV_COLUMNS}
    errors: list[tuple[str, str] | None] = []
    for line_no, row in rows:
        line_nos.append(line_no)
        errors.append(row.get("__error__"))
        for c in CSV_COLUMNS:
            columns[c].append(row.get(c))
        if len(line_nos) >= ROWS_PER_CHUNK:
            yield Rows(line_nos, columns, errors)
            line_nos, columns, errors = [], {c: [] for c in CSV_COLUMNS}, []
    if line_nos:
        yield Rows(line_nos, columns, errors)


def csv_rows(path: Path, encoding: str) -> Iterator[Rows]:
    """CSV through the csv module (files with blank lines). Line 1 is the header."""
    with _text(path, encoding) as fh:
        reader = csv.DictReader(fh)
        _check_header(list(reader.fieldnames or []))
        yield from _chunks((reader.line_num, row) for row in reader)


def _json_lines(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, Any]]]:
    number = 0
    with _text(path, encoding) as fh:
        for physical in fh:
            for raw in physical.splitlines() or [""]:  # numbered as str.splitlines() does
                number += 1
                if not raw.strip():
                    continue
                yield from _json_receipt(number, raw)


def _json_receipt(number: int, raw: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        yield number, {"__error__": ("json", "malformed JSON")}
        return
    if not isinstance(obj, dict) or not isinstance(obj.get("lines"), list) or not obj["lines"]:
        yield number, {"__error__": ("lines", "a receipt object with at least one line")}
        return
    customer = obj.get("customer") or {}
    head = {k: obj.get(k) for k in ("receipt_no", "store", "counter", "sold_at", "staff")}
    head |= {
        "customer_name": customer.get("name"),
        "customer_phone": customer.get("phone"),
        "member_no": customer.get("member_no"),
    }
    for line in obj["lines"]:
        yield number, head | (line if isinstance(line, dict) else {})


def jsonl_rows(path: Path, encoding: str) -> Iterator[Rows]:
    """One receipt per line, in the shape of POST /api/v1/sales."""
    return _chunks(_json_lines(path, encoding))


# -- Checks ---------------------------------------------------------------------------------


def _money(value: Any, name: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise RowError(name, "not a number") from exc
    if not amount.is_finite() or amount < 0:
        raise RowError(name, "must be a non-negative amount")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise RowError(name, "at most two decimal places")
    return to_money(amount)


def _when(value: Any, now: datetime) -> datetime:
    try:
        at = datetime.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise RowError("sold_at", "not an ISO 8601 time") from exc
    if at.tzinfo is None:
        raise RowError("sold_at", "needs a UTC offset, e.g. +08:00")
    if at > now:
        raise RowError("sold_at", "in the future")
    return at


def _code(table: dict, value: str, name: str) -> Any:
    found = table.get((value or "").strip())
    if found is None:
        raise RowError(name, f"unknown {name} {value!r}")
    return found


def _qty(value: Any) -> int:
    try:
        qty = int(str(value).strip())
    except ValueError as exc:
        raise RowError("qty", "not a whole number") from exc
    if qty < 1:
        raise RowError("qty", "must be at least 1")
    return qty


def _phone(value: Any) -> str:
    try:
        return normalize_phone(value)
    except InvalidPhone as exc:
        raise RowError("customer_phone", str(exc)) from exc


def _remembered(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`check` with its answer (or refusal) kept per text value: a column repeats itself."""
    answers: dict[str, Any] = {}

    def run(value: Any) -> Any:
        if type(value) is str:
            answer = answers.get(value, answers)
            if answer is answers:
                try:
                    answer = check(value)
                except RowError as exc:
                    answer = _Bad(exc.field, exc.reason)
                if len(answers) >= MEMO_LIMIT:
                    answers.clear()
                answers[value] = answer
            if type(answer) is _Bad:
                raise RowError(answer.field, answer.reason)
            return answer
        return check(value)

    return run


class Checks:
    """The checks of one import, in the order a row is checked: the receipt's head on its
    first line (receipt_no, store, counter, sold_at, staff, customer_phone), then the line
    (sku, name, qty, category, tag_price, paid)."""

    def __init__(self, r: Refs, now: datetime) -> None:
        self.store = _remembered(lambda v: _code(r.stores, str(v), "store"))
        self.counter = _remembered(lambda v: _code(r.counters, str(v), "counter"))
        self.sold_at = _remembered(lambda v: _when(v, now))
        self.staff = _remembered(lambda v: _code(r.staff, v, "staff"))
        self.phone = _remembered(_phone)
        self.qty = _remembered(_qty)
        self.category = _remembered(lambda v: _code(r.categories, str(v), "category"))
        self.tag_price = _remembered(lambda v: _money(v, "tag_price"))
        self.paid = _remembered(lambda v: _money(v, "paid"))

    def head(self, cols: dict[str, list[Any]], i: int, receipt_no: str, line_no: int) -> Sale:
        if not receipt_no or len(receipt_no) > 40:
            raise RowError("receipt_no", "required, at most 40 characters")
        store_id = self.store(cols["store"][i])
        counter_id, counter_store = self.counter(cols["counter"][i])
        if counter_store != store_id:
            raise RowError("counter", "not a counter of this store")
        sold_at = self.sold_at(cols["sold_at"][i])
        staff = str(cols["staff"][i] or "").strip()
        staff_id = self.staff(staff) if staff else None
        customer = None
        phone = str(cols["customer_phone"][i] or "").strip()
        if phone:
            customer = (
                str(cols["customer_name"][i] or "").strip()[:60] or "顾客",
                self.phone(phone),
                str(cols["member_no"][i] or "").strip() or None,
            )
        return Sale(receipt_no, line_no, store_id, counter_id, sold_at, staff_id, customer)

    def line(self, cols: dict[str, list[Any]], i: int) -> Line:
        sku, name = str(cols["sku"][i] or "").strip(), str(cols["name"][i] or "").strip()
        if not sku or len(sku) > 40:
            raise RowError("sku", "required, at most 40 characters")
        if not name or len(name) > 120:
            raise RowError("name", "required, at most 120 characters")
        qty = self.qty(cols["qty"][i])
        return Line(
            sku,
            name,
            self.category(cols["category"][i]),
            qty,
            self.tag_price(cols["tag_price"][i]),
            self.paid(cols["paid"][i]),
        )


def group_sales(
    chunks: Iterator[Rows], r: Refs, now: datetime, report: ImportReport
) -> Iterator[Sale]:
    """Consecutive rows with one receipt number make one sale; any bad row drops the sale."""
    checks = Checks(r, now)
    current: Sale | None = None
    bad_receipt: str | None = None
    for chunk in chunks:
        cols, refused = chunk.columns, chunk.errors
        numbers = cols["receipt_no"]
        for i, line_no in enumerate(chunk.line_nos):
            receipt_no = str(numbers[i] or "").strip()
            if current is not None and receipt_no != current.receipt_no:
                yield current
                current = None
            if receipt_no != bad_receipt:
                bad_receipt = None
            try:
                if refused and refused[i]:
                    raise RowError(*refused[i])  # type: ignore[misc]
                if bad_receipt:
                    raise RowError("receipt_no", "another line of this receipt is wrong")
                if current is None:
                    current = checks.head(cols, i, receipt_no, line_no)
                current.lines.append(checks.line(cols, i))
            except RowError as exc:
                report.errors.append((line_no, exc.field, exc.reason))
                current, bad_receipt = None, receipt_no or None
    if current is not None:
        yield current


# -- The import -----------------------------------------------------------------------------


def read_rows(path: Path) -> Iterator[Rows]:
    encoding, blank_lines = sniff(path)
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return jsonl_rows(path, encoding)
    return csv_rows(path, encoding) if blank_lines else arrow_rows(path, encoding)


def import_sales(
    session_factory: Callable[[], Session],
    path: Path,
    progress: Callable[[int], None] = lambda _n: None,
) -> ImportReport:
    """Each batch commits on its own, so a failure keeps what was already imported."""
    report = ImportReport()
    try:
        rows = read_rows(path)
    except RowError as exc:
        report.errors.append((0, exc.field, exc.reason))
        return report
    with session_factory() as session:
        r = refs(session, fresh=True)
    writer = bulk.Writer(source=path.name)
    try:
        batch: list[Sale] = []
        size = 0
        for sale in group_sales(rows, r, utcnow(), report):
            batch.append(sale)
            size += len(sale.lines)
            if size >= BATCH_LINES:
                _commit_batch(session_factory, writer, batch, report, progress)
                batch, size = [], 0
        if batch:
            _commit_batch(session_factory, writer, batch, report, progress)
    except RowError as exc:
        report.errors.append((1, exc.field, exc.reason))
    except (pa.ArrowInvalid, csv.Error) as exc:  # e.g. a quote never closed: stop there
        report.errors.append((0, "file", f"unreadable CSV: {exc}"))
    report.errors.sort(key=lambda e: e[0])
    return report


def _commit_batch(
    session_factory: Callable[[], Session],
    writer: "bulk.Writer",
    batch: list[Sale],
    report: ImportReport,
    progress: Callable[[int], None],
) -> None:
    with session_factory() as session:
        stored = writer.store(session, batch, report)
        session.commit()
    report.receipts += stored.receipts
    report.lines += stored.lines
    progress(sum(len(s.lines) for s in batch))
