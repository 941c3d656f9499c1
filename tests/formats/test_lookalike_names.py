"""Names in exchanged files are shown as they are: a counsellor's name or a client label with
a direction override, a zero-width space or a control character could look like a name the
person already trusts (and pass the first-file question on a glance), so such a file is
refused before any question, with nothing kept; a counsellor cannot make one either.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import fingerprint_of, write_signed
from trustrepair import cli
from trustrepair.content.library import Library
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.errors import UserFacingError
from trustrepair.services import assignments, counsel, desk
from trustrepair.services.vaults import OpenVault

LOOKALIKES = {
    "a zero-width space": "Dr Lee\u200b",
    "a right-to-left override": "\u202eeeL rD",
    "a terminal escape": "Dr \x1b[8mLee",
    "a byte-order mark": "\ufeffDr Lee",
}


@pytest.mark.parametrize("case", list(LOOKALIKES))
def test_an_assignment_from_a_lookalike_name_is_refused_unasked(
    case: str, tmp_path: Path, vault: OpenVault, counsellor: OpenVault, library: Library
) -> None:
    """Signed by its sender, but named with an invisible character: refused in plain words
    (naming the character), no sender question, nothing kept."""
    path = tmp_path / "a.json"
    assignments.write_assignment(
        counsellor.store, library, "Sam", [AssignedExercise("naming-what-happened")], path
    )
    document = json.loads(path.read_text(encoding="utf-8"))
    document["counsellor"] = LOOKALIKES[case]
    write_signed(path, counsellor, document)
    with pytest.raises(UserFacingError, match="invisible or control character") as caught:
        assignments.import_assignment(
            vault.store, library, path, accept_sender=fingerprint_of(counsellor)
        )
    assert "counsellor:" in str(caught.value)
    assert assignments.received_assignments(vault.store) == []


@pytest.mark.parametrize("case", list(LOOKALIKES))
def test_a_share_from_a_lookalike_label_is_refused(
    case: str, tmp_path: Path, vault: OpenVault, counsellor: OpenVault, library: Library
) -> None:
    """A client label with an invisible character: the counsellor keeps nothing."""
    vault.store.save_answer("naming-what-happened", "what-happened", "mine", shared=True)
    plan = counsel.plan_share(vault.store, library, ["naming-what-happened"])
    path = tmp_path / "s.json"
    counsel.write_share(vault.store, plan, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["client"] = LOOKALIKES[case].replace("Dr Lee", "Sam")
    write_signed(path, vault, document)
    with pytest.raises(UserFacingError, match="invisible or control character"):
        counsel.import_shared(counsellor.store, path, accept_sender=fingerprint_of(vault))
    assert desk.labels(counsellor.store) == []


def test_a_counsellor_cannot_label_a_client_with_an_escape(
    tmp_path: Path, counsellor: OpenVault, capsys: pytest.CaptureFixture[str]
) -> None:
    """``assign --client`` with a terminal escape: one plain line, exit 1, no file."""
    counsellor.close()
    target = tmp_path / "a.json"
    argv = ["assign", "--profile", "Dr Lee", "--client", "Sam\x1b[8m", "--out", str(target)]
    code = cli.main([*argv, "--exercise", "naming-what-happened"])
    err = capsys.readouterr().err
    assert code == 1
    assert "invisible or control character (U+001B)" in err and "\x1b" not in err
    assert not target.exists()
