"""Export and import from the window: the chosen file, the plain warning, the merge."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from trustrepair.ui import transfer_actions
from trustrepair.ui.transfer_actions import ExportTarget, ImportSource


def test_export_then_import_round_trips_an_answer(
    qtbot, vault, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    """A plain export shows the not-encrypted warning; importing it back merges cleanly."""
    vault.store.save_answer("sample", "feel", "kept safe")
    target = tmp_path / "out.json"
    shown: list[str] = []
    monkeypatch.setattr(ExportTarget, "ask", classmethod(lambda cls, parent, name: (target, None)))
    monkeypatch.setattr(ImportSource, "ask_path", classmethod(lambda cls, parent: target))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    assert transfer_actions.export_profile(None, vault)
    assert target.is_file()
    assert "not encrypted" in shown[-1]
    assert transfer_actions.import_into(None, vault)
    assert "Imported" in shown[-1]
    assert vault.store.answers_for("sample")["feel"].value == "kept safe"
