"""The cheaper paths of pipeline/text/numbers.py give what the plain computations give.

Texts here are crafted for these tests or generated; none is copied from a source or the corpus.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import numbers as N

# The tokeniser as first written: one token per match, its kind read off its first character.
_PLAIN_TOKEN = re.compile(
    r"[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9]|[.,][0-9])|[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|\S"
)


def plain_tokens(text: str) -> list[tuple]:
    out = []
    for m in _PLAIN_TOKEN.finditer(text):
        s, c = m.group(), m.group()[0]
        kind = "num" if "0" <= c <= "9" else "word" if c.isalpha() else "sym"
        out.append((m.start(), m.end(), s, s.lower(), kind))
    return out


PIECES = ["2,000", "10 000", "1\u00a0000", "3.5", "1990", "12", "0", "½", "²", "³", "٣", "Ⅻ", "Ⓐ", "K", "İ", "ſ",
          "one", "Two", "THREE", "hundred", "thousand", "million", "a", "an", "and", "half", "dozen", "twenty-three",
          "some", "about", "over", "more than", "up to", "between", "from", "to", "or", "-", "–", "+", "$", "%",
          "June", "Feb.", "Camp", "Ashraf", "members", "people", "the", "in", "of", "F-16", "5th", "1990s",
          "_", "(", ")", ".", ",", ";", ":", "'", "’", "\n", "\n\n", "\t", " ", "someone", "often", "X"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.lists(st.booleans(), max_size=30))
def test_tokens_and_quantities_equal_the_plain_path(pieces, glue):
    text = "".join(p + ("" if i < len(glue) and glue[i] else " ") for i, p in enumerate(pieces))
    assert [tuple(t) for t in N._tokenise(text)] == plain_tokens(text)
    assert N.find_quantities(text) == N._find_quantities(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 ,.-onetwhusadfiK\u212a\u00a0x", max_size=40))
def test_quantities_on_character_salad(text):
    assert [tuple(t) for t in N._tokenise(text)] == plain_tokens(text)
    assert N.find_quantities(text) == N._find_quantities(text)


def test_a_text_without_a_numeral_or_a_number_word_has_no_quantity():
    for text in ["", "a and an a", "An army and a navy.", "Someone often came.", "the ONE-sided"]:
        assert N.find_quantities(text) == N._find_quantities(text)
    assert N.find_quantities("a and an a") == []
    assert [q.low for q in N.find_quantities("About two THOUSAND came, and a dozen left.")] == [2000, 12]


@given(st.fractions(min_value=-10**6, max_value=10**6, max_denominator=8), st.sampled_from([1, 12, 100, 10**3, 10**6]))
def test_an_atoms_value_is_the_fraction_product(base, scale):
    atom = N._Atom(0, 0, 0, 1, Fraction(base), scale, "ok")
    v = Fraction(base) * scale
    assert atom.value == (int(v) if v.denominator == 1 else None)


# --- the fast fails of the label and qualifier regexes, the skipped start, the word trie -----------

LEAD = ["Article", "articles", "ARTICLE", "categories", "category", "annexes", "id", "No.", "pp.", "op.", "#",
        "about", "ABOUT", "more than", "up to", "at least", "an estimated", "estimated at", "ca.", "c.", "approx.",
        "some", "ſome", "K", "aſ", "İd", "ıd", "_id", "x_about", "3about", "mid", "the", "of", "a", "and", "one",
        "seventy", "often", "-", "(", ".", ",", "\n", "\t", "\u00a0", " ", "  ", "Camp", "to", "than", "at", "as"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(LEAD), max_size=14), st.lists(st.booleans(), max_size=14), st.integers(0, 40))
def test_the_label_and_qualifier_fast_fails_agree_with_the_regexes(pieces, glue, floor):
    text = "".join(p + ("" if i < len(glue) and glue[i] else " ") for i, p in enumerate(pieces)) + "5"
    start = len(text) - 1
    for s in (start, max(0, start - 1)):
        assert N._label_before(text, s) == bool(N._LABEL_BEFORE.search(text, max(0, s - 30), s))
        lo = max(min(floor, s), s - N._WINDOW)
        if N._QUAL_PREFIX.search(text, lo, s):
            assert N._may_qualify(text, lo, s)
        whole, near = N._QUAL_PREFIX.search(text, lo, s), N._QUAL_PREFIX.search(text, N._fields_start(text, lo, s), s)
        assert (near and near.span()) == (whole and whole.span())


def test_a_qualifier_holds_at_most_the_words_the_prefix_search_reads():
    # Every alternative of the pattern, with its optional words taken: the longest has _QUAL_FIELDS words.
    longest = ["a little in excess of", "well more than", "not fewer than", "a minimum of", "slightly fewer than",
               "no more than", "at the most", "a maximum of", "as many as", "in the neighbourhood of",
               "on the order of", "in the region of", "more or less", "an estimate of", "somewhere around"]
    for phrase in longest:
        text = f"they said {phrase}  "
        m = N._QUAL_PREFIX.search(text, 0, len(text))
        assert m and m.start() == text.index(phrase) and len(phrase.split()) <= N._QUAL_FIELDS
        assert N._fields_start(text, 0, len(text)) <= m.start()
    pattern = N._QUAL_PREFIX.pattern
    assert pattern.count(r"\s+") == 49  # a change of the pattern: are its qualifiers still _QUAL_FIELDS words at most?
    assert N._fields_start("one two three four five six seven  ", 0, 35) == len("one two ")
    assert N._fields_start("  two three", 0, 11) == 0


def test_the_label_words_are_the_words_of_the_pattern():
    whole = re.compile(f"(?:{N._LABELS})", re.IGNORECASE)
    assert all(whole.fullmatch(w) for w in N._LABEL_WORDS)
    assert {"article", "articles", "annex", "annexes", "category", "categories", "id"} <= N._LABEL_WORDS
    assert not {"categor", "annexe", "ids"} & N._LABEL_WORDS
    assert N._label_before("see Pages 5", 10) and N._label_before("No. 5", 4) and not N._label_before("passages 5", 9)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + LEAD + ["government", "people", "said", "the army"]), max_size=40),
       st.lists(st.booleans(), max_size=40))
def test_starting_after_the_words_before_the_first_number_changes_nothing(pieces, glue):
    text = "The long opening words of this test sentence, none of which hold a figure: " + "".join(
        p + ("" if i < len(glue) and glue[i] else " ") for i, p in enumerate(pieces))
    assert N.find_quantities(text) == N._find_quantities(text)
    first = min([m.start() for m in re.finditer("[0-9]", text)][:1] + [len(text)])
    start = N._restart(text, first)
    assert start == 0 or (text[start - 1] == " " and start < first)


def test_the_start_skips_the_words_before_a_number():
    text = "The group and its many friends held a long meeting in the town where about 2,000 members came"
    start = N._restart(text, text.index("2,000"))
    assert 0 < start < text.index("about")
    assert N._find_quantities(text, start) == N._find_quantities(text)
    assert [q.low for q in N.find_quantities(text)] == [2000]
    runs = "a and a and an and a and a and a and a and a and a and a and a hundred"
    assert N._restart(runs, runs.index("hundred")) == 0  # only number words and "a", "and" before it


@given(st.text(alphabet="onetwhrsvfiuxyldzbm ", max_size=30))
def test_the_word_trie_matches_where_the_alternation_does(text):
    words = N._RUN_WORDS - {"a", "an", "and"}
    plain = re.compile("|".join(sorted(words, key=len, reverse=True)))
    for i in range(len(text) + 1):
        assert bool(N._NUMBER_SUBSTRING.match(text, i)) == bool(plain.match(text, i))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 ^*xX×✕·⋅eE⁺⁻²³¹⁰-+−a.,", max_size=12))
def test_the_exponent_fast_fail_lets_every_match_through(text):
    for pos in range(len(text) + 1):
        if N._TIMES_TEN.match(text, pos) or N._EXPONENT.match(text, pos):
            assert N._may_power(text, pos)


def test_a_lower_case_of_another_length_reads_every_token():
    # "İ" lower-cases to two characters: the lower-cased text's offsets are not the text's, so a
    # number word shortly before the first digit must not be skipped.
    text = "İ" * 12 + " the people came and then some were there and about a dozen one x x x 5"
    assert N.find_quantities(text) == N._find_quantities(text)
    assert [q.low for q in N.find_quantities(text)] == [12, 5]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["İ", "İİİİ", "ẞ", "ΣΑΣ"]), max_size=40), st.lists(st.booleans(), max_size=40))
def test_quantities_equal_the_plain_path_with_letters_that_change_length(pieces, glue):
    text = "İİİİİİ some opening words before any figure at all here " + "".join(
        p + ("" if i < len(glue) and glue[i] else " ") for i, p in enumerate(pieces))
    assert N.find_quantities(text) == N._find_quantities(text)


def test_a_number_word_after_a_longer_lower_case_is_found_without_any_digit():
    # "İ" lower-cases to two characters, so the lower-cased text is longer than the text: the
    # search for a number word must not stop at the text's own length (hypothesis found this).
    text = "İİİ the clerks counted the votes by hand and found a hundred"
    assert N.find_quantities(text) == N._find_quantities(text)
    assert [q.low for q in N.find_quantities(text)] == [100]


# --- the tests after a number asked as one alternation, a whole numeral's int base ----------------

AFTER = [" ", "  ", "\t", "-", " - ", "%", "‰", " per cent", " percent", "percentage", " pct", " pc", " dollars",
         " US dollars", " u.s. dollar", " euros", " rials", " yen", " usd", " EUR", " p.m.", " pm", " am", "am",
         " o'clock", " o’clock", " hrs", " GMT", " UTC", " BC", " BCE", " CE", " AD", " ad", " B.C.", " A.D.", " C.E.",
         " and a half", " and one quarter", " AND A THIRD", " and", " people", "s", ",", ".", "K", "ſ", "x", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(AFTER), max_size=4))
def test_the_joined_tests_after_a_number_match_where_one_of_them_does(pieces):
    text = "5" + "".join(pieces)
    money = any(p.match(text, 1) for p in (N._PERCENT, N._CURRENCY_AFTER, N._TIME_AFTER))
    assert bool(N._MONEY_PERCENT_TIME_AFTER.match(text, 1)) == money
    assert bool(N._WORD_AFTER.match(text, 1)) == (money or bool(N._HALF_AFTER.match(text, 1)))
    assert bool(N._DIGIT_AFTER.match(text, 1)) == (money or bool(N._HALF_AFTER.match(text, 1))
                                                     or bool(N._ERA_AFTER.match(text, 1)))


def test_the_era_stays_case_sensitive_in_the_joined_test():
    assert N._DIGIT_AFTER.match("500 BC", 3) and not N._DIGIT_AFTER.match("500 bc", 3)
    assert N._DIGIT_AFTER.match("5 PERCENT", 1) and N._WORD_AFTER.match("two AND A HALF", 3)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([1, 12, 100, 10**3, 10**6]))
def test_an_int_base_gives_the_value_of_its_fraction(base, scale):
    assert N._Atom(0, 0, 0, 1, base, scale, "ok").value == N._Atom(0, 0, 0, 1, Fraction(base), scale, "ok").value
    found = N.find_quantities(f"they counted about {base:,} people")
    assert [(q.low, q.high, type(q.low)) for q in found] == [(base, base, int)]


# --- the prefilter of live numerals and number words (live_numerals, live_number_words) -----------

LIVE_PIECES = PIECES + ["[", "]", "[12]", "(3)", "Dec.", "Feb. 19", "AD", "BC", "Article", "article", "in", "In",
                        "since", "the", "The", "1997", "2003", "2099", "1800", "5", "9", "10", "007", "3:15", "1'000",
                        "$", "USD", "#", "Forty", "forty", "Fifty-two", "Million", "Hundred", "a", "twelve",
                        "Dozen", "Iraq", "Resolution", "About", "June", "10^3", "5e3", "2 x 10^4", "—", "«", "…"]


def check_live(text: str) -> None:
    """Every quantity starts at a live numeral or a live number word; one worth ten or more has a
    live number worth ten or more; the numerals are the tokeniser's."""
    assert [m.start() for m in N._NUMERAL_TOKEN.finditer(text)] == [t[0] for t in N._tokenise(text) if t[4] == "num"]
    live = dict(N.live_numerals(text))
    some_word, large_word = N.live_number_words(text)
    assert some_word or not large_word
    for q in N.find_quantities(text):
        if "0" <= text[q.num_start] <= "9":
            assert q.num_start in live, (text, q)
        else:
            assert some_word, (text, q)
        if max(q.low or 0, q.high or 0) >= 10:
            assert large_word or any(live.values()), (text, q)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(LIVE_PIECES), max_size=24), st.lists(st.booleans(), max_size=24))
def test_every_quantity_starts_at_a_live_number(pieces, glue):
    check_live("".join(p + ("" if i < len(glue) and glue[i] else " ") for i, p in enumerate(pieces)))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789 ,.-:[]()$'\nonetwhusadfiKJFDIAcx\u212a\u00a0\u2013", max_size=40))
def test_every_quantity_starts_at_a_live_number_in_character_salad(text):
    check_live(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_every_quantity_starts_at_a_live_number_in_any_text(text):
    check_live(text)


@pytest.mark.parametrize("text, numeral", [
    ("see note [12] here", "12"), ("it cost $5 then", "5"), ("an F-16 jet", "16"), ("the 5th day", "5"),
    ("in June 2007 they", "2007"), ("on Feb. 19 they", "19"), ("on 10 June they", "10"), ("in 1997 they", "1997"),
    ("at Camp Ashraf 3 they", "3"), ("in AD 900 they", "900"), ("agent 007 came", "007"), ("at 3:15 pm", "3"),
    ("1'000 came", "1"), ("under Article 5 of it", "5"), ("item (3) here", "3"), ("a 1990s idea", "1990"),
])
def test_a_numeral_no_quantity_can_start_at_is_not_live(text, numeral):
    start = text.index(numeral)
    assert start not in dict(N.live_numerals(text))
    assert all(q.num_start != start for q in N.find_quantities(text))


@pytest.mark.parametrize("text, numeral, large", [
    ("some 3,000 members", "3,000", True), ("Since then 2003 came", "2003", True), ("about 5 million", "5", True),
    ("5 members", "5", False), ("about 2003 members", "2003", True), ("2 x 10^4 came", "2", True),
    ("The 5,000 came", "5,000", True), ("Camp\n3 came", "3", False), ("3.5 million came", "3.5", True),
])
def test_a_numeral_that_may_start_a_quantity_is_live(text, numeral, large):
    assert dict(N.live_numerals(text)).get(text.index(numeral)) is large


@pytest.mark.parametrize("text, some, large", [
    ("the Forty government", False, False), ("Forty came.", True, True), ("they said: Forty came", True, True),
    ("some forty came", True, True), ("a million came", True, True), ("$5 million came", False, False),
    ("five came", True, False), ("one Thousand came", True, True), ("often written", False, False),
    ("the Fifty-two club", True, False), ("(Twelve) came", True, True),
])
def test_number_words_that_may_be_part_of_a_quantity(text, some, large):
    # ("the Fifty-two club": "two" joins the run of "Fifty", so it is kept, a superset: no quantity starts there)
    assert N.live_number_words(text) == (some, large)


BEFORE = ["", "in", "In", "the", "The", "its", "June", "Feb.", "Dec .", "AD", "Camp", "camp", "Article", "about",
          "About", "some", "between", "from", "$", "USD", "(", "[", "-", "–", "x", "F", ".", "\n", "one", "Forty",
          "forty", "a", "and", "K", "ſ", "é", "É", "No.", "#", "~", "over"]
NUMERALS = ["5", "12", "1997", "2003", "1800", "1799", "2100", "3,000", "10 000", "3.5", "007", "0", "10^3", "5e3",
            "1,23", "2000"]
AFTER = ["", "members", "people", "June", "million", "hundred", "and a half million", "and", ")", "]", "%", "th",
         "s", ":15", "'000", "’s", "-strong", "to 5,000", "- 2010", "or more", ".", "\n", "\n\nJune", "BC", "x 10^3"]


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(["", "They said ", "x. "]), st.sampled_from(BEFORE),
       st.sampled_from(["", " ", "  ", "\n", "\t"]), st.sampled_from(NUMERALS),
       st.sampled_from(["", " ", "\n", "\n\n"]), st.sampled_from(AFTER))
def test_every_quantity_starts_at_a_live_number_around_one_numeral(lead, before, gap, numeral, gap2, after):
    check_live(lead + before + gap + numeral + gap2 + after)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LIVE_PIECES + ["SIX", "ſix", "\u212aK", "si\u212ax", "tWeLvE", "sixty", "six_ty",
                                               "5ten", "ten5", "éten", "ten-", "İten"]), max_size=20),
       st.lists(st.booleans(), max_size=20))
def test_the_number_word_pattern_finds_every_number_word_token(pieces, glue):
    text = "".join(p + ("" if i < len(glue) and glue[i] else " ") for i, p in enumerate(pieces))
    words = {(t[0], t[1]) for t in N._tokenise(text) if t[4] == "word" and t[3] in N._NUMBER_WORDS}
    assert words <= {m.span() for m in N._NUMBER_WORD_TOKEN.finditer(text)}


def test_the_letter_test_is_the_word_token_class_on_every_code_point():
    pattern = re.compile(r"[^\W\d_]")
    assert all(bool(pattern.match(chr(i))) == N._letter_like(chr(i)) for i in range(0x30000))


def _substring_ends(text: str) -> list[int]:
    """Every end of every caseless match of a number word in the text (what the vocabulary pass
    reports), as the plain search finds them."""
    low = "".join(c.lower()[:1] for c in text)  # one character for one (the pass reads its stand-ins so)
    return sorted({i + len(w) for w in N._NUMBER_WORDS for i in range(len(low)) if low.startswith(w, i)})


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LIVE_PIECES + ["SIX", "ſix", "\u212aK", "tWeLvE", "sixty", "six_ty", "5ten",
                                               "ten5", "éten", "’ten", "ten’", "tenſ", "İten", "often", "²ten"]),
                max_size=20), st.lists(st.booleans(), max_size=20))
def test_the_number_words_read_from_the_pass_ends_are_those_searched(pieces, glue):
    text = "".join(p + ("" if i < len(glue) and glue[i] else " ") for i, p in enumerate(pieces))
    searched = [(s, w) for s, w in N._number_word_tokens(text, None) if w.lower() in N._NUMBER_WORDS]
    from_ends = [(s, w) for s, w in N._number_word_tokens(text, _substring_ends(text)) if w.lower() in N._NUMBER_WORDS]
    assert from_ends == searched
    assert N.live_number_words(text, _substring_ends(text)) == N.live_number_words(text)


class _Span:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(LIVE_PIECES), max_size=16), st.lists(st.booleans(), max_size=16),
       st.lists(st.tuples(st.integers(-5, 80), st.integers(0, 20)), max_size=3), st.integers(0, 30),
       st.sampled_from([1, 5, 10, 12, 100]))
def test_may_quantify_is_false_only_without_such_a_quantity(pieces, glue, spans, offset, at_least):
    text = "".join(p + ("" if i < len(glue) and glue[i] else " ") for i, p in enumerate(pieces))
    outside = [_Span(offset + a, offset + a + n) for a, n in spans]  # in the offsets of a larger text
    ends = [offset + e for e in _substring_ends(text)]
    for words, word_ends in ((True, None), (True, ends)):
        if N.may_quantify(text, at_least, outside, words, True, word_ends, offset):
            continue
        for q in N.find_quantities(text):
            inside = any(d.start <= offset + q.num_start < d.end for d in outside)
            assert inside or max(q.low or 0, q.high or 0) < at_least


@pytest.mark.parametrize("spans, may", [
    ([], True), ([(14, 19)], False), ([(7, 14)], True), ([(13, 15)], False), ([(19, 25)], True),
])
def test_may_quantify_reads_the_spans_as_half_open(spans, may):
    text = "In 1999 about 5,000 members met"  # "1999" follows "In": a year, never a figure's start
    assert text[14:19] == "5,000"
    offset = 100
    outside = [_Span(offset + a, offset + b) for a, b in spans]
    assert N.may_quantify(text, 10, outside, offset=offset) is may
