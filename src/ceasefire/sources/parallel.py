"""Read a large CSV file in a second process while this one writes to the store.

Parsing, validating and hashing a row costs about as much CPU as storing it, so on a machine
with two cores a big file ingests faster when a parser process turns cells into insert rows
(``csv_insert_rows``, exactly as in-process) and hands them over in pickled chunks, in file
order. The writer stays the only process that touches the store: duplicates, id clashes,
the transaction and the audit entry are decided where they always are.

Errors keep their meaning across the process boundary: an ``InputError`` raised while
reading (a bad byte, a broken header) comes back with the same file, line, field and hint.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

from ceasefire.errors import InputError

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]
from ceasefire.sources.reading import Progress, Reject, csv_insert_rows, open_csv

#: Files at least this big are parsed in a second process (about 40,000 ACLED rows).
MIN_BYTES = 16 * 1024 * 1024
CHUNK_ROWS = 1000
PIPE_BYTES = 1 << 20  # the most an unprivileged process may ask for, by default
_WAIT_SECONDS = 10
_SIZE = struct.Struct(">Q")
log = logging.getLogger(__name__)


def worth_a_parser_process(path: Path) -> bool:
    """True for files big enough to repay starting a process, on a machine with spare cores."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return bool(sys.executable) and (usable or 1) >= 2 and size >= MIN_BYTES


Item = tuple[Any, ...] | Reject


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def parsed_chunks(
    path: Path, fmt: str, batch_id: int, *, progress: Progress | None = None
) -> Iterator[list[Item]]:
    """The insert rows and rejects of a CSV file, in file order and in chunks, parsed in
    another process.

    ``fmt`` is the format ``open_csv`` already chose for the file. The parser is a fresh
    interpreter (``python -m ceasefire.sources.parallel``), so nothing of the caller's
    process (threads, its main module) is copied or re-run; it stops when the caller stops
    reading (an error, a Ctrl-C), because its pipe closes. Where no process can be started,
    the file is parsed here instead.
    """
    command = [sys.executable, "-m", __name__, str(path), fmt, str(batch_id)]
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])  # where ``ceasefire`` is
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=env
        )
    except OSError as exc:
        log.warning("cannot start a parser process (%s); parsing %s here", exc, path)
        source = open_csv(path, fmt, progress=progress)
        return chunked(csv_insert_rows(source, batch_id), CHUNK_ROWS)
    _widen(process)
    return _receive_all(process, path, progress)


def _widen(process: subprocess.Popen[bytes]) -> None:
    """Let the pipe hold a whole chunk, so the parser goes on with the next one while the
    writer stores this one (Linux; elsewhere the default size only costs some waiting)."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is None or process.stdout is None:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(process.stdout.fileno(), set_size, PIPE_BYTES)


def _receive_all(
    process: subprocess.Popen[bytes], path: Path, progress: Progress | None
) -> Iterator[list[Item]]:
    assert process.stdout is not None
    pipe = process.stdout
    try:
        while True:
            message = _receive(pipe)
            if message is None:
                try:
                    code: int | None = process.wait(_WAIT_SECONDS)
                except subprocess.TimeoutExpired:
                    code = None
                raise InputError(
                    f"the parser process stopped unexpectedly (exit code {code})",
                    source=str(path),
                    hint="Nothing was stored. Run the ingest again; if it fails again, "
                    "report the file and the exit code.",
                )
            kind, payload, position = message
            if kind == "rows":
                if payload:
                    yield payload
                if progress is not None:
                    progress(position)
            elif kind == "error":
                raise InputError(**payload)
            else:
                return
    finally:
        pipe.close()
        try:
            process.wait(_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _receive(pipe: IO[bytes]) -> tuple[str, Any, int] | None:
    head = pipe.read(_SIZE.size)
    if len(head) < _SIZE.size:
        return None
    (size,) = _SIZE.unpack(head)
    blob = pipe.read(size)
    if len(blob) < size:
        return None
    message: tuple[str, Any, int] = pickle.loads(blob)
    return message


def parse_file(out: IO[bytes], path: str, fmt: str, batch_id: int) -> None:
    """The parser process: write ("rows", items, byte position) messages, then ("done", ...)."""
    position = 0

    def at(offset: int) -> None:
        nonlocal position
        position = offset

    def send(kind: str, payload: Any) -> None:
        blob = pickle.dumps((kind, payload, position), pickle.HIGHEST_PROTOCOL)
        out.write(_SIZE.pack(len(blob)))
        out.write(blob)

    try:
        source = open_csv(Path(path), fmt, progress=at)
        chunk: list[Item] = []
        for item in csv_insert_rows(source, batch_id):
            chunk.append(item)
            if len(chunk) >= CHUNK_ROWS:
                send("rows", chunk)
                chunk = []
        send("rows", chunk)
        send("done", None)
    except (BrokenPipeError, ConnectionResetError):
        return  # the writer stopped reading: it has failed or been interrupted
    except InputError as exc:
        _send_quietly(send, _error_fields(exc))
    except Exception as exc:  # the writer reports it, with the file named
        _send_quietly(send, {"message": f"{type(exc).__name__}: {exc}", "source": path})
    with contextlib.suppress(OSError):
        out.flush()


def _send_quietly(send: Any, fields: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):  # the writer is gone; it has its own error to report
        send("error", fields)


def _error_fields(exc: InputError) -> dict[str, Any]:
    return {
        "message": exc.reason,
        "source": exc.source,
        "line": exc.line,
        "field": exc.field,
        "hint": exc.hint,
    }


if __name__ == "__main__":
    parse_file(sys.stdout.buffer, sys.argv[1], sys.argv[2], int(sys.argv[3]))
