"""A disk cache for structures built from data files (phrase tables, place indexes).

Each entry is keyed by a hash of everything it is built from (the data's content, the
ceasefire, Python and library versions), so a changed data file or upgrade never reads a stale
entry: it simply builds a new one. Entries live under ``CEASEFIRE_CACHE_DIR`` (default
``$XDG_CACHE_HOME/ceasefire`` or ``~/.cache/ceasefire``); the directory is safe to delete at
any time. ``CEASEFIRE_CACHE_DIR=off`` disables the cache. Values are plain data (dicts,
tuples, strings) written with :mod:`marshal`; a file that cannot be read is rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from ceasefire import __version__

log = logging.getLogger(__name__)

T = TypeVar("T")
#: Bumped when the layout of a cached structure changes.
FORMAT = 1


def cache_dir() -> Path | None:
    """The cache directory, or None when the cache is off."""
    from ceasefire.settings import Settings

    value = Settings().cache_dir.strip()
    if value.lower() in {"off", "none", "0"}:
        return None
    if value:
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "ceasefire"


def content_key(parts: Iterable[bytes | str]) -> str:
    """A hex digest of ``parts`` and of the versions a cached structure depends on."""
    digest = hashlib.sha256()
    for part in (f"ceasefire {__version__} format {FORMAT} python {sys.version}", *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def file_digest(paths: Iterable[Path]) -> str:
    """Names and contents of ``paths`` (in the order given) as one hex digest."""
    digest = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        digest.update(path.name.encode("utf-8") + b"\0" + len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def load_or_build(name: str, key: str, build: Callable[[], T]) -> T:
    """The cached value of ``name`` for ``key``, or ``build()``'s, stored for the next run.

    ``build`` must return plain data that :mod:`marshal` can write. Failing to read or write the
    cache is never an error: the value is built and the problem logged.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key[:40]}.marshal"
    try:
        with path.open("rb") as fh:
            value: Any = marshal.load(fh)
        return value  # type: ignore[no-any-return]
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.info("rebuilding unreadable cache entry %s: %s", path, exc)
    built = build()
    _store(folder, path, name, built)
    return built


def _store(folder: Path, path: Path, name: str, value: Any) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(value, fh)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{name}-*.marshal"):  # entries of older data or versions
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError) as exc:
        log.info("cannot write cache entry %s: %s", path, exc)
