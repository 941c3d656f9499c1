"""The peer: jrnl, a command-line journal with an encrypted journal file, measured beside us.

jrnl is a benchmark-only dependency (the ``bench`` extra in ``pyproject.toml``). Its own pins
(rich, python-dateutil) differ from the test tools', so it is installed into a virtual
environment of its own, ``benchmarks/.peer-venv`` (made on first use, ignored by git), never
into the project's. ``TRUSTREPAIR_BENCH_JRNL=/path/to/jrnl`` uses an existing one instead.

Every jrnl run gets a temporary HOME with its own config (an encrypted journal, no editor),
the password on standard input (its keyring-free path: with no keyring, jrnl asks, and with
no terminal, it reads the answer from standard input) and the null keyring backend, so no
desktop keyring is searched.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from common import BENCH_DIR, REPO, sentence

PEER_VENV = BENCH_DIR / ".peer-venv"
ENV_JRNL = "TRUSTREPAIR_BENCH_JRNL"
PASSWORD = "correct horse battery staple, for benchmarks only"

# jrnl's own encryption for writing (4.6: Fernet under a PBKDF2 key, a fresh salt each write),
# run with jrnl's interpreter, so the journal it reads is exactly one it would have written.
_ENCRYPT = """
import sys
from jrnl.encryption import determine_encryption_method_for_writing
method = determine_encryption_method_for_writing(True)("default", {})
method.password = sys.argv[3]
text = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "wb").write(method.encrypt(text))
"""


def requirement() -> str:
    """The jrnl requirement of the ``bench`` extra (one place says which jrnl)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bench = project["optional-dependencies"]["bench"]
    return next(r for r in bench if r.startswith("jrnl"))


def jrnl_executable(*, install: bool = True) -> tuple[Path | None, str]:
    """jrnl's executable (installed into :data:`PEER_VENV` if needed and ``install``), or
    None and why not."""
    given = os.environ.get(ENV_JRNL)
    if given:
        return Path(given), ""
    executable = PEER_VENV / "bin" / "jrnl"
    if executable.exists():
        return executable, ""
    if not install:
        return (
            None,
            f"jrnl is not installed (benchmarks/run.py --quick installs it into {PEER_VENV})",
        )
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", str(PEER_VENV)], check=True, capture_output=True
        )
        subprocess.run(
            [str(PEER_VENV / "bin" / "pip"), "install", "-q", requirement()],
            check=True,
            capture_output=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        return None, f"could not install {requirement()}: {detail.decode()[-300:] or exc}"
    return executable, ""


def jrnl_version(executable: Path) -> str:
    """``jrnl --version``'s first line."""
    proc = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, check=False
    )
    return (proc.stdout.strip().splitlines() or ["?"])[0]


def jrnl_env(home: Path) -> dict[str, str]:
    """The environment of one jrnl journal: its own HOME and config, no keyring, no colour."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "VISUAL", "EDITOR"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        NO_COLOR="1",
        TERM="dumb",
    )
    return env


def make_journal(executable: Path, home: Path, entries: int, words: int) -> dict[str, Any]:
    """An encrypted jrnl journal of ``entries`` entries of about ``words`` words, in ``home``."""
    journal = home / "journal.txt"
    config = home / ".config" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: true\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n    encrypt: true\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\n"
        "version: v4.6\n",
        encoding="utf-8",
    )
    rng = random.Random(11)
    start = datetime(2024, 1, 1, 9, 0, 0)
    lines = []
    for index in range(entries):
        stamp = (start + timedelta(hours=index)).strftime("%Y-%m-%d %I:%M:%S %p")
        lines.append(f"[{stamp}] {sentence(rng, 6)} {sentence(rng, words)}\n\n")
    plain = home / "plain.txt"
    plain.write_text("".join(lines), encoding="utf-8")
    python = executable.parent / "python"
    subprocess.run(
        [str(python), "-c", _ENCRYPT, str(plain), str(journal), PASSWORD],
        check=True,
        capture_output=True,
    )
    plain.unlink()
    return {"entries": entries, "journal_bytes": journal.stat().st_size}


def jrnl_write_argv(executable: Path, text: str) -> list[str]:
    """jrnl's command to add one entry (its text on the command line, as people use it)."""
    return [str(executable), text]


def jrnl_read_argv(executable: Path) -> list[str]:
    """jrnl's command to show the latest entry."""
    return [str(executable), "-n", "1"]


def run_jrnl(executable: Path, home: Path, argv: list[str]) -> tuple[float, str]:
    """Seconds one jrnl command took (spawn to exit, the password on standard input), and
    what it printed."""
    start = time.perf_counter()
    done = subprocess.run(
        argv,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=jrnl_env(home),
        timeout=300,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"jrnl failed: {done.stderr[-300:]}")
    return seconds, done.stdout
