"""The one Jinja environment for summaries, and the sandbox for templates a counsellor adds.

Shipped templates load through :mod:`trustrepair.resources`; both environments autoescape and
use ``StrictUndefined``, so a typo in a template fails loudly instead of printing nothing.
Answers are data, never template source: they are escaped by :func:`text_block`, so markup or
``{{ }}`` in what a person wrote appears literally.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from trustrepair import paths, resources
from trustrepair.errors import UserFacingError
from trustrepair.i18n import ngettext, tr
from trustrepair.reports.context import SummaryContext
from trustrepair.reports.kinds import SUMMARY_KINDS

USER_TEMPLATE_SUFFIX = ".html"


# C0 controls (except tab and newline), DEL and C1 controls: shown as visible symbols so
# nothing a person typed is silently dropped, and nothing reaches a renderer as a control.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINES_RE = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")


class ReportTemplateError(UserFacingError):
    """A summary template could not be rendered (usually a template someone added)."""


def _visible_control(match: re.Match[str]) -> str:
    # Plain ASCII, not CONTROL PICTURES (␀ ␁ …): common fonts lack those glyphs, so the PDF
    # showed empty boxes that text extraction dropped.
    return f"[U+{ord(match.group(0)):04X}]"


def plain_text(text: object) -> str:
    """``text`` with uniform newlines and every control character made visible."""
    value = _NEWLINES_RE.sub("\n", str(text))
    return _CONTROL_RE.sub(_visible_control, value)


def text_block(text: object) -> Markup:
    """Escape an answer for HTML, keep its line breaks, and show control characters.

    Runs of spaces are kept too (alternating with no-break spaces), so indentation survives
    both browsers and Qt's rich-text engine.
    """
    lines = plain_text(text).split("\n")
    escaped = [str(escape(line)).replace("  ", " \u00a0") for line in lines]
    return Markup("<br>\n".join(escaped))  # noqa: S704 - every part was escaped above


def inline_text(text: object) -> Markup:
    """Escape a one-line value (labels, titles) after making control characters visible."""
    return escape(plain_text(text).replace("\n", " "))


def points_to_css_px(points: float) -> str:
    """A length in points as CSS pixels (1/96 inch).

    Qt's rich text ignores ``pt`` for margins but scales ``px`` as 1/96 inch to the device,
    so the Qt stylesheet writes its lengths in points through this filter.
    """
    return f"{points * 96 / 72:g}px"


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["px"] = points_to_css_px
    env.filters["text_block"] = text_block
    env.filters["inline"] = inline_text
    env.globals["tr"] = tr
    env.globals["ngettext"] = ngettext
    return env


@functools.cache
def environment() -> jinja2.Environment:
    """The environment for shipped templates (built once)."""
    return _configure(
        jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(resources.templates_root())),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    )


def sandboxed_environment(user_dir: Path | None = None) -> SandboxedEnvironment:
    """A sandbox for templates someone added in the data dir (shipped ones can be extended)."""
    folder = user_dir if user_dir is not None else paths.user_templates_dir()
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(folder), str(resources.templates_root())]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _configure(env)
    return env


def template_names() -> list[str]:
    """Every shipped page template (one per kind)."""
    return [kind.template for kind in SUMMARY_KINDS.values()]


def user_templates(user_dir: Path | None = None) -> list[str]:
    """The names of templates a counsellor added (``*.html`` in the data dir's templates)."""
    folder = user_dir if user_dir is not None else paths.user_templates_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.glob(f"*{USER_TEMPLATE_SUFFIX}") if p.is_file())


def render_html(context: SummaryContext, template: str | None = None) -> str:
    """Render a summary with a shipped template (by default the one for its kind)."""
    name = template or SUMMARY_KINDS[context.kind].template
    return environment().get_template(name).render(ctx=context)


PIECE_CHARS = 256 * 1024
""":func:`render_html_pieces` gives the HTML in pieces of about this many characters."""


def render_html_pieces(context: SummaryContext, template: str | None = None) -> Iterator[str]:
    """:func:`render_html`, in pieces as the template renders (the same text, joined).

    A long summary is never joined into one string in one long call (which holds the
    interpreter lock, and the window with it, for as long as it takes), and never held whole.
    """
    name = template or SUMMARY_KINDS[context.kind].template
    pieces: list[str] = []
    size = 0
    for piece in environment().get_template(name).generate(ctx=context):
        pieces.append(piece)
        size += len(piece)
        if size >= PIECE_CHARS:
            yield "".join(pieces)
            pieces, size = [], 0
    yield "".join(pieces)


def render_user_template(name: str, context: SummaryContext, user_dir: Path | None = None) -> str:
    """Render a template someone added, in the sandbox.

    Raises:
        ReportTemplateError: the template is missing, broken or tried something unsafe.
    """
    env = sandboxed_environment(user_dir)
    try:
        return env.get_template(name).render(ctx=context)
    except jinja2.TemplateNotFound as exc:
        raise ReportTemplateError(
            tr("There is no summary template called {name}.").format(name=name)
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise ReportTemplateError(
            tr("The summary template {name} has a mistake on line {line}: {problem}").format(
                name=name, line=exc.lineno, problem=exc.message
            )
        ) from exc
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError) as exc:
        raise ReportTemplateError(
            tr("The summary template {name} could not be used: {problem}").format(
                name=name, problem=getattr(exc, "message", None) or type(exc).__name__
            )
        ) from exc
    except Exception as exc:  # a template someone added must never crash the program
        raise ReportTemplateError(
            tr("The summary template {name} could not be used: {problem}").format(
                name=name, problem=type(exc).__name__
            )
        ) from exc
