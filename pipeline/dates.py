"""Recognise English date expressions and normalise them to intervals.

Every date is an interval ``[date_start, date_end]`` with a precision
(``day``, ``month``, ``year`` or ``decade``), as in the annotation guide
(section "Dates"). Pure functions, standard library only.

How it works (one linear pass of one compiled regex, then two cheap passes):

1. *Atoms*: a single alternation finds day dates (``5 September 1965``,
   ``September 5, 1965``, ``Feb. 19``, ISO ``1965-09-05``, optional weekday),
   in-atom day ranges (``24 to 27 June``, ``June 24-27, 1981``), months
   (``June 1981``, ``mid-June 1981``, ``December of that year``, ``in April``),
   years (``1997``, ``early 1979``, ``the end of 1993``, ``1980-88``,
   ``1971-1972``, ``2016-present``), decades (``the early 1990s``, ``1990's``)
   and relative years (``that year``, ``the following year``, ``this year``).
   Branches are ordered most specific first, so at any position the longest
   reading wins; matches never overlap.
2. *Ranges*: two adjacent atoms joined only by ``-``/``–``/``to``/``until``/
   ``through``/``and`` become one match (``From 26 August 1981 to December
   1982``). ``and`` joins only after ``between``, for a month list sharing a
   year (``March and April 1980``), for consecutive years after a temporal
   preposition (``in 2010 and 2011``) and for consecutive decades. A side
   without a year takes the other side's year (``December to February 1990``
   starts in 1989). With two precisions the coarser one is the label, and
   each end keeps the precision it is written with (``From 26 August 1981 to
   December 1982`` is 1981-08-26..1982-12-31, month), as the gold answers read
   the guide.
3. *Filters*: a bare month with no year (``June``) is a date only after a
   temporal word (``in``, ``by``, ``since``, ``until``, ``during``, ...), with a
   qualifier (``mid-June``) or inside a range; ``May`` is never a date after
   ``by``. A bare four-digit year (1800-2099 only) is dropped when the context
   says it is a count: a currency sign or code before it, a unit or multiplier
   after it (``2000 km``, ``2000 million``, ``%``), a people/thing noun after
   it (``2000 soldiers``, ``about 2014 Iranian prisoners``), an identifier word
   before it (``p. 1985``, ``Resolution 1995``) or a non-year number on the
   other side of ``to``/``and`` (``1,500 to 2000``). After a temporal
   preposition (``In 2003 troops were sent``) a year stays a year.

Span rules:

- Leading prepositions (``on``, ``in``, ``by``) are *not* in the span;
  ``from``/``between`` are, when the expression is a range.
- Qualifiers are in the span (``mid-June 1981``, ``the end of 1993``,
  ``the early 1990s``); so is ``the`` of a decade and a leading weekday
  (``Monday, 5 September 1965``).
- Brackets are not (``(1965-09-05)`` gives ``1965-09-05``).

Normalisation decisions:

- Qualifiers do not narrow: ``early 1979`` is the whole of 1979, ``mid-June``
  the whole month, ``the late 1980s`` the whole decade. Seasons and halves
  (``summer 1981``, ``the first half of 1981``) are year precision.
- ``the 1900s``/``the 2000s`` are decades, never centuries.
- ``24 and 27 June`` is one interval from the first to the last day.
- Years without a year written take ``default_year`` (``that year``, ``the
  same year`` too); ``the following/next year`` is +1, ``the previous/prior
  year`` and ``the year before`` -1 (``the year before``/``after`` only when
  no noun follows: "the year before John Bolton ..." is not a date).
  ``this year``/``last year``/``next year`` use ``this_year``.
  ``2016-present`` ends in ``this_year``; without it only ``2016`` is matched.
  Unresolvable expressions are returned with ``date_start``/``date_end``/
  ``precision`` None so the caller knows a date phrase was there.
- Impossible dates (``31 February 1990``, ``30 February``, ISO ``1990-13-05``
  or ``1990-02-30``, ``the 13th month of 1990``) are returned with ``error``
  set and no dates; ``29 February`` without a known year is unresolved, not
  an error. Nothing ever raises on input text.
- An ordinal month is read only with its year: ``the 3rd month of 1990`` is
  March 1990, ``the 3rd month of the year`` takes the carried year; ``the
  13th month of the siege`` is no date (it counts months of something else).
- Purely relative expressions (``two days after``, ``five weeks later``) are
  not dates. Numeric day/month forms (``5/9/1965``) are ambiguous and are not
  read; a year inside them is not taken either.
- A leading weekday is kept in the span but not checked against the date.
- ``1990's`` is the decade (the decade reading is tried first); ``1981's`` is
  the year 1981.
- ``and`` between two non-consecutive years outside ``between`` gives two
  matches (``in 1972 and 1975``); lists (``1972, 1973``) are never merged.

Known limitations: month names must be capitalised or upper case (``june``
is not read); no centuries (``19th century``) or two-digit decades
(``the '80s``); no ``last June``/``that month``; a count written right after a
month and year (``In June 2000 soldiers ...``) is read as a date; at the start
of a sentence ``2003 US troops ...`` is read as a count; seasons are not mapped
to months.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field

__all__ = ["DateMatch", "PRECISIONS", "find_dates", "parse_date_expression"]

PRECISIONS = ("day", "month", "year", "decade")
_RANK = {p: i for i, p in enumerate(PRECISIONS)}


@dataclass(frozen=True)
class DateMatch:
    """One date expression found in a text, normalised to an interval."""

    start: int  # char offset into the text passed in
    end: int  # exclusive; text[start:end] == self.text
    text: str
    date_start: datetime.date | None
    date_end: datetime.date | None
    precision: str | None  # "day" | "month" | "year" | "decade"
    year_explicit: bool  # True if a year is written inside this expression
    error: str | None = None  # set (and dates None) for impossible dates


# --------------------------------------------------------------------------- lexicons

_MONTHS_FULL = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTHS_ABBR = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7,
    "Aug": 8, "Sept": 9, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}
_MONTH_NUM = {m.lower(): i + 1 for i, m in enumerate(_MONTHS_FULL)} | {
    k.lower(): v for k, v in _MONTHS_ABBR.items()
}
_WEEKDAYS_FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_ABBR = ("Tues", "Thurs", "Thur", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Words after which a bare month name ("in June") is a date.
_MONTH_TRIGGERS = frozenset(
    "in by since until till til during through throughout from before after between of early late "
    "mid around circa".split()
)
# Prepositions that make a following number a year ("In 2003 troops were sent").
_TEMPORAL = frozenset(
    "in since until till til by during from after before through throughout between circa c ca "
    "early late mid spring summer autumn fall winter year".split()
)
_DETERMINERS = frozenset("the a an his her its their our my your whose".split())
_QUANTIFIERS = frozenset(
    "about approximately approx around some nearly almost over roughly estimated est than least most "
    "only exactly total additional another further just barely".split()
)
# Nouns that, right after a number, make it a count (people, things, money, measures).
_COUNT_NOUNS = frozenset(
    """people persons members followers supporters sympathizers sympathisers fighters soldiers troops
    militants guerrillas guerillas rebels insurgents combatants prisoners detainees inmates captives
    hostages refugees residents civilians casualties deaths dead killed wounded injured victims men women
    children boys girls students workers employees staff personnel officers officials agents police
    policemen guards volunteers recruits activists protesters protestors demonstrators participants
    delegates attendees voters votes seats families households individuals adults cadres operatives
    pilgrims migrants immigrants applicants signatures signatories names pages copies documents files
    letters articles books words tanks vehicles cars trucks aircraft planes helicopters rockets missiles
    mortars rounds shells bombs weapons rifles guns sorties houses homes buildings villages units items
    cases times points acres hectares barrels tons tonnes kilograms kilos grams dollars euros pounds
    rials francs marks yen rupees dinars shekels hours minutes seconds metres meters miles feet yards
    inches degrees""".split()
)
_UNITS = frozenset(
    """million millions billion billions trillion thousand thousands hundred hundreds percent per cent
    km m cm mm kg g mg lb lbs ft mi mph kph kmh hp mw kw gw kwh rpm cc ml bc bce hrs""".split()
)
_AFTER_COUNT = frozenset("were are have had died remain remained others other more".split())
_CURRENCY_CODES = frozenset("usd us$ eur gbp rs inr irr rial rials chf jpy cad aud".split())
_ID_WORDS = frozenset(
    """p pp page pages no nos number numbers vol vols volume art article articles section sections sec
    chapter ch para paragraph paragraphs footnote fn note notes room route flight item items resolution
    resolutions rule rules regulation code box level model type version ver isbn issn tel phone ext
    highway interstate channel bus unit apartment suite platform gate seat row grade size score rank
    ranked block lot plot rev exhibit annex index""".split()
)
_FUNCTION_WORDS = frozenset(
    "the a an of in on and or to was were is are had has have by for with at from as that which who".split()
)
_CONNECTOR_TOKENS = frozenset(["to", "and", "or", "-", "–", "—", "‐", "‑"])
_CURRENCY_SYMBOLS = frozenset("$€£¥₹₽﷼")

# --------------------------------------------------------------------------- regex pieces

_CONN_WORDS = "to|until|till|through|thru|and"
_S1 = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"  # at least one space, at most one line break
_DASH = r"[-–—‐‑]"


def _alt(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(v for w in words for v in (w, w.upper()))


_MONTH_RE = (
    rf"(?:(?:{_alt(_MONTHS_FULL)})(?![A-Za-z])"
    rf"|(?:{_alt(list(_MONTHS_ABBR))})(?:\.|(?![A-Za-z])))"
)
_WD = (
    rf"(?<![A-Za-z])(?:(?:{_alt(_WEEKDAYS_FULL)})(?![A-Za-z])|(?:{_alt(_WEEKDAYS_ABBR)})(?:\.|(?![A-Za-z])))"
    rf",?{_S1}"
)
_QUAL = (
    r"(?<![A-Za-z])(?i:(?:the\s+)?(?:early|late|mid|middle\s+of|end\s+of|beginning\s+of|start\s+of"
    r"|(?:first|second|latter)\s+half\s+of|(?:early|latter)\s+part\s+of"
    r"|(?:spring|summer|autumn|fall|winter)(?:\s+of)?))(?:\s*-\s*|\s+)"
)
_REL = (
    r"(?i:(?:this|last|next|that|(?:that|the)\s+same"
    r"|the\s+(?:following|next|previous|prior|preceding|subsequent))\s+year"
    r"|the\s+year\s+(?:before|after))(?![A-Za-z])"
)
_YEAR_TAIL = r"(?![A-Za-z\d⁄]|[.,/]\d)"  # "1990's" is a decade: that branch is tried first
_YB = r"(?<![\dA-Z_/⁄$€£¥#@&])(?<!\d[-–.,:])"  # left edge of a year
_DB = r"(?<![\d.,/:⁄$€£¥])(?<!\d[-–])"  # left edge of a day-first date
_MB = r"(?<![A-Za-z])"  # left edge of a month name


def _m(g: str) -> str:
    return rf"{_MB}(?P<{g}>{_MONTH_RE})"


def _d(g: str) -> str:
    return rf"(?P<{g}>0?[1-9]|[12]\d|3[01])(?!\d|[.,]\d)(?:st|nd|rd|th)?(?![A-Za-z\d])"


def _y(g: str) -> str:
    return rf"(?P<{g}>1[89]\d\d|20\d\d){_YEAR_TAIL}"


def _q(g: str) -> str:
    return rf"(?:(?P<{g}>{_QUAL}))?"


def _conn(g: str) -> str:
    return rf"(?:[^\S\n]*(?P<{g}>{_DASH})[^\S\n]*|[^\S\n]+(?P<{g}w>{_CONN_WORDS})[^\S\n]+)"


_THE = rf"(?:(?<![A-Za-z])(?i:the){_S1})?"

_BRANCHES = [
    rf"(?P<B_REL>(?<![A-Za-z]){_REL})",
    r"(?P<B_ISO>(?<![\d\-–/.])(?P<iso_y>1[89]\d\d|20\d\d)-(?P<iso_m>\d\d)"
    r"-(?P<iso_d>\d\d)(?![\d\-–]))",
    rf"(?P<B_OM>(?<![A-Za-z])(?i:the){_S1}(?P<om_n>\d{{1,2}})(?:st|nd|rd|th){_S1}month{_S1}of{_S1}"
    rf"(?:{_y('om_y')}|(?P<om_rel>(?i:the|that){_S1}year)(?![A-Za-z])))",
    rf"(?P<B_DDM>{_DB}{_d('ddm_d1')}{_conn('ddm_c')}{_d('ddm_d2')}{_S1}(?:of{_S1})?{_m('ddm_m')}"
    rf"(?:,?{_S1}{_y('ddm_y')})?)",
    rf"(?P<B_MDD>{_m('mdd_m')}{_S1}{_d('mdd_d1')}{_conn('mdd_c')}{_d('mdd_d2')}(?:,?{_S1}{_y('mdd_y')})?)",
    rf"(?P<B_DMY>(?:{_WD})?{_DB}{_d('dmy_d')}{_S1}(?:(?:day{_S1})?of{_S1})?{_m('dmy_m')}(?:,?{_S1}{_y('dmy_y')})?)",
    rf"(?P<B_MDY>(?:{_WD})?{_m('mdy_m')}{_S1}(?:the{_S1})?{_d('mdy_d')}(?:,?{_S1}{_y('mdy_y')})?)",
    rf"(?P<B_MY>{_q('my_q')}{_m('my_m')}(?:,?{_S1}|{_S1}of{_S1}){_y('my_y')})",
    rf"(?P<B_MREL>{_q('mr_q')}{_m('mr_m')}{_S1}(?:of{_S1})?(?P<mr_rel>{_REL}))",
    rf"(?P<B_M>{_q('m_q')}{_m('m_m')})",
    rf"(?P<B_DEC>{_THE}{_q('dec_q')}{_YB}(?P<dec_y>(?:18|19|20)\d0)(?:s|['’]s)(?![A-Za-z\d]))",
    rf"(?P<B_Y>{_q('y_q')}{_YB}{_y('y_y1')}(?:[^\S\n]*{_DASH}[^\S\n]*(?:{_y('y_y2')}"
    rf"|(?P<y_yy>\d\d)(?![A-Za-z\d⁄]|[.,]\d|{_DASH}\d)|(?P<y_now>(?i:present|now|today))(?![A-Za-z])))?)",
]
# Cheap guard tried first at every position: only digits and a few word starts can open a date.
_Q_WORDS = "early|late|mid|end|beginning|start|first|second|latter|spring|summer|autumn|fall|winter"
_LEAD = (
    r"(?=\d|(?<![A-Za-z])(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    rf"{_Q_WORDS}|this|last|next|that|the\s+(?:\d|{_Q_WORDS}|same|following|next|previous|prior|preceding"
    r"|subsequent|year)))"
)
_MASTER = re.compile(_LEAD + "(?:" + "|".join(_BRANCHES) + ")")

_CONN_BETWEEN = re.compile(rf"[^\S\n]*{_DASH}[^\S\n]*|[^\S\n]+(?:{_CONN_WORDS})[^\S\n]+")
_PREFIX = re.compile(r"(?<![A-Za-z])(from|between)[^\S\n]+$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’$]*|\d+(?:[.,]\d+)*|\S")
_TOKEN_BEFORE = re.compile(r"[A-Za-z][A-Za-z'’$]*\.?|\d+(?:[.,]\d+)*|\S")  # keeps "p." whole
_YEARLIKE = re.compile(r"1[89]\d\d|20\d\d")
_WORD_AFTER = re.compile(r"[^\S\n]*[A-Za-z]")
_WS = re.compile(r"\s+")


# --------------------------------------------------------------------------- internal model


@dataclass
class _Point:
    """One end of an interval; a missing year is inherited or taken from context."""

    year: int | None
    month: int | None = None
    day: int | None = None
    prec: str = "year"
    rel: tuple[str, int] | None = None  # ("default" | "this", offset)


@dataclass
class _Atom:
    start: int
    end: int
    left: _Point
    right: _Point
    explicit: bool
    is_range: bool = False
    weak: bool = False  # a bare month: a date only after a trigger word or in a range
    year_end: int = -1  # for "2016-present": where the first year ends
    tags: set[str] = field(default_factory=set)


def _month(s: str) -> int:
    return _MONTH_NUM[s.rstrip(".").lower()]


def _month_error(p: _Point) -> str | None:
    if p.month is None or 1 <= p.month <= 12:
        return None
    where = f" of {p.year}" if p.year is not None else ""
    return f"impossible date: month {p.month}{where}"


def _day_error(p: _Point, year: int | None) -> str | None:
    if p.day is None or p.month is None:
        return None
    if p.day < 1:
        where = f" {p.year}" if p.year is not None else ""
        return f"impossible date: day {p.day} of {_MONTHS_FULL[p.month - 1]}{where}"
    y = year if year is not None and 1 <= year <= 9999 else 2000  # 2000 is a leap year
    if p.day > calendar.monthrange(y, p.month)[1]:
        where = f" {p.year}" if p.year is not None else ""  # only a year that is written
        return f"impossible date: day {p.day} of {_MONTHS_FULL[p.month - 1]}{where}"
    return None


def _key(p: _Point) -> tuple[int, int]:
    return (p.month or 0, p.day or 0)


_Resolved = tuple[datetime.date | None, datetime.date | None, str | None, str | None]


def _resolve(
    left: _Point, right: _Point, default_year: int | None, this_year: int | None
) -> _Resolved | None:
    """(start, end, precision, error); None if the interval is reversed."""

    def own(p: _Point) -> tuple[int | None, bool]:
        if p.year is not None:
            return p.year, True
        if p.rel is not None:
            base = default_year if p.rel[0] == "default" else this_year
            return (None if base is None else base + p.rel[1]), True
        return None, False

    ly, lfix = own(left)
    ry, rfix = own(right)
    comparable = left.month is not None and right.month is not None
    if not lfix and rfix:
        ly = ry
        if ly is not None and comparable and _key(left) > _key(right):
            ly -= 1
    elif lfix and not rfix:
        ry = ly
        if ry is not None and comparable and _key(right) < _key(left):
            ry += 1
    elif not lfix and not rfix:
        ly = ry = default_year
        if ry is not None and comparable and _key(left) > _key(right):
            ry += 1
    error = _month_error(left) or _month_error(right) or _day_error(left, ly) or _day_error(right, ry)
    if error:
        return None, None, None, error
    if ly is None or ry is None or not (10 <= ly <= 9980 and 10 <= ry <= 9980):
        return None, None, None, None
    prec = max(left.prec, right.prec, key=_RANK.__getitem__)
    start, end = _lo(left, ly, left.prec), _hi(right, ry, right.prec)
    if start > end:
        return None
    return start, end, prec, None


def _lo(p: _Point, y: int, prec: str) -> datetime.date:
    if prec == "day":
        return datetime.date(y, p.month or 1, p.day or 1)
    if prec == "month":
        return datetime.date(y, p.month or 1, 1)
    if prec == "year":
        return datetime.date(y, 1, 1)
    return datetime.date(y // 10 * 10, 1, 1)


def _hi(p: _Point, y: int, prec: str) -> datetime.date:
    if prec == "day":
        return datetime.date(y, p.month or 12, p.day or 31)
    if prec == "month":
        m = p.month or 12
        return datetime.date(y, m, calendar.monthrange(y, m)[1])
    if prec == "year":
        return datetime.date(y, 12, 31)
    return datetime.date(y // 10 * 10 + 9, 12, 31)


# --------------------------------------------------------------------------- context tests


def _tokens_before(text: str, pos: int, n: int = 2) -> list[str]:
    """The last n tokens before pos, lower-cased, trailing dots dropped ("p." -> "p")."""
    toks = _TOKEN_BEFORE.findall(text, max(0, pos - 60), pos)
    out = []
    for t in toks[-n:]:
        t = t.lower()
        out.append(t.rstrip(".") if len(t) > 1 else t)
    return out


def _tokens_after(text: str, pos: int, n: int = 4) -> list[str]:
    return _TOKEN.findall(text, pos, min(len(text), pos + 80))[:n]


def _prev_word(text: str, pos: int) -> str:
    toks = _tokens_before(text, pos, 1)
    return toks[-1] if toks else ""


def _is_count_after(nxt: list[str]) -> bool:
    """The tokens after a number make it a count."""
    if not nxt:
        return False
    n1 = nxt[0]
    l1 = n1.lower()
    if n1 == "%" or l1 in _UNITS or (n1 == "B" and nxt[1:2] == ["."]):
        return True
    if n1 in _CONNECTOR_TOKENS and len(nxt) > 1 and nxt[1][0].isdigit():
        other = nxt[1]
        if not _YEARLIKE.fullmatch(other):
            return True
        return len(nxt) > 2 and (nxt[2].lower() in _COUNT_NOUNS or nxt[2].lower() in _UNITS)
    if n1 == "-" and len(nxt) > 1 and nxt[1].lower() == "strong":
        return True
    return l1 == "of" and len(nxt) > 1 and nxt[1].lower() in {"them", "whom", "these", "those", "which"}


def _plural_like(word: str) -> bool:
    """A lower-case word that looks like a plural noun ("prisoners", not "was" or "this")."""
    return (
        word.islower()
        and len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in _FUNCTION_WORDS
    )


def _is_count(text: str, start: int, end: int) -> bool:
    """A four-digit number at text[start:end] is a count or an identifier, not a year."""
    prev = _tokens_before(text, start, 2)
    p1 = prev[-1] if prev else ""
    p2 = prev[-2] if len(prev) > 1 else ""
    if p1 in _CURRENCY_SYMBOLS or p1 in _CURRENCY_CODES or p1 in _ID_WORDS:
        return True
    if p1 in _CONNECTOR_TOKENS and p2[:1].isdigit() and not _YEARLIKE.fullmatch(p2):
        return True
    nxt = _tokens_after(text, end, 4)
    if _is_count_after(nxt):
        return True
    low = [t.lower() for t in nxt]
    if low and low[0] in _COUNT_NOUNS and nxt[0].islower():
        return p1 not in _TEMPORAL
    quant = p1 in _QUANTIFIERS or (p2, p1) in {("up", "to"), ("as", "as"), ("many", "as")}
    if quant:
        if low and (low[0] in _AFTER_COUNT or _plural_like(nxt[0])):
            return True
        for i in (1, 2):
            if len(low) > i and low[i] in _COUNT_NOUNS and all(
                w[:1].isalpha() and w not in _FUNCTION_WORDS for w in low[:i]
            ):
                return True
    if p1 not in _TEMPORAL and p1 not in _DETERMINERS and len(low) > 1:
        if low[1] in _COUNT_NOUNS and nxt[0][:1].isalpha() and low[0] not in _FUNCTION_WORDS:
            return True
    return False


# --------------------------------------------------------------------------- atoms


def _atoms(text: str) -> list[_Atom]:
    out: list[_Atom] = []
    for mo in _MASTER.finditer(text):
        atom = _ATOM_BUILDERS[mo.lastgroup or ""](text, mo)
        if atom is not None:
            out.append(atom)
    return out


def _rel_point(phrase: str) -> _Point:
    p = _WS.sub(" ", phrase.lower())
    if p.startswith(("this", "last", "next")):
        return _Point(None, rel=("this", {"this": 0, "last": -1, "next": 1}[p.split()[0]]))
    if p in ("the year before", "the previous year", "the prior year", "the preceding year"):
        return _Point(None, rel=("default", -1))
    if p in ("the year after", "the following year", "the next year", "the subsequent year"):
        return _Point(None, rel=("default", 1))
    return _Point(None, rel=("default", 0))


def _b_rel(text: str, mo: re.Match[str]) -> _Atom | None:
    phrase = mo.group("B_REL")
    low = _WS.sub(" ", phrase.lower())
    if low.startswith(("this", "last", "next")):
        prev = _prev_word(text, mo.start())
        if prev in _DETERMINERS or prev.endswith(("'s", "’s")):
            return None  # "his last year as president"
    if low.startswith("the year ") and _WORD_AFTER.match(text, mo.end()):
        return None  # "the year before John Bolton ..." names its own anchor
    p = _rel_point(phrase)
    return _Atom(mo.start(), mo.end(), p, p, explicit=False, tags={"rel"})


def _b_iso(text: str, mo: re.Match[str]) -> _Atom:
    p = _Point(int(mo.group("iso_y")), int(mo.group("iso_m")), int(mo.group("iso_d")), "day")
    return _Atom(mo.start(), mo.end(), p, p, explicit=True)


def _b_om(text: str, mo: re.Match[str]) -> _Atom:
    """"the 3rd month of 1990" (March 1990), "the 13th month of the year" (impossible)."""
    month = int(mo.group("om_n"))
    if mo.group("om_y"):
        p = _Point(int(mo.group("om_y")), month, None, "month")
        return _Atom(mo.start(), mo.end(), p, p, explicit=True)
    p = _Point(None, month, None, "month", rel=("default", 0))
    return _Atom(mo.start(), mo.end(), p, p, explicit=False, tags={"rel"})


def _day_range(mo: re.Match[str], m: str, d1: str, d2: str, y: str) -> _Atom:
    month = _month(mo.group(m))
    year = int(mo.group(y)) if mo.group(y) else None
    left = _Point(year, month, int(mo.group(d1)), "day")
    right = _Point(year, month, int(mo.group(d2)), "day")
    return _Atom(mo.start(), mo.end(), left, right, explicit=year is not None, is_range=True)


def _b_ddm(text: str, mo: re.Match[str]) -> _Atom:
    return _day_range(mo, "ddm_m", "ddm_d1", "ddm_d2", "ddm_y")


def _b_mdd(text: str, mo: re.Match[str]) -> _Atom:
    return _day_range(mo, "mdd_m", "mdd_d1", "mdd_d2", "mdd_y")


def _single_day(mo: re.Match[str], m: str, d: str, y: str) -> _Atom:
    year = int(mo.group(y)) if mo.group(y) else None
    p = _Point(year, _month(mo.group(m)), int(mo.group(d)), "day")
    return _Atom(mo.start(), mo.end(), p, p, explicit=year is not None)


def _b_dmy(text: str, mo: re.Match[str]) -> _Atom:
    return _single_day(mo, "dmy_m", "dmy_d", "dmy_y")


def _b_mdy(text: str, mo: re.Match[str]) -> _Atom:
    if mo.group("mdy_y") is None and _count_noun_follows(text, mo.end()):
        # "In June 20 people died": the number is a count, the month stands alone.
        p = _Point(None, _month(mo.group("mdy_m")), None, "month")
        return _Atom(mo.start("mdy_m"), mo.end("mdy_m"), p, p, explicit=False, weak=True)
    return _single_day(mo, "mdy_m", "mdy_d", "mdy_y")


def _count_noun_follows(text: str, pos: int) -> bool:
    nxt = _tokens_after(text, pos, 3)
    if not nxt:
        return False
    low = [t.lower() for t in nxt]
    if low[0] in _COUNT_NOUNS or low[0] in _UNITS or nxt[0] == "%":
        return True
    return len(low) > 1 and low[1] in _COUNT_NOUNS and low[0] not in _FUNCTION_WORDS and nxt[0][0].isalpha()


def _b_my(text: str, mo: re.Match[str]) -> _Atom:
    p = _Point(int(mo.group("my_y")), _month(mo.group("my_m")), None, "month")
    return _Atom(mo.start(), mo.end(), p, p, explicit=True)


def _b_mrel(text: str, mo: re.Match[str]) -> _Atom:
    rel = _rel_point(mo.group("mr_rel")).rel
    p = _Point(None, _month(mo.group("mr_m")), None, "month", rel=rel)
    return _Atom(mo.start(), mo.end(), p, p, explicit=False, tags={"rel"})


def _b_m(text: str, mo: re.Match[str]) -> _Atom:
    p = _Point(None, _month(mo.group("m_m")), None, "month")
    weak = mo.group("m_q") is None
    atom = _Atom(mo.start(), mo.end(), p, p, explicit=False, weak=weak)
    if weak and mo.group("m_m").startswith(("May", "MAY")):
        atom.tags.add("may")
    return atom


def _b_dec(text: str, mo: re.Match[str]) -> _Atom:
    p = _Point(int(mo.group("dec_y")), None, None, "decade")
    return _Atom(mo.start(), mo.end(), p, p, explicit=True, tags={"decade"})


def _b_year(text: str, mo: re.Match[str]) -> _Atom | None:
    y1 = int(mo.group("y_y1"))
    y1_end = mo.end("y_y1")
    left = _Point(y1)
    y2: int | None = None
    if mo.group("y_y2"):
        y2 = int(mo.group("y_y2"))
    elif mo.group("y_yy"):
        y2 = y1 // 100 * 100 + int(mo.group("y_yy"))
        if y2 <= y1:
            y2 += 100  # "1998-02" ends in 2002
        if y2 - y1 > 50:
            y2 = None  # "1980-79" is no abbreviated range
    if y2 is not None and y2 < y1:
        y2 = None  # "2014-2010" is not a range
    present = mo.group("y_now") is not None
    end = mo.end() if (y2 is not None or present) else y1_end
    qualified = mo.group("y_q") is not None
    if not qualified and _is_count(text, mo.start("y_y1"), end):
        return None
    if present:  # the end is resolved against this_year in _find
        now = _Point(None, rel=("this", 0))
        return _Atom(mo.start(), end, left, now, explicit=True, is_range=True, year_end=y1_end, tags={"present"})
    if y2 is not None:
        return _Atom(mo.start(), end, left, _Point(y2), explicit=True, is_range=True)
    return _Atom(mo.start(), end, left, left, explicit=True, tags=set() if qualified else {"bare_year"})


_ATOM_BUILDERS = {
    "B_REL": _b_rel,
    "B_ISO": _b_iso,
    "B_OM": _b_om,
    "B_DDM": _b_ddm,
    "B_MDD": _b_mdd,
    "B_DMY": _b_dmy,
    "B_MDY": _b_mdy,
    "B_MY": _b_my,
    "B_MREL": _b_mrel,
    "B_M": _b_m,
    "B_DEC": _b_dec,
    "B_Y": _b_year,
}


# --------------------------------------------------------------------------- ranges


def _is_month_only(a: _Atom) -> bool:
    return not a.is_range and a.left.prec == "month" and a.left.day is None


def _and_joins(text: str, a: _Atom, b: _Atom) -> bool:
    """Whether "A and B" is one interval (outside "between A and B")."""
    if _is_month_only(a) and a.left.year is None and a.left.rel is None and _is_month_only(b):
        return True  # "March and April 1980"
    if "bare_year" in a.tags and "bare_year" in b.tags:
        return b.left.year == (a.left.year or 0) + 1 and _prev_word(text, a.start) in _TEMPORAL
    if "decade" in a.tags and "decade" in b.tags:
        return b.left.year == (a.left.year or 0) + 10
    return False


def _combine(text: str, a: _Atom, b: _Atom) -> _Atom | None:
    if {"rel", "present"} & (a.tags | b.tags):
        return None
    between = _CONN_BETWEEN.fullmatch(text, a.end, b.start)
    if between is None:
        return None
    if between.group(0).strip() == "and":
        pre = _PREFIX.search(text, max(0, a.start - 12), a.start)
        after_between = pre is not None and pre.group(1).lower() == "between"
        if not (after_between or _and_joins(text, a, b)):
            return None
    # a reversed or impossible combination is not a range
    probe = _resolve(a.left, b.right, 2000, 2000)
    if probe is None or probe[3] is not None:
        return None
    explicit = a.explicit or b.explicit
    return _Atom(a.start, b.end, a.left, b.right, explicit=explicit, is_range=True)


def _combine_all(text: str, atoms: list[_Atom]) -> list[_Atom]:
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        if i + 1 < len(atoms):
            c = _combine(text, atoms[i], atoms[i + 1])
            if c is not None:
                out.append(c)
                i += 2
                continue
        out.append(atoms[i])
        i += 1
    return out


# --------------------------------------------------------------------------- public API


def _find(text: str, default_year: int | None, this_year: int | None, standalone: bool) -> list[DateMatch]:
    matches: list[DateMatch] = []
    for atom in _combine_all(text, _atoms(text)):
        start = atom.start
        if atom.weak and not atom.is_range and not standalone:
            prev = _prev_word(text, start)
            if prev not in _MONTH_TRIGGERS or ("may" in atom.tags and prev == "by"):
                continue
        end, right, is_range = atom.end, atom.right, atom.is_range
        if "present" in atom.tags and (
            this_year is None or _resolve(atom.left, right, default_year, this_year) is None
        ):
            # "2016-present" with no (or an earlier) publication year: only the year is read
            end, right, is_range = atom.year_end, atom.left, False
        res = _resolve(atom.left, right, default_year, this_year)
        if res is None:  # a reversed range ("27 to 24 June") is not a date
            continue
        if is_range:
            pre = _PREFIX.search(text, max(0, start - 12), start)
            if pre:
                start = pre.start()
        d0, d1, prec, err = res
        matches.append(DateMatch(start, end, text[start:end], d0, d1, prec, atom.explicit, err))
    return matches


def find_dates(text: str, default_year: int | None = None, this_year: int | None = None) -> list[DateMatch]:
    """All date expressions in text, in order of position, non-overlapping (longest match wins).

    default_year is the year carried from context (for "28 June", "that year");
    this_year the year of publication (for "this year", "last year").
    """
    return _find(text, default_year, this_year, standalone=False)


def parse_date_expression(
    s: str, default_year: int | None = None, this_year: int | None = None
) -> DateMatch | None:
    """The date expression that covers the whole stripped string s, else None.

    A bare month name ("June") counts here, as the whole string is known to be a date.
    Offsets are relative to the stripped string.
    """
    t = s.strip()
    for m in _find(t, default_year, this_year, standalone=True):
        if m.start == 0 and m.end == len(t):
            return m
    return None
