"""A hostile corpus: text with markup, entities, shortcuts, direction and control characters.

Every string holds :data:`MARK`, so a test can find where it reached the screen (or a file),
and the markup Qt would render if it were ever treated as rich text: a heading, a link, a
bold run, an entity, an image, an ``&`` that would make a keyboard shortcut, right-to-left
overrides and terminal escapes.

The image names a small file that exists (:data:`IMAGE_FILE`), not ``/dev/zero``: should a
change ever let markup render, the tests then fail on what they check, instead of the run
freezing while memory fills (as ``/dev/zero`` did in the window). The tests that prove nothing
is read name a file too, and look at what was loaded.
"""

from __future__ import annotations

import json
from typing import Any

MARK = "HOSTILE"
"""In every hostile string."""

IMAGE_FILE = "/etc/hostname"
"""A small file every Debian machine has: loaded as an image, it would show up as a resource."""
MARKUP = f'<img src="{IMAGE_FILE}">'
"""The part that must always reach the screen literally."""

AMPERSAND = "A&B"
"""In every hostile string: an ``&`` that must never become a keyboard shortcut."""

_RTL = "\u202egnol\u202c\u200f"
_CONTROLS = "\x07\x1b[31m\x1b]0;t\x07"


def hostile(field: str, *, long: bool = False, short: bool = False, controls: bool = True) -> str:
    """A hostile string naming ``field``; ``short`` fits a title, ``long`` is very long.

    ``controls=False`` leaves out terminal escapes (exercise files refuse them outright).
    """
    if short:
        return f"{MARKUP}<h1>{MARK} {field}</h1> &amp; {AMPERSAND} {_RTL}"
    text = (
        f'<h1>{MARK} {field}</h1>{MARKUP}<a href="https://example.invalid/">link</a> '
        f"<b>bold</b> &amp; &lt;i&gt; {AMPERSAND} {_RTL} {_CONTROLS if controls else ''} "
        "<qt><table><tr><td>cell</td></tr>"
    )
    if long:
        text += " " + "unbroken" * 1_500 + " " + "word " * 3_000
    return text


def yaml_str(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes are YAML's too)."""
    return json.dumps(text)


def hostile_exercise_yaml(exercise_id: str = "hostile", **fields: Any) -> str:
    """An exercise with hostile text in every field that holds text, one step of each kind."""
    h = lambda name, **kw: yaml_str(hostile(name, controls=False, **kw))  # noqa: E731
    mode = fields.get("mode", "solo")
    who = "\n    who: both" if mode != "solo" else ""
    return f"""\
id: {exercise_id}
title: {h("title", short=True)}
stage: acknowledgement
tracks: [hurt, repairing]
relationships: [romantic, friendship, professional]
mode: {mode}
minutes: 10
models: [trust-foundations]
summary: {h("summary")}
intro: {h("intro", long=True)}
safety: {h("safety")}
finish: {h("finish")}
steps:
  - id: reading
    kind: reading
    title: {h("step title", short=True)}
    text: {h("reading", long=True)}{who}
  - id: text
    kind: text
    prompt: {h("prompt")}
    help: {h("help")}
    placeholder: {h("placeholder")}{who}
  - id: line
    kind: text
    multiline: false
    prompt: {h("line prompt")}{who}
  - id: scale
    kind: scale
    prompt: {h("scale prompt")}
    min_label: {h("min label")}
    max_label: {h("max label")}{who}
  - id: choice
    kind: choice
    prompt: {h("choice prompt")}
    options:
      - {{id: one, label: {h("option one")}}}
      - {{id: two, label: {h("option two")}}}{who}
  - id: multi
    kind: multi_choice
    prompt: {h("multi prompt")}
    options:
      - {{id: one, label: {h("multi one")}}}
      - {{id: two, label: {h("multi two")}}}{who}
  - id: checklist
    kind: checklist
    prompt: {h("checklist prompt")}
    items:
      - {{id: one, label: {h("item one")}}}{who}
  - id: list
    kind: list
    prompt: {h("list prompt")}
    item_label: {h("item label", short=True)}
    suggestions: [{h("suggestion")}]{who}
  - id: promise
    kind: commitment
    prompt: {h("commitment prompt")}
    placeholder: {h("commitment placeholder")}{who}
"""


HOSTILE_VALUES: dict[str, object] = {
    "text": hostile("answer text", long=True),
    "line": hostile("answer line"),
    "scale": 3,
    "choice": "one",
    "multi": ["one", "two"],
    "checklist": ["one"],
    "list": [hostile("answer item"), hostile("answer item two")],
    "promise": {"text": hostile("answer promise"), "date": "2026-12-31", "kept": None},
}
"""A hostile answer to each step of :func:`hostile_exercise_yaml`."""
