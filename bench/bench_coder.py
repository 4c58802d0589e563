"""Benchmark: the coder end to end against spaCy's plain English pipeline, on one core.

The corpus mimics a news feed: most sentences are not about violence (economy, sport, weather,
politics), some are. Sentences come from templates written for this benchmark; with
``--acled`` (default when ../shared/data is present) ACLED dev notes are mixed in as the
conflict sentences. Prints sentences per second for both and their ratio.

``--whole-process`` also times both as whole processes over the same job, start-up included:
``ceasefire extract`` of the documents (a JSON Lines file, one text a line; 5,000 texts with
``--sentences 40000 --per-document 8``) against a fresh Python that imports spaCy, loads the
model and runs it over the same sentences: wall and CPU time (children's user + system) of each,
and their ratio, beside the in-process figures.

    python bench/bench_coder.py [--sentences 20000] [--conflict-share 0.15] [--no-acled]
                                [--whole-process]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, for both sides

ORDINARY = [
    "Shares in {company} rose {n} percent on {day} after the company reported higher profits.",
    "The central bank kept its main interest rate at {n} percent, citing steady inflation.",
    "{team} beat {team2} {n}-{m} in the league on {day}, extending their unbeaten run.",
    "Forecasters expect heavy rain in {city} over the weekend, with temperatures near {n} degrees.",
    "The ministry of education announced that schools in {city} will reopen next month.",
    "A new museum of modern art opened in {city}, showing works by {n} local painters.",
    "Farmers in the region expect a good wheat harvest after spring rains.",
    "The government approved a budget that raises spending on health by {n} percent.",
    "Tourism to {city} grew strongly last year, according to the chamber of commerce.",
    "The film festival in {city} closed on {day} with an award for a first-time director.",
    "Fuel prices fell for the third week in a row as global oil prices eased.",
    "The parliament debated a bill on pensions that would raise the retirement age.",
    "Engineers finished repairs on the main bridge, which reopened to traffic on {day}.",
    "The university in {city} launched a scholarship programme for {n} students.",
    "Exports of olive oil reached a record high, the trade office said.",
    "The president's office said he would travel abroad later this month.",
    "A power cut left parts of {city} without electricity for several hours.",
    "Local officials in {city} inaugurated a water treatment plant on {day}.",
]
CONFLICT = [
    "Regime forces shelled {place} in {prov} countryside on {day}, killing {n} civilians.",
    "Turkish drones struck a vehicle near {place}, killing {n} fighters.",
    "Clashes between government troops and rebels near {place} left {n} dead.",
    "An IED exploded under a car in {place} on {day}. No fatalities were reported.",
    "Unknown gunmen shot dead a shepherd near {place} in {prov}.",
    "Hundreds of residents protested in {place} against rising bread prices.",
    "Russia accused the Syrian regime of violating the ceasefire near {place}.",
    "Russian warplanes carried out {n} air strikes on the outskirts of {place}.",
]
FILL = {
    "company": ["Acme", "Nordbank", "Helios", "Mercury Foods", "Atlas Motors"],
    "team": ["United", "Rovers", "Athletic", "Dynamo", "Sporting"],
    "team2": ["City", "Wanderers", "Olympic", "Spartak", "Real"],
    "city": ["Beirut", "Amman", "Izmir", "Cairo", "Tunis", "Baku"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "place": ["Kafr Nabl", "Douma", "Afrin", "Jarablus", "Saraqib", "Maarat al-Numan"],
    "prov": ["Idleb", "Aleppo", "Rural Damascus", "Hama"],
}


def _fill(template: str, rng: random.Random) -> str:
    values = {k: rng.choice(v) for k, v in FILL.items()}
    return template.format(n=rng.randint(2, 40), m=rng.randint(0, 5), **values)


def acled_notes(limit: int) -> list[str]:
    """ACLED dev notes (read from ../shared, never stored in the repository)."""
    path = Path(__file__).resolve().parents[2] / "shared" / "data"
    path = path / "dev_acled_global_2020-04_2020-05.csv"
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return [row["notes"] for _, row in zip(range(limit), csv.DictReader(fh), strict=False)]


def corpus(n: int, share: float, use_acled: bool, seed: int = 7) -> list[str]:
    """About ``n`` sentences, a ``share`` of them about conflict: half ACLED notes (when
    available, a note kept whole), half templates; the rest ordinary news sentences."""
    from ceasefire.coding.sentences import split_sentences

    rng = random.Random(seed)
    n_conflict = int(n * share)
    conflict: list[str] = []
    counted = 0
    if use_acled:
        for note in acled_notes(n_conflict):
            if counted >= n_conflict // 2:
                break
            conflict.append(note)
            counted += sum(1 for _ in split_sentences(note))
    while counted < n_conflict:
        conflict.append(_fill(rng.choice(CONFLICT), rng))
        counted += 1
    ordinary = [_fill(rng.choice(ORDINARY), rng) for _ in range(n - counted)]
    texts = conflict + ordinary
    rng.shuffle(texts)
    return texts


_PLAIN = """
import sys
import spacy
nlp = spacy.load(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as fh:
    sentences = fh.read().split("\\n")
for _ in nlp.pipe(sentences, batch_size=256):
    pass
"""


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def whole_process(texts: list[str], sentences: list[str], model: str) -> dict[str, float]:
    """``ceasefire extract`` of ``texts`` and plain spaCy over ``sentences``, each a process."""
    ceasefire = Path(sys.executable).with_name("ceasefire")
    with tempfile.TemporaryDirectory() as tmp:
        docs, lines, out = Path(tmp, "docs.jsonl"), Path(tmp, "sentences.txt"), Path(tmp, "o")
        docs.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), "utf-8")
        lines.write_text("\n".join(s.replace("\n", " ") for s in sentences), "utf-8")
        ours = _timed([str(ceasefire), "extract", str(docs), "-o", str(out), "--format", "jsonl",
                       "--date", "2020-05-01"])  # fmt: skip
        plain = _timed([sys.executable, "-c", _PLAIN, model, str(lines)])
    return {"ours_wall": ours[0], "ours_cpu": ours[1], "plain_wall": plain[0],
            "plain_cpu": plain[1]}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20000)
    parser.add_argument("--conflict-share", type=float, default=0.15)
    parser.add_argument("--no-acled", action="store_true")
    parser.add_argument("--per-document", type=int, default=8, help="sentences per document")
    parser.add_argument("--whole-process", action="store_true", help="also time whole processes")
    args = parser.parse_args()

    import spacy

    from ceasefire.coding.extract import default_coder, extract_documents
    from ceasefire.coding.nlp import MODEL
    from ceasefire.coding.sentences import split_sentences
    from ceasefire.sources.documents import DocumentRecord

    texts = corpus(args.sentences, args.conflict_share, not args.no_acled)
    k = args.per_document
    docs = [
        DocumentRecord(kind="article", text=" ".join(texts[i : i + k]))
        for i in range(0, len(texts), k)
    ]
    # count sentences as the coder splits them (an ACLED note is often several)
    sentences = [d.text[s:e] for d in docs for s, e in split_sentences(d.text)]
    n = len(sentences)

    coder = default_coder()
    warm = [  # loads the model, the registry and the gazetteer's tables
        DocumentRecord(kind="article", text="Regime forces shelled Douma."),
        DocumentRecord(kind="article", text="Gunmen attacked a checkpoint in Narang, Kunar."),
    ]
    t0 = time.perf_counter()
    list(extract_documents(warm, reference_date=date(2020, 5, 1), coder=coder))
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = list(extract_documents(docs, reference_date=date(2020, 5, 1), coder=coder))
    ours = time.perf_counter() - t0

    nlp = spacy.load(MODEL)
    t0 = time.perf_counter()
    for _ in nlp.pipe(sentences, batch_size=256):
        pass
    plain = time.perf_counter() - t0

    ours_rate, plain_rate = n / ours, n / plain
    print(
        f"corpus: {n} sentences in {len(docs)} documents, "
        f"{args.conflict_share:.0%} of them about conflict"
    )
    print(f"coder start-up (model, registry, gazetteer): {load:.1f} s")
    print(f"ceasefire coder end to end: {ours_rate:,.0f} sentences/s ({len(events)} events)")
    print(f"spaCy {MODEL} plain pipeline: {plain_rate:,.0f} sentences/s")
    print(f"ratio: {ours_rate / plain_rate:.1f}x")
    if args.whole_process:
        w = whole_process([d.text for d in docs], sentences, MODEL)
        print(f"whole process, {len(docs)} texts, start-up included:")
        print(f"  ceasefire extract: {w['ours_wall']:.1f} s wall, {w['ours_cpu']:.1f} s CPU")
        print(f"  plain spaCy:       {w['plain_wall']:.1f} s wall, {w['plain_cpu']:.1f} s CPU")
        print(
            f"  ratio (plain / ours): {w['plain_wall'] / w['ours_wall']:.1f}x wall, "
            f"{w['plain_cpu'] / w['ours_cpu']:.1f}x CPU"
        )


if __name__ == "__main__":
    main()
