"""The window: the only place that imports Qt.

Importing this package first guards against two PySide6 6.12 bugs on Python 3.11 (see
:func:`protect_singleton_refcounts`), so every path into Qt — the window, the PDF writer, the
tests — is covered before the first Qt call.
"""

from __future__ import annotations

import sys

_REFCOUNT_FLOOR = 1 << 60


def protect_singleton_refcounts() -> None:
    """Work around PySide6 6.12 on Python 3.11 releasing references to ``None``, ``True`` and
    ``False`` that it never took.

    * Each call of a Qt method that returns nothing releases one reference to ``None``.
    * Each ``emit()`` and ``disconnect()`` of a signal returns ``True`` (or ``False``) without
      taking a reference to it, so every emit costs ``True`` one reference.

    After a few thousand such calls (a long typing session emits a signal per key; laying out
    a long summary calls void methods) the count falls below the number of real references,
    and when those are let go, at the latest while the interpreter shuts down ("Ctrl+Q right
    after typing"), it reaches zero and Python aborts ("deallocating None", "bool_dealloc").
    Python 3.12 made these objects immortal, which hides the bugs there; on 3.11 we give each a
    count it cannot run out of. Idempotent.
    """
    if sys.version_info >= (3, 12):
        return
    # The class ``ctypes.c_ssize_t`` is, made from ``_ctypes`` (which ``ctypes`` is built on):
    # importing all of ``ctypes`` costs ≈ 3 ms before the first screen, ``_ctypes`` under 1.
    from _ctypes import _SimpleCData

    class SsizeT(_SimpleCData):
        _type_ = "q"  # 64 bits, as Py_ssize_t is wherever PySide6 runs (64-bit builds only)

    for singleton in (None, True, False):
        count = SsizeT.from_address(id(singleton))  # ob_refcnt: the first field of PyObject
        if count.value < _REFCOUNT_FLOOR:
            count.value += _REFCOUNT_FLOOR


protect_singleton_refcounts()
