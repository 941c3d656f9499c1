"""Over time: each rating as a line over the dates of its entries, promises kept and missed
and appreciations per week, each chart with a plain table beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.dates import format_day
from trustrepair.i18n import tr
from trustrepair.services.trends import Audience, OverTime, TrendsService
from trustrepair.ui.chart_painter import ChartView
from trustrepair.ui.plain import PlainLabel, mnemonic_safe
from trustrepair.ui.screens import NothingPending
from trustrepair.ui.widgets.rows import rows_model, rows_table
from trustrepair.ui.widgets.text import centered_column, reading_label
from trustrepair.ui.worker import Task, run_task

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow


def series_rows(over_time: OverTime) -> list[tuple[str, ...]]:
    """Every point of every series, newest first: date, series, rating (as given)."""
    rows = [
        (p.day, line.title, p.value, p.low, p.high) for line in over_time.lines for p in line.points
    ]
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return [
        (format_day(day), title, tr("{value} of {low}–{high}").format(value=v, low=lo, high=hi))
        for day, title, v, lo, hi in rows
    ]


def count_rows(over_time: OverTime) -> list[tuple[str, ...]]:
    """Every week (or month) with its counts, newest first."""
    return [
        (format_day(p.start), str(p.kept), str(p.missed), str(p.appreciations))
        for p in reversed(over_time.periods)
    ]


class OverTimeView(NothingPending, QWidget):
    """What has changed over the weeks and months, as lines and counts."""

    back_to_path = Signal()
    """Return to the home screen."""

    def __init__(self, trends: TrendsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overTime")
        self.trends = trends
        self.over_time = OverTime()
        self.shown = self.over_time
        self.task: Task | None = None
        self.ready = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        outer.addWidget(self.scroll_area)
        page, column = centered_column(1280)
        self.scroll_area.setWidget(page)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(32, 20, 32, 16)
        header = QHBoxLayout()
        back = QPushButton(tr("← Your &path"), self)
        back.setProperty("role", "flat")
        back.setAccessibleName(tr("Back to your path"))
        back.setAccessibleDescription(tr("Leaves Over time for your home screen."))
        back.clicked.connect(self.back_to_path)
        header.addWidget(back)
        title = PlainLabel(tr("Over time"), self)
        title.setProperty("role", "title")
        header.addWidget(title, 1)
        layout.addLayout(header)
        layout.addWidget(
            reading_label(
                tr(
                    "Each rating you give in an exercise is kept with its date. Trust comes "
                    "back unevenly: look at the way things go over months, not at any one "
                    "day. Everything here stays on this computer."
                ),
                role="muted",
            )
        )
        self.partners_box = QCheckBox(tr("Show what was revealed to me"), self)
        self.partners_box.setAccessibleDescription(
            tr("Adds the ratings others revealed to you in exercises for two, beside yours.")
        )
        self.partners_box.hide()
        self.partners_box.toggled.connect(lambda _checked: self.show_series())
        layout.addWidget(self.partners_box)
        self.loading_label = reading_label(tr("Reading your entries…"), role="muted")
        layout.addWidget(self.loading_label)
        self.empty_label = reading_label(
            tr(
                "Nothing to show yet. Ratings in exercises such as the regular check-in, and "
                "promises marked kept or missed, appear here as you go."
            ),
            role="note",
        )
        layout.addWidget(self.empty_label)
        self.series_title = PlainLabel(tr("Ratings, 0 to 10"), self)
        self.series_title.setObjectName("stageTitle")
        layout.addWidget(self.series_title)
        self.series_chart, self.series_table = self._chart_and_table(
            layout, [tr("Date"), tr("Rating"), tr("Given")], tr("Ratings, as a table")
        )
        self.counts_title = PlainLabel(self)
        self.counts_title.setObjectName("stageTitle")
        layout.addWidget(self.counts_title)
        self.counts_chart, self.counts_table = self._chart_and_table(
            layout,
            [tr("From"), tr("Kept"), tr("Missed"), tr("Appreciations")],
            tr("Promises and appreciations, as a table"),
        )
        layout.addStretch(1)
        for widget in (self.empty_label, self.series_title, self.series_chart, self.series_table):
            widget.hide()
        for widget in (self.counts_title, self.counts_chart, self.counts_table):
            widget.hide()
        self.refresh()

    def _chart_and_table(
        self, layout: QVBoxLayout, headers: list[str], name: str
    ) -> tuple[ChartView, QTableView]:
        row = QHBoxLayout()
        chart = ChartView(OverTime().series_drawing(), self)
        table = rows_table(headers, self)
        table.setAccessibleName(name)
        table.setAccessibleDescription(tr("The same as the chart beside it, row by row."))
        table.setMinimumWidth(340)
        table.setMinimumHeight(220)
        row.addWidget(chart, 3)
        row.addWidget(table, 2)
        layout.addLayout(row)
        return chart, table

    # ------------------------------------------------------------------ rendering
    def refresh(self, *_: object) -> None:
        """Read the series again (in the background: years of entries take a moment)."""
        if self.task is not None and self.task.running:
            return
        self.loading_label.show()
        self.ready = False
        trends = self.trends
        self.task = run_task(self, lambda: trends.over_time(Audience.own(partners=True)))
        self.task.succeeded.connect(self._arrived)
        self.task.failed.connect(self._failed)

    def _arrived(self, over_time: OverTime) -> None:
        self.over_time = over_time
        self.loading_label.hide()
        self.show_series()
        self.ready = True

    def _failed(self, error: object) -> None:
        self.loading_label.setText(str(error))

    def show_series(self) -> None:
        """Draw what was read, with or without the partners' revealed series."""
        over_time = self.over_time
        names = over_time.partners
        self.partners_box.setVisible(bool(names))
        if names:
            self.partners_box.setText(
                mnemonic_safe(
                    tr("Show what {names} revealed in exercises for two, beside mine").format(
                        names=", ".join(names)
                    )
                )
            )
        if not self.partners_box.isChecked():
            over_time = OverTime(
                tuple(line for line in over_time.lines if not line.author),
                over_time.periods,
                over_time.monthly,
                names,
            )
        self.shown = over_time
        self.empty_label.setVisible(over_time.empty)
        for widget in (self.series_title, self.series_chart, self.series_table):
            widget.setVisible(bool(over_time.lines))
        has_counts = any(p.kept or p.missed or p.appreciations for p in over_time.periods)
        for widget in (self.counts_title, self.counts_chart, self.counts_table):
            widget.setVisible(has_counts)
        self.counts_title.setText(
            tr("Promises and appreciations, per month")
            if over_time.monthly
            else tr("Promises and appreciations, per week")
        )
        self.series_chart.set_drawing(over_time.series_drawing())
        self.counts_chart.set_drawing(over_time.counts_drawing())
        rows_model(self.series_table).set_rows(series_rows(over_time))
        rows_model(self.counts_table).set_rows(count_rows(over_time))

    # ------------------------------------------------------------------ the Screen protocol
    def focus_content(self) -> None:
        """Focus the first table (screen readers read the numbers there)."""
        self.series_table.setFocus(Qt.FocusReason.OtherFocusReason)


def build(window: MainWindow) -> OverTimeView:
    """The open profile's ratings and counts over time."""
    view = OverTimeView(window.services().trends())
    view.back_to_path.connect(window.show_home)
    return view
