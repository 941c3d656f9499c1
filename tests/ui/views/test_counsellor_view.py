"""The counsellor's desk in the window: titles, dates, overdue and status per client, sorting,
filtering, searching and archiving; the assignment dialog; reading what a client shared."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from tests.helpers import CUSTOM_EXERCISE_YAML, fingerprint_of
from trustrepair.domain.answers import Status
from trustrepair.domain.counsel import AssignedExercise, SharedExercise
from trustrepair.services import assignments, counsel
from trustrepair.services.counsel_desk import CounsellorDesk
from trustrepair.services.desk import DeskShow, DeskSort
from trustrepair.storage.counsel import CounselStore
from trustrepair.ui.dialogs.assignment_dialog import AssignmentDialog
from trustrepair.ui.dialogs.counsel_files import CounselFiles, SameClientQuestion
from trustrepair.ui.views.counsellor_view import CounsellorView
from trustrepair.ui.views.desk_model import LABEL_ROLE
from trustrepair.ui.widgets.exercise_delegate import SUMMARY_ROLE, TITLE_ROLE

TODAY = date(2026, 12, 10)


def _desk(counsellor, library) -> CounsellorDesk:
    return CounsellorDesk(
        counsellor.store, counsel.client_library(counsellor.store, library), TODAY
    )


def _three_clients(store) -> None:
    counsel_store = CounselStore(store.db)
    counsel_store.save_sent(
        "Sam R.",
        [(AssignedExercise("naming-what-happened", "Gently.", "2026-12-01"), "")],
        created_at="2026-11-20T09:00:00.000Z",
    )
    counsel_store.save_shared(
        "Sam R.",
        [SharedExercise("naming-what-happened", "Naming", Status.IN_PROGRESS)],
        shared_at="2026-11-25T09:00:00.000Z",
    )
    counsel_store.save_sent(
        "Alex",
        [(AssignedExercise("what-i-need-to-feel-safe", due="2026-12-24"), "")],
        created_at="2026-12-08T09:00:00.000Z",
    )
    counsel_store.save_sent(
        "Bea",
        [(AssignedExercise("owning-what-i-did"), "")],
        created_at="2026-11-01T09:00:00.000Z",
    )


def test_the_desk_lists_every_client_with_titles_dates_and_overdue(qtbot, counsellor, library):
    """Each client's row and detail show titles, never ids; overdue is marked; counts count
    only what was assigned; nothing scrolls sideways."""
    _three_clients(counsellor.store)
    view = CounsellorView(_desk(counsellor, library))
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    assert view.shown_labels() == ["Sam R.", "Alex", "Bea"]  # overdue first
    first = view.proxy.index(0, 0)
    assert first.data(TITLE_ROLE) == "Sam R. — 1 overdue"
    assert first.data(SUMMARY_ROLE) == "0 of 1 done · 1 overdue"
    assert "last file received 2026-11-25" in first.data(Qt.ItemDataRole.DisplayRole)
    assert view.current_client() == "Sam R."
    text = view.detail.toPlainText()
    assert "Naming what happened to me — in progress · overdue since 2026-12-01" in text
    assert "naming-what-happened" not in text and "Gently." in text
    assert view.client_list.horizontalScrollBar().maximum() == 0
    assert view.detail.horizontalScrollBar().maximum() == 0
    assert view.client_list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_sort_filter_search_and_archive_in_the_window(qtbot, counsellor, library):
    """The sort and show boxes and the search arrange the desk; archiving moves a client out
    of the current ones and back."""
    _three_clients(counsellor.store)
    view = CounsellorView(_desk(counsellor, library))
    qtbot.addWidget(view)
    view.sort_box.setCurrentIndex(view.sort_box.findData(DeskSort.NAME.value))
    assert view.shown_labels() == ["Alex", "Bea", "Sam R."]
    view.sort_box.setCurrentIndex(view.sort_box.findData(DeskSort.ACTIVITY.value))
    assert view.shown_labels() == ["Alex", "Sam R.", "Bea"]
    view.show_box.setCurrentIndex(view.show_box.findData(DeskShow.OVERDUE.value))
    assert view.shown_labels() == ["Sam R."]
    view.show_box.setCurrentIndex(view.show_box.findData(DeskShow.ACTIVE.value))
    view.search_edit.setText("feel safe")
    assert view.shown_labels() == ["Alex"] and view.current_client() == "Alex"
    view.search_edit.clear()
    view.arrange(sort=DeskSort.NAME)
    view._select("Bea")
    view.archive_button.click()
    assert view.shown_labels() == ["Alex", "Sam R."]
    assert "archived" in view.message_label.text()
    view.show_box.setCurrentIndex(view.show_box.findData(DeskShow.ARCHIVED.value))
    assert view.shown_labels() == ["Bea"]
    assert view.archive_button.text() == "Bring back from the &archive"
    view.archive_button.click()
    view.show_box.setCurrentIndex(view.show_box.findData(DeskShow.ACTIVE.value))
    assert view.shown_labels() == ["Alex", "Bea", "Sam R."]


def test_the_assignment_dialog_shows_stage_track_and_mode_and_makes_a_sequence(
    qtbot, tmp_path: Path, counsellor, library
):
    """Library rows say stage, who for and how; past dates cannot be picked; notes, dates and
    "opens after" are per exercise; a bad exercise file is refused with file:line."""
    dialog = AssignmentDialog(_desk(counsellor, library))
    qtbot.addWidget(dialog)
    row = next(
        dialog.library_list.item(i)
        for i in range(dialog.library_list.count())
        if dialog.library_list.item(i).data(Qt.ItemDataRole.UserRole) == "naming-what-happened"
    )
    facts = row.data(Qt.ItemDataRole.UserRole + 12)
    assert facts.startswith("Acknowledgement · for the one who was hurt · alone")
    assert dialog.due_edit.minimumDate().toString("yyyy-MM-dd") == "2026-12-10"
    dialog.client_edit.setText("Sam R.")
    assert dialog.problem() == "Please add at least one exercise."
    dialog.library_list.setCurrentItem(row)
    dialog.add_selected()
    dialog.note_edit.setPlainText("Gently.")
    dialog.due_box.setChecked(True)
    dialog.choose("what-i-need-to-feel-safe", "Then this.", "2026-12-09", after_previous=True)
    assert "has already passed" in dialog.problem()
    dialog.choose("what-i-need-to-feel-safe", "Then this.", "2026-12-24", after_previous=True)
    assert dialog.problem() is None
    bad = tmp_path / "bad.yaml"
    bad.write_text(CUSTOM_EXERCISE_YAML.replace("stage: rebuilding", "stage: later"), "utf-8")
    assert not dialog.attach(bad)
    assert "bad.yaml:3:1: stage" in dialog.error_label.text()
    good = tmp_path / "between.yaml"
    good.write_text(CUSTOM_EXERCISE_YAML, encoding="utf-8")
    assert dialog.attach(good)
    dialog.plan_list.setCurrentRow(2)
    dialog.move_current(-1)
    request = dialog.request()
    assert [(e.exercise_id, e.note, e.due, e.after) for e in request.exercises] == [
        ("naming-what-happened", "Gently.", "2026-12-17", None),
        ("between-sessions", "", None, None),
        ("what-i-need-to-feel-safe", "Then this.", "2026-12-24", "between-sessions"),
    ]
    assert [name for name, _text in request.custom_sources] == [str(good)]
    assert dialog.library_list.horizontalScrollBar().maximum() == 0


def test_prepare_assignment_then_read_what_the_client_shared(
    qtbot, monkeypatch, tmp_path: Path, counsellor, vault, library, sender_questions
):
    """A saved assignment (with a sensible file name) lists the client; their shared file,
    once the label in other capitals and the client's fingerprint are accepted, shows answers
    as plain text."""
    view = CounsellorView(_desk(counsellor, library))
    qtbot.addWidget(view)
    assert view.proxy.rowCount() == 0
    assert "No clients yet" in view.detail.toPlainText()

    packet = tmp_path / "assignment.json"
    suggested: list[str] = []
    answers = [None, packet]  # the first file name is cancelled, the second given

    def save_path(cls, parent, name):
        assert isinstance(parent, AssignmentDialog)  # asked over the dialog, which stays
        suggested.append(name)
        return answers.pop(0)

    def fill(cls, parent, desk, client=None, save=None):
        dialog = AssignmentDialog(desk, client, parent, save)
        qtbot.addWidget(dialog)
        dialog.client_edit.setText("Sam R.")
        dialog.choose("naming-what-happened", "Gently.", "2099-12-01")
        dialog.save_file()
        assert dialog.result() != AssignmentDialog.DialogCode.Accepted
        assert [e.exercise_id for e in dialog.request().exercises] == ["naming-what-happened"]
        assert not dialog.error_label.isVisibleTo(dialog) and not packet.exists()
        dialog.save_file()
        assert dialog.result() == AssignmentDialog.DialogCode.Accepted
        return dialog.request()

    monkeypatch.setattr(AssignmentDialog, "ask", classmethod(fill))
    monkeypatch.setattr(CounselFiles, "ask_save_path", classmethod(save_path))
    assert view.prepare_assignment()
    assert suggested == ["assignment-sam-r-2026-12-10.json"] * 2
    assert view.current_client() == "Sam R."
    assert "not started" in view.detail.toPlainText()

    assignments.import_assignment(
        vault.store, library, packet, accept_sender=fingerprint_of(counsellor)
    )
    vault.store.save_answer("naming-what-happened", "what-happened", "<b>mine</b>", shared=True)
    vault.store.save_answer("naming-what-happened", "feelings", ["anger"])
    vault.store.set_setting(counsel.CLIENT_LABEL_SETTING, "sam r.")
    shared = tmp_path / "shared.json"
    counsel.write_share(
        vault.store, counsel.plan_share(vault.store, library), shared, passphrase="tulip"
    )

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: shared))
    monkeypatch.setattr(CounselFiles, "ask_passphrase", classmethod(lambda cls, p, t: "tulip"))
    monkeypatch.setattr(
        SameClientQuestion, "ask", classmethod(lambda cls, p, g, e: asked.append((g, e)) is None)
    )
    assert view.open_shared()
    assert asked == [("sam r.", "Sam R.")]
    assert view.shown_labels() == ["Sam R."]
    text = view.detail.toPlainText()
    assert "<b>mine</b>" in text  # shown as the client wrote it, never as markup
    # An answer begins the exercise's first entry, so it reads as started, with its date.
    assert "Naming what happened to me" in text and "started 2" in text
    assert "Anger" not in text and "anger" not in text
    assert view.detail.isReadOnly()
    assert "Kept what Sam R. shared" in view.message_label.text()
    assert sender_questions == [("Sam R.", fingerprint_of(vault))]


def test_a_label_question_answered_no_keeps_the_assignment_open(
    qtbot, monkeypatch, tmp_path: Path, counsellor, library
):
    """A label that differs from a client's only in capitals asks first; "no" leaves the
    dialog open with what was chosen and says why; "yes" writes it under the client's label."""
    _three_clients(counsellor.store)
    view = CounsellorView(_desk(counsellor, library))
    qtbot.addWidget(view)
    same: list[bool] = [False, True]
    monkeypatch.setattr(SameClientQuestion, "ask", classmethod(lambda cls, p, g, e: same.pop(0)))
    packet = tmp_path / "for-sam.json"
    monkeypatch.setattr(CounselFiles, "ask_save_path", classmethod(lambda cls, p, n: packet))

    def fill(cls, parent, desk, client=None, save=None):
        dialog = AssignmentDialog(desk, client, parent, save)
        qtbot.addWidget(dialog)
        dialog.client_edit.setText("sam r.")
        dialog.choose("what-i-need-to-feel-safe", "", None)
        dialog.save_file()
        assert dialog.result() != AssignmentDialog.DialogCode.Accepted
        assert "Nothing was saved" in dialog.error_label.text() and not packet.exists()
        dialog.save_file()
        assert dialog.result() == AssignmentDialog.DialogCode.Accepted
        return dialog.request()

    monkeypatch.setattr(AssignmentDialog, "ask", classmethod(fill))
    assert view.prepare_assignment()
    assert view.current_client() == "Sam R." and "sam r." not in view.shown_labels()
    assert "What I need to feel safe" in view.detail.toPlainText()


def test_a_first_share_whose_fingerprint_does_not_match_is_not_kept(
    qtbot, monkeypatch, tmp_path: Path, counsellor, vault, library, sender_questions
):
    """When the counsellor says the client's fingerprint does not match, nothing is kept, and
    the next try asks again."""
    view = CounsellorView(_desk(counsellor, library))
    qtbot.addWidget(view)
    vault.store.save_answer("naming-what-happened", "what-happened", "mine", shared=True)
    shared = tmp_path / "shared.json"
    plan = counsel.plan_share(vault.store, library, ["naming-what-happened"])
    counsel.write_share(vault.store, plan, shared)
    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: shared))
    sender_questions.answer = False
    assert not view.open_shared()
    assert view.proxy.rowCount() == 0 and _desk(counsellor, library).clients() == []
    sender_questions.answer = True
    assert view.open_shared()
    assert len(sender_questions) == 2 and view.proxy.rowCount() == 1


def test_a_wrong_file_is_explained_in_the_view(qtbot, monkeypatch, tmp_path, counsellor, library):
    """Opening a file that is not a shared file says so plainly and changes nothing."""
    view = CounsellorView(_desk(counsellor, library))
    qtbot.addWidget(view)
    wrong = tmp_path / "x.json"
    wrong.write_text('{"format": "trustrepair-export"}', encoding="utf-8")
    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: wrong))
    assert not view.open_shared()
    assert "not a shared file" in view.message_label.text()
    assert "nothing was changed" in view.message_label.text()
    assert view.proxy.rowCount() == 0


def test_the_desk_model_is_one_row_per_client_and_no_widgets(qtbot, counsellor, library):
    """200 clients are 200 model rows and no per-row widget; the search filters them."""
    store = CounselStore(counsellor.store.db)
    for n in range(200):
        store.save_sent(
            f"Client {n:03}",
            [(AssignedExercise("naming-what-happened"), "")],
            created_at="2026-11-01T09:00:00.000Z",
        )
    view = CounsellorView(_desk(counsellor, library))
    qtbot.addWidget(view)
    assert view.proxy.rowCount() == 200
    assert view.client_list.indexWidget(view.proxy.index(0, 0)) is None
    assert not view.model.flags(view.model.index(0)) & Qt.ItemFlag.ItemIsEditable
    view.search_edit.setText("Client 19")
    shown = [view.proxy.index(r, 0).data(LABEL_ROLE) for r in range(view.proxy.rowCount())]
    assert shown == [f"Client {n}" for n in range(190, 200)]
