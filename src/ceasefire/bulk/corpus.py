"""The corpus of a bulk run: directories, files and gzip of files, read as texts to code.

Directories are walked recursively in sorted order, taking the files whose suffix ``extract``
reads (hidden files are left out); a file named on the command line is always taken. A
``.gz`` file is read as the file its name has without ``.gz``. A file that cannot be read is
skipped whole and reported by name with the reason, so a run codes the rest.
"""

from __future__ import annotations

import dataclasses
import gzip
import shutil
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ceasefire.coding.inputs import InputText, read_inputs
from ceasefire.errors import InputError

SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".rss", ".atom", ".xml"}
    | {".csv", ".jsonl", ".ndjson", ".json"}
)


@dataclass(frozen=True)
class Skipped:
    """A corpus file left out, and why."""

    path: str
    reason: str


def _wanted(path: Path) -> bool:
    inner = path.with_suffix("") if path.suffix.lower() == ".gz" else path
    return inner.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def corpus_files(inputs: Iterable[Path]) -> list[Path]:
    """Every file of ``inputs``, directories expanded, in the order given (then sorted)."""
    files: list[Path] = []
    for given in inputs:
        if given.is_dir():
            found = (p for p in given.rglob("*") if p.is_file() and _wanted(p))
            files.extend(sorted(found, key=lambda p: p.relative_to(given).as_posix()))
        elif given.is_file():
            files.append(given)
        else:
            raise InputError("no such file or directory", source=str(given), hint="Check it.")
    return files


def _read_plain(path: Path, shown: Path) -> list[InputText]:
    try:
        items = list(read_inputs([path]))
    except InputError as exc:
        if shown == path:
            raise
        raise InputError(exc.reason, source=str(shown), line=exc.line, field=exc.field) from exc
    if shown != path:
        items = [_renamed(item, path, shown) for item in items]
    return items


def _renamed(item: InputText, path: Path, shown: Path) -> InputText:
    doc = item.document
    if doc.source_path == str(path):
        doc = dataclasses.replace(doc, source_path=str(shown))
    return dataclasses.replace(item, document=doc, source=str(shown))


def read_file(path: Path) -> list[InputText]:
    """The texts of one corpus file (gzip read as the file it holds); InputError if unreadable."""
    if path.suffix.lower() != ".gz":
        return _read_plain(path, path)
    with tempfile.TemporaryDirectory(prefix="ceasefire-bulk-") as tmp:
        inner = Path(tmp) / path.with_suffix("").name
        try:
            with gzip.open(path, "rb") as src, inner.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"not a readable gzip file ({exc})", source=str(path)) from exc
        return _read_plain(inner, path)


def read_corpus(files: Iterable[Path], skipped: list[Skipped]) -> Iterator[InputText]:
    """The texts of ``files`` in order; unreadable files are appended to ``skipped``."""
    for path in files:
        try:
            items = read_file(path)
        except InputError as exc:
            skipped.append(Skipped(str(path), str(exc)))
            continue
        yield from items
