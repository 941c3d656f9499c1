"""The pages of the new-profile flow: their texts and layout (the view wires them up)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from trustrepair.i18n import N_, tr, translated
from trustrepair.ui.widgets.text import reading_label, scroll_page

WELCOME_PARAGRAPHS = (
    N_(
        "trustrepair walks you through structured exercises for the time after trust was broken: "
        "an affair, a lie, a confidence betrayed, a promise broken. It is for the person who was "
        "hurt and for the person who broke trust, between partners, friends or colleagues."
    ),
    N_(
        "It is not therapy, and it does not replace a counsellor. It will never push you to "
        "forgive, or to stay. Forgiving someone and going back to how things were are two "
        "different things, and both are your choice."
    ),
    N_(
        "What you write stays on this computer, in a private, locked space. Nothing is sent "
        "anywhere. Help, and what to do in a crisis, is always one click away (press F1)."
    ),
)


def new_page(pages: QStackedWidget) -> tuple[QWidget, QVBoxLayout]:
    """A scrolling page at the end of ``pages``, and its layout."""
    scroll, page = scroll_page(760)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(48, 32, 48, 32)
    layout.setSpacing(14)
    pages.addWidget(scroll)
    return page, layout


def buttons(layout: QVBoxLayout, back: str, forward: str) -> tuple[QPushButton, QPushButton]:
    """The row at a page's foot: ``back`` on the left, ``forward`` (the default) on the right."""
    row = QHBoxLayout()
    back_button = QPushButton(back)
    forward_button = QPushButton(forward)
    forward_button.setProperty("role", "primary")
    forward_button.setAutoDefault(True)
    row.addWidget(back_button)
    row.addStretch(1)
    row.addWidget(forward_button)
    layout.addStretch(1)
    layout.addLayout(row)
    return back_button, forward_button


def titled_page(
    pages: QStackedWidget, title: str, *paragraphs: str, last_muted: bool = False
) -> tuple[QWidget, QVBoxLayout]:
    """A new page with ``title`` and ``paragraphs`` (the last one quieter, if ``last_muted``)."""
    page, layout = new_page(pages)
    layout.addWidget(reading_label(title, role="title"))
    for index, paragraph in enumerate(paragraphs, 1):
        quiet = last_muted and index == len(paragraphs)
        layout.addWidget(reading_label(paragraph, role="muted" if quiet else "body"))
    return page, layout


def welcome_page(pages: QStackedWidget) -> QVBoxLayout:
    """What the program is, and is not."""
    title = tr("A private place to work on broken trust")
    return titled_page(pages, title, *map(translated, WELCOME_PARAGRAPHS))[1]


def about_page(pages: QStackedWidget) -> tuple[QWidget, QVBoxLayout]:
    """About you: its heading (the view adds the profile's fields)."""
    intro = tr("This shapes which exercises you are offered and how they are worded.")
    return titled_page(pages, tr("About you"), intro, last_muted=True)


def passphrase_page(pages: QStackedWidget) -> tuple[QWidget, QVBoxLayout]:
    """The passphrase: what it is for (the view adds the fields)."""
    intro = tr(
        "Your answers are stored encrypted. The passphrase unlocks them. A few ordinary words "
        "you will remember make a good passphrase, for example “kettle river purple "
        "morning”. Nobody can reset it for you; the recovery key shown next is the only other "
        "way in."
    )
    return titled_page(pages, tr("A passphrase to lock your profile"), intro)


def recovery_page(pages: QStackedWidget) -> tuple[QWidget, QVBoxLayout]:
    """The recovery key, shown once: what it is (the view adds the key panel)."""
    intro = tr(
        "If you ever forget your passphrase, this key opens your profile. It is shown only "
        "this once. Save it to a file, print it or copy it, and keep it somewhere safe away "
        "from this computer. Anyone who has it can read your profile."
    )
    return titled_page(pages, tr("Your recovery key"), intro)


def safety_offer_page(pages: QStackedWidget) -> QVBoxLayout:
    """The private safety check, offered (never required) before any work for two."""
    what = tr(
        "Exercises for two open after a short private safety check: a few questions about "
        "fear, harm and control, answered alone. It takes about five minutes. Your answers "
        "stay in your own profile and are never shown to anyone; nothing tells the other "
        "person what you chose."
    )
    when = tr(
        "Take it now only if you are on your own. You can also take it later, or again at any "
        "time, from your home screen or from Help and safety. Exercises for one person are "
        "open either way."
    )
    return titled_page(pages, tr("Before any work for two"), what, when, last_muted=True)[1]
