"""The events' prefilters (issue #13) change no result: each skip is checked against the slow path.

- multiscan.EndScanner reports every end of every match of its parts, in any window;
- Document.may_match is True wherever a pattern the events read can match in a window;
- lexicon.find_triggers (confirmed only at word boundaries, NOT_OCCURRENCE_RE behind its words)
  equals the plain finditer / search;
- extract_events with the prefilter equals extract_events with it switched off (every sentence
  visited, every clause-level search run) on crafted and generated texts.
"""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import events, lexicon, model
from pipeline.extractors.lexicon import Trigger, without_boundaries
from pipeline.text import multiscan
from pipeline.text.multiscan import EndScanner

hyperscan_only = pytest.mark.skipif(multiscan.hyperscan is None, reason="no hyperscan wheel here")

# Words of the patterns the prefilter stands for, their near misses, and characters that test the
# byte stand-ins (Kelvin sign, long s, dotted I, curly quotes, separators).
WORDS = [
    "the", "MEK", "group", "members", "its", "On", "4", "May", "1981", "in", "1990s", ",", ".", ";", "\n", "\n\n",
    "bombed", "bombing", "attack", "attacked", "bases", "positions", "renounced", "violence", "disarmed", "foiled",
    "killed", "killing", "dead", "injured", "wounded", "shot", "murdered", "assassinated", "skilled",
    "after", "before", "during", "following", "while", "although", "despite", "facing", "days", "as a result of",
    "according to", "Officials", "said", "claimed", "reported", "Police", "announced",
    "throughout", "the Iran-Iraq War", "at the height of", "anniversary", "of", "tenth", "10th",
    "has since", "have", "since", "then", "condemned", "denounced", "deplored", "bombings", "executions",
    "did not", "does", "not",
    "in the weeks before", "in the years after", "aim", "objective", "was to", "is", "born", "on", "Paris",
    "Tehran", "Iraq",
    "to", "at", "near", "Camp", "Ashraf", "arrested", "executed", "protest", "moved", "founded", "was formed",
    "council", "expelled", "diplomats", "Operation", "Dawn", "rally", "court", "left", "opened", "an office",
    "- ", "1. ", "In response,", "A few days later", "“", "”", "'", "‘", "’", "\"",
    "\u212a", "ſ", "\u0130", "é", "\x1c", "\u00a0", "x", "_", "-",
]
texts = (st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
         | st.lists(st.sampled_from(WORDS), max_size=60).map("".join)
         | st.text(max_size=60))


def _brute_ends(part: str, text: str) -> list[int]:
    """Every offset where a match of ``part`` (caseless) ends, by trying every span (Python's reading)."""
    rx = re.compile(part, re.IGNORECASE)
    return sorted({e for s in range(len(text)) for e in range(s + 1, len(text) + 1) if rx.fullmatch(text, s, e)})


# --- without_boundaries ------------------------------------------------------------------------------

def test_without_boundaries_drops_word_boundaries_only() -> None:
    assert without_boundaries(r"\bkill(?:ed)?\b") == "kill(?:ed)?"
    assert without_boundaries(r"a\\b") == r"a\\b"  # an escaped backslash then "b" is no assertion
    assert without_boundaries(r"[\b]x\B") == r"[\b]x\B"  # a backspace in a class; \B is kept (not window-safe)
    assert without_boundaries(r"[]\b]\bx") == r"[]\b]x"


def test_without_boundaries_is_a_larger_language() -> None:
    pattern = r"\bbomb\w*\b (?:\w+ ){0,2}bases\b"
    loose = re.compile(without_boundaries(pattern))
    for text in ["bombed the bases", "xbombed the basesx", "bomb bases"]:
        if re.search(pattern, text):
            assert loose.search(text)
    assert loose.search("xbombed the basesx") and not re.search(pattern, "xbombed the basesx")


# --- EndScanner ---------------------------------------------------------------------------------------

SMALL = EndScanner("test-small", {"a": ["kill(?:ed|ing)", "dead"], "b": ["in the course of", r"born\s+in"]})


@hyperscan_only
def test_end_scanner_reports_every_end() -> None:
    text = "He was killed; KILLING the dead,\u212aILLED in the course of\tit, born\n in x."
    ends = SMALL.ends(text)
    assert ends is not None
    assert ends["a"] == sorted(set(_brute_ends("kill(?:ed|ing)", text)) | set(_brute_ends("dead", text)))
    assert ends["a"] and ends["b"]
    assert text[: ends["b"][-1]].endswith("born\n in")


@hyperscan_only
@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=20).map(" ".join) | st.text(max_size=40))
def test_end_scanner_ends_are_pythons(text: str) -> None:
    ends = SMALL.ends(text)
    assert ends is not None
    for group, parts in (("a", ["kill(?:ed|ing)", "dead"]), ("b", ["in the course of", r"born\s+in"])):
        assert ends[group] == sorted({e for p in parts for e in _brute_ends(p, text)})


def test_end_scanner_refuses_what_it_cannot_read() -> None:
    assert not EndScanner("t-b", {"a": [r"\bkill"]}).window_safe
    assert EndScanner("t-la", {"a": [r"kill(?!ed)"]}).ends("killed") is None  # look-around: no prefilter
    assert EndScanner("t-ok", {"a": ["kill"]}).window_safe


def test_end_scanner_survives_pickling() -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(SMALL))
    assert copy.name == SMALL.name and copy.ends("killed") == SMALL.ends("killed")


# --- Document.may_match: a superset of every search it guards ----------------------------------------

def _doc(text: str) -> model.Document:
    return model.build("t", text)


# (group, a function telling whether the guarded search matches in text[a:b])
GUARDED = [
    ("overrides", lambda t, a, b: any(p.search(t[a:b]) for _k, p in lexicon.EVENT_OVERRIDES)),
    *[(f"override{i}", lambda t, a, b, p=p: p.search(t[a:b])) for i, (_k, p) in enumerate(lexicon.EVENT_OVERRIDES)],
    ("harm", lambda t, a, b: lexicon.HARM_RE.search(t[a:b])),
    ("background", lambda t, a, b: events._BACKGROUND.search(t[a:b])),
    ("period", lambda t, a, b: events._PERIOD_RE.search(t, a, b)),
    ("anniversary", lambda t, a, b: events._ANNIVERSARY.search(t, a, b)),
    ("since", lambda t, a, b: events._SINCE.search(t[a:b])),
    ("places", lambda t, a, b: lexicon.PLACE_RE.search(t, a, b)),
    ("reaction", lambda t, a, b: events._REACTION.search(t, a, b)),
    ("unreported", lambda t, a, b: events._UNREPORTED.search(t, a, b) or events._UNREPORTED.search(
        events._unquoted(t[a:b]))),
    ("born", lambda t, a, b: events._BORN.search(t[a:b])),
    ("time_apart", lambda t, a, b: events._TIME_APART.search(t, a, b)),
]


def test_every_cue_group_is_guarded_here() -> None:
    assert {g for g, _f in GUARDED} == set(events._CUES._groups)
    assert events._CUES.window_safe


@hyperscan_only
@pytest.mark.parametrize("group", [g for g, _f in GUARDED])
def test_crafted_windows_that_match_are_never_skipped(group: str) -> None:
    text = ("On 4 May 1981, after the raid, officials said the MEK bombed the bases in Paris; it renounced "
            "violence, killing two, during the Iran-Iraq War. On the tenth anniversary of the raid, the group "
            "has since condemned the bombings. The aim of the move was to leave; he did not, born in 1950. "
            "It left in the weeks before they left. They foiled it. Army forces raided it. Police captured them.")
    doc, guard = _doc(text), dict(GUARDED)[group]
    hits = [(a, b) for a in range(0, len(text), 3) for b in range(a + 1, len(text) + 1) if guard(text, a, b)]
    assert hits, "the crafted text holds a match of every guarded pattern"
    assert all(doc.may_match(events._CUES, group, a, b) for a, b in hits)
    assert not doc.may_match(events._CUES, group, 0, 0)


@hyperscan_only
@settings(max_examples=150, deadline=None)
@given(texts, st.data())
def test_generated_windows_that_match_are_never_skipped(text: str, data: st.DataObject) -> None:
    doc = _doc(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    for group, guard in GUARDED:
        if guard(text, a, b):
            assert doc.may_match(events._CUES, group, a, b), group


def _same_as_may_match(text: str, windows: list[tuple[int, int]]) -> None:
    """events._may and events._sentences_holding answer as Document.may_match does."""
    doc = _doc(text)
    ends = events._cue_ends(doc)
    assert set(ends) == set(events._CUES._groups)
    for group in ends:
        for a, b in windows:
            assert events._may(ends[group], a, b) == doc.may_match(events._CUES, group, a, b), (group, a, b)
        holding = events._sentences_holding(doc, ends[group])
        for i, ds in enumerate(doc.sentences):
            assert (holding is None or i in holding) == doc.may_match(events._CUES, group, ds.start, ds.end), group


@hyperscan_only
def test_crafted_windows_are_tested_as_may_match_does() -> None:
    text = ("On 4 May 1981, after the raid, officials said the MEK bombed the bases in Paris. It has since condemned "
            "the bombings.\n\nDuring the Iran-Iraq War it was born. On the tenth anniversary of the raid, they left.")
    _same_as_may_match(text, [(a, b) for a in range(0, len(text), 2) for b in range(a, len(text) + 1, 3)])
    doc = _doc(text)
    assert events._sentences_holding(doc, events._cue_ends(doc)["period"]) == {2}  # not vacuous


def test_cue_ends_tell_nothing_without_the_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "_CUES", _Off())
    doc = _doc("The MEK bombed a bank in 1981. It left.")
    ends = events._cue_ends(doc)
    assert all(v is None for v in ends.values())
    assert events._may(ends["places"], 0, 0) and events._sentences_holding(doc, ends["since"]) is None


@settings(max_examples=150, deadline=None)
@given(texts, st.data())
def test_generated_windows_are_tested_as_may_match_does(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    _same_as_may_match(text, [(a, b), (0, len(text)), (a, a)])


# --- find_triggers --------------------------------------------------------------------------------------

def _slow_triggers(text: str) -> list[Trigger]:
    out = []
    for m in lexicon.TRIGGER_RE.finditer(text):
        if not lexicon.NOT_OCCURRENCE_RE.search(text, max(0, m.start() - 20), m.start()):
            rank = int(m.lastgroup[1:])
            out.append(Trigger(m.start(), m.end(), rank, lexicon.EVENT_TRIGGERS[rank][0]))
    return out


TRIGGER_TEXTS = [
    "The rebels bombed the depot; the bombings went on and a skilled unskilled man was killed.",
    "They were to be executed, would be arrested, and plans to move to the camp; it is expected to be attacked.",
    "counterattacked, reattack, Bombings, \u212aILLED, _killed, killed_, 9killed, killed9, ſhot.",
    "",
]


@pytest.mark.parametrize("text", TRIGGER_TEXTS)
def test_crafted_triggers_equal_the_slow_path(text: str) -> None:
    assert lexicon.find_triggers(text) == _slow_triggers(text)
    assert lexicon._trigger_matches(text) == [(m.start(), m.end(), int(m.lastgroup[1:]))
                                              for m in lexicon.TRIGGER_RE.finditer(text)]


def test_the_crafted_trigger_texts_are_not_vacuous() -> None:
    found = lexicon.find_triggers(TRIGGER_TEXTS[1])
    assert len(found) < len(list(lexicon.TRIGGER_RE.finditer(TRIGGER_TEXTS[1])))  # some are left out
    assert len(lexicon.find_triggers(TRIGGER_TEXTS[0])) >= 3


@settings(max_examples=300, deadline=None)
@given(texts)
def test_generated_triggers_equal_the_slow_path(text: str) -> None:
    assert lexicon.find_triggers(text) == _slow_triggers(text)
    assert lexicon._trigger_matches(text) == [(m.start(), m.end(), int(m.lastgroup[1:]))
                                              for m in lexicon.TRIGGER_RE.finditer(text)]


def test_triggers_without_the_prefilter_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the wheel (no ends, the pure-re scanner) find_triggers takes the plain path."""
    text = TRIGGER_TEXTS[1] + " " + TRIGGER_TEXTS[0]
    fast = lexicon.find_triggers(text)
    monkeypatch.setattr(lexicon, "_NOT_OCCURRENCE_CUES", EndScanner("off", {"a": [r"(?!x)"]}))
    monkeypatch.setattr(lexicon, "TRIGGER_SCANNER", multiscan.Scanner(lexicon.TRIGGER_RE, [], engine="re"))
    assert lexicon._NOT_OCCURRENCE_CUES.ends(text) is None
    assert lexicon.find_triggers(text) == fast == _slow_triggers(text)


# --- extract_events: the prefilter on and off give the same records -------------------------------------

class _Off(EndScanner):
    """A prefilter that tells nothing: every sentence is visited and every search runs (the slow path)."""

    def __init__(self) -> None:
        super().__init__("events-off", {"any": ["x"]})
        self.window_safe = False


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[dict], list[dict]]:
    fast = events.extract_events(_doc(text))
    with monkeypatch.context() as m:
        m.setattr(events, "_CUES", _Off())
        slow = events.extract_events(_doc(text))
    return fast, slow


EVENT_TEXTS = [
    "The MEK was founded in 1965. On 4 May 1981, after the raid on its bases, officials said the group bombed "
    "the office in Tehran, killing two people and injuring 5. In response, the group renounced violence.",
    "Members of the group moved to Camp Ashraf in 1986.\n\nMEK units fought beside Iraqi troops during the "
    "Iran-Iraq War.\n\n"
    "A few days later, it was disarmed. On the tenth anniversary of the massacre, the MEK protested in Paris.",
    "The MEK carried out these attacks:\n\n- 2 March 1975 - bombing of a cinema.\n- 9 April 1975 - the manager "
    "of a bank.\n- 3 May 1975 - bombing of a hotel.",
    "Rebel forces tightened their hold on the city in 1988.\n\nThe rebel National Liberation Army took the town. "
    "It has since disbanded. The MEK did not attack in 1990; its aim in 1991 was to leave. “We bombed it,” he "
    "said in 1992. The group condemned the bombings carried out in 1993 by the police.",
    "The weather in 1990 was fine. Nothing happened in 1991 to anyone.",
]


@pytest.mark.parametrize("text", EVENT_TEXTS)
def test_crafted_texts_give_the_same_events(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(text, monkeypatch)
    assert fast == slow


def test_the_crafted_event_texts_are_not_vacuous(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [r for t in EVENT_TEXTS for r in _both(t, monkeypatch)[0]]
    assert len(rows) >= 8
    assert {"ev.list_item", "ev.anniversary", "ev.named_period"} <= {r["rule_id"] for r in rows}
    assert any(r["deaths_low"] == 2 for r in rows) and any(r["location"] == "Paris" for r in rows)


SENTENCES = [
    "The MEK bombed a bank in Tehran on 4 May 1981.", "The group was founded in 1965.", "It has since moved.",
    "In 1986, after leaving Iran, the group moved to Iraq.", "Officials said the MEK attacked the bases in 1999.",
    "MEK units fought beside Iraqi troops during the Iran-Iraq War.", "Its members were executed in 1988, killing 30.",
    "The weather was fine in 1990.", "The MEK did not attack in 1992.", "On the tenth anniversary of the "
    "massacre, the group protested.", "- 2 March 1975 - bombing of a cinema.", "- 9 April 1975 - a bank.",
    "A few days later, it was disarmed.", "In response, the MEK renounced violence.", "Rebels took the town.",
    "The council condemned the bombings in 2001.", "“We attacked,” he said in 2003.", "He was born in 1950.",
]


@hyperscan_only
@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=10),
       st.lists(st.sampled_from([" ", "\n\n", "\n"]), min_size=10, max_size=10))
def test_generated_texts_give_the_same_events(sentences: list[str], gaps: list[str]) -> None:
    text = "".join(s + g for s, g in zip(sentences, gaps, strict=False))
    mp = pytest.MonkeyPatch()
    try:
        fast, slow = _both(text, mp)
    finally:
        mp.undo()
    assert fast == slow


# --- organisation.references: both prefilters in one pass ------------------------------------------------

def _slow_references(text: str) -> list:
    from pipeline.extractors.organisation import GENERIC_REFERENCE, OrgRef, load

    matcher = load().matcher
    named = [OrgRef(m.start(), m.end(), next(matcher._kinds[int(k[1:])] for k, v in m.groupdict().items() if v),
                    m.group(0)) for m in matcher.regex.finditer(text)]
    generic = [OrgRef(m.start(), m.end(), "generic", m.group(0)) for m in GENERIC_REFERENCE.finditer(text)]
    return sorted(named + generic, key=lambda r: (r.start, r.end))


REF_WORDS = ["the", "group", "members", "of", "its", "fighters", "an", "exiled", "armed", "opposition", "MEK",
             "Mek", "PMOI", "Mojahedin", "Mujahideen", "People's", "Mojahedin", "Organization", "Iran", "Rajavi",
             "Camp", "Ashraf", "NCRI", "-", ",", ".", "\n", "organisation", "movement", "this", "\u212a", "é", "’"]


@pytest.mark.parametrize("text", [
    "The MEK and its members left; the People's Mojahedin Organization of Iran (PMOI) and Mrs. Rajavi, "
    "an exiled opposition group, moved to Camp Ashraf. Members of the group and the Mujahideen-e Khalq met.",
    "", "MEKs, the MEK-led group, NCRI-run office and the organisation of the movement.",
])
def test_crafted_references_equal_the_slow_path(text: str) -> None:
    from pipeline.extractors.organisation import load, references

    assert references(load(), text) == _slow_references(text)


def test_the_crafted_references_are_not_vacuous() -> None:
    from pipeline.extractors.organisation import load, references

    kinds = {r.kind for r in references(load(), "The MEK and its members met Mrs. Rajavi at Camp Ashraf.")}
    assert {"abbreviation", "generic", "leader", "site"} <= kinds


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(REF_WORDS), max_size=40).map(" ".join)
       | st.lists(st.sampled_from(REF_WORDS), max_size=40).map("".join) | st.text(max_size=60))
def test_generated_references_equal_the_slow_path(text: str) -> None:
    from pipeline.extractors.organisation import load, references

    assert references(load(), text) == _slow_references(text)


# --- fixed-width prefixes: the trigger pass without start-of-match tracking ------------------------------

def test_fixed_prefixes_of_crafted_patterns() -> None:
    fixed = multiscan.fixed_prefixes
    assert fixed(r"kill(?:ed|ing|s)?") == [("kill", 4)]  # a trailing optional is left out
    assert fixed(r"hand(?:ed)? over") == [("hand over", 9), ("hand(?:ed) over", 11)]  # one in the middle: both
    assert fixed(r"execut(?:e|ed|ion)") == [("execut(?:e)", 7), ("execut(?:ed)", 8), ("execut(?:ion)", 9)]
    assert fixed(r"ab(?:c|cd)?e") == [("ab(?:c)e", 4), ("ab(?:cd)e", 5), ("abe", 3)]
    assert fixed(r"(?-i:Operation [A-Z][\w-]*)") == [("(?-i:Operation [A-Z])", 11)]
    assert fixed(r"abc|abcd\w+e") == [("abc", 3)]
    assert fixed(r"re-?x") == [("re-x", 4), ("rex", 3)]
    assert fixed(r"\w+ing") is None and fixed(r"ab") is None  # no leading fixed run / under 3 characters
    assert fixed(r"x(?:\w+ )?yz") is None  # the optional group has no fixed width
    assert len(fixed(r"(?:ab|bb|cb|db)(?:f|g|h|i)x")) == 16
    assert fixed(r"(?:ab|bb|cb|db|eb)(?:f|g|h|i)xyz") is None  # 20 texts: over the limit, and "ab" is too short


def _prefix_holds(part: str, text: str) -> None:
    """Every match of ``part`` (caseless, from any position) begins with a match of one of its prefixes."""
    prefixes = [(re.compile(t, re.IGNORECASE), w) for t, w in multiscan.fixed_prefixes(part)]
    rx = re.compile(part, re.IGNORECASE)
    for s in range(len(text) + 1):
        if rx.match(text, s):
            assert any(p.fullmatch(text, s, s + w) for p, w in prefixes), (part, text, s)


_PARTS = [p for t in lexicon._EVENTS["triggers"] for p in t["patterns"]]
PREFIX_WORDS = [w for p in _PARTS if (f := multiscan.fixed_prefixes(p)) for t, _w in f
                for w in [re.sub(r"[^\w ]|\\w", "", t)]] + WORDS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PREFIX_WORDS), max_size=12).map(" ".join))
def test_generated_matches_of_every_trigger_part_begin_with_a_prefix(text: str) -> None:
    for part in _PARTS:
        if multiscan.fixed_prefixes(part) is not None:
            _prefix_holds(part, text)


def test_crafted_matches_begin_with_a_prefix() -> None:
    for part, text in [(r"hand(?:ed)? over", "handed over, hand over, hand-over"),
                       (r"re-?establish\w* (?:its|their) bases?", "re-established its bases, reestablish their base"),
                       (r"(?:was|were) exiled|exiled (?:to|in)", "were exiled; exiled to; was exiled in")]:
        _prefix_holds(part, text)
        assert re.search(part, text)


@hyperscan_only
@settings(max_examples=200, deadline=None)
@given(texts)
def test_start_scanner_reports_every_word_start_of_every_part(text: str) -> None:
    reports = lexicon._TRIGGER_STARTS.starts(text)
    for k, part in enumerate(_PARTS):
        rx = re.compile(rf"\b(?:{part})", re.IGNORECASE)
        for s in range(len(text) + 1):
            if rx.match(text, s):
                assert any(a <= s < b and p == k for a, b, p in reports), (part, text, s)


def test_start_scanner_pickles_and_falls_back_whole() -> None:
    scanner = multiscan.StartScanner([r"(?:\w+'s )x", "kill(?:ed)?"], word_start=True)
    again = pickle.loads(pickle.dumps(scanner))
    if multiscan.hyperscan is not None:
        assert again.starts("Bob's x, killed, skilled") == [(0, 7, 0), (9, 10, 1)]
    else:
        assert again.starts("x") is None


# --- attribution's substring test -------------------------------------------------------------------------

def test_every_attribution_verb_holds_a_stem() -> None:
    for verb in re.sub(r"s\?", "", lexicon._ATTRIBUTION_VERBS).split("|"):
        assert any(stem in verb for stem in events._ATTRIBUTION_STEMS), verb
    assert not events._may_attribute("The group met in Paris in 1990.")


@settings(max_examples=300, deadline=None)
@given(texts)
def test_sentences_with_an_attribution_pass_the_substring_test(text: str) -> None:
    if any(p.search(text) for p in lexicon.ATTRIBUTION_RES):
        assert events._may_attribute(text)


@pytest.mark.parametrize("text", ["According to the Police, it was bombed.", "Officials reported that it moved.",
                                  "The MEK claimed the attack.", "US officials alleged a plot."])
def test_crafted_attributions_pass_the_substring_test(text: str) -> None:
    assert events.attribution(text) is not None and events._may_attribute(text)


# --- location: the sites from the per-document list, as refs_in gives them ------------------------------

def _slow_location(doc: model.Document, start: int, end: int) -> tuple[str | None, str | None]:
    m = lexicon.PLACE_RE.search(doc.text, start, end)
    site = next((r for r in doc.refs_in(start, end) if r.kind == "site" and events._LOCATIVE.search(
        doc.text, max(start, r.start - 12), r.start)), None)
    if site is not None and (m is None or site.start < m.start("place")):
        return site.text, doc.org.site_countries.get(site.text)
    return (m.group("place"), lexicon.PLACES[m.group("place")]) if m else (None, None)


LOCATION_TEXT = ("The MEK moved to Camp Ashraf in 1986. Its members left Ashraf for Camp Liberty near Baghdad in "
                 "2012, then went to Tirana; the group met at Ashraf and in Paris.")


def test_crafted_locations_are_the_slow_paths() -> None:
    doc = _doc(LOCATION_TEXT)
    n = len(LOCATION_TEXT)
    windows = [(a, b) for a in range(0, n, 2) for b in range(a, n + 1, 3)]
    found = {events.location(doc, a, b) for a, b in windows}
    assert all(events.location(doc, a, b) == _slow_location(doc, a, b) for a, b in windows)
    assert {("Camp Ashraf", "IQ"), ("Baghdad", "IQ"), (None, None)} <= found  # sites, places and none


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["in", "at", "near", "to", "Camp", "Ashraf", "Liberty", "Paris", "the", "MEK", "left",
                                 ",", ".", "Baghdad", "from", "x"]), max_size=30).map(" ".join), st.data())
def test_generated_locations_are_the_slow_paths(text: str, data: st.DataObject) -> None:
    doc = _doc(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert events.location(doc, a, b) == _slow_location(doc, a, b)
    assert events.location(doc, 0, len(text)) == _slow_location(doc, 0, len(text))


# --- _scene_act's first character and _split_occurrences' punctuation ----------------------------------

def test_a_scene_opens_only_with_a_listed_character() -> None:
    """Every code point that _SCENE_ACT's keywords can open with (caselessly) is in _SCENE_FIRST."""
    keywords = re.findall(r"[a-z]+", events._SCENE_ACT.pattern.split("\\s+")[0].replace("?P<kw>", "")
                          .replace("?P<same>", ""))
    assert {"after", "following", "while", "shortly", "as"} <= set(keywords)
    heads = re.compile("|".join(sorted({w[0] for w in keywords})), re.IGNORECASE)
    opening = {chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and heads.fullmatch(chr(c))}
    assert opening == set(events._SCENE_FIRST)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["After", "ſhortly", "soon", "as", "while", "When", "the", "raid", ",", ";", " ",
                                 "İ", "x", "upon", "before", "it", "left"]), max_size=12).map("".join))
def test_scene_matches_open_with_a_listed_character(text: str) -> None:
    if events._SCENE_ACT.match(text):
        assert text[:1] in events._SCENE_FIRST


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([",", ".", " ", "and", "but", "so", "the year", "where", "[a]", "some", "10",
                                 "members", "were", "x"]), max_size=14).map("".join))
def test_occurrence_joins_open_with_punctuation_and_a_space(text: str) -> None:
    for m in events._OCCURRENCE_JOIN.finditer(text):
        assert text[m.start()] in ",." and m.end() >= m.start() + 2  # (so one is found before the end's last)


# --- _same_time: the search only where its words occur ------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["then", "Then", "THEN", "the", "same", "day", "that", "night", "nİght", "in",
                                 "course", "of", "during", "durıng", "attack", "raid", "  ", "\u212a", "ſame", "x",
                                 "é", "thence", "_then"]), max_size=12).map(" ".join))
def test_same_time_is_the_search(text: str) -> None:
    assert events._same_time(text) == (events._SAME_TIME.search(text) is not None)


def test_same_time_on_crafted_sentences() -> None:
    for text, found in [("Then it left.", True), ("That night, they fled.", True), ("DURING THE RAID it hid.", True),
                        ("It left the next day.", False), ("In the cour\u017fe of the day.", True), ("x", False)]:
        assert events._same_time(text) is found, text
        assert (events._SAME_TIME.search(text) is not None) is found, text
