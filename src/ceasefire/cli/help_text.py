"""How ``--help`` shows options: a flag takes no value, so no ``<bool>`` beside it."""

from __future__ import annotations

from typing import Any

from typer.core import TyperOption

_shown = TyperOption.display_type_rich


def _flag_without_type(self: TyperOption, ctx: Any) -> str | None:
    if self.is_flag:
        return None
    return _shown(self, ctx)


def hide_flag_types() -> None:
    """Show no value type beside flags (``--skip-bad``, ``--json``, ``--help``) in ``--help``."""
    TyperOption.display_type_rich = _flag_without_type  # type: ignore[method-assign]
