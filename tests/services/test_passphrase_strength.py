"""The passphrase strength estimate, and zxcvbn loaded only where it is needed."""

from __future__ import annotations

import subprocess
import sys

from trustrepair.services import passphrase_strength

PREPARED = """
import sys, threading
from trustrepair.services import passphrase_strength
assert "zxcvbn" not in sys.modules
passphrase_strength.prepare()
for thread in threading.enumerate():
    if thread.name == "trustrepair-zxcvbn":
        thread.join()
print("zxcvbn" in sys.modules)
"""


def test_prepare_loads_zxcvbn_in_the_background():
    """Nothing loads zxcvbn before a new passphrase is chosen; prepare() loads it apart."""
    done = subprocess.run(
        [sys.executable, "-c", PREPARED], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "True"


def test_a_weak_and_a_strong_passphrase():
    """A common word is weak; four ordinary unrelated words are strong."""
    passphrase_strength.prepare()
    assert passphrase_strength.estimate("password").weak
    assert not passphrase_strength.estimate("kettle river purple morning").weak
