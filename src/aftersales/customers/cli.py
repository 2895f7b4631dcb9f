"""`aftersales members ...`: commands of the members domain."""

from pathlib import Path

import typer

from aftersales.customers import importer
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.settings import get_settings

members_app = typer.Typer(help="Members: enrolment by import.", no_args_is_help=True)


@members_app.command("import")
def import_members(
    file: Path,
    execute: bool = typer.Option(
        False, "--execute", help="write; without it only the plan is shown"
    ),
) -> None:
    """Enrol the members of a CSV (member_no,name,phone[,birthday]); shows the plan
    unless --execute."""
    factory = make_session_factory(make_engine(get_settings().database_url))
    with transaction(factory) as session:
        plan = importer.plan_import(session, file.read_bytes())
        for line, message in plan.errors:
            typer.echo(f"line {line}: {message}", err=True)
        typer.echo(
            f"{len(plan.enrol)} to enrol, {plan.known} already members, {len(plan.errors)} refused"
        )
        if not execute:
            typer.echo("nothing written (add --execute)")
            session.rollback()
            return
        done = importer.run_import(session, plan, today=utcnow().date())
        typer.echo(f"{done} enrolled")
