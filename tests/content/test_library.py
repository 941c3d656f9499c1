"""Tests for the shipped exercise library in exercises/: it loads, and it keeps its promises.

The coverage tests assert the counts the project committed to (issue 3), computed from the
library index, so that removing or narrowing content fails CI instead of going unnoticed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustrepair.content.library import Library, load_library
from trustrepair.content.loader import iter_files
from trustrepair.domain.enums import Mode, Model, Relationship, Stage, Track
from trustrepair.domain.exercise import (
    STEP_KINDS,
    AnyStep,
    ChecklistStep,
    ChoiceStep,
    CommitmentStep,
    Exercise,
    ListStep,
    MultiChoiceStep,
    Option,
    Question,
    ReadingStep,
    ScaleStep,
    Text,
    TextStep,
    TextVariants,
    Theme,
    Who,
    resolve_text,
)
from trustrepair.resources import exercises_root

MIN_EXERCISES = 30
MIN_PER_TRACK_PER_STAGE = 3
TRACKED_STAGES = (Stage.ACKNOWLEDGEMENT, Stage.REMORSE, Stage.AMENDS, Stage.BOUNDARIES)
MIN_PER_RELATIONSHIP = 12
MIN_JOINT = 6
REQUIRED_MODELS = (
    Model.LEWICKI_APOLOGY,
    Model.CHAPMAN_APOLOGY_LANGUAGES,
    Model.EFT_ATTACHMENT_INJURY,
    Model.SPRING_TRUST_BEHAVIOURS,
    Model.WORTHINGTON_REACH,
    Model.SPRING_ACCEPTANCE_FORGIVENESS,
    Model.GOTTMAN_ATONE_ATTUNE_ATTACH,
    Model.GOTTMAN_AFTERMATH,
)
# Words that belong to romantic relationships and must not reach a friend or a colleague.
ROMANCE_WORDS = re.compile(r"\b(partners?|affairs?|couples?|intimacy|romantic|romance)\b", re.I)


@pytest.fixture(scope="module")
def shipped() -> Library:
    """The library loaded straight from the shipped exercises/ folder."""
    return load_library([exercises_root()])


@pytest.fixture(scope="module")
def exercises(shipped: Library) -> list[Exercise]:
    """Every shipped exercise except the safety check, which is not part of the path."""
    return [e for e in shipped.ordered() if not e.safety_check]


def _texts(exercise: Exercise) -> Iterator[tuple[str, Text]]:
    """Every piece of wording in an exercise, labelled with where it is."""
    yield "title", exercise.title
    yield "summary", exercise.summary
    yield "intro", exercise.intro
    for name in ("safety", "finish"):
        value = getattr(exercise, name)
        if value is not None:
            yield name, value
    for step in exercise.steps:
        for name in ("title", "help", "text", "prompt", "placeholder", "min_label", "max_label"):
            value = getattr(step, name, None)
            if value is not None:
                yield f"{step.id}.{name}", value
        if isinstance(step, ListStep):
            for index, suggestion in enumerate(step.suggestions):
                yield f"{step.id}.suggestions[{index}]", suggestion
        for option in _options(step):
            yield f"{step.id}.{option.id}", option.label


def _options(step: AnyStep) -> list[Option]:
    """The options of a choice, multi-choice or checklist step (none for other kinds)."""
    if isinstance(step, ChoiceStep | MultiChoiceStep):
        return list(step.options)
    if isinstance(step, ChecklistStep):
        return list(step.items)
    return []


def _with(exercises: list[Exercise], **filters: object) -> list[Exercise]:
    return [e for e in exercises if all(v in getattr(e, k) for k, v in filters.items())]


# ------------------------------------------------------------------ loading


def test_every_shipped_file_validates(shipped: Library) -> None:
    """Every YAML file under exercises/ loads without a single problem."""
    assert [str(p) for p in shipped.problems] == []
    assert len(shipped.exercises) == len(iter_files([exercises_root()]))


def test_files_are_named_after_their_id_and_stage(shipped: Library) -> None:
    """Each file is <stage>/<id>.yaml (safety/ for the check), so content is easy to find."""
    for exercise_id, path in shipped.sources.items():
        exercise = shipped.exercises[exercise_id]
        folder = "safety" if exercise.safety_check else exercise.stage.value
        assert path.stem == exercise_id, path
        assert path.parent.name == folder, path


def test_ids_and_titles_are_unique(exercises: list[Exercise], shipped: Library) -> None:
    """No two shipped exercises share an id or a title."""
    ids = Counter(e.id for e in shipped.exercises.values())
    titles = Counter(e.title.casefold() for e in shipped.exercises.values())
    assert [i for i, n in ids.items() if n > 1] == []
    assert [t for t, n in titles.items() if n > 1] == []


def test_order_is_unique_within_each_stage(exercises: list[Exercise]) -> None:
    """Within a stage, every exercise has its own `order`, so the path is deliberate."""
    for stage in Stage:
        orders = Counter(e.order for e in exercises if e.stage is stage)
        assert [o for o, n in orders.items() if n > 1] == [], stage


# ------------------------------------------------------------------ coverage (issue 3)


def test_library_has_enough_exercises(exercises: list[Exercise]) -> None:
    """The library ships at least 30 exercises besides the safety check."""
    assert len(exercises) >= MIN_EXERCISES


@pytest.mark.parametrize("stage", TRACKED_STAGES, ids=str)
@pytest.mark.parametrize("track", list(Track), ids=str)
def test_each_stage_serves_both_tracks(
    exercises: list[Exercise], stage: Stage, track: Track
) -> None:
    """Acknowledgement, remorse, amends and boundaries each offer 3+ exercises per track."""
    fitting = [e for e in exercises if e.stage is stage and track in e.tracks]
    assert len(fitting) >= MIN_PER_TRACK_PER_STAGE, [e.id for e in fitting]


@pytest.mark.parametrize("theme", list(Theme), ids=str)
def test_every_rebuilding_theme_is_covered(exercises: list[Exercise], theme: Theme) -> None:
    """Rebuilding has at least one exercise for each theme (check-ins, conflict, values, ...)."""
    assert [e for e in exercises if e.stage is Stage.REBUILDING and e.theme is theme]


def test_commitments_theme_uses_commitment_steps(exercises: list[Exercise]) -> None:
    """Commitments exercises record dated promises that can be marked kept or missed."""
    for exercise in (e for e in exercises if e.theme is Theme.COMMITMENTS):
        steps = [s for s in exercise.steps if isinstance(s, CommitmentStep)]
        assert steps and all(s.with_date for s in steps), exercise.id


def test_constructive_conflict_follows_the_aftermath_model(exercises: list[Exercise]) -> None:
    """The constructive-conflict exercise is Gottman's aftermath-of-a-regrettable-incident."""
    conflict = [e for e in exercises if e.theme is Theme.CONSTRUCTIVE_CONFLICT]
    assert any(Model.GOTTMAN_AFTERMATH in e.models and e.mode.is_joint for e in conflict)


@pytest.mark.parametrize("relationship", list(Relationship), ids=str)
def test_each_relationship_is_covered(
    exercises: list[Exercise], relationship: Relationship
) -> None:
    """Partners, friends and colleagues each have at least 12 exercises."""
    assert len(_with(exercises, relationships=relationship)) >= MIN_PER_RELATIONSHIP


def test_wording_is_tailored_per_relationship(exercises: list[Exercise]) -> None:
    """At least 12 exercises use relationship variants, so a colleague is not a partner."""
    for relationship in Relationship:
        tailored = [
            e
            for e in exercises
            if relationship in e.relationships
            and any(
                isinstance(t, TextVariants) and getattr(t, relationship.value) for _, t in _texts(e)
            )
        ]
        assert len(tailored) >= MIN_PER_RELATIONSHIP, relationship


@pytest.mark.parametrize("relationship", [Relationship.FRIENDSHIP, Relationship.PROFESSIONAL])
def test_no_romance_wording_for_friends_or_colleagues(
    shipped: Library, relationship: Relationship
) -> None:
    """Friends and colleagues never see partner or affair wording in their resolved text."""
    leaks = []
    for exercise in shipped.exercises.values():
        if relationship not in exercise.relationships:
            continue
        for where, text in _texts(exercise):
            found = ROMANCE_WORDS.search(resolve_text(text, relationship))
            if found:
                leaks.append(f"{exercise.id}.{where}: {found[0]!r}")
    assert leaks == []


def test_enough_exercises_for_two(exercises: list[Exercise]) -> None:
    """At least 6 exercises are done by two people, in parallel or together."""
    joint = [e for e in exercises if e.mode.is_joint]
    assert len(joint) >= MIN_JOINT
    assert {e.mode for e in joint} == {Mode.PARALLEL, Mode.TOGETHER}


def test_joint_exercises_say_who_and_warn(exercises: list[Exercise]) -> None:
    """Every step of a joint exercise says who it is for, and each has a safety note."""
    for exercise in (e for e in exercises if e.mode.is_joint):
        assert exercise.safety is not None, exercise.id
        assert all(s.who is not None for s in exercise.steps), exercise.id
        if exercise.mode is Mode.TOGETHER:
            speakers = {s.who for s in exercise.steps}
            assert {"hurt", "repairing"} <= {str(w) for w in speakers}, exercise.id


# Wording that addresses the pair, which a step one person answers for themselves must not use.
PAIR_WORDING = re.compile(r"\b(each of you|both of you|you each|you both|we|us|our)\b", re.I)


def test_each_steps_speak_to_one_person(exercises: list[Exercise]) -> None:
    """A step for `each` asks one person about themselves, and has a title for the turn banner."""
    found = []
    for exercise in (e for e in exercises if e.mode.is_joint):
        for step in (s for s in exercise.steps if s.who is Who.EACH):
            found.append(step.id)
            assert step.title is not None, f"{exercise.id}.{step.id}"
            for relationship in exercise.relationships:
                prompt = resolve_text(getattr(step, "prompt", None), relationship)
                assert not PAIR_WORDING.search(prompt), f"{exercise.id}.{step.id}: {prompt}"
    assert found


def test_aftermath_has_each_person_speak_for_themselves(shipped: Library) -> None:
    """In Gottman's aftermath each names their own feelings, triggers, part and one change."""
    aftermath = shipped.exercises["after-a-regrettable-incident"]
    for step_id in ("feelings", "triggers", "own-part", "one-change"):
        assert aftermath.step(step_id).who is Who.EACH, step_id
    check_in = shipped.exercises["regular-check-in"]
    assert check_in.step("heard").who is Who.EACH
    assert check_in.step("next-check-in").who is Who.BOTH  # an agreement stays shared


@pytest.mark.parametrize("model", REQUIRED_MODELS, ids=str)
def test_required_models_are_present(exercises: list[Exercise], model: Model) -> None:
    """Each repair model the content promises is followed by at least one exercise."""
    assert _with(exercises, models=model)


def test_apology_builder_combines_lewicki_and_chapman(exercises: list[Exercise]) -> None:
    """A repairing exercise builds an apology on Lewicki's components and Chapman's languages."""
    builders = [
        e
        for e in _with(exercises, tracks=Track.REPAIRING)
        if {Model.LEWICKI_APOLOGY, Model.CHAPMAN_APOLOGY_LANGUAGES} <= set(e.models)
    ]
    assert builders


def test_reach_and_acceptance_are_for_the_hurt_person(exercises: list[Exercise]) -> None:
    """REACH and acceptance-versus-forgiveness are offered to the person who was hurt."""
    for model in (Model.WORTHINGTON_REACH, Model.SPRING_ACCEPTANCE_FORGIVENESS):
        assert _with(exercises, models=model, tracks=Track.HURT), model


@pytest.mark.parametrize("question", list(Question), ids=str)
def test_every_question_is_answered(exercises: list[Exercise], question: Question) -> None:
    """Each question people ask (can trust be rebuilt, how long, ...) has an exercise."""
    assert _with(exercises, questions=question)


# ------------------------------------------------------------------ the safety check


def test_safety_check_is_private_and_complete(shipped: Library) -> None:
    """One safety check: solo, both tracks, all relationships, with concern options."""
    checks = [e for e in shipped.exercises.values() if e.safety_check]
    assert [e.id for e in checks] == ["safety-check"]
    check = checks[0]
    assert shipped.safety_check() is check
    assert shipped.sources[check.id].relative_to(exercises_root()) == Path(
        "safety/safety-check.yaml"
    )
    assert check.mode is Mode.SOLO
    assert set(check.tracks) == set(Track)
    assert set(check.relationships) == set(Relationship)
    assert check.models == [Model.SAFETY_SCREENING]


def test_safety_check_asks_about_every_risk(shipped: Library) -> None:
    """The check covers fear, violence, threats and each form of coercive control."""
    check = shipped.exercises["safety-check"]
    concern_ids = {o.id for s in check.steps for o in _options(s) if o.concern}
    step_ids = {s.id for s in check.steps}
    assert {"afraid", "harmed", "threatened", "control"} <= step_ids
    assert {"monitoring", "isolating", "money", "sex", "pressure-to-stay"} <= concern_ids
    for step in check.steps:
        options = _options(step)
        if options:
            assert any(o.concern for o in options), step.id
            assert any(not o.concern for o in options), step.id


def test_only_the_safety_check_raises_concerns(exercises: list[Exercise]) -> None:
    """`concern` options appear only in the safety check, where they gate joint work."""
    assert [e.id for e in exercises for s in e.steps for o in _options(s) if o.concern] == []


# ------------------------------------------------------------------ writing


def test_every_step_has_help(shipped: Library) -> None:
    """Every step, including readings, has help text a person can open."""
    missing = [f"{e.id}.{s.id}" for e in shipped.exercises.values() for s in e.steps if not s.help]
    assert missing == []


def test_every_exercise_has_intro_summary_and_finish(shipped: Library) -> None:
    """Each exercise introduces itself, summarises itself in one line, and closes kindly."""
    for exercise in shipped.exercises.values():
        assert exercise.finish is not None, exercise.id
        assert "\n" not in exercise.summary, exercise.id
        assert resolve_text(exercise.intro).strip(), exercise.id


def test_readings_explain_in_two_to_four_sentences(shipped: Library) -> None:
    """Reading steps explain the why briefly: two to four sentences, in every variant."""
    sentence_end = re.compile(r"[.!?](?:[\"”’)]*)(?:\s|$)")
    for exercise in shipped.exercises.values():
        for step in (s for s in exercise.steps if isinstance(s, ReadingStep)):
            for relationship in Relationship:
                count = len(sentence_end.findall(resolve_text(step.text, relationship)))
                assert 2 <= count <= 4, f"{exercise.id}.{step.id} ({relationship}): {count}"


def test_minutes_are_realistic(shipped: Library) -> None:
    """Solo exercises take 5-45 minutes; exercises for two at most an hour."""
    for exercise in shipped.exercises.values():
        limit = 60 if exercise.mode.is_joint else 45
        assert 5 <= exercise.minutes <= limit, exercise.id


def test_conditions_test_values_their_step_can_give(shipped: Library) -> None:
    """Each `when` uses a test that fits the kind of step it looks at, with real option ids."""
    used = 0
    for exercise in shipped.exercises.values():
        for step in (s for s in exercise.steps if s.when is not None):
            assert step.when is not None
            used += 1
            target = exercise.step(step.when.step)
            name, value = step.when.test
            where = f"{exercise.id}.{step.id}"
            if name in ("at_least", "at_most"):
                assert isinstance(target, ScaleStep), where
                assert target.min <= value <= target.max, where
            elif name in ("equals", "not_equals"):
                assert isinstance(target, ChoiceStep), where
                assert value in {o.id for o in target.options}, where
            elif name == "includes":
                assert isinstance(target, MultiChoiceStep | ChecklistStep), where
                assert value in {o.id for o in _options(target)}, where
            else:
                assert isinstance(target, TextStep | ListStep | MultiChoiceStep), where
    assert used >= 5


def test_forgiveness_is_never_required(exercises: list[Exercise]) -> None:
    """No step that asks about forgiving is compulsory without a 'not yet' way out."""
    for exercise in exercises:
        for step in exercise.steps:
            if isinstance(step, ChoiceStep) and "forgiv" in resolve_text(step.prompt).lower():
                labels = " ".join(resolve_text(o.label).lower() for o in step.options)
                assert "not" in labels or "don't" in labels, f"{exercise.id}.{step.id}"


# ------------------------------------------------------------------ documentation

FORMAT_DOC = Path(__file__).resolve().parents[2] / "docs" / "exercise-format.md"


def test_format_doc_example_is_valid(tmp_path: Path) -> None:
    """The complete example in docs/exercise-format.md loads without problems."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    match = re.search(r"## A complete small example\n\n```yaml\n(.*?)```", text, re.S)
    assert match is not None
    example = tmp_path / "example.yaml"
    example.write_text(match[1], encoding="utf-8")
    result = load_library([example])
    assert [str(p) for p in result.problems] == []
    assert len(result.exercises) == 1


def test_format_doc_names_every_vocabulary_word() -> None:
    """docs/exercise-format.md documents every step kind, model, theme and question id."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    words = [*STEP_KINDS, *Model, *Theme, *Question, *Stage, *Mode, *Relationship, *Track]
    assert [w for w in words if f"`{w}`" not in text] == []
