"""A hostile corpus for what the command line reads beside exchanged files: the files secrets
come from, an answer on standard input, and the files it is told to write.

Each is tried as an outsider would, through ``trustrepair`` itself: a device, a FIFO nobody
writes to, a huge file, bytes that are not text, JSON nested past any parser's depth, and
``--out`` naming a pipe or a device. Each must end at once in one plain line with exit 1,
without a traceback, leaving the vault and the named file as they were.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import deadline
from trustrepair import cli
from trustrepair.cli import unlock

FAST = 8.0
"""Seconds any refusal may take (a silent FIFO is given up after the pipe's idle time)."""

PASSPHRASE = "the right passphrase"


@pytest.fixture
def jo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A profile 'Jo' with a passphrase; returns the file holding it."""
    right = tmp_path / "right"
    right.write_text(PASSPHRASE, encoding="utf-8")
    assert cli.main(["profile", "create", "Jo", "--passphrase-file", str(right)]) == 0
    capsys.readouterr()
    return right


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


def _huge(tmp_path: Path) -> Path:
    path = tmp_path / "huge"
    with path.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: nothing is written
    return path


def _binary(tmp_path: Path) -> Path:
    path = tmp_path / "binary"
    path.write_bytes(b"\xff\xfe\x00\x1b[31m")
    return path


SECRET_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "/dev/zero": (lambda _: Path("/dev/zero"), "not a plain file"),
    "/dev/urandom": (lambda _: Path("/dev/urandom"), "not a plain file"),
    "a folder": (lambda d: d, "folder"),
    "300 MB": (_huge, "too large"),
    "not UTF-8": (_binary, "Could not read"),
}


def _one_line(err: str, expected: str, *, after_preview: bool = False) -> None:
    """``err`` is one ``trustrepair: …`` line saying ``expected`` (after what the verb shows
    before writing, with ``after_preview``), and nothing raw."""
    lines = err.splitlines()
    line = lines[-1]
    assert after_preview or len(lines) == 1, err
    assert line.startswith("trustrepair: ") and expected in line, err
    assert "Traceback" not in err and "\x1b" not in err


@pytest.mark.parametrize("case", list(SECRET_FILES))
@pytest.mark.parametrize(
    "argv",
    [
        "backup --profile Jo --passphrase-file {secret}",
        "passphrase change --profile Jo --passphrase-file {right} --new-passphrase-file {secret}",
        "passphrase change --profile Jo --recovery-key-file {secret} --new-passphrase-file {right}",
        "export --profile Jo --passphrase-file {right} --out {tmp}/e.json --encrypt "
        "--export-passphrase-file {secret}",
    ],
    ids=["passphrase", "new passphrase", "recovery key", "export passphrase"],
)
def test_a_secret_file_that_is_no_secret_is_refused_at_once(
    case: str,
    argv: str,
    tmp_path: Path,
    jo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A passphrase or recovery-key file that is a device, a folder, huge or not text: one
    plain line at once (``/dev/zero`` once hung the verb while memory filled)."""
    make, expected = SECRET_FILES[case]
    secret = make(tmp_path / "corpus" if case == "a folder" else tmp_path)
    if case == "a folder":
        secret.mkdir()
    filled = [a.format(secret=secret, right=jo, tmp=tmp_path) for a in argv.split()]
    with deadline(FAST):
        code = cli.main(filled)
    assert code == 1
    _one_line(capsys.readouterr().err, expected)
    assert not (tmp_path / "e.json").exists()
    assert cli.main(["backup", "--profile", "Jo", "--passphrase-file", str(jo)]) == 0


def test_a_silent_fifo_as_the_passphrase_file_is_given_up(
    tmp_path: Path, jo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO whose writer says nothing: given up after the pipe's idle time, never a hang
    (a FIFO is still accepted, for ``--passphrase-file <(command)``)."""
    from trustrepair import files

    monkeypatch.setattr(files, "PIPE_IDLE_SECONDS", 0.5)
    fifo = _fifo(tmp_path)
    writer_fd: list[int] = []

    def open_writer() -> None:
        writer_fd.append(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer open without a wait
    open_writer()
    try:
        with deadline(FAST):
            code = cli.main(["backup", "--profile", "Jo", "--passphrase-file", str(fifo)])
    finally:
        os.close(writer_fd[0])
        os.close(reader)
    assert code == 1
    _one_line(capsys.readouterr().err, "nothing arrived")


def test_a_fifo_with_the_passphrase_still_works(
    tmp_path: Path, jo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--passphrase-file <(echo …)``: a pipe that says the passphrase opens the vault."""
    fifo = _fifo(tmp_path)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    os.write(writer, (PASSPHRASE + "\n").encode())
    os.close(writer)
    try:
        with deadline(FAST):
            code = cli.main(["backup", "--profile", "Jo", "--passphrase-file", str(fifo)])
    finally:
        os.close(reader)
    assert code == 0, capsys.readouterr().err
    assert "Backup made" in capsys.readouterr().out


def test_a_passphrase_on_standard_input_is_bounded(
    jo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--passphrase-file -`` with 50 MB coming in: refused after the bound, not tried."""
    stream = io.TextIOWrapper(io.BytesIO(b"y" * 50_000_000), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stream)
    with deadline(FAST):
        code = cli.main(["backup", "--profile", "Jo", "--passphrase-file", "-"])
    assert code == 1
    _one_line(capsys.readouterr().err, "too large")
    assert stream.buffer.tell() <= unlock.MAX_SECRET_BYTES + 1


# ---------------------------------------------------------------------- answers on stdin
@pytest.mark.parametrize(
    "given",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'["one", NaN]',
        b'["one", "one", {"a": 1, "a": 2}]',
        b"[" + b"9" * 100_000 + b"]",
    ],
    ids=["deep", "NaN", "duplicate key", "long number"],
)
def test_a_hostile_json_answer_is_one_plain_refusal(
    given: bytes,
    jo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``trustrepair answer`` for a list step: JSON nested 100,000 deep (it once ended in a
    RecursionError 'bug'), NaN, a duplicated key or a 100,000-digit number is refused plainly,
    and nothing is saved."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(given), encoding="utf-8"))
    argv = ["answer", "--profile", "Jo", "--passphrase-file", str(jo)]
    argv += ["--exercise", "ending-contact-for-good", "--step", "if-contacted"]
    with deadline(FAST):
        code = cli.main(argv)
    assert code == 1
    _one_line(capsys.readouterr().err, "that is not JSON")
    assert cli.main(["history", "--profile", "Jo", "--passphrase-file", str(jo), "--json"]) == 0
    assert "if-contacted" not in capsys.readouterr().out


# ---------------------------------------------------------------------- files written
@pytest.mark.parametrize("kind", ["fifo", "device link"])
@pytest.mark.parametrize(
    "argv",
    [
        "export --profile Jo --passphrase-file {right} --out {target}",
        "share --profile Jo --passphrase-file {right} --out {target} --exercise "
        "naming-what-happened",
        "calendar --profile Jo --passphrase-file {right} --out {target}",
        "summary --profile Jo --passphrase-file {right} --kind me --out {target}.html",
    ],
    ids=["export", "share", "calendar", "summary"],
)
def test_a_pipe_or_device_named_as_the_output_is_left_alone(
    kind: str,
    argv: str,
    tmp_path: Path,
    jo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--out`` naming a FIFO or a link to ``/dev/null`` is refused in one line: the pipe or
    device is never replaced by a file (as root, ``--out /dev/full`` once replaced the
    device node itself)."""
    target = tmp_path / "target"
    suffix = ".html" if argv.startswith("summary") else ""
    named = target.with_name(target.name + suffix)
    if kind == "fifo":
        os.mkfifo(named)
    else:
        named.symlink_to("/dev/null")
    before = os.lstat(named)
    filled = [a.format(right=jo, target=target) for a in argv.split()]
    with deadline(FAST):
        code = cli.main(filled)
    assert code == 1
    _one_line(capsys.readouterr().err, "not a plain file", after_preview=argv.startswith("share"))
    after = os.lstat(named)
    assert (after.st_ino, stat.S_IFMT(after.st_mode)) == (
        before.st_ino,
        stat.S_IFMT(before.st_mode),
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "right", named.name]


def test_a_data_folder_that_cannot_be_made_is_one_plain_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--data-dir`` below a file: one line saying why in plain words, exit 1."""
    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    code = cli.main(["--data-dir", str(blocker / "data"), "profiles"])
    assert code == 1
    _one_line(capsys.readouterr().err, "cannot be created or used: a part of the path is not")
