"""Signed votes: refused unsigned or badly signed once a member has a key (nothing stored),
verified by ``audit verify`` even after an operator recomputed every hash, kept across rotation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from ceasefire.accounts.models import UserRow
from ceasefire.audit import crypto
from ceasefire.audit import log as audit
from ceasefire.audit.integrity import verify_store
from ceasefire.audit.models import AuditEntryRow
from ceasefire.audit.signatures import canonical_vote, check_signatures
from ceasefire.db.engine import transaction
from ceasefire.errors import SignatureError
from ceasefire.verification.review_models import VoteRow

from .signed import cast, make_world, register, rewrite_vote


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> dict[str, UserRow]:
    return make_world(engine, tmp_path)


def problems(engine: Engine) -> list[str]:
    with transaction(engine) as session:
        return [f"{seq}: {record}: {why}" for seq, record, why in check_signatures(session)]


def counts(engine: Engine) -> tuple[int, int]:
    with transaction(engine) as session:
        return (session.scalar(select(func.count()).select_from(VoteRow)) or 0,
                session.scalar(select(func.count()).select_from(AuditEntryRow)) or 0)  # fmt: skip


def test_the_canonical_vote_is_sorted_compact_json() -> None:
    assert canonical_vote(incident=12, round=1, outcome="verified", rationale=" Two\n",
                          evidence=["https://e.org/ü"], time="2017-01-24T10:00:00+00:00") == (
        '{"evidence":["https://e.org/ü"],"incident":12,"outcome":"verified",'
        '"rationale":"Two","round":1,"time":"2017-01-24T10:00:00+00:00"}'
    ).encode()  # fmt: skip


def test_a_signed_vote_is_stored_and_verifies(engine: Engine, world: dict[str, UserRow]) -> None:
    key = register(engine, "Russia")
    row = cast(engine, world, "ru", key=key)
    assert row.signature is not None and row.key_id == 1
    assert cast(engine, world, "tr").signature is None  # Turkey has no key: unsigned is fine
    assert problems(engine) == []
    with transaction(engine) as session:
        assert verify_store(session).ok


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("unsigned", "Russia has a registered key: its votes must be signed"),
        ("other outcome", "the signature does not verify under Russia's key"),
        ("turkey's key", "the signature does not verify under Russia's key"),
        ("an hour ago", "more than 10 minutes from the server's clock"),
        ("no offset", "is not an ISO 8601 time with an offset"),
    ],
)
def test_a_vote_not_signed_by_its_member_is_refused_and_nothing_stored(
    engine: Engine, world: dict[str, UserRow], how: str, message: str
) -> None:
    key, turkey = register(engine, "Russia"), register(engine, "Turkey")
    before = counts(engine)
    kwargs: dict[str, object] = {
        "unsigned": {}, "other outcome": {"key": key, "signed": "not_verified"},
        "turkey's key": {"key": turkey},
        "an hour ago": {"key": key,
                        "time": (datetime.now(UTC) - timedelta(hours=1)).isoformat()},
        "no offset": {"key": key, "time": "2017-01-24T10:00:00"},
    }[how]  # fmt: skip
    with pytest.raises(SignatureError) as caught:
        cast(engine, world, "ru", **kwargs)  # type: ignore[arg-type]
    assert message in caught.value.message
    assert (caught.value.status, caught.value.code) == (400, "bad_signature")
    assert counts(engine) == before


def test_a_signature_from_a_member_without_a_key_is_refused(
    engine: Engine, world: dict[str, UserRow]
) -> None:
    with pytest.raises(SignatureError, match="Turkey has no registered key"):
        cast(engine, world, "tr", key=crypto.generate())


def test_a_vote_changed_with_every_hash_recomputed_is_caught_by_its_signature(
    engine: Engine, world: dict[str, UserRow]
) -> None:
    key = register(engine, "Russia")
    row = cast(engine, world, "ru", key=key)
    rewrite_vote(engine, row.id, "not_verified")
    with transaction(engine) as session:
        _, chain_problem = audit.verify_chain(session)
    assert chain_problem is None  # the chain alone no longer shows it
    found = problems(engine)
    assert len(found) == 1
    assert found[0].endswith(
        "vote 1 (Russia, incident 1 round 1): its signature does not verify under Russia's "
        f"key {crypto.fingerprint(crypto.public_hex(key))}: the vote was changed after it "
        "was signed"
    )


@pytest.mark.parametrize(
    ("statement", "why"),
    [
        ("UPDATE votes SET signature = NULL, signed_at = NULL, key_id = NULL",
         "unsigned, though Russia had key"),
        ("UPDATE votes SET signed_at = '2016-12-01T00:00:00+00:00'", "does not verify"),
        ("UPDATE votes SET key_id = NULL", "signed under a key that is not its member's"),
        ("UPDATE member_keys SET public_key = 'ab' || substr(public_key, 3)",
         "the key differs from its registration"),
        ("UPDATE member_keys SET valid_until = '2099-01-01T00:00:00+00:00'",
         "its validity differs from the log"),
    ],
)  # fmt: skip
def test_edits_of_signatures_and_keys_are_caught(
    engine: Engine, world: dict[str, UserRow], statement: str, why: str
) -> None:
    cast(engine, world, "ru", key=register(engine, "Russia"))
    with engine.begin() as conn:
        conn.execute(text(statement))
    found = problems(engine)
    assert found and why in found[0]


def test_rotation_keeps_earlier_votes_verifying(engine: Engine, world: dict[str, UserRow]) -> None:
    old = register(engine, "Russia")
    cast(engine, world, "ru", key=old, incident=1)
    new = register(engine, "Russia")  # the old key was lost: an admin registers a new one
    with pytest.raises(SignatureError, match="does not verify under Russia's key"):
        cast(engine, world, "ru", key=old, incident=2)
    assert cast(engine, world, "ru", key=new, incident=2).key_id == 2
    assert problems(engine) == []
    with transaction(engine) as session:
        actions = session.scalars(
            select(AuditEntryRow.action).where(AuditEntryRow.record_type == "member_key")
        ).all()
    assert actions == ["key.register", "key.retire", "key.register"]
