"""Policy set versions: the release's files as the first active version, drafts an
administrator saves from the console (refused unless they validate as `policy validate`
would), activation (audited; the set in force changes for every process at once), and the
active set every decision door reads."""

from __future__ import annotations

import calendar as months_calendar
import difflib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.db import lock_one
from aftersales.deadlines.store import business_calendar
from aftersales.errors import InvalidInput, NotFound
from aftersales.paging import Page, decode_cursor, newest_first
from aftersales.policy import PolicyFileError, PolicySet, active_policy_set, load_policy_texts
from aftersales.policy.loader import DEFAULT_DIR, SET_FILE
from aftersales.policy.validate import ERROR, check_policy_set
from aftersales.policysets import access, replay
from aftersales.policysets.compare import Tally
from aftersales.policysets.errors import AlreadyActive, DraftInvalid, NotADraft
from aftersales.policysets.models import PolicyReplay, PolicySetVersion, VersionStatus
from aftersales.shared_cache import POLICY, SharedCache, bump
from aftersales.sqlite_writes import write_intent

log = logging.getLogger("aftersales.policysets")
MAX_MONTHS = 120
MAX_FILE_CHARS = 200_000


def shipped_files() -> dict[str, str]:
    """The policy files this release ships (src/aftersales/policy/policies)."""
    return {f.name: f.read_text(encoding="utf-8") for f in sorted(DEFAULT_DIR.glob("*.toml"))}


def check_files(files: dict[str, str]) -> tuple[PolicySet, list[str]]:
    """Validate as `aftersales policy validate` does: the loader's refusal or every error
    finding raises DraftInvalid (file, clause, reason); answer the set and its warnings."""
    try:
        policy_set = load_policy_texts(files, check=False)
    except PolicyFileError as exc:
        raise DraftInvalid(
            [{"file": exc.file, "clause": exc.clause, "message": exc.message}]
        ) from None
    findings = check_policy_set(policy_set)
    errors = [f for f in findings if f.severity == ERROR]
    if errors:
        raise DraftInvalid(
            [{"file": f.file, "clause": f.clause, "message": f.message} for f in errors]
        )
    return policy_set, [str(f) for f in findings]


# --- the active set -------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveSet:
    """The set in force: its database version (None before any is stored) and the set."""

    id: int | None
    number: int | None
    policy_set: PolicySet
    problem: str | None = None  # why the stored active version is not the one in use


def _load_active(session: Session) -> ActiveSet:
    row = active_row(session)
    if row is None:
        return ActiveSet(None, None, active_policy_set())
    try:
        return ActiveSet(row.id, row.number, load_policy_texts(row.files))
    except PolicyFileError as exc:
        # The stored set no longer loads under this release's engine: decide with the
        # shipped files rather than not at all, and say so on the console.
        log.error("active policy version v%s does not load: %s", row.number, exc)
        return ActiveSet(None, None, active_policy_set(), problem=str(exc))


_ACTIVE = SharedCache(POLICY, _load_active)


def active_set(session: Session) -> ActiveSet:
    """The set every door decides by, the same in every process (shared_cache)."""
    return _ACTIVE.get(session)


def active_set_for_claim(session: Session) -> ActiveSet:
    """The active set, stored first if the database has none yet, so that the claim about
    to be opened names the version that decided it."""
    found = active_set(session)
    if found.id is None and found.problem is None and ensure_shipped(session) is not None:
        found = active_set(session)
    return found


def active_row(session: Session) -> PolicySetVersion | None:
    return session.scalars(
        select(PolicySetVersion).where(PolicySetVersion.status == VersionStatus.active)
    ).first()


def ensure_shipped(session: Session, *, now: datetime | None = None) -> PolicySetVersion | None:
    """Store this release's files when no version holds them yet: as the active version on
    an empty table or when the set in force is itself a shipped one; as a draft for the
    administrator to replay and activate when the set in force was edited in the console."""
    files = shipped_files()
    latest = session.scalars(
        select(PolicySetVersion)
        .where(PolicySetVersion.origin == "shipped")
        .order_by(PolicySetVersion.id.desc())
    ).first()
    if latest is not None and latest.files == files:
        return None
    current = active_row(session)
    policy_set = load_policy_texts(files)
    row = _new_version(
        session,
        files=files,
        label=policy_set.version,
        note="Shipped with this release",
        origin="shipped",
        actor=None,
        based_on=current,
        now=now,
    )
    if current is None or current.origin == "shipped":
        _make_active(session, row, current, actor=None, now=row.created_at)
    return row


def _flush_and_record(
    session: Session,
    actor: Principal | None,
    version: PolicySetVersion,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write the change (a new version gets its id), then its event on that version."""
    session.flush()
    audit.record_on(session, version, action, actor=actor, before=before, after=after)


def _new_version(
    session: Session,
    *,
    files: dict[str, str],
    label: str,
    note: str,
    origin: str,
    actor: Principal | None,
    based_on: PolicySetVersion | None,
    now: datetime | None,
) -> PolicySetVersion:
    number = session.execute(
        select(func.coalesce(func.max(PolicySetVersion.number), 0))
    ).scalar_one()
    row = PolicySetVersion(
        number=number + 1,
        status=VersionStatus.draft,
        files=files,
        label=label,
        note=note,
        origin=origin,
        based_on_id=based_on.id if based_on else None,
        created_by_id=actor.id if actor else None,
        version=1,
    )
    if now is not None:
        row.created_at = now
    session.add(row)
    _flush_and_record(
        session,
        actor,
        row,
        "draft_saved",
        after={
            "number": row.number,
            "label": label,
            "note": note,
            "origin": origin,
            "based_on": based_on.number if based_on else None,
            "files": sorted(files),
        },
    )
    return row


def _make_active(
    session: Session,
    row: PolicySetVersion,
    old: PolicySetVersion | None,
    *,
    actor: Principal | None,
    now: datetime | None,
) -> None:
    if old is not None:
        old.status = VersionStatus.retired
        session.flush()  # one active version at a time
    row.status = VersionStatus.active
    row.activated_by_id = actor.id if actor else None
    row.activated_at = now or row.created_at
    _flush_and_record(
        session,
        actor,
        row,
        "activated",
        before={"active": old.number if old else None},
        after={"active": row.number, "label": row.label},
    )
    bump(session, POLICY)


# --- versions ----------------------------------------------------------------------------


def list_versions(session: Session, *, user: Principal) -> list[PolicySetVersion]:
    access.require(user, "read")
    return list(session.scalars(select(PolicySetVersion).order_by(PolicySetVersion.number.desc())))


Row = TypeVar("Row", PolicySetVersion, PolicyReplay)


def _read(session: Session, user: Principal, model: type[Row], row_id: int) -> Row:
    access.require(user, "read")
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(field="id")
    return row


def get_version(session: Session, *, user: Principal, version_id: int) -> PolicySetVersion:
    return _read(session, user, PolicySetVersion, version_id)


def clean_files(files: dict[str, Any]) -> dict[str, str]:
    """The posted files: names like footwear.toml, text of a sensible size, CRLF as LF."""
    out: dict[str, str] = {}
    for name, text in files.items():
        if (
            not isinstance(name, str)
            or not name.endswith(".toml")
            or "/" in name
            or "\\" in name
            or name.startswith(".")
            or len(name) > 60
        ):
            raise InvalidInput(
                "Not a policy file name: %(name)s", params={"name": repr(name)}, field="files"
            )
        if not isinstance(text, str) or len(text) > MAX_FILE_CHARS:
            raise InvalidInput(
                "Policy file text too long or not text",
                field=f"files.{name}",
            )
        out[name] = text.replace("\r\n", "\n")
    if SET_FILE not in out:
        raise InvalidInput("policyset.toml is needed", field="files")
    return out


def save_draft(
    session: Session,
    *,
    files: dict[str, Any],
    note: str,
    actor: Principal,
    based_on_id: int | None = None,
    now: datetime | None = None,
) -> PolicySetVersion:
    """Admin only: store the files as a new draft. A draft that does not validate is refused
    (nothing written; the active set stays)."""
    access.require(actor, "edit")
    if not note.strip():
        raise InvalidInput("Say what the draft changes", field="note")
    texts = clean_files(files)
    policy_set, _warnings = check_files(texts)
    based_on = session.get(PolicySetVersion, based_on_id) if based_on_id else active_row(session)
    return _new_version(
        session,
        files=texts,
        label=policy_set.version,
        note=note.strip(),
        origin="console",
        actor=actor,
        based_on=based_on,
        now=now,
    )


def _locked(session: Session, version_id: int, expected: int | None) -> PolicySetVersion:
    """The version to change, locked, as new as the one the caller read."""
    stmt = select(PolicySetVersion).where(PolicySetVersion.id == version_id)
    return lock_one(session, stmt, missing=NotFound(field="id"), version=expected)


def activate(
    session: Session,
    *,
    version_id: int,
    actor: Principal,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> PolicySetVersion:
    """Admin only: put a draft (or a retired version, to go back to it) in force. Audited;
    every process decides by it from its next request."""
    access.require(actor, "activate")
    row = _locked(session, version_id, expected_version)
    if row.status == VersionStatus.active:
        raise AlreadyActive(field="id")
    check_files(row.files)  # it must still validate under this release's engine
    _make_active(session, row, active_row(session), actor=actor, now=now)
    return row


def discard(
    session: Session, *, version_id: int, actor: Principal, expected_version: int | None = None
) -> PolicySetVersion:
    """Admin only: set a draft aside (retired without having been active)."""
    access.require(actor, "edit")
    row = _locked(session, version_id, expected_version)
    if row.status != VersionStatus.draft:
        raise NotADraft(field="id")
    row.status = VersionStatus.retired
    _flush_and_record(
        session,
        actor,
        row,
        "discarded",
        after={"number": row.number},
    )
    return row


@dataclass(frozen=True)
class FileDiff:
    name: str
    change: str  # added, removed, changed, same
    lines: list[tuple[str, str]]  # (kind: add, del, hunk, ctx; the line)


def diff(before: dict[str, str], after: dict[str, str]) -> list[FileDiff]:
    """Unified diff per file, the active version's text before the draft's."""
    out = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old == new:
            out.append(FileDiff(name, "same", []))
            continue
        change = "added" if old is None else "removed" if new is None else "changed"
        lines = []
        for line in list(
            difflib.unified_diff(
                (old or "").splitlines(), (new or "").splitlines(), lineterm="", n=2
            )
        )[2:]:
            kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "ctx")
            lines.append((kind, line))
        out.append(FileDiff(name, change, lines))
    return out


# --- replays ----------------------------------------------------------------------------


def months_before(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, months_calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def run_replay(
    session: Session,
    *,
    draft_id: int,
    months: int,
    actor: Principal | None,
    now: datetime,
    workers: int | None = None,
    prune: bool = True,
) -> PolicyReplay:
    """If this draft had been active: decide the stored request of every claim opened in
    the last `months` months under the draft and under the active set, store the totals
    and the changes. actor None: the command line. On an engine-bound session the claims
    are read on a connection of their own: what is committed, not this session's pending
    writes."""
    if actor is not None:
        access.require(actor, "replay")
    if not 1 <= months <= MAX_MONTHS:
        raise InvalidInput(
            "months: from 1 to %(MAX_MONTHS)s",
            params={"MAX_MONTHS": MAX_MONTHS},
            field="months",
        )
    bind = session.get_bind()
    if isinstance(bind, Engine):
        # A replay reads for a long time: on its own connection, as a reader, so that on
        # SQLite it neither takes nor waits for the writer lock; only its result is written.
        token = write_intent.set(False)
        try:
            with Session(bind=bind) as reader:
                done = _replay(reader, draft_id, months, now, workers, prune)
        finally:
            write_intent.reset(token)
    else:  # a session on one connection (a test's transaction): read what it sees
        done = _replay(session, draft_id, months, now, workers, prune)
    draft, current, since, total, tally, used, began = done
    row = PolicyReplay(
        draft_id=draft.id,
        against_id=current.id,
        months=months,
        since=since,
        claims_read=total,
        claims_decided=tally.decided,
        claims_changed=tally.changed,
        money_before=tally.money_before,
        money_after=tally.money_after,
        changes=tally.changes,
        milliseconds=round((time.perf_counter() - began) * 1000),
        workers=used,
        created_by_id=actor.id if actor else None,
        created_at=now,
    )
    session.add(row)
    _flush_and_record(
        session,
        actor,
        draft,
        "replayed",
        after={
            "replay": row.id,
            "months": months,
            "against": current.number,
            "claims": total,
            "changed": tally.changed,
            "money_moved": str(tally.money_moved),
        },
    )
    return row


def _replay(
    session: Session,
    draft_id: int,
    months: int,
    now: datetime,
    workers: int | None,
    prune: bool,
) -> tuple[PolicySetVersion, ActiveSet, datetime, int, Tally, int, float]:
    draft = session.get(PolicySetVersion, draft_id)
    if draft is None:
        raise NotFound(field="draft")
    after, _warnings = check_files(draft.files)
    current = active_set(session)
    before_row = session.get(PolicySetVersion, current.id) if current.id else None
    before_files = before_row.files if before_row is not None else shipped_files()
    began = time.perf_counter()
    since = months_before(now, months)
    total, tally, used = replay.run(
        session,
        before=current.policy_set,
        after=after,
        before_files=before_files,
        after_files=draft.files,
        calendar=business_calendar(session),
        since=since,
        workers=workers,
        prune=prune,
    )
    _with_opened_at(session, tally.changes)
    return draft, current, since, total, tally, used, began


def _with_opened_at(session: Session, changes: list[dict[str, Any]]) -> None:
    from aftersales.claims.models import Claim

    ids = [c["claim_id"] for c in changes]
    opened: dict[int, datetime] = {}
    for start in range(0, len(ids), 500):
        opened.update(
            session.execute(
                select(Claim.id, Claim.opened_at).where(Claim.id.in_(ids[start : start + 500]))
            )
            .tuples()
            .all()
        )
    for change in changes:
        at = opened.get(change["claim_id"])
        change["opened_at"] = at.isoformat() if at else None


def replays_of(session: Session, *, user: Principal, draft_id: int) -> list[PolicyReplay]:
    access.require(user, "read")
    return list(
        session.scalars(
            select(PolicyReplay)
            .where(PolicyReplay.draft_id == draft_id)
            .order_by(PolicyReplay.id.desc())
            .limit(10)
        )
    )


def get_replay(session: Session, *, user: Principal, replay_id: int) -> PolicyReplay:
    return _read(session, user, PolicyReplay, replay_id)


def versions_page(
    session: Session, *, user: Principal, cursor: str | None, limit: int
) -> Page[PolicySetVersion]:
    """Versions newest first, paged by keyset on (created_at, id)."""
    access.require(user, "read")
    stmt = newest_first(
        select(PolicySetVersion),
        at=PolicySetVersion.created_at,
        id_=PolicySetVersion.id,
        after=decode_cursor(cursor),
    )
    rows = list(session.scalars(stmt.limit(limit)))
    return Page.of(rows, limit, at="created_at")
