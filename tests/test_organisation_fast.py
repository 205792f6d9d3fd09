"""references() from the backwards scan against the plain patterns (crafted, generated and real texts)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import organisation as orgmod
from pipeline.extractors.organisation import (
    GENERIC_PART,
    GENERIC_REFERENCE,
    OrgRef,
    load,
    parse_profile,
    references,
)
from pipeline.text import multiscan

REPO = Path(__file__).resolve().parents[1]
TEXTS = sorted([*(REPO / "raw").glob("*.txt"), *(REPO / "tests" / "corpus" / "texts").glob("*.txt")])
FRONT = parse_profile(
    {"id": "red-front", "name": "Red Mountain Front", "names": ["Jebhe-ye Kuh-e Sorkh", "O'Dara Union"],
     "abbreviations": ["RMF"], "wings": [{"name": "Red Mountain Brigades", "abbreviations": ["RMB"]}],
     "leaders": ["Dara Haddadian"], "sites": [{"name": "Camp Cedar 7", "country": "LB"}],
     "member_words": ["Sorkhis"]},
    orgmod.PROFILE_DIR / "red-front.json",
)
PROFILES = [load(), FRONT]


def plain(org, text: str) -> list[OrgRef]:
    """The references as the two patterns' finditer give them, with no prefilter."""
    m = org.matcher
    named = [] if m.regex is None else [OrgRef(x.start(), x.end(), m._kinds[int(x.lastgroup[1:])], x.group(0))
                                        for x in m.regex.finditer(text)]
    generic = [OrgRef(x.start(), x.end(), "generic", x.group(0)) for x in GENERIC_REFERENCE.finditer(text)]
    return sorted(named + generic, key=lambda r: (r.start, r.end))


def test_the_backwards_scan_is_used():
    text = "The group met. The People's Mojahedin Organization of Iran (MEK) and its members."
    assert GENERIC_PART == GENERIC_REFERENCE.pattern.replace(r"(?!\s+of\b)", "")  # the pattern without its look-ahead
    assert multiscan.reversed_starts(load().matcher.starts_parts, load().matcher._caseless, text) is not None
    assert [r.kind for r in references(load(), text)].count("generic") == 2


def test_references_agree_with_the_plain_patterns_on_the_sources_and_the_corpus():
    assert len(TEXTS) > 20
    found = 0
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        for org in PROFILES:
            refs = references(org, text)
            assert refs == plain(org, text), path
            assert [vars(r) for r in refs] == [vars(r) for r in plain(org, text)]
            assert all(type(r) is OrgRef for r in refs)
            found += len(refs)
    assert found > 500


GENERIC_WORDS = ["the", "The", "THE", "this", "that", "a", "an", "An", "its", "their", "group", "Group", "organisation",
                 "organization", "movement", "outfit", "opposition", "dissident", "rebel", "militant", "exile",
                 "exiled", "armed", "terrorist", "insurgent", "members", "supporters", "fighters", "militants",
                 "cadres", "residents", "leader", "leaders", "leadership", "camp", "camps", "rebels", "guerrillas",
                 "of", "Iranian", "well-armed", "x", "\u017fupporters", "\u212aurdish", "caf\u00e9", "\u0130ts"]
SEPARATORS = [" ", "  ", "\n", "\t", "-", ", ", ". ", "(", ")", "'", "\u00a0", ""]


def _join(tokens: list[tuple[str, str]]) -> str:
    return "".join(word + sep for word, sep in tokens)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GENERIC_WORDS), st.sampled_from(SEPARATORS)), max_size=8))
def test_the_generic_part_backwards_matches_the_reversed_strings(tokens):
    text = _join(tokens)
    forward = re.compile(GENERIC_PART, re.IGNORECASE)
    backward = re.compile(multiscan.reverse_pattern(GENERIC_PART), re.IGNORECASE)
    for i in range(len(text) + 1):
        for j in range(i, min(len(text), i + 60) + 1):
            piece = text[i:j]
            assert bool(forward.fullmatch(piece)) == bool(backward.fullmatch(piece[::-1])), piece


def _name_pieces(org) -> list[str]:
    names = [*org.all_names, *org.short_forms, *(w.name for w in org.wings), *org.leaders, *(s.name for s in org.sites),
             *org.member_words]
    words = {w for n in names for w in re.split(r"[\s]+", n)}
    # spelling variants: vowels changed, letters doubled, hyphens and spaces swapped
    variants = {w.replace("o", "u").replace("e", "ee") for w in words} | {w.replace("-", " ") for w in words}
    return sorted(words | variants | {w.lower() for w in words} | {w.upper() for w in words})


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_each_kind_backwards_matches_the_reversed_strings(data):
    org = data.draw(st.sampled_from(PROFILES))
    pieces = _name_pieces(org)
    tokens = data.draw(st.lists(st.tuples(st.sampled_from(pieces), st.sampled_from([" ", "-", "", "  ", "\n"])),
                                min_size=1, max_size=5))
    text = _join(tokens)
    for body in org.matcher.bodies:
        forward, backward = re.compile(body), re.compile(multiscan.reverse_pattern(body))
        for i in range(len(text)):
            for j in range(i + 1, len(text) + 1):
                piece = text[i:j]
                assert bool(forward.fullmatch(piece)) == bool(backward.fullmatch(piece[::-1])), (body, piece)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_references_agree_with_the_plain_patterns_on_generated_texts(data):
    org = data.draw(st.sampled_from(PROFILES))
    pieces = _name_pieces(org) + GENERIC_WORDS
    tokens = data.draw(st.lists(st.tuples(st.sampled_from(pieces), st.sampled_from(SEPARATORS)), max_size=30))
    text = _join(tokens)
    assert references(org, text) == plain(org, text)
