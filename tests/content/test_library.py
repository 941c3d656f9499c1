"""Tests for the shipped exercise library in exercises/: it loads, and it keeps its promises.

The coverage tests assert the counts the project committed to, computed from the library
index, so that removing or narrowing content fails CI instead of going unnoticed. The "keep it
true" tests hold every file, shipped now or added later, to what a careful clinical read
asks: nobody is trapped by a required question, an offer to skip is real, no text quotes a
helpline number Help does not have, and every passage is easy to read.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustrepair.content.library import Library, load_library
from trustrepair.content.loader import iter_files
from trustrepair.content.readability import flesch_reading_ease
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


# ------------------------------------------------------------------ coverage


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
    assert {"afraid", "harmed", "threatened", "control", "own-behaviour", "own-safety"} <= step_ids
    assert {"monitoring", "isolating", "money", "sex", "pressure-to-stay"} <= concern_ids
    for step in check.steps:
        options = _options(step)
        if options:
            assert any(o.concern for o in options), step.id
            assert any(not o.concern for o in options), step.id


def test_safety_check_none_of_these_stands_alone(shipped: Library) -> None:
    """ "None of these" is exclusive, so it can never be ticked beside a concern."""
    control = shipped.exercises["safety-check"].step("control")
    none = [o for o in _options(control) if o.id == "none"]
    assert none and none[0].exclusive and not none[0].concern


def test_safety_check_tells_offered_openness_from_demands(shipped: Library) -> None:
    """Openness offered for an agreed time is not control; demanded passwords are."""
    check = shipped.exercises["safety-check"]
    control = check.step("control")
    monitoring = next(o for o in _options(control) if o.id == "monitoring")
    assert "demand" in resolve_text(monitoring.label).lower()
    help_text = resolve_text(control.help, Relationship.ROMANTIC).lower()
    assert "offer" in help_text and "agreed" in help_text


def test_safety_check_asks_about_own_suicide_thoughts_and_routes_to_crisis(
    shipped: Library,
) -> None:
    """Thoughts of suicide raise a concern, and 'now' shows where to turn at once."""
    from trustrepair.domain.answers import visible_steps

    check = shipped.exercises["safety-check"]
    own = check.step("own-safety")
    assert {o.id for o in _options(own) if not o.concern} == {"no"}
    shown = [s.id for s in visible_steps(check, {"own-safety": "now"})]
    assert "crisis-now" in shown
    assert "crisis-now" not in [s.id for s in visible_steps(check, {"own-safety": "no"})]
    crisis_now = check.step("crisis-now")
    assert isinstance(crisis_now, ReadingStep) and "Help" in resolve_text(crisis_now.text)


# How the safety check names the other person, per relationship, and the names it must not use.
OTHER_PERSON = {
    Relationship.ROMANTIC: "your partner",
    Relationship.FRIENDSHIP: "your friend",
    Relationship.PROFESSIONAL: "this colleague",
}
PERSON_WORDS = re.compile(
    r"\b(the other person|your partner|your friend|(this|your) colleague)\b", re.I
)


@pytest.mark.parametrize("relationship", list(Relationship), ids=str)
def test_safety_check_names_the_other_person_one_way(
    shipped: Library, relationship: Relationship
) -> None:
    """Within one relationship the check always says 'your partner' (or friend, colleague)."""
    check = shipped.exercises["safety-check"]
    names = {
        found.group().lower()
        for _, text in _texts(check)
        for found in PERSON_WORDS.finditer(resolve_text(text, relationship))
    }
    assert names == {OTHER_PERSON[relationship]}


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


def test_models_doc_has_an_evidence_note_for_every_model() -> None:
    """docs/models.md has a section, with an evidence note, for every model id."""
    text = (FORMAT_DOC.parent / "models.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## `([a-z-]+)`\n(.*?)(?=^## |\Z)", text, re.S | re.M))
    assert set(sections) == {m.value for m in Model}
    assert [m for m, body in sections.items() if "*Evidence.*" not in body] == []


def test_format_doc_names_every_vocabulary_word() -> None:
    """docs/exercise-format.md documents every step kind, model, theme and question id."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    words = [*STEP_KINDS, *Model, *Theme, *Question, *Stage, *Mode, *Relationship, *Track]
    assert [w for w in words if f"`{w}`" not in text] == []


# ------------------------------------------------------------------ keep it true

INPUT_KINDS = (TextStep, ScaleStep, ChoiceStep, MultiChoiceStep, ChecklistStep, ListStep)
WAY_OUT_LABEL = re.compile(
    r"\b(none|nothing|not (yet|sure|much|now)|(don't|do not) know|no one|can't (say|name))\b",
    re.I,
)


# The keys every exercise needs, for the small exercises that test the checks themselves.
SMALL = {
    "id": "small",
    "title": "Small",
    "stage": "rebuilding",
    "tracks": ["hurt"],
    "relationships": ["romantic"],
    "mode": "solo",
    "minutes": 5,
    "models": ["trust-foundations"],
    "summary": "One line.",
    "intro": "Hello.",
}


def _variants(exercise: Exercise, text: Text | None) -> list[str]:
    """Each distinct wording of ``text`` a person in one of the exercise's relationships sees."""
    if text is None:
        return []
    found: list[str] = []
    for relationship in exercise.relationships:
        wording = resolve_text(text, relationship)
        if wording not in found:
            found.append(wording)
    return found


def _step_texts(exercise: Exercise, step: AnyStep) -> list[str]:
    return [
        wording
        for name in ("title", "text", "prompt", "help", "placeholder")
        for wording in _variants(exercise, getattr(step, name, None))
    ]


def test_required_tick_lists_have_a_way_out(shipped: Library) -> None:
    """A required tick-list offers an exclusive "none / not yet", so nobody ticks a false box."""
    trapped = []
    for exercise in shipped.exercises.values():
        for step in exercise.steps:
            if not isinstance(step, MultiChoiceStep | ChecklistStep) or step.optional:
                continue
            way_out = [o for o in _options(step) if o.exclusive]
            labels = [w for o in way_out for w in _variants(exercise, o.label)]
            if not way_out or not all(WAY_OUT_LABEL.search(label) for label in labels):
                trapped.append(f"{exercise.id}.{step.id}")
    assert trapped == [], trapped


SUPPORT_QUESTION = re.compile(
    r"\b(who|where)\b[^?.]*\b(could|can)\b[^?.]*\b(support|talk|tell|take|put|turn)\b", re.I
)


def test_questions_about_support_never_block_next(shipped: Library) -> None:
    """ "Who could support you?" is asked gently: it is optional, or a tick-list with a way out."""
    trapped = []
    for exercise in shipped.exercises.values():
        for step in exercise.steps:
            prompts = _variants(exercise, getattr(step, "prompt", None))
            if not any(SUPPORT_QUESTION.search(p) for p in prompts) or step.optional:
                continue
            if isinstance(step, MultiChoiceStep | ChecklistStep) and any(
                o.exclusive for o in _options(step)
            ):
                continue
            trapped.append(f"{exercise.id}.{step.id}")
    assert trapped == [], trapped


def test_follow_ups_to_a_hard_rating_never_block_next(shipped: Library) -> None:
    """A question shown because a rating was hard (pain, doubt, pressure...) may be left empty."""
    hard = re.compile(r"\b(pain|hurt|doubt|pressure|frustrat|shame|confiden|honest|atone)", re.I)
    trapped = []
    for exercise in shipped.exercises.values():
        for step in exercise.steps:
            if step.when is None or step.optional or not isinstance(step, INPUT_KINDS):
                continue
            target = exercise.step(step.when.step)
            name, _ = step.when.test
            rated = " ".join(_variants(exercise, getattr(target, "prompt", None)))
            is_rating = isinstance(target, ScaleStep) and name in ("at_least", "at_most")
            if is_rating and (hard.search(rated) or hard.search(target.id)):
                trapped.append(f"{exercise.id}.{step.id}")
    assert trapped == [], trapped


UNSURE_LABEL = re.compile(
    r"^(i'm |i am )?(not sure|unsure|i don't know|don't know)( yet| how to answer)?\.?$", re.I
)


def _unsure_traps(exercise: Exercise) -> list[str]:
    """Required questions shown by an answer that only says "I'm not sure" or "I don't know"."""
    from trustrepair.domain.answers import condition_holds

    trapped = []
    for step in exercise.steps:
        if step.when is None or step.optional or not isinstance(step, INPUT_KINDS):
            continue
        target = exercise.step(step.when.step)
        if not isinstance(target, ChoiceStep):
            continue
        for option in target.options:
            unsure = all(UNSURE_LABEL.search(w) for w in _variants(exercise, option.label))
            if unsure and condition_holds(step.when, {target.id: option.id}):
                trapped.append(f"{exercise.id}.{step.id} after {target.id}={option.id}")
    return trapped


def test_not_being_sure_never_leads_to_a_required_question(shipped: Library) -> None:
    """Whoever answers "I'm not sure" is not then made to write what they are not sure of."""
    trapped = [t for e in shipped.exercises.values() for t in _unsure_traps(e)]
    assert trapped == [], trapped


def test_the_unsure_check_sees_a_required_follow_up() -> None:
    """The check above fails for a required question shown by "I'm not sure yet"."""
    exercise = Exercise.model_validate(
        {
            **SMALL,
            "steps": [
                {
                    "id": "reads",
                    "kind": "choice",
                    "prompt": "Does it work for you?",
                    "options": [
                        {"id": "yes", "label": "Yes"},
                        {"id": "not-sure", "label": "I'm not sure yet"},
                    ],
                },
                {
                    "id": "changes",
                    "kind": "text",
                    "prompt": "What would you change?",
                    "when": {"step": "reads", "not_equals": "yes"},
                },
            ],
        }
    )
    assert _unsure_traps(exercise) == ["small.changes after reads=not-sure"]


# Questions that may truly have no answer: "Is there anything…?", "What worries you…?",
# "Where do you feel stuck?", "Reasons to…", or a note "of anything you add" to what was said.
MAY_HAVE_NO_ANSWER = re.compile(
    r"^(is there any|are there any|anything\b|what worries you|where do you feel stuck|"
    r"what has helped|reasons to)|\bnote here anything\b",
    re.I,
)


def test_questions_that_may_have_no_answer_never_block_next(shipped: Library) -> None:
    """A question whose honest answer can be "nothing" or "no one" may be left empty."""
    trapped = []
    for exercise in shipped.exercises.values():
        for step in exercise.steps:
            if not isinstance(step, TextStep | ListStep) or step.optional:
                continue
            if any(MAY_HAVE_NO_ANSWER.search(p) for p in _variants(exercise, step.prompt)):
                trapped.append(f"{exercise.id}.{step.id}")
    assert trapped == [], trapped


SKIP_THIS = re.compile(
    r"\b(leave (this|it) (blank|empty|for (now|later|another day))|skip this)\b", re.I
)
SKIP_REST = re.compile(
    r"\b(skip the (rest|remaining)|stop here for today|the rest can wait|"
    r"(takes|take) you (straight )?to the end)\b",
    re.I,
)


def _values_of(step: AnyStep) -> list[object] | None:
    """Every answer a choice or scale can hold; None where they cannot be listed."""
    if isinstance(step, ChoiceStep):
        return [o.id for o in step.options]
    if isinstance(step, ScaleStep):
        return list(range(step.min, step.max + 1))
    return None


def _excludes(exercise: Exercise, shown: AnyStep, later: AnyStep) -> bool:
    """Whether no answer that shows ``shown`` can also show ``later`` (both have conditions)."""
    from trustrepair.domain.answers import condition_holds

    if shown.when is None or later.when is None or shown.when.step != later.when.step:
        return False
    values = _values_of(exercise.step(shown.when.step))
    if values is None:
        return False
    key = shown.when.step
    return not any(
        condition_holds(shown.when, {key: v}) and condition_holds(later.when, {key: v})
        for v in values
    )


def test_offers_to_skip_match_what_the_file_allows(shipped: Library) -> None:
    """'Leave this for another day' is on an optional step; 'skip the rest' hides or frees the rest.

    Later steps must be optional or hidden by the very answer that showed the offer; a step
    whose condition looks at some other answer counts as shown, since that answer may have
    been given before the person went back and changed their mind.
    """
    broken = []
    for exercise in shipped.exercises.values():
        for index, step in enumerate(exercise.steps):
            texts = _step_texts(exercise, step)
            required = not isinstance(step, ReadingStep) and not step.optional
            if required and any(SKIP_THIS.search(t) for t in texts):
                broken.append(f"{exercise.id}.{step.id}: offers to leave itself, but is required")
            if any(SKIP_REST.search(t) for t in texts):
                for later in exercise.steps[index + 1 :]:
                    if isinstance(later, ReadingStep) or later.optional:
                        continue
                    if not _excludes(exercise, step, later):
                        broken.append(
                            f"{exercise.id}.{step.id}: offers to skip, but {later.id} is required"
                        )
    assert broken == [], broken


def test_the_skip_check_sees_a_required_step_after_an_offer() -> None:
    """The check above fails for an offer to skip followed by a required step."""
    exercise = Exercise.model_validate(
        {
            **SMALL,
            "steps": [
                {
                    "id": "ready",
                    "kind": "choice",
                    "prompt": "Go on?",
                    "options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}],
                },
                {
                    "id": "stop",
                    "kind": "reading",
                    "when": {"step": "ready", "equals": "no"},
                    "text": "That is fine. You can skip the rest.",
                },
                {"id": "more", "kind": "text", "prompt": "More?"},
                {
                    "id": "hidden",
                    "kind": "text",
                    "prompt": "More?",
                    "when": {"step": "ready", "equals": "yes"},
                },
            ],
        }
    )
    stop, more, hidden = exercise.step("stop"), exercise.step("more"), exercise.step("hidden")
    assert isinstance(stop, ReadingStep) and SKIP_REST.search(resolve_text(stop.text))
    assert not _excludes(exercise, stop, more)
    assert _excludes(exercise, stop, hidden)


PHONE_RUN = re.compile(r"\+?\d[\d -]*\d|\d")
COUNTED = re.compile(
    r"^\s*(people|participants|couples|sessions|minutes|hours|days|weeks|months|years|times|%)",
    re.I,
)


def quoted_numbers(text: str) -> list[str]:
    """The phone numbers a text quotes: runs of 3+ digits that are neither a year nor a count."""
    found = []
    for match in PHONE_RUN.finditer(text):
        run = match.group().strip(" -")
        figures = re.sub(r"\D", "", run)
        if len(figures) < 3 or re.fullmatch(r"(19|20)\d\d", figures):
            continue
        if COUNTED.match(text[match.end() :]):
            continue
        found.append(run)
    return found


def test_quoted_numbers_finds_phone_numbers_only() -> None:
    """Helpline numbers are found; years, study sizes and small counts are not."""
    text = (
        "In a study of 755 people (2016), 15 of 24 couples took 13 sessions. "
        "Call 116 123, 0808 2000 247 or 1-800-799-7233; in danger, 999."
    )
    assert quoted_numbers(text) == ["116 123", "0808 2000 247", "1-800-799-7233", "999"]


def test_no_text_quotes_a_number_help_lacks(shipped: Library) -> None:
    """Any number an exercise quotes is in resources/helplines.yaml, which Help shows."""
    from trustrepair.content.helplines import load_helplines
    from trustrepair.domain.helplines import digits

    known = load_helplines().numbers()
    unknown = [
        f"{exercise.id}.{where}: {number}"
        for exercise in shipped.exercises.values()
        for where, text in _texts(exercise)
        for wording in _variants(exercise, text)
        for number in quoted_numbers(wording)
        if digits(number) not in known
    ]
    assert unknown == []


# Names of models and researchers, and quoted exercise titles, are not prose to be scored.
NAMES = (
    "Emotionally Focused Therapy",
    "Gottman",
    "Lewicki",
    "Polin",
    "Lount",
    "Chapman",
    "Thomas",
    "Janis Abrahms Spring",
    "Spring",
    "Everett Worthington",
    "Worthington",
    "REACH",
    "Makinen",
    "Johnson",
    "Kim",
    "Schweitzer",
    "Hershey",
    "Bradlow",
)
MEDIAN_EASE = 75
LOWEST_EASE = 50


def _passages(exercise: Exercise) -> Iterator[tuple[str, str]]:
    """What a person reads as running text: intro, safety, finish, each prompt, text and help."""
    for name in ("intro", "safety", "finish"):
        for wording in _variants(exercise, getattr(exercise, name)):
            yield name, wording
    for step in exercise.steps:
        for name in ("prompt", "text", "help"):
            for wording in _variants(exercise, getattr(step, name, None)):
                yield f"{step.id}.{name}", wording


def test_every_passage_is_easy_to_read(shipped: Library) -> None:
    """Flesch reading ease per passage: the median at least 75, none below 50."""
    ignore = (*NAMES, *(f'"{e.title}"' for e in shipped.exercises.values()))
    scores = [
        (flesch_reading_ease(text, ignore), f"{exercise.id}.{where}")
        for exercise in shipped.exercises.values()
        for where, text in _passages(exercise)
    ]
    hard = sorted((round(score), where) for score, where in scores if score < LOWEST_EASE)
    assert hard == [], hard
    assert statistics.median(score for score, _ in scores) >= MEDIAN_EASE


# ------------------------------------------------------------------ fidelity to the models


def _after(exercise: Exercise, answers: dict[str, object], step_id: str) -> list[AnyStep]:
    """The steps shown after ``step_id`` for ``answers``."""
    from trustrepair.domain.answers import visible_steps

    shown = visible_steps(exercise, answers)
    ids = [s.id for s in shown]
    return shown[ids.index(step_id) + 1 :]


def test_attachment_injury_follows_the_eft_order(shipped: Library) -> None:
    """Deeper hurt, being understood, grief and a whole account come before remorse and comfort."""
    exercise = shipped.exercises["healing-an-attachment-injury"]
    ids = [s.id for s in exercise.steps]
    order = ["name-it", "deeper", "what-it-meant", "understood", "grief", "account", "owning"]
    order += ["ask-for-comfort", "respond", "new-story"]
    assert [i for i in ids if i in order] == order
    assert exercise.step("ask-for-comfort").optional


def test_attachment_injury_stops_when_not_yet_understood(shipped: Library) -> None:
    """Rated understood at 4 or less, nothing after 'not there yet' asks anything of anyone."""
    exercise = shipped.exercises["healing-an-attachment-injury"]
    stale = {"understood": 4, "ask-for-comfort": "To be held", "grief": "x", "account": "y"}
    later = _after(exercise, stale, "understood")
    assert later[0].id == "not-yet-understood"
    assert all(isinstance(s, ReadingStep) or s.optional for s in later)


def test_no_defence_is_written_on_a_shared_screen(shipped: Library) -> None:
    """In exercises at one screen, nobody is asked to type the defence they hold back."""
    defence = re.compile(r"\bdefen[cd]", re.I)
    asked = [
        f"{e.id}.{s.id}"
        for e in shipped.exercises.values()
        if e.mode is Mode.TOGETHER
        for s in e.steps
        if isinstance(s, TextStep | ListStep)
        and any(defence.search(p) and "write" in p.lower() for p in _variants(e, s.prompt))
    ]
    assert asked == []


def test_reach_asks_for_a_decision_and_no_means_no(shipped: Library) -> None:
    """REACH asks whether to decide to forgive (with 'not yet'); 'No, not now' ends it."""
    exercise = shipped.exercises["reach-forgiveness"]
    decide = exercise.step("decide")
    assert isinstance(decide, ChoiceStep)
    assert "not-yet" in {o.id for o in decide.options}
    ids = [s.id for s in exercise.steps]
    assert ids.index("decide") < ids.index("commit")
    later = _after(exercise, {"ready": "no"}, "ready")
    assert [s.id for s in later] == ["not-now"]


def test_setting_the_record_straight_has_a_repair_for_every_breach(shipped: Library) -> None:
    """Credit, confidence, promise, undermining and a mistake each get their own repair step."""
    exercise = shipped.exercises["setting-the-record-straight"]
    kind = exercise.step("kind")
    assert isinstance(kind, ChoiceStep)
    branches = {s.when.test[1] for s in exercise.steps if s.when and s.when.step == "kind"}
    assert branches == {o.id for o in kind.options}


def test_aftermath_apology_can_be_not_yet(shipped: Library) -> None:
    """Accepting an apology in the aftermath exercise has an honest 'not yet'."""
    accept = shipped.exercises["after-a-regrettable-incident"].step("accept")
    assert "not-yet" in {o.id for o in _options(accept)}


def test_attunement_covers_awareness_and_tolerance(shipped: Library) -> None:
    """Gottman's attunement includes noticing one's own feelings and bearing differences."""
    attune = shipped.exercises["attune-and-attach"].step("attune")
    assert {"awareness", "tolerance", "turning-toward", "no-defending", "empathy"} <= {
        o.id for o in _options(attune)
    }


@pytest.mark.parametrize(
    "answers",
    [{"cycle": ["walking-on-eggshells"]}, {"safe": "not-always"}, {"safe": "unsure"}],
    ids=["on-edge", "not-always-safe", "unsure"],
)
def test_broken_again_routes_fear_to_safety_help(
    shipped: Library, answers: dict[str, object]
) -> None:
    """Being on edge, or not safe to disagree, shows a reading that points to safety help."""
    from trustrepair.domain.answers import visible_steps

    exercise = shipped.exercises["broken-again-and-again"]
    readings = [
        resolve_text(s.text, Relationship.ROMANTIC)
        for s in visible_steps(exercise, answers)
        if isinstance(s, ReadingStep) and s.when is not None
    ]
    assert any("safety check" in text for text in readings)


def test_broken_again_warns_that_help_together_needs_safety(shipped: Library) -> None:
    """Choosing couples counselling shows that joint work is wrong where there is fear."""
    from trustrepair.domain.answers import visible_steps

    exercise = shipped.exercises["broken-again-and-again"]
    shown = visible_steps(exercise, {"professional-help": "yes-together"})
    warning = next(s for s in shown if s.id == "together-warning")
    assert isinstance(warning, ReadingStep) and "afraid" in resolve_text(warning.text)


def test_what_exercises_promise_about_time_is_true(exercises: list[Exercise]) -> None:
    """Wording that sends the person to the Over time page, or says earlier answers are
    kept, belongs to an exercise that is gone through again and feeds a series; and none
    says last time's answers wait to be changed (a new time starts a new entry)."""
    for exercise in exercises:
        for where, text in _texts(exercise):
            for relationship in Relationship:
                words = resolve_text(text, relationship)
                if "Over time page" in words or "Each time is kept" in words:
                    assert exercise.repeat is not None, (exercise.id, where)
                    assert exercise.series_steps(), (exercise.id, where)
                assert not re.search(
                    r"(last|earlier) answers are here to|here to read before you change",
                    words,
                ), (exercise.id, where)
