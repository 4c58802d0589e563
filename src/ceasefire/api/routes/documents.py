"""Reports in: a text or a file, stored at once and coded in the background; documents by id.

``POST /documents`` stores the text (one audited write) and answers 202 with the document id
and ``coding: "queued"``, or 200 ``"duplicate"`` when the same text is stored already. The
server's background coder (``api/background.py``) codes it and stores its events in a second
audited write; ``GET /documents/{id}`` shows ``coding: queued | coded | failed`` and the
events. ``ceasefire ingest`` codes before it returns (``sources.document_ingest``).
"""

from __future__ import annotations

import logging
import re
import tempfile
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi import Path as PathParam

from ceasefire.accounts.models import UserRow
from ceasefire.api.deps import SessionDep, Store, StoreDep
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import MAX_LIMIT, DocumentDetail, IngestOut, QueuedOut, ReportIn
from ceasefire.errors import CeasefireError, InputError, NotFoundError
from ceasefire.events.queries import query_events
from ceasefire.sources.coding_queue import QueueSummary, coding_status, queue_documents
from ceasefire.sources.document_files import read_documents
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.formats import guess_kind
from ceasefire.sources.ingest import ingest_file
from ceasefire.sources.intake import DOCUMENT_FORMATS
from ceasefire.sources.models import DocumentRow
from ceasefire.sources.submitters import Submitter
from ceasefire.sources.text import parse_text

log = logging.getLogger(__name__)
router = APIRouter(prefix="/documents", tags=["documents"])

FORMATS = ("text", "html", "feed", "acled", "ucdp", "jsonl")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
#: ``source_path`` of texts submitted in a request body.
BODY_SOURCE = "api"


def safe_name(name: str | None, default: str = "report.txt") -> str:
    """A file name that is only a name: no folders, no odd characters, never empty."""
    base = _SAFE_NAME.sub("_", Path(name or "").name).strip("._")[:100]
    return base or default


def wake_coder(request: Request, done: QueueSummary) -> QueueSummary:
    """Wake the background coder if ``done`` stored anything new."""
    coder = getattr(request.app.state, "coder", None)
    if done.stored_ids and coder is not None:
        coder.wake()
    return done


def queue(
    request: Request,
    store: Store,
    docs: list[DocumentRecord],
    *,
    actor: str,
    reference: date | None,
    organisation: str = "",
) -> QueueSummary:
    """Store ``docs`` queued for coding, and wake the background coder if any was new."""
    done = queue_documents(
        store.engine(), docs, actor=actor, reference_date=reference, writing=store.writing,
        organisation=organisation,
    )  # fmt: skip
    return wake_coder(request, done)


@router.post(
    "",
    response_model=QueuedOut,
    status_code=202,
    responses={200: {"model": QueuedOut, "description": "The same text is stored already."}},
)
async def submit_text(
    body: ReportIn, request: Request, response: Response, store: StoreDep, user: Guarded
) -> QueuedOut:
    """Submit a report as text: stored at once (audited), coded into events in the background.

    202 with ``coding: "queued"``; 200 with ``coding: "duplicate"`` when the same text is
    stored already (nothing is stored twice). Follow the coding at ``GET /documents/{id}``.
    """
    doc = parse_text(body.text, source=BODY_SOURCE)
    # Async: the request waits for the server's writer thread (``api/writer.py``) without
    # holding a thread of the pool.
    write = partial(
        queue_documents, docs=[doc], actor=user.name, reference_date=body.reference_date,
        organisation=user.organisation,
    )  # fmt: skip
    done = wake_coder(request, await store.write(write))
    if not done.stored_ids:
        response.status_code = 200
        return QueuedOut(document_id=doc.id, coding="duplicate")
    return QueuedOut(
        document_id=doc.id, coding="queued", batch_id=done.batch_id, audit_seq=done.audit_seq
    )


@router.post(
    "/file",
    response_model=IngestOut,
    status_code=202,
    responses={200: {"model": IngestOut, "description": "Records stored, or nothing new."}},
)
def submit_file(
    request: Request,
    response: Response,
    store: StoreDep,
    user: Guarded,
    file: Annotated[UploadFile, File(description="Text, HTML, feed, ACLED/UCDP CSV or JSONL.")],
    format: Annotated[
        str | None, Form(description=f"One of {', '.join(FORMATS)}; by file name when absent.")
    ] = None,
    reference_date: Annotated[date | None, Form()] = None,
) -> IngestOut:
    """Submit a report file (up to 20 MB). Texts (text, HTML, feeds) are stored and queued
    for coding (202); records (ACLED, UCDP, JSON Lines) are stored as given (200)."""
    if format is not None and format not in FORMATS:
        raise InputError(
            f"unknown format {format!r}", field="format", hint=f"Use one of: {', '.join(FORMATS)}."
        )
    with tempfile.TemporaryDirectory(prefix="ceasefire-api-") as tmp:
        path = Path(tmp) / safe_name(file.filename)
        try:
            return _take_file(
                request, response, store, user, path=path, file=file, fmt=format,
                reference_date=reference_date,
            )  # fmt: skip
        except CeasefireError as exc:
            raise without_folder(exc, tmp) from None


def without_folder(exc: CeasefireError, folder: str) -> CeasefireError:
    """``exc`` with the server's temporary folder taken out of what it says: the caller sees
    the name of the file they sent, never where the server kept it."""
    prefix = folder.rstrip("/") + "/"
    exc.message = exc.message.replace(prefix, "").replace(folder, "upload")
    if exc.hint is not None:
        exc.hint = exc.hint.replace(prefix, "").replace(folder, "upload")
    if isinstance(exc, InputError) and exc.source is not None:
        exc.source = exc.source.replace(prefix, "")
    exc.args = (exc.message,)
    return exc


def _take_file(
    request: Request,
    response: Response,
    store: Store,
    user: UserRow,
    *,
    path: Path,
    file: UploadFile,
    fmt: str | None,
    reference_date: date | None,
) -> IngestOut:
    """Store the uploaded ``file`` at ``path`` and take it in."""
    with path.open("wb") as out:
        while chunk := file.file.read(1024 * 1024):
            out.write(chunk)
    if path.stat().st_size == 0:
        raise InputError("the file is empty", field="file")
    if fmt in DOCUMENT_FORMATS or (fmt is None and guess_kind(path) == "document"):
        docs = read_documents(path, fmt)
        done = queue(
            request, store, docs, actor=user.name, reference=reference_date,
            organisation=user.organisation,
        )  # fmt: skip
        if not done.stored_ids:
            response.status_code = 200
        return IngestOut(
            kind="documents", documents=len(docs), stored_documents=len(done.stored_ids),
            duplicate_documents=len(docs) - len(done.stored_ids),
            document_ids=done.document_ids, batch_id=done.batch_id,
            audit_seq=done.audit_seq, coding="queued" if done.stored_ids else "none",
        )  # fmt: skip
    with store.writing():
        summary = ingest_file(
            store.engine(), path, fmt=fmt, actor=user.name, submitter=Submitter.of_user(user)
        )
    response.status_code = 200
    return IngestOut.of(summary, [])


@router.get("/{document_id}", response_model=DocumentDetail)
def get_document(
    session: SessionDep,
    user: Guarded,
    document_id: Annotated[str, PathParam(pattern="^[0-9a-f]{64}$")],
) -> DocumentDetail:
    """A stored document (its id is the SHA-256 of its normalised text), its coding state
    (``queued``, ``coded`` or ``failed``) and the events coded from it."""
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise NotFoundError(f"no document {document_id}", hint="Submit it with POST /documents.")
    state, error = coding_status(session, document_id)
    events = query_events(session, document_id=document_id, limit=MAX_LIMIT)
    return DocumentDetail.of(row, coding=state, coding_error=error, events=events.items)
