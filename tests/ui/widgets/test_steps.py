"""Step widgets: each kind shows a saved value, emits edits in the stored shape, round-trips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QRadioButton

from tests.helpers import EVERY_KIND_YAML, SAMPLE_VALUES, sample_exercise
from trustrepair.domain.enums import Relationship
from trustrepair.domain.exercise import STEP_KINDS, Exercise
from trustrepair.domain.step_kinds import STEP_REGISTRY, validate_value
from trustrepair.ui.widgets.steps import (
    STEP_WIDGETS,
    CheckboxesWidget,
    CommitmentWidget,
    ListItemsWidget,
    ScaleWidget,
    TextWidget,
    make_step_widget,
)


def _steps(exercise_factory) -> Exercise:
    return exercise_factory(
        steps=[
            {
                "id": "line",
                "kind": "text",
                "prompt": {"default": "Name it", "romantic": "Name it, partner"},
                "multiline": False,
                "max_chars": 5,
            },
            {
                "id": "items",
                "kind": "list",
                "prompt": "List",
                "item_label": "Amend",
                "suggestions": ["Call weekly"],
            },
            {"id": "promise", "kind": "commitment", "prompt": "Promise"},
            {
                "id": "ticks",
                "kind": "checklist",
                "prompt": "Tick",
                "items": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}],
            },
            {
                "id": "scale",
                "kind": "scale",
                "prompt": "How much",
                "min": 1,
                "max": 5,
                "min_label": "low",
                "max_label": "high",
            },
        ]
    )


def test_single_line_text_uses_the_relationship_wording_and_limit(qtbot, exercise_factory):
    """A one-line text step reads the relationship's wording and keeps to max_chars."""
    step = _steps(exercise_factory).step("line")
    widget = make_step_widget(step, Relationship.ROMANTIC)
    qtbot.addWidget(widget)
    assert isinstance(widget, TextWidget)
    assert widget.prompt_label.text() == "Name it, partner"
    assert widget.editor.accessibleName() == "Name it, partner"
    with qtbot.waitSignal(widget.changed) as signal:
        widget.editor.setText("abcdefgh")
    assert signal.args == ["abcde"]


def test_list_widget_round_trips_and_enter_adds_a_line(qtbot, exercise_factory):
    """The list widget shows saved items, Enter adds the next line, removing emits the rest."""
    step = _steps(exercise_factory).step("items")
    widget = make_step_widget(step, None)
    qtbot.addWidget(widget)
    assert isinstance(widget, ListItemsWidget)
    widget.set_value(["one", "two"])
    assert widget.value() == ["one", "two"]
    assert widget.edits[1].accessibleName() == "Amend 2"
    widget.show()
    qtbot.keyClick(widget.edits[1], Qt.Key.Key_Return)
    assert len(widget.edits) == 3
    values = []
    widget.changed.connect(values.append)
    widget.edits[2].setText("three")
    assert values[-1] == ["one", "two", "three"]
    widget.remove_row(widget.edits[0])
    assert values[-1] == ["two", "three"]
    widget.add_suggestion("Call weekly")
    assert values[-1] == ["two", "three", "Call weekly"]
    assert validate_value(step, widget.value()) == ["two", "three", "Call weekly"]


def test_commitment_widget_round_trips_date_and_status(qtbot, exercise_factory):
    """A commitment keeps its text and an optional date (or none); whether it was kept is the
    ledger's, so the widget offers no way to change it and passes a stored flag through."""
    step = _steps(exercise_factory).step("promise")
    widget = make_step_widget(step, None)
    qtbot.addWidget(widget)
    assert isinstance(widget, CommitmentWidget)
    saved = {"text": "Phone free dinners", "date": "2026-12-31", "kept": False}
    widget.set_value(saved)
    assert widget.value() == saved
    values = []
    widget.changed.connect(values.append)
    widget.has_date.setChecked(False)
    assert values[-1] == {"text": "Phone free dinners", "date": None, "kept": False}
    assert not widget.findChildren(QRadioButton)
    widget.has_date.setChecked(True)
    widget.date.setDate(QDate(2027, 1, 2))
    assert values[-1]["date"] == "2027-01-02"
    assert validate_value(step, values[-1]) == values[-1]


def test_checklist_and_scale_emit_stored_shapes(qtbot, exercise_factory):
    """Check boxes emit option ids; the scale stays unanswered until moved."""
    exercise = _steps(exercise_factory)
    ticks = make_step_widget(exercise.step("ticks"), None)
    scale = make_step_widget(exercise.step("scale"), None)
    qtbot.addWidget(ticks)
    qtbot.addWidget(scale)
    assert isinstance(ticks, CheckboxesWidget) and isinstance(scale, ScaleWidget)
    ticks.boxes["y"].click()
    assert ticks.value() == ["y"]
    assert scale.value() is None
    scale.show()
    scale.slider.setFocus()
    qtbot.keyClick(scale.slider, Qt.Key.Key_End)
    assert scale.value() == 5
    assert "5" in scale.value_label.text()


def test_every_step_kind_has_a_widget():
    """The window's registry has a widget for every step kind, and nothing else."""
    assert list(STEP_WIDGETS) == list(STEP_KINDS) == list(STEP_REGISTRY)


@pytest.mark.parametrize("kind", STEP_KINDS)
def test_every_kinds_widget_shows_and_returns_a_saved_answer(qtbot, kind):
    """Each kind's widget shows a saved value and gives it back in the stored shape."""
    step = next(s for s in sample_exercise(EVERY_KIND_YAML).steps if s.kind == kind)
    widget = make_step_widget(step, Relationship.FRIENDSHIP)
    qtbot.addWidget(widget)
    assert widget.step is step
    assert widget.takes_answer is STEP_REGISTRY[kind].takes_answer
    if not STEP_REGISTRY[kind].takes_answer:
        assert widget.value() is None
        return
    saved = validate_value(step, SAMPLE_VALUES[kind])
    with qtbot.assertNotEmitted(widget.changed):
        widget.set_value(saved)
    assert widget.value() == saved


def test_a_way_out_box_clears_the_others_and_the_others_clear_it(qtbot, exercise_factory):
    """Ticking 'None of these' unticks every other box; ticking another unticks it."""
    exercise = exercise_factory(
        steps=[
            {
                "id": "ticks",
                "kind": "multi_choice",
                "prompt": "Any of these?",
                "options": [
                    {"id": "x", "label": "X"},
                    {"id": "y", "label": "Y"},
                    {"id": "none", "label": "None of these", "exclusive": True},
                ],
            }
        ]
    )
    widget = make_step_widget(exercise.step("ticks"), None)
    qtbot.addWidget(widget)
    assert isinstance(widget, CheckboxesWidget)
    values = []
    widget.changed.connect(values.append)
    widget.boxes["x"].click()
    widget.boxes["y"].click()
    assert values[-1] == ["x", "y"]
    widget.boxes["none"].click()
    assert values[-1] == ["none"]
    assert not widget.boxes["x"].isChecked() and not widget.boxes["y"].isChecked()
    widget.boxes["y"].click()
    assert values[-1] == ["y"]
    assert not widget.boxes["none"].isChecked()


def _groove_point(slider, fraction: float):
    """A point on the slider's groove, ``fraction`` of the way from its start."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    groove = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider
    )
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    span = groove.width() - handle.width()
    x = groove.x() + handle.width() // 2 + round(span * fraction)
    return QPoint(x, groove.center().y())


def test_a_click_on_the_scale_jumps_to_the_clicked_value(qtbot, exercise_factory):
    """Clicking near "a lot" gives the top of the scale, not one page step toward it."""
    step = exercise_factory(
        steps=[
            {
                "id": "s",
                "kind": "scale",
                "prompt": "How much?",
                "min_label": "no",
                "max_label": "a lot",
            }
        ]
    ).step("s")
    widget = make_step_widget(step, None)
    qtbot.addWidget(widget)
    widget.resize(600, 200)
    widget.show()
    assert isinstance(widget, ScaleWidget)
    slider = widget.slider
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=_groove_point(slider, 1.0))
    assert widget.value() == 10
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=_groove_point(slider, 0.2))
    assert widget.value() == 2
    assert "2" in widget.value_label.text()


@pytest.mark.parametrize("step_id", ["line", "items", "promise"])
def test_alt_letters_never_type_into_an_answer(qtbot, exercise_factory, step_id):
    """Alt+N (Next, greyed out) or Alt+X in an answer field types nothing; plain letters do."""
    widget = make_step_widget(_steps(exercise_factory).step(step_id), None)
    qtbot.addWidget(widget)
    widget.show()
    editor = widget.edits[0] if isinstance(widget, ListItemsWidget) else widget.editor
    editor.setFocus()
    for key in (Qt.Key.Key_N, Qt.Key.Key_X):
        qtbot.keyClick(editor, key, Qt.KeyboardModifier.AltModifier)
    text = editor.text() if hasattr(editor, "text") else editor.toPlainText()
    assert text == ""
    qtbot.keyClick(editor, Qt.Key.Key_A)
    text = editor.text() if hasattr(editor, "text") else editor.toPlainText()
    assert text == "a"


def test_a_promise_that_asks_by_when_starts_with_its_date(qtbot, exercise_factory):
    """``default_days: 14`` ticks "by a date" with a date two weeks ahead; without it, none."""
    exercise = exercise_factory(
        steps=[
            {"id": "when", "kind": "commitment", "prompt": "By when?", "default_days": 14},
            {"id": "plain", "kind": "commitment", "prompt": "A promise"},
        ]
    )
    dated = make_step_widget(exercise.step("when"), None)
    plain = make_step_widget(exercise.step("plain"), None)
    qtbot.addWidget(dated)
    qtbot.addWidget(plain)
    assert isinstance(dated, CommitmentWidget) and isinstance(plain, CommitmentWidget)
    assert dated.has_date.isChecked() and dated.date.isEnabled()
    assert dated.date.date() == QDate.currentDate().addDays(14)
    dated.editor.setPlainText("Call on Sunday")
    assert dated.value()["date"] == QDate.currentDate().addDays(14).toString("yyyy-MM-dd")
    assert not plain.has_date.isChecked()
    assert plain.value()["date"] is None
    dated.set_value({"text": "Call", "date": None, "kept": None})  # cleared by the person
    assert not dated.has_date.isChecked()


def test_shipped_promises_that_ask_when_offer_a_date(library):
    """Every shipped promise whose question asks "when" or for a date starts with one."""
    missing = []
    for exercise in library.exercises.values():
        for step in exercise.steps:
            if step.kind != "commitment" or not step.with_date:
                continue
            prompt = step.prompt if isinstance(step.prompt, str) else step.prompt.default
            asks = any(w in prompt.lower() for w in ("when", "date", "this week", "two weeks"))
            if asks and step.default_days is None:
                missing.append(f"{exercise.id}/{step.id}")
    assert missing == []
