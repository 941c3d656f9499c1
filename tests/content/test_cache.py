"""Tests for trustrepair.content.cache: the start-up cache that lets unchanged files skip YAML."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_YAML
from trustrepair.content import cache
from trustrepair.content.cache import load_library_cached
from trustrepair.content.library import load_library


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one valid exercise file."""
    path = tmp_path / "exercises"
    path.mkdir()
    (path / "sample.yaml").write_text(SAMPLE_YAML, encoding="utf-8")
    return path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file that went through the full YAML loader."""
    seen: list[Path] = []
    real = cache.load_file

    def counting(path: Path):
        seen.append(path)
        return real(path)

    monkeypatch.setattr(cache, "load_file", counting)
    return seen


def test_an_unchanged_file_comes_from_the_cache_the_second_time(
    folder: Path, tmp_path: Path, parses: list[Path]
):
    """The first start parses and writes the cache; the next one parses nothing."""
    cache_file = tmp_path / "cache" / "exercises.json"
    previous = os.umask(0o022)
    try:
        first = load_library_cached([folder], cache_file)
    finally:
        os.umask(previous)
    assert cache_file.is_file() and len(parses) == 1
    assert cache_file.stat().st_mode & 0o777 == 0o600  # private, like everything written
    assert cache_file.parent.stat().st_mode & 0o777 == 0o700
    second = load_library_cached([folder], cache_file)
    assert len(parses) == 1
    assert second.get("sample") == first.get("sample") == load_library([folder]).get("sample")


def test_a_changed_file_is_parsed_again(folder: Path, tmp_path: Path, parses: list[Path]):
    """Editing a file (size or time) loads it through the full loader, with the new content."""
    cache_file = tmp_path / "exercises.json"
    load_library_cached([folder], cache_file)
    path = folder / "sample.yaml"
    path.write_text(SAMPLE_YAML.replace("A sample exercise", "An edited one"), encoding="utf-8")
    library = load_library_cached([folder], cache_file)
    assert len(parses) == 2
    exercise = library.get("sample")
    assert exercise is not None and exercise.title == "An edited one"


def test_a_file_with_problems_is_never_cached_and_keeps_its_line(
    folder: Path, tmp_path: Path, parses: list[Path]
):
    """A broken file is skipped with file:line every time; only clean files are cached."""
    cache_file = tmp_path / "exercises.json"
    (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        library = load_library_cached([folder], cache_file)
        assert [s.path.name for s in library.skipped] == ["broken.yaml"]
        assert library.skipped[0].problems[0].line == 2  # where the YAML ends unclosed
    assert [p.name for p in parses] == ["broken.yaml", "sample.yaml", "broken.yaml"]
    files = json.loads(cache_file.read_text(encoding="utf-8"))["files"]
    assert [Path(key.split("|")[0]).name for key in files] == ["sample.yaml"]


@pytest.mark.parametrize(
    "content",
    ["not json", json.dumps([1, 2]), json.dumps({"format": 99, "files": {}})],
)
def test_an_unreadable_or_foreign_cache_is_rebuilt(
    folder: Path, tmp_path: Path, parses: list[Path], content: str
):
    """A damaged cache, or one in another format, is ignored and written afresh."""
    cache_file = tmp_path / "exercises.json"
    cache_file.write_text(content, encoding="utf-8")
    library = load_library_cached([folder], cache_file)
    assert library.get("sample") is not None and len(parses) == 1
    assert json.loads(cache_file.read_text(encoding="utf-8"))["format"] == cache.CACHE_FORMAT


def test_a_cache_from_another_version_of_the_program_is_not_used(
    folder: Path, tmp_path: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch
):
    """When the code that decides what loads changes, every file is parsed again."""
    cache_file = tmp_path / "exercises.json"
    load_library_cached([folder], cache_file)
    monkeypatch.setattr(cache, "_code_version", lambda: "another version")
    load_library_cached([folder], cache_file)
    assert len(parses) == 2


def test_cached_content_that_no_longer_validates_is_loaded_from_the_file(
    folder: Path, tmp_path: Path, parses: list[Path]
):
    """If the cached JSON for a file no longer fits the model, the file itself is read."""
    cache_file = tmp_path / "exercises.json"
    load_library_cached([folder], cache_file)
    payload = json.loads(cache_file.read_text(encoding="utf-8"))
    for key in payload["files"]:
        payload["files"][key] = {"id": "not a whole exercise"}
    cache_file.write_text(json.dumps(payload), encoding="utf-8")
    library = load_library_cached([folder], cache_file)
    assert len(parses) == 2 and library.get("sample") is not None


def test_a_cache_that_cannot_be_written_only_costs_time(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    """With no place to write the cache, the library still loads; a warning is logged."""
    not_a_folder = tmp_path / "a file"
    not_a_folder.write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        library = load_library_cached([folder], not_a_folder / "cache" / "exercises.json")
    assert library.get("sample") is not None
    assert "could not be written" in caplog.text


def test_only_the_exercises_asked_for_are_validated(
    folder: Path, tmp_path: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch
):
    """A command about one exercise validates only that one from the cache; the others stay
    in the cache for the next start, and a new file is read whole whatever it holds."""
    second_file = folder / "other.yaml"
    second_file.write_text(SAMPLE_YAML.replace("id: sample", "id: other"), encoding="utf-8")
    cache_file = tmp_path / "cache" / "exercises.json"
    assert set(load_library_cached([folder], cache_file).exercises) == {"sample", "other"}
    validated: list[object] = []
    real = cache._from_cache
    monkeypatch.setattr(
        cache, "_from_cache", lambda path, data: validated.append(data) or real(path, data)
    )
    only = load_library_cached([folder], cache_file, only={"other"})
    assert set(only.exercises) == {"other"} and len(validated) == 1
    assert len(parses) == 2  # nothing read again
    assert set(load_library_cached([folder], cache_file).exercises) == {"sample", "other"}
    assert len(parses) == 2  # the cache still holds both
