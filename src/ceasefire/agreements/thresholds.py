"""The ``thresholds:`` block of an agreement file: when a zone is holding, strained or broken.

A zone is ``broken`` when its count of violations (or of verified violations, per ``counts``)
or its fatalities reach the ``broken`` level, else ``strained`` when they reach the
``strained`` level, else ``holding``. Levels are written per ``per_days`` days (7 by default)
and scaled to the window asked for (rounded up), so ``--days 28`` with ``broken: {violations:
5}`` needs 20 violations. Every omitted key takes the default below; an agreement file
without the block gets :data:`DEFAULT_THRESHOLDS`.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ceasefire.agreements.checks import ReferenceProblem


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Model):
    """A status is reached when either count reaches its figure (an omitted figure never)."""

    violations: int | None = Field(default=None, ge=1)
    fatalities: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _not_empty(self) -> Level:
        if self.violations is None and self.fatalities is None:
            raise ValueError("a level needs violations:, fatalities: or both")
        return self

    def scaled(self, factor: float) -> Level:
        """The level for a window ``factor`` times as long as ``per_days`` (rounded up)."""

        def up(n: int | None) -> int | None:
            return None if n is None else max(1, math.ceil(n * factor - 1e-9))

        return Level(violations=up(self.violations), fatalities=up(self.fatalities))

    def reached(self, violations: int, fatalities: int) -> bool:
        return (self.violations is not None and violations >= self.violations) or (
            self.fatalities is not None and fatalities >= self.fatalities
        )

    def describe(self, counted: str) -> str:
        """``≥ 5 violations or ≥ 10 deaths``."""
        noun = "violation" if counted == "violations" else "verified violation"
        parts = []
        if self.violations is not None:
            parts.append(f"≥ {self.violations} {noun}{'s' if self.violations != 1 else ''}")
        if self.fatalities is not None:
            parts.append(f"≥ {self.fatalities} {'death' if self.fatalities == 1 else 'deaths'}")
        return " or ".join(parts)


class Thresholds(_Model):
    """Status thresholds and the settings of trends, spikes and hotspots."""

    per_days: int = Field(default=7, ge=1, le=366)
    counts: Literal["violations", "verified"] = "violations"
    strained: Level = Level(violations=1, fatalities=1)
    broken: Level = Level(violations=5, fatalities=10)
    #: The baseline is the same length of time just before the ceasefire while the window
    #: starts within this many days of it, and the previous period after that.
    baseline_horizon_days: int = Field(default=90, ge=0)
    #: A day is a spike when its violations reach ``spike_factor`` x the mean of the
    #: ``rolling_days`` days before it, and at least ``spike_min``.
    rolling_days: int = Field(default=28, ge=1, le=366)
    spike_factor: float = Field(default=3.0, gt=1.0)
    spike_min: int = Field(default=3, ge=1)
    #: H3 resolution of hotspot cells (6: cells of about 36 km²); ``hotspots``: how many.
    hotspot_resolution: int = Field(default=6, ge=0, le=15)
    hotspots: int = Field(default=5, ge=0, le=100)

    @model_validator(mode="after")
    def _broken_above_strained(self) -> Thresholds:
        for key in ("violations", "fatalities"):
            low, high = getattr(self.strained, key), getattr(self.broken, key)
            if low is not None and high is not None and high < low:
                raise ReferenceProblem(
                    f"broken {key} ({high}) is below strained {key} ({low}); broken must be "
                    "the higher level",
                    ("broken", key),
                )
        return self

    def for_window(self, days: int) -> Thresholds:
        """These thresholds with both levels scaled from ``per_days`` to ``days``."""
        factor = days / self.per_days
        return self.model_copy(
            update={
                "per_days": days,
                "strained": self.strained.scaled(factor),
                "broken": self.broken.scaled(factor),
            }
        )

    def status(self, violations: int, fatalities: int) -> str:
        """``broken``, ``strained`` or ``holding`` for these counts (levels as given)."""
        if self.broken.reached(violations, fatalities):
            return "broken"
        if self.strained.reached(violations, fatalities):
            return "strained"
        return "holding"

    def describe(self) -> str:
        """The rule in words, e.g. ``broken: ≥ 5 violations or ≥ 10 deaths; strained: ≥ 1
        violation or ≥ 1 death (in 7 days)``."""
        return (
            f"broken: {self.broken.describe(self.counts)}; "
            f"strained: {self.strained.describe(self.counts)} (in {self.per_days} days)"
        )


DEFAULT_THRESHOLDS = Thresholds()
