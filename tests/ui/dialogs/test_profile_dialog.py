"""Settings → About you: changes are checked, saved to the vault, and rename the profile."""

from __future__ import annotations

from trustrepair import resources
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.ui.dialogs.profile_dialog import ProfileDialog


def _dialog(qtbot, vault: OpenVault, names: list[str]) -> ProfileDialog:
    dialog = ProfileDialog(vault, names)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_starts_from_the_profile_and_saves_every_change(qtbot, vaults: Vaults, vault: OpenVault):
    """The form shows the profile; saving renames it in the picker and keeps its answers."""
    vault.store.save_answer("solo", "feel", "kept")
    dialog = _dialog(qtbot, vault, ["Sam"])
    assert dialog.name_edit.text() == "Sam"
    assert dialog.track_buttons[Track.HURT].isChecked()
    assert dialog.relationship_buttons[Relationship.ROMANTIC].isChecked()
    assert dialog.description_edit.toPlainText() == "a private description"
    assert not dialog.path_note.isVisibleTo(dialog)
    dialog.name_edit.setText("  Sam B ")
    dialog.track_buttons[Track.REPAIRING].click()
    dialog.relationship_buttons[Relationship.FRIENDSHIP].click()
    assert dialog.path_note.isVisibleTo(dialog)  # says the path changes, nothing is lost
    dialog.description_edit.setPlainText("something else")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    saved = vault.store.get_profile()
    assert saved == dialog.saved
    assert (saved.name, saved.track, saved.relationship, saved.description) == (
        "Sam B",
        Track.REPAIRING,
        Relationship.FRIENDSHIP,
        "something else",
    )
    assert [ref.name for ref in vaults.list()] == ["Sam B"]
    assert vault.store.answers_for("solo")["feel"].value == "kept"


def test_another_profiles_name_or_no_name_is_refused(qtbot, vaults: Vaults, vault: OpenVault):
    """A clash with another profile, or an empty name, is said plainly and nothing is saved."""
    dialog = _dialog(qtbot, vault, ["Alex", "Sam"])
    dialog.name_edit.setText("alex")
    dialog.save_button.click()
    assert dialog.problems.isVisibleTo(dialog) and "already a profile" in dialog.problems.text()
    dialog.name_edit.setText(" ")
    dialog.save_button.click()
    assert "choose a name" in dialog.problems.text()
    assert dialog.saved is None and dialog.isVisible()
    assert vault.store.get_profile().name == "Sam"
    dialog.name_edit.setText("SAM")  # its own name in another case is fine
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    assert [ref.name for ref in vaults.list()] == ["SAM"]


def test_a_counsellor_is_asked_only_the_name(qtbot, vaults: Vaults):
    """For a counsellor, which describes you, who it is about and what happened are hidden."""
    vault = vaults.create(
        ProfileInfo("Dr K", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR), None
    )
    try:
        dialog = _dialog(qtbot, vault, ["Dr K"])
        hidden = [*dialog.track_buttons.values(), *dialog.relationship_buttons.values()]
        assert not any(widget.isVisibleTo(dialog) for widget in hidden)
        assert not dialog.description_edit.isVisibleTo(dialog)
        assert "assignments" in dialog.explanation.text()
        dialog.name_edit.setText("Dr Kay")
        with qtbot.waitSignal(dialog.accepted):
            dialog.save_button.click()
        assert vault.store.get_profile().role is Role.COUNSELLOR
        assert vault.store.get_profile().name == "Dr Kay"
    finally:
        vault.close()


def test_cancel_changes_nothing(qtbot, vault: OpenVault):
    """Cancel (or Escape) leaves the profile as it was."""
    dialog = _dialog(qtbot, vault, ["Sam"])
    dialog.name_edit.setText("Someone else")
    dialog.cancel_button.click()
    assert dialog.saved is None
    assert vault.store.get_profile().name == "Sam"


def test_the_explanation_is_never_cut_off(qtbot, vault: OpenVault, qapp):
    """The dialog is tall enough for every wrapped line of its explanation (and the note)."""
    qapp.setStyleSheet(resources.read_text("styles", "light.qss"))  # the real font size
    try:
        dialog = _dialog(qtbot, vault, ["Sam"])
        label = dialog.explanation
        qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
        dialog.track_buttons[Track.REPAIRING].click()
        note = dialog.path_note
        qtbot.waitUntil(lambda: note.height() >= note.heightForWidth(note.width()))
        assert label.height() >= label.heightForWidth(label.width())
    finally:
        qapp.setStyleSheet("")


def test_a_message_goes_once_its_field_is_fixed(qtbot, vaults: Vaults, vault: OpenVault):
    """The message asking for a name stays only until a name is typed."""
    dialog = _dialog(qtbot, vault, ["Sam"])
    dialog.name_edit.setText("")
    dialog.save_button.click()
    assert dialog.problems.isVisible() and "name" in dialog.problems.text()
    dialog.name_edit.setText("Sam R.")
    assert not dialog.problems.isVisible()
