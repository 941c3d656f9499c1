"""A hostile corpus for the files in the data folder that are read before a passphrase is
asked: each profile's ``vault.json`` and the exercise cache.

A copied or tampered data folder must never hang the profile list, fill memory, or end a
verb in a "bug" line: a ``vault.json`` that is not a sound small plain file is a profile that
is not listed (or, opened by name, a key file that "could not be read"), and a cache that is
not sound is rebuilt from the exercise files.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import deadline
from trustrepair import cli
from trustrepair.content import cache
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import StorageError
from trustrepair.resources import exercises_root
from trustrepair.services.vaults import Vaults
from trustrepair.storage.meta import read_meta
from trustrepair.storage.names import MAX_META_BYTES, list_profiles

FAST = 5.0


def _replace(path: Path, make: Callable[[Path], object]) -> None:
    path.unlink()
    make(path)


def _sparse(size: int) -> Callable[[Path], object]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)

    return make


def _text(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")


META_FILES: dict[str, Callable[[Path], object]] = {
    "nested 100,000 deep": _text("[" * 100_000 + "]" * 100_000),
    "a header nested deep": _text('{"format": "trustrepair-vault", "name": ' + "[" * 50_000),
    "500 MB (sparse)": _sparse(500 * 1024 * 1024),
    "just over the bound": _sparse(MAX_META_BYTES + 1),
    "a FIFO": os.mkfifo,
    "a link to /dev/zero": lambda path: path.symlink_to("/dev/zero"),
    "a folder": lambda path: path.mkdir(),
    "not UTF-8": lambda path: path.write_bytes(b'{"name": "\xff"}'),
}


@pytest.mark.parametrize("case", list(META_FILES))
def test_a_hostile_vault_json_is_never_read_whole_nor_listed(
    case: str, vaults: Vaults, capsys: pytest.CaptureFixture[str]
) -> None:
    """Listing profiles skips it at once; opening it by name is one plain sentence (a deep
    one once ended every verb in a RecursionError 'bug' line)."""
    vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None).close()
    vaults.create(ProfileInfo("Jo", Track.HURT, Relationship.ROMANTIC), None).close()
    folder = vaults.find("Sam").folder
    _replace(folder / "vault.json", META_FILES[case])
    with deadline(FAST):
        assert [p.name for p in list_profiles(vaults.root)] == ["Jo"]
        with pytest.raises(StorageError, match="could not be read"):
            read_meta(folder)
        assert cli.main(["profiles"]) == 0
        assert cli.main(["backup", "--profile", "Sam"]) == 1
    out, err = capsys.readouterr()
    assert out.split() == ["Jo"]
    assert "Traceback" not in err and "bug" not in err
    assert err.startswith("trustrepair: There is no profile called 'Sam'")


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"format": 1, "version": ' + "[" * 100_000,
        "\x00" * 4096,
    ],
    ids=["deep", "deep inside", "zeros"],
)
def test_a_tampered_exercise_cache_is_rebuilt(
    content: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The parse cache nested past the parser's depth, or zeros: the library loads from its
    files, and verbs that read it (``exercises``, ``answer``) work (a deep one once ended
    ``answer`` in a 'bug' line)."""
    roots = [exercises_root()]
    cache_file = cache.default_cache_file()
    whole = cache.load_library_cached(roots, cache_file)
    cache_file.write_text(content, encoding="utf-8")
    with deadline(FAST):
        again = cache.load_library_cached(roots, cache_file)
    assert sorted(again.exercises) == sorted(whole.exercises)
    assert json.loads(cache_file.read_text(encoding="utf-8"))["format"] == cache.CACHE_FORMAT
    cache_file.write_text(content, encoding="utf-8")
    assert cli.main(["profile", "create", "Jo", "--no-passphrase"]) == 0
    cli_input = ["answer", "--profile", "Jo", "--exercise", "naming-what-happened"]
    stdin = io.TextIOWrapper(io.BytesIO(b"words"), encoding="utf-8")
    with deadline(FAST), pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", stdin)
        code = cli.main([*cli_input, "--step", "what-happened"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err and "bug" not in err


def test_a_cache_larger_than_its_bound_is_not_read(data_dir: Path) -> None:
    """A cache file grown past its bound is ignored without being read into memory."""
    roots = [exercises_root()]
    cache_file = cache.default_cache_file()
    whole = cache.load_library_cached(roots, cache_file)
    with cache_file.open("r+b") as handle:
        handle.truncate(cache.MAX_CACHE_BYTES + 1)
    with deadline(FAST):
        again = cache.load_library_cached(roots, cache_file)
    assert sorted(again.exercises) == sorted(whole.exercises)
    assert cache_file.stat().st_size < cache.MAX_CACHE_BYTES
