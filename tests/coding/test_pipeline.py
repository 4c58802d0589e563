from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.coding.model import DocumentContext
from ceasefire.coding.pipeline import STAGES, Coder, PipelineConfig, load_config
from ceasefire.errors import CeasefireError, InputError


def test_the_packaged_pipeline_names_known_versioned_stages() -> None:
    config = load_config()
    assert config.stages[0] == "ceasefire.sentences.v1"
    assert config.stages[-1] == "ceasefire.events.v1"
    assert all(name in STAGES and name.endswith(".v1") for name in config.stages)


def test_an_unknown_stage_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "pipeline.yaml"
    path.write_text("stages:\n  - ceasefire.sentences.v1\n  - ceasefire.magic.v9\n")
    with pytest.raises(InputError) as err:
        load_config(path)
    assert err.value.line == 3
    assert "ceasefire.magic.v9" in err.value.message


def test_a_stage_that_loses_documents_is_caught() -> None:
    STAGES["test.broken.v1"] = lambda batch, coder: batch[:-1]
    try:
        coder = Coder(config=PipelineConfig(stages=["test.broken.v1"]), use_defaults=False)
        with pytest.raises(CeasefireError, match="returned list of 0 documents for 1"):
            coder.run_batch([DocumentContext(0, "text", None)])
    finally:
        del STAGES["test.broken.v1"]


def test_building_a_coder_loads_nothing() -> None:
    coder = Coder(use_defaults=False)
    assert "nlp" not in coder.__dict__
    assert "registry" not in coder.__dict__


def test_irrelevant_text_never_reaches_the_parser() -> None:
    coder = Coder(use_defaults=False)
    [doc] = coder.run_batch([DocumentContext(0, "Shares rose. The lake was calm.", None)])
    assert doc.events == []
    assert "nlp" not in coder.__dict__  # the model was not even loaded
