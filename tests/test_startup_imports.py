"""Start-up stays light: the first screen shows before the heavy modules are imported.

Each test runs the real bootstrap (``trustrepair.app.main``) in a fresh, offscreen process on
the test's data dir, and looks at ``sys.modules`` once the first screen is shown and idle.
"""

from __future__ import annotations

import json
import subprocess
import sys

from trustrepair import paths
from trustrepair.services.vaults import OpenVault

HEAVY = (
    "pydantic",
    "pydantic_core",
    "sqlite_utils",
    "sqlcipher3",
    "cryptography",
    "jinja2",
    "ruamel",
)

DEFERRED = (
    "platformdirs",
    "ctypes",  # ≈ 3 ms: the refcount guard in trustrepair.ui uses _ctypes alone
    "trustrepair.ui.dialogs.help_dialog",
    "trustrepair.ui.dialogs.restore_dialog",
    "trustrepair.ui.dialogs.messages",
    "trustrepair.ui.help_actions",
    "trustrepair.ui.vault_actions",
    "trustrepair.ui.warm_up",
)
"""Light, but not needed for the first screen either (a few ms each; see docs/performance.md)."""

FIRST_SCREEN = """
import gc, json, sys
from trustrepair import __main__, app

def first_idle(qapp, window):
    if {warm_up!r}:
        window.warmed_up.connect(lambda: report(qapp, window))
        window.warm_up()
    else:
        report(qapp, window)

def report(qapp, window):
    heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
    print(json.dumps({{
        "screen": type(window.stack.currentWidget()).__name__,
        "heavy": heavy,
        "deferred": sorted(set(sys.modules) & set({deferred!r})),
        "library_loaded": window._library.ready,
        "banner": window.banner.isVisible(),
        "qt_namespace_built": "Qt" in vars(sys.modules["PySide6.QtCore"]),
        "gc_enabled": gc.isenabled(),
        "gc_frozen": gc.get_freeze_count(),
    }}))
    qapp.quit()

app._first_idle = first_idle
sys.exit(__main__.main([]))
"""


def _first_screen(*, warm_up: bool = False) -> dict[str, object]:
    code = FIRST_SCREEN.format(heavy=HEAVY, deferred=DEFERRED, warm_up=warm_up)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_unlock_screen_shows_without_heavy_imports(vault: OpenVault):
    """With a profile, the unlock screen is shown before pydantic, SQLCipher, Jinja2 & co load."""
    vault.close()
    seen = _first_screen()
    assert seen["screen"] == "UnlockView"
    assert seen["heavy"] == []
    assert seen["library_loaded"] is False


def test_unlock_screen_never_builds_the_qt_namespace(vault: OpenVault):
    """PySide builds all 94 ``Qt.*`` enums at the first use of one (≈ 20 ms): not before the
    unlock screen is shown (see trustrepair.ui.lean)."""
    vault.close()
    seen = _first_screen()
    assert seen["screen"] == "UnlockView"
    assert seen["qt_namespace_built"] is False


def test_unlock_screen_defers_the_light_modules_it_does_not_need(vault: OpenVault):
    """With the data dir given, platformdirs and the dialogs wait too."""
    vault.close()
    seen = _first_screen()
    assert seen["screen"] == "UnlockView"
    assert seen["deferred"] == []


def test_first_run_screen_shows_without_heavy_imports():
    """With no profile yet, the new-profile screen is shown before the heavy modules load too."""
    seen = _first_screen()
    assert seen["screen"] == "OnboardingView"
    assert seen["heavy"] == []


def test_warm_up_loads_the_library_and_shows_skipped_files(vault: OpenVault):
    """After the first paint, the warm-up loads the library; skipped files show the banner."""
    vault.close()
    (paths.user_exercises_dir() / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    seen = _first_screen(warm_up=True)
    assert seen["screen"] == "UnlockView"
    assert seen["library_loaded"] is True
    assert seen["banner"] is True
    assert {"pydantic", "sqlcipher3", "sqlite_utils"} <= set(seen["heavy"])  # type: ignore[arg-type]


def test_garbage_collection_is_back_on_once_the_window_is_shown(vault: OpenVault):
    """Start-up runs without the cyclic collector; by the first idle moment it is on again,
    with what start-up made frozen (so later collections, while someone types, skip it)."""
    vault.close()
    seen = _first_screen()
    assert seen["gc_enabled"] is True
    assert seen["gc_frozen"] > 10_000  # type: ignore[operator]


NO_PLUGIN_LOADER = """
import json, sys
from trustrepair import __main__
__main__.without_pydantic_plugins()
from trustrepair.content.library import load_library
from trustrepair.resources import exercises_root
library = load_library([exercises_root()])
print(json.dumps({
    "exercises": len(library.exercises),
    "metadata": "importlib.metadata" in sys.modules,
}))
"""


def test_pydantic_builds_models_without_looking_for_plugins():
    """The command line and the window never import importlib.metadata only for pydantic to
    look for plugins (≈ 25 ms); the models are built and validate all the same."""
    done = subprocess.run(
        [sys.executable, "-c", NO_PLUGIN_LOADER],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["exercises"] > 50
    assert seen["metadata"] is False
