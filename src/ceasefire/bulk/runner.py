"""Run a bulk coding job on Dask: the library behind ``ceasefire bulk``.

The driver reads the corpus, cuts it into partitions of ``partition_size`` texts and submits
one task per partition not yet on disk; workers code and write the partitions. A text whose
content key was met earlier is not coded again: its partition reuses the earlier events.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ceasefire.bulk.corpus import Skipped, corpus_files, read_corpus
from ceasefire.bulk.manifest import arguments_hash, prepare, write_manifest
from ceasefire.bulk.partitions import FORMATS, partition_name
from ceasefire.bulk.worker import CoderPlugin, PartitionResult, PartitionTask, content_key
from ceasefire.coding.inputs import InputText
from ceasefire.errors import ConfigError, InputError

log = logging.getLogger(__name__)
#: Seconds to wait for a scheduler given by address (the error comes within 10 s).
CONNECT_TIMEOUT = 8


@dataclass
class BulkSummary:
    """What a bulk run did. ``resumed`` partitions were already on disk and kept."""

    out_dir: str
    format: str
    partitions: int = 0
    resumed: int = 0
    texts: int = 0
    coded: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    dashboard: str | None = None


def _chunks(items: Iterable[InputText], size: int) -> Iterator[list[InputText]]:
    chunk: list[InputText] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _distributed() -> Any:
    """dask.distributed, imported on first use (its calls are untyped)."""
    import importlib

    return importlib.import_module("distributed")


async def _identity(address: str) -> None:
    """Ask the scheduler who it is. Dask's Client waits forever on a port that accepts the
    connection and never answers, so its answer is awaited under our own deadline first."""
    comm = await _distributed().comm.connect(address, timeout=CONNECT_TIMEOUT)
    try:
        await comm.write({"op": "identity", "reply": True})
        await comm.read()
    finally:
        await comm.close()


def connect(stack: ExitStack, scheduler: str | None, workers: int | None, **cluster: Any) -> Any:
    """A Dask client: of the scheduler at ``scheduler``, or of a new LocalCluster."""
    dist = _distributed()
    if scheduler:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://")):
            raise ConfigError(
                f"--scheduler '{scheduler}' is not a scheduler address",
                hint="Write it as tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786.",
            )
        try:
            asyncio.run(asyncio.wait_for(_identity(scheduler), CONNECT_TIMEOUT))
            return stack.enter_context(dist.Client(scheduler, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError) as exc:
            raise ConfigError(
                f"no Dask scheduler answered at {scheduler} within {CONNECT_TIMEOUT} s",
                hint="Check the address and that `dask scheduler` runs there, or leave out "
                "--scheduler to code on a local cluster.",
            ) from exc
    options: dict[str, Any] = {
        "n_workers": workers or os.cpu_count() or 1,
        "threads_per_worker": 1,
        "processes": True,
        "silence_logs": logging.ERROR,
        "dashboard_address": ":0",
    }
    options.update(cluster)
    local = stack.enter_context(dist.LocalCluster(**options))
    return stack.enter_context(dist.Client(local))


def _dashboard(client: Any) -> str | None:
    """The dashboard's address; None when none runs (Dask draws it with bokeh, if installed)."""
    import importlib.util

    services = client.scheduler_info().get("services", {})
    if "dashboard" not in services or importlib.util.find_spec("bokeh") is None:
        return None
    return str(client.dashboard_link)


def _collect(future: Any, out_dir: Path, fmt: str, index: int) -> PartitionResult:
    try:
        result: PartitionResult = future.result()
    except OSError as exc:
        raise InputError(
            f"cannot write: {exc.strerror or exc}",
            source=str(out_dir / partition_name(index, fmt)),
            hint="Nothing half-written was left. Free space (or fix the directory), then run "
            "the same command again: finished partitions are kept.",
        ) from exc
    return result


def run_bulk(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    fmt: str = "parquet",
    overwrite: bool = False,
    partition_size: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[str | None], None] | None = None,
    **cluster: Any,
) -> BulkSummary:
    """Code ``inputs`` into partitions under ``out_dir``; see the module docstring.

    ``on_start`` is called with the dashboard's address (None when none runs) once the
    cluster is up; ``progress`` with the number of texts each finished partition holds.
    ``cluster`` are LocalCluster options (e.g. ``memory_limit``). ``partition_size``
    defaults to the ``CEASEFIRE_BULK_PARTITION_SIZE`` setting.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format '{fmt}'", hint=f"Use one of: {', '.join(FORMATS)}.")
    if partition_size is None:
        from ceasefire.settings import get_settings

        partition_size = get_settings().bulk_partition_size
    out = Path(out_dir)
    files = corpus_files([Path(p) for p in inputs])
    digest = arguments_hash(files, fmt, partition_size)
    resumed = prepare(out, digest, overwrite=overwrite)
    summary = BulkSummary(out_dir=str(out), format=fmt)
    manifest: dict[str, Any] = {
        "arguments_hash": digest,
        "format": fmt,
        "partition_size": partition_size,
        "inputs": [str(p) for p in files],
        "complete": False,
    }
    if not resumed:
        write_manifest(out, manifest)
    with ExitStack() as stack:
        client = connect(stack, scheduler, workers, **cluster)
        client.register_plugin(CoderPlugin())
        summary.dashboard = _dashboard(client)
        if on_start is not None:
            on_start(summary.dashboard)
        _schedule(client, files, out, fmt, partition_size, summary, progress)
    manifest.update(
        complete=True,
        partitions=summary.partitions,
        texts=summary.texts,
        skipped=[{"path": s.path, "reason": s.reason} for s in summary.skipped],
    )
    write_manifest(out, manifest)
    return summary


def _schedule(
    client: Any,
    files: list[Path],
    out: Path,
    fmt: str,
    size: int,
    summary: BulkSummary,
    progress: Callable[[int], None] | None,
) -> None:
    """Submit the partitions not on disk, a bounded window at a time, and collect them.

    After a failed partition nothing more is submitted; the running ones are waited for (so
    no task of this run still writes once it returns) and the first failure is raised.
    """
    window = 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 2
    seen: dict[str, int] = {}
    pending: dict[int, Any] = {}
    done = _distributed().as_completed()
    failures: list[BaseException] = []

    def finish_one() -> None:
        future = next(done)
        index = next(i for i, f in pending.items() if f is future)
        del pending[index]
        try:
            result = _collect(future, out, fmt, index)
        except Exception as exc:
            failures.append(exc)
            return
        summary.coded += result.coded
        summary.events += result.events
        if progress is not None:
            progress(result.texts)

    try:
        for index, items in enumerate(_chunks(read_corpus(files, summary.skipped), size)):
            keys = [content_key(item) for item in items]
            refs = {k: seen[k] for k in keys if k in seen}
            for key in keys:
                seen.setdefault(key, index)
            summary.partitions += 1
            summary.texts += len(items)
            if (out / partition_name(index, fmt)).exists():
                summary.resumed += 1
                if progress is not None:
                    progress(len(items))
                continue
            after = [pending[i] for i in sorted(set(refs.values())) if i in pending]
            task = PartitionTask(index, str(out), fmt, items, keys, refs)
            future = client.submit(_run, task, *after, pure=False)
            pending[index] = future
            done.add(future)
            while len(pending) >= window or (failures and pending):
                finish_one()
            if failures:
                break
        while pending:
            finish_one()
    except BaseException:
        for future in pending.values():
            future.cancel()
        raise
    if failures:
        raise failures[0]


def _run(task: PartitionTask, *after: Any) -> PartitionResult:
    from ceasefire.bulk.worker import code_partition

    return code_partition(task, *after)


__all__ = ["BulkSummary", "run_bulk"]
