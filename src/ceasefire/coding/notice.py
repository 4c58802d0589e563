"""What the coder tells its caller about one input text, beside its events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Notice", "OnNotice"]


@dataclass(frozen=True)
class Notice:
    """Something to tell the user about one input text (the CLI prints it as a warning): a
    text not in English, events without a date."""

    source: str  # the file
    row_id: str  # the text within it (file name, file#n, CSV line or id)
    message: str

    def __str__(self) -> str:
        if not self.row_id or self.source.endswith(self.row_id):
            return f"{self.source}: {self.message}"
        return f"{self.source} ({self.row_id}): {self.message}"


OnNotice = Callable[[Notice], None]
