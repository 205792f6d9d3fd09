"""The multi-pattern prefilter gives exactly Python's finditer matches (pipeline.text.multiscan)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import lexicon
from pipeline.text import multiscan

hyperscan_only = pytest.mark.skipif(multiscan.hyperscan is None, reason="no hyperscan wheel here")

PURE = multiscan.Scanner(lexicon.TRIGGER_RE, [], engine="re")


def spans(matches) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def both(scanner: multiscan.Scanner, text: str) -> tuple[list, list]:
    return spans(scanner.finditer(text)), spans(scanner.pattern.finditer(text))


@hyperscan_only
def test_the_trigger_scanner_uses_hyperscan() -> None:
    assert lexicon.TRIGGER_SCANNER.engine == "hyperscan"
    assert PURE.engine == "re"


CRAFTED = [
    "",
    "The rebels bombed the depot; the bombings went on and a skilled unskilled man was killed.",
    "Bombings, bomber, BOMBED and bOmBiNg: case does not matter.",
    "The council expelled diplomats expelled diplomats and then expelled two more diplomats.",
    "Operation Dawn began. operation dawn is not a name; Operation É is not one either.",
    "A ſhooting? The Kelvin sign in \u212aILLED, a dotless ı in \u0130NVADED.",
    "killed\u00a0protesters, executed\u2009prisoners \u2013 arrested\u202fmen; kill\u00e9d and caf\u00e9 arrests.",
    "Separators\x1cbombed\x1dkilled\x1e\x1fattacked.",
    "They were to be executed, would be arrested, and plans to move to the camp.",
    "A welcome into the Party and they left Paris, leaving Berlin, opened an office.",
    "\U0001f600 emoji before killed and after arrested \U0001f600.",
]


@hyperscan_only
@pytest.mark.parametrize("text", CRAFTED)
def test_crafted_texts_give_the_same_matches(text: str) -> None:
    fast, slow = both(lexicon.TRIGGER_SCANNER, text)
    assert fast == slow


def test_the_crafted_texts_hold_triggers() -> None:
    """The crafted texts are not vacuous: most hold several triggers."""
    assert sum(bool(spans(PURE.finditer(t))) for t in CRAFTED) >= 8
    attack = next(i for i, (etype, _p) in enumerate(lexicon.EVENT_TRIGGERS) if etype == "attack")
    assert spans(PURE.finditer("the bombings")) == [(4, 12, f"g{attack}")]  # the first entry of attacks


WORDS = ["killed", "kill", "skill", "bombings", "bomb", "Operation", "Dawn", "expelled", "diplomats",
         "arrested", "to be", "would", "protest", "rally", "ralli", "court", "courtesy", "executed",
         "moved", "move to", "left", "Paris", "opened", "an", "the", "ſ", "\u212a", "\u0130", "é",
         "x", "_", "1990", "\u0663", "-", "’", ",", ".", "\n", " ", "\u00a0", "\x1c", "\t", "(", "'"]


@hyperscan_only
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join) | st.lists(st.sampled_from(WORDS), max_size=40)
       .map("".join) | st.text(max_size=80))
def test_generated_texts_give_the_same_matches(text: str) -> None:
    fast, slow = both(lexicon.TRIGGER_SCANNER, text)
    assert fast == slow


@hyperscan_only
def test_a_scanner_over_other_parts() -> None:
    """Any superset of parts works: here words with boundaries that only Python checks."""
    pattern = re.compile(r"\b(?:(?P<a>ab+c)|(?P<b>b+c\d*))(?![^\W\d_])", re.IGNORECASE)
    scanner = multiscan.Scanner(pattern, ["ab+c", r"b+c\d*"])
    assert scanner.engine == "hyperscan"
    for text in ["abbc bc12 xabc ABC_ bcé abbbc", "abc" * 50, "b" * 30 + "c ab c"]:
        assert spans(scanner.finditer(text)) == spans(pattern.finditer(text))


def test_parts_the_engines_read_differently_use_python() -> None:
    pattern = re.compile(r"a{,2}b")
    assert not multiscan.hyperscan_ok(["a{,2}b"])
    assert not multiscan.hyperscan_ok(["(?<=x)a", "[^a]b", "é"])
    scanner = multiscan.Scanner(pattern, ["a{,2}b"])
    assert scanner.engine == "re"
    assert spans(scanner.finditer("aab b")) == [(0, 3, None), (4, 5, None)]


def test_every_character_is_one_byte() -> None:
    text = "caf\u00e9 \U0001f600 \u212a \u0663\u00a0x\x1c"
    data = multiscan.scan_bytes(text)
    assert len(data) == len(text)
    assert data == b"cafx \x7f k 0 x "


def test_the_case_folds_are_complete() -> None:
    """Every non-ASCII character IGNORECASE matches to an ASCII letter is in CASE_FOLDS."""
    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    folded = {m.group(): m.group().lower() for m in re.finditer("[a-z]", every, re.IGNORECASE)}
    assert set(folded) == set(multiscan.CASE_FOLDS)
    for ch, letter in multiscan.CASE_FOLDS.items():
        assert re.fullmatch(letter, ch, re.IGNORECASE)


JURISDICTION_TEXT = (
    "The U.S. State Department listed it; the European Union and the UK followed, as did\n"
    "Türkiye and Canada. British lawmakers and the Council of the European Union, Iraq-based,\n"
    "the United Nations Security Council, Bogotá and Brasília, the US list, EU courts."
)


@hyperscan_only
def test_the_jurisdiction_layer_gives_the_windows_of_the_pattern() -> None:
    from pipeline.extractors.model import build

    assert lexicon.JURISDICTION_SCANNER.engine == "hyperscan"
    doc = build("t", JURISDICTION_TEXT)
    text = doc.text
    windows = [(0, len(text)), (4, 30), (5, 9), (40, 120), (83, 140), (len(text) - 30, len(text)), (10, 10)]
    for start, end in windows:
        expected = [(m.span(), m.lastgroup) for m in lexicon.JURISDICTION_RE.finditer(text, start, end)]
        assert [(m.span(), m.lastgroup) for m in doc.jurisdictions_in(start, end)] == expected
    assert len(doc.jurisdictions_in(0, len(text))) >= 8


@hyperscan_only
def test_the_organisation_matcher_gives_the_pattern_matches() -> None:
    from pipeline.extractors.organisation import load

    matcher = load().matcher
    assert matcher.scanner.engine == "hyperscan"
    text = ("The Mojahedin and the MEK, the PMOI's members, Camp Ashraf and Ashraf 3; mujahedeen, "
            "MEKs, NCRI-led, the People's Mojahedin Organization of Iran (MKO) at Auvers-sur-Oise.")
    expected = [m.span() for m in matcher.regex.finditer(text)]
    assert [(r.start, r.end) for r in matcher.find(text)] == expected
    assert len(expected) >= 6


def test_a_scanner_survives_pickling() -> None:
    import pickle

    again = pickle.loads(pickle.dumps(lexicon.TRIGGER_SCANNER))
    assert again.engine == lexicon.TRIGGER_SCANNER.engine
    text = "They bombed it and were arrested."
    assert spans(again.finditer(text)) == spans(lexicon.TRIGGER_RE.finditer(text)) != []


DATE_WORDS = ["3", "March", "1981", "the", "same", "day", "two", "days", "later", "a", "year", "ago", "last",
              "summer", "mid-", "1990s", "ſun", "\u0130", "é", "x", "0", "_", "/", "-", "–", ",", ".", "\n",
              "\u0663", "this", "week", "early", "Sept.", "12/05/2001", "between", "and", "an", "at", "now"]


@hyperscan_only
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATE_WORDS), max_size=30).map(" ".join)
       | st.lists(st.sampled_from(DATE_WORDS), max_size=30).map("".join) | st.text(max_size=60))
def test_the_date_scanners_give_the_same_matches(text: str) -> None:
    from pipeline.text import dates

    for scanner in (dates._MASTER_SCANNER, dates._DEIC_SCANNER):
        assert scanner.engine == "hyperscan"
        fast, slow = both(scanner, text)
        assert fast == slow


def test_the_date_scanners_find_dates() -> None:
    from pipeline.text import dates

    text = "On 3 March 1981 and in éMay 1982, two days later, éthe same day; last summer"
    assert [m.group() for m in dates._MASTER_SCANNER.finditer(text)] == ["3 March 1981", "May 1982"]
    assert [m.group() for m in dates._DEIC_SCANNER.finditer(text)] == ["two days later", "the same day", "last summer"]


@hyperscan_only
def test_a_window_that_cuts_a_word_follows_python() -> None:
    """Parts with \\b are exact for windows that end inside a word too (Python's endpos ends the string)."""
    text = "The office opened another branch and opened an office."
    scanner = lexicon.TRIGGER_SCANNER
    for end in (19, 20, 21, len(text)):
        assert spans(scanner.finditer(text, 0, end)) == spans(lexicon.TRIGGER_RE.finditer(text, 0, end))
    opened = next(i for i, t in enumerate(lexicon._EVENTS["triggers"]) if "opened (?:a|an|its)\\b" in t["patterns"])
    assert spans(lexicon.TRIGGER_RE.finditer(text, 0, 20)) == [(11, 20, f"g{opened}")] != spans(
        scanner.finditer(text, 0, 21))


@hyperscan_only
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the", "group", "members", "of", "its", "fighters", "an", "exiled", "armed",
                                 "movement", "ſ", "é", ",", "\n", "Group", "organisation", "x"]), max_size=30)
       .map(" ".join))
def test_generic_references_give_the_same_matches(text: str) -> None:
    from pipeline.extractors import organisation

    scanner = organisation._GENERIC_SCANNER
    assert scanner.engine == "hyperscan"
    assert spans(scanner.finditer(text)) == spans(organisation.GENERIC_REFERENCE.finditer(text))


def test_the_quantities_layer_reads_a_clause_once() -> None:
    from pipeline.extractors.model import build
    from pipeline.text.numbers import find_quantities

    text = "In 1990 about 2,000 fighters crossed; 12 were killed and 30 wounded."
    doc = build("t", text)
    got = doc.quantities_in(8, 36)
    assert got == find_quantities(text[8:36]) and [q.low for q in got] == [2000]
    assert doc.quantities_in(8, 36) is got  # kept, not read again


@hyperscan_only
def test_a_compiled_database_is_kept_and_loaded_again(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PIPELINE_HYPERSCAN_CACHE", str(tmp_path))
    parts = ("(?i:bomb)", "[0-9]")
    fresh = multiscan._database.__wrapped__(parts, multiscan.hyperscan.HS_FLAG_SOM_LEFTMOST)
    files = list(tmp_path.glob("*.hsdb"))
    assert fresh is not None and len(files) == 1
    loaded = multiscan._load(files[0])
    assert loaded is not None

    def hits(db) -> list[tuple[int, int, int]]:
        found: list[tuple[int, int, int]] = []
        db.scan(b"a BOMB in 1990", match_event_handler=lambda i, s, e, f, c: found.append((i, s, e)))
        return sorted(found)

    assert hits(loaded) == hits(fresh) == [(0, 2, 6), (1, 10, 11), (1, 11, 12), (1, 12, 13), (1, 13, 14)]
    files[0].write_bytes(files[0].read_bytes()[:-5] + b"xxxxx")  # a damaged file fails its checksum
    assert multiscan._load(files[0]) is None
    again = multiscan._database.__wrapped__(parts, multiscan.hyperscan.HS_FLAG_SOM_LEFTMOST)
    assert again is not None and multiscan._load(files[0]) is not None  # compiled and written again


@hyperscan_only
def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("PIPELINE_HYPERSCAN_CACHE", str(blocker / "cache"))
    assert multiscan._database.__wrapped__(("abc",), 0) is not None
    monkeypatch.setenv("PIPELINE_HYPERSCAN_CACHE", "")
    assert multiscan.database_cache_dir() is None and multiscan._cache_file(("abc",), 0) is None


@pytest.mark.parametrize("engine", ["hyperscan", "re"] if multiscan.hyperscan is not None else ["re"])
def test_until_stops_before_a_position(engine: str) -> None:
    scanner = multiscan.Scanner(re.compile(r"\d+"), ["[0-9]"], engine=engine)
    text = "1 22 333 4444"
    assert [m.group() for m in scanner.finditer(text, until=6)] == ["1", "22", "333"]  # "333" starts at 5
    assert [m.group() for m in scanner.finditer(text, until=5)] == ["1", "22"]
    assert [m.group() for m in scanner.finditer(text, until=2)] == ["1"]
    assert list(scanner.finditer(text, until=0)) == []
    assert [m.group() for m in scanner.finditer(text)] == ["1", "22", "333", "4444"]


RELAX_CASES = [
    (r"(?<![A-Za-z])(?P<n>[0-9]+)(?![0-9])", "(?:)(?:[0-9]+)(?:)"),
    (r"\bMay\b", "(?:)May(?:)"),
    (r"^(?P<a>[/.])x(?P=a)$", "(?:)(?:[/.])x(?:[/.])(?:)"),
    (r"a[^\S\n]+b", f"a(?:[^\\S\\n]|[{multiscan.STAND_IN_ALNUM}\\x7f ])+b"),
    (r"[\]^]x\$", r"[\]^]x\$"),
    (r"(?i:the)\s+(?=[0-9])", r"(?i:the)\s+(?:)"),
]


@pytest.mark.parametrize(("source", "relaxed"), RELAX_CASES)
def test_relax_drops_context_and_keeps_the_span(source: str, relaxed: str) -> None:
    assert multiscan.relax(source) == relaxed


@pytest.mark.parametrize("source", [r"(a)\1", r"(?>ab)", r"(?(1)a|b)", r"\Aab", r"a{,3}", r"\p{L}"])
def test_relax_refuses_syntax_it_does_not_know(source: str) -> None:
    assert multiscan.relax(source) is None


SUPERSET_PATTERNS = [r"(?<![0-9])[0-9]{2}(?![0-9])", r"\b(?i:may|june)\b(?=\s+\d)", r"(?P<q>['\"])\w+(?P=q)",
                     r"(?<=\s)[^\sA-Za-z]+", r"^[A-Z][a-z]+(?: [A-Z][a-z]+)*$"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab12 \n'\"MayJUNE-é\u017f\u212a.", max_size=40))
def test_a_relaxed_pattern_matches_every_span_of_the_pattern(text: str) -> None:
    for source in SUPERSET_PATTERNS:
        pattern, relaxed = re.compile(source), re.compile(multiscan.relax(source) or "")
        for m in pattern.finditer(text):
            assert relaxed.fullmatch(text, m.start(), m.end()), (source, text, m.span())


@hyperscan_only
def test_a_whole_pattern_scanner_confirms_fewer_positions_than_its_parts() -> None:
    from pipeline.text import dates

    assert dates._MASTER_SCANNER.engine == "hyperscan" and dates._MASTER_SCANNER._fallback is not None
    text = "There, the market may open; they said that the 3 May 1990 vote was late. " * 3
    relaxed = dates._MASTER_SCANNER.intervals(text)
    parts = dates._MASTER_SCANNER._fallback.intervals(text)
    assert sum(b - a for a, b in relaxed) < sum(b - a for a, b in parts) / 2
    assert [m.group() for m in dates._MASTER_SCANNER.finditer(text)] == ["3 May 1990"] * 3


def test_a_pattern_hyperscan_refuses_falls_back_to_its_parts(monkeypatch) -> None:
    pattern = re.compile(r"(?<![0-9])[0-9]+")
    scanner = multiscan.Scanner.whole(pattern, ["[0-9]"])
    real = multiscan._database
    monkeypatch.setattr(multiscan, "_database",
                        lambda parts, flags: None if parts != ("[0-9]",) else real(parts, flags))
    assert [m.group() for m in scanner.finditer("a 12 b 345")] == ["12", "345"]
    assert scanner._parts == ["[0-9]"]


def test_the_patterns_and_database_keys_are_the_same_whatever_the_hash_seed() -> None:
    """Alternations built from sets are ordered by length, then text: a random hash seed changes
    neither what a pattern prefers nor the file its compiled database is kept in. The probe records
    the key of every database the extraction of a crafted text asks for (every prefilter compiles
    through multiscan._database) and every Scanner's pattern."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    probe = ("import gc, hashlib, sys; sys.path.insert(0, '.'); import pipeline.stages.extract\n"
             "from pipeline.text import multiscan\n"
             "keys = []; real = multiscan._database\n"
             "def record(parts, flags): keys.append(repr((parts, flags))); return real(parts, flags)\n"
             "multiscan._database = record\n"
             "from pipeline.extractors import extract_candidates\n"
             "text = ('On 3 March 1990 the group said 1,000 members were killed in an attack in Paris. '\n"
             "        'The EU listed it as a terrorist organisation on 2 May 2002; a court lifted the ban.')\n"
             "extract_candidates('t', text)\n"
             "keys += sorted(repr((s.pattern.pattern, s._parts)) for s in gc.get_objects()\n"
             "               if isinstance(s, multiscan.Scanner))\n"
             "print(len(set(keys)), hashlib.sha256(repr(sorted(set(keys))).encode()).hexdigest())")
    repo = Path(multiscan.__file__).resolve().parents[2]
    outs = {subprocess.run([sys.executable, "-c", probe], cwd=repo, env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1 and int(next(iter(outs)).split()[0]) > 15, outs


# --- patterns read backwards (reverse_pattern, reversed_starts) ---------------------------------


@pytest.mark.parametrize(("pattern", "backwards"), [
    ("abc", "cba"),
    ("(?:ab|cd)e", "e(?:ba|dc)"),
    ("a[0-9]{2,3}b?", "b?[0-9]{2,3}a"),
    ("(?i:ab)c", "c(?i:ba)"),
    (r"\s+x\.", r"\.x\s+"),
    (r"[^\S\n]*-(?:a|bc)*?", r"(?:a|cb)*?-[^\S\n]*"),
    ("(?i)ab|c", "(?i)ba|c"),
    (r"\bab\B", r"\Bba\b"),
    (r"[]a]b", r"b[]a]"),
])
def test_a_pattern_is_written_backwards(pattern, backwards):
    assert multiscan.reverse_pattern(pattern) == backwards


@pytest.mark.parametrize("pattern", [
    "(?=a)b", r"a\1", "^a", "a$", r"(a)\1", "(?P<x>a)", "(?<!a)b", "a*+", "(?>ab)", "(a", "a)",
])
def test_what_cannot_be_written_backwards_is_refused(pattern):
    assert multiscan.reverse_pattern(pattern) is None


def _patterns(depth: int = 2) -> st.SearchStrategy[str]:
    atoms = st.sampled_from(["a", "b", "c", "[ab]", "[^a]", r"\s", r"\d", ".", "-", r"\.", "x"])
    if depth:
        inner = st.lists(_patterns(depth - 1), min_size=1, max_size=3).map("|".join)
        atoms = atoms | st.builds(lambda o, p: f"{o}{p})", st.sampled_from(["(?:", "(?i:", "("]), inner)
    quantified = st.builds(lambda a, q: a + q, atoms, st.sampled_from(["", "", "?", "*", "+", "{1,2}", "{2}", "??"]))
    items = quantified | st.sampled_from([r"\b", r"\B"])  # a boundary takes no quantifier
    return st.lists(items, min_size=1, max_size=4).map("".join)


@settings(max_examples=300, deadline=None)
@given(_patterns(), st.lists(st.text("abcAB .1-x", max_size=6), min_size=1, max_size=8))
def test_a_backwards_pattern_matches_the_reverses_of_the_matches(pattern, strings):
    backwards = multiscan.reverse_pattern(pattern)
    assert backwards is not None
    forward, reverse = re.compile(pattern), re.compile(backwards)
    for s in strings:
        assert bool(forward.fullmatch(s)) == bool(reverse.fullmatch(s[::-1])), (pattern, backwards, s)


@hyperscan_only
@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["(?:ab|b)c+", r"[0-9]{2}(?:\s+[A-Z]x)?", "(?i:may)\\s+[0-9]", "a[^b]c|[^a]b"]),
       st.text("abcMAY 0129XZ\u00e9\u017f\n", max_size=60))
def test_the_backward_scan_finds_every_start_of_a_match(part, text):
    """Every offset where some match of the part starts (as Python reads it: a match there at all)."""
    relaxed = multiscan.relax(part)
    found = multiscan.reversed_starts((relaxed,), (False,), text, negated_classes=True)
    assert found is not None
    assert found[0] == [s for s in range(len(text)) if re.compile(relaxed).match(text, s)]


def test_a_case_sensitive_group_is_an_item_of_its_own():
    """``(?-i:...)`` is a group (read as ``(?:...)`` by the prefilters), as the docstring of _items says."""
    kinds = [kind for kind, _item, _q in multiscan._items(r"(?-i:EU)\s+(?:list)s?")]
    assert kinds == ["group", "atom", "group", "atom"]
    assert multiscan._items("(?P<x>a)")[0][0] == "other"
