"""Alt+letter shortcuts: no two visible controls on one screen (or the menu bar) share one.

Covers every screen of the views a person reaches; a clash makes Qt do nothing on that key.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.vaults import Vaults
from trustrepair.ui.views.joint_view import JointView
from trustrepair.ui.views.onboarding_view import OnboardingView
from trustrepair.ui.views.player_view import PlayerView
from trustrepair.ui.views.unlock_view import UnlockView

MENU_BAR = ["f", "t", "h"]  # &File, Se&ttings, &Help: every view lives under them
_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonics(top: QWidget) -> list[str]:
    """The Alt letters of the controls visible on ``top`` now, plus the menu bar's."""
    letters = list(MENU_BAR)

    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or not widget.isEnabled():
            continue  # a hidden or disabled control's letter does nothing
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if not (isinstance(widget, QAbstractButton) or labelled):
            continue
        found = _MNEMONIC.search(widget.text().replace("&&", ""))  # type: ignore[attr-defined]
        if found:
            letters.append(found.group(1).lower())

    return letters


def assert_no_clash(top: QWidget, screen: str) -> None:
    """One letter, one control."""
    twice = [k for k, n in Counter(mnemonics(top)).items() if n > 1]
    assert not twice, f"{screen}: Alt+{', Alt+'.join(twice)} used twice"


def test_onboarding_pages(qtbot: Any, vaults: Vaults) -> None:
    """Every onboarding page, including the counsellor choice."""
    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    view.show()
    for page in range(4):
        view.show_page(page)
        assert_no_clash(view, f"onboarding page {page}")


def test_unlock_and_recovery(qtbot: Any, vaults: Vaults) -> None:
    """The profile list, with the passphrase and with the recovery key."""
    vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), "words here").close()
    view = UnlockView(vaults)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    assert_no_clash(view, "unlock")
    view.toggle_recovery()
    assert_no_clash(view, "unlock with the recovery key")


def test_player_intro_step_and_finish(qtbot: Any, store: Any, path_library: Any) -> None:
    """The player's intro, a step and the finish page (with its help box)."""
    check = path_library.safety_check()
    view = PlayerView(store, path_library, check, store.get_profile())
    qtbot.addWidget(view)
    view.show()
    assert_no_clash(view, "player intro")
    view.next_button.click()
    assert_no_clash(view, "player step")
    view.step_widget.buttons["often"].click()  # type: ignore[union-attr]
    view.next_button.click()
    assert view.walk.position.at_finish
    assert_no_clash(view, "player finish")


def test_joint_setup(qtbot: Any, vaults: Vaults, vault: Any, path_library: Any) -> None:
    """Working together: the partner's sign-in."""
    vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), "pw pw").close()
    view = JointView(vaults, vault, path_library)
    qtbot.addWidget(view)
    view.show()
    assert_no_clash(view, "joint setup")
