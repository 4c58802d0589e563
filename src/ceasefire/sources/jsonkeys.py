"""JSON objects with each key once: a repeated key is refused, never "last one wins".

``json.loads`` keeps the last of two equal keys, so ``{"fatalities": 2, "fatalities": 200}``
would silently store 200. Readers pass ``object_pairs_hook=unique_keys`` instead.
"""

from __future__ import annotations

from typing import Any


class DuplicateKeyError(ValueError):
    """An object names the same key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}: each key may appear once in an object")
        self.key = key


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for ``json.loads`` that refuses a key given twice."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return obj
