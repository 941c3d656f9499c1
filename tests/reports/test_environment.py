"""Templates render every kind; answers are escaped, never interpreted; the sandbox holds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from trustrepair.domain.enums import Stage
from trustrepair.reports.context import (
    Agreement,
    AgreementEntry,
    AnswerKind,
    Commitment,
    ExerciseSection,
    Item,
    Paper,
    StageSection,
    SummaryContext,
    Tick,
)
from trustrepair.reports.environment import (
    ReportTemplateError,
    environment,
    render_html,
    render_html_pieces,
    render_user_template,
    template_names,
    text_block,
    user_templates,
)
from trustrepair.reports.kinds import SUMMARY_KINDS, SummaryKind

HOSTILE = (
    "<script>alert('x')</script> <b>bold</b> &amp; {{ 7 * 7 }} {% if true %}no{% endif %}"
    " שלום עולם مرحبا 🙂\x07\x00 end"
)


def make_context(kind: SummaryKind, text: str = HOSTILE, for_qt: bool = False) -> SummaryContext:
    """A context with one answer of every layout, all carrying ``text``."""
    items = (
        Item("e/text", "Heading", "Prompt?", AnswerKind.TEXT, text=text, updated="1 May 2026"),
        Item("e/list", "", "List?", AnswerKind.LIST, entries=(text, "second")),
        Item("e/ticks", "", "Ticks?", AnswerKind.TICKS, ticks=(Tick(text, True), Tick("b", False))),
        Item(
            "e/promise",
            "",
            "Promise?",
            AnswerKind.COMMITMENT,
            commitment=Commitment(text, "2 June 2026", "Open", None),
        ),
    )
    sections = (
        StageSection(
            Stage.REMORSE,
            "Remorse",
            "Blurb.",
            (ExerciseSection("e", "Exercise", "Completed", "1 May 2026", items),),
        ),
        StageSection(
            Stage.AMENDS,
            "Amends",
            "Blurb.",
            (ExerciseSection("f", "Other", "In progress", "", items[:1]),),
        ),
    )
    context = SummaryContext(
        kind=kind.name,
        title="My summary",
        subtitle="Sub.",
        generated="1 May 2026",
        profile_name="Sam <i>",
        relationship="A partner",
        paper=Paper.A4,
        notice="Not therapy.",
        description=text if kind.draws_on.description else "",
        sections=sections,
        for_qt=for_qt,
    )
    if kind.name == "agreement":
        entries = tuple(AgreementEntry("Exercise", i) for i in items)
        context = replace(
            context,
            sections=(),
            agreement=Agreement((AgreementEntry("Exercise", items[3]),), entries[:2], entries[2:3]),
        )
    return context


@pytest.mark.parametrize("for_qt", [False, True])
@pytest.mark.parametrize("kind", list(SUMMARY_KINDS.values()), ids=list(SUMMARY_KINDS))
def test_every_template_renders_and_escapes(kind: SummaryKind, for_qt: bool) -> None:
    """Each kind renders in both flavours, with markup and template syntax shown literally."""
    html = render_html(make_context(kind, for_qt=for_qt))
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "{{ 7 * 7 }}" in html and "{% if true %}no{% endif %}" in html
    assert "שלום עולם مرحبا 🙂" in html
    assert "[U+0007][U+0000] end" in html  # control characters made visible, not dropped
    assert "Sam &lt;i&gt;" in html
    assert "http" not in html.replace("http-equiv", "")  # standalone: no external resources


def test_every_shipped_template_is_covered() -> None:
    """Every page template in resources/templates is one of the kinds rendered above."""
    folder = Path(environment().loader.searchpath[0])  # type: ignore[union-attr]
    pages = {p.name for p in folder.glob("*.html") if not p.name.startswith(("_", "base"))}
    assert pages == set(template_names())


def test_stages_are_separated_by_page_breaks() -> None:
    """Every stage after the first starts on a new page, in print and in the PDF flavour."""
    for for_qt in (False, True):
        html = render_html(make_context(SUMMARY_KINDS["me"], for_qt=for_qt))
        assert html.count("page-break-before: always") == 1


def test_line_breaks_and_indentation_are_kept() -> None:
    """New lines become <br>, runs of spaces survive, and CR/LF variants are unified."""
    assert str(text_block("a\r\nb\rc\nd")) == "a<br>\nb<br>\nc<br>\nd"
    assert "\u00a0" in str(text_block("    indented"))


def test_long_paragraphs_and_words_are_not_cut() -> None:
    """A 10,000-character paragraph and a very long word appear whole."""
    text = "word " * 2000 + "x" * 5000
    html = render_html(make_context(SUMMARY_KINDS["us"], text=text))
    assert "word " * 2000 in html and "x" * 5000 in html


def test_a_user_template_renders_in_the_sandbox(data_dir: Path) -> None:
    """A counsellor's template in the data dir renders with the same context."""
    folder = data_dir / "templates"
    folder.mkdir(parents=True)
    (folder / "short.html").write_text(
        "{% for s in ctx.sections %}{{ s.title }}:{% for e in s.exercises %}"
        "{% for i in e.items %}{{ i.text|text_block }}{% endfor %}{% endfor %};{% endfor %}",
        encoding="utf-8",
    )
    assert user_templates() == ["short.html"]
    html = render_user_template("short.html", make_context(SUMMARY_KINDS["us"]))
    assert html.startswith("Remorse:") and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "{{ ctx.__class__.__mro__ }}",
        "{{ ctx.__class__.__init__.__globals__ }}",
        "{{ ''.__class__.__subclasses__() }}",
        "{{ ctx.nope }}",
        "{% for x in %}",
    ],
)
def test_unsafe_or_broken_user_templates_fail_safely(data_dir: Path, source: str) -> None:
    """Reaching for internals, unknown names or bad syntax raise a kind, specific error."""
    folder = data_dir / "templates"
    folder.mkdir(parents=True)
    (folder / "bad.html").write_text(source, encoding="utf-8")
    with pytest.raises(ReportTemplateError, match=r"bad\.html"):
        render_user_template("bad.html", make_context(SUMMARY_KINDS["us"]))


def test_a_missing_user_template_is_reported(data_dir: Path) -> None:
    """Asking for a template that does not exist says so plainly."""
    with pytest.raises(ReportTemplateError, match="no summary template"):
        render_user_template("missing.html", make_context(SUMMARY_KINDS["us"]))


@pytest.mark.parametrize("kind", list(SUMMARY_KINDS.values()), ids=list(SUMMARY_KINDS))
def test_html_in_pieces_is_the_same_html(
    kind: SummaryKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pieces a long summary is rendered in join to exactly what render_html gives."""
    from trustrepair.reports import environment as module

    monkeypatch.setattr(module, "PIECE_CHARS", 200)
    context = make_context(kind, for_qt=True)
    pieces = list(render_html_pieces(context))
    assert len(pieces) > 2
    assert "".join(pieces) == render_html(context)
