"""The membership extractor's vocabulary pass (membership._vocabulary_ends) changes no row.

Every sentence here is written for these tests; none is copied from a source or the corpus.
The fast path (clauses without a cue word skipped before tokenising) is compared with the
path that reads every clause, on crafted texts and on generated word salad.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import lexicon, model
from pipeline.extractors import membership as M
from pipeline.extractors.organisation import from_aliases
from pipeline.text import multiscan
from pipeline.text.multiscan import scan_bytes

hyperscan_only = pytest.mark.skipif(multiscan.hyperscan is None, reason="no hyperscan wheel here")


# The references the prefilter tests read (the extractor's own tests are _sentence_may_count and
# _may_hold_figure, which replaced these two).
_COUNT_WORD_LIST = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                    "ninety|hundred|thousand|million|dozen")
_MAY_COUNT = re.compile(rf"\d|\b(?:{_COUNT_WORD_LIST})", re.IGNORECASE)
_COUNT_WORDS = re.compile(_COUNT_WORD_LIST.encode("ascii"))  # over the lower-cased ASCII stand-in


def _may_hold_estimate(sentence: str, words: bool = True) -> bool:
    """Whether the sentence has a digit or a number word (``words`` False: the vocabulary pass
    found no number word there, so none is)."""
    if re.search(r"\d", sentence):
        return True
    if not words or _COUNT_WORDS.search(scan_bytes(sentence).lower()) is None:
        return False
    return bool(_MAY_COUNT.search(sentence))


def _may_be_large(clause: str, words: bool = True) -> bool:
    """Whether find_quantities can read a figure of ten or more in the clause: two digits in a row,
    an exponent, or a number word of ten or more (``words`` False: the vocabulary pass found none)."""
    if M._LARGE_DIGITS.search(clause):
        return True
    if not words or M._LARGE_WORD_SUBSTRING.search(clause.lower()) is None:
        return False
    return any(w.lower() in M._LARGE_WORDS for w in M._LETTERS.findall(clause))


def both(text: str, org=None) -> tuple[list[dict], list[dict]]:
    """(rows with the prefilters, rows reading every clause: no vocabulary pass, no size, figure or sentence test)."""
    fast = M.extract_membership(model.build("t", text, org))
    saved = M._vocabulary_ends, M._sentence_may_count, M._may_hold_figure
    M._vocabulary_ends = lambda doc, o: None
    M._sentence_may_count = lambda sentence, start, dates, words=True, large=None: True
    M._may_hold_figure = lambda clause, cs, dates, words=True, large_words=True, word_ends=None: True
    try:
        slow = M.extract_membership(model.build("t", text, org))
    finally:
        M._vocabulary_ends, M._sentence_may_count, M._may_hold_figure = saved
    return fast, slow


# The lexicon entries _CUE_LITERALS were read from: when one changes, read the literals off it
# again (a word a pattern needs must be in _CUE_LITERALS or lexicon.UNITS), then update the hash.
PATTERN_KEYS = ["site_population_before", "site_possessive", "remaining_before", "remaining_after",
                "force_before", "numbered_before", "site_population_of", "membership_before"]
PINNED = "3d71f6ac1632f392"


def test_the_literals_were_read_from_these_lexicon_entries():
    data = json.loads((Path(lexicon.__file__).with_name("lexicons") / "membership.json").read_text("utf-8"))
    digest = hashlib.sha256(json.dumps([data[k] for k in PATTERN_KEYS]).encode()).hexdigest()[:16]
    assert digest == PINNED, "a cue pattern changed: check membership._CUE_LITERALS against it"


@hyperscan_only
def test_the_pass_reports_cue_words_and_drops_a_unit_inside_a_word():
    doc = model.build("t", "The government said 2,000 members met. Its army of 500 was small. Men came.")
    cues = M._vocabulary_ends(doc, M._org(doc.org))
    text = doc.text
    members = text.index("members")
    assert members + len("member") in cues.nouns  # "members" starts with the unit noun "member": not scanned for
    assert members + len("members") not in cues.all
    assert text.index("army of") + len("army of") in set(cues.all) - set(cues.nouns)
    assert text.index("government") + len("govern") + len("men") not in cues.all  # "men" inside a word
    assert text.index("Men") + len("Men") in cues.nouns  # at a sentence's start
    assert cues.all == sorted(cues.all) and set(cues.nouns) <= set(cues.all)


def test_the_scanned_literals_drop_only_those_that_hold_another():
    assert M._covering(["members", "Member", "men", "armed men", "women"], str.startswith) == [
        "Member", "armed men", "men", "women"]  # a unit noun is dropped only for one it starts with
    assert M._covering(["force numbering", "number", "numbers", "strong", "remain"], str.__contains__) == [
        "number", "remain", "strong"]
    words = M._covering(M._NUMBER_WORDS, str.__contains__)
    assert "sixteen" not in words and "six" in words and "ten" in words and "million" in words
    for dropped in M._NUMBER_WORDS - set(words):  # each holds one that is scanned for
        assert any(w in dropped for w in words)


@hyperscan_only
def test_a_sentence_without_a_cue_word_is_skipped_and_gives_what_the_slow_path_gives():
    text = "Some 5,000 MEK members came. It held a rally in 2003 with 4,000 chairs. It met 300 times."
    doc = model.build("t", text)
    ends = M._vocabulary_ends(doc, M._org(doc.org)).all
    assert [M._cue_within(ends, ds.start, ds.end) for ds in doc.sentences] == [True, False, False]
    fast, slow = both(text)
    assert fast == slow
    assert [(r["low"], r["unit"]) for r in fast] == [(5000, "members")]


# One cue family each, in a sentence of its own after one that names the organisation: the only
# cue word near the figure is the one the comment names, so a literal missing from the pass fails.
ISOLATED = [
    "By 1990 some 3,000 of itsmembers lived in Paris.",  # a unit glued after "of its" (_OF_OWN)
    "In 1999 a 5,000-strong force crossed.",  # _STRONG
    "Only 1,200 remained in Iraq in 2010.",  # remaining_after
    "With 1,900 still in Iraq in 2016, it waited.",  # remaining_after
    "In 1988 the group could muster 7,000.",  # force_before
    "Its camp was home to 3,400 in 2005.",  # site_population_before
    "The site was housing 2,000 in 1995.",  # site_population_before
    "The camp's 3,200 were there in 2005.",  # site_possessive
    "Its membership was put at 5,000 in 2001.",  # membership_before
    "Its headcount was about 2,000 in 1995.",  # membership_before
    "Its ranks stood at 2,000 in 1995.",  # membership_before
    "The population of Camp Liberty stood at 3,100 in 2013.",  # site_population_of
    "In 1990 the army numbered 15,000.",  # membership_before
    "In 1990 the group numbered 3,000.",  # numbered_before
    "In 1990, 4,000 Mujahedin lived in Iraq.",  # the profile's count noun
    "In 1995 its fighters, estimated at 2,500, were in Iraq.",  # _UNIT_BEFORE
    "In 2000 about 3,000 supporters met, peaking at 10,000 in 2003.",  # a unit after; continued
    "In 2001 a dozen members and nine hundred supporters met; some 2^5 members left.",  # words and an exponent
]
MIXED = [
    "The MEK and the government of Yemen met 2,000 women in 1999; remember the movement of 3,000.",
    "The MEK's 2,000 policemen and 4,000 Yemen soldiers, numbering 6,000, waited.",
    "The MEK, the organisation's membership of which had been falling for years, stood at 5,000 in 2001.",
    "The MEK in 1988 could muster 7,000; its army of 15,000 is a force of 9,000 under arms.",
    "The MEK moved. Camp Ashraf, home to 3,400 residents, the camp's 3,200 residents, the remaining 1,200.",
    "The MEK left 2,745 behind; with only 1,200 remaining and 3,000 still in Iraq, about 400 remain.",
    "The MEK's membership between 5,000 and 10,000, peaking at 15,000 to 20,000, of which 1,942 in 2016.",
    "The MEK is a 5,000-strong force; a 2000 strong army; the number of its members rose to 3,000.",
    "The MEK: 4,000 MEK lived in Iraq, and 2,000 Mujahedin in Paris, and two opposing MEK factions.",
    "The MEK. Fifty thousand supporters and twenty-three hundred activists of the group met in 2004.",
    "Men of the MEK, 2,000 of them, came. Members: 3,000. The population of Camp Liberty stood at 3,100.",
]


@hyperscan_only
@pytest.mark.parametrize("sentence", ISOLATED)
def test_each_cue_family_keeps_its_figure(sentence):
    fast, slow = both("The MEK is an exiled group. " + sentence)
    assert slow, "the sentence should give a row on the slow path"
    assert fast == slow


@hyperscan_only
@pytest.mark.parametrize("text", MIXED)
def test_the_fast_path_gives_the_rows_of_the_slow_path(text):
    fast, slow = both(text)
    assert fast == slow


@pytest.mark.parametrize("clause, large", [
    ("two opposing MEK factions, 3 camps and 9 members", False),
    ("5 (3) [7] 1.5 and 9.9 members", False),
    ("one or nine hundred members", True),
    ("some 12 members", True),
    ("1,000 members", True),
    ("1 000 members", True),
    ("2^5 members, 2**5", True),
    ("1e5 members", True),
    ("Eleven members", True),
    ("a DOZEN members", True),
    ("often written attention", False),  # "ten" inside words
])
def test_the_size_test_on_crafted_clauses(clause, large):
    assert _may_be_large(clause) is large
    if not large:  # no figure of ten or more, read the long way
        assert all(max(q.low or 0, q.high or 0) < 10 for q in model.find_quantities(clause))


@hyperscan_only
def test_another_organisations_count_noun_is_read_by_the_pass():
    org = from_aliases(["Free Valley Front", "FVF"])
    text = "In 2005 the Free Valley Front (FVF) had 2,400 FVF in the hills and 300 fvf cars."
    fast, slow = both(text, org)
    assert fast == slow and [(r["low"], r["rule_id"]) for r in fast] == [(2400, "me.org_noun")]


WORDS = sorted(
    {"the", "The", "its", "their", "of", "of its", "of the group's", "in", "at", "to", "and", "or", "with", "only",
     "about", "some", "over", "between", "from", "estimated at", "numbering", "numbered", "total", "a", "an",
     "MEK", "MEK's", "Mujahedin", "Camp Ashraf", "Ashraf", "group", "government", "women", "Yemen", "remember",
     "movement", "itsmen", "hundred", "thousand", "fifty", "twelve", "million", "2,000", "3 000", "15", "1,200",
     "2003", "1988", "5,000+", "-strong", "strong", "killed", "arrested", "moved", "relocated", "lived", "remain",
     "remaining", "left behind", "still in", "home to", "housing", "the camp's", "population of", "muster",
     "army of", "force of", "membership", "ranks", "strength", "headcount", "peaking at", "rose to",
     "according to", ",", ".", ";", ":", "(", ")", "\n\n", "Iraq", "Paris", "June", "worldwide", "K", "ſ", "é"}
    | {u for u in lexicon.UNITS if " " not in u and len(u) < 9}
)


@hyperscan_only
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_the_fast_path_equals_the_slow_path_on_word_salad(words):
    text = "The MEK is an exiled group. " + " ".join(words)
    fast, slow = both(text)
    assert fast == slow


@hyperscan_only
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30), st.integers(0, 12))
def test_the_fast_path_equals_the_slow_path_without_the_organisation(words, glue):
    text = "".join(w + (" " if i % (glue + 1) else "") for i, w in enumerate(words))  # some words glued together
    fast, slow = both(text)
    assert fast == slow


NAMED = ("The People's Mojahedin Organization of Iran (PMOI), the MEK, Mojahedin-e Khalq, the NLA and "
         "Camp Ashraf; Rajavi's Mujahedin met the NCRI in Paris and Tirana, where XMEK and MEKs are no names.")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(NAMED)), st.integers(0, len(NAMED)))
def test_names_in_a_window_read_from_its_slice_equal_the_matchers_find(a, b):
    o = M._org(model.build("t", "x").org)
    assert o.names_by_window
    start, end = min(a, b), max(a, b)
    whole = [(r.start, r.end) for r in o.org.matcher.find(NAMED, start, end) if r.kind != "site"]
    assert M._names_near(o, NAMED, start, end) == whole


def _all_hits(text, parts, caseless, starts=None):
    """(end, start, part) of every report of scan_hits, sorted."""
    got: list[tuple[int, int, int]] = []
    add = got.append
    assert multiscan.scan_hits(text, parts, caseless, lambda i, s, e, f, c: add((e, s, i)), starts)
    return sorted(got)


@hyperscan_only
def test_scan_hits_reports_every_match_of_every_part_overlaps_included():
    hits = _all_hits("The MEMBERS, a membership; ſmember \u017fembers.", ("mem", "member", "members", "MEM",
                     "sembers"), (True, True, True, False, True))
    spans = {(start, end, ident) for end, start, ident in hits}
    assert {(4, 7, 0), (4, 10, 1), (4, 11, 2), (4, 7, 3), (15, 18, 0), (15, 21, 1)} <= spans
    assert (15, 18, 3) not in spans  # "MEM" is case-sensitive
    assert (28, 34, 1) in spans  # after a non-ASCII character, offsets are still character offsets
    assert (35, 42, 4) in spans  # the long s (IGNORECASE folds it to "s") is read as its ASCII stand-in


@hyperscan_only
def test_scan_hits_reports_every_end_with_starts_only_where_asked():
    text = "The MEMBERS, a membership; ſmember \u017fembers. Members of its members."
    parts, caseless = ("mem", "member", "members", "MEM", "sembers"), (True, True, True, False, True)
    whole = _all_hits(text, parts, caseless)
    for starts in (None, (True, False, True, False, False), (False,) * 5):
        got = _all_hits(text, parts, caseless, starts)
        assert sorted((e, i) for e, _s, i in got) == [(e, i) for e, _s, i in whole]  # every end of every part
        wanted = {(e, s, i) for e, s, i in whole if starts is None or starts[i]}
        assert wanted == {(e, s, i) for e, s, i in got if starts is None or starts[i]}  # the starts asked for
        assert all(s == 0 for _e, s, i in got if starts is not None and not starts[i])


def test_without_the_scan_every_clause_is_read(monkeypatch):
    text = "The MEK is an exiled group. In 2000 about 3,000 supporters met; the government met 40 people."
    fast, slow = both(text)
    monkeypatch.setattr(M, "scan_hits", lambda *args: False)
    doc = model.build("t", text)
    assert M._vocabulary_ends(doc, M._org(doc.org)) is None
    assert M.extract_membership(doc) == slow == fast


# --- the sentence-level tests: which sentences hold a cue word, which can hold a figure ----------

DATED = ["In June 2016", "on 5 May 1999", "since 2003", "2014-2016", "in the 1990s", "by March 12, 2008", "ten",
         "often", "one", "Twelve", "a dozen", "5", "12", "2^5", "1e5", "3,000", "members", "; and", ", which",
         "the camp", "MEK", "fighters", "remained", "numbering", "(3)", "F-16", "K", "ſ", "—", ".", "\n\n",
         "İ", "sixty", "ſeventy", "tWeNtY", "six", "none", "1 000"]


@hyperscan_only
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATED), min_size=1, max_size=30))
def test_a_sentence_the_sentence_test_skips_has_no_clause_the_clause_tests_read(words):
    text = "The MEK is an exiled group. " + " ".join(words)
    doc = model.build("t", text)
    cues = M._vocabulary_ends(doc, M._org(doc.org))
    assert M._cue_sentences(doc, cues) == [i for i, ds in enumerate(doc.sentences)
                                           if M._cue_within(cues.all, ds.start, ds.end)]
    for ds in doc.sentences:
        sentence_words = M._cue_within(cues.numbers, ds.start, ds.end)
        large = M._cue_within(cues.large, ds.start, ds.end)
        assert not large or sentence_words
        plain = M._sentence_may_count(ds.text, ds.start, ds.dates, sentence_words)
        assert plain <= M._sentence_may_count(ds.text, ds.start, ds.dates, sentence_words, large)  # a superset
        if M._sentence_may_count(ds.text, ds.start, ds.dates, sentence_words, large):
            continue
        for cs, ce in ds.clauses:
            clause, w = text[cs:ce], M._cue_within(cues.numbers, cs, ce)
            assert not (_may_hold_estimate(clause, w) and not M._only_dates(clause, cs, ds.dates, w)
                        and _may_be_large(clause, w and M._cue_within(cues.large, cs, ce)))
            assert _may_be_large(clause, w) == _may_be_large(clause, w and M._cue_within(cues.large, cs, ce))
            assert not any(not any(d.start <= cs + q.num_start < d.end for d in ds.dates)  # no figure to read
                           and max(q.low or 0, q.high or 0) >= 10 for q in doc.quantities_in(cs, ce))


def test_the_sentence_test_on_crafted_sentences():
    def may(sentence: str) -> bool:
        ds = model.build("t", sentence).sentences[0]
        return M._sentence_may_count(ds.text, ds.start, ds.dates)

    assert not may("The group met in June 2016 and again on 5 May 2017.")  # every digit is in a date
    assert not may("The group met 5 times and had 3 camps.")  # no figure of ten or more
    assert may("The group had 3,000 members in June 2016.")
    assert may("The group had twelve hundred members.")
    assert may("It often met.")  # "ten" inside a word: a superset, the clause tests decide


def plain_only_dates(clause: str, cs: int, dates: tuple, words: bool = True) -> bool:
    """_only_dates, digit by digit: every ASCII digit inside some date, and no number word (words)."""
    if any(ch in "0123456789" and not any(d.start <= cs + i < d.end for d in dates) for i, ch in enumerate(clause)):
        return False
    return not words or not any(w.lower() in M._NUMBER_WORDS for w in M._LETTERS.findall(clause))


class _Span:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789 ,-onetwa", max_size=30), st.integers(-5, 10),
       st.lists(st.tuples(st.integers(-5, 45), st.integers(0, 12)), max_size=4), st.booleans())
def test_the_date_test_equals_the_digit_by_digit_test(clause, cs, spans, words):
    dates = tuple(_Span(cs + a, cs + a + n) for a, n in spans)  # in any order, overlapping, outside the clause
    assert M._only_dates(clause, cs, dates, words) == plain_only_dates(clause, cs, dates, words)


# --- sentences where the organisation does not take part: a site scope or a count noun is needed -----

FILLER = "Rain fell on the hills again and the roads were closed. "  # no cue word, figure or name


def _far_from_the_name(gap: int, figure: str) -> str:
    """A text naming the organisation, then Camp Ashraf two paragraphs before ``figure``, ``gap``
    characters of filler paragraphs between them (the figure's sentence does not take part)."""
    filler = (FILLER * (gap // len(FILLER) + 1))[:gap].rstrip() + "."
    return (f"The MEK is an exiled group.\n\n{FILLER}\n\n{FILLER}\n\nCamp Ashraf was closed in 2012.\n\n"
            f"{FILLER}\n\n{filler}\n\n{figure}")


@hyperscan_only
@pytest.mark.parametrize("gap, rows", [(100, 1), (4500, 1), (6000, 0)])
def test_a_site_named_paragraphs_before_gives_the_scope_within_the_lookback(gap, rows):
    text = _far_from_the_name(gap, "In 2013 the remaining 1,200 residents stayed there.")
    doc = model.build("t", text)
    index = len(doc.sentences) - 1
    assert not doc.participates(index)  # the row needs its site scope (rule me.participation)
    fast, slow = both(text)
    assert fast == slow and len(fast) == rows
    assert all(r["scope"] == "Camp Ashraf" for r in fast)


@hyperscan_only
@settings(max_examples=60, deadline=None)
@given(st.integers(4700, 5100), st.sampled_from([
    "In 2013 the remaining 1,200 residents stayed there.", "In 2013 the camp's 3,000 residents stayed.",
    "In 2013 some 2,000 MEK lived in Iraq.", "In 2013 some 2,000 people lived in Camp Ashraf.",
    "In 2013 some 2,000 people lived in Iraq.", "The army of 5,000 was there in 2013; 400 MEK stayed."]))
def test_the_site_window_equals_the_slow_path_near_its_edge(gap, figure):
    fast, slow = both(_far_from_the_name(gap, figure))
    assert fast == slow


@hyperscan_only
def test_the_pass_reports_site_names_and_count_nouns_apart():
    text = "The MEK met at Camp  Ashraf in 2003; 2,000 Mujahedin lived at Camp\nLiberty."
    doc = model.build("t", text)
    cues = M._vocabulary_ends(doc, M._org(doc.org))
    assert text.index("Camp  Ashraf") + len("Camp  Ashraf") in cues.sites  # white space inside a name
    assert text.index("Camp\nLiberty") + len("Camp\nLiberty") in cues.sites
    assert not set(cues.sites) & set(cues.all)  # a site name is no cue word
    assert text.index("MEK") + 3 in cues.counts and text.index("Mujahedin") + len("Mujahedin") in cues.counts
    assert set(cues.counts) <= set(cues.nouns)
    o = M._org(doc.org)
    assert not M._no_site_near(o, cues, len(text) - 5, len(text))
    assert M._no_site_near(o, cues, 0, text.index("Camp"))


@pytest.mark.parametrize("clause, may", [
    ("The MEK met in June 2016 [12] at Camp Ashraf 3 with $5 million", False),  # no numeral a quantity starts at
    ("The MEK in 1997 had 5 camps", False),  # a year after "in", a figure below ten
    ("The MEK had 3,000 members", True),
    ("The MEK had forty members", True),
    ("The Forty government met the MEK", False),  # a capitalised word inside a sentence: a name
])
def test_the_figure_test_on_crafted_clauses(clause, may):
    assert M._may_hold_figure(clause, 0, ()) is may
    if not may:
        assert all(max(q.low or 0, q.high or 0) < M.MIN_SIZE for q in model.find_quantities(clause))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATED + ["[12]", "$5", "Camp", "Ashraf", "in", "June", "Forty", "forty"]),
                min_size=1, max_size=20))
def test_a_clause_the_figure_test_skips_has_no_figure_the_extractor_reads(words):
    text = " ".join(words)
    doc = model.build("t", text)
    for ds in doc.sentences:
        for cs, ce in ds.clauses:
            if M._may_hold_figure(text[cs:ce], cs, ds.dates):
                continue
            for q in doc.quantities_in(cs, ce):
                assert any(d.start <= cs + q.num_start < d.end for d in ds.dates) or max(q.low or 0, q.high or 0) < 10


CAMP_TEXT = ("The MEK left Camp Ashraf for Camp Liberty (CL), a former US base; the Zarqa refugee camp and "
             "the Hurriya Temporary Transit Location (TTL) took 3,000, and Base Alpha 2 and a base at Ashraf "
             "housed the rest, while the camp's people and the Camp stayed in Iraq.")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(CAMP_TEXT)), st.integers(0, len(CAMP_TEXT)))
def test_site_names_without_the_camp_words_search_gives_the_regexs_names(a, b):
    o = M._org(model.build("t", "x").org)
    start, end = min(a, b), max(a, b)
    fast = [(m.start(), m.end()) for m in M._site_names(CAMP_TEXT, o, start, end)]
    saved = M._NAMED_CAMP_WORDS
    M._NAMED_CAMP_WORDS = ("",)  # (found everywhere: the regex is always asked)
    try:
        slow = [(m.start(), m.end()) for m in M._site_names(CAMP_TEXT, o, start, end)]
    finally:
        M._NAMED_CAMP_WORDS = saved
    assert fast == slow


def test_the_documents_sentence_starts_are_its_sentences_starts():
    doc = model.build("t", "The MEK met. Then 2,000 members left.\n\nA new paragraph; with a clause.")
    assert doc.sentence_starts() == {ds.start for ds in doc.sentences} and len(doc.sentences) >= 3
    assert doc.sentence_starts() is doc.sentence_starts()  # built once
