"""Screenshots of the main screens in both themes, for the docs (offscreen, no display needed).

    python docs/make_screenshots.py            # writes docs/screenshots/<theme>-<screen>.png

Each theme runs in its own process on a throwaway data dir with a sample profile (the same
one the window tests walk, ``tests/ui/catalogue.py``), so the pictures show the program as it
is now. Run it after changing how a screen looks, and commit the pictures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"
THEMES = ("light", "dark")
SIZE = (1100, 720)


def shoot(theme: str, out: Path) -> None:
    """In this process: build the window in ``theme`` and save each screen."""
    sys.path.insert(0, str(REPO))
    from PySide6.QtWidgets import QApplication

    from tests.ui.catalogue import SAMPLE_EXERCISE, make_window
    from trustrepair import paths
    from trustrepair.content.library import default_folders, load_library
    from trustrepair.services.vaults import Vaults
    from trustrepair.ui import theme as themes

    app = QApplication.instance() or QApplication(["trustrepair"])
    themes.Theme(theme).apply(app)
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))
    app.setFont(font)

    class NoBot:
        def addWidget(self, widget: object) -> None:
            """The catalogue's hook for tests; nothing to track here."""

    window = make_window(NoBot(), Vaults(paths.profiles_dir()), load_library(default_folders()))
    window.resize(*SIZE)

    def save(name: str, widget: object) -> None:
        app.processEvents()
        widget.grab().save(str(out / f"{theme}-{name}.png"))  # type: ignore[attr-defined]

    save("home", window)
    window.open_exercise(SAMPLE_EXERCISE)
    player = window.screens.get("player")
    player.go_next()
    save("exercise", window)
    from trustrepair.ui.dialogs.summary_dialog import SummaryDialog

    summary = SummaryDialog(window.services().summary(), window)
    summary.resize(640, 600)
    summary.show()
    save("summary", summary)
    summary.close()
    window.show_help()
    assert window.help_dialog is not None
    window.help_dialog.resize(720, 640)
    save("help", window.help_dialog)
    window.lock()
    save("unlock", window)
    window.quick_hide()
    save("quick-hide", window)
    window.close()


def main() -> int:
    """One child process per theme, each on its own throwaway data dir."""
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        shoot(sys.argv[2], OUT)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for theme in THEMES:
        with tempfile.TemporaryDirectory() as data:
            env = {
                **os.environ,
                "QT_QPA_PLATFORM": "offscreen",
                "TRUSTREPAIR_DATA_DIR": data,
                "TRUSTREPAIR_THEME": theme,
                "HOME": data,
            }
            subprocess.run(
                [sys.executable, __file__, "--child", theme], env=env, check=True, cwd=REPO
            )
    print(f"wrote {len(list(OUT.glob('*.png')))} screenshots to {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
