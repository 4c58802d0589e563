"""The disk cache of built structures: keyed by content, rebuilt when unreadable, optional."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.buildcache import cache_dir, content_key, file_digest, load_or_build


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_a_second_load_reads_the_entry_without_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEASEFIRE_CACHE_DIR", str(tmp_path))
    build = Builder({("al", "bab"): ("PLACE", "p:1"), "x": [1, 2]})
    key = content_key(["data v1"])
    assert load_or_build("t", key, build) == build.value
    assert load_or_build("t", key, build) == build.value
    assert build.calls == 1
    assert [p.name for p in tmp_path.iterdir()] == [f"t-{key[:40]}.marshal"]


def test_changed_content_builds_a_new_entry_and_drops_the_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEASEFIRE_CACHE_DIR", str(tmp_path))
    assert load_or_build("t", content_key(["v1"]), Builder("one")) == "one"
    assert load_or_build("t", content_key(["v2"]), Builder("two")) == "two"
    assert [p.name for p in tmp_path.iterdir()] == [f"t-{content_key(['v2'])[:40]}.marshal"]


def test_an_unreadable_entry_is_rebuilt_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEASEFIRE_CACHE_DIR", str(tmp_path))
    key = content_key(["v1"])
    (tmp_path / f"t-{key[:40]}.marshal").write_bytes(b"\x00garbage")
    build = Builder([1, 2, 3])
    assert load_or_build("t", key, build) == [1, 2, 3]
    assert load_or_build("t", key, build) == [1, 2, 3]
    assert build.calls == 1


@pytest.mark.parametrize("value", ["off", "OFF", "none", "0"])
def test_the_cache_can_be_turned_off(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEASEFIRE_CACHE_DIR", value)
    monkeypatch.chdir(tmp_path)
    build = Builder("v")
    assert cache_dir() is None
    load_or_build("t", content_key(["v"]), build)
    load_or_build("t", content_key(["v"]), build)
    assert build.calls == 2
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_still_gives_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CEASEFIRE_CACHE_DIR", str(blocker / "cache"))
    assert load_or_build("t", content_key(["v"]), Builder({"a": "b"})) == {"a": "b"}


def test_default_directory_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CEASEFIRE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "ceasefire"


def test_file_digest_follows_names_and_contents(tmp_path: Path) -> None:
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("x")
    b.write_text("x")
    assert file_digest([a]) != file_digest([b])
    before = file_digest([a, b])
    b.write_text("y")
    assert file_digest([a, b]) != before
