"""The home screen's promises due and the Promises screen: one click records a dated change."""

from __future__ import annotations

from datetime import date, timedelta

from tests.helpers import check_in_exercise, home_parts
from trustrepair.domain.promises import PromiseStatus
from trustrepair.services.promises import PromiseLedger
from trustrepair.ui.dialogs.promise_note_dialog import PromiseNoteDialog
from trustrepair.ui.views.home_view import HomeView
from trustrepair.ui.views.promises_view import PromisesView
from trustrepair.ui.widgets.promises_card import PromisesDueCard


def _promise(store, started: str, text: str, due: date | None) -> None:
    """A promise made at ``started`` (through the store: as if made back then)."""
    exercise = check_in_exercise()
    entry = store.start_entry(exercise.id, started_at=started)
    value = {"text": text, "date": due.isoformat() if due else None, "kept": None}
    store.save_answer(exercise.id, "promise", value, entry_id=entry.id, updated_at=started)


def _library(library_factory):
    return library_factory(check_in_exercise())


def test_home_lists_due_promises_and_one_click_marks_them(
    qtbot, store, library_factory, monkeypatch
):
    """Overdue and this week's promises are on the home screen; Kept records a change and
    the promise leaves the card; Talk it over asks for a note."""
    today = date.today()
    _promise(store, "2026-01-01T09:00:00.000Z", "overdue one", today - timedelta(days=3))
    _promise(store, "2026-01-02T09:00:00.000Z", "soon one", today + timedelta(days=2))
    _promise(store, "2026-01-03T09:00:00.000Z", "far one", today + timedelta(days=30))
    library = _library(library_factory)
    ledger = PromiseLedger(store, library)
    view = HomeView(*home_parts(store, library), promises=ledger)
    qtbot.addWidget(view)
    view.show()
    card = view.promises_card
    assert isinstance(card, PromisesDueCard) and card.isVisible()
    keys = list(card.rows)
    texts = [ledger.find(*k).text for k in keys]
    assert texts == ["overdue one", "soon one"]
    card.rows[keys[0]][PromiseStatus.KEPT].click()
    assert ledger.find(*keys[0]).status is PromiseStatus.KEPT
    assert list(card.rows) == [keys[1]]
    monkeypatch.setattr(PromiseNoteDialog, "ask", classmethod(lambda cls, p, t: "next Monday"))
    card.rows[keys[1]][PromiseStatus.RENEGOTIATED].click()
    talked = ledger.find(*keys[1])
    assert talked.status is PromiseStatus.RENEGOTIATED and talked.note == "next Monday"
    assert not card.isVisible()


def test_the_promises_screen_counts_and_marks_with_a_note(qtbot, store, library_factory):
    """The ledger screen counts by status and adds a dated change with the note written."""
    _promise(store, "2026-01-01T09:00:00.000Z", "walk together", date(2026, 1, 10))
    _promise(store, "2026-01-02T09:00:00.000Z", "call mum", None)
    ledger = PromiseLedger(store, _library(library_factory))
    view = PromisesView(ledger)
    qtbot.addWidget(view)
    view.show()
    assert "0 kept" in view.counts.text() and "2 open" in view.counts.text()
    view.table.selectRow(0)
    view.note.setPlainText("we did it on Sunday")
    view.buttons[PromiseStatus.KEPT].click()
    assert "1 kept" in view.counts.text()
    promise = view.selected()
    assert promise is not None and promise.text == "walk together"
    assert promise.changes[-1].note == "we did it on Sunday"
    assert "we did it on Sunday" in view.detail.toPlainText()
    assert not view.buttons[PromiseStatus.KEPT].isEnabled()


def test_home_leads_to_over_time_and_promises_once_there_is_something(
    qtbot, store, library_factory
):
    """Before anything rated or promised is begun, home has no looking-back card; after a
    check-in it offers Over time and all promises, each a click away."""
    library = _library(library_factory)
    view = HomeView(*home_parts(store, library), promises=PromiseLedger(store, library))
    qtbot.addWidget(view)
    view.show()
    assert view.over_time_button is None
    _promise(store, "2026-01-01T09:00:00.000Z", "walk together", date.today() + timedelta(30))
    view.refresh()
    assert view.over_time_button is not None and view.over_time_button.isVisible()
    with qtbot.waitSignal(view.show_over_time, timeout=1000):
        view.over_time_button.click()
