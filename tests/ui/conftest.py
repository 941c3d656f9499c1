"""Fixtures for window tests: autosave without delay and small, fixed exercises."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from trustrepair import paths
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services import notifier
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.vaults import Vaults
from trustrepair.storage import keys
from trustrepair.ui.dialogs.messages import MessageBox
from trustrepair.ui.dialogs.sender_dialog import SenderConfirm
from trustrepair.ui.dialogs.simple import WeakPassphraseConfirm
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.views.player_view import PlayerView

OFFSCREEN_NOISE = "This plugin does not support (propagateSizeHints|raise)"
"""The offscreen platform's notes on what it cannot do: harmless, not our warnings."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore only the offscreen platform's notes in window tests."""
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def no_autosave_delay(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Autosave at once, and derive keys with the cheapest safe parameters, for speed."""
    monkeypatch.setattr(PlayerView, "AUTOSAVE_DELAY_MS", 0)
    kdf = getattr(keys, "OWASP_MINIMUM_KDF", None)
    if kdf is not None and hasattr(Vaults, "kdf"):
        monkeypatch.setattr(Vaults, "kdf", kdf)
    yield


class Messages(list[notifier.Message]):
    """Every notifier message sent during a test, in order."""

    def texts(self, level: notifier.Level | None = None) -> list[str]:
        """The texts, of one level or of all."""
        return [m.text for m in self if level is None or m.level is level]


class SenderQuestions(list[tuple[str, str]]):
    """Every ``(sender, fingerprint)`` the window asked about; ``answer`` is what the person
    says (by default, that the fingerprints matched)."""

    answer = True


@pytest.fixture(autouse=True)
def sender_questions(monkeypatch: pytest.MonkeyPatch) -> SenderQuestions:
    """Records the first-file questions instead of showing them (a test may set ``answer``)."""
    asked = SenderQuestions()

    def ask(cls: type, parent: object, name: str, fingerprint: str) -> bool:
        asked.append((name, fingerprint))
        return asked.answer

    monkeypatch.setattr(SenderConfirm, "ask", classmethod(ask))
    return asked


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[Messages]:
    """Records what the program tells the person; a window shows no modal box meanwhile."""
    sent = Messages()
    unsubscribe = notifier.subscribe(sent.append)
    monkeypatch.setattr(MessageBox, "ask", classmethod(lambda cls, parent, message: None))
    # Tests use short passphrases: a weak one is used as if the person said "use it anyway"
    # (tests of the question replace this).
    monkeypatch.setattr(WeakPassphraseConfirm, "ask", classmethod(lambda cls, *args: True))
    yield sent
    unsubscribe()


def make_exercise(**overrides: Any) -> Exercise:
    """A small valid exercise; keyword arguments replace fields."""
    data: dict[str, Any] = {
        "id": "sample",
        "title": "A sample exercise",
        "stage": "acknowledgement",
        "tracks": ["hurt"],
        "relationships": ["romantic", "friendship", "professional"],
        "mode": "solo",
        "minutes": 10,
        "models": ["trust-foundations"],
        "summary": "A short sample.",
        "intro": "Welcome to the sample.",
        "safety": "Take care of yourself.",
        "finish": "Well done.",
        "steps": [
            {"id": "read", "kind": "reading", "text": "Read this first."},
            {"id": "feel", "kind": "text", "prompt": "What do you feel?", "help": "Anything."},
            {
                "id": "pain",
                "kind": "scale",
                "prompt": "How much?",
                "min_label": "none",
                "max_label": "a lot",
            },
            {
                "id": "deep",
                "kind": "text",
                "prompt": "Tell more.",
                "when": {"step": "pain", "at_least": 7},
                "optional": True,
            },
            {
                "id": "pick",
                "kind": "choice",
                "prompt": "Pick one",
                "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            },
            {"id": "items", "kind": "list", "prompt": "List things", "optional": True},
            {"id": "promise", "kind": "commitment", "prompt": "Promise", "optional": True},
        ],
    }
    data.update(overrides)
    return Exercise.model_validate(data)


def make_library(*exercises: Exercise, safety: Exercise | None = None) -> Library:
    """A library holding exactly ``exercises`` (plus a safety check if given)."""
    library = Library()
    for exercise in (*exercises, *([safety] if safety else [])):
        library.exercises[exercise.id] = exercise
    return library


def make_safety_check() -> Exercise:
    """A tiny private safety check: answering "often" raises a concern. Like the shipped one
    it is taken again at any time, blank."""
    return make_exercise(
        id="check",
        title="A private check",
        tracks=["hurt", "repairing"],
        safety_check=True,
        repeat={"rhythm": "any"},
        models=["safety-screening"],
        steps=[
            {
                "id": "afraid",
                "kind": "choice",
                "prompt": "Afraid?",
                "options": [
                    {"id": "never", "label": "Never"},
                    {"id": "often", "label": "Often", "concern": True},
                ],
            },
        ],
    )


@pytest.fixture
def path_library() -> Library:
    """A solo and a joint exercise for the hurt, one for the repairing, and a safety check."""
    solo = make_exercise(id="solo", title="Alone exercise")
    joint = make_exercise(id="joint", title="Together exercise", mode="parallel", stage="remorse")
    other = make_exercise(id="other", title="Only for repairing", tracks=["repairing"])
    return make_library(solo, joint, other, safety=make_safety_check())


@pytest.fixture
def window(qtbot, vaults: Vaults, path_library) -> MainWindow:
    """The window around a profile that is open on its home screen."""
    vault = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    win = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(win)
    win.show()
    win.open_vault(vault)
    return win


@pytest.fixture
def sample() -> Exercise:
    """The sample exercise."""
    return make_exercise()


@pytest.fixture
def exercise_factory() -> Any:
    """Build a small exercise with replaced fields: ``exercise_factory(id="x", ...)``."""
    return make_exercise


@pytest.fixture
def library_factory() -> Any:
    """Build a library of given exercises: ``library_factory(a, b, safety=check)``."""
    return make_library


@pytest.fixture(autouse=True)
def application_names(qapp: Any) -> Iterator[None]:
    """The application's names as they were before the test (a quick-hide a test never came
    back from leaves them neutral)."""
    name, display = qapp.applicationName(), qapp.applicationDisplayName()
    yield
    qapp.setApplicationName(name)
    qapp.setApplicationDisplayName(display)
