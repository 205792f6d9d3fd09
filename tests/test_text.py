"""Segmentation: sentences, headings, sections and clauses keep exact offsets."""

from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.segment import clauses, is_heading, paragraphs, segment, split_sentences


def spans_text(text, spans):
    return [text[a:b] for a, b in spans]


def test_sentences_split_at_full_stops_not_abbreviations():
    text = "In 1997, the U.S. State Department listed it. Dr. Smith said so. Lt. Col. Hawkins was shot."
    assert spans_text(text, split_sentences(text)) == [
        "In 1997, the U.S. State Department listed it.",
        "Dr. Smith said so.",
        "Lt. Col. Hawkins was shot.",
    ]


def test_sentence_ending_in_quote_and_digit_start():
    text = 'He called it "a cult." 160 members were arrested. (It was 2003.) Next one'
    assert spans_text(text, split_sentences(text)) == [
        'He called it "a cult."',
        "160 members were arrested.",
        "(It was 2003.)",
        "Next one",
    ]


def test_initials_do_not_end_a_sentence():
    text = "Donald J. Trump spoke. It ended."
    assert spans_text(text, split_sentences(text)) == ["Donald J. Trump spoke.", "It ended."]


def test_headings():
    assert is_heading("== History ==")
    assert is_heading("=== Early years (1965–1970) ===")
    assert is_heading("Roots of Resistance")
    assert not is_heading("The MEK was founded in 1965 by students.")
    assert not is_heading("Its members said:")


def test_segment_numbers_sections_and_keeps_offsets():
    text = "Intro line here.\n\n== History ==\nIn 1965 it was founded. On 5 May it grew.\nRoots\nMore text here."
    sents = segment(text)
    assert [s.text for s in sents] == [
        "Intro line here.", "== History ==", "In 1965 it was founded.", "On 5 May it grew.", "Roots",
        "More text here.",
    ]
    assert [s.section for s in sents] == [0, 1, 1, 1, 2, 2]
    assert [s.is_heading for s in sents] == [False, True, False, False, True, False]
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_paragraphs_strip_whitespace():
    text = "  one \n\n\t two\n"
    assert spans_text(text, paragraphs(text)) == ["one", "two"]


def test_clauses_split_on_semicolon_and_joining_commas():
    text = "In 1972 one was replaced; in 1973 another, while the group grew, and then it split"
    assert spans_text(text, clauses(text, 0, len(text))) == [
        "In 1972 one was replaced",
        "in 1973 another",
        "while the group grew",
        "and then it split",
    ]


def test_clauses_keep_plain_commas():
    text = "In 1986, France expelled the MEK, forcing it to relocate"
    assert spans_text(text, clauses(text, 0, len(text))) == [text]


@given(st.text())
def test_segment_never_raises_and_spans_are_exact(text):
    for s in segment(text):
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text


@given(st.text(alphabet=st.sampled_from(list("ab .;,?!\n\"'()AB12"))))
def test_clauses_cover_only_their_sentence(text):
    for a, b in clauses(text, 0, len(text)):
        assert 0 <= a < b <= len(text)


def test_sentence_broken_across_lines_is_kept_whole():
    text = "The advocates assert that the Secretary of State\n\nlisted the group in 1997 as a gesture. Next."
    sents = segment(text)
    assert [s.text for s in sents] == [
        "The advocates assert that the Secretary of State\n\nlisted the group in 1997 as a gesture.",
        "Next.",
    ]
    assert not sents[0].is_heading
