"""The one way to reach shipped resources: templates, styles, icons and exercises.

Shipped data lives in the top-level ``resources/`` and ``exercises/`` folders of the source
tree. For an installed wheel they are copied into the package as ``trustrepair/_data``
(see ``pyproject.toml``); both are found through :mod:`importlib.resources`.
"""

from __future__ import annotations

from importlib import resources as _ir
from importlib.resources.abc import Traversable
from pathlib import Path


def _root() -> Traversable:
    packaged = _ir.files("trustrepair") / "_data"
    if packaged.is_dir():
        return packaged
    # Running from a source checkout (editable install): resources/ beside the package.
    return _ir.files("trustrepair").joinpath("..")


def resources_root() -> Traversable:
    """The ``resources/`` folder."""
    return _root() / "resources"


def exercises_root() -> Path:
    """The shipped ``exercises/`` folder as a real path (the loader reports file paths)."""
    return Path(str(_root() / "exercises")).resolve()


def templates_root() -> Path:
    """The shipped Jinja templates folder."""
    return Path(str(resources_root() / "templates")).resolve()


def read_text(*parts: str) -> str:
    """Read a text resource below ``resources/`` (UTF-8)."""
    node = resources_root()
    for part in parts:
        node = node / part
    return node.read_text(encoding="utf-8")


def path_of(*parts: str) -> Path:
    """The file system path of a resource below ``resources/``."""
    node = resources_root()
    for part in parts:
        node = node / part
    return Path(str(node)).resolve()
