"""The segmenter's fast paths against the plain computations they replace (same spans, same Sentences)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import segment as seg

REPO = Path(__file__).resolve().parents[1]
TEXTS = sorted([*(REPO / "raw").glob("*.txt"), *(REPO / "tests" / "corpus" / "texts").glob("*.txt")])


def plain_paragraphs(text: str) -> list[tuple[int, int]]:
    """Every run of ``[^\\n]+`` stripped with strip_span, the empty ones left out (the definition)."""
    spans = (seg.strip_span(text, *m.span()) for m in re.finditer(r"[^\n]+", text))
    return [(a, b) for a, b in spans if b > a]


def check(text: str) -> None:
    fast, plain = seg.segment(text), seg._segment_plain(text)
    assert fast == plain
    assert [vars(s) for s in fast] == [vars(s) for s in plain]  # the same fields, in the same order
    assert all(type(s) is seg.Sentence for s in fast)
    assert seg.paragraphs(text) == plain_paragraphs(text)
    for dot in (m.start() for m in re.finditer(r"\.", text)):
        assert seg._abbreviation_at(text, dot) == seg._is_abbreviation(text, dot), (text, dot)
    ends = [m.span() for m in seg._SENT_END_LINE.finditer(text)]
    assert [m.span() for m in seg._sentence_ends(text)] == ends
    # the whole-text search finds what the search of each paragraph (joined or not) finds
    joined = seg._join_broken_lines(text, plain_paragraphs(text))
    assert ends == [m.span() for p in joined for m in seg._SENT_END.finditer(text, *p)]
    assert ends == [m.span() for p in plain_paragraphs(text) for m in seg._SENT_END.finditer(text, *p)]
    for s in fast:
        start, end = s.start, s.end
        assert seg.clauses(text, start, end) == seg._clauses_plain(text, start, end)
        assert seg.clauses(text, max(0, start - 3), min(len(text), end + 3)) == seg._clauses_plain(
            text, max(0, start - 3), min(len(text), end + 3))


def test_the_fast_segmenter_agrees_with_the_plain_one_on_the_sources_and_the_corpus():
    assert len(TEXTS) > 20
    sentences = 0
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        check(text)
        sentences += len(seg.segment(text))
    assert sentences > 1000


def test_crafted_edges():
    texts = [
        "",
        "\n\n  \n",
        ". Lone mark.\nA line.",
        "He left.[a. B] Then came.\nNext para.[x! Y]\nThird? Yes.",
        "Alpha beta.[note 1]\nGamma delta. [1] Eps.",
        "He left.[x! Y] Then? [a? B] Came! Went.[c. D] Over.",
        "It rose (to 5.\nthen fell). Then more",
        "A long run " + "word " * 500 + "ends. Short one. " + "x" * 2500 + " tail.",
        "== History ==\nFounded 1965\nThe group was set up. It grew.\nand then it split; badly.",
        "Mr. Smith met Dr. J. Brown in the U.S. on Monday. Then e.g. others. Mt.Everest. St. Paul.",
        "word..Mr. Next. a.b.c. Next. abc.de. Next. x.mrs. Next. \u017ft. Next. \u212ao. Next. É. Next.",
        "Well-known. Next. (Gen. Next. \"Col. Next. approximately. Next. organisationally. Next.",
        "Tab\tend.\tNext\x0cpart.\x1cAnd\u00a0more.\u2003Done! Why? Because.\r\nNew line.\r\n",
        "line one\nline two starts lower\nLine three. Ok\n\u00e9t\u00e9 arrived. Fine.",
        "Q?\"A\" B! 'C' D.” E.’ F.) G.] H.“I ‘J (K [L 1. 2. 3",
        "He said ; then: Later - maybe \u2013 or \u2014 not, and then, but which (one two three) ok",
    ]
    for text in texts:
        check(text)


MARKS = [".", "!", "?", "\"", "'", "\u201d", "\u2019", "\u201c", "\u2018", ")", "(", "]", "[", "[1]", "[note 2]", ";",
         ":", ",", "-", "\u2013", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\x1c", "="]
WORDS = ["Mr", "mr", "Dr", "U.S", "e.g", "i.e", "J", "j", "St", "approx", "approximately", "the", "The", "Group",
         "a", "A", "1990", "7", "and", "but", "then", "and then", "which", "while", "\u017ft", "\u212a",
         "\u00e9t\u00e9", "\u00c9", "x.y", "ab.cd.e", "==", "Heading"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(MARKS + WORDS), max_size=40))
def test_generated_texts(pieces):
    check("".join(pieces))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ.!?\"”)][ (\n\tMrUSe", max_size=80))
def test_generated_character_soup(text):
    check(text)


def test_white_space_of_the_pattern_is_that_of_str_isspace():
    # _LINE, the sentence end's look-ahead and strip_span must agree on what white space is.
    space = re.compile(r"\s")
    assert all(bool(space.match(chr(c))) == chr(c).isspace() for c in range(0x110000))


def test_a_look_behind_reads_before_the_start_of_a_search():
    # _abbreviation_at's exactness argument and the clause search's start rely on this
    assert re.compile(r"(?<![a-z])b").search("ab", 1) is None
    assert re.compile(r"\bb").search("ab", 1) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKS + WORDS), max_size=60))
def test_generated_texts_with_a_short_sentence_limit(pieces):
    # every cut of _cap (a sentence longer than MAX_SENTENCE) on short texts
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(seg, "MAX_SENTENCE", 12)
        check("".join(pieces))


def test_a_line_opening_in_lower_case_is_seen_by_the_join_cue():
    # segment joins lines only where _may_join finds a line after the first opening with a-z or a
    # non-ASCII character (so does _LOWER_LINE, its first form)
    assert all(chr(c).islower() == ("a" <= chr(c) <= "z") for c in range(128))
    for text in ["one\ntwo", "one\n\n  \u00e9t\u00e9", "One.\n\tb", "One\n\u00c9t\u00e9"]:
        assert seg._LOWER_LINE.search(text)
        assert seg._may_join(text, seg.paragraphs(text))
    # a no-break space is white space: the line opens with "T" (_LOWER_LINE also reads it as a non-ASCII start)
    for text in ["One\nTwo\n  Three\n(four)", "\n lower first\nUpper", "", "one\n\u00a0Two"]:
        assert not seg._may_join(text, seg.paragraphs(text))
    assert seg._LOWER_LINE.search("One\nTwo\n  Three\n(four)") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "\t", "a", "B", ".", "\u00e9", "\u00c9", "\u00a0", "\u2028", "(", "1"]),
                max_size=30))
def test_may_join_is_false_only_where_nothing_joins(pieces):
    text = "".join(pieces)
    lines = seg.paragraphs(text)
    if not seg._may_join(text, lines):
        assert seg._join_broken_lines(text, lines) == lines
    if seg._LOWER_LINE.search(text) is None:  # the first form of the gate: this one says no there too
        assert not seg._may_join(text, lines)
