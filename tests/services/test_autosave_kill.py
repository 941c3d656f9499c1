"""Autosave survives a killed process: every flushed keystroke is on disk after SIGKILL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.helpers import sample_exercise
from trustrepair import paths
from trustrepair.services.vaults import Vaults
from trustrepair.services.walk import ExerciseWalk

WRITER = textwrap.dedent(
    """
    import sys
    from tests.helpers import sample_exercise
    from trustrepair import paths
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo
    from trustrepair.services.vaults import Vaults
    from trustrepair.services.walk import ExerciseWalk

    vaults = Vaults(paths.profiles_dir())
    vault = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.FRIENDSHIP), passphrase=None)
    walk = ExerciseWalk(vault.store, sample_exercise())
    walk.start()
    walk.next()
    text = ""
    print("READY", flush=True)
    for i in range(100000):
        text += "abcdefghij"[i % 10]
        walk.stage_answer("words", text)
        if i % 3 == 0:  # the window's debounce timer fires every few keystrokes
            walk.flush()
            print(len(text), flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_killed_while_typing_loses_only_unflushed_keystrokes(seed: int, data_dir: Path) -> None:
    """SIGKILL mid-typing: the reopened vault holds at least the last acknowledged text."""
    env = {**os.environ, paths.ENV_DATA_DIR: str(data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "READY"
    acknowledged = 0
    deadline = time.monotonic() + random.Random(seed).uniform(0.2, 0.8)
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip().isdigit():
            acknowledged = int(line)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert acknowledged > 0

    vault = Vaults(paths.profiles_dir()).open("Kim", passphrase=None)
    try:
        assert vault.store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        walk = ExerciseWalk(vault.store, sample_exercise())
        saved = walk.value("words")
        assert isinstance(saved, str)
        assert len(saved) >= acknowledged
        assert saved == ("abcdefghij" * (len(saved) // 10 + 1))[: len(saved)]
        assert walk.current is not None and walk.current.id == "words"
    finally:
        vault.close()
