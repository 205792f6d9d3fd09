"""The designation extractor's fast paths against the plain computations they replace.

- the vocabulary prefilter (units without list or court words are skipped): the same rows as
  with every unit read (``extract_designations(doc, prefilter=False)``);
- the listing verbs' layer (``lexicon.DESIGNATION_VERB_SCANNER``, one Hyperscan pass per unit):
  the matches of each verb pattern in any window, as ``pattern.finditer`` gives them;
- ``multiscan.leading_parts``: every match of a pattern begins with a match of one of its parts.

Sentences are crafted for these tests (an invented organisation, "Acme Front").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import designations, lexicon, model
from pipeline.extractors.organisation import from_aliases
from pipeline.package.sources import read_texts
from pipeline.text import multiscan

REPO = Path(__file__).resolve().parents[1]
ACME = from_aliases(["Acme Front", "AF"])
hyperscan_only = pytest.mark.skipif(multiscan.hyperscan is None, reason="no hyperscan wheel here")


def both(text: str) -> tuple[list[dict], list[dict]]:
    doc = model.build("t", text, ACME)
    return designations.extract_designations(doc), designations.extract_designations(doc, prefilter=False)


CRAFTED = [
    "The Acme Front was designated a terrorist group by the United States in 1999.\n\nIt held a rally in Paris.",
    "Acme Front members met.\nIn 2003 the EU listed the group.\n\nThe UK did the same in 2005.",
    "Countries that have banned the Acme Front:\n- Canada (2002)\n- Japan, 2004\n\nThe weather was fine.",
    "United Kingdom\n\nThe Acme Front held a congress. In March 2001 the Home Office proscribed it.",
    "The Court annulled the Council decision to freeze the funds of the Acme Front in 2006.",
    "A journalist in an urban area wrote about the Acme Front.\nThe group was removed from the list in 2012.",
    "The Acme Front was added to the\nlist of terrorist organisations by Canada in 2005 and the UK in 2006.",
    "The Acme Front, delisted by the EU in 2009, said the decision was just. These actions are effective today.",
    # units skipped in a run (extract_designations jumps to the next unit with a word of _VOCABULARY):
    # a heading among them, a paragraph left and one joined, a hard-wrapped line running on
    "Canada\n\nThe weather was fine.\n\nThe Acme Front met in a hall.\n\nThe Acme Front was banned in 2004.",
    "The EU listed the Acme Front in 2003. The weather was fine.\nIt was delisted in 2009.",
    "The EU listed the Acme Front in 2003.\n\nThe weather was fine.\n\nIt was delisted in 2009.",
    "The Acme Front held a long congress in the capital city of the country that\nyear and then the members went"
    " home.\nThe group was listed as a terrorist organisation by Canada in 2005.",
    "Japan\n\nThe Acme Front held a long congress in the capital city of the country that\nyear and then the"
    " members were designated\nterrorists in 2006 by the EU.",
]


@pytest.mark.parametrize("text", CRAFTED)
def test_the_prefilter_gives_the_rows_of_every_unit_read(text: str) -> None:
    fast, slow = both(text)
    assert fast == slow


def test_the_crafted_texts_give_rows() -> None:
    """The equality above is not between empty lists."""
    assert sum(1 for text in CRAFTED if both(text)[0]) >= 9


def test_the_prefilter_gives_the_rows_of_every_unit_read_on_the_raw_texts() -> None:
    total = 0
    for source_id, text in read_texts(REPO / "raw").items():
        doc = model.build(source_id, text)
        fast = designations.extract_designations(doc)
        assert fast == designations.extract_designations(doc, prefilter=False), source_id
        total += len(fast)
    assert total > 10


WORDS = ["Acme Front", "AF", "the group", "It", "was", "were", "designated", "listed", "list", "lists", "banned",
         "ban", "delisted", "removed", "from", "its", "terrorist", "organisation", "court", "Court", "annulled",
         "freeze", "funds", "Council", "the", "a", "United States", "EU", "UK", "Canada", "Home Office", "by", "in",
         "2001", "on 4 May 2005", "and", "did the same", "today", "effective", "actions", "Act 2000", "journalist",
         "urban", "Lebanon", "proscribed", "PROSCR\u0130BED", "l\u0131sted", "\u017fanctioned", "ban\u212a",
         "it", "remains", "on", "was not", "should be", ",", ".", ":", "\n", "\n\n", "- ", "United Kingdom\n\n"]


@settings(max_examples=250, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=45).map(" ".join))
def test_the_prefilter_gives_the_rows_of_every_unit_read_on_generated_texts(text: str) -> None:
    fast, slow = both(text)
    assert fast == slow


@hyperscan_only
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="lLiIst\u0130\u0131\u017f\u212akK banroucfTO", max_size=40))
def test_the_vocabulary_spans_cover_every_word_python_finds(text: str) -> None:
    """Case folds included: "İ" lowers to "i" + a dot, the Kelvin sign to "k"; "ſ", "ı" match under IGNORECASE."""
    doc = model.build("t", text, ACME)
    spans = designations._vocabulary_spans(doc)
    assert spans is not None
    lower = text.lower()
    for word in designations._VOCABULARY:
        if word in lower:
            assert spans, (text, word)


# --- the verbs' layer -------------------------------------------------------------------------

VERB_TEXTS = [
    "The U.S. State Department, the United Kingdom and British lawmakers listed it; the UN Security Council did not.",
    "The EU delisted the group in 2009, then re-listed it; the Court upheld the annulment of the decision.",
    "Canada did the same. The UK kept the group on its list and renewed the designation; it remains on the list.",
    "It was removed from the US list, struck off the roster and de-listed; LISTED, Listed, l\u0131sted.",
    "The minister's appeal was dismissed. The tribunal ruled the ban should no longer be imposed.",
    "The designation of the group expired. They regard it as a terrorist organisation; sanctions were imposed on it.",
]


def verb_matches(text: str, k: int, cs: int, ce: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in lexicon.DESIGNATION_VERBS[k][4].finditer(text, cs, ce)]


def check_windows(text: str) -> int:
    verbs = designations._Verbs(text, 0, len(text))
    doc = model.build("t", text, ACME)
    found = 0
    cuts = sorted({0, len(text), *(m.end() for m in re.finditer(r"[,;.]\s|\s(?:and|then)\s", text))})
    windows = [(a, b) for a in cuts for b in cuts if a < b] + [(0, len(text) - 3), (2, len(text))]
    for cs, ce in windows:
        for k in range(len(lexicon.DESIGNATION_VERBS)):
            got = [(m.start(), m.end()) for m in verbs.find(k, cs, ce)]
            assert got == verb_matches(text, k, cs, ce), (text, k, cs, ce)
            found += len(got)
        names = [(m.start(), m.end(), m.lastgroup) for m in verbs.jurisdictions(doc, cs, ce)]
        assert names == [(m.start(), m.end(), m.lastgroup) for m in lexicon.JURISDICTION_RE.finditer(text, cs, ce)]
    return found


@hyperscan_only
def test_the_verbs_layer_uses_hyperscan() -> None:
    assert lexicon.DESIGNATION_VERB_SCANNER.intervals("It was listed.") is not None


@pytest.mark.parametrize("text", VERB_TEXTS)
def test_the_verbs_layer_gives_the_matches_of_each_pattern_in_every_window(text: str) -> None:
    assert check_windows(text) > 0


VERB_WORDS = ["the", "group", "was", "were", "listed", "list", "re-listed", "delisted", "de-list", "removed",
              "from", "its", "the list", "upheld", "annulment", "did", "same", "so", "kept", "on", "renewed",
              "designation", "ban", "banned", "imposed", "sanctions", "regard", "as", "terrorist", "organisation",
              "not", "renew", "struck", "off", "EU", "U.S.", "Canada", "British", "lawmakers", "Council",
              "\u0130", "\u017f", "\u212a", "\u0131", "é", ",", ";", ".", "\n", "’s"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VERB_WORDS), max_size=30).map(" ".join))
def test_the_verbs_layer_gives_the_matches_of_each_pattern_on_generated_texts(text: str) -> None:
    check_windows(text)


# --- leading parts ------------------------------------------------------------------------------

def test_leading_parts_of_crafted_patterns() -> None:
    assert multiscan.leading_parts(r"ab?c\w*d|x(?:y|z)+w{2}v") == [r"ab?c", r"x(?:y|z)+"]  # a {m,n} repeat ends the run
    assert multiscan.leading_parts(r"\bfoo(?=bar)baz|(?<!q)qux\b") == ["foobaz", "qux"]
    assert multiscan.leading_parts(r"(?:the|a) (?:\w+ ){0,2}list") == ["(?:the|a) "]
    assert multiscan.leading_parts(r"ab|[^x]y") is None  # a negated class first: could begin anywhere
    assert multiscan.leading_parts(r"ab|\w*y") is None


@pytest.mark.parametrize("k", range(len(lexicon.DESIGNATION_VERBS)))
def test_every_verb_match_begins_with_a_leading_part(k: int) -> None:
    action = lexicon.DESIGNATION_LEXICON["actions"][k]
    parts = multiscan.leading_parts(lexicon._spaces(action["pattern"]))
    assert parts
    pattern = lexicon.DESIGNATION_VERBS[k][4]
    compiled = [re.compile(p, re.IGNORECASE) for p in parts]
    texts = [*VERB_TEXTS, *read_texts(REPO / "raw").values()]
    for text in texts:
        for m in pattern.finditer(text):
            assert any(c.match(text, m.start()) for c in compiled), (k, m.group(0))


def test_the_multiscanner_without_parts_runs_the_pattern() -> None:
    pattern = re.compile(r"\bab+c", re.IGNORECASE)
    scanner = multiscan.MultiScanner([pattern], [None])
    text = "abc xabbc ABBC"
    spans = scanner.intervals(text)
    assert spans is None or spans == [None]
    got = [m.group(0) for m in scanner.finditer(0, text, 0, len(text), None if spans is None else spans[0])]
    assert got == ["abc", "ABBC"]


# --- the list-context test ----------------------------------------------------------------------

LC_WORDS = ["the", "terrorist", "list", "lists of", "banned", "ban", "bank", "urban", "its", "EU", "U.S.", "’s",
            "'s", "official", "groups", "designated", "as", "an", "organisation", "is", "was", "de-listed", "FTO",
            "1267", "roster", "register of", "sanctions", "on", "x", "\u0130", "\u017f", "\u212a", "é", ",", ".", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LC_WORDS), max_size=30).map(" ".join), st.integers(0, 6), st.integers(0, 6))
def test_the_list_context_test_is_the_search_of_the_pattern(text: str, cut_start: int, cut_end: int) -> None:
    doc = model.build("t", text, ACME)
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    s = text[start:end]  # a unit's text may begin or end inside a word of the text
    expected = bool(lexicon.LIST_CONTEXT_RE.search(s))
    assert designations._list_context(doc, s, start) == expected
    assert designations._list_context(doc, s, start, fast=False) == expected


def test_the_list_context_halves_on_crafted_texts() -> None:
    for text, expected in [("It is on the official terrorist list.", True), ("An urban bank.", False),
                           ("Put on the US list.", True), ("the old list", True), ("the lists", True),
                           ("the listserv", False),
                           ("It was banned.", True), ("Bankers at the Lebanon branch.", False), ("Unbanked.", True)]:
        doc = model.build("t", text, ACME)
        assert designations._list_context(doc, text, 0) is expected, text
        assert bool(lexicon.LIST_CONTEXT_RE.search(text)) is expected, text


def test_closing_words_of_crafted_patterns() -> None:
    assert multiscan.closing_words(r"(?:the|a)\s+(?:\w+\s+)?(?:list|roster)\b|x(?:ban|bans)") == [
        "list", "roster", "ban", "bans"]
    assert multiscan.closing_words(r"(?:the|a)\s+(?:list|roster)?") is None  # optional: not held
    assert multiscan.closing_words(r"(?:the|a)\s+list|was\s+(?:\w+\s+)?listed\b") == ["list", "listed"]
    assert multiscan.closing_words(r"(?:the|a)\s+lists?") is None  # an optional letter ends it
    assert multiscan.opening_words(r"(?:is|was)\s+listed") == ["is", "was"]
    assert multiscan.opening_words(r"the\s+list") == ["the"]
    assert multiscan.opening_words(r"\w+\s+list") is None
    assert lexicon.LIST_CONTEXT_COMMON_WORDS is not None
    for text in ["the official list", "a UN roster", "its new register"]:
        m = lexicon.LIST_CONTEXT_COMMON_RE.search(text)
        assert m and any(w in m.group(0).lower() for w in lexicon.LIST_CONTEXT_COMMON_WORDS)


TERM_WORDS = ["the", "Terrorism Act 2000", "Terrorism Act", "2000", "FTO", "FTOs", "fto",
              "Foreign Terrorist Organization",
              "1267 Committee", "Criminal Code Act 1995", "in", "1995", "listed", "as", "an", ",", ".", "\n", "x", "ſ"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TERM_WORDS), max_size=25).map(" ".join))
def test_the_list_name_prefilter_changes_no_answer(text: str) -> None:
    doc = model.build("t", text, ACME)
    terms = designations._term_spans(doc)
    for ds in doc.sentences:
        for d in ds.dates:
            assert designations._law_year(text, d, terms) == designations._law_year(text, d)
        for a, b in [(ds.start, ds.end), (0, len(text)), (ds.start, min(ds.end, ds.start + 12))]:
            assert designations._list_term(text, a, b, terms) == designations._list_term(text, a, b)


def test_the_list_name_prefilter_on_crafted_text() -> None:
    text = "Under the Terrorism Act 2000 the group was banned in 2001; the US named it an FTO."
    doc = model.build("t", text, ACME)
    terms = designations._term_spans(doc)
    dates = [d for ds in doc.sentences for d in ds.dates]
    assert [designations._law_year(text, d, terms) for d in dates] == [True, False]
    assert designations._list_term(text, 0, 40, terms)[0][2] == "GB"
    assert designations._list_term(text, 0, len(text), terms)[0][2] == "US"  # the table's order: US first
    assert designations._list_term(text, 30, 70, terms) == []


@hyperscan_only
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), st.data())
def test_window_intervals_are_the_windows_own_intervals_shifted(text: str, data: st.DataObject) -> None:
    scanner = lexicon.DESIGNATION_VERB_SCANNER
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    shifted = [None if iv is None else [(s + a, e + a) for s, e in iv] for iv in scanner.intervals(text[a:b])]
    assert scanner.window_intervals(text, a, b) == shifted


def test_innermost_words_keep_one_word_of_each_occurrence() -> None:
    assert designations._innermost(["listed", "list", "List", "roster", "lists", "list"]) == ["List", "roster"]


@pytest.mark.parametrize("spelling", ["Commission", "Comm\u0130ssion", "Comm\u0131ssion"])
def test_a_court_word_is_found_as_the_caseless_court_pattern_reads_it(spelling):
    """The substring tests before the caseless court and list patterns read the text folded as
    IGNORECASE does ("İ" and "ı" are "i" to it), so a court named so is still a court."""
    text = ("The People's Mojahedin Organization of Iran (MEK) was proscribed in the United Kingdom in 2001. "
            f"In 2007 the Proscribed Organisations Appeal {spelling} ordered the Home Secretary to lift the ban "
            "on the MEK.")
    rows = designations.extract_designations(model.build("t", text))
    assert [r["action"] for r in rows] == ["listed", "listing_annulled_by_court"]


# --- the cue of the list context's common half -------------------------------------------------------

CUE_WORDS = ["the", "its", "their", "a", "an", "is", "was", "been", "being", "list", "lists", "listed", "listing",
             "de", "de-", "delisted", "de-listed", "blacklist", "blacklisted", "roster", "rosters", "register",
             "registered", "US", "official", "terrorist", "x", "_", "5", "’s", "'", "-", " ", "\t", "\n", "\x1c", ",",
             "LIST", "Listed", "Roster"]


def test_the_common_cue_is_read_from_the_pattern_as_written() -> None:
    assert designations._COMMON_CUE is not None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CUE_WORDS), max_size=14).map(lambda ws: "".join(ws)) |
       st.lists(st.sampled_from(CUE_WORDS), max_size=14).map(" ".join))
def test_every_common_match_holds_the_cue(text: str) -> None:
    if lexicon.LIST_CONTEXT_COMMON_RE.search(text):
        assert designations._COMMON_CUE.search(text.lower()), text


def test_the_common_cue_on_crafted_texts() -> None:
    for text, match in [("It is on the official list.", True), ("They were de-listed.", True),
                        ("It was delisted.", True), ("blacklisted groups", False), ("the listing", False),
                        ("a US roster, then", True), ("listed", False)]:
        assert bool(lexicon.LIST_CONTEXT_COMMON_RE.search(text)) is match, text
        if match:
            assert designations._COMMON_CUE.search(text.lower()), text
    assert designations._COMMON_CUE.search("blacklisted groups") is None  # the cue skips what cannot match


# --- a unit's window: its clauses never reach past its sentences ----------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LC_WORDS + [";", ", and", ", but", " - ", "\n\n", "Acme Front", "listed", "in 2004"]),
                max_size=40).map(" ".join))
def test_clauses_lie_inside_their_sentences(text: str) -> None:
    """extract_designations reads a unit's verbs in the unit's span, before splitting its clauses."""
    doc = model.build("t", text, ACME)
    for i, ds in enumerate(doc.sentences):
        assert all(ds.start <= a <= b <= ds.end for a, b in ds.clauses), (text, i)
        unit = designations._unit(doc, i, i)
        assert all(unit.start <= a <= b <= unit.end for a, b in unit.clauses)
    for i in range(1, len(doc.sentences)):
        unit = designations._unit(doc, i - 1, i)  # two sentences read as one (a hard-wrapped line)
        assert all(unit.start <= a <= b <= unit.end for a, b in unit.clauses)
