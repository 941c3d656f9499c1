"""The keys for quick-hide and lock, shared by the window's menus and the help text.

A module of its own so the first screen can name them without importing the help dialog.
"""

QUICK_HIDE_KEYS = "Ctrl+Shift+H"
LOCK_KEYS = "Ctrl+L"
