"""`aftersales policy decide|validate`: the CLI door of the policy engine, outside the pure
`policy/` package. Also runs as `python -m aftersales.policy_cli decide --jsonl FILE`.

The HTTP door calls the same parse_request -> decide -> decision_to_dict, with the same
business calendar: the configured database's (the admin's holidays and make-up workdays over
the library) when there is one, the library's alone when there is no database yet.
"""

from __future__ import annotations

import os
import stat
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, BinaryIO

import orjson
import typer

from aftersales.deadlines import BusinessCalendar, default_calendar
from aftersales.policy.active import active_policy_set
from aftersales.policy.calendar import RememberingCalendar
from aftersales.policy.errors import PolicyFileError, RequestInvalid
from aftersales.policy.evaluate import decide
from aftersales.policy.loader import DEFAULT_DIR, load_policy_texts
from aftersales.policy.model import PolicySet
from aftersales.policy.periods import WorkdayCalendar
from aftersales.policy.render import LANGS, decision_to_dict
from aftersales.policy.request import parse_request
from aftersales.policy.validate import ERROR, check_policy_set

policy_app = typer.Typer(
    help="三包 policy: decide requests, validate policy files.", no_args_is_help=True
)
_CHUNK = 512  # decisions per write when the input is a file
_BLOCK = 1 << 20  # bytes of input per task of a worker process


@policy_app.command("decide")
def decide_command(
    file: str = typer.Argument("-", help="JSON request file; '-' or absent: standard input"),
    jsonl: bool = typer.Option(
        False, "--jsonl", help="one request per line, one decision per line"
    ),
    lang: str = typer.Option("zh", "--lang", help="zh or en"),
    workers: int = typer.Option(
        1,
        "--workers",
        help="with --jsonl and a file: worker processes deciding blocks of lines; 0: one per core",
    ),
) -> None:
    """Decide one request (a JSON object) or, with --jsonl, one per line."""
    if lang not in LANGS:
        _fail(f"--lang must be one of {', '.join(LANGS)}: got {lang!r}")
    if workers < 0:
        _fail(f"--workers must be 0 (one per core) or more: got {workers}")
    source = _open(file)
    out = sys.stdout.buffer
    if jsonl:
        # From a pipe, answer each line at once (a caller may wait for it);
        # from a file, write in chunks, or decide blocks of it in worker processes.
        regular = _is_regular(source)
        count = workers or os.cpu_count() or 1
        if regular and count > 1:
            failed = decide_lines_parallel(source, out, lang=lang, workers=count)
        else:
            failed = decide_lines(source, out, lang=lang, chunk=_CHUNK if regular else 1)
        if failed:
            _fail(failed)
        return
    text = source.read()
    try:
        answer = decide_one(text, lang)
    except RequestInvalid as exc:
        _fail(_describe(exc.errors, None))
    out.write(orjson.dumps(answer, option=orjson.OPT_INDENT_2) + b"\n")


@policy_app.command("validate")
def validate_command(
    directory: Path = typer.Argument(DEFAULT_DIR, help="folder of policy TOML files"),
) -> None:
    """Check a folder of policy files; exit 1 when any finding is an error."""
    texts = {f.name: f.read_text(encoding="utf-8") for f in sorted(directory.glob("*.toml"))}
    try:
        policy_set = load_policy_texts(texts, check=False)
    except PolicyFileError as exc:
        typer.echo(f"error: {exc}")
        raise typer.Exit(1) from None
    findings = check_policy_set(policy_set)
    for finding in findings:
        typer.echo(str(finding))
    errors = sum(f.severity == ERROR for f in findings)
    typer.echo(
        f"{len(policy_set.policies)} policies, version {policy_set.version}: "
        f"{errors} error(s), {len(findings) - errors} warning(s)"
    )
    if errors:
        raise typer.Exit(1)


@policy_app.command("replay")
def replay_command(
    draft: int = typer.Option(..., "--draft", help="the draft's id (the console's version page)"),
    months: int = typer.Option(6, "--months", help="claims opened in the last N months"),
    workers: int = typer.Option(0, "--workers", help="worker processes; 0: one per core"),
    every: bool = typer.Option(
        False, "--all", help="also decide categories both sets decide alike (a cross-check)"
    ),
    show: int = typer.Option(20, "--show", help="changes to print"),
) -> None:
    """If this draft had been active: which claims of the last N months would have been
    decided differently, and how much money that would have moved. Stores the replay."""
    from pydantic import ValidationError

    from aftersales.db import make_engine, make_session_factory, transaction, utcnow
    from aftersales.errors import DomainError
    from aftersales.policysets import service
    from aftersales.settings import get_settings

    try:
        url = get_settings().database_url
    except ValidationError as exc:
        _fail(exc.errors()[0]["msg"].removeprefix("Value error, "))
    engine = make_engine(url)
    try:
        with transaction(make_session_factory(engine)) as session:
            row = service.run_replay(
                session,
                draft_id=draft,
                months=months,
                actor=None,
                now=utcnow(),
                workers=workers or None,
                prune=not every,
            )
    except DomainError as exc:
        _fail(f"{exc.field + ': ' if exc.field else ''}{exc.message('en')}")
    finally:
        engine.dispose()
    moved = row.money_after - row.money_before
    typer.echo(
        f"replay {row.id}: draft {draft} against the active set, claims since "
        f"{row.since:%Y-%m-%d}: {row.claims_read} in the period, {row.claims_decided} decided, "
        f"{row.claims_changed} decided differently; money owed on them "
        f"{row.money_before} -> {row.money_after} ({moved:+}); "
        f"{row.milliseconds / 1000:.1f} s, {row.workers} process(es)"
    )
    for change in row.changes[:show]:
        typer.echo(
            f"  claim {change['claim_id']} {change['category']}/{change['problem']}: "
            f"{_brief(change['before'])} -> {_brief(change['after'])} "
            f"({change['money_before']} -> {change['money_after']})"
        )


def _brief(answer: dict[str, Any]) -> str:
    granted = [a["remedy"] + (f" {a['amount']}" if a["amount"] else "") for a in answer["allowed"]]
    return f"{answer['outcome']} [{', '.join(granted) or '-'}]"


def in_force() -> tuple[BusinessCalendar, PolicySet]:
    """The product's calendar and policy set from the configured database (the holiday
    table, the version activated in the console); the library's calendar and the shipped
    files without one."""
    from sqlalchemy.exc import SQLAlchemyError

    from aftersales.db import make_engine, make_session_factory
    from aftersales.deadlines.store import business_calendar as from_database
    from aftersales.policysets.service import active_set
    from aftersales.settings import get_settings

    url = get_settings().database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        # no database yet: do not create one by asking
        return default_calendar(), active_policy_set()
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            calendar = from_database(session)
            try:
                policy_set = active_set(session).policy_set
            except SQLAlchemyError:  # a database from before policy versions were kept
                policy_set = active_policy_set()
            return calendar, policy_set
    except SQLAlchemyError:
        return default_calendar(), active_policy_set()
    finally:
        engine.dispose()


def business_calendar() -> BusinessCalendar:
    """The product's calendar from the configured database; the library's without one."""
    return in_force()[0]


def decide_one(text: bytes | str, lang: str = "zh") -> dict:
    """parse -> decide -> render, raising RequestInvalid for bad input."""
    request = parse_request(_loads(text))
    calendar, policy_set = in_force()
    decision = decide(request, policy_set=policy_set, calendar=calendar)
    return decision_to_dict(decision, lang)


Answered = tuple[bytes, str | None]  # (the answer line, the one-line message when bad)


def _answer(
    line: bytes, number: int, policy_set: PolicySet, calendar: WorkdayCalendar, lang: str
) -> Answered:
    try:
        request = parse_request(orjson.loads(line))
    except (orjson.JSONDecodeError, RequestInvalid) as exc:
        errors = _errors_of(exc)
        return orjson.dumps({"error": _error_body(errors, number)}), _describe(errors, number)
    decision = decide(request, policy_set=policy_set, calendar=calendar)
    return orjson.dumps(decision_to_dict(decision, lang)), None


class _Bad:
    """How many lines were bad, and the first one's message."""

    def __init__(self) -> None:
        self.count = 0
        self.first: str | None = None

    def note(self, problem: str | None) -> None:
        if problem is not None:
            self.count += 1
            self.first = self.first or problem


def _answers(
    lines: Iterable[bytes],
    first_number: int,
    policy_set: PolicySet,
    calendar: WorkdayCalendar,
    bad: _Bad,
    lang: str,
) -> Iterator[bytes]:
    """The answer to each non-blank line, numbered from `first_number`; bad ones noted."""
    for number, line in enumerate(lines, first_number):
        if line.strip():
            answer, problem = _answer(line, number, policy_set, calendar, lang)
            bad.note(problem)
            yield answer


def decide_lines(lines: Iterable[bytes], out: BinaryIO, *, lang: str, chunk: int) -> str | None:
    """Write one decision (or {"error": ...}) per non-blank line, in order.
    Returns the one-line message for standard error when a line was bad."""
    calendar, policy_set = in_force()
    bad, pending = _Bad(), []
    for answer in _answers(lines, 1, policy_set, RememberingCalendar(calendar), bad, lang):
        pending.append(answer)
        if len(pending) >= chunk:
            _flush(out, pending)
    _flush(out, pending)
    return _summary(bad.first, bad.count)


def _summary(first_bad: str | None, bad: int) -> str | None:
    if bad:
        return f"{first_bad} ({bad} malformed line(s); the others were decided)"
    return None


# One worker process's policy set, calendar and language (decide_lines_parallel).
_worker: dict[str, Any] = {}


def _start_worker(policy_set: PolicySet, calendar: WorkdayCalendar, lang: str) -> None:
    _worker.update(policy_set=policy_set, calendar=RememberingCalendar(calendar), lang=lang)


def _decide_block(first_number: int, block: bytes) -> tuple[bytes, int, str | None]:
    """Decide a block of whole lines numbered from `first_number`: the answer lines, how
    many were bad and the first bad one's message."""
    w, bad = _worker, _Bad()
    lines = block.split(b"\n")
    answers = list(_answers(lines, first_number, w["policy_set"], w["calendar"], bad, w["lang"]))
    return (b"\n".join(answers) + b"\n" if answers else b""), bad.count, bad.first


def _blocks(source: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Blocks of whole lines of about _BLOCK bytes, with the number of their first line."""
    number, rest = 1, b""
    while True:
        data = source.read(_BLOCK)
        if not data:
            break
        data = rest + data
        cut = data.rfind(b"\n")
        if cut < 0:
            rest = data
            continue
        block, rest = data[:cut], data[cut + 1 :]
        yield number, block
        number += block.count(b"\n") + 1
    if rest:
        yield number, rest


def decide_lines_parallel(
    source: BinaryIO, out: BinaryIO, *, lang: str, workers: int
) -> str | None:
    """decide_lines over a file in `workers` processes: blocks of lines go out, their answers
    come back and are written in order; at most two blocks per worker are in flight, so
    memory stays flat on any file. The engine is pure: every worker decides alike."""
    calendar, policy_set = in_force()
    context = get_context("fork" if sys.platform == "linux" else "spawn")
    first_bad, bad = None, 0
    in_flight: deque[Future[tuple[bytes, int, str | None]]] = deque()

    def write_oldest() -> None:
        nonlocal first_bad, bad
        answers, block_bad, block_first = in_flight.popleft().result()
        out.write(answers)
        bad += block_bad
        first_bad = first_bad or block_first

    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(policy_set, calendar, lang),
    ) as pool:
        for number, block in _blocks(source):
            in_flight.append(pool.submit(_decide_block, number, block))
            if len(in_flight) >= 2 * workers:
                write_oldest()
        while in_flight:
            write_oldest()
    out.flush()
    return _summary(first_bad, bad)


def _loads(text: bytes | str):
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise RequestInvalid([{"field": "", "message": f"not valid JSON: {exc}"}]) from None


def _errors_of(exc: Exception) -> list[dict[str, str]]:
    if isinstance(exc, RequestInvalid):
        return exc.errors
    return [{"field": "", "message": f"not valid JSON: {exc}"}]


def _error_body(errors: list[dict[str, str]], line: int) -> dict:
    body = RequestInvalid(errors).to_dict()
    body["line"] = line
    return body


def _describe(errors: list[dict[str, str]], line: int | None) -> str:
    first = errors[0]
    where = f"line {line}: " if line is not None else ""
    field = f"field {first['field']}: " if first["field"] else ""
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}{field}{first['message']}{more}"


def _flush(out: BinaryIO, pending: list[bytes]) -> None:
    if pending:
        out.write(b"\n".join(pending) + b"\n")
        out.flush()
        pending.clear()


def _open(file: str) -> BinaryIO:
    if file == "-":
        return sys.stdin.buffer
    try:
        return open(file, "rb", buffering=1 << 20)  # noqa: SIM115 - lives as long as the command
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror}")


def _is_regular(stream: BinaryIO) -> bool:
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError):
        return False


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


if __name__ == "__main__":
    policy_app()
