"""Both themes are readable: every text/background pair the stylesheets and palettes produce
reaches WCAG AA (4.5:1 for text, 3:1 for large text and for the edges of controls).

The stylesheets are parsed here, rule by rule, and each colour is checked against the
surfaces it can sit on: its own rule's background, or every surface of the page (window,
cards, notes, banners, the status bar) when it has none. Greyed-out (disabled) controls are
exempt, as WCAG exempts inactive components. ``test_themes.py`` checks the same on real
screens.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pytest

from trustrepair import resources
from trustrepair.ui import theme

TEXT = 4.5
LARGE_TEXT = 3.0
EDGE = 3.0
THEMES = ("light", "dark")

_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


class Rule(NamedTuple):
    """One selector of a stylesheet rule, with the rule's declarations."""

    selector: str
    props: dict[str, str]


def parse(qss: str) -> list[Rule]:
    """The rules of a stylesheet, one per selector (comments dropped)."""
    qss = re.sub(r"/\*.*?\*/", "", qss, flags=re.S)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", qss):
        props = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                key, _, value = declaration.partition(":")
                props[key.strip()] = " ".join(value.split())
        for selector in selectors.split(","):
            rules.append(Rule(" ".join(selector.split()), props))
    return rules


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colour_of(value: str | None, palette: dict[str, str]) -> str | None:
    """A solid colour from a declaration value: ``#rrggbb`` or ``palette(role)``."""
    if value is None:
        return None
    named = re.search(r"palette\(([\w-]+)\)", value)
    if named:
        key = "".join(part.capitalize() for part in named.group(1).split("-"))
        return palette.get(key, palette.get(named.group(1)))
    found = _HEX.search(value)
    return found.group(0).lower() if found and "gradient" not in value else None


def background_of(rule: Rule, palette: dict[str, str]) -> str | None:
    """A rule's solid background, if it has one."""
    return colour_of(rule.props.get("background") or rule.props.get("background-color"), palette)


def border_colour(rule: Rule, palette: dict[str, str]) -> str | None:
    """The colour of a rule's border, if it sets a visible one."""
    for key in ("border", "border-color"):
        value = rule.props.get(key)
        if value and "transparent" not in value and "none" not in value:
            return colour_of(value, palette)
    return None


SURFACE_SELECTORS = (
    "QMainWindow",
    'QFrame[role="card"]',
    'QFrame[role="card-accent"]',
    'QFrame[role="concern"]',
    "QFrame#banner",
    "QStatusBar",
    'QLabel[role="help"]',
    'QLabel[role="note"]',
)
"""Where text and controls without a background of their own can sit."""


def surfaces(rules: list[Rule], palette: dict[str, str]) -> dict[str, str]:
    """The page's surfaces by selector, and the palette's window."""
    found = {"palette Window": palette["Window"]}
    for rule in rules:
        colour = background_of(rule, palette)
        if rule.selector in SURFACE_SELECTORS and colour is not None:
            found[rule.selector] = colour
    return found


def is_large(rule: Rule) -> bool:
    """18 pt, or 14 pt bold: WCAG's large text."""
    size = re.search(r"([\d.]+)pt", rule.props.get("font-size", ""))
    points = float(size.group(1)) if size else 11.5
    bold = rule.props.get("font-weight", "") in ("600", "700", "bold")
    return points >= 18 or (points >= 14 and bold)


def exempt(selector: str) -> bool:
    """Disabled controls (WCAG exempts inactive components)."""
    return ":disabled" in selector


def base_colour(rules: list[Rule], selector: str, palette: dict[str, str]) -> str:
    """The text colour a rule's element gets without its own ``color``."""
    if "::item" in selector or "QAbstractItemView" in selector:
        return palette["Text"]
    plain = re.sub(r":(hover|pressed|focus|checked|selected)\b", "", selector)
    for rule in rules:
        if rule.selector == plain and "color" in rule.props:
            return colour_of(rule.props["color"], palette) or palette["WindowText"]
    widget = re.match(r"[A-Za-z]+", selector)
    for rule in rules:
        if widget and rule.selector == widget.group(0) and "color" in rule.props:
            return colour_of(rule.props["color"], palette) or palette["WindowText"]
    qwidget = next(r for r in rules if r.selector == "QWidget")
    return colour_of(qwidget.props["color"], palette) or palette["WindowText"]


def problems(name: str) -> list[str]:
    """Every pair below its minimum in theme ``name``."""
    palette = theme.PALETTES[name]
    rules = parse(resources.read_text("styles", f"{name}.qss"))
    page = surfaces(rules, palette)
    found = []

    def need(fg: str, bg: str, minimum: float, what: str) -> None:
        if ratio(fg, bg) < minimum:
            found.append(f"{name}: {what}: {fg} on {bg} is {ratio(fg, bg):.2f}:1 (< {minimum})")

    for rule in rules:
        if exempt(rule.selector):
            continue
        minimum = LARGE_TEXT if is_large(rule) else TEXT
        own_bg = background_of(rule, palette)
        fg = colour_of(rule.props.get("color"), palette)
        if fg is not None and own_bg is not None:
            need(fg, own_bg, minimum, rule.selector)
        elif fg is not None:
            for where, bg in page.items():
                need(fg, bg, minimum, f"{rule.selector} on {where}")
        elif own_bg is not None and "QWidget#hidden" not in rule.selector:
            text = base_colour(rules, rule.selector, palette)
            drawn_without_text = ("::groove", "::sub-page", "::chunk", "::handle", "::indicator")
            if not any(part in rule.selector for part in drawn_without_text):
                need(text, own_bg, minimum, f"{rule.selector} (inherited text)")
        selection = colour_of(rule.props.get("selection-color"), palette)
        selection_bg = colour_of(rule.props.get("selection-background-color"), palette)
        if selection and selection_bg:
            need(selection, selection_bg, TEXT, f"{rule.selector} selected text")
        edge = border_colour(rule, palette)
        if edge is not None and _is_control(rule.selector):
            for where, bg in page.items():
                need(edge, bg, EDGE, f"{rule.selector} edge on {where}")
        if own_bg is not None and any(p in rule.selector for p in ("::handle", "::chunk")):
            track = page if "::handle" in rule.selector else {"its groove": _groove(rules, palette)}
            for where, bg in track.items():
                need(own_bg, bg, EDGE, f"{rule.selector} on {where}")
    return found


def _is_control(selector: str) -> bool:
    controls = ("QLineEdit", "QPlainTextEdit", "QDateEdit", "QComboBox", "::indicator")
    focus = ":focus" in selector
    return focus or any(c in selector for c in controls) or selector.startswith("QPushButton")


def _groove(rules: list[Rule], palette: dict[str, str]) -> str:
    bar = next(r for r in rules if r.selector == "QProgressBar")
    return background_of(bar, palette) or palette["Window"]


PALETTE_PAIRS = (
    ("WindowText", "Window"),
    ("Text", "Base"),
    ("Text", "AlternateBase"),
    ("PlaceholderText", "Base"),
    ("ButtonText", "Button"),
    ("HighlightedText", "Highlight"),
    ("ToolTipText", "ToolTipBase"),
    ("Link", "Base"),
    ("Link", "Window"),
    ("LinkVisited", "Base"),
    ("Text", "Window"),
    ("WindowText", "Base"),
)
"""Text roles over the backgrounds Qt draws them on (drop-downs, trees, tables, calendars)."""


@pytest.mark.parametrize("name", THEMES)
def test_every_stylesheet_pair_reaches_wcag_aa(name: str) -> None:
    """Text 4.5:1 (large 3:1) on every surface it can sit on; controls' edges 3:1."""
    assert problems(name) == []


@pytest.mark.parametrize("name", THEMES)
def test_every_palette_pair_reaches_wcag_aa(name: str) -> None:
    """The palette that draws what the stylesheet does not name is readable too."""
    palette = theme.PALETTES[name]
    low = [
        f"{fg} on {bg}: {ratio(palette[fg], palette[bg]):.2f}:1"
        for fg, bg in PALETTE_PAIRS
        if ratio(palette[fg], palette[bg]) < TEXT
    ]
    assert low == []


def test_the_check_finds_a_poor_pair() -> None:
    """The checker itself fails grey text on a grey card (so a pass means something)."""
    rules = parse('QWidget { color: #777777; } QFrame[role="card"] { background: #888888; }')
    assert ratio("#777777", "#888888") < TEXT
    assert background_of(rules[1], theme.PALETTES["light"]) == "#888888"


def test_both_stylesheets_have_the_same_rules() -> None:
    """Light and dark style the same things: only colours differ (so neither forgets one)."""
    shapes = [
        [(rule.selector, sorted(rule.props)) for rule in parse(resources.read_text("styles", f))]
        for f in ("light.qss", "dark.qss")
    ]
    assert shapes[0] == shapes[1]
    assert theme.PALETTES["light"].keys() == theme.PALETTES["dark"].keys()


def test_every_icon_a_stylesheet_names_ships() -> None:
    """The tick, the dash and the arrow the stylesheets draw are there for both themes."""
    for name in THEMES:
        icons = re.findall(r"url\(theme:([\w.-]+)\)", resources.read_text("styles", f"{name}.qss"))
        assert icons
        for icon in icons:
            assert resources.path_of("styles", f"{name}-icons", icon).is_file()
