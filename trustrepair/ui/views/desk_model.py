"""The counsellor's desk as a Qt model: one row per client, sorted and filtered by a proxy.

No widget per row: a list view paints each client with the exercise delegate (the label, its
numbers, the last file), wrapping at the list's width so nothing is cut off and nothing
scrolls sideways. Sorting and filtering use the same rules as the command line
(:func:`trustrepair.services.desk.sort_key` and :func:`~trustrepair.services.desk.shows`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from trustrepair.domain.counsel import DeskClient
from trustrepair.i18n import ngettext
from trustrepair.services import desk
from trustrepair.services.desk import DeskShow, DeskSort
from trustrepair.ui.widgets.exercise_delegate import FACTS_ROLE, SUMMARY_ROLE, TITLE_ROLE

LABEL_ROLE = Qt.ItemDataRole.UserRole
"""The client's label."""

Index = QModelIndex | QPersistentModelIndex


class DeskModel(QAbstractListModel):
    """Every client of the desk; the text of each row is made once, when it is set."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._clients: list[DeskClient] = []
        self._texts: list[tuple[str, str, str]] = []
        self._keys: dict[DeskSort, list[Any]] = {}

    def set_clients(self, clients: list[DeskClient]) -> None:
        """Show these clients (a reset: selection is the view's to restore)."""
        self.beginResetModel()
        self._clients = list(clients)
        self._texts = [_texts(c) for c in self._clients]
        self._keys = {s: [desk.sort_key(s)(c) for c in self._clients] for s in DeskSort}
        self.endResetModel()

    def client(self, row: int) -> DeskClient:
        """The client of source row ``row``."""
        return self._clients[row]

    def row_of(self, label: str) -> int | None:
        """The source row of the client ``label``, if shown."""
        return next((i for i, c in enumerate(self._clients) if c.label == label), None)

    def sort_key(self, sort: DeskSort, row: int) -> Any:
        """The precomputed key of ``row`` for ``sort``."""
        return self._keys[sort][row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """How many clients (a list has no children)."""
        return 0 if parent.isValid() else len(self._clients)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The row's texts for the delegate, its label, and one line for screen readers."""
        if not index.isValid() or not 0 <= index.row() < len(self._clients):
            return None
        title, summary, facts = self._texts[index.row()]
        if role == TITLE_ROLE:
            return title
        if role == SUMMARY_ROLE:
            return summary
        if role == FACTS_ROLE:
            return facts
        if role == LABEL_ROLE:
            return self._clients[index.row()].label
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{title}. {summary}. {facts}."
        return None


def _texts(client: DeskClient) -> tuple[str, str, str]:
    title = client.label
    if client.overdue:
        title = ngettext("{label} — {n} overdue", "{label} — {n} overdue", client.overdue).format(
            label=client.label, n=client.overdue
        )
    return title, desk.counts_words(client), desk.received_words(client)


class DeskProxy(QSortFilterProxyModel):
    """The desk as the counsellor arranged it: a sort, which clients, and a search."""

    def __init__(self, source: DeskModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.desk_model = source
        self.setSourceModel(source)
        self.sort_by = DeskSort.OVERDUE
        self.show_which = DeskShow.ACTIVE
        self.search = ""
        self.setDynamicSortFilter(False)
        self.sort(0)

    def arrange(
        self,
        sort: DeskSort | None = None,
        show: DeskShow | None = None,
        search: str | None = None,
    ) -> None:
        """Change the sort, the filter or the search, and apply them at once."""
        self.sort_by = sort or self.sort_by
        self.show_which = show or self.show_which
        self.search = self.search if search is None else search
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether the client of ``source_row`` is shown."""
        return desk.shows(self.desk_model.client(source_row), self.show_which, self.search)

    def lessThan(self, source_left: Index, source_right: Index) -> bool:
        """Order by the chosen sort's key."""
        model = self.desk_model
        left = model.sort_key(self.sort_by, source_left.row())
        right = model.sort_key(self.sort_by, source_right.row())
        return bool(left < right)
