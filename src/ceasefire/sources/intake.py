"""One way in for every file ``ceasefire ingest`` takes: records or documents, by kind."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from ceasefire.errors import InputError
from ceasefire.sources.document_ingest import DocumentIngestSummary, ingest_documents
from ceasefire.sources.formats import guess_kind
from ceasefire.sources.ingest import IngestSummary, ingest_file

DOCUMENT_FORMATS = ("text", "html", "feed")


def ingest_path(
    engine: Engine,
    path: Path,
    *,
    fmt: str | None = None,
    skip_bad: bool = False,
    rejects_path: Path | None = None,
    reference_date: date | None = None,
    actor: str = "local",
    progress: Callable[[int], None] | None = None,
    parallel: bool | None = None,
    inputs: Sequence[Path] = (),
    force: bool = False,
) -> IngestSummary | DocumentIngestSummary:
    """Store structured records (ACLED, UCDP, JSON Lines) or code and store documents."""
    if path.is_dir():
        raise InputError(
            "this is a directory; ingest takes files",
            source=str(path),
            hint=f"Name the files, e.g. ceasefire ingest {path}/*.csv (each file is stored "
            "whole or not at all, so a folder is not taken in one go).",
        )
    if not path.is_file():
        raise InputError(
            "no such file" if not path.exists() else "not a regular file",
            source=str(path),
            hint="Check the path.",
        )
    if fmt in DOCUMENT_FORMATS or (fmt is None and guess_kind(path) == "document"):
        return ingest_documents(
            engine, [path], kind=fmt, actor=actor, reference_date=reference_date
        )
    return ingest_file(
        engine, path, fmt=fmt, skip_bad=skip_bad, rejects_path=rejects_path, actor=actor,
        progress=progress, parallel=parallel, inputs=inputs, force=force,
    )  # fmt: skip
