"""The `aftersales` command."""

import logging
import sys
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from aftersales import migrate as migrations
from aftersales.customers.cli import members_app
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.policy_cli import policy_app
from aftersales.settings import get_settings
from aftersales.supervision.reports.cli import report_app

app = typer.Typer(help="Aftersales: after-sales service for retailers.", no_args_is_help=True)
import_app = typer.Typer(help="Import data from other systems.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@app.callback()
def _configuration(ctx: typer.Context) -> None:
    """Refuse to start on a bad configuration (no secret, the placeholder) with a message,
    not a traceback. make-secret is how one gets a secret, so it runs without one."""
    if ctx.invoked_subcommand in ("make-secret", "policy"):
        return
    try:
        get_settings()
    except ValidationError as exc:
        for error in exc.errors():
            typer.echo(f"configuration: {error['msg'].removeprefix('Value error, ')}", err=True)
        raise typer.Exit(2) from None


def _factory():  # noqa: ANN202
    return make_session_factory(make_engine(get_settings().database_url))


@app.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    from aftersales.policysets.service import ensure_shipped

    migrations.upgrade(get_settings().database_url)
    with transaction(_factory()) as session:
        added = ensure_shipped(session, now=utcnow())
    typer.echo("database is up to date")
    if added is not None:
        typer.echo(
            f"policy files of this release stored as version {added.number} ({added.status})"
        )


@app.command("make-secret")
def make_secret(file: Path = typer.Argument(Path("var/secret_key"))) -> None:
    """Write a random signing secret to FILE (kept when it already exists)."""
    from aftersales.settings import write_secret_file

    created = write_secret_file(file)
    typer.echo(f"new secret in {file}" if created else f"keeping the secret in {file}")


@app.command()
def demo() -> None:
    """Load the demo data set (only into an empty database)."""
    from aftersales.demo import load_demo

    settings = get_settings()
    with transaction(_factory()) as session:
        loaded = load_demo(session, password=settings.demo_password, now=utcnow())
    typer.echo("demo data loaded" if loaded else "demo data already present; nothing changed")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    worker_in_process: bool = typer.Option(False, help="run the timed-work loop too"),
) -> None:
    """Serve the API, console and customer pages (several processes share the port)."""
    import os

    import uvicorn

    if worker_in_process:
        os.environ["AFTERSALES_RUN_WORKER_IN_PROCESS"] = "true"
    logging.basicConfig(
        level=get_settings().log_level,
        format='{"t":"%(asctime)s","lvl":"%(levelname)s","log":"%(name)s","msg":"%(message)s"}',
    )
    # The readiness check asks Alembic for the schema version on every call.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    uvicorn.run(
        "aftersales.asgi:app",
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
        timeout_keep_alive=30,
        # The app believes X-Forwarded-For only from AFTERSALES_TRUSTED_PROXIES
        # (client_address.py); uvicorn's own handling would believe any local peer.
        proxy_headers=False,
    )


@app.command()
def worker(
    once: bool = typer.Option(False, help="run one pass and exit"), interval: float = 5.0
) -> None:
    """Run timed work: deadline sweeps, escalations, notification delivery."""
    from aftersales.worker import run

    run(_factory(), get_settings(), once=once, interval=interval)


@app.command("mail-in")
def mail_in(host: str = "127.0.0.1", port: int = 2525) -> None:
    """Receive complaints by e-mail: an SMTP server for the complaints mailbox."""
    import time

    from aftersales.complaints.mailin import serve as serve_mail

    controller = serve_mail(_factory(), get_settings(), host=host, port=port)
    typer.echo(f"accepting mail for {get_settings().complaints_mailbox} on {host}:{port}")
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


@app.command("backup")
def backup_command(file: Path) -> None:
    """A consistent online backup to FILE: database, attachments, the policy set in force."""
    from aftersales import backup

    settings = get_settings()
    done = backup.backup(
        settings.database_url,
        file,
        attachments=settings.attachments_dir,
        policy_dir=settings.policy_dir,
    )
    typer.echo(
        f"backed up {done.rows} rows in {done.tables} tables and {done.attachments} "
        f"attachments to {file} (checksum {done.checksum[:16]})"
    )


@app.command("restore")
def restore_command(
    file: Path, force: bool = typer.Option(False, help="replace a database that is not empty")
) -> None:
    """Restore FILE into an empty database (or, with --force, over this one) and check it."""
    from aftersales import backup

    settings = get_settings()
    try:
        done = backup.restore(
            settings.database_url,
            file,
            attachments=settings.attachments_dir,
            policy_dir=settings.policy_dir,
            force=force,
        )
    except backup.RestoreRefused as exc:
        typer.echo(f"restore refused: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"restored {done.rows} rows in {done.tables} tables and {done.attachments} "
        f"attachments; schema current, audit triggers in place, checksum matches"
    )


@import_app.command("sales")
def import_sales(file: Path) -> None:
    """Import sales from a POS export: CSV (UTF-8 or GBK) or JSON Lines."""
    from aftersales.sales.importer import import_sales as run_import

    if not file.exists():
        typer.echo(f"{file}: no such file", err=True)
        raise typer.Exit(2)
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        TextColumn("{task.completed} lines"),
        TimeElapsedColumn(),
        transient=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("import", total=None)
        report = run_import(_factory(), file, progress=lambda n: bar.advance(task, n))
    for line, field, reason in report.errors:
        typer.echo(f"{file.name}:{line}: {field}: {reason}", err=True)
    typer.echo(
        f"imported {report.receipts} receipts ({report.lines} lines); "
        f"{len(report.errors)} rows refused"
    )
    if report.errors:
        raise typer.Exit(1)


app.add_typer(policy_app, name="policy")
app.add_typer(report_app, name="report")
app.add_typer(members_app, name="members")
