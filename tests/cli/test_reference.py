"""The README's command table and docs/cli.md are generated from the commands and current."""

from __future__ import annotations

from pathlib import Path

import pytest
from cogapp import Cog

from trustrepair.cli import reference

ROOT = Path(__file__).resolve().parents[2]


def test_table_has_a_row_per_verb_with_its_options() -> None:
    """Each verb is in the table with its arguments and options (required ones bare)."""
    table = reference.command_table()
    for path, command in reference.commands():
        assert f"| `trustrepair {' '.join(path)}" in table, path
        assert reference.description(command) in table
    assert "`trustrepair backups --profile NAME [--json]`" in table
    assert "`trustrepair validate [PATH …]`" in table
    assert "--kind me\\|us\\|counsellor\\|agreement" in table  # pipes escaped for Markdown


def test_help_pages_cover_every_group_and_verb() -> None:
    """docs/cli.md gets a section with the --help of the root, each group and each verb."""
    pages = reference.help_pages()
    assert pages.startswith("## trustrepair\n")
    for path, _ in [*reference.groups(), *reference.commands()]:
        title = " ".join(["trustrepair", *path])
        assert f"## {title}\n\n```text\nUsage: {title} " in pages


@pytest.mark.parametrize("document", ["README.md", "docs/cli.md"])
def test_generated_documents_are_current(document: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The cog blocks match the commands (run: .venv/bin/cog -r README.md docs/cli.md)."""
    code = Cog().main(["cog", "--check", str(ROOT / document)])
    assert code == 0, f"{capsys.readouterr().out}\nrun: .venv/bin/cog -r README.md docs/cli.md"
