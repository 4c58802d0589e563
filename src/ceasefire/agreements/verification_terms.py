"""Verification rules as data: where the quorum comes from, and who recuses.

In an agreement file, under ``verification:``::

    quorum: unanimous
    quorum_basis: assumption          # stated | assumption | unspecified (default)
    quorum_note: The 24 Jan 2017 statement sets up the mechanism but not how it decides.
    recusal:
      rule: own_forces                # own_forces (default) | none
      forces:                         # more of a member's own forces (actor names)
        Iran: [Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps]
      affiliates:                     # forces a member answers for (actor names)
        Iran: [Liwa Fatemiyoun, Liwa Zainebiyoun]

Under ``own_forces`` a member recuses on an incident when one of its own forces (the state
forces the actor registry gives that country, e.g. ``Military Forces of Iran (1989-)`` and
its sub-units, plus those listed under ``forces``) or a listed affiliate is the accused (the
acting party of an observed incident, the accused of an allegation) or the party the
assessment attributes the incident to. Registry affiliations are not followed on their own:
an affiliate recuses a member only when the file lists it, so the rule widens only by an
edit one can read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ceasefire.agreements.checks import ReferenceProblem
from ceasefire.agreements.names import normalise_name

if TYPE_CHECKING:
    from ceasefire.agreements.schema import Agreement

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
QuorumBasis = Literal["stated", "assumption", "unspecified"]
RECUSAL_RULES = ("own_forces", "none")


class Recusal(BaseModel):
    """Who recuses on an incident (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: Literal["own_forces", "none"] = "own_forces"
    forces: dict[Name, list[Name]] = Field(default_factory=dict)
    affiliates: dict[Name, list[Name]] = Field(default_factory=dict)

    def listed(self, member: str) -> list[str]:
        """The actor names the file lists for ``member`` (forces, then affiliates)."""
        wanted = normalise_name(member)
        out: list[str] = []
        for table in (self.forces, self.affiliates):
            for key, names in table.items():
                if normalise_name(key) == wanted:
                    out.extend(names)
        return out


#: The new verification keys at their defaults, left out of the canonical JSON so agreements
#: stored before these keys existed keep their content hash.
VERIFICATION_DEFAULTS: dict[str, object] = {
    "quorum_basis": "unspecified",
    "quorum_note": "",
    "recusal": Recusal().model_dump(mode="json"),
}


def verification_problems(a: Agreement) -> list[ReferenceProblem]:
    """A recusal rule naming an unknown member; an assumed quorum with no note."""
    rule = a.verification
    out: list[ReferenceProblem] = []
    members = {normalise_name(m) for m in rule.members}
    for table in ("forces", "affiliates"):
        for key in getattr(rule.recusal, table):
            if normalise_name(key) not in members:
                out.append(
                    ReferenceProblem(
                        f"recusal {table} names '{key}', which is not a member of the "
                        f"verification body (members: {', '.join(rule.members)})",
                        ("verification", "recusal", table, key),
                    )
                )
    if rule.quorum_basis == "assumption" and not rule.quorum_note.strip():
        out.append(
            ReferenceProblem(
                "an assumed quorum needs a quorum_note saying what the assumption rests on",
                ("verification", "quorum_basis"),
            )
        )
    return out


def short_quorum(a: Agreement) -> str:
    """The quorum in a few words, ``(assumed)`` when the file marks it an assumption."""
    rule = a.verification
    quorum = rule.quorum if isinstance(rule.quorum, str) else f"{rule.quorum.n} of the members"
    return quorum + (" (assumed)" if rule.quorum_basis == "assumption" else "")


def quorum_text(a: Agreement) -> str:
    """The quorum and where it comes from, e.g. ``unanimous (assumption: ...)``."""
    rule = a.verification
    quorum = rule.quorum if isinstance(rule.quorum, str) else f"{rule.quorum.n} of the members"
    basis = {
        "stated": "stated in the text",
        "assumption": "an assumption",
        "unspecified": "source not given",
    }[rule.quorum_basis]
    note = f": {rule.quorum_note.strip()}" if rule.quorum_note.strip() else ""
    return f"{quorum} ({basis}{note})"
