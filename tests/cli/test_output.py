"""What the command line prints never sends control or escape characters to the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trustrepair import cli
from trustrepair.cli.output import json_text, terminal_text

HOSTILE = [
    "\x1b]0;a new window title\x07",  # OSC: retitles the terminal
    "\x1b]52;c;cGFzdGU=\x07",  # OSC 52: writes the clipboard on some terminals
    "\x1b[2J\x1b[H",  # CSI: clears the screen
    "\x9b31m",  # the one-byte C1 CSI
    "real\rfake",  # a carriage return overwrites what came before
    "\u202eevil\u2066",  # bidirectional override and isolate
    "bell\x07 nul\x00 del\x7f",
    "line\u2028separator",
    "lone \ud800 surrogate",
    "fake\ntrustrepair: line",
]

RAW = [chr(c) for c in [*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0)]] + [
    "\u202e",
    "\u2066",
    "\u2028",
    "\ud800",
]


def _clean(text: str) -> bool:
    return not any(ch in text for ch in RAW)


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_text_escapes_controls(text: str) -> None:
    """ESC, OSC, C1, CR, bidi controls, NUL, separators and surrogates are shown as escapes."""
    shown = terminal_text(text)
    assert _clean(shown)
    assert "\\x" in shown or "\\u" in shown


def test_terminal_text_keeps_ordinary_text() -> None:
    """Tabs, accents, emoji sequences and other scripts stay as they are."""
    text = "tab\there · é e\u0301 👩\u200d❤️\u200d👨 👍🏽 日本語 עברית"
    assert terminal_text(text) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_json_text_is_safe_and_means_the_same(text: str) -> None:
    """JSON output escapes the same characters yet parses back to exactly the same value."""
    shown = json_text({"name": text, "list": [text]}, indent=2)
    assert _clean(shown.replace("\n", ""))
    assert json.loads(shown) == {"name": text, "list": [text]}


def test_hostile_file_names_and_content_are_escaped_by_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file named with an OSC sequence, holding an escape: validate prints both escaped."""
    bad = tmp_path / "evil\x1b]0;title\x07.yaml"
    bad.write_bytes(b'id: x\n"k\x1b[2J": 1\n')
    code = cli.main(["validate", str(bad)])
    out = capsys.readouterr().out
    assert code == 1
    assert _clean(out.replace("\n", "")) and out.count("\n") == 1
    assert "evil\\x1b]0;title\\x07.yaml" in out


def test_hostile_export_is_refused_without_raw_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export whose fields hold escape sequences: whatever is said about it is escaped."""
    source = tmp_path / "in.json"
    document = {
        "format": "trustrepair-export",
        "version": "\x1b]0;pwned\x07",
        "profile": {"name": "Jo\x1b[2J", "track": "hurt", "relationship": "romantic"},
        "answers": [],
    }
    source.write_text(json.dumps(document), encoding="utf-8")
    code = cli.main(["import", str(source), "--profile", "Jo", "--no-passphrase"])
    captured = capsys.readouterr()
    assert code == 1
    assert _clean((captured.out + captured.err).replace("\n", ""))


def test_hostile_answers_are_escaped_in_client_show(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A shared answer holding escape sequences reaches the counsellor's terminal escaped."""
    from trustrepair import paths
    from trustrepair.services.vaults import Vaults

    assert cli.main(["profile", "create", "Dr Lee", "--counsellor", "--no-passphrase"]) == 0
    assert cli.main(["profile", "create", "Sam", "--no-passphrase"]) == 0
    with Vaults(paths.profiles_dir()).open("Sam") as sam:
        sam.store.save_answer(
            "naming-what-happened", "what-happened", "\x1b]0;pwned\x07 and \x9b2J", shared=True
        )
    shared = tmp_path / "shared.json"
    argv = ["share", "--profile", "Sam", "--exercise", "naming-what-happened", "--out"]
    assert cli.main([*argv, str(shared)]) == 0
    capsys.readouterr()
    assert cli.main(["fingerprint", "--profile", "Sam"]) == 0
    accept = ["--accept-sender", capsys.readouterr().out.strip()]
    assert cli.main(["shared", "import", str(shared), "--profile", "Dr Lee", *accept]) == 0
    capsys.readouterr()
    label = json.loads(shared.read_text(encoding="utf-8"))["client"]
    for extra in ([], ["--json"]):
        assert cli.main(["client", "show", label, "--profile", "Dr Lee", *extra]) == 0
        out = capsys.readouterr().out
        assert "pwned" in out
        assert _clean(out.replace("\n", ""))
