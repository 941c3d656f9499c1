"""The Summary dialog: choose kind and contents, leave answers out, save, print, by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trustrepair.content.library import Library
from trustrepair.domain.exercise import TextStep
from trustrepair.reports.context import Paper
from trustrepair.reports.kinds import SUMMARY_KIND_NAMES, SUMMARY_KINDS
from trustrepair.services.profile_services import ProfileServices
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.storage.store import VaultStore
from trustrepair.ui.dialogs.summary_dialog import KEY_ROLE, SummaryDialog


def text_steps(library: Library, count: int) -> list[tuple[str, str]]:
    """Some (exercise id, step id) pairs of shipped text steps, not in the safety check."""
    found = [
        (e.id, s.id)
        for e in library.ordered()
        if not e.safety_check
        for s in e.steps
        if isinstance(s, TextStep) and s.when is None
    ]
    assert len(found) >= count
    return found[:count]


@pytest.fixture
def dialog(qtbot: QtBot, store: VaultStore, library: Library) -> SummaryDialog:
    """The dialog over a vault with two shared answers and one private one."""
    (e1, s1), (e2, s2), (e3, s3) = text_steps(library, 3)
    store.save_answer(e1, s1, "FIRST SHARED", shared=True)
    store.save_answer(e2, s2, "SECOND SHARED", shared=True)
    store.save_answer(e3, s3, "PRIVATE ONE", shared=False)
    view = SummaryDialog(ProfileServices(store, library).summary())
    qtbot.addWidget(view)
    view.keys = [f"{e1}/{s1}", f"{e2}/{s2}", f"{e3}/{s3}"]  # type: ignore[attr-defined]
    return view


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(SummaryDialog, "ask_save_path", classmethod(lambda cls, *a: path))


def test_unticked_answer_is_left_out(
    dialog: SummaryDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unticking one answer leaves it out of the saved HTML; the status says not encrypted."""
    dialog.set_kind(SUMMARY_KINDS["me"])
    dialog.tree_items()[dialog.keys[0]].setCheckState(0, Qt.CheckState.Unchecked)  # type: ignore[attr-defined]
    save_to(monkeypatch, tmp_path / "mine")
    dialog.html_button.click()
    html = (tmp_path / "mine.html").read_text(encoding="utf-8")
    assert "FIRST SHARED" not in html
    assert "SECOND SHARED" in html and "PRIVATE ONE" in html
    assert "not encrypted" in dialog.status.text()


def test_us_offers_only_shared_answers(dialog: SummaryDialog) -> None:
    """Switching to `us` rebuilds the tree with shared answers only (no safety check)."""
    dialog.set_kind(SUMMARY_KINDS["us"])
    keys = set(dialog.tree_items())
    assert dialog.keys[0] in keys and dialog.keys[1] in keys  # type: ignore[attr-defined]
    assert dialog.keys[2] not in keys  # type: ignore[attr-defined]
    assert not any(k.startswith("safety-check") for k in keys)


def test_unticked_exercise_is_left_out_of_the_pdf(
    dialog: SummaryDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unticking an exercise removes it from the request; the PDF is saved on Letter paper."""
    dialog.set_kind(SUMMARY_KINDS["us"])
    dialog.set_paper(Paper.LETTER)
    first_exercise = dialog.keys[0].split("/")[0]  # type: ignore[attr-defined]
    dialog.tree_items()[first_exercise].setCheckState(0, Qt.CheckState.Unchecked)
    request = dialog.request()
    assert first_exercise not in (request.exercise_ids or set())
    assert request.paper is Paper.LETTER
    save_to(monkeypatch, tmp_path / "shared.pdf")
    dialog.pdf_button.click()
    assert (tmp_path / "shared.pdf").read_bytes().startswith(b"%PDF")
    assert "not encrypted" in dialog.status.text()


def test_cancelled_save_writes_nothing(
    dialog: SummaryDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelling the file dialog leaves no file and no message."""
    monkeypatch.setattr(SummaryDialog, "ask_save_path", classmethod(lambda cls, *a: None))
    dialog.pdf_button.click()
    assert dialog.status.text() == ""
    assert not list(tmp_path.glob("*.pdf"))


def test_print_paints_pages_on_the_chosen_printer(
    dialog: SummaryDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Print sends the pages to the printer the print dialog returns."""
    target = tmp_path / "printed.pdf"

    def accept(cls: type, printer: QPrinter, parent: QWidget) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(SummaryDialog, "ask_print", classmethod(accept))
    dialog.print_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    assert dialog.status.text() == "Sent to the printer."


def test_preview_paints_through_the_preview_seam(
    dialog: SummaryDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Preview hands a printer and a paint function to the preview dialog."""
    calls: list[QPrinter] = []

    def fake_preview(cls: type, printer: QPrinter, paint: object, parent: QWidget) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "preview.pdf"))
        paint(printer)  # type: ignore[operator]
        calls.append(printer)

    monkeypatch.setattr(SummaryDialog, "show_preview", classmethod(fake_preview))
    dialog.preview_button.click()
    assert calls and (tmp_path / "preview.pdf").exists()


def test_every_control_has_an_accessible_name(dialog: SummaryDialog) -> None:
    """Screen readers can name every control; the warning about encryption is shown."""
    for widget in (
        dialog.kind_combo,
        dialog.paper_combo,
        dialog.tree,
        dialog.preview_button,
        dialog.print_button,
        dialog.pdf_button,
        dialog.html_button,
        dialog.close_button,
    ):
        assert widget.accessibleName()
    assert "not encrypted" in dialog.warning.text()


def test_space_toggles_an_answer_by_keyboard(dialog: SummaryDialog, qtbot: QtBot) -> None:
    """With the keyboard alone, Space leaves the current answer out."""
    dialog.set_kind(SUMMARY_KINDS["me"])
    item = dialog.tree_items()[dialog.keys[1]]  # type: ignore[attr-defined]
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tree.setFocus()
    dialog.tree.setCurrentItem(item)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)
    assert item.checkState(0) == Qt.CheckState.Unchecked
    assert dialog.keys[1] in dialog.request().leave_out  # type: ignore[attr-defined]


def test_a_partners_revealed_answer_is_never_offered_for_us(
    dialog: SummaryDialog, store: VaultStore
) -> None:
    """`us` draws only on shared answers: a partner's revealed answer is not in its tree."""
    from trustrepair.domain.answers import PartnerAnswer

    exercise_id, step_id = dialog.keys[0].split("/")  # type: ignore[attr-defined]
    store.put_partner_answer(
        PartnerAnswer(exercise_id, step_id, "Alex", "THEIR WORDS", "2026-04-10T19:40:00.000Z")
    )
    dialog.set_kind(SUMMARY_KINDS["us"])
    items = dialog.tree_items()
    assert f"{dialog.keys[0]}/partner:Alex" not in items  # type: ignore[attr-defined]
    assert not any("THEIR WORDS" in item.text(0) for item in items.values())


def test_the_kind_box_offers_every_kind_with_its_help(dialog: SummaryDialog) -> None:
    """The Kind box lists the registry's kinds in order; choosing one shows what it includes."""
    combo = dialog.kind_combo
    assert [combo.itemData(i) for i in range(combo.count())] == list(SUMMARY_KIND_NAMES)
    for kind in SUMMARY_KINDS.values():
        dialog.set_kind(kind)
        assert dialog.kind is kind
        assert combo.currentText() == kind.label
        assert dialog.kind_help.text() == kind.includes


def test_the_agreement_saved_from_both_windows_reads_the_same(
    qtbot: QtBot,
    vault: OpenVault,
    vaults: Vaults,
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sam and Alex each save "Our agreement" from their own window: the two PDFs hold the
    same words, and each answer row in the dialog names its author."""
    import shutil
    import subprocess

    from tests.services.test_agreement import walk_amends_plan
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo

    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), None)
    walk_amends_plan(library, vault, alex)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install poppler-utils"
    texts, labels = [], []
    for person in (vault, alex):
        view = SummaryDialog(ProfileServices(person.store, library).summary())
        qtbot.addWidget(view)
        view.set_kind(SUMMARY_KINDS["agreement"])
        labels.append(sorted(i.text(0) for k, i in view.tree_items().items() if "/" in k))
        target = tmp_path / f"{person.ref.name}.pdf"
        save_to(monkeypatch, target)
        view.pdf_button.click()
        texts.append(
            subprocess.run(
                [pdftotext, "-layout", str(target), "-"], capture_output=True, text=True, check=True
            ).stdout
        )
    alex.close()
    assert texts[0] == texts[1] and "Signature · Alex" in texts[0]
    assert labels[0] == labels[1]
    assert any(label.endswith("Written by Sam") for label in labels[0])
    assert any(label.endswith("Written by Alex") for label in labels[0])


def test_the_safety_check_and_description_are_off_paper_until_ticked(qtbot, vault, library):
    """In `me`, the safety check's row and the private description start unticked."""
    from trustrepair.reports.kinds import SUMMARY_KINDS
    from trustrepair.services.profile_services import ProfileServices
    from trustrepair.ui.dialogs.summary_dialog import PRIVATE_ROLE, SummaryDialog

    check = library.safety_check()
    assert check is not None
    step = next(st for st in check.steps if st.kind == "choice")
    vault.store.save_answer(check.id, step.id, step.options[0].id)
    vault.store.save_answer("naming-what-happened", "what-happened", "words")
    dialog = SummaryDialog(ProfileServices(vault.store, library).summary())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_kind(SUMMARY_KINDS["me"])
    rows = dialog.tree_items()
    assert rows[check.id].data(0, PRIVATE_ROLE) is True
    assert rows[check.id].checkState(0) == Qt.CheckState.Unchecked
    assert rows["naming-what-happened"].checkState(0) == Qt.CheckState.Checked
    assert dialog.description_box.isVisible() and not dialog.description_box.isChecked()
    request = dialog.request()
    assert not request.with_safety_check and not request.with_description
    rows[check.id].setCheckState(0, Qt.CheckState.Checked)
    dialog.description_box.setChecked(True)
    request = dialog.request()
    assert request.with_safety_check and request.with_description


def test_default_file_names_say_nothing_about_the_program(qtbot, vault, library):
    """A summary, a recovery key, an export and a share are offered neutral names."""
    from trustrepair.services.profile_services import ProfileServices
    from trustrepair.ui.dialogs.summary_dialog import SummaryDialog
    from trustrepair.ui.file_names import NEUTRAL_STEMS, neutral_file_name

    dialog = SummaryDialog(ProfileServices(vault.store, library).summary())
    qtbot.addWidget(dialog)
    names = [dialog._suggested(".pdf")] + [neutral_file_name(k, ".txt") for k in NEUTRAL_STEMS]
    for name in names:
        for word in ("trust", "repair", "summary", "recovery", "counsel", "betray"):
            assert word not in name.lower()


def test_answer_rows_are_made_when_their_exercise_is_opened(
    qtbot: QtBot, store: VaultStore, library: Library
) -> None:
    """The tree opens with one row per exercise; opening one makes its answer rows, ticked as
    the exercise was, so an exercise unticked before opening leaves every answer out."""
    pairs = {e: s for e, s in reversed(text_steps(library, 40))}
    (first, s1), (second, s2) = list(pairs.items())[:2]
    store.save_answer(first, s1, "ONE", shared=True)
    store.save_answer(second, s2, "TWO", shared=True)
    view = SummaryDialog(ProfileServices(store, library).summary())
    qtbot.addWidget(view)
    view.set_kind(SUMMARY_KINDS["me"])
    rows = {r.data(0, KEY_ROLE): r for r in view._exercise_rows()}
    assert all(row.childCount() == 0 for row in rows.values())
    rows[second].setCheckState(0, Qt.CheckState.Unchecked)
    rows[first].setExpanded(True)
    rows[second].setExpanded(True)
    assert rows[first].child(0).data(0, KEY_ROLE) == f"{first}/{s1}"
    assert rows[first].child(0).checkState(0) == Qt.CheckState.Checked
    assert rows[second].child(0).checkState(0) == Qt.CheckState.Unchecked
    chosen = view.request().exercise_ids or frozenset()
    assert first in chosen and second not in chosen


def test_answers_to_former_exercises_are_read_only_when_opened(
    qtbot: QtBot, store: VaultStore, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exercises no longer in the library (most of a long history) are one section row until
    it is opened, then one row each, and an exercise's answers are read from the vault only
    when its row is opened."""
    store.save_answers([(f"old-{i}", "s", f"OLD WORDS {i}") for i in range(3)])
    service = ProfileServices(store, library).summary()
    asked: list[str] = []
    real = service.former_items
    monkeypatch.setattr(service, "former_items", lambda i: asked.append(i) or real(i))
    view = SummaryDialog(service)
    qtbot.addWidget(view)
    view.set_kind(SUMMARY_KINDS["me"])
    section = view.tree.topLevelItem(view.tree.topLevelItemCount() - 1)
    assert section is not None and section.data(0, KEY_ROLE) == ""
    assert section.childCount() == 0 and not section.isExpanded()
    assert not {"old-0", "old-1", "old-2"} & {r.data(0, KEY_ROLE) for r in view._exercise_rows()}
    section.setExpanded(True)
    rows = {r.data(0, KEY_ROLE): r for r in view._exercise_rows()}
    assert {"old-0", "old-1", "old-2"} <= rows.keys() and asked == []
    assert all(rows[f"old-{i}"].checkState(0) == Qt.CheckState.Checked for i in range(3))
    rows["old-1"].setExpanded(True)
    assert asked == ["old-1"]
    assert rows["old-1"].child(0).data(0, KEY_ROLE) == "old-1/s"


def test_the_unopened_section_of_former_exercises_stands_for_them_all(
    qtbot: QtBot, store: VaultStore, library: Library
) -> None:
    """Ticked and never opened, the section of former exercises puts every one on paper;
    unticked, none; unticked then opened, its rows come unticked."""
    store.save_answers([(f"old-{i}", "s", f"OLD WORDS {i}") for i in range(3)])
    view = SummaryDialog(ProfileServices(store, library).summary())
    qtbot.addWidget(view)
    view.set_kind(SUMMARY_KINDS["me"])
    section = view.tree.topLevelItem(view.tree.topLevelItemCount() - 1)
    assert section is not None
    chosen = view.request()
    assert {"old-0", "old-1", "old-2"} <= (chosen.exercise_ids or frozenset())
    assert chosen.stages is None  # the former exercises' answers are asked for
    section.setCheckState(0, Qt.CheckState.Unchecked)
    assert not {"old-0", "old-1", "old-2"} & (view.request().exercise_ids or frozenset())
    section.setExpanded(True)
    rows = {r.data(0, KEY_ROLE): r for r in view._exercise_rows()}
    assert all(rows[f"old-{i}"].checkState(0) == Qt.CheckState.Unchecked for i in range(3))
    rows["old-2"].setCheckState(0, Qt.CheckState.Checked)
    chosen_ids = view.request().exercise_ids or frozenset()
    assert "old-2" in chosen_ids and "old-0" not in chosen_ids
