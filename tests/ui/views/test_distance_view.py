"""Work at a distance in the window: two people, two data folders (two computers), files in
between; both sides show once each has written theirs and opened the other's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from tests.ui.conftest import Messages
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services import transfer
from trustrepair.services.distance import DistanceDesk
from trustrepair.services.joint import NOT_OPEN
from trustrepair.services.safety import SETTING_KEY, SafetyService
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.ui.views import distance_view
from trustrepair.ui.views.distance_view import DistanceFiles, DistanceView
from trustrepair.ui.views.step_screen import StepScreen

EXERCISE = "agreeing-an-amends-plan"
ANSWERS: dict[str, dict[str, Any]] = {
    "Sam": {
        "hurt-needs": ["Tell me when X gets in touch"],
        "timeline": "months",
        "worry": "SAM-HELD-BACK worry",
    },
    "Alex": {
        "repairing-offers": ["Phone off at dinner"],
        "timeline": "year-plus",
        "worry": "ALEX-HELD-BACK worry",
    },
}


@pytest.fixture(autouse=True)
def no_autosave_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave at once in the player."""
    monkeypatch.setattr(StepScreen, "AUTOSAVE_DELAY_MS", 0)


@pytest.fixture
def pair(tmp_path: Path) -> Any:
    """Sam (hurt) and Alex (repairing), each on their own computer, checks taken."""
    opened = []
    for name, track in (("Sam", Track.HURT), ("Alex", Track.REPAIRING)):
        vault = Vaults(tmp_path / name).create(ProfileInfo(name, track, Relationship.ROMANTIC))
        vault.store.set_setting(
            SETTING_KEY, {"completed_at": "2026-01-01T00:00:00.000Z", "concern": False}
        )
        opened.append(vault)
    yield tuple(opened)
    for vault in opened:
        vault.close()


def _view(qtbot: Any, vault: OpenVault, library: Library) -> DistanceView:
    view = DistanceView(DistanceDesk(vault.store, library), SafetyService(vault.store, library))
    qtbot.addWidget(view)
    view.show()
    view.select(EXERCISE)
    return view


def _texts(root: QWidget) -> str:
    return "\n".join(w.text() for w in root.findChildren(QLabel) if w.isVisible())


def _answer(view: DistanceView, values: dict[str, Any]) -> None:
    """Answer one's part in the player, to its end and back, then choose (worry held back)."""
    view.answer_button.click()
    player = view.player
    assert player is not None and view.stack.currentWidget() is view.answer_page
    player.next_button.click()  # the introduction
    for _ in range(len(player.walk.steps())):
        step = player.walk.current
        assert step is not None
        assert step.id not in ("repairing-offers" if "hurt-needs" in values else "hurt-needs")
        if step.id in values and player.step_widget is not None:
            player.step_widget.set_value(values[step.id])  # as shown
            player.step_widget.changed.emit(values[step.id])  # as typing hands it on
        player.next_button.click()
    assert player.walk.position.at_finish
    player.next_button.click()  # done: back to the overview
    assert view.player is None and view.stack.currentWidget() is view.overview_page
    view.choose_button.click()
    view.reveal_boxes["worry"].setChecked(False)
    view.done_button.click()


def _write(view: DistanceView, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(DistanceFiles, "ask_save_path", classmethod(lambda c, p, s: path))
    view.write_button.click()


def _open(view: DistanceView, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(DistanceFiles, "ask_open_path", classmethod(lambda c, p: path))
    view.open_button.click()


def test_a_couple_at_a_distance_in_the_window(
    qtbot: Any,
    pair: tuple[OpenVault, OpenVault],
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: Messages,
    sender_questions: Any,
) -> None:
    """Each answers their part alone and holds one answer back; first files introduce them
    (fingerprints asked once each); both sides show only once each has the other's file, and
    neither held-back answer is in a file or in the other's export."""
    sam, alex = pair
    sam_view, alex_view = _view(qtbot, sam, library), _view(qtbot, alex, library)
    assert "side by side only" in _texts(sam_view)  # taken in turns: said plainly
    _answer(sam_view, ANSWERS["Sam"])
    _answer(alex_view, ANSWERS["Alex"])
    assert not sam_view.both_button.isEnabled()
    _write(sam_view, monkeypatch, tmp_path / "sam-1.json")
    assert "introduces you" in messages.texts()[-1]
    _open(alex_view, monkeypatch, tmp_path / "sam-1.json")
    assert [name for name, _ in sender_questions] == ["Sam"]
    _write(alex_view, monkeypatch, tmp_path / "alex.json")
    assert "sealed for Sam" in messages.texts()[-1]
    assert not alex_view.answer_button.isVisible()  # fixed once sealed
    _open(sam_view, monkeypatch, tmp_path / "alex.json")
    assert "still sealed" in messages.texts()[-1]
    assert not sam_view.both_button.isEnabled()  # Sam has not written answers yet
    _write(sam_view, monkeypatch, tmp_path / "sam-2.json")
    assert sam_view.both_button.isEnabled()
    _open(alex_view, monkeypatch, tmp_path / "sam-2.json")
    assert [name for name, _ in sender_questions] == ["Sam", "Alex"]
    for view, other in ((sam_view, "Alex"), (alex_view, "Sam")):
        assert view.both_button.isEnabled()
        view.both_button.click()
        shown = _texts(view.reveal_page)
        assert "Kept private" in shown and other in shown
        assert "HELD-BACK" not in shown
    assert "Phone off at dinner" in _texts(sam_view.reveal_page)
    assert "Tell me when X gets in touch" in _texts(alex_view.reveal_page)
    for vault, other in ((sam, "ALEX"), (alex, "SAM")):
        transfer.export_profile(vault.store, tmp_path / "export.json")
        assert f"{other}-HELD-BACK" not in (tmp_path / "export.json").read_text(encoding="utf-8")
    for path in tmp_path.glob("*.json"):
        if path.name != "export.json":
            assert "HELD-BACK" not in path.read_text(encoding="utf-8")


def test_a_closed_gate_reads_the_same_words_and_offers_nothing(
    qtbot: Any, pair: tuple[OpenVault, OpenVault], library: Library
) -> None:
    """Closed with the button or by a concern: the screen says the side-by-side words only."""
    sam, alex = pair
    SafetyService(sam.store, library).close_joint()
    alex.store.set_setting(
        SETTING_KEY, {"completed_at": "2026-01-02T00:00:00.000Z", "concern": True}
    )
    seen = []
    for vault in (sam, alex):
        view = _view(qtbot, vault, library)
        assert not view.work_box.isVisible()
        assert view.gate_label.text().startswith(NOT_OPEN)
        seen.append(_texts(view))
    assert seen[0] == seen[1]


def test_the_screen_is_offered_from_the_file_menu() -> None:
    """File → Work at a distance… shows this screen."""
    from trustrepair.ui.screens import SCREENS

    entry = next(e for e in SCREENS if e.name == "distance")
    assert entry.module == distance_view.__name__ and entry.menu
