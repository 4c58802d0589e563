"""The manifest of a bulk output directory: which run its partitions belong to.

``manifest.json`` records the hash of the run's arguments (each input file's path, size and
modification time, the output format, the partition size and the ceasefire version). A run
with the same hash resumes: finished partitions are kept. Partitions of another run are never
mixed in: the directory is refused unless ``overwrite`` is given, which removes them first.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ceasefire import __version__
from ceasefire.bulk.partitions import _atomic
from ceasefire.errors import ConflictError, InputError

MANIFEST = "manifest.json"
_OURS = ("part-", ".part-", ".manifest.json.")


def arguments_hash(files: Sequence[Path], fmt: str, partition_size: int) -> str:
    """The hash of everything a run's output depends on."""
    parts: list[Any] = [f"ceasefire {__version__}", fmt, partition_size]
    for path in files:
        st = path.stat()
        parts.append([str(path.resolve()), st.st_size, st.st_mtime_ns])
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    path = out_dir / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"unreadable manifest ({exc})",
            source=str(path),
            hint="Run again with --overwrite to start this output directory afresh.",
        ) from exc
    return data if isinstance(data, dict) else None


def write_manifest(out_dir: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    _atomic(out_dir / MANIFEST, lambda p: p.write_text(text, encoding="utf-8"))


def _ours(out_dir: Path) -> list[Path]:
    return [p for p in out_dir.iterdir() if p.name.startswith(_OURS) or p.name == MANIFEST]


def prepare(out_dir: Path, digest: str, *, overwrite: bool) -> bool:
    """Make ``out_dir`` ready for the run ``digest``; True when it resumes an earlier run.

    Leftover temporary files of a killed run are removed.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("is not a directory", source=str(out_dir), hint="Choose a directory.")
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(out_dir)
    ours = _ours(out_dir)
    same = manifest is not None and manifest.get("arguments_hash") == digest
    if ours and not same:
        if not overwrite:
            raise ConflictError(
                f"{out_dir} holds the partitions of another run (different inputs or options)",
                hint="Choose another output directory, run with the same arguments to resume, "
                "or add --overwrite to remove them and start afresh.",
            )
        for path in ours:
            path.unlink()
    for path in out_dir.iterdir():
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            os.unlink(path)
    return same
