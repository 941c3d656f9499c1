"""Tests for trustrepair.reports.kinds: each summary kind is declared once, with every part."""

from __future__ import annotations

from dataclasses import fields

from trustrepair.reports.environment import environment
from trustrepair.reports.kinds import (
    SUMMARY_KIND_NAMES,
    SUMMARY_KINDS,
    DrawsOn,
    SummaryKind,
    summary_kinds_help,
)


def test_kinds_are_listed_once_by_name() -> None:
    """The four kinds, in the order offered, each under its own name."""
    assert SUMMARY_KIND_NAMES == ("me", "us", "counsellor", "agreement")
    assert all(name == kind.name for name, kind in SUMMARY_KINDS.items())


def test_every_kind_has_its_words_and_a_shipped_template() -> None:
    """No kind lacks a label, help, title, subtitle, notice or a template that loads."""
    words = [f.name for f in fields(SummaryKind) if f.type in ("str", "Marked")]
    assert {"name", "label", "includes", "brief", "title", "notice", "template"} <= set(words)
    for kind in SUMMARY_KINDS.values():
        for word in words:
            assert getattr(kind, word).strip(), (kind.name, word)
        assert "not therapy" in kind.notice
        assert environment().get_template(kind.template) is not None
    assert len({k.template for k in SUMMARY_KINDS.values()}) == len(SUMMARY_KINDS)


def test_only_me_draws_on_anything_private() -> None:
    """Each audience is its own choice: `me` alone holds private things; `us` only shared ones."""
    assert {name: kind.draws_on for name, kind in SUMMARY_KINDS.items()} == {
        "me": DrawsOn(
            private_answers=True,
            safety_check=True,
            description=True,
            former_exercises=True,
            over_time=True,
            promise_ledger=True,
            earlier_entries=True,
        ),
        # Over time and the ledger hold, for others, only what the person shared.
        "us": DrawsOn(over_time=True, promise_ledger=True),
        "counsellor": DrawsOn(progress=True, over_time=True, promise_ledger=True),
        "agreement": DrawsOn(made_together=True),
    }


def test_a_new_kind_holds_only_shared_answers_by_default() -> None:
    """Everything a kind may draw on beyond shared answers is off unless it says so."""
    assert not any(getattr(DrawsOn(), f.name) for f in fields(DrawsOn))


def test_only_the_agreement_can_be_printed_blank() -> None:
    """An empty agreement still prints (to fill in by hand); other kinds need answers."""
    assert [k.name for k in SUMMARY_KINDS.values() if k.printable_when_empty] == ["agreement"]


def test_the_cli_help_says_what_each_kind_holds() -> None:
    """--kind's help names every kind with a few words, in one line."""
    assert summary_kinds_help() == (
        "me: everything I wrote; us: only what I shared; counsellor: chosen exercises with "
        "status; agreement: commitments, amends and boundaries to sign."
    )
