"""The fast paths of the document view (pipeline.extractors.context, issue #13): each against the
plain computation it replaces."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import context
from pipeline.extractors.context import DatedSentence, dated_sentences
from pipeline.package.sources import read_texts
from pipeline.text import multiscan
from pipeline.text.dates import DateMatch, DocumentDate, sentence_dates

REPO = Path(__file__).resolve().parents[1]


def _plain(text: str, this_year: int | None = None, document_date: DocumentDate | None = None) -> list[DatedSentence]:
    """dated_sentences as it read every sentence of sentence_dates, one by one, before the fast paths."""
    out: list[DatedSentence] = []
    section = None
    month_ref: DateMatch | None = None
    for sent, found in sentence_dates(text, document_date, this_year):
        if sent.section != section:
            section, month_ref = sent.section, None
        extra = [dataclasses.replace(m, start=m.start + sent.start, end=m.end + sent.start)
                 for m in context._relative_months(sent.text, month_ref, found, sent.start)]
        good: list[DateMatch] = []
        bad: list[DateMatch] = []
        for m in sorted(found + extra, key=lambda d: d.start):
            if m.error:
                bad.append(m)
            elif m.date_start is not None:
                good.append(m)
                if m.precision in ("day", "month"):
                    month_ref = m
        out.append(DatedSentence(sent, tuple(good), tuple(bad), text))
    return out


def _same(fast: list[DatedSentence], plain: list[DatedSentence]) -> None:
    assert [s.__dict__ for s in fast] == [s.__dict__ for s in plain]
    assert [type(s) for s in fast] == [DatedSentence] * len(plain)


MONTHISH = ["month", "Month", "MONTH", "mOnTh", "monthmonth", "mont", "onth", "\u017fmonth", "mon\u0131th",
            "\u212amonth", "m\u00f6nth", "mo\u0301nth", "months", "-month", "x", " ", "\n", "\u2019", "\u00e9", "1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MONTHISH), max_size=30).map("".join))
def test_the_month_words_are_those_the_pattern_finds(text):
    plain = [m.start() for m in context._MONTH_WORD.finditer(text)]
    assert context._month_words(text) == plain
    with pytest.MonkeyPatch.context() as m:  # without the wheel: the pattern itself
        m.setattr(context, "scan_hits", lambda *_a: False)
        assert context._month_words(text) == plain


def test_no_other_character_is_a_letter_of_month_to_the_pattern_or_the_scan():
    """The Hyperscan path is exact only if no non-ASCII character matches a letter of "month"
    under IGNORECASE or is scanned as one."""
    assert context._MONTH_WORD.pattern == "month" and context._MONTH_WORD.flags & re.IGNORECASE
    letter = re.compile("[month]", re.IGNORECASE)
    scanned = set()
    for code in range(0x80, 0x110000):
        ch = chr(code)
        assert letter.fullmatch(ch) is None, hex(code)
        scanned.add(multiscan.stand_in(ch))
    assert scanned.isdisjoint(set("monthMONTH")) and scanned


def test_the_document_view_is_the_plain_walk_on_the_raw_texts():
    texts = read_texts(REPO / "raw")
    assert texts
    for text in texts.values():
        _same(dated_sentences(text), _plain(text))
        _same(dated_sentences(text, 2020, DocumentDate(datetime.date(2020, 5, 4))),
              _plain(text, 2020, DocumentDate(datetime.date(2020, 5, 4))))


SALAD = ["On", "3", "March", "1990", "the", "month", "prior", "a", "Month", "later", "The", "following", "month",
         "previous", "It", "rained", "in", "June", "1981", "that", "year", "Friday", "now", "31", "February", ".",
         ".", ".", ",", "\n\n", "\n\nAftermath\n\n", "nothing", "was", "said", "MONTH", "earlier", "1990s"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SALAD), max_size=60).map(" ".join),
       st.sampled_from([None, "1999-06-15", "2020-03-04"]))
def test_the_document_view_is_the_plain_walk_on_word_salad(text, published):
    doc = DocumentDate(datetime.date.fromisoformat(published)) if published else None
    year = doc.date.year if doc else None
    _same(dated_sentences(text, year, doc), _plain(text, year, doc))


@pytest.mark.parametrize("text", [
    # a relative month in a sentence the recogniser gives no date: counted from the earlier sentence
    "On 3 March 1990 they met. Nothing was said. The month prior, they had argued. It rained.",
    # two in a row, each counting from the one before
    "On 3 March 1990 they met. The month prior, nothing. A month later, rain. It rained.",
    # a new section between drops the reference
    "On 3 March 1990 they met.\n\nAftermath\n\nNothing was said. The month prior, they had argued.",
    # "month" with no reference, and "month" split across two sentences
    "The month prior was dry. Mon. th was not. On 3 March 1990 they met. Nothing was said.",
])
def test_the_runs_without_a_date_give_what_the_plain_walk_gives(text):
    fast = dated_sentences(text)
    _same(fast, _plain(text))
    assert sum(len(s.dates) for s in fast) == sum(len(s.dates) for s in _plain(text)) > 0


def test_a_relative_month_in_a_dateless_sentence_is_found():
    view = dated_sentences("On 3 March 1990 they met. Nothing was said. The month prior, they had argued.")
    prior = view[2].dates
    assert [(m.text, m.date_start, m.date_end) for m in prior] == [
        ("The month prior", datetime.date(1990, 2, 1), datetime.date(1990, 2, 28))]
