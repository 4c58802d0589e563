"""Checkpoints of the store's log: a log that extends one passes; truncation, a fork and a
rewritten entry (every hash recomputed) fail naming the first entry that differs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from ceasefire.agreements.service import store_agreement
from ceasefire.audit import crypto
from ceasefire.audit import log as audit
from ceasefire.audit.checkpoint import Checkpoint, parse_checkpoint
from ceasefire.audit.tree import current_head, make_checkpoint, verify_checkpoint
from ceasefire.db.engine import session_factory
from ceasefire.errors import ConflictError, InputError
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file


@pytest.fixture
def loaded(engine: Engine, structured: Path) -> Engine:
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml")
    ingest_file(engine, structured / "acled_modern.csv")
    ingest_file(engine, structured / "ucdp_ged.csv")
    ingest_file(engine, scenario_dir("astana-2017") / "reports.jsonl")
    return engine


def checkpoint(engine: Engine) -> Checkpoint:
    with session_factory(engine)() as session:
        return make_checkpoint(session)


def check(engine: Engine, cp: Checkpoint) -> tuple[str | None, int | None, int]:
    with session_factory(engine)() as session:
        result = verify_checkpoint(session, cp, source="cp.json")
    return result.problem, result.first_entry, result.proof_hashes


def rechain(engine: Engine) -> None:
    """What a dishonest operator does after an edit: recompute every entry's links and hash."""
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT * FROM audit_entries ORDER BY seq")).mappings().all()
        prev = audit.GENESIS_HASH
        for row in rows:
            fields = {k: row[k] for k in ("seq", "at", "actor", "action", "record_type",
                                          "record_id", "content_hash", "detail")}  # fmt: skip
            new = audit.entry_hash(**fields, prev_hash=prev)
            conn.execute(
                text("UPDATE audit_entries SET prev_hash = :p, entry_hash = :h WHERE id = :i"),
                {"p": prev, "h": new, "i": row["id"]},
            )
            prev = new


def test_a_log_that_grew_extends_its_older_checkpoint(loaded: Engine, structured: Path) -> None:
    cp = checkpoint(loaded)
    assert (cp.size, cp.block_width, len(cp.blocks)) == (4, 1, 4)
    ingest_file(loaded, structured / "acled_2016.csv")
    assert check(loaded, cp) == (None, None, 1)
    with session_factory(loaded)() as session:
        head = current_head(session)
    assert head is not None and head.size == 5 and head.store == cp.store
    assert check(loaded, checkpoint(loaded)) == (None, None, 0)


def test_truncation_is_caught(loaded: Engine) -> None:
    cp = checkpoint(loaded)
    with loaded.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq = 4"))
    problem, first, _ = check(loaded, cp)
    assert first == 4
    assert problem == (
        "the log has 3 entries; the checkpoint pins 4: audit entries 4 to 4 were removed "
        "(truncated)"
    )


def test_a_fork_is_caught(loaded: Engine, structured: Path) -> None:
    """The last entry removed and the log written on: a history other than the one pinned."""
    cp = checkpoint(loaded)
    with loaded.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq = 4"))
    ingest_file(loaded, structured / "acled_2016.csv")
    problem, first, _ = check(loaded, cp)
    assert first == 4
    assert problem == (
        "the log no longer extends the checkpoint of 4 entries: audit entry 4 differs "
        "(rewritten, removed or a forked history)"
    )


def test_a_rewritten_entry_with_every_hash_recomputed_is_caught(loaded: Engine) -> None:
    cp = checkpoint(loaded)
    with loaded.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET actor = 'someone else' WHERE seq = 2"))
    rechain(loaded)
    problem, first, _ = check(loaded, cp)
    assert first == 2
    assert problem is not None and "audit entry 2 differs" in problem


def test_a_checkpoint_of_another_store_is_refused(loaded: Engine, tmp_path: Path) -> None:
    from ceasefire.db.store import init_store, open_store

    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    init_store(other_url)
    other = open_store(other_url)
    store_agreement(other, scenario_dir("astana-2017") / "agreement.yaml")
    with pytest.raises(InputError, match="the checkpoint is of another store"):
        check(other, checkpoint(loaded))
    other.dispose()


def test_a_checkpoint_signed_by_another_key_is_refused(loaded: Engine) -> None:
    with session_factory(loaded)() as session:
        foreign = make_checkpoint(session, key=crypto.generate())
    with pytest.raises(InputError, match="signed by another key"):
        check(loaded, foreign)


def test_an_empty_log_has_no_checkpoint(engine: Engine) -> None:
    with pytest.raises(ConflictError, match="the audit log is empty"):
        checkpoint(engine)


GOOD = {
    "format": "ceasefire-audit-checkpoint/1", "store": "ab" * 32, "size": 1, "root": "cd" * 32,
    "time": "2017-01-24T00:00:00+00:00",
}  # fmt: skip


def _signed(**changes: object) -> str:
    key = crypto.generate()
    leaf = bytes.fromhex("cd" * 32)
    data = {**GOOD, "key": crypto.public_hex(key), "blocks": {"width": 1, "hashes": [leaf.hex()]}}
    from ceasefire.audit.checkpoint import signed_text

    data["signature"] = crypto.sign(key, signed_text(GOOD["store"], 1, GOOD["root"], GOOD["time"]))
    data.update(changes)
    return json.dumps(data)


def test_a_whole_checkpoint_reads_back() -> None:
    cp = parse_checkpoint(_signed(), source="cp.json")
    assert (cp.size, cp.root, cp.block_width) == (1, "cd" * 32, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "cp.json: not a ceasefire checkpoint: not JSON"),
        ("[]", "cp.json, field 'format': not a ceasefire checkpoint: no \"format\""),
        ('{"format": "ceasefire-audit-export/1"}', "field 'format': not a ceasefire checkpoint"),
        (_signed(size="1"), "field 'size': not a ceasefire checkpoint: 'size' is missing"),
        (_signed(root="xyz"), "field 'root': not a ceasefire checkpoint: 'root' is not 64 hex"),
        (_signed(blocks={"width": 3, "hashes": []}), "field 'blocks': not a ceasefire"),
        (_signed(size=2), "field 'blocks': not a ceasefire checkpoint"),
        (_signed(time="2017-01-25T00:00:00+00:00"),
         "field 'signature': the checkpoint's signature does not verify"),
        (_signed(signature="!!"), "field 'signature': the checkpoint's signature does not"),
        (_signed(blocks={"width": 1, "hashes": ["ef" * 32]}),
         "field 'blocks': the checkpoint's block hashes do not give its signed root"),
    ],
)  # fmt: skip
def test_what_is_not_a_checkpoint_is_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_checkpoint(text, source="cp.json")
    assert message in caught.value.message


def test_the_situation_report_prints_the_head(loaded: Engine) -> None:
    from datetime import date

    from ceasefire.reports.render import render_html
    from ceasefire.reports.situation import build_situation

    cp = checkpoint(loaded)
    with session_factory(loaded)() as session:
        situation = build_situation(
            session, agreement_id="astana-2017", date_from=date(2017, 1, 1),
            date_to=date(2017, 1, 31),
        )  # fmt: skip
    line = f"audit log head: 4 entries, root {cp.root}, store {cp.store[:16]}"
    assert situation.audit_head == line
    assert f'<span class="audit-head">{line}</span>' in render_html(situation)
