"""What a screen reader says about the buttons Qt makes for a dialog.

Every control of ours has an accessible name and description, set where it is made. A
dialog's standard Cancel and Close buttons are made by ``QDialogButtonBox``; they mean the
same in every dialog, so they are described here, once, when the dialog is first shown
(:class:`trustrepair.ui.screen_fit.FittingDialog` does it). A button given its own
description or tooltip keeps it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from trustrepair.i18n import N_, Marked, translated

STANDARD_DESCRIPTIONS: dict[str, Marked] = {
    "Cancel": N_("Closes this window; nothing is changed."),
    "Close": N_("Closes this window."),
}
"""What the standard buttons do, in every dialog, by the name of the standard button (the
window's first screen is built before any Qt enum is: see :mod:`trustrepair.ui.lean`)."""


def describe_standard_buttons(dialog: QDialog) -> None:
    """Give the standard buttons of ``dialog``'s button boxes their description."""
    for box in dialog.findChildren(QDialogButtonBox):
        for name, description in STANDARD_DESCRIPTIONS.items():
            button = box.button(getattr(QDialogButtonBox.StandardButton, name))
            if button is not None and not (button.accessibleDescription() or button.toolTip()):
                button.setAccessibleDescription(translated(description))
