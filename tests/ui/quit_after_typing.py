"""Run by ``test_singleton_guard.py`` in a fresh process: type into an exercise, press Ctrl+Q.

    python tests/ui/quit_after_typing.py DATA_DIR CHARACTERS

The real window (as ``trustrepair.app`` builds it) on a new profile in DATA_DIR opens the
shipped exercise "naming-what-happened" (the only one loaded, for speed), types CHARACTERS
keys into its first text step and presses Ctrl+Q straight away; the event loop ends and the
interpreter shuts down. Prints ``typed N`` when the typing is done; any abort shows as the
exit status.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from trustrepair import paths
from trustrepair.content.library import load_library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.resources import exercises_root
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.vaults import Vaults
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.widgets.steps import TextWidget

EXERCISE = "naming-what-happened"
TEXT = "It hurt more than I could say at the time, and it still does some days. "


def main(data_dir: Path, characters: int) -> int:
    """Type, quit, and let the interpreter shut down."""
    paths.set_data_dir(data_dir)
    vaults = Vaults(paths.profiles_dir())
    vault = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    library = load_library([exercises_root() / "acknowledgement" / f"{EXERCISE}.yaml"])
    app = QApplication(["trustrepair"])
    window = MainWindow(vaults, lambda: library, AppSettings(paths.settings_file()))
    window.show()
    window.open_vault(vault)
    window.open_exercise(EXERCISE)
    player = window.screens.get("player")
    for _ in range(40):
        if isinstance(player.step_widget, TextWidget):
            break
        player.go_next()
    editor = player.step_widget.editor
    window.activateWindow()  # shortcuts reach only the active window
    for _ in range(500):
        if window.isActiveWindow():
            break
        QTest.qWait(10)
    else:
        print("the window never became active", file=sys.stderr)
        return 2

    def type_then_quit() -> None:
        editor.setFocus()
        for index in range(characters):
            QTest.keyClick(editor, TEXT[index % len(TEXT)])
        print(f"typed {characters}", flush=True)
        QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

    QTimer.singleShot(0, type_then_quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
