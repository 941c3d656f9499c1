"""Export and import from the window: the chosen file, the plain warning, progress, cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from trustrepair.ui import transfer_actions
from trustrepair.ui.transfer_actions import ExportTarget, ImportSource, ProgressWork


@pytest.fixture
def shown(messages):
    """The messages the actions sent (newest last)."""
    return messages


def _record_tasks(monkeypatch: pytest.MonkeyPatch, *, cancel: bool = False) -> list[tuple]:
    """Record every progress report; optionally cancel each task as soon as it starts."""
    reports: list[tuple] = []
    real = transfer_actions.run_task_with_progress

    def recording(parent, work):
        def wrapped(task):
            if cancel:
                task.cancel()
            return work(task)

        task = real(parent, wrapped)
        task.progressed.connect(lambda done, total: reports.append((done, total)))
        return task

    monkeypatch.setattr(transfer_actions, "run_task_with_progress", recording)
    return reports


def test_export_then_import_round_trips_an_answer(
    qtbot, vault, tmp_path, monkeypatch: pytest.MonkeyPatch, shown
):
    """A plain export shows the not-encrypted warning; importing it back merges cleanly."""
    vault.store.save_answer("sample", "feel", "kept safe")
    target = tmp_path / "out.json"
    monkeypatch.setattr(ExportTarget, "ask", classmethod(lambda cls, parent, name: (target, None)))
    monkeypatch.setattr(ImportSource, "ask_path", classmethod(lambda cls, parent: target))
    assert transfer_actions.export_profile(None, vault)
    assert target.is_file()
    assert "not encrypted" in shown[-1].text
    assert transfer_actions.import_into(None, vault)
    assert "Imported" in shown[-1].text
    assert vault.store.answers_for("sample")["feel"].value == "kept safe"


class _Paints(QObject):
    """Counts the paint events of progress windows and their parts."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        painted = event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
        if painted and isinstance(watched.window(), QProgressDialog):
            self.count += 1
        return False


def test_progress_window_is_painted_before_the_work_starts(
    qtbot, vault, tmp_path, monkeypatch: pytest.MonkeyPatch, shown
):
    """An export's progress window is on the screen, painted, before its work takes the
    interpreter (a window first shown mid-export stalled the GUI for its first paint)."""
    vault.store.save_answer("sample", "feel", "kept safe")
    target = tmp_path / "out.json"
    monkeypatch.setattr(ExportTarget, "ask", classmethod(lambda cls, parent, name: (target, None)))
    monkeypatch.setattr(ProgressWork, "START_LATEST_MS", 20_000)  # only a paint starts it
    paints = _Paints()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(paints)
    seen: list[tuple[bool, int]] = []
    real = transfer_actions.run_task_with_progress

    def starting(parent, work):
        windows = [w for w in app.topLevelWidgets() if isinstance(w, QProgressDialog)]
        seen.append((any(w.isVisible() for w in windows), paints.count))
        return real(parent, work)

    monkeypatch.setattr(transfer_actions, "run_task_with_progress", starting)
    try:
        assert transfer_actions.export_profile(None, vault)
    finally:
        app.removeEventFilter(paints)
    assert len(seen) == 1
    visible, painted = seen[0]
    assert visible
    assert painted >= 1
    assert target.is_file()


def test_long_work_reports_progress(qtbot, vault, tmp_path, monkeypatch: pytest.MonkeyPatch, shown):
    """Exporting and importing many answers reports (done, total) up to the end."""
    vault.store.save_answers((f"ex{i}", "step", f"answer {i}") for i in range(250))
    target = tmp_path / "many.json"
    monkeypatch.setattr(ExportTarget, "ask", classmethod(lambda cls, parent, name: (target, None)))
    monkeypatch.setattr(ImportSource, "ask_path", classmethod(lambda cls, parent: target))
    reports = _record_tasks(monkeypatch)
    assert transfer_actions.export_profile(None, vault)
    assert len(reports) >= 2 and reports[-1][0] == reports[-1][1] > 0
    reports.clear()
    assert transfer_actions.import_into(None, vault)
    assert len(reports) >= 3 and reports[-1][0] == reports[-1][1] > 0


def test_cancelled_import_writes_nothing(
    qtbot, vault, tmp_path, monkeypatch: pytest.MonkeyPatch, shown
):
    """Cancelling an import leaves the profile exactly as it was and says so."""
    vault.store.save_answer("sample", "feel", "from the file")
    target = tmp_path / "in.json"
    monkeypatch.setattr(ExportTarget, "ask", classmethod(lambda cls, parent, name: (target, None)))
    assert transfer_actions.export_profile(None, vault)
    vault.store.save_answer("sample", "feel", "", updated_at="2000-01-01T00:00:00.000000Z")
    monkeypatch.setattr(ImportSource, "ask_path", classmethod(lambda cls, parent: target))
    _record_tasks(monkeypatch, cancel=True)
    assert not transfer_actions.import_into(None, vault)
    assert "Nothing was changed" in shown[-1].text
    assert vault.store.answers_for("sample")["feel"].value == ""


def test_cancelled_export_writes_no_file(
    qtbot, vault, tmp_path, monkeypatch: pytest.MonkeyPatch, shown
):
    """Cancelling an export leaves no file behind."""
    target = tmp_path / "never.json"
    monkeypatch.setattr(ExportTarget, "ask", classmethod(lambda cls, parent, name: (target, None)))
    _record_tasks(monkeypatch, cancel=True)
    assert not transfer_actions.export_profile(None, vault)
    assert not target.exists()
    assert not any(p.name.endswith(".part") for p in tmp_path.iterdir())


def test_cancel_in_the_middle_of_the_merge_rolls_it_back(
    qtbot, vault, tmp_path, monkeypatch: pytest.MonkeyPatch, shown
):
    """Cancelled after some answers were merged, the import's transaction is rolled back."""
    vault.store.save_answers((f"ex{i}", "step", f"answer {i}") for i in range(250))
    target = tmp_path / "many.json"
    monkeypatch.setattr(ExportTarget, "ask", classmethod(lambda cls, parent, name: (target, None)))
    assert transfer_actions.export_profile(None, vault)
    for i in range(250):
        vault.store.delete_answer(f"ex{i}", "step")
    monkeypatch.setattr(ImportSource, "ask_path", classmethod(lambda cls, parent: target))
    real = transfer_actions.run_task_with_progress

    def cancel_mid_merge(parent, work):
        def wrapped(task):
            report = task.report
            state = {"merging": False}

            def cancelling_report(done: int, total: int) -> None:
                if state["merging"] and done > 0:
                    task.cancel()  # some answers are written inside the transaction by now
                if total == 0:
                    state["merging"] = True
                report(done, total)

            task.report = cancelling_report
            return work(task)

        return real(parent, wrapped)

    monkeypatch.setattr(transfer_actions, "run_task_with_progress", cancel_mid_merge)
    assert not transfer_actions.import_into(None, vault)
    assert "Nothing was changed" in shown[-1].text
    assert vault.store.count_answers() == 0
