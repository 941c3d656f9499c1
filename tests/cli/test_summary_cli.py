"""`trustrepair summary`: HTML and PDF from the shell, formats by extension, plain notes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trustrepair import cli
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.exercise import TextStep
from trustrepair.domain.profile import ProfileInfo
from trustrepair.reports.kinds import SUMMARY_KIND_NAMES
from trustrepair.services.vaults import OpenVault, Vaults


def first_text_step(library: Library) -> tuple[str, str]:
    """Some shipped exercise (not the safety check) with a text step."""
    for exercise in library.ordered():
        for step in exercise.steps:
            if isinstance(step, TextStep) and step.when is None and not exercise.safety_check:
                return exercise.id, step.id
    raise AssertionError("the library has no text step")


@pytest.fixture
def answered(vault: OpenVault, library: Library) -> tuple[str, str]:
    """The test vault with one shared and one private answer; returns (exercise, step)."""
    exercise_id, step_id = first_text_step(library)
    vault.store.save_answer(exercise_id, step_id, "SHARED <b>words</b>", shared=True)
    check = library.safety_check()
    assert check is not None
    vault.store.save_answer(check.id, check.steps[1].id, check.steps[1].options[0].id)  # type: ignore[union-attr]
    vault.close()  # the CLI opens the vault itself
    return exercise_id, step_id


def test_html_summary(
    answered: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An HTML summary is written, escaped, and the note says it is not encrypted."""
    target = tmp_path / "us.html"
    code = cli.main(["summary", "--profile", "Sam", "--kind", "us", "--out", str(target)])
    assert code == 0
    html = target.read_text(encoding="utf-8")
    assert "SHARED &lt;b&gt;words&lt;/b&gt;" in html
    assert "not encrypted" in capsys.readouterr().out


def test_pdf_summary_works_headless(
    answered: tuple[str, str], tmp_path: Path, data_dir: Path
) -> None:
    """A PDF summary is made from a shell with no display; pdftotext finds the answer."""
    target = tmp_path / "me.pdf"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "trustrepair",
            "--data-dir",
            str(data_dir),
            "summary",
            "--profile",
            "Sam",
            "--kind",
            "me",
            "--out",
            str(target),
            "--paper",
            "letter",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install poppler-utils"
    text = subprocess.run(
        [pdftotext, str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "SHARED <b>words</b>" in text
    assert "not encrypted" in result.stdout


def test_unknown_extension_is_a_usage_error(
    answered: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output name without .pdf or .html exits 2 with a clear message, writing nothing."""
    target = tmp_path / "summary.docx"
    code = cli.main(["summary", "--profile", "Sam", "--kind", "me", "--out", str(target)])
    assert code == 2
    assert ".pdf or .html" in capsys.readouterr().err
    assert not target.exists()


def test_exercise_and_stage_filters(answered: tuple[str, str], tmp_path: Path) -> None:
    """--exercise limits the counsellor summary to the chosen exercise."""
    exercise_id, _ = answered
    target = tmp_path / "c.html"
    code = cli.main(
        [
            "summary",
            "--profile",
            "Sam",
            "--kind",
            "counsellor",
            "--out",
            str(target),
            "--exercise",
            exercise_id,
        ]
    )
    assert code == 0
    assert "SHARED &lt;b&gt;words" in target.read_text(encoding="utf-8")
    code = cli.main(
        [
            "summary",
            "--profile",
            "Sam",
            "--kind",
            "me",
            "--out",
            str(target),
            "--stage",
            "rebuilding",
        ]
    )
    assert code == 0
    assert "SHARED" not in target.read_text(encoding="utf-8")


def test_unknown_exercise_and_profile(
    answered: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown exercise id is a usage error; an unknown profile is a kind problem (1)."""
    target = tmp_path / "x.html"
    assert (
        cli.main(
            [
                "summary",
                "--profile",
                "Sam",
                "--kind",
                "me",
                "--out",
                str(target),
                "--exercise",
                "no-such-exercise",
            ]
        )
        == 2
    )
    assert cli.main(["summary", "--profile", "Nobody", "--kind", "me", "--out", str(target)]) == 1
    assert "Nobody" in capsys.readouterr().err


def test_kind_choices_come_from_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    """--kind accepts exactly the registry's kinds; another name is a usage error."""
    assert cli.main(["summary", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "[" + "|".join(SUMMARY_KIND_NAMES) + "]" in help_text
    assert "counsellor: chosen exercises with status" in help_text
    code = cli.main(["summary", "--profile", "Sam", "--kind", "them", "--out", "x.pdf"])
    assert code == 2
    assert "them" in capsys.readouterr().err


def test_the_agreement_pdfs_from_both_profiles_read_the_same(
    vault: OpenVault, library: Library, vaults: Vaults, tmp_path: Path, qapp: object
) -> None:
    """Sam and Alex each print "Our agreement" from their own profile: pdftotext reads the
    same words from both PDFs, with both people's parts and both names to sign.

    (The PDF is laid out in this process, so the test's QApplication must exist first: a bare
    QGuiApplication made by the writer would stop later window tests from making widgets.)"""
    from tests.services.test_agreement import AGREED, ALEX_OFFERS, SAM_WISHES, walk_amends_plan

    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), None)
    walk_amends_plan(library, vault, alex)
    vault.close()
    alex.close()
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install poppler-utils"
    texts = []
    for name in ("Sam", "Alex"):
        target = tmp_path / f"{name}.pdf"
        argv = ["summary", "--profile", name, "--kind", "agreement", "--out", str(target)]
        assert cli.main([*argv, "--partner", "Alex" if name == "Sam" else "Sam"]) == 0
        texts.append(
            subprocess.run(
                [pdftotext, "-layout", str(target), "-"], capture_output=True, text=True, check=True
            ).stdout
        )
    assert texts[0] == texts[1]
    flat = " ".join(texts[0].split())
    for words in (SAM_WISHES[0], ALEX_OFFERS[0], AGREED[0], "Signature · Alex", "Signature · Sam"):
        assert words in flat
    assert "Written by Sam" in flat and "Written by Alex" in flat


def test_an_agreement_with_someone_never_worked_with_is_a_usage_error(
    answered: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--partner names someone this profile has done no exercise for two with: exit 2."""
    argv = ["summary", "--profile", "Sam", "--kind", "agreement", "--partner", "Kim"]
    assert cli.main([*argv, "--out", str(tmp_path / "a.html")]) == 2
    assert "exercise for two" in capsys.readouterr().err
    assert not (tmp_path / "a.html").exists()
