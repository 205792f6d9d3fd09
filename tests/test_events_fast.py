"""Round 3 of the events' fast paths (issue #13): each equals the slow path it replaces.

- events._blocks_inheritance (word runs instead of two searches) equals
  ``INHERIT_BLOCK_RE.search or NON_EVENT_RE.search``, on crafted and generated texts;
- the facts its docstring relies on (which characters a caseless pattern matches with an ASCII
  letter, which characters lower-case to one) hold for every code point;
- Document.trigger_sentences equals a sentence_at look-up per trigger.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import events, lexicon, model


def slow_blocks(text: str) -> bool:
    return bool(lexicon.INHERIT_BLOCK_RE.search(text) or lexicon.NON_EVENT_RE.search(text))


# The words and phrases of both patterns, their near misses (case, prefixes, suffixes, glued), and the
# characters a caseless pattern folds onto ASCII letters.
WORDS = [
    "This", "this", "These", "Thesee", "It is", "It", "is", "Is", "IS", "isn't", "There", "Theresa", "We", "I",
    "not", "Not", "NOT", "knot", "never", "Never", "no longer", "no", "longer", "No longer", "n't", "don't",
    "do n't", "either", "neither", "whether", "Whether", "wrote", "Wrote", "writes", "rewrote", "published",
    "contend", "contends", "contendss", "believe", "believes", "referred to", "referred", "refer to", "refers to",
    "refers", "claimed that", "claimed", "claims that", "claims", "thought to", "thought", "report that",
    "reported that", "reported", "report", "reporting that", "book", "books", "film", "films", "has", "hash",
    "are", "area", "aims", "aim", "serves", "serve", "served", "server", "said", "SAID", "Said,", "say",
    "says.", "sa\u0131d", "\u0130s", "\u017fays", "\u212aills", "ha\u017f", "moved", "bombed", "the", "group",
    "camp", "1981", ",", ".", "-", "_is", "is_", "is2", "\u2019", "'", "\"", "\u201c", "\u2018", "\n", " ",
]


def _join(words: list[str], gaps: list[str]) -> str:
    return "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words))


CRAFTED = [
    "The camp was bombed.", "This was bombed.", "Thesee were bombed.", "They never returned.",
    "It moved no longer.", "It moved, no further.", "They do n't agree.", "They don't agree.",
    "It was referred to the court.", "It was referred.", "He claimed the camp.", "He claims that it moved.",
    "The group is armed.", "The group's area grew.", "The sa\u0131d group moved.", "\u0130t moved.",
    "It \u017fays so.", "The \u212aurds moved.", "Whether it moved.", "Knot tied.", "THE GROUP SAID SO.",
    "\u201cThe group moved.", "'Twas moved.", "", " ", "reported that", "report", "the report-that",
]


@pytest.mark.parametrize("text", CRAFTED)
def test_crafted_texts_block_as_the_regexes_do(text: str) -> None:
    assert events._blocks_inheritance(text) is slow_blocks(text)


def test_the_crafted_texts_are_not_vacuous() -> None:
    answers = {slow_blocks(t) for t in CRAFTED}
    assert answers == {True, False}
    assert not events._blocks_inheritance("The camp was bombed.")
    assert events._blocks_inheritance("The group never moved.")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12),
       st.lists(st.sampled_from([" ", "", ", ", "-", "\u2019", "  ", "\n"]), min_size=1, max_size=4))
def test_generated_texts_block_as_the_regexes_do(words: list[str], gaps: list[str]) -> None:
    text = _join(words, gaps)
    assert events._blocks_inheritance(text) is slow_blocks(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_blocks_as_the_regexes_do(text: str) -> None:
    assert events._blocks_inheritance(text) is slow_blocks(text)


def test_the_word_lists_come_from_the_patterns() -> None:
    assert events._INHERIT_FAST and events._NON_EVENT_ALTS is not None
    assert {"contend", "contends", "refer to", "refers to", "report that", "reported that"} <= set(
        events._NON_EVENT_ALTS)
    for word in events._NON_EVENT_ALTS:  # each one is a match of the pattern, as a whole text
        assert lexicon.NON_EVENT_RE.fullmatch(word), word
    assert events._word_alternatives(r"\b(?:a|b[cd])\b", re.IGNORECASE) is None
    assert events._word_alternatives(r"(?:a|b)", re.IGNORECASE) is None


def test_caseless_ascii_letters_fold_only_from_the_listed_characters() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    chars = [chr(c) for c in range(128, sys.maxunicode + 1)]
    assert {c for c in chars if letter.fullmatch(c)} == set(events._ASCII_FOLDS)
    assert {c for c in chars if re.search("[a-z]", c.lower())} <= set(events._ASCII_FOLDS)


def _doc(text: str) -> model.Document:
    return model.build("t", text)


@pytest.mark.parametrize("text", [
    "", "The group bombed the camp on 4 May 1981. It was attacked again.\n\nMembers were arrested in 1990.",
    "Bombed. Attacked.  Executed.", "The MEK attacked the base. Nothing else happened. Police arrested members.",
])
def test_trigger_sentences_are_sentence_at_per_trigger(text: str) -> None:
    doc = _doc(text)
    assert doc.trigger_sentences() == {doc.sentence_at(t.start) for t in doc.triggers}


# --- designations: the stems before a caseless search (designations._may_hold) ---------------------

def _designation_patterns() -> list[tuple[re.Pattern[str], tuple[str, ...] | None, tuple[str, ...] | None]]:
    """(pattern, stems, more stems): designations tests ``_may_hold`` with both before the search."""
    from pipeline.extractors import designations as d
    return [(d._NOT_A_LIST, d._NOT_A_LIST_STEMS, ()), (d._REACTION, d._REACTION_STEMS, ()),
            (d._COURT_FREEZE, d._COURT_FREEZE_STEMS, ()), (d._COURT_UNDOES, d._COURT_UNDOES_STEMS, ()),
            (lexicon.IRREALIS_RE, d._WISH_STEMS, d._WISH_OBJECTS), (d._IRREALIS_BEFORE, d._IRREALIS_BEFORE_STEMS, ())]


def _may(text: str, stems: tuple[str, ...] | None, more: tuple[str, ...] | None) -> bool:
    from pipeline.extractors.designations import _may_hold
    return _may_hold(text, stems) and (more == () or _may_hold(text, more))


DESIGNATION_WORDS = [
    "protected", "persons", "Geneva", "Conventions", "noncombatants", "refugee", "status", "asylum", "ASYLUM",
    "condemned", "criticised", "welcomed", "opposed", "the", "EU's", "listing", "delisting", "decision", "move",
    "request", "to", "list", "freeze", "frozen", "funds", "assets", "annulled", "overturned", "quashed", "set",
    "aside", "struck", "down", "strikes", "invalidated", "campaign", "lobbied", "efforts", "calls", "for",
    "called", "hoped", "be", "removed", "delisted", "lifted", "dropped", "taken", "group", "court", ",", ".",
    "\u0130", "\u0131", "\u017f", "\u212a", "a\u017fylum", "fund\u017f", "pra\u0131sed", "\n",
    "should", "Would", "may", "can", "not", "still", "have", "been", "quickly", "whether", "If", "unless", "expected",
    "plans", "intends", "proposed", "threatened", "wants", "urged", "asked", "by", "calls on", "called upon",
    "\u017fhould", "a\u017fked", "\u0131f", ";",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DESIGNATION_WORDS), max_size=14),
       st.lists(st.sampled_from([" ", "", "  ", "\n", "-"]), min_size=1, max_size=3))
def test_designation_stems_never_skip_a_match(words: list[str], gaps: list[str]) -> None:
    text = _join(words, gaps)
    for pattern, stems, more in _designation_patterns():
        if pattern.search(text):
            assert _may(text, stems, more), (pattern.pattern[:40], text)


def test_designation_stems_are_read_and_skip() -> None:
    for pattern, stems, more in _designation_patterns():
        assert stems is not None and more is not None, pattern.pattern[:40]  # the lexicon the stems come from
        assert not _may(text := "The group was listed in 2001.", stems, more) and not pattern.search(text)
    crafted = ["They sought asylum.", "Members condemned the EU decision.", "Its assets were frozen.",
               "The court quashed the order.", "A campaign to be removed from the list.", "a\u017fylum",
               "The EU should ", "It asked the UK to ", "They decided whether "]
    for text in crafted:
        assert any(p.search(text) for p, _s, _m in _designation_patterns()), text
        for pattern, stems, more in _designation_patterns():
            assert _may(text, stems, more) or not pattern.search(text)


def test_designations_skip_nothing_on_folded_letters() -> None:
    from pipeline.extractors.designations import _may_hold
    assert _may_hold("The camp \u212a", ("asylum",)) and _may_hold("x", None)


# --- events: _BACKGROUND tried only at commas ------------------------------------------------------

BACKGROUND_WORDS = ["During", "during", "the", "war", ",", ", ", ",  ", "after", "After", "days", "two days", "weeks",
                    "before", "while", "as a result of", "facing", "group", "moved", "1981", ",,", "\n", "x,after"]


@pytest.mark.parametrize("clause", [
    "", ",", "During the war, the group moved", "The group moved, after the raid, to Iraq",
    "After the raid,, during the war", "two days after the raid, it moved, while police watched",
    ", after the raid", "x,after the raid,before", "It moved, then after 1981",
])
def test_crafted_background_phrases_are_finditers(clause: str) -> None:
    spans = [m.span("phrase") for m in events._background_phrases(clause)]
    assert spans == [m.span("phrase") for m in events._BACKGROUND.finditer(clause)]


def test_the_crafted_background_phrases_are_not_vacuous() -> None:
    assert len(events._background_phrases("two days after the raid, it moved, while police watched")) == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(BACKGROUND_WORDS), max_size=12).map(" ".join) | st.text(alphabet=",a ", max_size=12))
def test_generated_background_phrases_are_finditers(clause: str) -> None:
    got = [(m.span(), m.span("phrase")) for m in events._background_phrases(clause)]
    assert got == [(m.span(), m.span("phrase")) for m in events._BACKGROUND.finditer(clause)]


def test_casualties_read_the_same_figures_without_the_harm_word_death() -> None:
    # "death" alone names no figure; the other harm words keep theirs.
    assert events.casualties("He was sentenced to death with 12 others") == events._NO_CASUALTIES
    assert events.casualties("The bomb killed 12 and wounded 30") == {
        "deaths_low": 12, "deaths_high": 12, "injured_low": 30, "injured_high": 30}
    assert events.casualties("It caused 5 deaths") == {
        "deaths_low": 5, "deaths_high": 5, "injured_low": None, "injured_high": None}


# --- events: the second attribution pattern searched from where it can first match -----------------

AGENT_WORDS = ["The", "the", "Iranian", "officials", "Officials", "MEK", "U.S.", "O’Brien", "Jean-Paul", "police",
               "Police", "said", "claimed", "says", "reported", "raid", ",", ";", "(", ")", "1981", "’s", "Smith",
               "State", "Department", "authorities", "killed", "\u201c", "—", "\n", "x-said"]


def _slow_agent(sentence: str) -> tuple[int, int] | None:
    m = lexicon.ATTRIBUTION_RES[1].search(sentence)
    return m.span("who") if m else None


def _fast_agent(sentence: str) -> tuple[int, int] | None:
    m = lexicon.ATTRIBUTION_RES[1].search(sentence, events._agent_from(sentence))
    return m.span("who") if m else None


@pytest.mark.parametrize("sentence", [
    "", "Police said", "The raid, Iranian officials said, killed 9", "(Police) said so", "Smith,Police said",
    "The U.S. State Department said; the MEK claimed", "No one said anything", "“Officials said it",
    "O’Brien said", "x-said", "Jean-Paul Smith reported", "In 1981 police claimed", "said Police said",
])
def test_crafted_agents_are_the_same(sentence: str) -> None:
    assert _fast_agent(sentence) == _slow_agent(sentence)


def test_the_crafted_agents_are_not_vacuous() -> None:
    assert _slow_agent("The raid, Iranian officials said, killed 9") is not None
    assert events._agent_from("The raid, Iranian officials said, killed 9") == len("The raid,")
    assert events._agent_from("nothing here") == len("nothing here")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(AGENT_WORDS), max_size=14),
       st.lists(st.sampled_from([" ", "", "  ", ", ", "\n"]), min_size=1, max_size=3))
def test_generated_agents_are_the_same(words: list[str], gaps: list[str]) -> None:
    sentence = _join(words, gaps)
    assert _fast_agent(sentence) == _slow_agent(sentence)
    assert events.attribution(sentence) == next(
        (m.group("who").strip(" ,.") for p in lexicon.ATTRIBUTION_RES if (m := p.search(sentence))), None)
