"""The coder: documents in, events out, through the stages named in ``pipeline.yaml``.

Each stage is a function ``(batch, coder) -> batch`` over a list of ``DocumentContext``,
registered below under a versioned name. The runner checks what each stage returns. The spaCy
model, the actor registry and the gazetteer are loaded on first use, never at import.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ceasefire.coding import actors, country, dates, events, fatalities, places, sentences
from ceasefire.coding.model import DocumentContext, GazetteerLike, RegistryLike
from ceasefire.coding.triggers import TriggerSet, find_triggers, load_triggers
from ceasefire.errors import CeasefireError, InputError
from ceasefire.yamlfile import parse_yaml, validation_error

log = logging.getLogger(__name__)

Stage = Callable[[list[DocumentContext], "Coder"], list[DocumentContext]]


class PipelineConfig(BaseModel):
    """``pipeline.yaml``: stage order and settings."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    stages: list[str] = Field(min_length=1)
    place_ruler_countries: list[str] = Field(default_factory=list)
    batch_size: int = Field(default=256, ge=1, le=100000)
    use_ner: bool = False


def load_config(path: str | Path | None = None) -> PipelineConfig:
    """Read and validate a pipeline file (the packaged one by default)."""
    if path is None:
        res = resources.files("ceasefire").joinpath("resources/coding/pipeline.yaml")
        text, source = res.read_text(encoding="utf-8"), "pipeline.yaml"
    else:
        try:
            text, source = Path(path).read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read pipeline file: {exc}", source=str(path)) from exc
    doc = parse_yaml(text, source=source)
    try:
        config = PipelineConfig.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_error(doc, exc, what="pipeline file") from exc
    for i, name in enumerate(config.stages):
        if name not in STAGES:
            raise InputError(
                f"unknown stage '{name}'",
                source=source,
                line=doc.line_of(("stages", i)),
                field=f"stages.{i}",
                hint=f"Known stages: {', '.join(sorted(STAGES))}.",
            )
    return config


# --- stages -------------------------------------------------------------------------------


def _sentences(batch: list[DocumentContext], coder: Coder) -> list[DocumentContext]:
    return [sentences.segment_document(d, coder.triggers) for d in batch]


def _parse(batch: list[DocumentContext], coder: Coder) -> list[DocumentContext]:
    todo = [s for d in batch for s in d.sentences if s.relevant]
    if todo:
        for s, parsed in zip(
            todo, coder.nlp.pipe((s.text for s in todo), batch_size=256), strict=True
        ):
            s.parsed = parsed
    return batch


def _triggers(batch: list[DocumentContext], coder: Coder) -> list[DocumentContext]:
    for d in batch:
        for s in d.sentences:
            find_triggers(s, coder.triggers)
    return batch


def _country(batch: list[DocumentContext], coder: Coder) -> list[DocumentContext]:
    names = coder.country_table
    for d in batch:
        # the sentences whose places are looked up: the relevant ones and those before them
        read = {s.index for s in d.sentences if s.relevant} | _leads(d)
        text = " ".join(s.text for s in d.sentences if s.index in read)
        d.named_countries = country.named_countries(text, names)
    return [country.infer_country(d, coder.gazetteer, coder.registry, names) for d in batch]


def _actors(batch: list[DocumentContext], coder: Coder) -> list[DocumentContext]:
    kinds = actors.load_actor_kinds()
    names = coder.country_names
    for d in batch:
        for s in d.sentences:
            if s.relevant:
                s.actors = actors.find_actor_mentions(s, coder.registry, kinds, d.country, names)
    return batch


def _leads(doc: DocumentContext) -> set[int]:
    """Sentences that set the scene for a relevant one right after them ("Residents of X
    gathered on the Y road. During the protest, HTS opened fire."): their places and dates
    are read too, for an event whose own sentence names none."""
    return {s.index - 1 for s in doc.sentences if s.relevant and s.index > 0}


def _places(batch: list[DocumentContext], coder: Coder) -> list[DocumentContext]:
    for d in batch:
        near: list[Any] = []
        leads = _leads(d)
        for s in d.sentences:
            places.geocode_sentence(
                s,
                coder.gazetteer,
                d.country,
                near,
                coder.country_names,
                lead=s.index in leads,
                named=d.named_countries,
            )
    return batch


def _dates(batch: list[DocumentContext], coder: Coder) -> list[DocumentContext]:
    for d in batch:
        leads = _leads(d)
        for s in d.sentences:
            dates.date_sentence(s, d.reference_date, lead=s.index in leads)
    return batch


def _fatalities(batch: list[DocumentContext], coder: Coder) -> list[DocumentContext]:
    for d in batch:
        relevant = [s.index for s in d.sentences if s.relevant]
        for s in d.sentences:
            # an event's figure is in its sentence or one of the two after it
            if any(0 <= s.index - r <= 2 for r in relevant):
                fatalities.count_sentence(s)
    return batch


def _events(batch: list[DocumentContext], coder: Coder) -> list[DocumentContext]:
    return [events.build_events(d, coder.registry) for d in batch]


STAGES: dict[str, Stage] = {
    "ceasefire.sentences.v1": _sentences,
    "ceasefire.parse.v1": _parse,
    "ceasefire.triggers.v1": _triggers,
    "ceasefire.country.v1": _country,
    "ceasefire.actors.v1": _actors,
    "ceasefire.places.v1": _places,
    "ceasefire.dates.v1": _dates,
    "ceasefire.fatalities.v1": _fatalities,
    "ceasefire.events.v1": _events,
}


# --- the coder ----------------------------------------------------------------------------


def _default_registry() -> RegistryLike | None:
    try:
        from ceasefire.actors.registry import default_registry
    except ImportError:
        log.warning("ceasefire.actors.registry is not available; actors will not be named")
        return None
    return default_registry()


def _default_gazetteer() -> GazetteerLike | None:
    try:
        from ceasefire.places.gazetteer import default_gazetteer
    except ImportError:
        log.warning("ceasefire.places.gazetteer is not available; places will not be coded")
        return None
    return default_gazetteer()


@dataclass
class Coder:
    """Runs the configured stages over documents. Heavy resources load on first use."""

    config: PipelineConfig = field(default_factory=load_config)
    registry_override: RegistryLike | None = None
    gazetteer_override: GazetteerLike | None = None
    triggers_path: str | Path | None = None
    model: Any = None  # a spaCy Language to use instead of loading the packaged model
    use_defaults: bool = True  # load the default registry and gazetteer when none is given

    @cached_property
    def registry(self) -> RegistryLike | None:
        if self.registry_override is not None or not self.use_defaults:
            return self.registry_override
        return _default_registry()

    @cached_property
    def gazetteer(self) -> GazetteerLike | None:
        if self.gazetteer_override is not None or not self.use_defaults:
            found = self.gazetteer_override
        else:
            found = _default_gazetteer()
        return places.CachedGazetteer(found) if found is not None else None

    @cached_property
    def triggers(self) -> TriggerSet:
        return load_triggers(self.triggers_path)

    @cached_property
    def country_table(self) -> dict[str, str]:
        """Lower-cased country name -> country name, from the gazetteer."""
        return country.country_names(self.gazetteer) if self.gazetteer is not None else {}

    @cached_property
    def country_names(self) -> frozenset[str]:
        """Names of countries (from the gazetteer), for states named as actors."""
        return frozenset(self.country_table.values())

    @cached_property
    def nlp(self) -> Any:
        from ceasefire.coding.nlp import build_nlp

        return build_nlp(
            self.registry,
            self.gazetteer,
            place_countries=self.config.place_ruler_countries or None,
            countries=sorted(self.country_names),
            model=self.model,
            use_ner=self.config.use_ner,
        )

    def run_batch(self, batch: list[DocumentContext]) -> list[DocumentContext]:
        """Run every stage over one batch of documents."""
        for name in self.config.stages:
            out = STAGES[name](batch, self)
            if not isinstance(out, list) or len(out) != len(batch):
                raise CeasefireError(
                    f"pipeline stage '{name}' returned {type(out).__name__} "
                    f"of {len(out) if isinstance(out, list) else '?'} documents for {len(batch)}",
                    hint="A stage must return the batch it was given.",
                )
            batch = out
        return batch

    def code(self, docs: Iterable[DocumentContext]) -> Iterator[DocumentContext]:
        """Code documents in batches; each comes back with ``events`` set."""
        batch: list[DocumentContext] = []
        size = 0
        for doc in docs:
            batch.append(doc)
            size += max(1, doc.text.count(".") + 1)
            if size >= self.config.batch_size:
                yield from self.run_batch(batch)
                batch, size = [], 0
        if batch:
            yield from self.run_batch(batch)
