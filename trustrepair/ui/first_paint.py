"""Start-up: run what must not delay the first frame once that frame is on the screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer


class FirstPaint(QObject):
    """Calls a function once, on the GUI thread, after the window's first frame is painted
    and flushed to the screen (the window calls :meth:`painted` from its ``paintEvent``)."""

    LATEST_MS = 2000
    """The function runs by then even if no frame was painted (a window started minimised,
    or on a screen nobody looks at)."""

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = None

    def schedule(self, then: Callable[[], None], latest_ms: int | None = None) -> None:
        """Call ``then`` after the first frame (or after ``latest_ms``, by default
        :data:`LATEST_MS`, at the latest)."""
        self._then = then
        QTimer.singleShot(self.LATEST_MS if latest_ms is None else latest_ms, self, self._overdue)

    def watch(self, widget: QObject) -> None:
        """Notice ``widget``'s first paint without its help (for a window not of our making)."""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.painted()
        return False

    def painted(self) -> None:
        """The window was painted. Its widgets are painted in the same pass, which ends with
        the flush to the screen: a zero timer set now runs after that flush."""
        if self._then is not None:
            then, self._then = self._then, None
            QTimer.singleShot(0, self, then)

    def _overdue(self) -> None:
        if self._then is not None:
            then, self._then = self._then, None
            then()
