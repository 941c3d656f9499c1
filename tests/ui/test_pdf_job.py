"""Summary PDFs written by a child process: every page, progress, and nothing on cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustrepair.errors import StorageError
from trustrepair.reports.context import Paper
from trustrepair.ui.pdf_job import write_pdf_apart
from trustrepair.ui.worker import Cancelled

HTML = "<html><body>" + "".join(f"<h2>Part {i}</h2><p>{'words ' * 300}</p>" for i in range(12))


def test_the_child_writes_every_page_and_reports_them(tmp_path: Path) -> None:
    """The child writes the PDF and says how many pages; progress ends at that number."""
    seen: list[tuple[int, int]] = []
    target = tmp_path / "out.pdf"
    pages = write_pdf_apart(
        HTML,
        target,
        Paper.A4,
        title="T",
        footer_text="F",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert pages > 1 and seen[-1] == (pages, pages)
    assert target.read_bytes().startswith(b"%PDF")


def test_cancelling_ends_the_child_and_writes_nothing(tmp_path: Path) -> None:
    """A progress report that raises (Cancel) ends the child: no file, the error goes on."""

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    target = tmp_path / "out.pdf"
    with pytest.raises(Cancelled):
        write_pdf_apart(HTML, target, Paper.A4, title="T", footer_text="F", progress=cancel)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_is_one_plain_problem(tmp_path: Path) -> None:
    """The child's plain sentence comes back as a StorageError; nothing is left behind."""
    target = tmp_path / "missing-folder" / "out.pdf"
    with pytest.raises(StorageError, match="Could not save the summary"):
        write_pdf_apart(HTML, target, Paper.A4, title="T", footer_text="F")
