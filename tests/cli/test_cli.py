"""The root of the command line: lazy verbs, help everywhere, one-line errors, exit codes."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from tests.helpers import SAMPLE_YAML
from trustrepair import cli
from trustrepair.services import transfer
from trustrepair.services.vaults import OpenVault

ROOT = Path(__file__).resolve().parents[2]

VAULT_STACK = (
    "sqlcipher3",
    "cryptography",
    "sqlite_utils",
    "jinja2",
    "PySide6",
    "shiboken6",
    "trustrepair.services",
    "trustrepair.storage",
    "trustrepair.reports",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def all_commands() -> Iterator[tuple[list[str], click.Command]]:
    """Every verb and group below the root, with the words that name it."""
    ctx = click.Context(cli.cli)

    def walk(path: list[str], group: click.Group) -> Iterator[tuple[list[str], click.Command]]:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            yield [*path, name], command
            if isinstance(command, click.Group):
                yield from walk([*path, name], command)

    yield from walk([], cli.cli)


def _modules_after(argv: list[str], tmp_path: Path) -> set[str]:
    code = (
        "import json, sys\n"
        "from trustrepair.__main__ import main\n"
        f"code = main({argv!r})\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"TRUSTREPAIR_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.rpartition("MODULES ")[2]))


def test_version_imports_no_verb(tmp_path: Path) -> None:
    """--version loads neither the library (pydantic, YAML) nor the vault, crypto or Qt stack."""
    modules = _modules_after(["--version"], tmp_path)
    verbs = tuple(f"trustrepair.cli.{name}" for name in ("content", "vault", "summary", "counsel"))
    heavy = (*VAULT_STACK, "pydantic", "ruamel", "trustrepair.content", *verbs)
    assert [m for m in modules if m.startswith(heavy)] == []


def test_validate_imports_only_its_own_modules(tmp_path: Path) -> None:
    """validate loads the content stack but never the vault, crypto, report or Qt stack."""
    modules = _modules_after(["validate"], tmp_path)
    assert [m for m in modules if m.startswith(VAULT_STACK)] == []
    assert "trustrepair.cli.content" in modules
    assert not {"trustrepair.cli.vault", "trustrepair.cli.counsel"} & modules


def test_reading_and_answering_import_only_what_they_need(tmp_path: Path) -> None:
    """history and answer load the library from the parse cache (no YAML) and never load
    the report, transfer, counsel or Qt stack, nor look for sqlite-utils plugins."""
    assert _modules_after(["profile", "create", "Jo", "--no-passphrase"], tmp_path)
    heavy = ("ruamel", "jinja2", "PySide6", "trustrepair.services.transfer")
    heavy = (*heavy, "trustrepair.services.counsel", "trustrepair.reports.environment")
    reading = _modules_after(["history", "--profile", "Jo", "--json"], tmp_path)
    assert [m for m in reading if m.startswith(heavy)] == []
    assert "sqlcipher3" in reading
    _modules_after(["history", "--profile", "Jo"], tmp_path)  # the first one makes the cache
    answer = ["--exercise", "naming-what-happened", "--step", "what-happened"]
    for argv in (["history", "--profile", "Jo"], ["answer", "--profile", "Jo", *answer]):
        modules = _modules_after(argv, tmp_path)
        assert [m for m in modules if m.startswith(heavy)] == [], argv
        assert "trustrepair.domain.exercise" in modules


def test_every_verb_and_group_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    """--help works for the root and every verb and group, with a description and usage."""
    seen = []
    for path, command in [([], cli.cli), *all_commands()]:
        code, out, err = run(capsys, *path, "--help")
        assert code == 0 and err == "", path
        assert out.startswith(f"Usage: {' '.join(['trustrepair', *path])} "), out
        assert command.help and command.help.strip(), path
        seen.append(" ".join(path))
    assert {"validate", "profile create", "client show", "summary", "import"} <= set(seen)


def test_handlers_are_typed(capsys: pytest.CaptureFixture[str]) -> None:
    """Every verb's handler declares a type for each parameter click passes it."""
    import typing

    for path, command in all_commands():
        if isinstance(command, click.Group) or command.callback is None:
            continue
        hints = typing.get_type_hints(command.callback)
        for param in command.params:
            if param.expose_value and param.name != "help":
                assert param.name in hints, (path, param.name)
        assert hints.get("return") is int, path


def test_no_option_takes_a_passphrase_from_argv() -> None:
    """Secrets are only ever read from files, the environment or a prompt: no option takes one."""
    for path, command in all_commands():
        for param in command.params:
            for name in param.opts:
                secret = any(word in name for word in ("passphrase", "password", "recovery-key"))
                if secret and isinstance(param, click.Option) and not param.is_flag:
                    assert name.endswith(("-file", "-out")), (path, name)


@pytest.mark.parametrize(
    "argv",
    [
        ["export"],  # a missing required option
        ["export", "--profile", "Sam", "--out", "x.json", "--passphrase", "secret"],
        ["no-such-verb"],
        ["profile", "create", "Jo", "--no-passphrase", "--passphrase-file", "pw"],
        ["exercises", "--json", "--markdown"],
        ["summary", "--profile", "Sam", "--kind", "everything", "--out", "x.pdf"],
    ],
)
def test_usage_mistakes_exit_2_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """A usage mistake is one plain line naming the help to read, exit 2, no traceback."""
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("trustrepair: ") and "--help" in line
    assert "secret" not in err


def test_no_verb_opens_the_window_with_the_data_dir(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`trustrepair --data-dir DIR` with no verb opens the window (the entry point's), on DIR."""
    from trustrepair import paths

    opened: list[Path] = []

    def window() -> int:
        opened.append(paths.data_dir())
        return 0

    assert cli.main(["--data-dir", str(tmp_path / "elsewhere")], window=window) == 0
    assert opened == [tmp_path / "elsewhere"]
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "elsewhere"))
    assert code == 2 and "Usage: trustrepair" in out  # as a library: no window to open


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (errno.ENOSPC, "no room left on the disk"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission was denied"),
        (errno.ENOENT, "does not exist"),
        (errno.EIO, "could not be read or written"),
    ],
)
def test_os_errors_are_one_plain_sentence(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    number: int,
    words: str,
) -> None:
    """An OS error the verb did not expect is one sentence naming the file, exit 1, no
    traceback."""
    assert run(capsys, "profile", "create", "Sam", "--no-passphrase")[0] == 0
    target = tmp_path / "e.json"

    def fail(*args: object, **kwargs: object) -> str:
        raise OSError(number, "low-level words", str(target))

    monkeypatch.setattr(transfer, "export_profile", fail)
    code, out, err = run(capsys, "export", "--profile", "Sam", "--out", str(target))
    assert code == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith(f"trustrepair: Could not export to {target}: ")
    assert words in line and line.endswith(f"({target}).")


def _limited(limit: int, data_dir: Path, *argv: str) -> str:
    """Run the CLI with files capped at ``limit`` bytes (a full disk that even root meets)."""
    import resource
    import signal

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "trustrepair", "--data-dir", str(data_dir), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=cap,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def test_a_full_disk_while_creating_leaves_no_profile(data_dir: Path) -> None:
    """profile create on a disk that fills up: one sentence, exit 1, no profile and no
    half-made folder left."""
    err = _limited(8_192, data_dir, "profile", "create", "Jo", "--no-passphrase")
    [line] = err.splitlines()
    assert line.startswith("trustrepair: Could not create the profile 'Jo': ")
    assert [p.name for p in (data_dir / "profiles").iterdir()] == []


def test_a_full_disk_while_importing_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    """import into a profile whose data file cannot grow: one sentence, exit 1, the profile
    exactly as before."""
    assert cli.main(["profile", "create", "Sam", "--no-passphrase"]) == 0
    answers = [
        {"exercise_id": f"x-{i // 100}", "step_id": f"s{i % 100}", "value": "words " * 40}
        for i in range(2_000)
    ]
    source = tmp_path / "big.json"
    document = {
        "format": "trustrepair-export",
        "version": 1,
        "profile": {"name": "Sam", "track": "hurt", "relationship": "romantic"},
        "answers": answers,
    }
    source.write_text(json.dumps(document), encoding="utf-8")
    [folder] = (data_dir / "profiles").iterdir()
    before = (folder / "vault.db").read_bytes()
    err = _limited(len(before) + 50_000, data_dir, "import", str(source), "--profile", "Sam")
    [line] = err.splitlines()
    assert line.startswith("trustrepair: Could not import into 'Sam': ")
    assert (folder / "vault.db").read_bytes() == before


def test_database_disk_errors_are_plain(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own "disk is full" reaches the person as a plain sentence, not a traceback."""
    import sqlcipher3

    assert run(capsys, "profile", "create", "Sam", "--no-passphrase")[0] == 0

    def full(*args: object, **kwargs: object) -> object:
        raise sqlcipher3.dbapi2.OperationalError("database or disk is full")

    monkeypatch.setattr(OpenVault, "backup_now", full)
    code, _, err = run(capsys, "backup", "--profile", "Sam")
    assert code == 1
    assert err == "trustrepair: Could not make a backup: there is no room left on the disk.\n"


def test_a_bug_is_one_line_without_the_data(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An unexpected error names its kind and place, never its message (it may hold answers)."""
    assert run(capsys, "profile", "create", "Sam", "--no-passphrase")[0] == 0

    def buggy(*args: object, **kwargs: object) -> str:
        raise KeyError("a private answer")

    monkeypatch.setattr(transfer, "export_profile", buggy)
    code, _, err = run(capsys, "export", "--profile", "Sam", "--out", str(tmp_path / "e.json"))
    assert code == 1
    [line] = err.splitlines()
    assert "KeyError" in line and "test_cli.py" in line and "bug" in line
    assert "private answer" not in err


def test_interrupt_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Ctrl+C during a verb is one line and exit 130."""
    assert run(capsys, "profile", "create", "Sam", "--no-passphrase")[0] == 0

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(transfer, "export_profile", interrupted)
    code, _, err = run(capsys, "export", "--profile", "Sam", "--out", str(tmp_path / "e.json"))
    assert code == 130 and "interrupted" in err and "Traceback" not in err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`trustrepair exercises --json | head -c 10`: the reader leaves early; exit 0, nothing on
    stderr."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    for number in range(80):  # more than a pipe's buffer of output
        text = SAMPLE_YAML.replace("id: sample", f"id: sample-{number}")
        (folder / f"sample-{number}.yaml").write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "trustrepair", "--data-dir", str(tmp_path), "exercises", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""
    proc.stderr.close()
