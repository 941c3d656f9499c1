"""The JSON Schemas of the exchanged files, generated from their models.

``python -m trustrepair.formats.schemas docs/schemas`` writes them; a test fails when a
committed schema differs from what the models generate, so the published schemas and the
program never drift apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from trustrepair.formats.counsel import AssignmentFile, SharedFile
from trustrepair.formats.envelope import SealedFile
from trustrepair.formats.export import ExportFile, ExportFileV2
from trustrepair.formats.partner import PartnerAnswers, PartnerFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

FILES: dict[str, tuple[type[BaseModel], str]] = {
    "export.schema.json": (ExportFileV2, "A trustrepair export (trustrepair-export, version 2)"),
    "export-v1.schema.json": (
        ExportFile,
        "A trustrepair export as release 0.1.0 wrote it (trustrepair-export, version 1; "
        "still read)",
    ),
    "encrypted.schema.json": (
        SealedFile,
        "An encrypted trustrepair export or share file (the plaintext is the plain file)",
    ),
    "assignment.schema.json": (
        AssignmentFile,
        "A counsellor's signed assignment (trustrepair-assignment, version 2)",
    ),
    "share.schema.json": (
        SharedFile,
        "What a client shares back, signed (trustrepair-shared, version 2)",
    ),
    "partner.schema.json": (
        PartnerFile,
        "A file for one's partner in an exercise for two done at a distance, signed "
        "(trustrepair-partner, version 1)",
    ),
    "partner-answers.schema.json": (
        PartnerAnswers,
        "The sealed part of a partner file, once opened: the answers revealed "
        "(trustrepair-partner-answers, version 1)",
    ),
}


def schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """One model's JSON Schema, titled, with its dialect named."""
    generated = model.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, **generated, "title": title}


def render(model: type[BaseModel], title: str) -> str:
    """A schema as it is committed: indented, keys in generation order, one final newline."""
    return json.dumps(schema(model, title), indent=2, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (model, title) in FILES.items():
        target = folder / name
        target.write_text(render(model, title), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m trustrepair.formats.schemas FOLDER``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m trustrepair.formats.schemas FOLDER", file=sys.stderr)
        return 2
    for path in write_all(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
