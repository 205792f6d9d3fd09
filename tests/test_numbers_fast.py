"""The cheaper paths of pipeline/text/numbers.py give what the plain computations give.

Texts here are crafted for these tests or generated; none is copied from a source or the corpus.
"""

from __future__ import annotations

import re
from fractions import Fraction

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
