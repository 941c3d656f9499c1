"""The PDF: answers readable by pdftotext, page numbers, paper sizes, and a page to look at."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import (
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from trustrepair import files
from trustrepair.content.library import Library
from trustrepair.domain.enums import Stage
from trustrepair.errors import StorageError
from trustrepair.reports.context import (
    AnswerKind,
    ExerciseSection,
    Item,
    Paper,
    StageSection,
    SummaryContext,
)
from trustrepair.reports.environment import render_html
from trustrepair.reports.kinds import SUMMARY_KINDS
from trustrepair.services.summary import SummaryRequest, SummaryService
from trustrepair.storage.store import VaultStore
from trustrepair.ui import printing

HOSTILE = "<b>not bold</b> {{ 7 * 7 }} {% raw %} 5 < 6 & 7 > 3\nsecond line"


def tool(name: str) -> str:
    """The path of a poppler tool; the test FAILS (never skips) without it: CI installs it."""
    path = shutil.which(name)
    assert path, f"{name} is missing: install poppler-utils"
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(
        [tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path: Path) -> str:
    return subprocess.run(
        [tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout


def context_with(answers: list[str], stages: int = 1) -> SummaryContext:
    items = tuple(
        Item(
            f"e/s{i}",
            f"Question {i + 1}",
            "What happened?",
            AnswerKind.TEXT,
            text=text,
            updated="1 May 2026",
        )
        for i, text in enumerate(answers)
    )
    sections = tuple(
        StageSection(
            stage,
            stage.value.title(),
            "Blurb.",
            (ExerciseSection("e", "An exercise", "Completed", "", items),),
        )
        for stage in list(Stage)[:stages]
    )
    return SummaryContext(
        kind="me",
        title="My summary",
        subtitle="Everything I wrote.",
        generated="1 May 2026",
        profile_name="Sam",
        relationship="A partner",
        paper=Paper.A4,
        notice="Not therapy.",
        sections=sections,
        for_qt=True,
    )


def write(tmp_path: Path, context: SummaryContext, paper: Paper = Paper.A4) -> tuple[Path, int]:
    path = tmp_path / f"summary-{paper.value}.pdf"
    pages = printing.write_pdf(
        render_html(context), path, paper, title=context.title, footer_text="My summary · Sam"
    )
    return path, pages


def test_pdf_holds_the_answers_literally(tmp_path: Path, qapp: object) -> None:
    """pdftotext finds the answer, with markup and template syntax shown, not interpreted."""
    path, pages = write(tmp_path, context_with([HOSTILE, "Ordinary words here."]))
    text = pdf_text(path)
    assert "<b>not bold</b> {{ 7 * 7 }} {% raw %} 5 < 6 & 7 > 3" in text
    assert "second line" in text
    assert "Ordinary words here." in text
    assert "My summary" in text and "Made on 1 May 2026" in text
    assert f"page 1 of {pages}" in text
    assert path.stat().st_mode & 0o077 == 0


def test_long_text_flows_over_pages_with_numbers(tmp_path: Path, qapp: object) -> None:
    """More content means more pages; each has a footer and nothing is dropped."""
    _, short_pages = write(tmp_path, context_with(["Short."]))
    paragraph = "I keep coming back to that evening. " * 280  # ~10,000 characters
    long_word = "unbroken" * 200
    path, long_pages = write(tmp_path, context_with([paragraph, long_word, paragraph]))
    assert long_pages > short_pages
    text = pdf_text(path)
    assert f"page {long_pages} of {long_pages}" in text
    body = re.sub(r"My summary · Sam\s+page \d+ of \d+", "", text)  # footers cut sentences
    squeezed = "".join(body.split())
    # nothing dropped, nothing repeated
    assert squeezed.count("Ikeepcomingbacktothatevening.") == 2 * 280
    assert squeezed.count("unbroken") == 200


def test_stages_start_on_new_pages(tmp_path: Path, qapp: object) -> None:
    """Each stage begins a new page."""
    _, pages = write(tmp_path, context_with(["Short."], stages=3))
    assert pages == 3


@pytest.mark.parametrize(
    ("paper", "size"), [(Paper.A4, "595 x 842 pts (A4)"), (Paper.LETTER, "612 x 792 pts (letter)")]
)
def test_paper_sizes(tmp_path: Path, qapp: object, paper: Paper, size: str) -> None:
    """A4 and Letter produce pages of those sizes (in points)."""
    path, _ = write(tmp_path, context_with(["Short."]), paper)
    assert size in pdf_info(path)


def test_rtl_and_emoji_survive(tmp_path: Path, qapp: object) -> None:
    """Right-to-left text reaches the PDF as text."""
    path, _ = write(tmp_path, context_with(["שלום עולם and مرحبا"]))
    text = pdf_text(path)
    assert "שלום" in text or "םולש" in text


def test_first_page_as_png_for_a_person_to_look_at(tmp_path: Path, qapp: object) -> None:
    """The first page renders to an image (kept in the test's folder for looking at)."""
    path, _ = write(tmp_path, context_with(["A considered answer. " * 30, HOSTILE]))
    subprocess.run(
        [
            tool("pdftoppm"),
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(tmp_path / "first"),
        ],
        check=True,
    )
    image = next(tmp_path.glob("first*.png"))
    assert image.stat().st_size > 5_000


def test_an_unwritable_place_is_a_kind_error(tmp_path: Path, qapp: object) -> None:
    """Saving into a missing folder raises StorageError, and leaves no stray file."""
    with pytest.raises(StorageError):
        printing.write_pdf(render_html(context_with(["x"])), tmp_path / "no" / "x.pdf", Paper.A4)


def test_long_answers_appear_exactly_once_across_page_edges(tmp_path: Path, qapp: object) -> None:
    """A multi-page answer (as text and as a list item) is extracted once per line, no repeats."""
    long_text = "\n".join(
        f"LINE{n:03d} " + "the quick brown fox jumps over the lazy dog " * 5 for n in range(150)
    )
    wrapped = " ".join(f"WORD{n:04d} and more words to wrap" for n in range(1200))
    context = context_with([long_text])
    section = context.sections[0].exercises[0]
    listed = Item("e/list", "A list", "Which?", AnswerKind.LIST, entries=(wrapped, "second"))
    exercise = ExerciseSection("e", "An exercise", "Completed", "", (*section.items, listed))
    stage = context.sections[0]
    context = replace(context, sections=(replace(stage, exercises=(exercise,)),))
    path, pages = write(tmp_path, context)
    assert pages > 5
    for text in (pdf_text(path), pdf_text_raw(path)):
        for n in range(150):
            assert text.count(f"LINE{n:03d} ") == 1, n
        for n in range(1200):
            assert text.count(f"WORD{n:04d} ") == 1, n
        assert text.count("•") <= 2  # the list item's continuations get no second bullet


def pdf_text_raw(path: Path) -> str:
    return subprocess.run(
        [tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_control_characters_survive_text_extraction(tmp_path: Path, qapp: object) -> None:
    """Control characters are written as [U+XXXX], which pdftotext keeps (boxes were dropped)."""
    path, _ = write(tmp_path, context_with(["bell\x07 nul\x00 del\x7f end"]))
    assert "bell[U+0007] nul[U+0000] del[U+007F] end" in pdf_text(path)


def test_right_to_left_answers_run_right_to_left(tmp_path: Path, qapp: object) -> None:
    """A Hebrew or Arabic answer is laid out right to left (Qt read dir="auto" as LTR)."""
    answers = ["שלום, זה טקסט בעברית.", "مرحبا، هذا نص عربي.", "English first, then עברית."]
    paged = printing.lay_out(render_html(context_with(answers)), printing.page_layout(Paper.A4))
    directions = {}
    block = paged.volumes[0].document.begin()
    while block.isValid():
        for answer in answers:
            if answer in block.text():
                directions[answer] = block.textDirection()
        block = block.next()
    rtl, ltr = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
    assert [directions[a] for a in answers] == [rtl, rtl, ltr]
    path, _ = write(tmp_path, context_with(answers))
    assert "בעברית" in pdf_text(path)


def test_exercise_titles_are_never_left_at_the_foot_of_a_page(qapp: object) -> None:
    """A heading always starts on the same page as its status, prompt and answer."""
    base = context_with(["x"])
    stage = base.sections[0]
    exercises = tuple(
        ExerciseSection(
            f"e{n}",
            f"Exercise {n}",
            "In progress",
            "",
            (
                Item(
                    f"e{n}/s",
                    "",
                    "What happened?",
                    AnswerKind.TEXT,
                    text="word " * (n * 37 % 160 + 1),
                ),
            ),
        )
        for n in range(40)
    )
    context = replace(base, sections=(replace(stage, exercises=exercises),))
    paged = printing.lay_out(render_html(context), printing.page_layout(Paper.A4)).volumes[0]
    document, height = paged.document, paged.body.height()
    layout = document.documentLayout()
    assert paged.page_count > 3
    block, checked = document.begin(), 0
    while block.isValid():
        if block.blockFormat().headingLevel() == 3:
            follower = block.next().next()  # status, then the prompt
            page = printing._page_of(layout, block, height)
            assert printing._page_of(layout, follower, height) == page, block.text()
            checked += 1
        block = block.next()
    assert checked >= 40


def test_a_short_last_part_is_kept_whole(qapp: object) -> None:
    """A part that fits on one page (the signatures) is never split across two."""
    part = "<h2>Signed</h2><p>We read this.</p>" + "<p>Signature</p><p>&nbsp;</p>" * 4
    layout = printing.page_layout(Paper.A4)
    for filler in range(20, 60, 3):
        html = "<p>Filler text.</p>" * filler + part
        paged = printing.lay_out(html, layout).volumes[0]
        document, height = paged.document, paged.body.height()
        doc_layout = document.documentLayout()
        block, heading = document.begin(), None
        while block.isValid():
            if block.blockFormat().headingLevel() == 2:
                heading = block
            last = block
            block = block.next()
        assert heading is not None
        pages = {printing._page_of(doc_layout, b, height) for b in (heading, last)}
        assert len(pages) == 1, filler


# ---------------------------------------------------------------------- volumes
def squeezed(text: str) -> str:
    """``text`` without whitespace and with ligatures unfolded, for finding answers in a PDF."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def without_footers(text: str, footer: str) -> str:
    return re.sub(rf"{re.escape(footer)}\s+page \d+ of \d+", "", text)


def tall_page_layout() -> QPageLayout:
    """A 5 m page: Qt's layout limit is reached in a few hundred pages, not 2,797."""
    return QPageLayout(
        QPageSize(QSizeF(210, 5000), QPageSize.Unit.Millimeter),
        QPageLayout.Orientation.Portrait,
        printing.MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def test_a_document_past_qt_layout_limit_is_printed_whole(tmp_path: Path, qapp: object) -> None:
    """Past Qt's 8,388,607-pixel layout limit nothing is dropped: volumes, one page count."""
    spacer = 'style="margin-bottom: 25000px"'  # tall, cheap paragraphs
    html = "".join(
        (f"<h3>Exercise {n // 4}</h3>" if n % 4 == 0 else "") + f"<p {spacer}>MARK{n:04d}</p>"
        for n in range(150)
    )
    layout = tall_page_layout()
    paged = printing.lay_out(html, layout, "Footer")
    heights = [printing._laid_out_height(v.document) for v in paged.volumes]
    assert sum(heights) > printing.QT_LAYOUT_LIMIT
    assert len(paged.volumes) >= 2
    assert max(heights) <= printing.VOLUME_HEIGHT
    for volume in paged.volumes[1:]:  # each later volume starts at an exercise's heading
        assert volume.document.begin().blockFormat().headingLevel() == 3
    path = tmp_path / "tall.pdf"
    writer = QPdfWriter(str(path))
    writer.setResolution(printing.LAYOUT_DPI)
    writer.setPageLayout(layout)
    pages = paged.paint(writer)
    del writer
    assert f"Pages:           {pages}" in pdf_info(path)
    text = pdf_text_raw(path)
    assert [n for n in range(150) if text.count(f"MARK{n:04d}") != 1] == []
    assert [n for n in range(1, pages + 1) if f"page {n} of {pages}" not in text] == []


def many_answers_vault(store: VaultStore, count: int) -> list[str]:
    """``count`` answers filed under exercises no longer in the library (ten steps each)."""
    answers = [
        f"Answer{n:04d} " + "I felt hurt and we talked it through. " * 6 for n in range(count)
    ]
    store.save_answers(
        (f"an-earlier-exercise-{n // 10:03d}", f"step-{n % 10:02d}", answer)
        for n, answer in enumerate(answers)
    )
    return answers


def test_every_answer_reaches_a_pdf_cut_in_volumes(
    tmp_path: Path,
    qapp: object,
    store: VaultStore,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With volumes of a few pages, every answer of a vault is in the PDF once, in order."""
    monkeypatch.setattr(printing, "VOLUME_HEIGHT", 12 * 3000.0)  # twelve A4 pages
    answers = many_answers_vault(store, 300)
    service = SummaryService(store, library)
    html = service.render_html(SummaryRequest(SUMMARY_KINDS["me"]), for_qt=True)
    paged = printing.lay_out(html, printing.page_layout(Paper.A4))
    assert len(paged.volumes) >= 3
    assert all(
        printing._laid_out_height(v.document) <= printing.VOLUME_HEIGHT for v in paged.volumes
    )
    path = tmp_path / "summary.pdf"
    pages = printing.write_pdf(html, path, Paper.A4, footer_text="My summary · Sam")
    assert pages == paged.page_count
    assert f"Pages:           {pages}" in pdf_info(path)
    text = pdf_text_raw(path)
    assert [n for n in range(1, pages + 1) if f"page {n} of {pages}" not in text] == []
    body = squeezed(without_footers(text, "My summary · Sam"))
    position, missing = 0, []
    for answer in answers:
        found = body.find(squeezed(answer), position)
        if found < 0:
            missing.append(answer.split()[0])
        position = max(position, found)
    assert missing == []
    assert all(body.count(answer.split()[0]) == 1 for answer in answers)


def test_volumes_that_grow_when_paginated_are_cut_again(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Content that triples when headings move to new pages is cut shorter: nothing is lost."""
    monkeypatch.setattr(printing, "VOLUME_HEIGHT", 12 * 3000.0)
    keep_headings = printing.keep_headings_with_next

    def every_heading_on_a_new_page(document: QTextDocument) -> int:
        cursor = QTextCursor(document)
        block = document.begin().next()
        while block.isValid():
            if block.blockFormat().headingLevel() == 3:
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setPosition(block.position())
                cursor.setBlockFormat(fmt)
            block = block.next()
        return keep_headings(document)

    monkeypatch.setattr(printing, "keep_headings_with_next", every_heading_on_a_new_page)
    base = context_with(["x"])
    exercises = tuple(
        ExerciseSection(
            f"e{n}",
            f"Exercise {n}",
            "Completed",
            "",
            (Item(f"e{n}/s", "Step", "What happened?", AnswerKind.TEXT, text=f"Answer{n:03d}"),),
        )
        for n in range(150)
    )
    context = replace(base, sections=(replace(base.sections[0], exercises=exercises),))
    paged = printing.lay_out(render_html(context), printing.page_layout(Paper.A4))
    heights = [printing._laid_out_height(v.document) for v in paged.volumes]
    assert max(heights) <= printing.VOLUME_HEIGHT
    assert paged.page_count >= 150  # one page per exercise, as the stand-in asks
    path = tmp_path / "summary.pdf"
    writer = QPdfWriter(str(path))
    writer.setResolution(printing.LAYOUT_DPI)
    writer.setPageLayout(printing.page_layout(Paper.A4))
    paged.paint(writer)
    del writer
    text = pdf_text_raw(path)
    assert [n for n in range(150) if text.count(f"Answer{n:03d}") != 1] == []


def test_every_answer_reaches_the_html(tmp_path: Path, store: VaultStore, library: Library) -> None:
    """The HTML summary of a vault holds every answer too."""
    answers = many_answers_vault(store, 300)
    path = tmp_path / "summary.html"
    SummaryService(store, library).save_html(SummaryRequest(SUMMARY_KINDS["me"]), path)
    page = path.read_text(encoding="utf-8")
    assert [a for a in answers if a.rstrip() not in page] == []


def test_an_answer_longer_than_a_volume_is_refused_plainly(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One paragraph taller than a volume cannot be cut: a plain refusal, and no file."""
    monkeypatch.setattr(printing, "VOLUME_HEIGHT", 3 * 3000.0)
    html = render_html(context_with(["Short.", "A very long answer. " * 3000]))
    path = tmp_path / "summary.pdf"
    with pytest.raises(printing.SummaryTooLong, match="HTML"):
        printing.write_pdf(html, path, Paper.A4)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills up while saving: StorageError, the old file intact, no leftovers."""
    path = tmp_path / "summary.pdf"
    path.write_bytes(b"the previous summary")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(StorageError, match="no room left on the disk"):
        printing.write_pdf(render_html(context_with(["x"])), path, Paper.A4)
    assert path.read_bytes() == b"the previous summary"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]


def test_short_parts_share_pages(qapp: object) -> None:
    """Hundreds of short parts (earlier times with one answer each) flow on, several to a
    page: moving one heading never pushes the part before it onto a page of its own."""
    base = context_with(["x"])
    stage = base.sections[0]
    exercises = tuple(
        ExerciseSection(
            f"e{n}",
            f"Time {n}",
            "Finished",
            "",
            (Item(f"e{n}/s", "", "What did you notice?", AnswerKind.TEXT, text=f"Note {n}."),),
        )
        for n in range(300)
    )
    context = replace(base, sections=(replace(stage, exercises=exercises),))
    paged = printing.lay_out(render_html(context), printing.page_layout(Paper.A4)).volumes[0]
    assert 300 / paged.page_count > 6, paged.page_count
