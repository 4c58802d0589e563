"""Reports in: a text or a file, coded on arrival; and stored documents by id.

The library takes files, so a submitted text is written to a private temporary file first and
goes through ``sources.intake.ingest_path``, exactly as ``ceasefire ingest`` does.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi import Path as PathParam
from sqlalchemy.exc import IntegrityError as DuplicateKeyError

from ceasefire.api.deps import SessionDep, Store, StoreDep
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import DocumentOut, IngestOut, ReportIn
from ceasefire.errors import ConflictError, InputError, NotFoundError
from ceasefire.sources.document_files import read_documents
from ceasefire.sources.document_ingest import DocumentIngestSummary
from ceasefire.sources.ingest import IngestSummary
from ceasefire.sources.intake import ingest_path
from ceasefire.sources.models import DocumentRow

log = logging.getLogger(__name__)
router = APIRouter(prefix="/documents", tags=["documents"])

FORMATS = ("text", "html", "feed", "acled", "ucdp", "jsonl")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_ATTEMPTS = 3


def safe_name(name: str | None, default: str = "report.txt") -> str:
    """A file name that is only a name: no folders, no odd characters, never empty."""
    base = _SAFE_NAME.sub("_", Path(name or "").name).strip("._")[:100]
    return base or default


def _with_retry(
    call: Callable[[], DocumentIngestSummary | IngestSummary],
) -> DocumentIngestSummary | IngestSummary:
    # Two submissions of the same text at once can both find it new and race to insert it; the
    # loser's transaction rolls back whole, and trying again finds the text stored.
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return call()
        except DuplicateKeyError as exc:
            log.info("duplicate key on ingest (attempt %d): %s", attempt, exc.orig)
    raise ConflictError(
        "the same report is being submitted concurrently", hint="Submit it again in a moment."
    )


def ingest_file(
    store: Store, path: Path, *, fmt: str | None, reference: date | None, actor: str
) -> IngestOut:
    """Store the file at ``path`` (one transaction) and describe what was stored."""
    engine = store.engine()
    with store.writing():
        summary = _with_retry(
            lambda: ingest_path(engine, path, fmt=fmt, reference_date=reference, actor=actor)
        )
    ids: list[str] = []
    if isinstance(summary, DocumentIngestSummary):
        ids = sorted({d.id for d in read_documents(path, fmt)})
    return IngestOut.of(summary, ids)


@router.post("", response_model=IngestOut)
def submit_text(body: ReportIn, store: StoreDep, user: Guarded) -> IngestOut:
    """Submit a report as text; it is coded into events and stored with them, audited.

    Submitting the same text again stores nothing (``duplicate_documents`` is 1).
    """
    with tempfile.TemporaryDirectory(prefix="ceasefire-api-") as tmp:
        path = Path(tmp) / "report.txt"
        path.write_text(body.text, encoding="utf-8")
        return ingest_file(store, path, fmt="text", reference=body.reference_date, actor=user.name)


@router.post("/file", response_model=IngestOut)
def submit_file(
    store: StoreDep,
    user: Guarded,
    file: Annotated[UploadFile, File(description="Text, HTML, feed, ACLED/UCDP CSV or JSONL.")],
    format: Annotated[
        str | None, Form(description=f"One of {', '.join(FORMATS)}; by file name when absent.")
    ] = None,
    reference_date: Annotated[date | None, Form()] = None,
) -> IngestOut:
    """Submit a report file (up to 20 MB): documents are coded, records stored as given."""
    if format is not None and format not in FORMATS:
        raise InputError(
            f"unknown format {format!r}", field="format", hint=f"Use one of: {', '.join(FORMATS)}."
        )
    with tempfile.TemporaryDirectory(prefix="ceasefire-api-") as tmp:
        path = Path(tmp) / safe_name(file.filename)
        with path.open("wb") as out:
            while chunk := file.file.read(1024 * 1024):
                out.write(chunk)
        if path.stat().st_size == 0:
            raise InputError("the file is empty", field="file")
        return ingest_file(store, path, fmt=format, reference=reference_date, actor=user.name)


@router.get("/{document_id}", response_model=DocumentOut)
def get_document(
    session: SessionDep,
    user: Guarded,
    document_id: Annotated[str, PathParam(pattern="^[0-9a-f]{64}$")],
) -> DocumentOut:
    """A stored document (its id is the SHA-256 of its normalised text)."""
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise NotFoundError(f"no document {document_id}", hint="Submit it with POST /documents.")
    return DocumentOut.of(row)
