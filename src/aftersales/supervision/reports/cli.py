"""`aftersales report monthly 2026-11 --xlsx FILE --pdf FILE`: the same monthly report the
console and the API give, written to files, with a progress bar."""

from pathlib import Path

import typer
from rich.progress import Progress

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.errors import DomainError
from aftersales.settings import get_settings
from aftersales.supervision.reports import exports, monthly, pdf, places, xlsx

report_app = typer.Typer(help="Statistics and the monthly report.", no_args_is_help=True)
# The command line is an operator's tool: it reads the whole group, like the administrator.
OPERATOR = Principal(0, "cli", "命令行", Role.admin, None, None, 0)


@report_app.command("monthly")
def monthly_command(
    month: str = typer.Argument(..., help="YYYY-MM"),
    xlsx_file: Path | None = typer.Option(None, "--xlsx", help="write the Excel workbook"),
    pdf_file: Path | None = typer.Option(None, "--pdf", help="write the PDF"),
    store: str | None = typer.Option(None, help="one store's report (its code)"),
    lang: str = typer.Option("zh", help="zh or en labels"),
) -> None:
    settings = get_settings()
    factory = make_session_factory(make_engine(settings.database_url))
    steps = 1 + bool(xlsx_file) + bool(pdf_file)
    with Progress() as progress, transaction(factory) as session:
        bar = progress.add_task(f"月报 {month}", total=steps)
        try:
            scope = places.resolve(session, OPERATOR, store=store)
            report = monthly.monthly_report(
                session,
                user=OPERATOR,
                month=month,
                scope=scope,
                now=utcnow(),
                lang=lang,
                tz=settings.timezone,
            )
        except DomainError as exc:
            typer.echo(f"{exc.field}: {exc.message(lang)}", err=True)
            raise typer.Exit(2) from None
        progress.advance(bar)
        title = exports.title(report)
        if xlsx_file:
            xlsx_file.write_bytes(xlsx.workbook_bytes(report, title=title))
            progress.advance(bar)
        if pdf_file:
            pdf_file.write_bytes(pdf.pdf_bytes(report, title=title))
            progress.advance(bar)
    t = report["complaints"]["total"]
    state = "archived" if report["archived"] else "live"
    typer.echo(
        f"{month} ({state}): {t['count']} complaints, {t['open']} open; "
        f"{report['claims']['total']['count']} claims"
    )
