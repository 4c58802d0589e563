"""A small corpus written for these tests, a two-worker LocalCluster, and extract's output."""

from __future__ import annotations

import csv
import gzip
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire.coding.extract import extract_files

ARTICLES = Path(__file__).parents[2] / "scenarios" / "astana-2017" / "articles"
PLACES = ["Douma", "Harasta", "Daraya", "Idlib", "Maarat al-Numan", "Saraqib", "Deir ez-Zor"]
SENTENCES = [
    "Regime forces shelled {p} on Tuesday, killing {n} civilians.",
    "Clashes between government troops and rebels near {p} left {n} dead.",
    "Russian warplanes struck a market in {p}, killing {n} people.",
    "An IED exploded under a car in {p}. No fatalities were reported.",
    "The bakery in {p} reopened after repairs, residents said.",
    "Opposition groups accused the regime of violating the ceasefire near {p}.",
]
#: The texts of the JSON Lines, CSV and gzip files: 42 rows, some repeated on purpose.
TEXTS = [s.format(p=p, n=i % 5 + 2) for i, (s, p) in enumerate(
    (s, p) for p in PLACES for s in SENTENCES
)]  # fmt: skip


def _jsonl(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"text": text, "date": f"2017-01-{i % 28 + 1:02d}"}) + "\n")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """``bulk``: what bulk is given (a directory with a gzip inside, files); ``plain``: the
    same texts as plain files, in the order bulk reads them, for ``extract``."""
    root = tmp_path_factory.mktemp("corpus")
    news = root / "news"
    shutil.copytree(ARTICLES, news)
    plain = root / "plain"
    plain.mkdir()
    _jsonl(plain / "wires.jsonl", TEXTS[:20] + TEXTS[:3])  # repeats inside one file
    with (plain / "wires.jsonl").open("rb") as src, gzip.open(news / "wires.jsonl.gz", "wb") as gz:
        shutil.copyfileobj(src, gz)
    with (root / "notes.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        for i, text in enumerate(TEXTS[15:] + TEXTS[:5]):  # repeats of the wires' texts
            writer.writerow([f"n{i}", text])
    listed = sorted(ARTICLES.iterdir())
    in_dir = [news / p.name for p in listed if p.name < "wires"]
    in_dir += [plain / "wires.jsonl"] + [news / p.name for p in listed if p.name > "wires"]
    return {"bulk": [news, root / "notes.csv"], "plain": [*in_dir, root / "notes.csv"]}


@pytest.fixture(scope="session")
def extracted(
    corpus: dict[str, list[Path]], tmp_path_factory: pytest.TempPathFactory
) -> list[dict[str, object]]:
    """``ceasefire extract --format jsonl`` of the corpus in one process, as records."""
    out = tmp_path_factory.mktemp("extract") / "events.jsonl"
    extract_files(corpus["plain"], output=out, fmt="jsonl")
    with out.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="session")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two worker processes with 1.5 GiB each."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        memory_limit="1.5GiB",
        silence_logs=logging.ERROR,
        dashboard_address=":0",
    ) as cluster:
        yield cluster.scheduler_address
