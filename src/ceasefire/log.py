"""Logging set-up. Library modules only call ``logging.getLogger(__name__)``."""

from __future__ import annotations

import logging


def configure_logging(level: str = "WARNING") -> None:
    """Send ceasefire's log records to stderr at ``level`` (used by the faces, never at import)."""
    logger = logging.getLogger("ceasefire")
    if not any(getattr(h, "_ceasefire", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._ceasefire = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level.upper())
