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
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import orjson
import typer

from aftersales.deadlines import BusinessCalendar, default_calendar
from aftersales.policy.active import active_policy_set
from aftersales.policy.calendar import RememberingCalendar
from aftersales.policy.errors import PolicyFileError, RequestInvalid
from aftersales.policy.evaluate import decide
from aftersales.policy.loader import DEFAULT_DIR, load_policy_texts
from aftersales.policy.render import LANGS, decision_to_dict
from aftersales.policy.request import parse_request
from aftersales.policy.validate import ERROR, check_policy_set

policy_app = typer.Typer(
    help="三包 policy: decide requests, validate policy files.", no_args_is_help=True
)
_CHUNK = 512  # decisions per write when the input is a file


@policy_app.command("decide")
def decide_command(
    file: str = typer.Argument("-", help="JSON request file; '-' or absent: standard input"),
    jsonl: bool = typer.Option(
        False, "--jsonl", help="one request per line, one decision per line"
    ),
    lang: str = typer.Option("zh", "--lang", help="zh or en"),
) -> None:
    """Decide one request (a JSON object) or, with --jsonl, one per line."""
    if lang not in LANGS:
        _fail(f"--lang must be one of {', '.join(LANGS)}: got {lang!r}")
    source = _open(file)
    out = sys.stdout.buffer
    if jsonl:
        # From a pipe, answer each line at once (a caller may wait for it);
        # from a file, write in chunks.
        chunk = _CHUNK if _is_regular(source) else 1
        failed = decide_lines(source, out, lang=lang, chunk=chunk)
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


def business_calendar() -> BusinessCalendar:
    """The product's calendar from the configured database; the library's without one."""
    from sqlalchemy.exc import SQLAlchemyError

    from aftersales.db import make_engine, make_session_factory
    from aftersales.deadlines.store import business_calendar as from_database
    from aftersales.settings import get_settings

    url = get_settings().database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return default_calendar()  # no database yet: do not create one by asking
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return from_database(session)
    except SQLAlchemyError:
        return default_calendar()
    finally:
        engine.dispose()


def decide_one(text: bytes | str, lang: str = "zh") -> dict:
    """parse -> decide -> render, raising RequestInvalid for bad input."""
    request = parse_request(_loads(text))
    decision = decide(request, policy_set=active_policy_set(), calendar=business_calendar())
    return decision_to_dict(decision, lang)


def decide_lines(lines: Iterable[bytes], out: BinaryIO, *, lang: str, chunk: int) -> str | None:
    """Write one decision (or {"error": ...}) per non-blank line, in order.
    Returns the one-line message for standard error when a line was bad."""
    policy_set, calendar = active_policy_set(), RememberingCalendar(business_calendar())
    loads, dumps = orjson.loads, orjson.dumps
    pending: list[bytes] = []
    first_bad, bad = None, 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            request = parse_request(loads(line))
        except (orjson.JSONDecodeError, RequestInvalid) as exc:
            errors = _errors_of(exc)
            bad += 1
            first_bad = first_bad or _describe(errors, number)
            pending.append(dumps({"error": _error_body(errors, number)}))
        else:
            decision = decide(request, policy_set=policy_set, calendar=calendar)
            pending.append(dumps(decision_to_dict(decision, lang)))
        if len(pending) >= chunk:
            _flush(out, pending)
    _flush(out, pending)
    if bad:
        return f"{first_bad} ({bad} malformed line(s); the others were decided)"
    return None


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
