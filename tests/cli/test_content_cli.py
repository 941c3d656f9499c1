"""Tests for the library verbs: validate, exercises, schema (and --version, --data-dir)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_YAML
from trustrepair import __version__
from trustrepair.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the version and exits 0."""
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"trustrepair {__version__}"


def test_validate_shipped_library_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    """The whole shipped library validates: exit 0, no output."""
    code, out, _ = run(capsys, "validate")
    assert (code, out) == (0, "")


def test_validate_reports_each_problem_with_position(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Bad files give one PATH:LINE:COL line each and exit 1; good files pass."""
    good = tmp_path / "good.yaml"
    good.write_text(SAMPLE_YAML, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE_YAML.replace("minutes: 10", "minutes: lots"), encoding="utf-8")
    dup = tmp_path / "sub" / "dup.yaml"
    dup.parent.mkdir()
    dup.write_text(SAMPLE_YAML, encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(good))
    assert (code, out) == (0, "")
    code, out, err = run(capsys, "validate", str(tmp_path))
    lines = out.splitlines()
    assert code == 1
    assert any(line.startswith(f"{bad}:7:1: minutes:") for line in lines), lines
    assert any(line.startswith(f"{dup}:1:1: the id 'sample' is already used") for line in lines)
    assert "Traceback" not in out + err


def test_validate_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A path that does not exist is a problem line, not a crash."""
    code, out, _ = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 1 and "no such file or folder" in out


def test_exercises_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """--json lists objects with the documented keys, steps as id+kind."""
    code, out, _ = run(capsys, "exercises", "--json")
    assert code == 0
    items = json.loads(out)
    assert items
    for item in items:
        assert {
            "id",
            "title",
            "stage",
            "tracks",
            "relationships",
            "mode",
            "minutes",
            "models",
            "steps",
        } <= set(item)
        assert all(set(step) == {"id", "kind"} for step in item["steps"])


def test_user_exercises_join_the_library(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    """Files in the data dir's exercises/ folder are listed beside the shipped ones."""
    folder = data_dir / "exercises"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        SAMPLE_YAML.replace("id: sample", "id: my-own"), encoding="utf-8"
    )
    code, out, _ = run(capsys, "exercises", "--json")
    assert code == 0 and "my-own" in [e["id"] for e in json.loads(out)]


def test_bad_user_file_is_skipped_not_fatal(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    """A broken user file is reported on stderr; the rest of the library is still listed."""
    folder = data_dir / "exercises"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_bytes(b"id: [\xff")
    code, out, err = run(capsys, "exercises", "--json")
    assert code == 0 and json.loads(out)
    assert "broken.yaml:1:" in err


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """schema prints a JSON Schema that forbids unknown keys and knows every step kind."""
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["additionalProperties"] is False
    assert {"ReadingStep", "CommitmentStep", "ListStep"} <= set(schema["$defs"])


def test_docs_exercise_table_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/exercises.md is exactly what `trustrepair exercises --markdown` prints."""
    code, out, _ = run(capsys, "exercises", "--markdown")
    assert code == 0
    assert (ROOT / "docs" / "exercises.md").read_text(encoding="utf-8") == out, (
        "run: trustrepair exercises --markdown > docs/exercises.md"
    )


def test_headless_verbs_import_no_qt(tmp_path: Path) -> None:
    """validate, exercises and schema run without importing PySide6."""
    code = (
        "import sys\n"
        "from trustrepair.__main__ import main\n"
        "for verb in (['validate'], ['exercises', '--json'], ['schema']):\n"
        "    assert main(verb) == 0\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"TRUSTREPAIR_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    """The installed entry point validates a broken file with exit 1 and no traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nid: y\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "trustrepair",
            "--data-dir",
            str(tmp_path / "d"),
            "validate",
            str(bad),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert (
        result.stdout.strip()
        == f"{bad}:2:1: the key 'id' appears twice in this mapping (first on line 1)"
    )
    assert "Traceback" not in result.stderr


def _nasty_corpus(folder: Path) -> list[Path]:
    folder.mkdir()
    files = {
        "bom.yaml": b"\xef\xbb\xbfid: [\n",
        "utf16.yaml": SAMPLE_YAML.encode("utf-16"),
        "nul.yaml": b"id: x\x00\n",
        "bomb.yaml": b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n',
        "python.yaml": b'id: !!python/object/apply:os.system ["touch PWNED"]\n',
        "binary.yaml": b"id: !!binary aGVsbG8=\n",
        "set.yaml": b"? a\n? b\n",
        "merge.yaml": b"id: y\n<<: {title: x}\n",
        "complex.yaml": b"? [a, b]\n: c\n",
        "multi.yaml": b"id: a\n---\nid: b\n",
        "empty.yaml": b"",
        "list.yaml": b"- a\n",
        "deep.yaml": b"[" * 3000 + b"]" * 3000,
        "escape.yaml": b'title: "\\U00110000"\n',
        "yaml11.yaml": b"%YAML 1.1\n---\nid: yes\n",
        "latin1.yaml": "id: d\xe9j\xe0\n".encode("latin-1"),
    }
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    os.mkfifo(folder / "fifo.yaml")
    (folder / "dir.yaml").mkdir()
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    return sorted(folder.iterdir())


def test_validate_survives_a_nasty_corpus(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hostile file alone and all together: only PATH:LINE:COL lines, exit 1, no hang."""
    monkeypatch.chdir(tmp_path)
    corpus = _nasty_corpus(tmp_path / "corpus")
    line_shape = re.compile(r"^[^:]+:\d+:\d+: .+$")
    for target in [*corpus, tmp_path / "corpus"]:
        code, out, err = run(capsys, "validate", str(target))
        assert code == 1, target
        assert out and all(line_shape.match(line) for line in out.splitlines()), out
        assert err == ""
    code, out, _ = run(capsys, "validate", *map(str, corpus))
    assert code == 1 and len(out.splitlines()) >= len(corpus)
    assert not (tmp_path / "PWNED").exists()


def test_unusable_data_dir_is_a_message(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A --data-dir that is a file gives a plain message and exit 1, not a traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "--data-dir", str(blocker / "sub"), "validate")
    assert code == 1 and "--data-dir" in err
