"""Tests for trustrepair.services.distance: an exercise for two done on two computers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import fingerprint_of
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import ImportFormatError, UserFacingError
from trustrepair.formats import jsonfile
from trustrepair.services import distance, signing, transfer
from trustrepair.services.distance import DistanceWork, FileKind
from trustrepair.services.joint import NOT_OPEN, CellState
from trustrepair.services.safety import SETTING_KEY, SafetyService
from trustrepair.services.vaults import OpenVault, Vaults

EXERCISE = "agreeing-an-amends-plan"

SAM_ANSWERS: dict[str, Any] = {
    "hurt-needs": ["Tell me when X gets in touch 🌧"],
    "timeline": "months",
    "worry": "SAM-HELD-BACK that it will not last",
}
ALEX_ANSWERS: dict[str, Any] = {
    "repairing-offers": ["Phone off at dinner"],
    "timeline": "year-plus",
    "worry": "ALEX-HELD-BACK that nothing is enough",
}


def _checked(vault: OpenVault, *, concern: bool = False) -> None:
    vault.store.set_setting(
        SETTING_KEY, {"completed_at": "2026-01-01T00:00:00Z", "concern": concern}
    )


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[OpenVault, OpenVault]]:
    """Sam (hurt) and Alex (repairing), each in their own data folder: two computers."""
    sam_home, alex_home = Vaults(tmp_path / "sam-computer"), Vaults(tmp_path / "alex-computer")
    sam = sam_home.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC))
    alex = alex_home.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC))
    _checked(sam)
    _checked(alex)
    yield sam, alex
    sam.close()
    alex.close()


def _answer(work: DistanceWork, values: dict[str, Any]) -> None:
    """Walk a person's part, answering ``values``, and leave it at the finish."""
    walk = work.walk()
    walk.start()
    while not walk.position.at_finish:
        step = walk.current
        assert step is not None
        if step.id in values:
            walk.stage_answer(step.id, values[step.id])
        walk.next()
    walk.close()


def _work(vault: OpenVault, library: Library) -> DistanceWork:
    return DistanceWork(vault.store, library, library.exercises[EXERCISE])


def _exchange(
    sam: OpenVault, alex: OpenVault, library: Library, tmp_path: Path, *, hold: bool = True
) -> tuple[DistanceWork, DistanceWork]:
    """The whole exchange: introductions, answers (worry held back), both files opened."""
    sam_work, alex_work = _work(sam, library), _work(alex, library)
    _answer(sam_work, SAM_ANSWERS)
    _answer(alex_work, ALEX_ANSWERS)
    if hold:
        sam_work.set_reveal("worry", False)
        alex_work.set_reveal("worry", False)
    sam_work.confirm_choices()
    alex_work.confirm_choices()
    hello = sam_work.write_file(tmp_path / "from-sam-1.json")
    assert hello.kind is FileKind.INTRODUCTION
    opened = distance.open_partner_file(
        alex.store, library, hello.path, accept_sender=fingerprint_of(sam)
    )
    assert opened.first_from_them and opened.kind is FileKind.INTRODUCTION
    alex_work = _work(alex, library)
    answers = alex_work.write_file(tmp_path / "from-alex.json")
    assert answers.kind is FileKind.ANSWERS
    got = distance.open_partner_file(
        sam.store, library, answers.path, accept_sender=fingerprint_of(alex)
    )
    assert got.waiting and got.revealed == 0
    sam_work = _work(sam, library)
    assert sam_work.reveal_rows() == []  # Sam has not written answers yet
    written = sam_work.write_file(tmp_path / "from-sam-2.json")
    assert written.kind is FileKind.ANSWERS and written.opened_waiting
    back = distance.open_partner_file(alex.store, library, written.path)
    assert not back.waiting and back.revealed == 2
    return _work(sam, library), _work(alex, library)


def test_both_sides_show_only_when_each_has_the_others_file(
    pair: tuple[OpenVault, OpenVault], library: Library, tmp_path: Path
) -> None:
    """Each sees the other's revealed answers once they wrote theirs and opened the other's."""
    sam, alex = pair
    sam_work, alex_work = _exchange(sam, alex, library, tmp_path)
    for work, other in ((sam_work, "Alex"), (alex_work, "Sam")):
        assert work.status().can_reveal
        rows = {row.step.id: row for row in work.reveal_rows()}
        assert rows["worry"].cells[1].state is CellState.KEPT_PRIVATE
        assert rows["worry"].cells[0].state is CellState.KEPT_PRIVATE
        assert rows["timeline"].cells[1].state is CellState.SHOWN
        assert rows["timeline"].cells[1].name == other
    rows = {row.step.id: row for row in sam_work.reveal_rows()}
    assert rows["repairing-offers"].cells[1].value == ["Phone off at dinner"]
    assert rows["repairing-offers"].cells[0].state is CellState.NOT_THEIRS
    assert rows["hurt-needs"].cells[1].state is CellState.NOT_THEIRS


def test_held_back_answers_are_never_in_a_file_or_the_partners_vault(
    pair: tuple[OpenVault, OpenVault], library: Library, tmp_path: Path
) -> None:
    """A held-back answer is in no file (sealed or not) and in no export of the other vault."""
    sam, alex = pair
    _exchange(sam, alex, library, tmp_path)
    transfer.export_profile(sam.store, tmp_path / "sam-export.json")
    transfer.export_profile(alex.store, tmp_path / "alex-export.json")
    sam_export = (tmp_path / "sam-export.json").read_text(encoding="utf-8")
    alex_export = (tmp_path / "alex-export.json").read_text(encoding="utf-8")
    assert "ALEX-HELD-BACK" not in sam_export
    assert "SAM-HELD-BACK" not in alex_export
    assert "Phone off at dinner" in sam_export  # revealed: it did arrive
    for path in tmp_path.glob("from-*.json"):
        text = path.read_text(encoding="utf-8")
        assert "HELD-BACK" not in text
        assert "Phone off" not in text and "Tell me when" not in text  # sealed


def test_revealing_never_shares(
    pair: tuple[OpenVault, OpenVault], library: Library, tmp_path: Path
) -> None:
    """Revealed at a distance is its own audience: nothing becomes shared with a counsellor."""
    sam, alex = pair
    _exchange(sam, alex, library, tmp_path)
    for vault in (sam, alex):
        answers = vault.store.answers_for(EXERCISE)
        assert not any(a.shared for a in answers.values())
        assert answers["timeline"].revealed and not answers["worry"].revealed


def test_a_file_is_sealed_to_its_partner_only(
    pair: tuple[OpenVault, OpenVault], library: Library, tmp_path: Path, vaults: Vaults
) -> None:
    """Someone else, even holding the file, cannot open it; an edited byte is refused."""
    sam, alex = pair
    _exchange(sam, alex, library, tmp_path)
    kim = vaults.create(ProfileInfo("Kim", Track.REPAIRING, Relationship.ROMANTIC))
    _checked(kim)
    with kim, pytest.raises(UserFacingError, match="someone else"):
        distance.open_partner_file(
            kim.store, library, tmp_path / "from-sam-2.json", accept_sender=fingerprint_of(sam)
        )
    path = tmp_path / "from-sam-2.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["role"] = "repairing"
    path.write_text(jsonfile.dumps_readable(document), encoding="utf-8")
    with pytest.raises(signing.ChangedFile):
        distance.open_partner_file(alex.store, library, path)


def test_answers_are_fixed_once_sealed(
    pair: tuple[OpenVault, OpenVault], library: Library, tmp_path: Path
) -> None:
    """After writing the answers file, the part and the choices cannot change."""
    sam, alex = pair
    sam_work, _ = _exchange(sam, alex, library, tmp_path)
    with pytest.raises(UserFacingError, match="stay as they are"):
        sam_work.set_reveal("worry", True)
    walk = sam_work.walk()
    assert all(sam_work.after_step(s) for s in walk.steps())


def test_the_first_file_needs_the_fingerprint(
    pair: tuple[OpenVault, OpenVault], library: Library, tmp_path: Path
) -> None:
    """A first file asks for the sender's fingerprint, compared with them; nothing is kept."""
    sam, alex = pair
    hello = _work(sam, library).write_file(tmp_path / "hello.json")
    with pytest.raises(signing.UnknownSender):
        distance.open_partner_file(alex.store, library, hello.path)
    assert not _work(alex, library).is_begun()
    assert signing.pinned(alex.store, signing.SenderRole.PARTNER, "Sam") is None


@pytest.mark.parametrize("how", ["closed", "concern"])
def test_a_closed_gate_writes_and_opens_nothing_in_the_same_words(
    pair: tuple[OpenVault, OpenVault], library: Library, tmp_path: Path, how: str
) -> None:
    """Closed by the button or by a concern: no file goes or comes, and the words are one."""
    sam, alex = pair
    hello = _work(sam, library).write_file(tmp_path / "hello.json")
    if how == "closed":
        SafetyService(alex.store, library).close_joint()
    else:
        _checked(alex, concern=True)
    with pytest.raises(UserFacingError) as opening:
        distance.open_partner_file(
            alex.store, library, hello.path, accept_sender=fingerprint_of(sam)
        )
    with pytest.raises(UserFacingError) as writing:
        _work(alex, library).write_file(tmp_path / "from-alex.json")
    assert str(opening.value) == str(writing.value)
    assert str(opening.value).startswith(NOT_OPEN)
    assert not (tmp_path / "from-alex.json").exists()


def test_together_exercises_stay_side_by_side(library: Library, vault: OpenVault) -> None:
    """An exercise taken in turns is refused at a distance, in plain words."""
    _checked(vault)
    together = next(e for e in library.exercises.values() if e.mode.value == "together")
    with pytest.raises(UserFacingError, match="sit together"):
        DistanceWork(vault.store, library, together)
    assert together not in distance.distance_exercises(library, Relationship.ROMANTIC)
    assert together in distance.together_only(library, Relationship.ROMANTIC)


def test_a_file_from_another_partner_or_the_same_part_is_refused(
    pair: tuple[OpenVault, OpenVault], library: Library, tmp_path: Path, vaults: Vaults
) -> None:
    """Once working with one partner, another's file is refused; so is one for the same part."""
    sam, alex = pair
    _exchange(sam, alex, library, tmp_path)
    kim = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC))
    _checked(kim)
    with kim:
        kim_file = _work(kim, library).write_file(tmp_path / "kim.json")
        with pytest.raises(UserFacingError, match="with Alex"):
            distance.open_partner_file(
                sam.store, library, kim_file.path, accept_sender=fingerprint_of(kim)
            )
        jo = vaults.create(ProfileInfo("Jo", Track.HURT, Relationship.ROMANTIC))
        _checked(jo)
        with jo:
            _work(jo, library).begin()
            with pytest.raises(UserFacingError, match="same part"):
                distance.open_partner_file(
                    jo.store, library, kim_file.path, accept_sender=fingerprint_of(kim)
                )


def test_what_was_agreed_after_the_reveal_travels_in_a_new_file(
    pair: tuple[OpenVault, OpenVault], library: Library, tmp_path: Path
) -> None:
    """After the reveal each writes what they agreed; a new file carries it, and the older
    file opened again is refused as older."""
    sam, alex = pair
    sam_work, _ = _exchange(sam, alex, library, tmp_path)
    walk = sam_work.walk()
    walk.start()
    walk.stage_answer("agreed", ["Dinner without phones"])
    walk.close()
    again = sam_work.write_file(tmp_path / "from-sam-3.json")
    assert again.revealed == 3
    distance.open_partner_file(alex.store, library, again.path)
    theirs = {a.step_id: a.value for a in alex.store.partner_answers_for(EXERCISE)}
    assert theirs["agreed"] == ["Dinner without phones"]
    with pytest.raises(ImportFormatError, match="newer file"):
        distance.open_partner_file(alex.store, library, tmp_path / "from-sam-1.json")
