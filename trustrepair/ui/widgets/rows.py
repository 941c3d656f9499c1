"""A read-only table of plain text rows, fast for thousands of them.

Item views draw their cells as plain text; the tooltip (which Qt would render as rich text
if it looked like HTML) goes through :func:`trustrepair.ui.plain.tooltip`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from trustrepair.ui.plain import tooltip

SIZE_ROWS = 60
"""How many rows a column's width is measured on: a column sized to its contents would
otherwise measure every row at every layout, and years of entries make that slow."""


class RowsModel(QAbstractTableModel):
    """Rows of text under column titles; ``tooltips`` columns show their whole text on hover."""

    def __init__(
        self,
        headers: list[str],
        rows: list[tuple[str, ...]],
        *,
        tooltips: tuple[int, ...] = (),
    ) -> None:
        super().__init__()
        self.headers = headers
        self.rows = rows
        self.tooltips = tooltips

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        """How many rows (a cell has none under it)."""
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        """How many columns."""
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """The text of one cell."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in self.tooltips:
            return tooltip(self.rows[index.row()][index.column()])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation is Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        """Show ``rows`` instead."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


def rows_table(
    headers: list[str],
    parent: QWidget,
    *,
    stretch: int | None = None,
    tooltips: tuple[int, ...] = (),
) -> QTableView:
    """A read-only table of one-line rows over a :class:`RowsModel` (whole rows selected).

    Columns fit their contents (measured on the first rows only); ``stretch`` takes the
    room left, or the last column does.
    """
    table = QTableView(parent)
    table.setModel(RowsModel(headers, [], tooltips=tooltips))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(SIZE_ROWS)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def rows_model(table: QTableView) -> RowsModel:
    """The :class:`RowsModel` of a table made by :func:`rows_table`."""
    model = table.model()
    assert isinstance(model, RowsModel)
    return model
