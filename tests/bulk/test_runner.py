"""ceasefire bulk on a real LocalCluster of two worker processes (tests/bulk/conftest.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire.bulk.corpus import corpus_files, read_corpus
from ceasefire.bulk.partitions import read_rows
from ceasefire.bulk.runner import run_bulk
from ceasefire.bulk.worker import content_key
from ceasefire.errors import ConfigError, ConflictError, InputError

Corpus = dict[str, list[Path]]
SIZE = 5  # texts per partition: the corpus of 64 texts makes 13 partitions


def output(out: Path, fmt: str = "parquet") -> list[dict[str, object]]:
    return [r for p in sorted(out.glob(f"part-*.{fmt}")) for r in read_rows(p)]


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_output_equals_extract_row_for_row(
    fmt: str, corpus: Corpus, extracted: list[dict[str, object]], scheduler: str, tmp_path: Path
) -> None:
    summary = run_bulk(corpus["bulk"], tmp_path, scheduler=scheduler, fmt=fmt, partition_size=SIZE)
    rows = output(tmp_path, fmt)
    assert len(rows) == len(extracted) > 40
    for i, (got, want) in enumerate(zip(rows, extracted, strict=True)):
        assert got == want, f"row {i}"
    texts = list(read_corpus(corpus_files(corpus["bulk"]), []))
    assert (summary.texts, summary.partitions, summary.resumed) == (len(texts), 13, 0)
    assert summary.events == len(extracted)
    # identical texts (same text, date, country, publisher) are coded once
    assert summary.coded == len({content_key(t) for t in texts}) < len(texts)


def test_parquet_keeps_the_provenance_of_each_row(
    corpus: Corpus, scheduler: str, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    run_bulk(corpus["bulk"], tmp_path, scheduler=scheduler, partition_size=SIZE)
    table = pq.read_table(tmp_path / "part-00012.parquet").to_pylist()
    assert {r["input_file"] for r in table} == {str(corpus["bulk"][1])}
    assert [r["input_line"] for r in table] == sorted(r["input_line"] for r in table)
    assert all(r["input_line"] >= 2 for r in table)


def test_killed_run_resumes_to_the_same_output(
    corpus: Corpus, extracted: list[dict[str, object]], scheduler: str, tmp_path: Path
) -> None:
    run_bulk(corpus["bulk"], tmp_path, scheduler=scheduler, partition_size=SIZE)
    # what a kill leaves: some partitions missing, a temporary file half-written
    for name in ("part-00003.parquet", "part-00011.parquet", "part-00012.parquet"):
        (tmp_path / name).unlink()
    (tmp_path / ".part-00011.parquet.x1y2.tmp").write_bytes(b"PAR1 half")
    summary = run_bulk(corpus["bulk"], tmp_path, scheduler=scheduler, partition_size=SIZE)
    assert (summary.partitions, summary.resumed) == (13, 10)
    assert output(tmp_path) == extracted
    assert not list(tmp_path.glob(".*.tmp"))


def test_corrupt_file_is_named_and_skipped(corpus: Corpus, scheduler: str, tmp_path: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "a.jsonl").write_text('{"text": "Regime forces shelled Douma."}\n{oops\n', "utf-8")
    (bad / "b.txt.gz").write_bytes(b"\x1f\x8b\x08 not really gzip")
    (bad / "c.txt").write_text("Rebels shelled Harasta on Monday, killing 3 civilians.", "utf-8")
    out = tmp_path / "out"
    summary = run_bulk([bad], out, scheduler=scheduler, partition_size=SIZE)
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    assert reasons == {
        "a.jsonl": f"{bad / 'a.jsonl'}:2: not valid JSON: Expecting property name enclosed "
        "in double quotes",
        "b.txt.gz": reasons["b.txt.gz"],
    }
    assert reasons["b.txt.gz"].startswith(f"{bad / 'b.txt.gz'}: not a readable gzip file")
    assert summary.texts == 1
    rows = output(out)
    assert [(r["raw"]["input"], r["location"], r["fatalities"]) for r in rows] == [  # type: ignore[index]
        ("c.txt", "Ḩarastā", 3)
    ]


def test_another_runs_partitions_are_refused_unless_overwrite(
    corpus: Corpus, extracted: list[dict[str, object]], scheduler: str, tmp_path: Path
) -> None:
    run_bulk(corpus["bulk"][1:], tmp_path, scheduler=scheduler, partition_size=SIZE)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(ConflictError, match="holds the partitions of another run") as err:
        run_bulk(corpus["bulk"], tmp_path, scheduler=scheduler, partition_size=SIZE)
    assert "--overwrite" in (err.value.hint or "")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    with pytest.raises(ConflictError):  # a different partition size is another run too
        run_bulk(corpus["bulk"][1:], tmp_path, scheduler=scheduler, partition_size=SIZE + 1)
    run_bulk(corpus["bulk"], tmp_path, scheduler=scheduler, partition_size=SIZE, overwrite=True)
    assert output(tmp_path) == extracted


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says anything."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("kind", ["closed", "silent"])
def test_scheduler_that_does_not_answer_is_a_clear_error_within_10_s(
    kind: str, silent_port: int, corpus: Corpus, tmp_path: Path
) -> None:
    port = silent_port if kind == "silent" else _closed_port()
    address = f"tcp://127.0.0.1:{port}"
    start = time.monotonic()
    with pytest.raises(ConfigError, match=f"no Dask scheduler answered at {address}"):
        run_bulk(corpus["bulk"], tmp_path, scheduler=address)
    assert time.monotonic() - start < 10


def test_scheduler_address_must_be_one(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not a scheduler address"):
        run_bulk(corpus["bulk"], tmp_path, scheduler="localhost:8786")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB filesystem (tmpfs); skipped where mounting is not allowed."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:  # lazily, if a worker still holds it: never leave a mount behind
        if subprocess.run(["umount", str(mount)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_removes_the_partial_partition_and_the_run_resumes(
    small_disk: Path, corpus: Corpus, extracted: list[dict[str, object]], scheduler: str
) -> None:
    out = small_disk / "out"
    with pytest.raises(InputError, match="cannot write: No space left on device") as err:
        run_bulk(corpus["bulk"], out, scheduler=scheduler, partition_size=SIZE)
    assert "run the same command again" in (err.value.hint or "")
    written = sorted(p.name for p in out.glob("part-*.parquet"))
    assert 0 < len(written) < 13
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    for name in written:  # every partition left is whole
        assert read_rows(out / name)
    subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True)
    summary = run_bulk(corpus["bulk"], out, scheduler=scheduler, partition_size=SIZE)
    assert summary.resumed == len(written)
    assert output(out) == extracted


def test_killed_cli_run_resumes_to_the_same_output(
    corpus: Corpus, extracted: list[dict[str, object]], tmp_path: Path
) -> None:
    """``ceasefire bulk`` killed (SIGKILL, its local cluster too) after 3 partitions, run
    again with the same arguments: the finished partitions are kept, the output is whole."""
    out = tmp_path / "out"
    command = [
        str(Path(sys.executable).with_name("ceasefire")), "bulk",
        *map(str, corpus["bulk"]), "-o", str(out), "--workers", "2",
    ]  # fmt: skip
    env = {**os.environ, "CEASEFIRE_BULK_PARTITION_SIZE": str(SIZE)}
    run = subprocess.Popen(
        command, env=env, start_new_session=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while len(list(out.glob("part-*.parquet"))) < 3 and run.poll() is None:
        assert time.monotonic() < deadline, "no 3 partitions in 240 s"
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    run.communicate()
    assert run.returncode == -signal.SIGKILL
    kept = sorted(p.name for p in out.glob("part-*.parquet"))
    assert 3 <= len(kept) < 13
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"in 13 partition(s), {len(kept)} kept from an earlier run" in done.stderr
    assert output(out) == extracted
    assert not list(out.glob(".*.tmp"))
