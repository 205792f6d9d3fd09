"""Recognise cardinal quantities ("over 2,000", "5,000 to 13,500", "some two thousand") in English text.

Pure functions over the text exactly as given: every :class:`Quantity` carries character offsets
with ``text[start:end] == quantity.text`` (annotation guide, Principles 2 and "Membership estimates").
Standard library only; the text is tokenised once and every check looks at a bounded neighbourhood,
so the run time is linear in the length of the text.

Heuristics (each is a decision, not a fact about English):

- Numerals: ``5000``, ``5,000``, ``10 000`` (groups of three split by a space, thin space or no-break
  space), optionally followed by a scale word (``1.3 million``, ``2.5 thousand``, ``3 hundred``,
  ``2 dozen``, ``2 and a half million``). A decimal without a scale word, a malformed grouping
  (``1,23``) or a leading zero (``007``) is skipped. A scale word glued to digits (``3m``) is not read.
  Values are exact integers of any size (``10**30`` stays ``10**30``: the extract stage, not this
  module, rejects a figure too large for the tables); a numeral over 1,000 characters is not read.
- Exponents: ``10^30``, ``10**30``, ``2^10``, ``1e30``, ``1.5E6``, ``10³⁰`` and ``5 × 10^3`` / ``5x10³``
  are read as the number they write, never as their parts. A superscript exponent counts only on
  the base 10 (``5,000²`` is a footnote mark: not read). A negative exponent, a decimal base with
  ``^``, a fractional result or a value of over 1,000 digits: the whole expression is not read.
- A number is read on the text as written, whole or not at all: a numeral or number word glued to a
  combining mark (``1\u0301``), an invisible format character (zero-width space, word joiner), a
  full-width or other non-ASCII digit, or a thousands separator this module does not read
  (``1'000``, ``1٬000``) gives nothing; full-width and other non-ASCII digits are never read.
- Number words: ``fifty``, ``twenty-three``, ``three hundred and fifty``, ``fifteen hundred``,
  ``two thousand``, ``a thousand``, ``a dozen``, ``half a million``, ``one and a half million``.
  A bare or vaguely modified scale word is not a number: ``hundreds``, ``thousands``, ``dozens``,
  ``tens of thousands``, ``several hundred``, ``a few thousand`` give nothing. A lone ``one`` is not
  returned (mostly a pronoun: "one of", "another one"); it still counts inside a range ("one or two").
  A capitalised number word that does not start a sentence is part of a name ("Operation Forty Stars").
  "and" after "hundred" ends the number before a scale word, so that "between one hundred and two
  thousand" is a range (the price: "one hundred and one thousand" reads as 100 and 1000).
  Number words that read a year ("nineteen eighty-four") give two numbers.
- Not quantities: money (``$15,000``, ``€5``, ``USD 300``, ``15,000 dollars``, ``a million-dollar``),
  percentages (``65%``, ``65 percent``), days of a month next to a month name (``5 September``,
  ``June 24 to 27``), times (``10:30``, ``5 pm``), eras (``500 BC``), fractions (``2 1/2``, ``2½``,
  ``two-thirds``, ``two and a half``), ordinals (``5th``, ``twenty-first``), numerals glued to letters
  or signs (``F-16``, ``MP3``, ``1990s``, ``3km``, ``+44``, ``#5``), references (``Article 5``,
  ``No. 3``, ``p. 23``, ``number two``, ``[12]``, ``(3)``, ``1.`` at the start of a line) and numerals
  right after a capitalised word that is not a function word ("About", "Some", "Another"...) and
  does not start a line, which are names (``Camp Ashraf 3``, ``Boeing 747``, ``Directorate 14``);
  at the start of a line it is an infobox key ("Membership 5,000").
- Years: a four-digit numeral from 1800 to 2099 without a thousands separator is a year unless it
  is followed by a plural noun ("2000 soldiers") or by "-strong", "-member"..., and does not follow
  a word that introduces a year ("in", "since", "during", "the", a possessive...). Up to two
  capitalised words may stand before the noun when a qualifier or a count cue ("another", "of")
  precedes ("another 5000 MEK prisoners", "about 2014 Iranian prisoners"). So "in 1997", "the 1997
  elections", "2003 French arrests" and "the 2000 members" give nothing. Two year-like numerals
  never form a range ("1971-1972 arrests", "between 2014 and 2016"). A plural noun is a lower-case
  word ending in "s" (not "ss", "us", "is" and a few function words), ending in "men", or an
  irregular plural ("people").
- Qualifiers before the number set ``qualifier`` and widen the span: "over", "more than", "at least",
  "upwards of", "in excess of" ... -> ``at_least`` (low only); "up to", "as many as", "no more than",
  "fewer than", "less than", "at most", "under" ... -> ``at_most`` (high only); "about", "some",
  "approximately", "around", "roughly", "nearly", "almost", "an estimated", "close to", "circa",
  "c." ... -> ``approximately``; "~", ">", "<" likewise. Suffixes: "2,000+", "or more" ->
  ``at_least``; "or fewer", "or less" -> ``at_most``; "or so", "-odd", "more or less" ->
  ``approximately``; "1,000-plus", and "1,000 plus members" before a word that is no number
  ("1,000 plus 200" is a sum) -> ``at_least``.
- Ranges: "X to Y", "X-Y" / "X–Y", "X or Y", "between X and Y", "from X to Y" with X < Y give
  ``range``. A trailing scale word distributes over a smaller first number ("2 to 3 million",
  "two or three thousand"), and so do the zero groups of a numeral over a bare smaller one
  ("2-3,000", "20 to 30,000": 2,000 to 3,000, 20,000 to 30,000; :func:`_shared_zeros`). "from X
  to Y" after a verb of change ("rose from 2,000 to 3,000") is two separate numbers, not a range.
  Two numerals joined by a dash that do not form a valid range (scores "3-2", dates "2016-09-09",
  "1980-88") are skipped, as is a number joined by a range connector to a skipped one ("pages 5
  to 10", "$5 to 10 million", "24 to 27 June").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Quantity", "find_quantities", "parse_number"]


@dataclass(frozen=True)
class Quantity:
    """A cardinal quantity with its evidence span and normalised bounds."""

    start: int
    end: int
    text: str
    low: int | None
    high: int | None
    qualifier: str
    num_start: int
    num_end: int


# --- lexicons -------------------------------------------------------------------------------------

_UNITS = {w: i for i, w in enumerate("one two three four five six seven eight nine".split(), 1)}
_TEENS = {
    w: i
    for i, w in enumerate(
        "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(), 10
    )
}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MULTIPLIERS = {**_SCALES, "hundred": 100, "dozen": 12}
_RUN_WORDS = (
    frozenset(_UNITS) | _TEENS.keys() | _TENS.keys() | _MULTIPLIERS.keys() | {"a", "an", "and", "half"}
)
# The words a number written in words can be made of (lower case; "a", "an", "and" only with others).
RUN_WORDS: frozenset[str] = frozenset(_RUN_WORDS)

_ORDINAL_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINALS = frozenset(
    _ORDINAL_UNITS
    + "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth".split()
    + "nineteenth twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
    + "hundredth thousandth millionth billionth quarter half".split()
)
# Fraction words that may follow a number word after a space ("two thirds", "three quarters").
_FRACTION_PLURALS = frozenset(w + "s" for w in _ORDINALS if w not in ("first", "second", "half")) | {"halves"}

_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
    + "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
_ERA_WORDS = frozenset({"BC", "BCE", "AD", "CE"})

# Words after which a year-like numeral is read as a year even before a plural noun.
_YEAR_INTRODUCERS = frozenset(
    """in since during until till before after circa early mid late spring summer autumn fall winter
    year years the this that its their his her our your my whose""".split()
)
_IRREGULAR_PLURALS = frozenset(
    """people men women children personnel staff police militia clergy youth cattle sheep aircraft
    infantry cavalry folk kin troops""".split()
)
_NOT_PLURAL = frozenset(
    """was has does goes its his hers ours yours theirs this thus yes as us is always perhaps whereas
    towards afterwards besides unless nevertheless sometimes various news series means plus minus
    lens bias gas""".split()
)
# "a 2000-strong force": hyphenated words after which a year-like numeral is a count.
_COUNT_COMPOUNDS = frozenset("strong member man person seat bed soldier fighter troop".split())

# Words before a year-like numeral that announce a count ("another 5000 MEK prisoners").
_COUNT_CUES = frozenset("another additional further extra of only all total".split())
# Function words that may be capitalised before a numeral without making it part of a name.
_FUNCTION_WORDS = frozenset(
    """about some approximately approx around roughly nearly almost over under above below than to
    of from between and or by in on at with for the a an another only just all these those its
    their his her our total estimated est circa ca c up as least most no not exceeding upwards
    upward excess maybe perhaps more fewer less were was are is had have has i exactly both each
    every additional further overall then now today yet so but while when after before since during
    until including among like""".split()
)

_LABELS = (
    "articles?|sections?|chapters?|clauses?|paragraphs?|pages?|items?|figures?|tables?|appendix|"
    "annex(?:es)?|parts?|volumes?|issues?|numbers?|resolutions?|amendments?|rules?|regulations?|"
    "directives?|decrees?|bills?|protocols?|flights?|routes?|highways?|rooms?|floors?|buildings?|"
    "blocks?|apartments?|suites?|platforms?|gates?|terminals?|channels?|episodes?|seasons?|versions?|"
    "releases?|phases?|stages?|steps?|levels?|grades?|categor(?:y|ies)|types?|models?|tiers?|zones?|"
    "districts?|sectors?|notes?|footnotes?|verses?|exhibits?|dockets?|rounds?|codes?|id"
)

# --- compiled patterns ----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"([0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9]|[.,][0-9])"  # "10 000": groups split by spaces
    r"|[0-9]+(?:[.,][0-9]+)*)|([^\W\d_]+)|\S"  # group 1: a numeral, 2: letters (and other word characters)
)
_SPACES = re.compile("[ \u00a0\u2009\u202f]")
_NUMERAL = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[1-9][0-9]*|0)(?:\.[0-9]+)?")
# Longer numerals are not read as quantities (no count is that long; Python's int() refuses
# more than 4300 digits).  Shorter ones are read whatever their size: a figure too large for
# the tables' int64 columns is rejected with its reason by the extract stage, not dropped here.
_MAX_NUMERAL = 1000

_APPROX_WORDS = (
    r"about|some|approximately|approx\.|around|roughly|nearly|almost|an\s+estimated|"
    r"estimated(?:\s+at)?|an\s+estimate\s+of|est\.|close\s+to|circa|(?<![\w.])(?-i:ca?\.)|just\s+about|"
    r"more\s+or\s+less|in\s+the\s+region\s+of|(?:on|in|of)\s+the\s+order\s+of|"
    r"in\s+the\s+neighbou?rhood\s+of|an\s+approximate|approximate|somewhere\s+around"
)
_INTENSIFIER = (
    r"(?:(?:well|just|slightly|far|much|significantly|considerably|substantially|a\s+little|a\s+bit)\s+)?"
)
_QUAL_PREFIX = re.compile(
    r"\b(?:"
    rf"(?P<least>{_INTENSIFIER}(?:over|more\s+than|above|in\s+excess\s+of|greater\s+than|upwards?\s+of)"
    r"|at\s+least|no[t]?\s+(?:fewer|less)\s+than|(?:a\s+)?minimum\s+of|exceeding)"
    rf"|(?P<most>{_INTENSIFIER}(?:under|below|fewer\s+than|less\s+than)"
    r"|up\s+to|as\s+many\s+as|as\s+much\s+as|no[t]?\s+more\s+than|at\s+(?:the\s+)?most|(?:a\s+)?maximum\s+of)"
    rf"|(?P<approx>{_APPROX_WORDS})"
    r")\s+\Z",
    re.IGNORECASE,
)
_SYMBOL_QUALIFIER = {
    "~": "approximately",
    "≈": "approximately",
    "∼": "approximately",
    ">": "at_least",
    "≥": "at_least",
    "<": "at_most",
    "≤": "at_most",
}
_RANGE_PREFIX = re.compile(
    r"\b(?P<word>between|from)\s+(?:(?:about|some|approximately|around|roughly|nearly|almost|"
    r"an\s+estimated|estimated)\s+)?\Z",
    re.IGNORECASE,
)
_CHANGE_VERB = re.compile(
    r"\b(?:increas|decreas|rose|rise|rising|risen|grow|grew|fall|fell|drop|declin|reduc|cut|jump|climb|"
    r"doubl|tripl|swell|swollen|shr[iau]nk|went|gone|rais|lower|expand|dwindl|soar|plummet|plung|surg|"
    r"slash|boost|chang)\w*(?:\s+\w+){0,2}\s+\Z",
    re.IGNORECASE,
)
_QUAL_SUFFIX = re.compile(
    r"\s+more\s+or\s+less\b(?P<approx1>)"
    r"|\s*\+(?![0-9])(?P<least1>)"
    r"|\s+(?:or|and)\s+(?:more|above|over|greater|higher)\b(?P<least2>)"
    r"|\s+(?:or|and)\s+(?:fewer|less|under|below|lower)\b(?P<most1>)"
    r"|\s+or\s+(?:so|thereabouts)\b(?P<approx2>)"
    r"|[-\u2010]?odd\b(?P<approx3>)"
    r"|[-\u2010]plus\b(?P<least3>)"
    # "1,000 plus members": a spaced "plus" before a word that is no number ("1,000 plus 200" is a sum)
    r"|\s+plus(?=\s+(?!(?:a|an|another|some|about|nearly|one|two|three|four|five|six|seven|eight|nine|ten|dozens?"
    r"|hundreds?|thousands?|millions?|more)\b)[^\W\d_])(?P<least4>)",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(
    r"(?P<glued>[-\u2010\u2011\u2012\u2013\u2014])"
    r"|\s*[-\u2010\u2011\u2012\u2013\u2014]\s*(?P<dash>)"
    r"|\s+(?P<word>to|or|and)\s+(?:(?:about|some|approximately|around|roughly|nearly|almost)\s+)?",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"[\s\-]*(?:%|‰|per\s*cent\b|percent(?:age)?\b|pct\b|pc\b)", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(
    r"[\s\-]*(?:(?:us|u\.s\.|american|canadian|australian|hong\s+kong|singapore|new\s+zealand)\s+)?"
    r"(?:dollars?|euros?|rials?|tomans?|dinars?|dirhams?|yen|yuan|renminbi|rupees?|roubles?|rubles?|"
    r"francs?|pesos?|pounds\s+sterling|sterling|cents?|usd|eur|gbp|irr|chf|jpy)\b",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₹₽₩¢¤]|\b(?:USD|EUR|GBP|IRR|CHF|JPY|INR|Rs\.?))\s*\Z")
_TIME_AFTER = re.compile(r"\s*(?:[ap]\.\s?m\.|[ap]m\b|o['’]clock\b|hrs\b|GMT\b|UTC\b)", re.IGNORECASE)
_ERA_AFTER = re.compile(r"\s*(?:(?:BCE?|CE|AD)\b|B\.C\.|A\.D\.|C\.E\.)")
_LABEL_BEFORE = re.compile(
    rf"(?:\b(?:{_LABELS})\s+|\b(?:no|nos|nr|p|pp|fig|figs|vol|vols|art|para|ch|chap|sec|sect|ref|op)\.\s*"
    r"|#\s*)\Z",
    re.IGNORECASE,
)
_HALF_AFTER = re.compile(r"\s+and\s+(?:a|one)\s+(?:half|quarter|third)\b", re.IGNORECASE)

# One match for the tests after a number that only ask whether one of them matches there: an
# alternation matches at a position exactly when one of its alternatives does (each keeps its flags).
_MONEY_PERCENT_TIME_AFTER = re.compile("|".join(f"(?i:{p.pattern})" for p in (_PERCENT, _CURRENCY_AFTER, _TIME_AFTER)))
_WORD_AFTER = re.compile(f"{_MONEY_PERCENT_TIME_AFTER.pattern}|(?i:{_HALF_AFTER.pattern})")
_DIGIT_AFTER = re.compile(f"{_WORD_AFTER.pattern}|(?:{_ERA_AFTER.pattern})")


# The fast fails of _LABEL_BEFORE and _QUAL_PREFIX (tests/test_numbers_fast.py checks them against the
# regexes).  The words of _LABELS, lower case: "articles?" is "article" and "articles", "annex(?:es)?"
# is "annex" and "annexes", "categor(?:y|ies)" is "category" and "categories".
_LABEL_WORDS = frozenset(
    w
    for alt in re.split(r"\|(?![^(]*\))", _LABELS)  # the top-level alternatives
    for w in (
        (alt[:-2], alt[:-1]) if alt.endswith("s?")
        else (alt[:-7], alt[:-7] + "es") if alt.endswith("(?:es)?")
        else (alt[:-9] + "y", alt[:-9] + "ies") if alt.endswith("(?:y|ies)")
        else (alt,)
    )
)
# The last word of every qualifier of _QUAL_PREFIX that ends in a letter ("more than", "up to", "about").
_QUAL_LAST_WORDS = frozenset(
    """over than above of least exceeding under below to as most about some approximately around roughly
    nearly almost estimated at circa less approximate""".split()
)
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _ascii_word_ending(text: str, lo: int, j: int) -> str | None:
    """The lower-cased word of ASCII letters that ends at ``text[j]`` (a letter) and starts after
    ``lo`` right after a character that is no word character (``\\w``: ``str.isalnum`` or "_"), so at a
    ``\\b`` of the regex; None when the run of word characters holds anything else or reaches ``lo``.

    Under IGNORECASE only four non-ASCII characters match an ASCII letter ("ſ", "K", "ı", "İ"), all
    word characters: an ASCII word compared in lower case is what the regex compares.
    """
    i = j
    while i > lo and text[i - 1] in _ASCII_LETTERS:
        i -= 1
    if i > lo and not (text[i - 1].isalnum() or text[i - 1] == "_"):
        return text[i : j + 1].lower()
    return None


def _label_before(text: str, start: int) -> bool:
    """``_LABEL_BEFORE.search(text, max(0, start - 30), start)`` is not None, asking the regex only
    when a cheap look cannot tell.

    Every alternative ends, before white space, in '.', '#' or a label word that starts at a ``\\b``
    and is followed by white space (at least one character): a label word must then be the whole
    word before the white space (the only ``\\b`` in a run of letters is where it starts).
    """
    lo = max(0, start - 30)
    j = start - 1
    while j >= lo and text[j].isspace():
        j -= 1
    if j < lo:
        return False  # only white space: each alternative needs a word, "." or "#"
    c = text[j]
    if c in _ASCII_LETTERS and j < start - 1:
        word = _ascii_word_ending(text, lo, j)
        if word is not None:
            return word in _LABEL_WORDS
    elif c not in ".#" and (c.isascii() or j == start - 1):
        return False  # no white space after a word, or a digit or sign before it
    return _LABEL_BEFORE.search(text, lo, start) is not None


def _may_qualify(text: str, lo: int, start: int) -> bool:
    """False when ``_QUAL_PREFIX.search(text, lo, start)`` cannot match, cheaply.

    The pattern ends in ``\\s+\\Z``: white space right before ``start``, after a qualifier that ends
    in '.' or in a word of _QUAL_LAST_WORDS standing after white space or at a ``\\b`` (so the whole
    word before the white space, as in _label_before).
    """
    j = start - 1
    if j < lo or not text[j].isspace():
        return False
    while j >= lo and text[j].isspace():
        j -= 1
    if j < lo:
        return False
    c = text[j]
    if c in _ASCII_LETTERS:
        word = _ascii_word_ending(text, lo, j)
        return word is None or word in _QUAL_LAST_WORDS
    return c == "." or not c.isascii()

_QUAL_FIELDS = 5  # the most words of a qualifier of _QUAL_PREFIX ("a little in excess of")


def _fields_start(text: str, lo: int, end: int) -> int:
    """Where the last _QUAL_FIELDS runs of characters other than white space in text[lo:end] start
    (``lo`` when there are fewer), so that ``_QUAL_PREFIX.search`` from there finds what it finds
    from ``lo``, sooner.

    Exact: a qualifier's words are joined by white space (``\\s+``, Python's ``\\s`` is
    ``str.isspace``) and end in white space at ``end``, so every word but the first is a whole
    run and the first lies inside a run: a match holds at most _QUAL_FIELDS words (checked by
    tests/test_numbers_fast.py), so it starts inside one of the last _QUAL_FIELDS runs.
    """
    window = text[lo:end]
    fields = window.rsplit(None, _QUAL_FIELDS)
    if len(fields) <= _QUAL_FIELDS:
        return lo
    rest = window[len(fields[0]) :]  # (the runs before the last ones stay whole in fields[0])
    return lo + len(fields[0]) + len(rest) - len(rest.lstrip())


_DASHES = "-\u2010\u2011\u2012\u2013\u2014"
_BAD_BEFORE = set("$€£¥₹₽₩¢¤#/⁄\\:_^+−=@.&")
_BAD_AFTER = set("%‰°⁄/_")
_VULGAR = set("½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞")
_OPENERS = set(".!?:;…•*|(\"“‘'[«") | set(_DASHES)
_WINDOW = 60

# Exponents: "10^30", "10**30", "2^10", "1e30", "1.5E6", "10³⁰", "5 × 10^3", "5x10³".  A superscript
# exponent is read only on the base 10 (after another number it is a footnote mark: "5,000²").
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_EXPONENT = re.compile(
    r" ?(?:\^|\*\*) ?(?P<sign>[-−+]?)(?P<exp>[0-9]+)"
    rf"|(?P<ssign>[⁺⁻]?)(?P<sup>[{_SUPERSCRIPTS}]+)"
    r"|[eE](?P<esign>[-−+]?)(?P<sci>[0-9]+)"
)
_TIMES_TEN = re.compile(rf" ?[x×✕*·⋅] ?10(?=[ ^*{_SUPERSCRIPTS}⁺⁻])")
# What each can start with: _TIMES_TEN " ?[x×✕*·⋅]", _EXPONENT " ?(?:\^|\*\*)", "[⁺⁻]?[⁰-⁹]", "[eE]"; after
# a space, only "x×✕*·⋅^". A character in neither set: no exponent, the regexes are not asked.
_POWER_AFTER_SPACE = frozenset("x×✕*·⋅^")
_POWER_FIRST = frozenset(" eE⁺⁻" + _SUPERSCRIPTS) | _POWER_AFTER_SPACE
_MAX_EXPONENT = _MAX_NUMERAL  # 10**1000 and beyond are not read (like a numeral of over 1,000 digits)


def _glue(ch: str) -> bool:
    """A character that makes a neighbouring numeral part of something else: a combining mark
    ("1\u0301"), an invisible format character (zero-width space, joiners), a non-ASCII digit or
    numeric sign ("3３", "10³" outside an exponent, "٣")."""
    if not ch or ch < "\x80":
        return False  # no ASCII character is a mark, a format character or a non-ASCII digit
    cat = unicodedata.category(ch)
    return cat[0] == "M" or cat == "Cf" or (ch.isnumeric() and not ch.isascii())


# --- tokens and atoms -----------------------------------------------------------------------------


# A token: (start, end, text, low, kind), a plain tuple (made for every word of every clause read:
# a tuple is made faster than a named tuple or a dataclass), read by these indices. ``low`` is the
# text's lower case; ``kind`` is "num", "word" or "sym".
_Tok = tuple[int, int, str, str, str]
_START, _END, _TEXT, _LOW, _KIND = range(5)


@dataclass(slots=True)
class _Atom:
    """A single number (numeral or number words) before qualifiers and ranges are considered."""

    first: int  # token indices
    last: int
    start: int
    end: int
    base: Fraction | int  # an int for a whole numeral: it has the Fraction's numerator, denominator and arithmetic
    scale: int
    status: str  # "ok" | "year" | "decimal" | "date" | "bad"
    weak: bool = False
    lit_end: int = -1  # end of the numeral itself when it has an exponent (10^30), else -1

    @property
    def value(self) -> int | None:
        base = self.base
        if base.denominator == 1:
            return base.numerator * self.scale  # the same integer, without a Fraction product
        v = base * self.scale
        return int(v) if v.denominator == 1 else None


def _tokenise(text: str, start: int = 0) -> list[_Tok]:
    """The tokens of the text (from ``start``), in order.

    A numeral (group 1) starts with an ASCII digit: "num", its lower case is itself; letters and
    other word characters (group 2) are a "word" when the first is a letter, else a "sym" ("²");
    any other character is a "sym".
    """
    return [
        (m.start(), m.end(), s, s, "num") if g == 1 else
        (m.start(), m.end(), s, s.lower(), "word" if g == 2 and s[0].isalpha() else "sym")
        for m in _TOKEN.finditer(text, start)
        for g, s in ((m.lastindex, m[0]),)
    ]


def _soft_gap(text: str, a: _Tok, b: _Tok) -> bool:
    """True if only white space with at most one line break separates two tokens."""
    gap = text[a[_END] : b[_START]]
    return bool(gap) and gap.isspace() and gap.count("\n") <= 1


def _same_line_gap(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a[_END] : b[_START]]
    return bool(gap) and gap.isspace() and "\n" not in gap


def _initial(text: str, toks: Sequence[_Tok], k: int) -> bool:
    """True if token k starts a sentence, line, bracket or quotation."""
    if k == 0:
        return True
    prev = toks[k - 1]
    return "\n" in text[prev[_END] : toks[k][_START]] or prev[_TEXT] in _OPENERS


def _line_initial(text: str, toks: Sequence[_Tok], k: int) -> bool:
    """True if token k is the first token of its line (an infobox key such as "Members 5,000")."""
    return k == 0 or "\n" in text[toks[k - 1][_END] : toks[k][_START]]


def _small(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """A number from 1 to 99 at words[i]: (value, next index)."""
    w = words[i]
    if w in _TENS:
        if i + 1 < len(words) and words[i + 1] in _UNITS:
            return _TENS[w] + _UNITS[words[i + 1]], i + 2
        return _TENS[w], i + 1
    if w in _TEENS:
        return _TEENS[w], i + 1
    if w in _UNITS:
        return _UNITS[w], i + 1
    return None


def _group(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """A number below 1000 ("three hundred and fifty", "fifteen hundred", "a" before a multiplier)."""
    n = len(words)
    if words[i] in ("a", "an"):
        if i + 1 < n and words[i + 1] in _MULTIPLIERS:
            val, j = 1, i + 1
        else:
            return None
    else:
        s = _small(words, i)
        if s is None:
            return None
        val, j = s
    if j < n and words[j] == "hundred":
        val, j = val * 100, j + 1
        k = j + 1 if j < n and words[j] == "and" else j
        t = _small(words, k) if k < n else None
        # "hundred and one thousand" is left to "between one hundred and one thousand" (a range);
        # "hundred one thousand" is 101 thousand.
        stop = _MULTIPLIERS if k > j else ("hundred", "dozen")
        if t and (t[1] >= n or words[t[1]] not in stop):
            val, j = val + t[0], t[1]
    return val, j


def _parse_words(words: Sequence[str], i: int = 0) -> tuple[Fraction, int, int] | None:
    """Longest cardinal in number words starting at words[i]: (base, scale, words used).

    The value is ``base * scale``; ``scale`` is a trailing scale word when the number is one
    group times that scale ("three thousand" -> 3, 1000), so that ranges can distribute it.
    """
    n = len(words)
    if (
        i + 2 < n
        and words[i + 2] in _MULTIPLIERS
        and (
            (words[i] == "half" and words[i + 1] in ("a", "an"))
            or (words[i] in ("a", "an") and words[i + 1] == "half")
        )
    ):
        return Fraction(1, 2), _MULTIPLIERS[words[i + 2]], 3
    total, groups, j = 0, 0, i
    last_scale = 10**18
    single: tuple[Fraction, int] | None = None
    while j < n:
        g = _group(words, j)
        if g is None:
            break
        gval, k = g
        nxt = words[k] if k < n else None
        if (
            nxt == "and"
            and k + 3 < n
            and words[k + 1] == "a"
            and words[k + 2] == "half"
            and _SCALES.get(words[k + 3], last_scale) < last_scale
        ):
            scale = _SCALES[words[k + 3]]
            total += gval * scale + scale // 2
            single = (Fraction(2 * gval + 1, 2), scale) if groups == 0 else None
            groups, j = groups + 1, k + 4
            break
        if nxt in _SCALES:
            scale = _SCALES[nxt]
            if scale >= last_scale:
                break
            total += gval * scale
            single = (Fraction(gval), scale) if groups == 0 else None
            groups, j, last_scale = groups + 1, k + 1, scale
            if j < n and words[j] == "and" and j + 1 < n:
                g2 = _group(words, j + 1)
                if g2 and g2[0] < 100 and (g2[1] >= n or words[g2[1]] not in _MULTIPLIERS):
                    total, j, groups, single = total + g2[0], g2[1], groups + 1, None
                    break
            continue
        if nxt == "dozen" and groups == 0:
            return Fraction(gval), 12, k + 1 - i
        if k == j + 1 and words[j] in ("a", "an"):
            break  # "a" only counts before a multiplier
        if groups == 0 and words[k - 1] == "hundred" and gval % 100 == 0:
            single = (Fraction(gval // 100), 100)
        else:
            single = None
        total += gval
        groups, j = groups + 1, k
        break
    if groups == 0:
        return None
    if single is not None:
        return single[0], single[1], j - i
    return Fraction(total), 1, j - i


def _next_word(text: str, toks: Sequence[_Tok], k: int) -> _Tok | None:
    """The word token right after token k (white space between, same or next line)."""
    if k + 1 < len(toks) and toks[k + 1][_KIND] == "word" and _soft_gap(text, toks[k], toks[k + 1]):
        return toks[k + 1]
    return None


def _prev_word(text: str, toks: Sequence[_Tok], k: int) -> _Tok | None:
    """The word token right before token k on the same line."""
    if k > 0 and toks[k - 1][_KIND] == "word" and _same_line_gap(text, toks[k - 1], toks[k]):
        return toks[k - 1]
    return None


def _money_percent_time(text: str, start: int, end: int) -> bool:
    """True if the number at [start, end) is money, a percentage or a clock time."""
    return bool(_MONEY_PERCENT_TIME_AFTER.match(text, end) or _CURRENCY_BEFORE.search(text, max(0, start - 8), start))


def _digit_atom(text: str, toks: Sequence[_Tok], k: int) -> _Atom:
    t = toks[k]
    raw = t[_TEXT]
    n = len(toks)
    if raw.isdigit():  # digits alone (a numeral token holds ASCII digits and separators): _NUMERAL, read directly
        if len(raw) > _MAX_NUMERAL or (raw[0] == "0" and len(raw) > 1):
            return _Atom(k, k, t[_START], t[_END], Fraction(0), 1, "bad")
        base = int(raw)  # (an int is its own Fraction)
    else:
        raw = _SPACES.sub(",", raw)
        if len(raw) > _MAX_NUMERAL or not _NUMERAL.fullmatch(raw):
            return _Atom(k, k, t[_START], t[_END], Fraction(0), 1, "bad")
        digits = raw.replace(",", "")
        base = Fraction(digits) if "." in digits else int(digits)
    scale, last = 1, k
    power = _power(text, t[_END], base, raw)
    if power is not None:  # "10^30": one number, never its parts
        value, lit_end = power
        while last + 1 < n and toks[last + 1][_END] <= lit_end:
            last += 1
        atom = _Atom(k, last, t[_START], lit_end, Fraction(value or 0), 1, "ok" if value else "bad", lit_end=lit_end)
        reason = _digit_context(text, toks, atom) if value else None
        if reason:
            atom.status = reason
        return atom
    j = k + 1
    if j < n and toks[j][_LOW] in _MULTIPLIERS and _soft_gap(text, t, toks[j]):
        scale, last = _MULTIPLIERS[toks[j][_LOW]], j
    elif (
        j + 3 < n
        and toks[j][_LOW] == "and"
        and [x[_LOW] for x in toks[j : j + 3]] == ["and", "a", "half"]
        and toks[j + 3][_LOW] in _SCALES
        and all(_soft_gap(text, toks[x], toks[x + 1]) for x in range(k, j + 3))
    ):
        base, scale, last = base + Fraction(1, 2), _SCALES[toks[j + 3][_LOW]], j + 3
    start, end = t[_START], toks[last][_END]
    if "." in raw and scale == 1:
        status = "decimal"
    elif scale == 1 and len(raw) == 4 and 1800 <= int(raw) <= 2099:
        status = "year"
    else:
        status = "ok"
    atom = _Atom(k, last, start, end, base, scale, status)
    reason = _digit_context(text, toks, atom)
    if reason:
        atom.status = reason
    return atom


def _may_power(text: str, pos: int) -> bool:
    """False when neither _TIMES_TEN nor _EXPONENT can match at ``pos`` (their first characters:
    _POWER_FIRST, and after a space _POWER_AFTER_SPACE)."""
    c = text[pos : pos + 1]
    return c in _POWER_FIRST and (c != " " or text[pos + 1 : pos + 2] in _POWER_AFTER_SPACE)


def _power(text: str, pos: int, base: Fraction | int, raw: str) -> tuple[int | None, int] | None:
    """An exponent right after the numeral ``raw`` ending at ``pos``: (value, end of the exponent), with
    value None when it is no whole number the tables could hold (negative or huge exponent, a
    fractional result); None when no exponent follows."""
    if not _may_power(text, pos):
        return None
    times = _TIMES_TEN.match(text, pos)
    m = _EXPONENT.match(text, times.end() if times else pos)
    if m is None or (times and m.group("sci") is not None):
        return None
    if m.group("sup") is not None and not times and raw != "10":
        return None  # "5,000²": a footnote mark, left to the glue check (not read)
    if m.group("sci") is not None and m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] == "_"):
        return None  # "3e5f": an identifier, not a number
    digits = m.group("exp") or m.group("sci") or m.group("sup").translate(str.maketrans(_SUPERSCRIPTS, "0123456789"))
    negative = (m.group("sign") or m.group("esign") or m.group("ssign") or "") in ("-", "−", "⁻")
    if negative or len(digits) > 4 or int(digits) > _MAX_EXPONENT:
        return None, m.end()
    exponent = int(digits)
    if times or m.group("sci") is not None:
        value = base * 10**exponent  # "5 × 10^3", "1.5e6"
    elif base.denominator == 1 and "." not in raw:
        value = base**exponent  # "2^10", "10**30", "10³⁰"
    else:
        return None, m.end()
    if value.denominator != 1 or len(str(value.numerator)) > _MAX_NUMERAL:
        return None, m.end()
    return int(value), m.end()


def _digit_context(text: str, toks: Sequence[_Tok], a: _Atom) -> str | None:
    """Why a numeral is not a quantity ("bad", or "date" for a day of a month), or None."""
    start, t_end = a.start, (a.lit_end if a.lit_end >= 0 else toks[a.first][_END])
    p = text[start - 1] if start else ""
    c = text[t_end] if t_end < len(text) else ""
    c2 = text[t_end + 1] if t_end + 1 < len(text) else ""
    # Glued to letters or signs: F-16, MP3, 5th, 1990s, $5, 3%, 10:30, 1/2, 2½, 1980's.
    if p and (p.isalpha() or _glue(p) or p in _BAD_BEFORE):
        return "bad"
    if p == "−" or (p and p in _DASHES and start >= 2 and text[start - 2].isalpha()):
        return "bad"  # "F-16", "−5"
    if p == "-" and (start < 2 or text[start - 2].isspace()):
        return "bad"  # a minus sign: "-5"
    if c and (c.isalpha() or c in _BAD_AFTER or c in _VULGAR or _glue(c)):
        return "bad"
    if c and ((c in "'’" and c2.isalpha()) or (c == ":" and c2.isdigit())):
        return "bad"
    if c and c in "'’\u066c\u02bc" and (c2.isdigit() or _glue(c2)):
        return "bad"  # "1'000", "1٬000": a thousands separator this module does not read
    if (p, c) in (("(", ")"), ("[", "]")):
        return "bad"  # "(3)", "[12]": list markers and footnotes
    j = start - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if c and c in ".)" and (not c2 or c2.isspace()) and (j < 0 or text[j] == "\n"):
        return "bad"  # "1. Introduction"
    end = a.end
    if _DIGIT_AFTER.match(text, end) or _CURRENCY_BEFORE.search(text, max(0, start - 8), start):
        # (_money_percent_time, _ERA_AFTER or _HALF_AFTER)
        return "bad"
    n = len(toks)
    # Fractions: "2 1/2", "2 ½".
    nk = a.last + 1
    if nk < n:
        nt = toks[nk]
        fraction = nt[_KIND] == "num" and nt[_END] < len(text) and text[nt[_END]] in "/⁄" and a.scale == 1
        if (nt[_TEXT][0] in _VULGAR or fraction) and _soft_gap(text, toks[a.last], nt):
            return "bad"
    if _label_before(text, start):
        return "bad"
    pw = _prev_word(text, toks, a.first)
    nw = _next_word(text, toks, a.last)
    plain = a.scale == 1 and "," not in toks[a.first][_TEXT]
    k = a.first
    month_abbr = k >= 2 and toks[k - 1][_TEXT] == "." and toks[k - 2][_TEXT] in _MONTHS  # "Feb. 19"
    month_abbr = month_abbr and toks[k - 2][_END] == toks[k - 1][_START] and toks[k - 1][_END] < toks[k][_START]
    if plain and ((pw and pw[_TEXT] in _MONTHS) or month_abbr or (nw and nw[_TEXT] in _MONTHS and a.last == k)):
        return "date" if a.base <= 31 else "bad"
    if pw is not None and pw[_TEXT] in _ERA_WORDS:
        return "bad"  # "AD 900"
    if (
        pw is not None
        and pw[_TEXT][0].isupper()
        and pw[_LOW] not in _FUNCTION_WORDS
        and not _line_initial(text, toks, a.first - 1)
    ):
        return "bad"  # "Camp Ashraf 3", "Boeing 747", "Directorate 14"
    return None


def _word_atom(text: str, toks: Sequence[_Tok], first: int, last: int, base: Fraction, scale: int) -> _Atom:
    start, end = toks[first][_START], toks[last][_END]
    weak = first == last and toks[first][_LOW] == "one"
    atom = _Atom(first, last, start, end, base, scale, "ok", weak)
    p = text[start - 1] if start else ""
    c = text[end] if end < len(text) else ""
    bad = (
        (toks[first][_TEXT][0].isupper() and not _initial(text, toks, first))
        or (p and p.isnumeric())
        or _glue(p)
        or _glue(c)
        or (p and p in _DASHES and start >= 2 and text[start - 2].isalpha())
        or _WORD_AFTER.match(text, end)  # _money_percent_time or _HALF_AFTER
        or _CURRENCY_BEFORE.search(text, max(0, start - 8), start)
        or _label_before(text, start)
    )
    if not bad and c and c in _DASHES and last + 2 < len(toks):
        nxt = toks[last + 2]  # "twenty-first", "two-thirds"
        bad = toks[last + 1][_END] == nxt[_START] and (nxt[_LOW] in _ORDINALS or nxt[_LOW] in _FRACTION_PLURALS)
    if not bad:
        nw = _next_word(text, toks, last)
        bad = bool(nw and nw[_LOW] in _FRACTION_PLURALS)
    if bad:
        atom.status = "bad"
    return atom


def _word_run(text: str, toks: Sequence[_Tok], k: int) -> list[int]:
    """Token indices of a run of number-lexicon words joined by spaces or single hyphens."""
    run = [k]
    n = len(toks)
    while True:
        last = run[-1]
        j = last + 1
        if (
            j < n
            and toks[j][_KIND] == "word"
            and toks[j][_LOW] in _RUN_WORDS
            and _soft_gap(text, toks[last], toks[j])
        ):
            run.append(j)
        elif (
            j + 1 < n
            and toks[j][_TEXT] in _DASHES[:3]
            and toks[last][_END] == toks[j][_START]
            and toks[j][_END] == toks[j + 1][_START]
            and toks[j + 1][_KIND] == "word"
            and toks[j + 1][_LOW] in _RUN_WORDS
        ):
            run.append(j + 1)
        else:
            return run


def _atoms(text: str, toks: Sequence[_Tok]) -> list[_Atom]:
    atoms: list[_Atom] = []
    k, n = 0, len(toks)
    while k < n:
        t = toks[k]
        if t[_KIND] == "num":
            atom = _digit_atom(text, toks, k)
            atoms.append(atom)
            k = atom.last + 1
        elif t[_KIND] == "word" and t[_LOW] in _RUN_WORDS:
            run = _word_run(text, toks, k)
            words = [toks[r][_LOW] for r in run]
            pos = 0
            while pos < len(run):
                parsed = _parse_words(words, pos)
                if parsed is None:
                    pos += 1
                    continue
                base, scale, used = parsed
                atoms.append(_word_atom(text, toks, run[pos], run[pos + used - 1], base, scale))
                pos += used
            k = run[-1] + 1
        else:
            k += 1
    return atoms


# --- years, qualifiers, ranges --------------------------------------------------------------------


def _plural_noun(tok: _Tok) -> bool:
    w = tok[_TEXT]
    if not (w.isalpha() and w.islower() and len(w) >= 3):
        return False
    if w in _IRREGULAR_PLURALS or w.endswith("men") or w.endswith("people"):
        return True
    return w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in _NOT_PLURAL


def _year_is_count(text: str, toks: Sequence[_Tok], a: _Atom) -> bool:
    """Whether a year-like numeral (1800-2099, no separator) is a count: see the module docstring."""
    pw = _prev_word(text, toks, a.first)
    if pw is not None and pw[_LOW] in _YEAR_INTRODUCERS:
        return False
    if a.first >= 2 and toks[a.first - 1][_LOW] == "s" and toks[a.first - 2][_TEXT] in "'’":
        return False  # possessive: "the MEK's 2003 ..."
    n = len(toks)
    j = a.last + 1
    if (
        j + 1 < n
        and toks[j][_TEXT] in _DASHES
        and toks[j][_START] == a.end
        and toks[j + 1][_START] == toks[j][_END]
        and toks[j + 1][_LOW] in _COUNT_COMPOUNDS
    ):
        return True
    # Capitalised words may stand between the number and the noun ("another 5000 MEK prisoners")
    # only after a word that announces a count.
    cue = (pw is not None and pw[_LOW] in _COUNT_CUES) or _prefix(text, a.start, 0) is not None
    k = a.last
    for _ in range(3 if cue else 1):
        nw = _next_word(text, toks, k)
        if nw is None:
            return False
        if _plural_noun(nw):
            return True
        if not nw[_TEXT][0].isupper():
            return False
        k += 1
    return False


def _prefix(text: str, start: int, floor: int) -> tuple[int, str] | None:
    """The qualifier phrase or symbol right before ``start``: (phrase start, qualifier)."""
    lo = max(floor, start - _WINDOW)
    m = _QUAL_PREFIX.search(text, _fields_start(text, lo, start), start) if _may_qualify(text, lo, start) else None
    if m:
        return m.start(), "at_least" if m.group("least") else "at_most" if m.group(
            "most"
        ) else "approximately"
    j = start - 1
    if j >= floor and text[j] == " ":
        j -= 1
    if j >= floor and text[j] in _SYMBOL_QUALIFIER and (j == 0 or not text[j - 1].isalnum()):
        return j, _SYMBOL_QUALIFIER[text[j]]
    return None


def _suffix(text: str, end: int) -> tuple[int, str] | None:
    m = _QUAL_SUFFIX.match(text, end)
    if not m:
        return None
    kind = next(k for k, v in m.groupdict().items() if v is not None)[:-1]
    return m.end(), {"approx": "approximately", "least": "at_least", "most": "at_most"}[kind]


def _single(text: str, toks: Sequence[_Tok], a: _Atom, floor: int) -> Quantity | None:
    value = a.value
    if value is None or a.weak:
        return None
    if a.status == "year":
        if not _year_is_count(text, toks, a):
            return None
    elif a.status != "ok":
        return None
    start, end, qual = a.start, a.end, "exact"
    pre = _prefix(text, a.start, floor)
    if pre:
        start, qual = pre
    suf = _suffix(text, a.end)
    if suf and (qual in ("exact", "approximately") or suf[1] == qual):
        end, qual = suf
    low = None if qual == "at_most" else value
    high = None if qual == "at_least" else value
    return Quantity(start, end, text[start:end], low, high, qual, a.start, a.end)


_REJECT = object()


def _clear_count(a: _Atom) -> bool:
    v = a.value
    return a.status == "ok" and not a.weak and v is not None and v >= 100


def _range(text: str, toks: Sequence[_Tok], a: _Atom, b: _Atom, glued: bool, floor: int) -> object:
    """A range Quantity from atoms a and b, ``_REJECT`` to drop both, or None to read them apart."""
    if "date" in (a.status, b.status):
        other = b if a.status == "date" else a
        if glued or other.status == "date" or other.base <= 31:
            return _REJECT
        return None
    if "bad" in (a.status, b.status):
        return _REJECT
    if a.scale == 1 and b.scale > 1 and a.base < b.base:
        lo = a.base * b.scale
    else:
        lo = a.base * a.scale * _shared_zeros(toks, a, b)
    hi = b.base * b.scale
    if lo.denominator != 1 or hi.denominator != 1:
        return _REJECT
    if "year" in (a.status, b.status):
        if a.status == b.status:
            ok, other = False, None  # "1971-1972 arrests", "between 2014 and 2016"
        elif a.status == "year":
            ok, other = _clear_count(b) and _year_is_count_before(text, toks, a), b
        else:
            ok, other = _clear_count(a) or _year_is_count(text, toks, b), a
        if not ok:
            if glued or other is None or (other.value or 0) <= 99:
                return _REJECT
            return None
    low, high = int(lo), int(hi)
    if low >= high:
        return _REJECT if glued else None
    start = a.start
    rp = _RANGE_PREFIX.search(text, max(floor, a.start - _WINDOW), a.start)
    if rp:
        if rp.group("word").lower() == "from" and _CHANGE_VERB.search(
            text, max(floor, rp.start() - _WINDOW), rp.start()
        ):
            return None
        start = rp.start()
    else:
        pre = _prefix(text, a.start, floor)
        if pre:
            start = pre[0]
    return Quantity(start, b.end, text[start : b.end], low, high, "range", a.start, b.end)


def _shared_zeros(toks: Sequence[_Tok], a: _Atom, b: _Atom) -> int:
    """The power of 1,000 that the high end's zero groups lend a bare low end: 1,000 for "2-3,000"
    (2,000 to 3,000), 1,000,000 for "2-3,000,000"; else 1.

    As a trailing scale word distributes ("2 to 3 thousand"), so do trailing ",000" groups when the
    low end is a plain numeral of one to three digits, smaller than the high end's leading group:
    "20-30,000" is 20,000 to 30,000, but "500-1,000" (500 is not below 1) and "2-3,500" (a group
    that is not 000) are read as written."""
    if a.scale != 1 or b.scale != 1 or a.first != a.last or b.first != b.last:
        return 1
    low = toks[a.first][_TEXT]
    groups = _SPACES.sub(",", toks[b.first][_TEXT]).split(",")
    if not (low.isdigit() and len(low) <= 3 and groups[0].isdigit()) or len(groups) < 2:
        return 1
    if any(g != "000" for g in groups[1:]) or int(low) >= int(groups[0]):
        return 1
    return 1000 ** (len(groups) - 1)


def _year_is_count_before(text: str, toks: Sequence[_Tok], a: _Atom) -> bool:
    pw = _prev_word(text, toks, a.first)
    return pw is None or pw[_LOW] not in _YEAR_INTRODUCERS


def _connector(text: str, a: _Atom, b: _Atom, floor: int) -> str | None:
    """How two neighbouring atoms are joined: "glued" (5-10), "range" (5 to 10, 5 - 10), or None."""
    if b.start - a.end > 40:
        return None
    m = _CONNECTOR.fullmatch(text, a.end, b.start)
    if not m:
        return None
    if m.group("glued") is not None:
        return "glued"
    word = (m.group("word") or "").lower()
    if word == "and":
        rp = _RANGE_PREFIX.search(text, max(floor, a.start - _WINDOW), a.start)
        if not rp or rp.group("word").lower() != "between":
            return None
    return "range"


# --- public API -----------------------------------------------------------------------------------


# --- which numerals and number words may give a quantity, without tokenising (a prefilter) ---------
#
# The numeral tokens of _TOKEN are the matches of its group 1 alone: a non-numeral token holds no
# ASCII digit, so at every digit that no numeral holds, _TOKEN's scan tries group 1 first, as this
# pattern does, and both continue after the numeral. (Group 1 with its first digit taken out of the
# alternation: the same tries in the same order, and re skips to a digit before trying.)
_NUMERAL_TOKEN = re.compile(
    r"[0-9](?:[0-9]{0,2}(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9]|[.,][0-9])|[0-9]*(?:[.,][0-9]+)*)")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")  # white space, then the word token after a numeral
_SCALE_OR_AND = frozenset(_MULTIPLIERS) | {"and"}  # a word after which a numeral may take a scale
_NUMBER_WORDS = _RUN_WORDS - {"a", "an", "and"}
_LARGE_NUMBER_WORDS = _NUMBER_WORDS - frozenset(_UNITS) - {"half"}


def _ascii_word_before(text: str, j: int) -> str | None:
    """The word token that ends at ``text[j]``, when it is ASCII letters alone; else None (no
    letter there, or the token may hold a character before the ASCII ones)."""
    i = j
    while i >= 0 and text[i] in _ASCII_LETTERS:
        i -= 1
    if i == j or (i >= 0 and not text[i].isascii()):
        return None
    return text[i + 1 : j + 1]


def _dead_numeral(text: str, s: int, e: int, raw: str) -> tuple[bool, bool]:
    """(dead, scaled) of the numeral token ``text[s:e]``. Dead: its atom (pipeline.text.numbers._atoms)
    gets the status "bad" or "date", or is a year after a word that introduces one
    (_YEAR_INTRODUCERS); scaled: a scale word (or "and", of "and a half million") may follow it.

    Each test is one of _digit_atom's or _digit_context's, on the same characters: with no exponent
    after it (_may_power false: _power reads none), the atom starts at ``s`` and its context ends at
    ``e``; every return of _digit_context but the last gives "bad" or "date", so any one of its tests
    that holds is enough. A word before the numeral is the token ending after the white space before
    ``s`` (a token holds no white space but in "10 000", a numeral), read only when it is ASCII.
    """
    n = len(text)
    c = text[e] if e < n else ""
    if c in _POWER_FIRST and (c != " " or text[e + 1 : e + 2] in _POWER_AFTER_SPACE):
        return False, True  # (_may_power: an exponent may follow)
    p = text[s - 1] if s else ""
    if (p, c) in (("(", ")"), ("[", "]")):
        return True, False  # "[12]"
    if p and (p.isalpha() or p in _BAD_BEFORE or p == "−" or _glue(p)):
        return True, False  # "F16", "$5", "#3"
    if c and (c.isalpha() or c in _BAD_AFTER or c in _VULGAR or _glue(c)):
        return True, False  # "5th", "3%"
    if raw.isdigit():
        if raw[0] == "0" and len(raw) > 1 or len(raw) > _MAX_NUMERAL:
            return True, False
    elif len(raw) > _MAX_NUMERAL or not _NUMERAL.fullmatch(_SPACES.sub(",", raw)):
        return True, False
    if p and p in _DASHES and s >= 2 and (text[s - 2].isalpha() or (p == "-" and text[s - 2].isspace())):
        return True, False
    if p == "-" and s < 2:
        return True, False
    if c and c in "'’:\u066c\u02bc":
        c2 = text[e + 1] if e + 1 < n else ""
        if (c in "'’" and c2.isalpha()) or (c == ":" and c2.isdigit()):
            return True, False
        if c != ":" and (c2.isdigit() or _glue(c2)):
            return True, False
    nxt = _NEXT_WORD.match(text, e) if c and c.isspace() else None
    scaled = nxt is not None and nxt.group(1).lower() in _SCALE_OR_AND
    plain = not scaled and "," not in raw  # (scale 1: no scale word can follow it)
    if plain and nxt is not None and nxt.group(1) in _MONTHS and text.count("\n", e, nxt.start(1)) <= 1:
        return True, False  # "5 June": the word after it on the same or the next line
    j = s - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j == s - 1 or j < 0:
        return False, scaled  # no word before it
    if plain and text[j] == "." and _ascii_word_before(text, j - 1) in _MONTHS:
        return True, False  # "Feb. 19"
    if "\n" in text[j + 1 : s]:
        return False, scaled  # no word before it on the same line
    pw = _ascii_word_before(text, j)
    if pw is None:
        return False, scaled
    if (plain and pw in _MONTHS) or pw in _ERA_WORDS:
        return True, False
    if not scaled and len(raw) == 4 and raw.isdigit() and pw.lower() in _YEAR_INTRODUCERS and "1800" <= raw <= "2099":
        return True, False  # a year: "in 1997"
    if pw[0].isupper() and pw.lower() not in _FUNCTION_WORDS:
        i = j - len(pw)  # the character before the word: is the word the first token of its line?
        k = i
        while k >= 0 and text[k].isspace():
            k -= 1
        if k >= 0 and "\n" not in text[k + 1 : i + 1]:
            return True, False  # "Camp Ashraf 3": a name's number
    return False, scaled


def live_numerals(text: str) -> Iterator[tuple[int, bool]]:
    """(offset, may be worth ten or more) of each numeral of ``text`` that may be a number of a
    quantity of ``find_quantities(text)``, in order: the others (:func:`_dead_numeral`) cannot.

    A quantity is a single number whose atom has the status "ok" or "year" (a year only when no
    word introduces it: _year_is_count), or a range of two such atoms (a "bad", "date" or
    "decimal" one never gives a single; a "bad" or "date" one never a range; two years never
    form one, nor a year after an introducer as its first number, nor as its second unless the
    first is a clear count, of 100 or more). Its ``num_start`` is its first atom's start, and its
    largest value is that of its last atom (a range's high end, larger than its low end), or of
    the first one when a year after an introducer ends it. So every quantity starts at a live
    numeral or at a number word (:func:`live_number_words`), and one worth ten or more has such
    a number worth ten or more. A numeral's value is below ten when it has one digit, no
    exponent and no scale word after it (the flag is then False).
    """
    for m in _NUMERAL_TOKEN.finditer(text):
        raw = m.group()
        dead, scaled = _dead_numeral(text, m.start(), m.end(), raw)
        if not dead:
            yield m.start(), scaled or len(raw) > 1


def may_quantify(
    text: str, at_least: int = 1, outside: Sequence[object] = (), words: bool = True,
    large_words: bool = True, word_ends: Sequence[int] | None = None, offset: int = 0,
) -> bool:
    """Whether ``find_quantities(text)`` may give a quantity worth ``at_least`` or more (its largest
    bound) whose ``num_start`` lies in no span of ``outside`` (objects with ``start`` and ``end``,
    ``[start, end)``): False only when it cannot. ``text`` starts at ``offset`` of a larger text,
    in whose offsets the spans and ``word_ends`` (sorted) are given.

    Exact (a superset, :func:`live_numerals`, :func:`live_number_words`): such a quantity starts
    at a live numeral outside the spans or at a live number word, and one worth ten or more has a
    live number worth ten or more. The numerals inside the spans are read only when one may be
    that larger number. ``words`` False: the caller knows the text has no number word token;
    ``large_words`` False: none of ten or more (a teen, a ten or a scale word); ``word_ends``:
    where number words may end (:func:`live_number_words`).
    """
    need_large = at_least >= 10
    seen_outside = large = False
    inside: list[re.Match[str]] = []  # numerals inside the spans, read only for their size
    for m in _NUMERAL_TOKEN.finditer(text):
        s = m.start()
        if outside and any(d.start <= offset + s < d.end for d in outside):
            if need_large and not large:
                inside.append(m)
            continue
        dead, scaled = _dead_numeral(text, s, m.end(), m.group())
        if dead:
            continue
        seen_outside = True
        large = large or scaled or m.end() - s > 1
        if large or not need_large:
            return True
    if need_large and not large:
        for m in inside:
            dead, scaled = _dead_numeral(text, m.start(), m.end(), m.group())
            if not dead and (scaled or m.end() - m.start() > 1):
                large = True
                break
    if seen_outside and (large or not need_large):
        return True
    if not words or (need_large and not large and not large_words):
        return False
    if word_ends is not None:  # (those inside the text, in its offsets)
        lo, hi = bisect.bisect_right(word_ends, offset), bisect.bisect_right(word_ends, offset + len(text))
        word_ends = [e - offset for e in word_ends[lo:hi]]
    some_word, large_word = live_number_words(text, word_ends)
    return (seen_outside or some_word) and (large or large_word or not need_large)


def _number_word_tokens(text: str, ends: Sequence[int] | None) -> Iterator[tuple[int, str]]:
    """(start, text) of the word tokens of ``text`` whose lower case is a number word, in order
    (and a few others the caller drops). ``ends`` (None: search the text): offsets, sorted, such
    that every such token holds one in ``(start, end]``, as the end of a match of a number word
    that lies inside it (multiscan.scan_hits over the text reports those): the token is the run
    of ASCII letters around the character before that end (its characters are ASCII letters, or
    the Kelvin sign, in no number word), read only when no other word character continues it.
    """
    if ends is None:
        for m in _NUMBER_WORD_TOKEN.finditer(text):
            yield m.start(), m.group()
        return
    n, last = len(text), -1
    for e in ends:
        j = e - 1
        if j <= last or j >= n or text[j] not in _ASCII_LETTERS:
            continue  # (inside the token before, or no ASCII letter: no number word of its own)
        i = j
        while i > 0 and text[i - 1] in _ASCII_LETTERS:
            i -= 1
        while j + 1 < n and text[j + 1] in _ASCII_LETTERS:
            j += 1
        last = j
        if (i and _letter_like(text[i - 1])) or (j + 1 < n and _letter_like(text[j + 1])):
            continue  # another word character continues the token: it is no number word
        yield i, text[i : j + 1]


def _letter_like(c: str) -> bool:
    """Whether ``c`` is in ``[^\\W\\d_]`` (a character of a word token, _TOKEN's group 2): ``\\w`` is
    str.isalnum() or "_", ``\\d`` str.isdecimal() (re's own tests for str patterns)."""
    return c.isalnum() and not c.isdecimal()


def live_number_words(text: str, ends: Sequence[int] | None = None) -> tuple[bool, bool]:
    """(some, some worth ten or more): whether a number written in words of ``text`` may start a
    quantity of ``find_quantities(text)`` or be a part of one, and whether one of those is a word
    of ten or more (a teen, a ten or a scale word: a number in words worth ten or more has one).
    ``ends``: where number words may end (:func:`_number_word_tokens`).

    A word token joins the run of number words before it (_word_run) only after white space or
    a dash, so one with no number word before it so (read loosely: any white space and dashes)
    starts its run, and a number's words all follow its first in one run (_parse_words). Such a
    word starts no number when it is a scale word (a group starts with "a", "an", "half" or a
    word below a hundred: _group), and every number it starts is "bad" when it is capitalised
    away from the start of a sentence, line, bracket or quotation (_word_atom, _initial): the
    other words are kept.
    """
    some = large = False
    for s, w in _number_word_tokens(text, ends):
        low = w.lower()
        if low not in _NUMBER_WORDS:
            continue
        if low in _MULTIPLIERS or w[0].isupper():
            j = s - 1
            while j >= 0 and (text[j].isspace() or text[j] in _DASHES):
                j -= 1
            c = text[j] if j >= 0 else ""
            if c in _ASCII_LETTERS:
                before = _ascii_word_before(text, j)
                joined = before is None or before.lower() in _RUN_WORDS
            else:
                joined = bool(c) and not c.isascii()  # (another word character may end a number word)
            if not joined:
                if low in _MULTIPLIERS:
                    continue  # no number starts with it, none holds it
                k = s - 1
                while k >= 0 and text[k].isspace():
                    k -= 1
                if k >= 0 and "\n" not in text[k + 1 : s] and text[k] not in _OPENERS:
                    continue  # capitalised inside a sentence: every number it starts is "bad"
        some = True
        if low in _LARGE_NUMBER_WORDS:
            return True, True
    return some, large




def parse_number(s: str) -> int | None:
    """Value of a whole string that is one cardinal number, else None.

    '2,000' -> 2000, 'two thousand' -> 2000, 'twenty-three' -> 23, '1.3 million' -> 1300000,
    'a dozen' -> 12; 'several hundred', 'thousands', 'dozens', '2.5' -> None.
    """
    text = s.strip()
    toks = _tokenise(text)
    if not toks:
        return None
    if toks[0][_KIND] == "num":
        a = _digit_atom(text, toks, 0)
        ok = a.last == len(toks) - 1 and a.status in ("ok", "year", "date")
        return a.value if ok else None
    if toks[0][_KIND] != "word" or toks[0][_LOW] not in _RUN_WORDS:
        return None
    run = _word_run(text, toks, 0)
    if run[-1] != len(toks) - 1:
        return None
    words = [toks[r][_LOW] for r in run]
    parsed = _parse_words(words)
    if parsed is None or parsed[2] != len(words):
        return None
    v = parsed[0] * parsed[1]
    return int(v) if v.denominator == 1 else None


# A number starts at an ASCII digit or at a word of a number other than "a", "an", "and" (a run
# of those three alone is no number): a token whose str.lower() is one of the words, so a
# substring of the lower-cased text (str.lower maps each character on its own).
_FIRST_DIGIT = re.compile("[0-9]")


def word_trie(words: frozenset[str] | set[str]) -> str:
    """A regex that matches where one of ``words`` starts, as a trie ("t(?:en|wo|h(?:ree|...))"):
    it matches at the same positions as the plain alternation, and fails sooner."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(k) + emit(node[k]) for k in sorted(node) if k]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return emit(trie)


_NUMBER_SUBSTRING = re.compile(word_trie(_RUN_WORDS - {"a", "an", "and"}))
# A word token (group 2 of _TOKEN, a maximal run of letters and other word characters) that IGNORECASE
# matches to a number word: every token whose str.lower() is one (its characters are ASCII letters or
# the Kelvin sign, which IGNORECASE matches to "k"), and a few more ("ſix"), which the caller drops.
_NUMBER_WORD_TOKEN = re.compile(rf"(?<![^\W\d_])(?:{word_trie(_NUMBER_WORDS)})(?![^\W\d_])", re.IGNORECASE)
_MIN_SKIP = 40  # characters before the first number from which skipping them pays


def find_quantities(text: str) -> list[Quantity]:
    """All cardinal quantities in text, in order and non-overlapping (heuristics: module docstring)."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer ("İ"): offsets of ``low`` are not the text's
        return _find_quantities(text)
    digit = _FIRST_DIGIT.search(text)
    before = digit.start() if digit is not None else len(text)
    word = _NUMBER_SUBSTRING.search(low, 0, before)
    if digit is None and word is None:
        return []  # nothing a number can start with: the same as reading every token
    if word is not None:
        before = word.start()
    return _find_quantities(text, _restart(text, before))


def _restart(text: str, first: int) -> int:
    """Where tokenising may start, before ``first`` (no number starts before it), with the same result
    as tokenising the whole text: the start of a token after a space whose token and the next one are
    neither numerals nor number words; 0 when none is found close by.

    Exact: no token holds a space before the first digit (only a numeral holds a space, "10 000"), so
    the tokens from there are those of the whole text; the two tokens are no part of a number or of a
    run of number words (a run holds number words and dashes glued to them, and the first token
    follows a space), so the scan for numbers (_atoms) reaches the first of them in both, and from
    there on reads the same tokens; every number then starts at index 2 or later, so each look at
    the one or two tokens before it (_prev_word, _line_initial, the "k == 0" tests) sees the tokens
    the whole text has there, and none of them is the first token of the text. The tokens before
    are words and signs with no number in them.
    """
    if first < _MIN_SKIP:
        return 0
    pos = text.rfind(" ", 0, first)
    pos = text.rfind(" ", 0, pos) if pos > 0 else -1  # a numeral and the word before it are seldom both context
    for _ in range(8):
        if pos < 1:
            return 0
        a = _TOKEN.match(text, pos + 1)
        if a is not None and a.lastindex != 1 and a.group().lower() not in _RUN_WORDS:
            b = _TOKEN.search(text, a.end())
            if b is None or (b.lastindex != 1 and b.group().lower() not in _RUN_WORDS):
                return pos + 1
        pos = text.rfind(" ", 0, pos)
    return 0


def _find_quantities(text: str, start: int = 0) -> list[Quantity]:
    """find_quantities, reading every token from ``start`` (a :func:`_restart` position; 0: all)."""
    toks = _tokenise(text, start)
    atoms = _atoms(text, toks)
    out: list[Quantity] = []
    floor, i, n = 0, 0, len(atoms)
    while i < n:
        a = atoms[i]
        conn = _connector(text, a, atoms[i + 1], floor) if i + 1 < n else None
        if conn == "glued" and i + 2 < n and _connector(text, atoms[i + 1], atoms[i + 2], floor) == "glued":
            # A chain of three or more dash-joined numbers: a date, an ISBN, a phone number.
            i += 1
            while i < n and _connector(text, atoms[i - 1], atoms[i], floor) == "glued":
                i += 1
            continue
        if conn is not None:
            res = _range(text, toks, a, atoms[i + 1], conn == "glued", floor)
            if res is _REJECT:
                i += 2
                continue
            if isinstance(res, Quantity):
                out.append(res)
                floor = res.end
                i += 2
                continue
        q = _single(text, toks, a, floor)
        if q is not None:
            out.append(q)
            floor = q.end
        i += 1
    return out
