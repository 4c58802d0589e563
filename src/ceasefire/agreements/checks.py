"""Cross-reference checks of an agreement, run after its fields are valid.

Each problem is a :class:`ReferenceProblem` (a ``ValueError``) carrying the key path it
concerns, so the loader can point at the line of the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ceasefire.agreements.names import index_of, normalise_name

if TYPE_CHECKING:
    from ceasefire.agreements.schema import Agreement

Path = tuple[str | int, ...]


class ReferenceProblem(ValueError):
    """A cross-reference in an agreement is wrong; ``path`` is the key path it concerns."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def reference_problems(agreement: Agreement) -> list[ReferenceProblem]:
    """Every cross-reference error in ``agreement``, in file order of the keys concerned."""
    a = agreement
    problems: list[ReferenceProblem] = []

    def problem(message: str, *path: str | int) -> None:
        problems.append(ReferenceProblem(message, path))

    if a.effective_until is not None and a.effective_until <= a.effective_from:
        problem(
            f"effective_until ({a.effective_until.isoformat()}) must be after "
            f"effective_from ({a.effective_from.isoformat()})",
            "effective_until",
        )

    seen_actor: dict[str, str] = {}
    for i, party in enumerate(a.parties):
        names = [("actor", None, party.actor)] + [
            ("includes", j, n) for j, n in enumerate(party.includes)
        ]
        for key, j, name in names:
            folded = normalise_name(name)
            if folded in seen_actor:
                where = ("parties", i, key) if j is None else ("parties", i, key, j)
                problem(f"actor '{name}' is already listed under {seen_actor[folded]}", *where)
            seen_actor[folded] = f"party '{party.actor}'"

    for k, excluded in enumerate(a.excluded_actors):
        actor = excluded.actor
        if normalise_name(actor) in seen_actor:
            problem(
                f"'{actor}' is excluded from the agreement but also listed under "
                f"{seen_actor[normalise_name(actor)]}; an actor is either a party or excluded",
                "excluded_actors",
                k,
            )

    guarantor_names: list[str] = []
    for i, g in enumerate(a.guarantors):
        if normalise_name(g.name) in index_of(guarantor_names):
            problem(f"guarantor '{g.name}' is listed twice", "guarantors", i, "name")
        guarantor_names.append(g.name)
        if g.joined is not None and a.effective_until is not None and g.joined >= a.effective_until:
            problem(
                f"guarantor '{g.name}' joins ({g.joined.isoformat()}) after the agreement ends",
                "guarantors",
                i,
                "joined",
            )

    seen_types: set[str] = set()
    for i, act in enumerate(a.prohibited_acts):
        if act.event_type in seen_types:
            problem(
                f"'{act.event_type}' is listed twice; list its sub-event types under one entry",
                "prohibited_acts",
                i,
                "event_type",
            )
        seen_types.add(act.event_type)

    seen_zones: set[str] = set()
    for i, zone in enumerate(a.zones):
        if zone.id in seen_zones:
            problem(f"zone id '{zone.id}' is used twice; zone ids must be unique", "zones", i, "id")
        seen_zones.add(zone.id)

    voters = index_of(guarantor_names) | index_of(a.monitors)
    seen_members: set[str] = set()
    for i, member in enumerate(a.verification.members):
        folded = normalise_name(member)
        if folded in seen_members:
            problem(f"member '{member}' is listed twice", "verification", "members", i)
        seen_members.add(folded)
        if folded not in voters:
            known = ", ".join(guarantor_names + a.monitors) or "none declared"
            problem(
                f"member '{member}' is neither a guarantor nor a monitor "
                f"(guarantors and monitors: {known})",
                "verification",
                "members",
                i,
            )

    quorum = a.verification.quorum
    if not isinstance(quorum, str) and quorum.n > len(a.verification.members):
        problem(
            f"quorum n = {quorum.n} but only {len(a.verification.members)} members can vote",
            "verification",
            "quorum",
            "n",
        )
    return problems
