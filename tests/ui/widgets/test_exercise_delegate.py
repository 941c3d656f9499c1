"""The exercise delegate measures each row for its texts and the list's width, and keeps what
it measured: a row measures again only when its texts, its font or the width change."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyleOptionViewItem

from trustrepair.ui.widgets.exercise_delegate import (
    FACTS_ROLE,
    SUMMARY_ROLE,
    TITLE_ROLE,
    ExerciseDelegate,
)

LONG = " ".join(["A summary long enough to wrap onto several lines at this width."] * 4)


def _height(widget: QListWidget, delegate: ExerciseDelegate) -> int:
    option = QStyleOptionViewItem()
    option.initFrom(widget)
    option.widget = widget
    option.font = widget.font()  # as a view sets it
    return delegate.sizeHint(option, widget.model().index(0, 0)).height()


def test_rows_measure_again_when_their_text_or_the_width_changes(qtbot) -> None:
    widget = QListWidget()
    qtbot.addWidget(widget)
    delegate = ExerciseDelegate(widget)
    widget.setItemDelegate(delegate)
    widget.resize(600, 400)
    widget.show()
    qtbot.waitExposed(widget)
    item = QListWidgetItem()
    item.setData(TITLE_ROLE, "Sam R.")
    item.setData(SUMMARY_ROLE, "0 of 2 done")
    item.setData(FACTS_ROLE, "no file received yet")
    widget.addItem(item)
    short = _height(widget, delegate)
    assert _height(widget, delegate) == short
    item.setData(SUMMARY_ROLE, LONG)
    wrapped = _height(widget, delegate)
    assert wrapped > short
    widget.resize(300, 400)
    qtbot.waitUntil(lambda: widget.viewport().width() < 300)
    assert _height(widget, delegate) > wrapped
    widget.resize(600, 400)
    qtbot.waitUntil(lambda: widget.viewport().width() > 300)
    assert _height(widget, delegate) == wrapped
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    widget.setFont(font)
    assert _height(widget, delegate) > wrapped
