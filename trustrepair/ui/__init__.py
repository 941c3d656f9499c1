"""The window: the only place that imports Qt.

Importing this package first guards against a PySide6 6.12 bug on Python 3.11 (see
:func:`protect_none_refcount`), so every path into Qt — the window, the PDF writer, the tests —
is covered before the first Qt call.
"""

from __future__ import annotations

import sys

_NONE_REFCOUNT_FLOOR = 1 << 60


def protect_none_refcount() -> None:
    """Work around PySide6 6.12 on Python 3.11: each call of a Qt method that returns nothing
    releases one reference to ``None`` that it never took.

    After a few thousand such calls (a long typing session, or laying out a long summary)
    ``None``'s count reaches zero and the interpreter aborts ("deallocating None"). Python 3.12
    made ``None`` immortal, which hides the bug there; on 3.11 we give ``None`` a count it
    cannot run out of. Idempotent.
    """
    if sys.version_info >= (3, 12):
        return
    # The class ``ctypes.c_ssize_t`` is, made from ``_ctypes`` (which ``ctypes`` is built on):
    # importing all of ``ctypes`` costs ≈ 3 ms before the first screen, ``_ctypes`` under 1.
    from _ctypes import _SimpleCData

    class SsizeT(_SimpleCData):
        _type_ = "q"  # 64 bits, as Py_ssize_t is wherever PySide6 runs (64-bit builds only)

    count = SsizeT.from_address(id(None))  # ob_refcnt: the first field of PyObject
    if count.value < _NONE_REFCOUNT_FLOOR:
        count.value += _NONE_REFCOUNT_FLOOR


protect_none_refcount()
