"""Help and safety: the crisis and support lines of the chosen country, and the directory."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from trustrepair import paths
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.helplines import COUNTRY_SETTING, HelplineGuide
from trustrepair.ui.dialogs.help_dialog import OTHER_COUNTRY, HelpDialog


def _dialog(qtbot: Any) -> HelpDialog:
    dialog = HelpDialog(None, HelplineGuide(AppSettings(paths.settings_file())))
    qtbot.addWidget(dialog)
    return dialog


def _lines(dialog: HelpDialog) -> str:
    return "\n".join(label.text() for label in dialog.lines_box.findChildren(QLabel))


def _choose(dialog: HelpDialog, code: str) -> None:
    dialog.country_box.setCurrentIndex(dialog.country_box.findData(code))


def test_before_a_country_is_chosen_help_asks_and_gives_the_directory(qtbot: Any) -> None:
    """With no country, Help lists no numbers of its own and names the directory."""
    dialog = _dialog(qtbot)
    assert "Choose your country" in _lines(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("https://findahelpline.com" in text for text in texts)


def test_choosing_a_country_shows_its_lines_and_keeps_the_choice(qtbot: Any) -> None:
    """Picking the UK shows Samaritans and the abuse and stop-harming lines, and is kept."""
    dialog = _dialog(qtbot)
    _choose(dialog, "GB")
    shown = _lines(dialog)
    assert "Samaritans: 116 123" in shown
    assert "0808 2000 247" in shown and "0808 802 4040" in shown
    assert "Emergency number (United Kingdom): 999" in shown
    assert AppSettings(paths.settings_file()).get(COUNTRY_SETTING) == "GB"
    again = _dialog(qtbot)
    assert again.country_box.currentData() == "GB"
    assert "Samaritans: 116 123" in _lines(again)


def test_a_missing_kind_of_line_points_to_the_directory(qtbot: Any) -> None:
    """Canada lists no national abuse line here, so Help points to the directory for it."""
    dialog = _dialog(qtbot)
    _choose(dialog, "CA")
    shown = _lines(dialog)
    assert "988" in shown
    assert "No line is listed here. Find one at https://findahelpline.com/CA." in shown


def test_another_country_gets_the_directory_not_a_guess(qtbot: Any) -> None:
    """A country the file lacks shows no numbers, only where to find them."""
    dialog = _dialog(qtbot)
    _choose(dialog, "GB")
    _choose(dialog, OTHER_COUNTRY)
    assert "We list no numbers for your country yet" in _lines(dialog)
    assert AppSettings(paths.settings_file()).get(COUNTRY_SETTING) is None


def test_lines_are_reachable_without_an_unlocked_profile(qtbot: Any) -> None:
    """On the first screen the own-numbers box is off, but the country's lines still show."""
    dialog = _dialog(qtbot)
    _choose(dialog, "US")
    assert not dialog.numbers.isEnabled()
    assert "988 Suicide & Crisis Lifeline: 988 (text 988)" in _lines(dialog)
