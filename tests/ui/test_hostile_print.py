"""Summaries of hostile text: markup is printed as text, and no template makes the print path
read a file (an ``<img>`` of ``/dev/zero`` would never end)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.helpers import deadline, sample_exercise
from tests.hostile import HOSTILE_VALUES, MARK, MARKUP, hostile_exercise_yaml
from tests.ui.conftest import make_library
from trustrepair.reports.context import Paper
from trustrepair.reports.environment import render_user_template
from trustrepair.reports.kinds import SUMMARY_KINDS
from trustrepair.services.summary import SummaryRequest, SummaryService
from trustrepair.storage.store import VaultStore
from trustrepair.ui import printing

FAST = 20.0
"""Seconds: these prints end well within this."""


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    done = subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def test_a_hostile_summary_prints_its_markup_as_text(
    store: VaultStore, tmp_path: Path, qapp: object
) -> None:
    """Every kind of summary of a hostile exercise and hostile answers lays out at once with
    no image, and the PDF shows the markup literally."""
    exercise = sample_exercise(hostile_exercise_yaml("hostile"))
    library = make_library(exercise)
    for step_id, value in HOSTILE_VALUES.items():
        store.save_answer("hostile", step_id, value, shared=True)
    service = SummaryService(store, library)
    for kind in SUMMARY_KINDS.values():
        html = service.render_html(SummaryRequest(kind), for_qt=True)
        with deadline(FAST):
            paged = printing.lay_out(html, printing.page_layout(Paper.A4))
        for volume in paged.volumes:
            assert "<img" not in volume.document.toHtml()
    html = service.render_html(SummaryRequest(SUMMARY_KINDS["me"]), for_qt=True)
    path = tmp_path / "me.pdf"
    with deadline(FAST):
        printing.write_pdf(html, path, Paper.A4)
    text = " ".join(_pdf_text(path).split())
    assert MARK in text and MARKUP in text


def test_a_template_naming_an_image_file_prints_without_reading_it(
    store: VaultStore, data_dir: Path, tmp_path: Path, qapp: object
) -> None:
    """A template someone added, with its own ``<img>`` of a file, is rendered in the sandbox
    (the hostile titles escaped) and laid out without reading that file, then printed."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"a file no summary may read")
    folder = data_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.html").write_text(
        f"<html><body><img src='{secret}'><h1>{{{{ ctx.title }}}}</h1>"
        "{% for stage in ctx.sections %}{% for e in stage.exercises %}<p>{{ e.title }}</p>"
        "{% endfor %}{% endfor %}</body></html>",
        encoding="utf-8",
    )
    exercise = sample_exercise(hostile_exercise_yaml("hostile"))
    store.save_answer("hostile", "text", HOSTILE_VALUES["text"], shared=True)
    context = SummaryService(store, make_library(exercise)).build(
        SummaryRequest(SUMMARY_KINDS["me"])
    )
    html = render_user_template("mine.html", context, folder)
    assert "&lt;img src=" in html and html.count("<img") == 1  # the template's own
    with deadline(FAST):
        paged = printing.lay_out(html, printing.page_layout(Paper.A4))
    for volume in paged.volumes:
        doc = volume.document
        assert doc.resource(doc.ResourceType.ImageResource, str(secret)) is None
    path = tmp_path / "mine.pdf"
    with deadline(FAST):
        printing.write_pdf(html, path, Paper.A4)
    assert MARK in _pdf_text(path)
