"""Verify an export of the audit log against a checkpoint, without the store and without
trusting the server: ``python -m ceasefire.verification.offline EXPORT CHECKPOINT``.

From the export alone it recomputes every entry's hash and the chain, the RFC 9162 tree and
its root; checks the checkpoint's signature, that it is of this log and signed by the
server's key (the export's, or the one given), and that the log extends it (a consistency
proof); checks each member key against the entries that registered and retired it, each vote
against the entry that cast it, and each vote's signature against its member's key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ceasefire.audit import crypto, merkle
from ceasefire.audit.checkpoint import parse_checkpoint
from ceasefire.audit.export import FORMAT
from ceasefire.audit.extends import check_extends, check_origin
from ceasefire.audit.keys import key_at, key_content, retire_content
from ceasefire.audit.leaves import ENTRY_FIELDS, entry_leaf
from ceasefire.audit.log import GENESIS_HASH, entry_hash
from ceasefire.audit.signatures import canonical_vote
from ceasefire.errors import InputError
from ceasefire.events.record import hash_content

_HINT = "Give a file written by `ceasefire audit export -o FILE`."
_VOTE_FIELDS = ("id", "incident", "round", "member", "user", "outcome", "rationale",
                "evidence", "cast_at", "signed_at", "signature", "key_id")  # fmt: skip
_KEY_FIELDS = ("id", "organisation", "public_key", "fingerprint", "valid_from", "valid_until")


@dataclass(frozen=True)
class ExportKey:
    id: int
    organisation: str
    public_key: str
    fingerprint: str
    valid_from: str
    valid_until: str | None


@dataclass
class OfflineReport:
    entries: int = 0
    root: str = ""
    checkpoint_size: int = 0
    proof_hashes: int = 0
    keys: int = 0
    signed_votes: int = 0
    unsigned_votes: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Export:
    header: dict[str, Any]
    entries: list[dict[str, Any]] = field(default_factory=list)
    keys: list[ExportKey] = field(default_factory=list)
    votes: list[dict[str, Any]] = field(default_factory=list)


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"not JSON ({exc.msg})", source=str(path), line=number,
                                     hint=_HINT) from exc  # fmt: skip
                if not isinstance(record, dict):
                    raise InputError("not a JSON object", source=str(path), line=number,
                                     hint=_HINT)  # fmt: skip
                yield number, record
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the export: {getattr(exc, 'strerror', None) or exc}",
                         source=str(path), hint=_HINT) from exc  # fmt: skip


def read_export(path: Path) -> Export:
    """The export's records, checked for shape (line-numbered errors)."""
    export: Export | None = None
    wanted = {"entry": ENTRY_FIELDS, "key": _KEY_FIELDS, "vote": _VOTE_FIELDS}
    for number, record in _records(path):
        kind = record.get("kind")
        if export is None:
            if kind != "header" or record.get("format") != FORMAT:
                raise InputError(f"not a ceasefire audit export: line 1 is no {FORMAT} header",
                                 source=str(path), line=number, hint=_HINT)  # fmt: skip
            export = Export(header=record)
            continue
        if kind not in wanted:
            raise InputError(f"unknown record kind {kind!r}", source=str(path), line=number,
                             field="kind", hint=_HINT)  # fmt: skip
        missing = [name for name in wanted[kind] if name not in record]
        if missing:
            raise InputError(f"a {kind} record without {', '.join(missing)}", source=str(path),
                             line=number, hint=_HINT)  # fmt: skip
        if kind == "entry":
            export.entries.append({name: record[name] for name in ENTRY_FIELDS})
        elif kind == "key":
            export.keys.append(ExportKey(**{name: record[name] for name in _KEY_FIELDS}))
        else:
            export.votes.append(record)
    if export is None:
        raise InputError("the export is empty", source=str(path), hint=_HINT)
    return export


def _check_chain(entries: list[dict[str, Any]], report: OfflineReport) -> None:
    prev = GENESIS_HASH
    for number, entry in enumerate(entries, 1):
        fields = {name: entry[name] for name in ENTRY_FIELDS if name != "entry_hash"}
        if entry["seq"] != number:
            report.problems.append(f"audit entry {entry['seq']}: expected entry {number}")
            return
        if fields["prev_hash"] != prev or entry_hash(**fields) != entry["entry_hash"]:
            report.problems.append(f"audit entry {number}: its hash or link is wrong")
            return
        prev = entry["entry_hash"]


def _check_keys(export: Export, by_entry: dict[tuple[str, str], dict[str, Any]],
                report: OfflineReport) -> None:  # fmt: skip
    for key in export.keys:
        label = f"member key {key.id} ({key.organisation}, {key.fingerprint})"
        made = by_entry.get((str(key.id), "key.register"))
        if made is None or made["content_hash"] != key_content(
            key.organisation, key.public_key, key.valid_from
        ) or crypto.fingerprint(key.public_key) != key.fingerprint:  # fmt: skip
            report.problems.append(f"{label}: the key differs from its registration entry")
        ended = by_entry.get((str(key.id), "key.retire"))
        if (ended is None) != (key.valid_until is None) or (
            ended is not None
            and ended["content_hash"] != retire_content(key.id, key.public_key, key.valid_until)
        ):
            report.problems.append(f"{label}: its validity differs from the log")


def _check_votes(export: Export, by_entry: dict[tuple[str, str], dict[str, Any]],
                 report: OfflineReport) -> None:  # fmt: skip
    keys = {k.id: k for k in export.keys}
    cast_ids = {rid for rid, action in by_entry if action == "vote.cast"}
    for vote in export.votes:
        label = f"vote {vote['id']} ({vote['member']}, incident {vote['incident']})"
        cast_ids.discard(str(vote["id"]))
        cast = by_entry.get((str(vote["id"]), "vote.cast"))
        content = hash_content([vote["incident"], vote["round"], vote["member"], vote["user"],
                                vote["outcome"], vote["rationale"], vote["evidence"]])  # fmt: skip
        if cast is None or cast["content_hash"] != content:
            report.problems.append(f"{label}: differs from the audit entry that cast it")
            continue
        member_keys = [k for k in export.keys if k.organisation == vote["member"]]
        if vote["signature"] is None:
            report.unsigned_votes += 1
            held = key_at(member_keys, cast["at"])
            if held is not None:
                report.problems.append(
                    f"{label}: unsigned, though {vote['member']} had key {held.fingerprint} then"
                )
            continue
        report.signed_votes += 1
        key = keys.get(vote["key_id"])
        message = canonical_vote(incident=vote["incident"], round=vote["round"],
                                 outcome=vote["outcome"], rationale=vote["rationale"],
                                 evidence=vote["evidence"], time=vote["signed_at"])  # fmt: skip
        if (
            key is None or key not in member_keys
            or key_at(member_keys, cast["at"]) is not key
            or not crypto.verifies(key.public_key, vote["signature"], message)
        ):  # fmt: skip
            report.problems.append(f"{label}: its signature does not verify under its "
                                   "member's key valid then")  # fmt: skip
    for missing in sorted(cast_ids, key=int):
        report.problems.append(f"vote {missing}: cast in the log but absent from the export")


def verify_offline(
    export_path: Path, checkpoint_path: Path, *, server_key: str | None = None
) -> OfflineReport:
    """Check the export against the checkpoint (see the module docstring)."""
    export = read_export(export_path)
    try:
        cp_text = checkpoint_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the checkpoint: {getattr(exc, 'strerror', None) or exc}",
                         source=str(checkpoint_path)) from exc  # fmt: skip
    cp = parse_checkpoint(cp_text, source=str(checkpoint_path))
    report = OfflineReport(entries=len(export.entries), checkpoint_size=cp.size)
    _check_chain(export.entries, report)
    leaves = [entry_leaf(e) for e in export.entries]
    report.root = merkle.root(leaves).hex()
    store = export.entries[0]["entry_hash"] if export.entries else ""
    pinned = server_key or export.header.get("server_key")
    check_origin(cp, store=store, key=pinned if isinstance(pinned, str) else None,
                 source=str(checkpoint_path))  # fmt: skip
    extension = check_extends(cp, leaves)
    report.proof_hashes = extension.proof_hashes
    if extension.problem is not None:
        report.problems.append(extension.problem)
    by_entry = {
        (str(e["record_id"]), str(e["action"])): e
        for e in export.entries if e["record_type"] in ("member_key", "vote")
    }  # fmt: skip
    report.keys = len(export.keys)
    _check_keys(export, by_entry, report)
    _check_votes(export, by_entry, report)
    return report
