"""JSON from files: bounded before any work, duplicates and long numbers refused, one exact
serialisation for signatures."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustrepair.errors import ImportFormatError
from trustrepair.formats import jsonfile
from trustrepair.formats.jsonfile import Budget

SMALL = Budget(max_bytes=1024 * 1024, max_values=1000, max_depth=8)


def _parse(text: str, budget: Budget = SMALL) -> object:
    return jsonfile.parse_json_text(text, budget, what="a test file")


def test_ordinary_json_parses() -> None:
    """Objects, lists, text with brackets and escaped quotes inside, numbers: as json.loads."""
    text = '{"a": [1, -2, 3.5, "x,]}{[", "\\"[", null, true], "b": {"c": ""}}'
    assert _parse(text) == json.loads(text)


def test_duplicate_keys_are_refused() -> None:
    """JSON lets a key appear twice (the last silently wins); a file from trustrepair never
    does, so such a file is refused with the key named."""
    with pytest.raises(ImportFormatError, match="the key 'format' appears twice"):
        _parse('{"format": "a", "x": {"format": 1}, "format": "b"}')


@pytest.mark.parametrize("literal", ["1" * 16, "-" + "9" * 16, "1" * 200_000])
def test_long_whole_numbers_are_refused_before_conversion(literal: str) -> None:
    """A number of more than 15 digits is refused from its length, before int() sees it (a
    200,000-digit number converts in seconds and then fails to print)."""
    started = time.perf_counter()
    with pytest.raises(ImportFormatError, match="more than 15 digits"):
        _parse(f'{{"n": {literal}}}', Budget(1024 * 1024, 1000))
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("text", ['{"n": NaN}', '{"n": -Infinity}', '{"n": 1e999}'])
def test_non_finite_numbers_are_refused(text: str) -> None:
    """NaN, Infinity and numbers that overflow to infinity are not JSON values we accept."""
    with pytest.raises(ImportFormatError):
        _parse(text)


def test_nesting_beyond_the_budget_is_refused_before_parsing() -> None:
    """100,000 nested lists are refused from a count, without recursing into them."""
    with pytest.raises(ImportFormatError, match="nested too deeply"):
        _parse("[" * 100_000 + "]" * 100_000, Budget(1024 * 1024, 10**6, max_depth=32))
    assert _parse("[" * 8 + "]" * 8) == [[[[[[[[]]]]]]]]


def test_more_values_than_the_budget_are_refused_before_parsing() -> None:
    """Millions of empty lists in a few megabytes are refused before any list is built."""
    text = "[" + ",".join(["[]"] * 2_000_000) + "]"
    started = time.perf_counter()
    with pytest.raises(ImportFormatError, match="more values"):
        _parse(text, Budget(64 * 1024 * 1024, 1_000_000))
    assert time.perf_counter() - started < 2


def test_commas_inside_text_are_not_counted() -> None:
    """Prose full of commas and brackets is one value, not thousands."""
    assert _parse(json.dumps({"a": ",[{" * 5000})) == {"a": ",[{" * 5000}


def test_utf8_with_a_bom_and_refusal_of_other_bytes(tmp_path: Path) -> None:
    """A UTF-8 BOM is fine; bytes that are not UTF-8 are refused plainly."""
    good = tmp_path / "bom.json"
    good.write_bytes(b"\xef\xbb\xbf{}")
    assert jsonfile.load_json_file(good, SMALL, what="a test file") == {}
    bad = tmp_path / "latin1.json"
    bad.write_bytes(b'{"a": "\xe9"}')
    with pytest.raises(ImportFormatError, match="not a UTF-8 text file"):
        jsonfile.load_json_file(bad, SMALL, what="a test file")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**15) + 1, 10**15 - 1) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@given(JSON)
def test_canonical_bytes_do_not_depend_on_key_order(document: object) -> None:
    """Parsing a canonical serialisation and serialising again gives the same bytes, and
    reordering keys changes nothing: what a signature would cover is the content alone."""
    once = jsonfile.canonical_bytes(document)
    assert jsonfile.canonical_bytes(_parse(once.decode(), Budget(10**6, 10**6, 64))) == once
    if isinstance(document, dict):
        reordered = dict(reversed(list(document.items())))
        assert jsonfile.canonical_bytes(reordered) == once
