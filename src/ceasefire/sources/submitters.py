"""Who submitted a write, and which id space their records' ids live in.

A dataset's ids (ACLED's ``event_id_cnty``, ``UCDP-<id>``) are only meaningful in the dataset's
space. Files ingested on the command line, and files submitted through the API by a curator
(admin or monitor), are the datasets' space ``''``; anyone else's submissions (a party liaison)
live in their organisation's space, so a submitted row can never take a dataset's id first and
make the genuine file be refused. Untrusted submissions are also where spreadsheet formulas
are flagged (``sources.formulas``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.accounts.models import UserRow

#: Roles whose submissions are datasets (their ids are the datasets' own).
CURATOR_ROLES = frozenset({"admin", "monitor"})


@dataclass(frozen=True)
class Submitter:
    """The user behind a write: name, organisation, and whether they curate datasets."""

    name: str = "local"
    organisation: str = ""
    curator: bool = True

    @classmethod
    def of_user(cls, user: UserRow) -> Submitter:
        return cls(user.name, user.organisation, user.role in CURATOR_ROLES)

    @property
    def id_space(self) -> str:
        """``''`` for curators; else ``org:ORGANISATION`` (or ``user:NAME`` without one)."""
        if self.curator:
            return ""
        return f"org:{self.organisation}" if self.organisation else f"user:{self.name}"
