"""The one way to reach shipped resources: templates, styles, icons and exercises.

Shipped data lives in the top-level ``resources/`` and ``exercises/`` folders of the source
tree. For an installed wheel they are copied into the package as ``trustrepair/_data``
(see ``pyproject.toml``); both are found through :mod:`importlib.resources`, or straight on
the file system when the package is there (the usual case: start-up need not import
:mod:`importlib.resources`, ≈ 5 ms).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def _package() -> Traversable:
    """The ``trustrepair`` package folder: a plain path unless it lives in a zip or the like."""
    here = Path(__file__).parent
    if here.is_dir():
        return here  # what importlib.resources.files() returns for a package on disk
    from importlib import resources

    return resources.files("trustrepair")


def _root() -> Traversable:
    package = _package()
    packaged = package / "_data"
    if packaged.is_dir():
        return packaged
    # Running from a source checkout (editable install): resources/ beside the package.
    return package.joinpath("..")


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
