"""The counsellor's home: prepare an assignment, open a shared file, read it, read-only."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import fingerprint_of
from trustrepair.services import counsel
from trustrepair.services.profile_services import ProfileServices
from trustrepair.ui.views.counsellor_view import AssignmentDialog, CounselFiles, CounsellorView


def test_prepare_assignment_then_read_what_the_client_shared(
    qtbot, monkeypatch, tmp_path: Path, counsellor, vault, library, sender_questions
):
    """A saved assignment lists the client; their shared file, once the counsellor accepts the
    client's fingerprint, shows answers, escaped."""
    view = CounsellorView(ProfileServices(counsellor.store, library).counsellor_desk())
    qtbot.addWidget(view)
    assert view.client_list.count() == 0
    assert "No clients yet" in view.detail.toPlainText()

    def fill(parent, lib):
        dialog = AssignmentDialog(lib, parent)
        qtbot.addWidget(dialog)
        dialog.client_edit.setText("Sam R.")
        assert dialog.problem() == "Please tick at least one exercise."
        dialog.choose("naming-what-happened", "Gently.", "soon")
        assert "2026-12-31" in dialog.problem()
        dialog.choose("naming-what-happened", "Gently.", "2026-12-01")
        assert dialog.problem() is None
        return dialog.client_edit.text(), dialog.chosen()

    packet = tmp_path / "assignment.json"
    monkeypatch.setattr(AssignmentDialog, "ask", classmethod(lambda cls, p, lib: fill(p, lib)))
    monkeypatch.setattr(CounselFiles, "ask_save_path", classmethod(lambda cls, p, s: packet))
    assert view.prepare_assignment()
    assert packet.exists()
    assert view.current_client() == "Sam R."
    assert "nothing shared yet" in view.detail.toPlainText()

    counsel.import_assignment(
        vault.store, library, packet, accept_sender=fingerprint_of(counsellor)
    )
    vault.store.save_answer("naming-what-happened", "what-happened", "<b>mine</b>", shared=True)
    vault.store.save_answer("naming-what-happened", "feelings", ["anger"])
    shared = tmp_path / "shared.json"
    counsel.write_share(
        vault.store, counsel.plan_share(vault.store, library), shared, passphrase="tulip"
    )

    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: shared))
    monkeypatch.setattr(CounselFiles, "ask_passphrase", classmethod(lambda cls, p, t: "tulip"))
    assert view.open_shared()
    text = view.detail.toPlainText()
    assert "<b>mine</b>" in text  # shown as the client wrote it, never as markup
    # An answer begins the exercise's first entry, so it reads as started, with its date.
    assert "Naming what happened to me" in text and "not started" not in text
    assert "started 2" in text
    assert "Anger" not in text and "anger" not in text
    assert view.detail.isReadOnly()
    assert "Kept what Sam R. shared" in view.message_label.text()
    assert sender_questions == [("Sam R.", fingerprint_of(vault))]


def test_a_first_share_whose_fingerprint_does_not_match_is_not_kept(
    qtbot, monkeypatch, tmp_path: Path, counsellor, vault, library, sender_questions
):
    """When the counsellor says the client's fingerprint does not match, nothing is kept, and
    the next try asks again."""
    view = CounsellorView(ProfileServices(counsellor.store, library).counsellor_desk())
    qtbot.addWidget(view)
    vault.store.save_answer("naming-what-happened", "what-happened", "mine", shared=True)
    shared = tmp_path / "shared.json"
    plan = counsel.plan_share(vault.store, library, ["naming-what-happened"])
    counsel.write_share(vault.store, plan, shared)
    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: shared))
    sender_questions.answer = False
    assert not view.open_shared()
    assert view.client_list.count() == 0 and counsel.clients(counsellor.store) == []
    sender_questions.answer = True
    assert view.open_shared()
    assert len(sender_questions) == 2 and view.client_list.count() == 1


def test_a_wrong_file_is_explained_in_the_view(qtbot, monkeypatch, tmp_path, counsellor, library):
    """Opening a file that is not a shared file says so plainly and changes nothing."""
    view = CounsellorView(ProfileServices(counsellor.store, library).counsellor_desk())
    qtbot.addWidget(view)
    wrong = tmp_path / "x.json"
    wrong.write_text('{"format": "trustrepair-export"}', encoding="utf-8")
    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: wrong))
    assert not view.open_shared()
    assert "not a shared file" in view.message_label.text()
    assert view.client_list.count() == 0
