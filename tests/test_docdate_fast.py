"""The dateline's fast path (a line without a digit states no document date) against the full reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import docdate
from pipeline.text.dates import find_dates, parse_date_expression

REPO = Path(__file__).resolve().parents[1]
TEXTS = sorted([*(REPO / "raw").glob("*.txt"), *(REPO / "tests" / "corpus" / "texts").glob("*.txt")])


def plain_from_text(text: str):
    """from_text reading every line in full (no digit test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docdate, "_line_date", docdate._read_line_date)
        return docdate.from_text(text)


def test_same_document_dates_on_the_sources_and_the_corpus():
    assert len(TEXTS) > 20
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        assert docdate.from_text(text) == plain_from_text(text), path
        for line in text[:docdate.HEAD_CHARS].splitlines():
            for lead in (False, True):
                assert docdate._line_date(line, lead) == docdate._read_line_date(line, lead)


@pytest.mark.parametrize("spelled", [
    "nineteen ninety-six", "March nineteen ninety", "May the third, two thousand and one",
    "Updated: June fifth, nineteen eighty", "the year two thousand", "Monday, the fifth of May, twenty eleven",
])
def test_no_year_is_read_from_words(spelled):
    # what the fast path relies on: a year written inside a date is written in digits
    assert not any(m.year_explicit for m in find_dates(spelled))
    m = parse_date_expression(spelled)
    assert m is None or not m.year_explicit
    assert docdate._read_line_date(spelled, lead=True) is None


WORDS = ["Updated:", "Posted", "on", "Published", "date", "Last", "modified:", "WASHINGTON,", "Geneva,", "New", "York,",
         "Aug.", "August", "March", "May", "June", "Sept.", "Monday,", "Fri,", "Thursday", "the", "third", "fifth",
         "nineteen", "ninety-six", "two", "thousand", "(Reuters)", "-", "—", "--", ":", "at", "pm", "GMT", "|", "today",
         "yesterday", "last", "week", "this", "year", "spring", "fiscal", "quarter", "mid-", "early", "late",
         "1998", "3", "11", "2016", "12/12/2008", "14:04", "2019-10-23", "\u0661\u0669\u0669\u0668", "'98", "80s"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=9), st.booleans())
def test_generated_lines(words, lead):
    line = " ".join(words)
    found = docdate._read_line_date(line, lead)
    assert docdate._line_date(line, lead) == found
    if found is not None:
        assert docdate._DIGIT.search(line)
