"""Walk a widget tree and report every place hostile text would be rendered as rich text.

:class:`RichTextWalk` looks at every widget under a root: labels (their text format, links,
``&`` shortcuts), buttons, tooltips (of widgets and of item-view rows), item views (their
delegates and rows), combo boxes, text pages (images, links, markup shown literally) and window
titles. It counts where it met :data:`tests.hostile.MARK`, so a test can prove the hostile text
really reached the screen, and collects a line per problem.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import Qt as QtGuiNamespace  # holds mightBeRichText
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from tests.hostile import AMPERSAND, MARK, MARKUP
from trustrepair.ui.plain import PlainPage, without_mnemonic
from trustrepair.ui.widgets.exercise_delegate import ExerciseDelegate

ROWS_LOOKED_AT = 2_000
"""Rows per item view (a walk never needs more; it stays fast)."""


def shortcut_from_file(text: str) -> bool:
    """Whether a caption holding hostile text reads one of its ``&`` as a shortcut marker.

    Every hostile string holds ``A&B``: shown as a caption, it must still read ``A&B``. (The
    program's own marker, as in "start my private &check", is fine.)
    """
    return AMPERSAND not in without_mnemonic(text)


def rich_tooltip_problem(tip: str) -> bool:
    """Whether a tooltip holding hostile text would render its markup."""
    return MARK in tip and QtGuiNamespace.mightBeRichText(tip) and MARKUP in tip


def document_problems(document: QTextDocument) -> list[str]:
    """What is wrong with a text page that may hold hostile text."""
    problems = []
    html = document.toHtml()  # text is escaped in it: a "<" starts a real element
    if "<img" in html:
        problems.append("holds an image")
    if "<a " in html:
        problems.append("holds a link")
    plain = document.toPlainText()
    if MARK in plain and MARKUP not in plain:
        problems.append("rendered markup instead of showing it")
    return problems


class RichTextWalk:
    """Every problem found, and where the hostile text was seen, over several roots."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.seen: Counter[str] = Counter()
        self.places: list[str] = []

    def check(self, root: QWidget, where: str) -> None:
        """Look at ``root`` and every widget shown under it (``where`` names the page)."""
        self.places.append(where)
        QApplication.processEvents()  # a widget added to a shown page shows on the next tick
        for widget in [root, *root.findChildren(QWidget)]:
            if widget is root or widget.isVisibleTo(root):
                self._widget(widget, f"{where}: {type(widget).__name__} {widget.objectName()!r}")

    def assert_clean(self, *expected: str) -> None:
        """No problem anywhere, and the hostile text was seen in each ``expected`` kind."""
        assert not self.problems, "\n".join(self.problems)
        missing = [kind for kind in expected if not self.seen[kind]]
        assert not missing, f"never saw hostile text in: {missing} ({dict(self.seen)})"

    def _problem(self, name: str, what: str) -> None:
        self.problems.append(f"{name}: {what}")

    def _widget(self, widget: QWidget, name: str) -> None:
        if MARK in widget.windowTitle():
            self.seen["window title"] += 1
        tip = widget.toolTip()
        if MARK in tip:
            self.seen["tooltip"] += 1
            if rich_tooltip_problem(tip):
                self._problem(name, "tooltip renders markup")
        if isinstance(widget, QLabel):
            self._label(widget, name)
        elif isinstance(widget, QAbstractButton) and MARK in widget.text():
            self.seen["button"] += 1
            if shortcut_from_file(widget.text()):
                self._problem(name, f"caption makes a keyboard shortcut: {widget.text()[:60]!r}")
        elif isinstance(widget, QTextEdit):
            self._page(widget, name)
        elif isinstance(widget, QComboBox) and any(
            MARK in widget.itemText(i) for i in range(widget.count())
        ):
            self.seen["combo box"] += 1
        if isinstance(widget, QAbstractItemView):
            self._item_view(widget, name)

    def _label(self, label: QLabel, name: str) -> None:
        text = label.text()
        if MARK not in text:
            return
        self.seen["label"] += 1
        if label.textFormat() is not Qt.TextFormat.PlainText:
            self._problem(name, f"label is {label.textFormat().name}")
        if label.openExternalLinks():
            self._problem(name, "label opens links")
        if label.buddy() is not None and shortcut_from_file(text):
            self._problem(name, "label with a buddy makes a keyboard shortcut")

    def _page(self, page: QTextEdit, name: str) -> None:
        if MARK not in page.toPlainText():
            return
        self.seen["page"] += 1
        if isinstance(page, QTextBrowser) and not isinstance(page, PlainPage):
            self._problem(name, "a text browser that may load resources")
        for problem in document_problems(page.document()):
            self._problem(name, problem)

    def _item_view(self, view: QAbstractItemView, name: str) -> None:
        delegate = view.itemDelegate()
        own = type(delegate).__module__.startswith("trustrepair")
        if own and not isinstance(delegate, ExerciseDelegate):
            self._problem(name, f"an unchecked delegate {type(delegate).__name__}")
        model = view.model()
        if model is None:
            return
        budget = [ROWS_LOOKED_AT]
        self._rows(model, QModelIndex(), name, budget)

    def _rows(
        self,
        model: QAbstractItemModel,
        parent: QModelIndex | QPersistentModelIndex,
        name: str,
        budget: list[int],
    ) -> None:
        # A list model's columnCount is private in PySide: it has one column.
        flat = isinstance(model, QAbstractListModel)
        columns = 1 if flat else model.columnCount(parent)
        for row in range(model.rowCount(parent)):
            for column in range(columns):
                if budget[0] <= 0:
                    return
                budget[0] -= 1
                index = model.index(row, column, parent)
                if MARK in str(index.data(Qt.ItemDataRole.DisplayRole) or ""):
                    self.seen["item"] += 1
                tip = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
                if MARK in tip:
                    self.seen["tooltip"] += 1
                    if rich_tooltip_problem(tip):
                        self._problem(name, f"row {row}: tooltip renders markup")
                if not flat and column == 0 and model.rowCount(index):
                    self._rows(model, index, name, budget)
