"""Tests for trustrepair.content.loader: good files load; every bad file gets PATH:LINE:COL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustrepair.content.library import load_library
from trustrepair.content.loader import load_bytes, load_file

GOOD = """\
id: naming-it
title: Naming it
stage: acknowledgement
tracks: [hurt]
relationships: [romantic, professional]
mode: solo
minutes: 10
models: [eft-attachment-injury]
summary: Put it into words.
intro:
  default: Take your time.
  professional: Take your time; this is about work.
steps:
  - id: why
    kind: reading
    text: Naming helps.
  - id: pain
    kind: scale
    prompt: How much does it hurt?
    min_label: a little
    max_label: a great deal
    help: Any number is fine.
  - id: deeper
    kind: text
    prompt: What makes it so heavy?
    when: {step: pain, at_least: 7}
  - id: colour
    kind: choice
    prompt: Pick one
    options:
      - {id: a, label: A}
      - {id: b, label: B}
  - id: promise
    kind: commitment
    prompt: One promise to yourself
"""


def _problems(text: str | bytes, name: str = "x.yaml") -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return [str(p) for p in load_bytes(raw, name).problems]


def _replace(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def test_good_file_loads_with_variants_and_conditions() -> None:
    """A valid file yields an Exercise with its steps, variants and conditions intact."""
    result = load_bytes(GOOD.encode(), "good.yaml")
    assert result.problems == ()
    exercise = result.exercise
    assert exercise is not None
    assert [s.id for s in exercise.steps] == ["why", "pain", "deeper", "colour", "promise"]
    assert exercise.step("deeper").when is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_replace("minutes: 10", "minutes: ten"), "x.yaml:7:1: minutes:"),
        (_replace("kind: scale", "kind: slider"), "unknown step kind 'slider'"),
        (_replace("    min_label: a little", "    min_lable: a little"), "unknown key 'min_lable'"),
        (_replace("stage: acknowledgement", "stage: sorrow"), "x.yaml:3:1: stage: 'sorrow'"),
        (_replace("id: naming-it", "id: Naming It"), "x.yaml:1:1: id:"),
        (
            _replace("{step: pain, at_least: 7}", "{step: colour, at_least: 7}"),
            "not an earlier step",
        ),
        (_replace("  - id: colour", "  - id: pain"), "used twice"),
        (
            _replace("mode: solo", "mode: solo\nmode: together"),
            "x.yaml:7:1: the key 'mode' appears twice",
        ),
        (_replace("tracks: [hurt]", "tracks: &t [hurt]"), "x.yaml:4:9: anchors and aliases"),
        (_replace("minutes: 10", "minutes: !!python/object:os.system 10"), "YAML tags"),
        (_replace("summary: Put it into words.", 'summary: "bell\\a"'), "control character"),
        (_replace("    prompt: Pick one\n", ""), "the key 'prompt' is missing"),
        ("steps: [", "this is not valid YAML"),
        ("", "x.yaml:1:1: the file is empty"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)
def test_bad_files_report_path_line_column(text: str, expected: str) -> None:
    """Each kind of mistake is one plain message that starts with the file, line and column."""
    problems = _problems(text)
    assert problems, "expected a problem"
    assert all(p.startswith("x.yaml:") for p in problems)
    assert any(expected in p for p in problems), problems


def test_non_utf8_bytes_are_reported_with_position() -> None:
    """Latin-1 bytes are a positioned problem, not a crash."""
    problems = _problems(GOOD.encode() + "title2: caf\xe9\n".encode("latin-1"))
    assert problems == [
        f"x.yaml:{GOOD.count(chr(10)) + 1}:12: the file is not valid UTF-8 text (byte 0xe9)"
    ]


def test_huge_file_is_refused_before_parsing() -> None:
    """A file over the size cap is refused at once."""
    problems = _problems(b"a: " + b"x" * 300_000)
    assert len(problems) == 1 and "too large" in problems[0]


def test_billion_laughs_is_refused() -> None:
    """Alias bombs stop at the first anchor instead of expanding."""
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    assert "anchors and aliases" in _problems(bomb)[0]


def test_deep_nesting_is_refused() -> None:
    """Hostile nesting is a problem, never a RecursionError."""
    assert "nested too deeply" in _problems("a: " + "[" * 5000 + "]" * 5000)[0]


def test_nesting_is_counted_exactly_where_it_goes_too_deep() -> None:
    """40 levels are read; the 41st, flow or block, is refused at its own line and column."""
    from trustrepair.content.yamlnodes import MAX_DEPTH

    flow = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert not any("nested too deeply" in p for p in _problems(flow))
    assert f":1:{3 + MAX_DEPTH}: " in _problems("a: " + "[" * MAX_DEPTH)[0]
    block = "".join(f"{'  ' * level}k{level}:\n" for level in range(MAX_DEPTH)) + "  " * MAX_DEPTH
    block += "- x\n"
    problem = _problems(block)[0]
    assert "nested too deeply" in problem
    assert f":{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: " in problem


def test_tags_never_construct_objects(tmp_path: Path) -> None:
    """A python/object tag is reported; nothing is constructed or run."""
    marker = tmp_path / "ran"
    text = f"!!python/object/apply:os.system ['touch {marker}']\n"
    assert "tags" in _problems(text)[0]
    assert not marker.exists()


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    """A folder passed as a file is reported, not raised."""
    result = load_file(tmp_path)
    assert result.exercise is None and "cannot read" in str(result.problems[0])


def test_library_skips_bad_files_and_duplicate_ids(tmp_path: Path) -> None:
    """The library keeps the valid files and names the skipped ones with reasons."""
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "c.yaml").write_text("id: [", encoding="utf-8")
    library = load_library([tmp_path])
    assert list(library.exercises) == ["naming-it"]
    messages = [str(p) for p in library.problems]
    assert any("b.yaml:1:1: the id 'naming-it' is already used by" in m for m in messages)
    assert any("c.yaml:" in m and "not valid YAML" in m for m in messages)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    """Whatever the bytes, loading returns an exercise or problems; it never raises."""
    result = load_bytes(raw, "fuzz.yaml")
    assert result.exercise is not None or result.problems


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#\n \t?,%@`0123456789")), max_size=200)
)
def test_arbitrary_yamlish_text_never_raises(text: str) -> None:
    """YAML-like noise is always a problem list, never a traceback."""
    result = load_bytes(text.encode(), "fuzz.yaml")
    assert result.exercise is not None or all(p.line >= 1 for p in result.problems)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'title: "\\U0010FFFF\\U00110000"\n', "not valid YAML"),
        ("id: x\n".encode("utf-16"), "saved as UTF-16"),
        ("id: x\n".encode("utf-32"), "saved as UTF-32"),
        (b"%YAML 1.1\n---\nid: yes\n", "YAML 1.2"),
        (GOOD.encode() + b"---\n" + GOOD.encode(), "one exercise"),
    ],
)
def test_hostile_yaml_gives_a_positioned_problem(raw: bytes, expected: str) -> None:
    """Scanner holes, other encodings, %YAML 1.1 and extra documents end in one clear problem."""
    result = load_bytes(raw, "x.yaml")
    assert result.exercise is None
    assert expected in result.problems[0].message


def test_messages_shorten_huge_values() -> None:
    """A 200,000-character id or number is cut short in the message, not printed whole."""
    for raw in (b"id: " + b"x" * 200_000 + b"\n", b"minutes: !!int " + b"9" * 100_000 + b"\n"):
        result = load_bytes(raw, "x.yaml")
        assert result.problems
        assert all(len(p.message) < 300 for p in result.problems)


def test_problems_per_file_are_capped() -> None:
    """A list of 5,000 bad items gives a few lines and a count, not 5,000 lines."""
    result = load_bytes(GOOD.replace("[hurt]", "[" + ",".join(["x"] * 5000) + "]").encode(), "x")
    assert len(result.problems) <= 31
    assert "more problems" in result.problems[-1].message


def test_pipes_and_folders_are_refused_without_blocking(tmp_path: Path) -> None:
    """A FIFO or a folder named *.yaml is reported at once (reading a FIFO would hang)."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert "not a plain file" in load_file(fifo).problems[0].message
    assert "folder" in load_file(folder).problems[0].message


def test_huge_file_is_not_read_whole(tmp_path: Path) -> None:
    """A 10 MB file is refused as too large after reading only past the limit."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"id: x\n" + b"#" * 10_000_000)
    assert "too large" in load_file(big).problems[0].message


def test_after_reveal_must_close_a_parallel_exercise() -> None:
    """after_reveal is for parallel mode only, and every later step must carry it too."""
    solo = GOOD.replace(
        "    help: Any number is fine.", "    help: Any number is fine.\n    after_reveal: true"
    )
    assert any("only for parallel mode" in p for p in _problems(solo))
    parallel = solo.replace("mode: solo", "mode: parallel").replace(
        "when: {step: pain, at_least: 7}", "when: {step: pain, at_least: 7}\n    after_reveal: true"
    )
    problems = _problems(parallel)
    assert any("step 'colour': it follows an 'after_reveal' step" in p for p in problems), problems


def test_file_names_are_shown_on_one_printable_line(tmp_path: Path) -> None:
    """A newline, a bidi override or an undecodable byte in a file name is escaped."""
    names = {b"new\nline.yaml": "new\\x0aline.yaml", b"\xe2\x80\xaertl.yaml": "\\u202ertl.yaml"}
    names[b"bad\xffname.yaml"] = "bad\\xffname.yaml"
    for raw, shown in names.items():
        path = tmp_path / os.fsdecode(raw)
        path.write_bytes(b"id: [\n")
        assert str(load_file(path).problems[0]).startswith(f"{tmp_path}/{shown}:2:1: ")
