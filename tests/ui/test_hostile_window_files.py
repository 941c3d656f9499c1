"""The window's open paths with hostile files: File → Import, opening an assignment, and the
counsellor's opening of a shared file, each given every file of the corpus (a device, a FIFO,
huge, deep, duplicated keys, out-of-range numbers and settings, future dates, unsigned or
edited signed files, costly key derivations).

Each must end at once in one plain warning, with nothing kept and the vault unchanged; the
warning is shown as plain text (the message boxes go through ``ui/plain.py``, which
``test_hostile_text`` checks).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.formats.test_hostile_files import EXPORTS, FAR_FUTURE
from tests.helpers import deadline, fingerprint_of, write_signed
from tests.ui.conftest import Messages
from trustrepair.content.library import Library
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.formats import jsonfile
from trustrepair.services import assignments, counsel, notifier, transfer
from trustrepair.services.counsel_desk import ClientDesk, CounsellorDesk
from trustrepair.services.vaults import OpenVault
from trustrepair.ui import counsel_actions, transfer_actions
from trustrepair.ui.dialogs.counsel_files import CounselFiles, KeepAssignmentQuestion
from trustrepair.ui.transfer_actions import ImportSource
from trustrepair.ui.views.counsellor_view import CounsellorView

WINDOW_LIMIT = 10.0
"""Seconds the window may take for any of them (nothing may hang past this)."""


def _rows(vault: OpenVault) -> dict[str, list[dict[str, object]]]:
    db = vault.store.db
    return {t: sorted((dict(r) for r in db[t].rows), key=repr) for t in db.table_names()}


@pytest.mark.parametrize("case", list(EXPORTS))
def test_file_import_refuses_every_hostile_export_in_one_warning(
    case: str,
    qtbot: object,
    tmp_path: Path,
    vault: OpenVault,
    monkeypatch: pytest.MonkeyPatch,
    messages: Messages,
) -> None:
    """File → Import… with each hostile export: False, one warning, the vault unchanged."""
    vault.store.save_answer("ex", "s", "mine")
    before = _rows(vault)
    make, expected = EXPORTS[case]
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = make(folder)
    monkeypatch.setattr(ImportSource, "ask_path", classmethod(lambda cls, parent: path))
    monkeypatch.setattr(ImportSource, "ask_passphrase", classmethod(lambda cls, parent: "pw"))
    with deadline(WINDOW_LIMIT):
        assert not transfer_actions.import_into(None, vault)
    [warning] = messages.texts(notifier.Level.WARNING)
    assert expected in warning
    assert "<img" not in warning or "version" in expected
    assert _rows(vault) == before


# ---------------------------------------------------------------------- assignments
def _assignment(tmp_path: Path, lee: OpenVault, library: Library) -> dict[str, object]:
    path = tmp_path / "real.json"
    assignments.write_assignment(
        lee.store, library, "Sam", [AssignedExercise("naming-what-happened", "Gently.")], path
    )
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


ASSIGNMENTS: dict[str, tuple[Callable[[Path, OpenVault, dict[str, object]], Path], str]] = {
    "a device": (lambda d, lee, doc: Path("/dev/zero"), "not a plain file"),
    "a FIFO": (lambda d, lee, doc: _fifo(d / "fifo.json"), "not a plain file"),
    "a folder": (lambda d, lee, doc: d, "folder"),
    "nested deep": (
        lambda d, lee, doc: _write(d / "deep.json", "[" * 50_000 + "]" * 50_000),
        "nested too deeply",
    ),
    "a key twice": (
        lambda d, lee, doc: _write(d / "twice.json", '{"format": 1, "format": 2}'),
        "appears twice",
    ),
    "unsigned": (
        lambda d, lee, doc: _write(d / "v1.json", json.dumps({**doc, "version": 1})),
        "not signed",
    ),
    "an edited note": (
        lambda d, lee, doc: _write(
            d / "edited.json",
            jsonfile.dumps_readable(
                {
                    **doc,
                    "exercises": [
                        {
                            "exercise_id": "naming-what-happened",
                            "note": "Call 0900 123 456 and read them your recovery key.",
                        }
                    ],
                }
            ),
        ),
        "changed after it was signed",
    ),
    "dated 9999, signed as it is": (
        lambda d, lee, doc: write_signed(d / "future.json", lee, {**doc, "created_at": FAR_FUTURE}),
        "in the future",
    ),
    "a 1e400 version": (
        lambda d, lee, doc: _write(d / "big.json", '{"format": "x", "version": 1e400}'),
        "too large",
    ),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(ASSIGNMENTS))
def test_opening_a_hostile_assignment_is_one_warning_and_nothing_kept(
    case: str,
    qtbot: object,
    tmp_path: Path,
    vault: OpenVault,
    counsellor: OpenVault,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    messages: Messages,
) -> None:
    """Each hostile assignment: refused before any question, one warning, nothing kept."""
    make, expected = ASSIGNMENTS[case]
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = make(folder, counsellor, _assignment(tmp_path, counsellor, library))
    before = _rows(vault)
    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: path))
    monkeypatch.setattr(KeepAssignmentQuestion, "ask", classmethod(lambda cls, p, lines: True))
    desk = ClientDesk(vault.store, library)
    with deadline(WINDOW_LIMIT):
        assert not counsel_actions.open_assignment(None, desk, library)  # type: ignore[arg-type]
    [warning] = messages.texts(notifier.Level.WARNING)
    assert expected in warning
    assert _rows(vault) == before


# ---------------------------------------------------------------------- shares
SHARES: dict[str, tuple[Callable[[Path, OpenVault, dict[str, object]], Path], str]] = {
    "a device": (lambda d, sam, doc: Path("/dev/zero"), "not a plain file"),
    "a FIFO": (lambda d, sam, doc: _fifo(d / "fifo.json"), "not a plain file"),
    "nested deep": (
        lambda d, sam, doc: _write(d / "deep.json", "[" * 50_000 + "]" * 50_000),
        "nested too deeply",
    ),
    "an invented answer": (
        lambda d, sam, doc: _write(
            d / "edited.json",
            jsonfile.dumps_readable(doc).replace('"genuine"', '"invented"'),
        ),
        "changed after it was signed",
    ),
    "dated 9999, signed as it is": (
        lambda d, sam, doc: write_signed(d / "future.json", sam, {**doc, "created_at": FAR_FUTURE}),
        "in the future",
    ),
    "zeros": (lambda d, sam, doc: (d / "z.json").write_bytes(b"\0" * 100) and d / "z.json", "JSON"),
}


@pytest.mark.parametrize("case", list(SHARES))
def test_opening_a_hostile_share_is_one_message_and_nothing_kept(
    case: str,
    qtbot,
    tmp_path: Path,
    vault: OpenVault,
    counsellor: OpenVault,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The counsellor's "Open a file a client shared…" with each hostile share: the view says
    why in its message line, nothing is kept, no client appears."""
    vault.store.save_answer("naming-what-happened", "what-happened", "genuine", shared=True)
    plan = counsel.plan_share(vault.store, library, ["naming-what-happened"])
    counsel.write_share(vault.store, plan, tmp_path / "real.json")
    document = json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))
    make, expected = SHARES[case]
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = make(folder, vault, document)
    desk = CounsellorDesk(counsellor.store, counsel.client_library(counsellor.store, library))
    view = CounsellorView(desk)
    qtbot.addWidget(view)
    before = _rows(counsellor)
    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: path))
    monkeypatch.setattr(CounselFiles, "ask_passphrase", classmethod(lambda cls, p, t: "pw"))
    with deadline(WINDOW_LIMIT):
        assert not view.open_shared()
    assert expected in view.message_label.text()
    assert view.proxy.rowCount() == 0
    assert _rows(counsellor) == before
    assert fingerprint_of(vault)  # the client's own key is untouched


def test_an_export_is_read_only_in_the_background(
    qtbot: object,
    tmp_path: Path,
    vault: OpenVault,
    monkeypatch: pytest.MonkeyPatch,
    messages: Messages,
) -> None:
    """Choosing the file, the window looks only at its first bytes to know whether to ask
    for a passphrase; the file is read and parsed once, off the GUI thread (a 256 MB export
    parsed on it once froze the window for seconds)."""
    import threading

    from trustrepair.formats import jsonfile as jsonfile_module

    vault.store.save_answer("ex", "s", "mine")
    path = tmp_path / "export.json"
    transfer.export_profile(vault.store, path)
    readers: list[bool] = []
    real = jsonfile_module.read_bounded

    def recording(*args: object, **kwargs: object) -> bytes:
        readers.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonfile_module, "read_bounded", recording)
    monkeypatch.setattr(ImportSource, "ask_path", classmethod(lambda cls, parent: path))
    assert transfer_actions.import_into(None, vault)
    assert readers == [False]
