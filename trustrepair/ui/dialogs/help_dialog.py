"""Help and safety: reachable from every screen with F1 or the Help button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.helplines import LINE_KIND_TITLES, Country, Helpline, LineKind
from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.shortcuts import LOCK_KEYS, QUICK_HIDE_KEYS
from trustrepair.ui.widgets.text import reading_label

if TYPE_CHECKING:
    from trustrepair.services.helplines import HelplineGuide
    from trustrepair.services.support import SupportLines

OTHER_COUNTRY = "other"
"""The picker's entry for a country the helplines file does not list."""

SECTIONS: tuple[tuple[Marked, tuple[Marked, ...]], ...] = (
    (
        N_("This is not therapy"),
        (
            N_(
                "trustrepair offers structured exercises grounded in named models of repairing "
                "trust, from couples therapy and from research. Much of that research was done "
                "with strangers in experiments, so take it as a guide, not a promise. The program "
                "cannot see your situation, and it does not replace a counsellor, a doctor or a "
                "lawyer."
            ),
        ),
    ),
    (
        N_("When to see a counsellor"),
        (
            N_(
                "Please look for a counsellor or therapist if trust is broken again and again, if "
                "you feel unsafe with the other person, if you cannot function day to day (sleep, "
                "eat, work), if you think about harming yourself or someone else, or if the "
                "exercises stir up more than you can carry alone. Asking for help is a strong "
                "step, not a failure."
            ),
        ),
    ),
    (
        N_("Forgiveness is not reconciliation"),
        (
            N_(
                "Forgiving is something you may or may not do, in your own time, for yourself. "
                "Reconciling means going back into the relationship, and it needs trust to be "
                "earned again. You can forgive without going back, and nothing here will push you "
                "to do either."
            ),
        ),
    ),
    (
        N_("Quick-hide and locking"),
        (
            N_(
                "Press {hide_keys} (or the Hide button at the bottom of the window) to cover "
                "the screen at once with a plain page and lock your profile. Your answers are "
                "saved first. To come back, unlock with your passphrase."
            ),
            N_(
                "Press {lock_keys} to lock now. The profile also locks itself after some "
                "minutes without use."
            ),
        ),
    ),
    (
        N_("Your privacy"),
        (
            N_(
                "Everything you write is stored on this computer only, encrypted with your "
                "passphrase. Nothing is ever sent anywhere: there is no account and no server. "
                "Answers are private unless you tick “Share this answer in summaries for others”. "
                "Files you export or save as a summary are not encrypted: keep them somewhere safe."
            ),
        ),
    ),
)


class HelpDialog(FittingDialog):
    """Help, crisis guidance and the person's own support numbers (saved in their vault)."""

    SAVE_DELAY_MS = 400
    """Pause after typing before the support numbers are saved (tests set 0)."""

    safety_check_requested = Signal()
    """The person wants to take the private safety check (again), now."""

    def __init__(
        self,
        support: SupportLines | None,
        guide: HelplineGuide,
        parent: QWidget | None = None,
        *,
        offer_check: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("help")
        self.setWindowTitle(tr("Help and safety"))
        self.support = support
        self.guide = guide
        self.resize(720, 760)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self.save_numbers)

        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        scroll.setWidget(page)
        outer.addWidget(scroll, 1)

        crisis = QFrame(page)
        crisis.setProperty("role", "concern")
        crisis_layout = QVBoxLayout(crisis)
        crisis_layout.addWidget(reading_label(tr("If you are in danger"), role="subtitle"))
        crisis_layout.addWidget(
            reading_label(
                tr(
                    "If you or someone else is in danger right now, call your local emergency "
                    "number (for example 112 in most of Europe, 911 in North America, 999 in "
                    "the UK, 000 in Australia). If you are thinking about harming yourself, "
                    "please call a crisis line or go to an emergency department."
                )
            )
        )
        numbers_label = PlainLabel(
            tr("Your own support &lines (numbers you trust, saved privately)")
        )
        self.numbers = QPlainTextEdit(crisis)
        self.numbers.setObjectName("supportLines")
        self.numbers.setAccessibleName(tr("Your own support lines"))
        self.numbers.setAccessibleDescription(
            tr("Saved in your profile, encrypted, as you type; only you see them.")
        )
        self.numbers.setTabChangesFocus(True)
        self.numbers.setMaximumHeight(96)
        self.numbers.setPlaceholderText(
            tr("For example: a crisis line, a domestic abuse helpline, a friend you can call")
        )
        numbers_label.setBuddy(self.numbers)
        crisis_layout.addWidget(numbers_label)
        crisis_layout.addWidget(self.numbers)
        self.numbers_status = PlainLabel(crisis)
        self.numbers_status.setProperty("role", "muted")
        crisis_layout.addWidget(self.numbers_status)
        if support is None:
            self.numbers.setEnabled(False)
            self.numbers_status.setText(
                tr("Unlock your profile to see and keep your numbers here.")
            )
        else:
            self.numbers.setPlainText(support.read())
            self.numbers.textChanged.connect(lambda: self._save_timer.start(self.SAVE_DELAY_MS))
        layout.addWidget(crisis)
        layout.addWidget(self._lines_section(page))
        self.check_button: QPushButton | None = None
        if offer_check:
            layout.addWidget(self._check_section(page))

        for title, paragraphs in SECTIONS:
            layout.addWidget(reading_label(translated(title), role="subtitle"))
            for paragraph in paragraphs:
                keys = {"hide_keys": QUICK_HIDE_KEYS, "lock_keys": LOCK_KEYS}
                layout.addWidget(reading_label(translated(paragraph).format(**keys)))
        layout.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        outer.addWidget(buttons)

    def _check_section(self, parent: QWidget) -> QWidget:
        """The private safety check, to take (again) at any time: it always starts blank."""
        section = QWidget(parent)
        section_layout = QVBoxLayout(section)
        section_layout.setContentsMargins(0, 0, 0, 0)
        section_layout.addWidget(reading_label(tr("The private safety check"), role="subtitle"))
        section_layout.addWidget(
            reading_label(
                tr(
                    "A few private questions about fear, harm and control, before any work for "
                    "two. Take it on your own, at any time: it starts blank, and each time is "
                    "kept with its date, only for you."
                )
            )
        )
        self.check_button = QPushButton(tr("Take the private safety &check"), section)
        self.check_button.setAccessibleDescription(
            tr("Private: taken alone, never beside the other person. It starts blank.")
        )
        self.check_button.clicked.connect(self._take_check)
        section_layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)
        return section

    def _take_check(self) -> None:
        self.safety_check_requested.emit()
        self.close()

    def _lines_section(self, parent: QWidget) -> QWidget:
        """Crisis, abuse and stop-harming lines for the chosen country, and the directory."""
        section = QWidget(parent)
        section_layout = QVBoxLayout(section)
        section_layout.setContentsMargins(0, 0, 0, 0)
        section_layout.addWidget(reading_label(tr("Crisis and support lines"), role="subtitle"))
        country_label = PlainLabel(tr("&Country"), section)
        self.country_box = QComboBox(section)
        self.country_box.setObjectName("helplineCountry")
        self.country_box.setAccessibleName(tr("Country for the helplines"))
        self.country_box.setAccessibleDescription(
            tr("The lines of the country chosen are shown below it; the choice is kept.")
        )
        self.country_box.addItem(tr("Choose your country…"), None)
        for country in self.guide.countries():
            self.country_box.addItem(country.name, country.code)
        self.country_box.addItem(tr("Another country"), OTHER_COUNTRY)
        chosen = self.guide.country
        if chosen is not None:
            self.country_box.setCurrentIndex(self.country_box.findData(chosen.code))
        country_label.setBuddy(self.country_box)
        section_layout.addWidget(country_label)
        section_layout.addWidget(self.country_box, 0, Qt.AlignmentFlag.AlignLeft)
        self.lines_box = QWidget(section)
        self.lines_layout = QVBoxLayout(self.lines_box)
        self.lines_layout.setContentsMargins(0, 4, 0, 4)
        section_layout.addWidget(self.lines_box)
        directory = self.guide.directory
        section_layout.addWidget(
            reading_label(
                tr(
                    "For every other country, and for other kinds of help: {name}, {url}, lists "
                    "free, confidential helplines around the world."
                ).format(name=directory.name, url=directory.url)
            )
        )
        self._show_lines(chosen)
        self.country_box.currentIndexChanged.connect(self._on_country)
        return section

    def _on_country(self, _index: int) -> None:
        code = self.country_box.currentData()
        country = self.guide.countries_by_code().get(code) if isinstance(code, str) else None
        self.guide.choose(country.code if country is not None else None)
        self._show_lines(country, other=code == OTHER_COUNTRY)

    def _show_lines(self, country: Country | None, *, other: bool = False) -> None:
        """Show ``country``'s lines (or what to do without them)."""
        while self.lines_layout.count():
            item = self.lines_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        add = self.lines_layout.addWidget
        if country is None:
            add(
                reading_label(
                    tr(
                        "We list no numbers for your country yet. The directory below finds "
                        "crisis lines and abuse services near you."
                    )
                    if other
                    else tr("Choose your country to see its crisis and support lines.")
                )
            )
            return
        add(
            reading_label(
                tr("Emergency number ({country}): {number}").format(
                    country=country.name, number=country.emergency
                )
            )
        )
        for kind in LineKind:
            add(reading_label(translated(LINE_KIND_TITLES[kind]), role="note"))
            lines = [line for line in country.lines if line.kind is kind]
            for line in lines:
                add(reading_label(_line_text(line)))
            if not lines:
                add(
                    reading_label(
                        tr("No line is listed here. Find one at {url}.").format(
                            url=country.directory
                        ),
                        role="muted",
                    )
                )
        checked = max(line.checked for line in country.lines) if country.lines else None
        if checked is not None:
            add(
                reading_label(
                    tr(
                        "These numbers come from each service's published details, last "
                        "checked on {date}. If one does not work, use the directory below."
                    ).format(date=f"{checked.day} {checked:%B %Y}"),
                    role="muted",
                )
            )

    def save_numbers(self) -> None:
        """Keep the person's support numbers in their vault."""
        self._save_timer.stop()
        if self.support is None:
            return
        self.support.save(self.numbers.toPlainText())
        self.numbers_status.setText(tr("Saved in your profile."))

    def done(self, result: int) -> None:
        """Save pending numbers before closing."""
        if self._save_timer.isActive():
            self.save_numbers()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save pending numbers before closing."""
        if self._save_timer.isActive():
            self.save_numbers()
        super().closeEvent(event)


def _line_text(line: Helpline) -> str:
    """One line as Help shows it: name, number, text option and whom it is for."""
    text = f"{line.name}: {line.phone}"
    if line.text:
        text += f" ({line.text.lower()})"
    if line.note:
        text += f" — {line.note}"
    return text
