"""Charts on paper: drawn as vector lines and text in the PDF, with the table beside them."""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

from tests.helpers import check_in_exercise, walk_through
from tests.ui.test_printing import pdf_text, tool
from trustrepair.content.library import Library
from trustrepair.reports.context import Paper
from trustrepair.reports.kinds import SUMMARY_KINDS
from trustrepair.services.summary import SummaryRequest, SummaryService
from trustrepair.services.walk import ExerciseWalk
from trustrepair.storage.store import VaultStore
from trustrepair.ui import printing


def _library() -> Library:
    library = Library()
    exercise = check_in_exercise()
    library.exercises[exercise.id] = exercise
    return library


def _check_ins(store: VaultStore, ratings: list[int], shared: set[int]) -> None:
    for week, rating in enumerate(ratings):
        day = f"2026-0{1 + week // 4}-{1 + 7 * (week % 4):02d}"
        walk = ExerciseWalk(store, check_in_exercise(), clock=lambda d=day: f"{d}T18:00:00.000Z")
        walk_through(walk, {"focus": "f", "trust": rating, "week": f"week {week}"})
        walk.set_shared("trust", rating in shared)


def _streams(pdf: bytes) -> bytes:
    """Every content stream of a PDF, inflated."""
    out = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out += zlib.decompress(match.group(1))
        except zlib.error:
            out += match.group(1)
    return out


def test_the_me_summary_draws_its_chart_as_vectors(
    tmp_path: Path, store: VaultStore, qapp: object
) -> None:
    """The chart in a PDF is paths (no image), and its table holds every rating."""
    _check_ins(store, [2, 4, 6, 5, 7], set())
    service = SummaryService(store, _library())
    request = SummaryRequest(SUMMARY_KINDS["me"])
    html = service.render_html(request, for_qt=True)
    assert "trustrepair-chart:" in html
    path = tmp_path / "me.pdf"
    printing.write_pdf(html, path, Paper.A4)
    data = path.read_bytes()
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data
    streams = _streams(data)
    assert streams.count(b" l\n") + streams.count(b" l ") > 10  # line segments: vector paths
    text = pdf_text(path)
    assert "Ratings over time" in text and "Trust" in text
    for rating in (2, 4, 6, 5, 7):
        assert f"{rating} of 0–10" in text
    assert "Earlier times" in text and "week 0" in text  # earlier entries, in full
    pages = subprocess.run(
        [tool("pdftoppm"), "-png", "-r", "40", str(path), str(tmp_path / "page")],
        capture_output=True,
        check=True,
    )
    assert pages.returncode == 0


def test_the_us_summary_holds_only_shared_ratings(tmp_path: Path, store: VaultStore) -> None:
    """For someone else: only ratings the person shared are drawn and listed."""
    _check_ins(store, [2, 4, 6], {4})
    service = SummaryService(store, _library())
    html = service.render_html(SummaryRequest(SUMMARY_KINDS["us"]))
    assert "<svg" in html and "4 of 0–10" in html
    assert "2 of 0–10" not in html and "6 of 0–10" not in html
    assert "week 0" not in html  # earlier entries are never in a summary for others


def test_the_table_follows_its_chart_without_a_gap(store: VaultStore) -> None:
    """A chart is one line of text as tall as the drawing; the table starts right under it
    (proportional line spacing once left a quarter of the chart's height empty)."""
    _check_ins(store, [2, 4, 6, 5, 7], set())
    html = SummaryService(store, _library()).render_html(
        SummaryRequest(SUMMARY_KINDS["me"]), for_qt=True
    )
    document = printing.lay_out(html, printing.page_layout(Paper.A4)).volumes[0].document
    layout = document.documentLayout()
    block, charts = document.begin(), 0
    while block.isValid():
        if "\ufffc" in block.text():
            chart = layout.blockBoundingRect(block)
            below = layout.blockBoundingRect(block.next())
            assert below.top() - chart.bottom() < 0.05 * chart.height(), block.next().text()
            charts += 1
        block = block.next()
    assert charts >= 1
