"""docs/architecture.md names every module of the package, so the map stays the territory."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "trustrepair"
DOC = REPO / "docs" / "architecture.md"


def test_every_module_is_in_the_architecture_doc() -> None:
    """Each module's file name appears in the doc under its room (a new module is added there)."""
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^- \*\*", text.split("## Every module", 1)[1], flags=re.M)
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if path.name == "__init__.py" and relative.parent != Path("cli"):
            continue
        room = relative.parts[0] if len(relative.parts) > 1 else "Helpers"
        section = next((s for s in sections if s.startswith((f"`{room}/`", room))), "")
        if f"`{path.name}`" not in section:
            missing.append(relative.as_posix())
    assert not missing, "add to docs/architecture.md, Every module: " + ", ".join(missing)
