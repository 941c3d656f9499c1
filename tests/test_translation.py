"""Every user-visible text can be translated: the markers extraction finds, and the catalogue."""

from __future__ import annotations

import ast
import gettext
import io
import re
import sys
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface

REPO = Path(__file__).resolve().parents[1]
CATALOGUE = REPO / "resources" / "locale" / "messages.pot"


def _entries(pot: Path) -> str:
    """The catalogue without its header (the header holds the date it was made)."""
    text = pot.read_text(encoding="utf-8")
    return text[text.index("\n\n") + 2 :]


def test_the_catalogue_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """resources/locale/messages.pot holds exactly the texts the code marks today."""
    monkeypatch.chdir(REPO)
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", "pyproject.toml", "-o", str(fresh)]
    )
    assert _entries(fresh) == _entries(CATALOGUE), (
        "the texts changed: run `.venv/bin/pybabel extract -F pyproject.toml` and commit "
        "resources/locale/messages.pot"
    )


# ---------------------------------------------------------------------- the markers
PACKAGE = REPO / "trustrepair"
COUNT_PLACEHOLDERS = {"n", "count", "pages", "minutes", "seconds", "hours", "days"}
"""Placeholders that hold a count: their text needs ``ngettext``, whose plural form fits it."""
QT_TEXT_SETTERS = {
    "addAction", "addButton", "addItem", "addItems", "addMenu", "addTab", "insertItem",
    "setAccessibleDescription", "setAccessibleName", "setButtonText", "setCancelButtonText",
    "setDetailedText", "setHeaderLabels", "setHorizontalHeaderLabels", "setInformativeText",
    "setItemText", "setLabelText", "setPlaceholderText", "setPrefix", "setSpecialValueText",
    "setStatusTip", "setSuffix", "setTabText", "setText", "setTitle", "setToolTip",
    "setVerticalHeaderLabels", "setWhatsThis", "setWindowTitle", "showMessage",
}  # fmt: skip
"""Qt methods whose text arguments the person reads."""
QT_TEXT_MAKERS = {
    "PlainLabel", "QAction", "QCheckBox", "QCommandLinkButton", "QGroupBox", "QLabel",
    "QListWidgetItem", "QMenu", "QPushButton", "QRadioButton", "QTableWidgetItem",
    "QToolButton", "QTreeWidgetItem", "field_title", "message_box", "reading_label",
}  # fmt: skip
"""Widgets and helpers whose positional text arguments the person reads."""


def _calls() -> list[tuple[str, ast.Call, str]]:
    """Every call in the package: (file:line, call, the name called)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(REPO).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = (
                    func.attr
                    if isinstance(func, ast.Attribute)
                    else func.id
                    if isinstance(func, ast.Name)
                    else ""
                )
                found.append((f"{where}:{node.lineno}", node, name))
    return found


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _words(node: ast.expr) -> str | None:
    """A literal's (or an f-string's own) text, when it holds words; else None."""
    if _is_literal(node):
        text = node.value  # type: ignore[attr-defined]
    elif isinstance(node, ast.JoinedStr):
        text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    else:
        return None
    return text if re.search(r"[A-Za-z]{2,}", text) else None


def test_markers_take_string_literals() -> None:
    """tr, N_ and ngettext get literals where they are written (extraction sees only those),
    never a variable or an f-string: a text kept elsewhere is marked with N_ there and shown
    with translated()."""
    wrong = [
        f"{where}: {name}({ast.unparse(arg)})"
        for where, call, name in _calls()
        if isinstance(call.func, ast.Name) and name in {"tr", "N_", "ngettext"}
        for arg in call.args[: 2 if name == "ngettext" else 1]
        if not _is_literal(arg)
    ]
    assert not wrong, "\n".join(wrong)


def test_counts_have_plural_forms() -> None:
    """A text that shows a count goes through ngettext, never tr with "(s)"."""
    wrong = []
    for where, call, name in _calls():
        if name not in {"tr", "N_"} or not call.args or not _is_literal(call.args[0]):
            continue
        text = call.args[0].value  # type: ignore[attr-defined]
        counts = set(re.findall(r"\{(\w+)", text)) & COUNT_PLACEHOLDERS
        if counts or "(s)" in text:
            wrong.append(f"{where}: {text!r}")
    assert not wrong, "use ngettext:\n" + "\n".join(wrong)


def test_texts_on_screen_are_marked() -> None:
    """No unmarked literal reaches a Qt text setter, a widget's text or a notifier message."""
    wrong = []
    for where, call, name in _calls():
        on_screen = where.startswith("trustrepair/ui/") and (
            name in QT_TEXT_SETTERS or name in QT_TEXT_MAKERS
        )
        message = (
            isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "notifier"
        )
        if not (on_screen or message):
            continue
        arguments = [*call.args, *(k.value for k in call.keywords if k.arg in {"text", "title"})]
        wrong += [f"{where}: {name}({ast.unparse(a)})" for a in arguments if _words(a)]
    assert not wrong, "mark these with tr():\n" + "\n".join(wrong)


def test_the_guards_see_what_they_look_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Each guard above fails on the mistake it is for."""
    bad = tmp_path / "trustrepair" / "ui" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        'label.setText("Saved")\n'
        "tr(f'Hello {name}')\n"
        'tr("{n} answer(s)")\n'
        'notifier.status(f"Wrote {path}")\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "trustrepair")
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    for guard in (
        test_markers_take_string_literals,
        test_counts_have_plural_forms,
        test_texts_on_screen_are_marked,
    ):
        with pytest.raises(AssertionError):
            guard()


# ---------------------------------------------------------------------- a catalogue plugs in
def test_an_installed_catalogue_translates_every_marker() -> None:
    """A catalogue made from messages.pot reaches tr, ngettext and translated (N_ tables)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from trustrepair.domain.enums import STAGE_TITLES, Stage
    from trustrepair.i18n import install, ngettext, tr, translated

    with CATALOGUE.open("rb") as pot:
        extracted = read_po(pot)
    title = STAGE_TITLES[Stage.ACKNOWLEDGEMENT]
    german = Catalog(locale="de")  # a translator's catalogue: msgids from messages.pot
    for msgid, msgstr in (
        ("Summary", "Zusammenfassung"),
        (("{n} step", "{n} steps"), ("{n} Schritt", "{n} Schritte")),
        (title, "Anerkennen"),
    ):
        assert extracted.get(msgid) is not None, msgid
        german.add(msgid, msgstr)
    compiled = io.BytesIO()
    write_mo(compiled, german)
    compiled.seek(0)
    install(gettext.GNUTranslations(compiled))
    try:
        assert tr("Summary") == "Zusammenfassung"
        assert ngettext("{n} step", "{n} steps", 1) == "{n} Schritt"
        assert ngettext("{n} step", "{n} steps", 3) == "{n} Schritte"
        assert translated(title) == "Anerkennen"
        assert tr("A text no catalogue holds") == "A text no catalogue holds"
    finally:
        install(None)
    assert tr("Summary") == "Summary"
