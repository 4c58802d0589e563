"""Signed votes: the canonical vote a member signs, checking a signature when a vote is cast,
and checking every stored vote's signature in ``audit verify``.

The canonical vote is the JSON object with exactly these keys, sorted, no spaces, UTF-8
(``ensure_ascii`` off)::

    {"evidence":[...],"incident":12,"outcome":"verified","rationale":"...","round":1,
     "time":"2017-01-24T10:00:00+00:00"}

``outcome`` is the choice (verified, not_verified, abstain), ``rationale`` has its leading
and trailing white space removed, ``evidence`` is the list of links as given and ``time`` the
signer's clock (ISO 8601 with an offset), within ``MAX_SKEW`` of the server's. Once an
organisation has a key, its unsigned votes are refused; a signature that does not verify under
the organisation's key valid when the vote is cast (by the server's clock, which the vote's
audit entry records) is refused (400) and nothing is stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.audit import crypto
from ceasefire.audit.key_models import MemberKeyRow
from ceasefire.audit.keys import key_at, key_content, org_keys, retire_content
from ceasefire.audit.models import AuditEntryRow
from ceasefire.errors import NotFoundError, SignatureError
from ceasefire.events.incident_models import IncidentRow
from ceasefire.verification.review_models import VoteRow

MAX_SKEW = timedelta(minutes=10)
_HINT = "Sign the canonical vote of docs/audit.md with the member's key (CLI: --key KEYFILE)."


def canonical_vote(
    *, incident: int, round: int, outcome: str, rationale: str, evidence: Sequence[str],
    time: str,
) -> bytes:  # fmt: skip
    """The bytes a member signs (see the module docstring)."""
    vote = {
        "incident": incident, "round": round, "outcome": outcome,
        "rationale": rationale.strip(), "evidence": list(evidence), "time": time,
    }  # fmt: skip
    return json.dumps(vote, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign_vote(
    key: crypto.PrivateKey, *, incident: int, round: int, outcome: str, rationale: str,
    evidence: Sequence[str], time: str | None = None,
) -> tuple[str, str]:  # fmt: skip
    """(signature, time) for a vote signed now (or at ``time``)."""
    time = time or datetime.now(UTC).isoformat(timespec="seconds")
    message = canonical_vote(incident=incident, round=round, outcome=outcome,
                             rationale=rationale, evidence=evidence, time=time)  # fmt: skip
    return crypto.sign(key, message), time


def sign_for_round(
    session: Session, key: crypto.PrivateKey, *, incident: int, outcome: str, rationale: str,
    evidence: Sequence[str],
) -> tuple[str, str]:  # fmt: skip
    """(signature, time) of a vote on ``incident``'s current review round, signed now."""
    row = session.get(IncidentRow, incident)
    if row is None:
        raise NotFoundError(f"no incident {incident}", hint="List them with `ceasefire incidents`.")
    return sign_vote(key, incident=incident, round=row.review_round, outcome=outcome,
                     rationale=rationale, evidence=evidence)  # fmt: skip


def _moment(time: str) -> datetime:
    try:
        moment = datetime.fromisoformat(time)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise SignatureError(
            f"the signing time {time!r} is not an ISO 8601 time with an offset", hint=_HINT
        )
    return moment


def check_vote_signature(
    session: Session, *, member: str, incident: int, round: int, outcome: str,
    rationale: str, evidence: Sequence[str], signature: str | None, time: str | None,
) -> MemberKeyRow | None:  # fmt: skip
    """The key a vote is signed under, None for a member without keys; ``SignatureError``
    (400) when it must be signed and is not, or its signature does not verify."""
    keys = org_keys(session, member)
    if not keys:
        if signature is not None:
            raise SignatureError(
                f"{member} has no registered key, so its vote cannot be checked",
                hint="An admin registers one: `ceasefire keys new --org ORG -o KEYFILE`.",
            )
        return None
    if signature is None or time is None:
        raise SignatureError(
            f"{member} has a registered key: its votes must be signed "
            "('signature' and 'time')", hint=_HINT,
        )  # fmt: skip
    moment = _moment(time)
    if abs(datetime.now(UTC) - moment) > MAX_SKEW:
        raise SignatureError(
            f"the signing time {time} is more than {MAX_SKEW.seconds // 60} minutes from the "
            "server's clock", hint="Sign again now (check the signer's clock).",
        )  # fmt: skip
    key = key_at(keys, datetime.now(UTC).isoformat())  # validity goes by the server's clock
    if key is None:
        raise SignatureError(f"{member} has no key valid now", hint=_HINT)
    message = canonical_vote(incident=incident, round=round, outcome=outcome,
                             rationale=rationale, evidence=evidence, time=time)  # fmt: skip
    if not crypto.verifies(key.public_key, signature, message):
        raise SignatureError(
            f"the signature does not verify under {member}'s key {key.fingerprint} over the "
            f"canonical vote on incident {incident}, round {round}", hint=_HINT,
        )  # fmt: skip
    return key


def vote_verifies(row: VoteRow, key: MemberKeyRow) -> bool:
    """Whether a stored vote's signature verifies under ``key`` over its stored fields."""
    if row.signature is None or row.signed_at is None:
        return False
    message = canonical_vote(
        incident=row.incident_id, round=row.round, outcome=row.choice, rationale=row.rationale,
        evidence=json.loads(row.evidence), time=row.signed_at,
    )  # fmt: skip
    return crypto.verifies(key.public_key, row.signature, message)


def check_signatures(session: Session) -> Iterator[tuple[int | None, str, str]]:
    """(audit seq, record, why) for every key that differs from its audit entries and every
    vote whose signature does not verify, or that is unsigned though its member had a key."""
    entries: dict[tuple[str, str, str], AuditEntryRow] = {}
    for entry in session.scalars(
        select(AuditEntryRow).where(AuditEntryRow.record_type.in_(["member_key", "vote"]))
    ):
        entries[(entry.record_type, entry.record_id, entry.action)] = entry
    keys = {row.id: row for row in session.scalars(select(MemberKeyRow))}
    for row in keys.values():
        label = f"member key {row.id} ({row.organisation}, {row.fingerprint})"
        made = entries.get(("member_key", str(row.id), "key.register"))
        if made is None or made.content_hash != key_content(
            row.organisation, row.public_key, row.valid_from
        ):
            yield (made.seq if made else None), label, "the key differs from its registration"
        ended = entries.get(("member_key", str(row.id), "key.retire"))
        if (ended is None) != (row.valid_until is None) or (
            ended is not None
            and ended.content_hash != retire_content(row.id, row.public_key, row.valid_until)
        ):
            yield (ended.seq if ended else None), label, "its validity differs from the log"
    by_org: dict[str, list[MemberKeyRow]] = {}
    for vote in session.scalars(select(VoteRow).order_by(VoteRow.id)):
        cast = entries.get(("vote", str(vote.id), "vote.cast"))
        seq = cast.seq if cast else None
        label = f"vote {vote.id} ({vote.member}, incident {vote.incident_id} round {vote.round})"
        if vote.member not in by_org:
            by_org[vote.member] = org_keys(session, vote.member)
        if vote.signature is None:
            held = key_at(by_org[vote.member], cast.at if cast else vote.cast_at)
            if held is not None:
                yield seq, label, f"unsigned, though {vote.member} had key {held.fingerprint} then"
            continue
        key = keys.get(vote.key_id) if vote.key_id is not None else None
        if key is None or key not in by_org[vote.member]:
            yield seq, label, "signed under a key that is not its member's"
        elif key_at(by_org[vote.member], cast.at if cast else vote.cast_at) is not key:
            yield seq, label, f"cast when key {key.fingerprint} was not valid"
        elif not vote_verifies(vote, key):
            yield (
                seq,
                label,
                (
                    f"its signature does not verify under {vote.member}'s key {key.fingerprint}: "
                    "the vote was changed after it was signed"
                ),
            )
