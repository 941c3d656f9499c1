"""The keys for quick-hide, lock, help and quit, shared by the window's menus and the help text.

A module of its own so the first screen can name them without importing the help dialog.
"""

QUICK_HIDE_KEYS = "Ctrl+Shift+H"
LOCK_KEYS = "Ctrl+L"
HELP_KEYS = "F1"
QUIT_KEYS = "Ctrl+Q"
"""Portable text: Command+Q on macOS. (Windows has no standard key; Ctrl+Q harms nothing.)"""
