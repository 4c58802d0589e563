"""Event triggers: patterns from ``resources/coding/triggers.yaml`` that say an event happened.

A trigger maps a regular expression onto an ACLED 2019+ event type and sub-event type (and a
PLOVER code for non-violent events). The file is data analysts extend; it is validated on load
with errors naming its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ceasefire.coding.model import Sentence, TriggerHit
from ceasefire.errors import InputError
from ceasefire.events.taxonomy import SUB_EVENT_TYPES
from ceasefire.yamlfile import parse_yaml, validation_error

ROLES = ("", "attack", "accuse", "deny", "context")
_WORD = re.compile(r"[a-z]+")


class TriggerSpec(BaseModel):
    """One entry of ``triggers.yaml``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    pattern: str = Field(min_length=1)
    event_type: str
    sub_event_type: str
    plover: str = ""
    priority: int = 0
    violent: bool = False
    role: str = ""

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @field_validator("role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        if value not in ROLES:
            raise ValueError(f"role must be one of {', '.join(r or '(empty)' for r in ROLES)}")
        return value


class TriggerFile(BaseModel):
    """The whole of ``triggers.yaml``."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    cues: list[str] = Field(default_factory=list)
    triggers: list[TriggerSpec]


@dataclass(frozen=True)
class Trigger:
    """A compiled trigger."""

    spec: TriggerSpec
    regex: re.Pattern[str]


class TriggerSet:
    """All triggers, with one combined pattern for the cheap relevance test."""

    def __init__(self, specs: list[TriggerSpec], cues: list[str] | None = None) -> None:
        self.triggers = [Trigger(s, re.compile(s.pattern, re.IGNORECASE)) for s in specs]
        self.any = re.compile("|".join(f"(?:{s.pattern})" for s in specs), re.IGNORECASE)
        self.cues = frozenset(c.lower() for c in cues or ())
        self._cue_lengths = sorted({len(c) for c in self.cues})

    def has_cue(self, text: str) -> bool:
        """True when a word of ``text`` starts with a cue stem (always true without cues)."""
        if not self.cues:
            return True
        cues, lengths = self.cues, self._cue_lengths
        for word in _WORD.findall(text.lower()):
            for n in lengths:
                if n > len(word):
                    break
                if word[:n] in cues:
                    return True
        return False

    def is_relevant(self, text: str) -> bool:
        """True when any trigger matches ``text`` (the prefilter before the parser)."""
        return self.has_cue(text) and self.any.search(text) is not None

    def find(self, text: str) -> list[TriggerHit]:
        """Every trigger match in ``text``, highest priority first, then leftmost."""
        hits: list[TriggerHit] = []
        for trig in self.triggers:
            s = trig.spec
            for m in trig.regex.finditer(text):
                hits.append(
                    TriggerHit(
                        rule=f"trigger.{s.id}",
                        start=m.start(),
                        end=m.end(),
                        event_type=s.event_type,
                        sub_event_type=s.sub_event_type,
                        plover=s.plover,
                        priority=s.priority,
                        violent=s.violent,
                        role=s.role,
                    )
                )
        hits.sort(key=lambda h: (-h.priority, h.start))
        return hits


def parse_triggers(text: str, *, source: str) -> TriggerSet:
    """Validate the text of a triggers file; errors name ``source`` and the line."""
    doc = parse_yaml(text, source=source)
    try:
        parsed = TriggerFile.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_error(doc, exc, what="trigger file") from exc
    for i, spec in enumerate(parsed.triggers):
        known = SUB_EVENT_TYPES.get(spec.event_type)
        if known is None or spec.sub_event_type not in known:
            raise InputError(
                f"'{spec.event_type}' / '{spec.sub_event_type}' is not an ACLED 2019+ "
                "event type and sub-event type",
                source=source,
                line=doc.line_of(("triggers", i, "sub_event_type")),
                field=f"triggers.{i}.sub_event_type",
                hint="Use the names of ACLED's codebook, e.g. 'Battles' / 'Armed clash'.",
            )
    return TriggerSet(parsed.triggers, parsed.cues)


def load_triggers(path: str | Path | None = None) -> TriggerSet:
    """Load a triggers file (the packaged ``triggers.yaml`` by default)."""
    if path is None:
        return _default_triggers()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read trigger file: {exc}", source=str(p)) from exc
    return parse_triggers(text, source=str(p))


@lru_cache(maxsize=1)
def _default_triggers() -> TriggerSet:
    res = resources.files("ceasefire").joinpath("resources/coding/triggers.yaml")
    return parse_triggers(res.read_text(encoding="utf-8"), source="triggers.yaml")


def find_triggers(sentence: Sentence, triggers: TriggerSet) -> Sentence:
    """Stage ``ceasefire.triggers.v1``: record the trigger hits of a relevant sentence."""
    if sentence.relevant:
        sentence.triggers = triggers.find(sentence.text)
    return sentence
