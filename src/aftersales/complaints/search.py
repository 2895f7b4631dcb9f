"""Search complaints in Chinese, the same way on SQLite and PostgreSQL.

Each complaint's text is indexed as postings in `complaint_term`: every CJK character bigram,
the single-character words jieba finds, and Latin/digit words, lower-cased. A query is cut
into words with jieba; a word of two or more CJK characters matches through its bigrams (so a
document segmented differently still matches), a one-character word as itself. The query
walks one term's postings newest first through the (term, complaint_id) primary key and probes
the others, so it stops after one page instead of reading every match: a plain B-tree plan
both databases run fast at a million complaints, with no FTS extension to keep in step.

The postings are written by the worker, not by intake: registering a complaint queues it
(`complaint_to_index`, one row in the same transaction) and the worker's next pass (every
few seconds) cuts its text and writes its postings, so a new complaint is found by search
seconds after it was registered, and intake pays neither jieba nor fifty index rows.
"""

import re

import jieba
from sqlalchemy import and_, delete, exists, insert, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from aftersales.auth.principal import Principal
from aftersales.complaints.access import visible_complaints
from aftersales.complaints.models import Complaint, ComplaintTerm, ComplaintToIndex
from aftersales.db import FastInsert, in_batches
from aftersales.settings import Settings

jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
_INSERT_TERMS = insert(ComplaintTerm.__table__)
_QUEUE = FastInsert(ComplaintToIndex.__table__, deferrable=True)
BATCH = 500
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]{2,40}")
MAX_QUERY_TERMS = 8


def _bigrams(run: str) -> set[str]:
    return {run[i : i + 2] for i in range(len(run) - 1)}


def terms_of(text: str) -> set[str]:
    """The postings for a document."""
    text = text.lower()
    terms = set(_WORD.findall(text))
    for run in _CJK.findall(text):
        terms |= _bigrams(run)
        if len(run) == 1:
            terms.add(run)
        else:
            terms |= {w for w in jieba.cut(run) if len(w) == 1}
    return terms


def query_terms(query: str) -> list[str]:
    """The terms a query needs, in query order, without repeats."""
    out: list[str] = []
    for word in jieba.cut(query.lower()):
        word = word.strip()
        if _CJK.fullmatch(word):
            found = sorted(_bigrams(word)) if len(word) > 1 else [word]
        else:
            found = _WORD.findall(word)
        out += [t for t in found if t not in out]
    return out[:MAX_QUERY_TERMS]


def warm_up() -> None:
    """Load jieba's dictionary now (about a second) rather than in the first request."""
    jieba.initialize()


def queue(session: Session, complaint_id: int) -> None:
    """Ask the worker to index a new complaint (intake's part: one row)."""
    _QUEUE.run(session, {"complaint_id": complaint_id})


def index_queued(session: Session, *, limit: int = BATCH) -> int:
    """Write the postings of up to `limit` queued complaints and take them off the queue;
    the number indexed. Rows another worker holds are skipped (PostgreSQL)."""
    Q, C = ComplaintToIndex, Complaint
    texts = [C.title, C.description, C.product, C.place, C.wants, C.tracking_code]
    stmt = (
        select(Q.complaint_id, *texts)
        .join(C, C.id == Q.complaint_id)
        .order_by(Q.complaint_id)
        .limit(limit)
        .with_for_update(of=Q, skip_locked=True)
    )
    queued = session.execute(stmt).all()
    if not queued:
        return 0
    rows = [
        {"term": t[:40], "complaint_id": cid}
        for cid, *parts in queued
        for t in terms_of(" ".join(p or "" for p in parts))
    ]
    if rows:
        session.connection().execute(_INSERT_TERMS, rows)
    ids = [row[0] for row in queued]
    session.execute(delete(Q).where(Q.complaint_id.in_(ids)))
    return len(ids)


def index_new_complaints(factory: sessionmaker[Session], settings: Settings | None = None) -> int:
    """The worker's job: index what intake queued, a batch per transaction."""
    return in_batches(factory, index_queued, size=BATCH, most=40)


def search(
    session: Session, *, user: Principal, query: str, after: int | None = None, limit: int = 50
) -> list[Complaint]:
    """Complaints whose text holds every query word, newest first, keyset-paged by id."""
    terms = query_terms(query)
    if not terms:
        return []
    first = aliased(ComplaintTerm)
    probes = [
        exists().where(and_(t.term == term, t.complaint_id == first.complaint_id))
        for term in terms[1:]
        for t in [aliased(ComplaintTerm)]
    ]
    stmt = (
        visible_complaints(user)
        .join(first, first.complaint_id == Complaint.id)
        .where(first.term == terms[0], *probes)
        .order_by(first.complaint_id.desc())
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(first.complaint_id < after)
    return list(session.scalars(stmt))
