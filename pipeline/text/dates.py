"""Recognise English date expressions and normalise them to intervals.

Every date is an interval ``[date_start, date_end]`` with a precision
(``day``, ``month``, ``year`` or ``decade``), as in the annotation guide
(section "Dates"). Pure functions, standard library only. The one public
recogniser is :func:`recognise_dates` (a text and an optional document date);
:func:`find_dates` is its per-sentence step, which the extractors call.

How it works (one linear pass of one compiled regex, then two cheap passes):

1. *Atoms*: a single alternation finds day dates (``5 September 1965``,
   ``September 5, 1965``, ``Feb. 19``, ISO ``1965-09-05``, optional weekday),
   in-atom day ranges (``24 to 27 June``, ``June 24-27, 1981``), months
   (``June 1981``, ``mid-June 1981``, ``December of that year``, ``in April``),
   years (``1997``, ``early 1979``, ``the end of 1993``, ``1980-88``,
   ``1971-1972``, ``2016-present``), decades (``the early 1990s``, ``1990's``)
   and relative years (``that year``, ``the following year``, ``this year``).
   A year glued to a full month name (``13 September1998``, ``September1998``: text that
   lost a space) is read as if spaced; abbreviations are not read glued.
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
   other side of ``to``/``and`` (``1,500 to 2000``; not a numbered paragraph's marker, ``1- 2015
   has seen``). After a temporal
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
- Numeric dates are read where the order is clear (``12/31/1999``,
  ``31.12.1999``, ``1999/12/31``, ``07/07/2007``); ``03/04/2005`` is returned
  with ``error`` "ambiguous date: ..." and no dates, never guessed. A day or
  month followed by a would-be year outside 1800-2099 (``1 January 10000``,
  ``May 1750``) has ``error`` "unreadable date: ..." and is not given the
  context year; a count after it (``5 June 2500 people``) is no year.
- Unicode: decimal digits of other scripts are read as their ASCII digits
  (same offsets); a match with a combining mark inside it, in the three
  characters before it or right after it is unreadable (``error`` "unreadable date: ...", no
  interval), so "1\\u0301 May 1990" gives neither "May 1990" nor day 1, and the rows of its
  sentence are rejected with that reason. No pattern uses ``\\d``.
- A leading weekday is kept in the span but not checked against the date.
- ``1990's`` is the decade (the decade reading is tried first); ``1981's`` is
  the year 1981.
- ``and`` between two non-consecutive years outside ``between`` gives two
  matches (``in 1972 and 1975``); lists (``1972, 1973``) are never merged.

Deictic and relative expressions (a second regex, ``_DEIC``; see the
section below): "today", "yesterday", weekdays, "last/this/next week, month,
year, quarter", "N units ago" (and "N units have passed since ..."), "last July", "earlier this year", seasons,
quarters, fiscal years, centuries, and present/past/future references
("now", "recently": a phrase without an interval) are resolved against the
``document_date`` (a :class:`DocumentDate` with its precision; each form
needs a certain precision: a weekday needs the day). "Two days later", "the
same day", "the following week", "a year earlier", "year-ago" count from
``anchor``, the last date before them (in the same text, or given; "that day" and "hours
later" the last single day, counted or not). Financial periods follow TimeML's conventions
where the guide is silent ("the quarter a year ago", "the corresponding period last year",
"last year's quarter": the quarter last named, a year before; "the 1988 quarter"; "the latest
period"); "the week of 12 November" is that Monday-to-Sunday week. A
deictic match replaces a date it strictly contains ("earlier this year" over
"this year"). Without a document date (or anchor) they are returned without
an interval. Which reading of a weekday, month or quarter is meant depends on
a rough tense guess (:func:`_tense`). Units without a published precision
are published as ranges of a finer one or as the enclosing year (``UNITS``);
``DateMatch.unit`` keeps the unit. A dateline's date (``OSLO, March 3, 2016
(AP) -``, also ``Baghdad, 23 June 2012 --``: a place opening a line) is metadata
(``DateMatch.dateline``): find_dates returns it without an interval, so no clause takes it.

Year carrying over a whole text (:func:`sentence_dates`, shared by :func:`recognise_dates` and
the extractors): a year written earlier in the sentence; else the section's last explicit year
(the guide); in a text dated to the month or day (news), only a year of the same paragraph that
opened its sentence ("In 1999, ..."), else the reading nearest the document date.

Known limitations: month names must be capitalised or upper case (``june``
is not read); no two-digit decades (``the '80s``) or spelled-out years
("nineteen ninety-six"); a count written right after a month and year (``In
June 2000 soldiers ...``) is read as a date; at the start of a sentence
``2003 US troops ...`` is read as a count; the tense guess is a handful of
markers, not a parse.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import functools
import operator
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from pipeline.text.multiscan import CASE_FOLDS, STAND_IN_ALNUM, Scanner, relax, reversed_masks, reversed_starts

if TYPE_CHECKING:
    from pipeline.text.segment import Sentence

__all__ = [
    "DateMatch", "DocumentDate", "PRECISIONS", "dates_by_sentence", "find_dates", "parse_date_expression",
    "recognise_dates", "sentence_dates",
]

PRECISIONS = ("day", "month", "year", "decade")  # the published precisions, finest first
# The units a deictic expression can name, finest first. The published precision of each
# (DateMatch.precision) is one of PRECISIONS and DateMatch.unit keeps the unit: a week (ISO,
# Monday to Sunday) is a range of days, a quarter (calendar) a range of months, a season its
# year (as the guide reads "summer 1981"), a century a range of decades (1900-1999).
UNITS = ("day", "week", "month", "quarter", "season", "year", "decade", "century")
_PUBLISHED = {"week": "day", "quarter": "month", "season": "year", "century": "decade"}
MIN_YEAR, MAX_YEAR = 1800, 2099  # the years a written date may have; others are reported, not read
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
    derived: bool = False  # counted from another date ("a year earlier"): never an anchor itself
    unit: str | None = None  # "week" | "quarter" | "season" | "century" when precision is the published stand-in
    dateline: bool = False  # the date of a dateline ("OSLO, March 3, 2016 (AP) -"): document metadata


@dataclass(frozen=True)
class DocumentDate:
    """The date a document states for itself, the anchor of deictic expressions ("yesterday", "this year").

    ``date`` is the day, or the first day of the month or year when ``precision`` is coarser;
    ``source`` says where it was found (``manifest``, ``dateline: ...``).
    """

    date: datetime.date
    precision: str = "day"  # "day" | "month" | "year"
    source: str = ""

    def last_day(self) -> datetime.date:
        """The last day of the interval the document date denotes (its day, month or year)."""
        d = self.date
        if self.precision == "month":
            return datetime.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        return datetime.date(d.year, 12, 31) if self.precision == "year" else d


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
_YEAR_TAIL = r"(?![A-Za-z0-9⁄]|[.,/][0-9])"  # "1990's" is a decade: that branch is tried first
_YB = r"(?<![0-9A-Z_/⁄$€£¥#@&])(?<![0-9][-–.,:])"  # left edge of a year
_DB = r"(?<![0-9.,/:⁄$€£¥])(?<![0-9][-–])"  # left edge of a day-first date
_MB = r"(?<![A-Za-z])"  # left edge of a month name


def _m(g: str) -> str:
    return rf"{_MB}(?P<{g}>{_MONTH_RE})"


def _d(g: str) -> str:
    return rf"(?P<{g}>0?[1-9]|[12][0-9]|3[01])(?![0-9]|[.,][0-9])(?:st|nd|rd|th)?(?![A-Za-z0-9])"


def _y(g: str) -> str:
    return rf"(?P<{g}>1[89][0-9][0-9]|20[0-9][0-9]){_YEAR_TAIL}"


def _q(g: str) -> str:
    return rf"(?:(?P<{g}>{_QUAL}))?"


def _conn(g: str) -> str:
    return rf"(?:[^\S\n]*(?P<{g}>{_DASH})[^\S\n]*|[^\S\n]+(?P<{g}w>{_CONN_WORDS})[^\S\n]+)"


_THE = rf"(?:(?<![A-Za-z])(?i:the){_S1})?"
# A year glued to a full month name ("13 September1998", "September1998": text extracted from
# HTML or PDF loses the space). Every full month name ends in one of these three letters;
# an abbreviation ("Sep1998") is not read glued.
_GLUED = r"(?<=ary|rch|ril|May|une|uly|ust|ber|ARY|RCH|RIL|MAY|UNE|ULY|UST|BER)(?=[12][0-9]{3})"

_BRANCHES = [
    rf"(?P<B_REL>(?<![A-Za-z]){_REL})",
    r"(?P<B_ISO>(?<![0-9\-–/.])(?P<iso_y>1[89][0-9][0-9]|20[0-9][0-9])-(?P<iso_m>[0-9][0-9])"
    r"-(?P<iso_d>[0-9][0-9])(?![0-9\-–]))",
    rf"(?P<B_OM>(?<![A-Za-z])(?i:the){_S1}(?P<om_n>[0-9]{{1,2}})(?:st|nd|rd|th){_S1}month{_S1}of{_S1}"
    rf"(?:{_y('om_y')}|(?P<om_rel>(?i:the|that){_S1}year)(?![A-Za-z])))",
    r"(?P<B_NUM>(?<![0-9./\-–])(?:(?P<num_a>[0-9]{1,2})(?P<num_s>[/.])(?P<num_b>[0-9]{1,2})(?P=num_s)"
    r"(?P<num_y>[0-9]{4})|(?P<num_y2>[0-9]{4})/(?P<num_m2>[0-9]{1,2})/(?P<num_d2>[0-9]{1,2}))"
    r"(?![0-9]|[./\-–][0-9]))",
    rf"(?P<B_DDM>{_DB}{_d('ddm_d1')}{_conn('ddm_c')}{_d('ddm_d2')}{_S1}(?:of{_S1})?{_m('ddm_m')}"
    rf"(?:,?{_S1}{_y('ddm_y')})?)",
    rf"(?P<B_MDD>{_m('mdd_m')}{_S1}{_d('mdd_d1')}{_conn('mdd_c')}{_d('mdd_d2')}(?:,?{_S1}{_y('mdd_y')})?)",
    rf"(?P<B_DMY>(?:{_WD})?{_DB}{_d('dmy_d')}{_S1}(?:(?:day{_S1})?of{_S1})?{_m('dmy_m')}(?:(?:,?{_S1}|{_GLUED}){_y('dmy_y')})?)",
    rf"(?P<B_MDY>(?:{_WD})?{_m('mdy_m')}{_S1}(?:the{_S1})?{_d('mdy_d')}(?:,?{_S1}{_y('mdy_y')})?)",
    rf"(?P<B_MY>{_q('my_q')}{_m('my_m')}(?:,?{_S1}|{_S1}of{_S1}|{_GLUED}){_y('my_y')})",
    rf"(?P<B_MREL>{_q('mr_q')}{_m('mr_m')}{_S1}(?:of{_S1})?(?P<mr_rel>{_REL}))",
    rf"(?P<B_M>{_q('m_q')}{_m('m_m')})",
    rf"(?P<B_DEC>{_THE}{_q('dec_q')}{_YB}(?P<dec_y>(?:18|19|20)[0-9]0)(?:s|['’]s)(?![A-Za-z0-9]))",
    rf"(?P<B_Y>{_q('y_q')}{_YB}{_y('y_y1')}(?:[^\S\n]*{_DASH}[^\S\n]*(?:{_y('y_y2')}"
    rf"|(?P<y_yy>[0-9][0-9])(?![A-Za-z0-9⁄]|[.,][0-9]|{_DASH}[0-9])|(?P<y_now>(?i:present|now|today))(?![A-Za-z])))?)",
]
# Cheap guard tried first at every position: only digits and a few word starts can open a date.
_Q_WORDS = "early|late|mid|end|beginning|start|first|second|latter|spring|summer|autumn|fall|winter"
_LEAD_WORDS = (
    rf"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|{_Q_WORDS}|this|last|next|that"
)
_LEAD = (
    rf"(?=[0-9]|(?<![A-Za-z])(?i:{_LEAD_WORDS}|the\s+(?:[0-9]|{_Q_WORDS}|same|following|next|previous|prior|preceding"
    r"|subsequent|year)))"
)
_MASTER = re.compile(_LEAD + "(?:" + "|".join(_BRANCHES) + ")")
# _MASTER's matches with the multi-pattern prefilter (pipeline.text.multiscan): the whole
# pattern, relaxed; if Hyperscan refused it, these parts: a match opens where _LEAD admits it,
# at a digit or at one of its words after a non-letter (or a stand-in).
_MASTER_SCANNER = Scanner.whole(_MASTER, [
    "[0-9]",
    f"(?:^|[^A-Za-z]|[{STAND_IN_ALNUM}])(?i:{_LEAD_WORDS}|the)",
], negated_classes=True)

_CONN_BETWEEN = re.compile(rf"[^\S\n]*{_DASH}[^\S\n]*|[^\S\n]+(?:{_CONN_WORDS})[^\S\n]+")
_PREFIX = re.compile(r"(?<![A-Za-z])(from|between)[^\S\n]+$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’$]*|[0-9]+(?:[.,][0-9]+)*|\S")
_TOKEN_BEFORE = re.compile(r"[A-Za-z][A-Za-z'’$]*\.?|[0-9]+(?:[.,][0-9]+)*|\S")  # keeps "p." whole
_YEARLIKE = re.compile(r"1[89][0-9][0-9]|20[0-9][0-9]")
_WORD_AFTER = re.compile(r"[^\S\n]*[A-Za-z]")
_WS = re.compile(r"\s+")


# --------------------------------------------------------------------------- internal model


@dataclass(slots=True)
class _Point:
    """One end of an interval; a missing year is inherited or taken from context."""

    year: int | None
    month: int | None = None
    day: int | None = None
    prec: str = "year"
    rel: tuple[str, int] | None = None  # ("default" | "this", offset)


@dataclass(slots=True)
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
    error: str | None = None  # set when the expression cannot be read (a year out of range, ambiguous numbers)


def _month(s: str) -> int:
    return _MONTH_NUM[s.rstrip(".").lower()]


def _month_error(p: _Point) -> str | None:
    if p.month is None or 1 <= p.month <= 12:
        return None
    where = f" of {p.year}" if p.year is not None else ""
    return f"impossible date: month {p.month}{where}"


def _day_error(p: _Point, year: int | None) -> str | None:
    if p.day is None or p.month is None or 1 <= p.day <= 28:  # every month has 28 days: no lookup
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
    ly, lfix = _own(left, default_year, this_year)
    if right is left:  # one point: both ends take one year, and its checks are made once
        if not lfix:
            ly = default_year
        error = _month_error(left) or _day_error(left, ly)
        if error:
            return None, None, None, error
        if ly is None or not 10 <= ly <= 9980:
            return None, None, None, None
        start, end = _lo(left, ly, left.prec), _hi(left, ly, left.prec)
        return None if start > end else (start, end, left.prec, None)
    ry, rfix = _own(right, default_year, this_year)
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
    prec = left.prec if left.prec == right.prec else max(left.prec, right.prec, key=_RANK.__getitem__)
    # With two precisions the coarser one is the range's (annotation guide). A range across
    # several of its units keeps each end as written ("From 26 August 1981 to December 1982":
    # 1981-08-26..1982-12-31, month); one within a single unit fills it ("September to 1800"
    # is 1800, not 1800-09-01..1800-12-31 at year precision).
    start, end = _lo(left, ly, left.prec), _hi(right, ry, right.prec)
    # with one precision at both ends the filled unit is the same start and end: nothing to redo
    if not left.prec == prec == right.prec and _lo(left, ly, prec) == _lo(right, ry, prec):
        start, end = _lo(left, ly, prec), _hi(right, ry, prec)
    if start > end:
        return None
    return start, end, prec, None


def _own(p: _Point, default_year: int | None, this_year: int | None) -> tuple[int | None, bool]:
    """A point's own year (written, or relative to the default year or this year) and whether it has one."""
    if p.year is not None:
        return p.year, True
    if p.rel is not None:
        base = default_year if p.rel[0] == "default" else this_year
        return (None if base is None else base + p.rel[1]), True
    return None, False


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
    """The last n tokens before pos, lower-cased, trailing dots dropped ("p." -> "p").

    The tokens of text[pos - 60:pos]; only its last n white-space separated runs are tokenised:
    a token never holds white space (which findall skips), so a run read alone gives the tokens
    the whole window gives it, and each run holds at least one token."""
    runs = text[max(0, pos - 60):pos].rsplit(None, n)[-n:]
    out = []
    for t in [t for run in runs for t in _TOKEN_BEFORE.findall(run)][-n:]:
        t = t.lower()
        out.append(t.rstrip(".") if len(t) > 1 else t)
    return out


def _tokens_after(text: str, pos: int, n: int = 4) -> list[str]:
    """The first n tokens of text[pos:pos + 80].

    Read up to the last space of the first 32 characters when they hold n tokens: no token holds a
    space and none of the pattern's parts reads past one, so a token before it is the one the
    whole window gives."""
    cut = text.rfind(" ", pos, pos + 32)
    if cut > pos:
        near = _TOKEN.findall(text, pos, cut)
        if len(near) >= n:
            return near[:n]
    return _TOKEN.findall(text, pos, min(len(text), pos + 80))[:n]


def _prev_word(text: str, pos: int) -> str:
    """``_tokens_before(text, pos, 1)``'s token, or "": the last token of the last run (each holds one)."""
    runs = text[max(0, pos - 60):pos].rsplit(None, 1)
    if not runs:
        return ""
    t = _TOKEN_BEFORE.findall(runs[-1])[-1].lower()
    return t.rstrip(".") if len(t) > 1 else t


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


# A numbered paragraph's marker right before ("1- 2015 has seen ..."): not the low end of a range.
_ITEM_NUMBER = re.compile(r"(?:^|\n)[^\S\n]*[0-9]{1,2}[-–][^\S\n]+$")


def _is_count(text: str, start: int, end: int) -> bool:
    """A four-digit number at text[start:end] is a count or an identifier, not a year."""
    prev = _tokens_before(text, start, 2)
    p1 = prev[-1] if prev else ""
    p2 = prev[-2] if len(prev) > 1 else ""
    if p1 in _CURRENCY_SYMBOLS or p1 in _CURRENCY_CODES or p1 in _ID_WORDS:
        return True
    if p1 in _TEMPORAL:
        # "in 2003": only the tokens after can make it a count. No temporal word is a connector,
        # a quantifier, or the end of a pair below, and the other tests need p1 outside _TEMPORAL.
        return _is_count_after(_tokens_after(text, end, 4))
    if p1 in _CONNECTOR_TOKENS and p2[:1].isdigit() and not _YEARLIKE.fullmatch(p2) and not _ITEM_NUMBER.search(
            text, max(0, start - 12), start):
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


def _atoms(text: str, until: int | None = None, spans: list[tuple[int, int]] | None = None) -> list[_Atom]:
    """The date atoms of text; ``spans``: where a match of _MASTER can start, with its branches
    (:class:`_Windows`), None: unknown."""
    out: list[_Atom] = []
    if until == 0 or spans == []:
        return out
    found = (_MASTER_SCANNER.finditer(text, until=until) if spans is None or _MASTER_WINDOWS is None
             else _MASTER_WINDOWS.confirm(text, spans, until))
    for mo in found:
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
    return _out_of_range(text, mo, "dmy_y", _single_day(mo, "dmy_m", "dmy_d", "dmy_y"))


_NUMBER_AFTER = re.compile(r",?[^\S\n]+(?:of[^\S\n]+)?([0-9]{4,}|[0-9]{1,3}(?:,[0-9]{3})+)(?![0-9])")
_NUMBER_AFTER_MONTH = re.compile(r"[^\S\n]+([0-9]{4,})(?![0-9]|[.,][0-9])")  # "January 10000", not "May, 1700 by"


def _out_of_range(text: str, mo: re.Match[str], year_group: str | None, atom: _Atom) -> _Atom:
    """A day or month followed by a number that would be its year but lies outside 1800-2099 is unreadable.

    "1 January 10000" is not 1 January of the context year: it is reported (``error``), never
    replaced by context. A count after the number ("5 June 2500 people") is no year.
    """
    if year_group is not None and mo.group(year_group) is not None:
        return atom
    nm = (_NUMBER_AFTER if year_group else _NUMBER_AFTER_MONTH).match(text, mo.end())
    if nm is None:
        return atom
    value = int(nm.group(1).replace(",", ""))
    if MIN_YEAR <= value <= MAX_YEAR or _count_noun_follows(text, nm.end()) or _is_count_after(
        _tokens_after(text, nm.end(), 4)
    ):
        return atom
    atom.end = nm.end()
    atom.explicit = True
    atom.error = f"unreadable date: year {nm.group(1)} is outside the years {MIN_YEAR}-{MAX_YEAR} dates are read in"
    return atom


def _b_num(text: str, mo: re.Match[str]) -> _Atom | None:
    """Numeric dates: read where unambiguous ("12/31/1999", "31.12.1999", "1999/12/31"), else reported."""
    if mo.group("num_y2"):
        y, m, d = int(mo.group("num_y2")), int(mo.group("num_m2")), int(mo.group("num_d2"))
    else:
        a, b, y = int(mo.group("num_a")), int(mo.group("num_b")), int(mo.group("num_y"))
        if a > 12 and b <= 12:
            d, m = a, b
        elif b > 12 and a <= 12:
            m, d = a, b
        elif a == b:
            m = d = a
        elif a > 12 and b > 12:
            m, d = a, b  # impossible either way: reported by the month check
        else:
            p = _Point(y, None, None, "day")
            return _Atom(mo.start(), mo.end(), p, p, explicit=True, error=(
                f"ambiguous date: {mo.group(0)} is {_MONTHS_FULL[b - 1]} {a} or {_MONTHS_FULL[a - 1]} {b}, {y}"
                if a >= 1 and b >= 1 else f"impossible date: {mo.group(0)}"))
    if not MIN_YEAR <= y <= MAX_YEAR:
        p = _Point(None, None, None, "day")
        return _Atom(mo.start(), mo.end(), p, p, explicit=True,
                     error=f"unreadable date: year {y} is outside the years {MIN_YEAR}-{MAX_YEAR} dates are read in")
    p = _Point(y, m, d, "day")
    return _Atom(mo.start(), mo.end(), p, p, explicit=True)


def _b_mdy(text: str, mo: re.Match[str]) -> _Atom:
    if mo.group("mdy_y") is None and _count_noun_follows(text, mo.end()):
        # "In June 20 people died": the number is a count, the month stands alone.
        p = _Point(None, _month(mo.group("mdy_m")), None, "month")
        return _Atom(mo.start("mdy_m"), mo.end("mdy_m"), p, p, explicit=False, weak=True)
    return _out_of_range(text, mo, "mdy_y", _single_day(mo, "mdy_m", "mdy_d", "mdy_y"))


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
    atom = _out_of_range(text, mo, None, atom)
    if atom.error:
        atom.weak = False
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
    "B_NUM": _b_num,
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
    if len(atoms) < 2:
        return atoms  # nothing to combine (the caller only reads the list)
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



# --------------------------------------------------------------------------- deictic and relative expressions

_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty first": 21,
}
_SEASON_FIRST_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_WEEKDAY_NUM = {w.lower(): i for i, w in enumerate(_WEEKDAYS_FULL)}
_UNIT_PREC = {"day": "day", "week": "week", "weekend": "week", "month": "month", "quarter": "quarter",
              "year": "year", "decade": "decade", "century": "century"}

_NUMW = (
    r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|[1-9][0-9]{0,2})"
)
_UNITW = r"(?:days?|weeks?|months?|quarters?|years?|decades?|centur(?:y|ies))"
_ORDQ = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_ORDC = r"(?:[1-9]|1[0-9]|2[01])(?:st|nd|rd|th)|" + "|".join(
    sorted(_ORDINALS, key=len, reverse=True)
).replace(" ", r"\s")
_WDAY = "|".join(v for w in _WEEKDAYS_FULL for v in (w, w.upper()))
_YR = r"(?:1[89][0-9][0-9]|20[0-9][0-9])(?![0-9A-Za-z])"
_SP = r"[^\S\n]+"
_MODS = (
    r"this|last|next|this\s+past|this\s+coming|the\s+past|the\s+coming|the\s+current|the\s+latest|the\s+previous"
    r"|the\s+following|the\s+same|that\s+same|that"
)
_QUALS = (
    r"early|late|earlier|later|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|around"
    r"|sometime"
)

_AFTER_SEASON = (
    "(?:of|and|or|to|in|on|at|when|as|that|with|before|after|the|a|an|was|were|is|are|had|has|have|will|would"
    "|for|by|from|but|while|until)"
)
_DEIC_BRANCHES = [
    # "three days ago", "about a year ago", "almost six months have passed since" (the same count from now)
    rf"(?P<D_AGO>(?i:(?:(?:nearly|almost|about|some|roughly|just|only|more\s+than|less\s+than|over)\s+)?"
    rf"(?P<ago_n>{_NUMW}|a\s+few|several|many)[\s-]+(?P<ago_u>{_UNITW})\s+(?:ago|ha(?:ve|s)\s+passed\s+since))"
    r"(?![A-Za-z]))",
    # "two days later", "a year earlier", "five weeks before" (an anchor in the text is needed)
    rf"(?P<D_SHIFT>(?i:(?P<sh_n>{_NUMW})[\s-]+(?P<sh_u>{_UNITW})\s+(?P<sh_dir>earlier|later|before(?=[^A-Za-z])"
    r"(?![^\S\n]+[A-Za-z0-9])|after(?=[^A-Za-z])(?![^\S\n]+[A-Za-z0-9])|before$|after$))(?![A-Za-z]))",
    # "the same day", "the following day", "the day before"
    r"(?P<D_DAYREL>(?i:(?:that|the)\s+same\s+day|that\s+day|the\s+(?P<dr_dir>next|following|previous|preceding|prior)"
    r"\s+(?P<dr_u>day|morning|week)|the\s+day\s+(?P<dr_ba>before|after)(?![^\S\n]+[A-Za-z0-9])"
    r"|the\s+week\s+(?P<dr_wba>before|after)(?![^\S\n]+[A-Za-z0-9]))(?![A-Za-z]))",
    # "hours later", "a few minutes earlier", "moments later" (the day of the anchor)
    rf"(?P<D_HOURS>(?i:(?:(?:a\s+few|several|some|{_NUMW})[\s-]+)?(?:hours|minutes|moments)\s+(?:later|earlier|afterwards))"
    r"(?![A-Za-z]))",
    # "yesterday", "early today", "tomorrow morning", "this afternoon", "last night"
    r"(?P<D_TODAY>(?i:(?:(?:early|late|earlier|later)\s+)?(?P<td>today|tonight|yesterday|tomorrow)"
    r"(?:\s+(?:morning|afternoon|evening|night))?|this\s+(?:morning|afternoon|evening)|last\s+night)(?![A-Za-z]))",
    # "Friday", "last Tuesday", "this coming Sunday", "Wednesday night"
    rf"(?P<D_WD>(?:(?P<wd_mod>(?i:last|next|this|this\s+past|this\s+coming|the\s+previous|the\s+following"
    rf"|early|late|earlier|later)){_SP})?(?<![A-Za-z])(?P<wd>{_WDAY})(?![A-Za-z])(?:['’]s)?"
    r"(?:[^\S\n]+(?i:morning|afternoon|evening|night)(?![A-Za-z]))?)",
    # "last July", "next March", "this September"
    rf"(?P<D_MONREL>(?<![A-Za-z])(?P<mrl_mod>(?i:last|next|this|this\s+past|this\s+coming)){_SP}"
    rf"(?P<mrl_m>{_MONTH_RE}))",
    # "the third quarter", "third-quarter", "the fiscal first quarter of 1998", "this year's second quarter"
    rf"(?P<D_Q>(?i:(?:(?P<q_pre>the|its|their|this\s+year['’]s|last\s+year['’]s|next\s+year['’]s"
    rf"|the\s+(?P<q_y0>{_YR}))\s+)?"
    rf"(?:(?:fiscal|calendar)[\s-]+)?(?P<q_ord>{_ORDQ})[\s-]+(?:fiscal[\s-]+)?quarter"
    rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<q_y>{_YR}))?)(?![A-Za-z]))",
    # "the quarter a year ago", "the corresponding period last year", "last year's quarter"
    r"(?P<D_QAGO>(?i:the\s+(?:(?:corresponding|comparable|same)\s+)?(?:quarter|period)\s+(?:a\s+year\s+(?:ago|earlier)"
    r"|(?:of\s+)?last\s+year)|last\s+year['’]s\s+(?:quarter|period))(?![A-Za-z-]))",
    # "the latest quarter", "the year-earlier quarter", "this quarter", "the quarter", "year-ago"
    r"(?P<D_QREL>(?i:(?:the\s+)?(?:comparable\s+)?year[\s-]+(?:earlier|ago)(?:\s+(?:quarter|period))?"
    r"|(?P<qr_mod>this|last|next|the\s+current|the\s+latest|the\s+most\s+recent|the\s+previous|the\s+same|the)"
    r"\s+(?:fiscal\s+)?quarter(?![\s-]+(?:of|mile|century|inch|point|hour|final)\b))(?![A-Za-z-]))",
    # "earlier this year", "last week", "the coming month", "this century"
    rf"(?P<D_UNIT>(?i:(?:(?P<u_q>{_QUALS})\s+)?(?P<u_mod>{_MODS})\s+(?P<u_u>week|weekend|month|year|decade|century)"
    r")(?![A-Za-z-]))",
    # "summer 1981", "the winter of 1980", "last fall", "this spring", "the summer"
    rf"(?P<D_SEASON>(?i:(?:(?P<s_mod>this|last|next|this\s+past|this\s+coming|early|late|the|the\s+early|the\s+late"
    rf"|mid)[\s-]+)?(?P<s>spring|summer|autumn|fall|winter)(?:(?:\s+of)?\s+(?P<s_y>{_YR}))?)(?![A-Za-z-])"
    rf"(?![^\S\n]+(?!{_AFTER_SEASON}\b)[a-z]))",  # "the summer camp" is no date
    # "the 20th century", "the late nineteenth century", "this century"
    rf"(?P<D_CENT>(?i:(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<c_n>{_ORDC})[\s-]+century)(?![A-Za-z]))",
    # "fiscal 1990", "fiscal year 1991", "FY1998", "fiscal '89"
    rf"(?P<D_FY>(?<![A-Za-z])(?i:fiscal(?:\s+year)?|FY)[\s-]*(?:['’](?P<fy_yy>[0-9]{{2}})(?![0-9])|(?P<fy_y>{_YR})))",
    # present, past and future references: a date phrase with no interval
    r"(?P<D_WEEKEND>(?i:the\s+weekend)(?![A-Za-z]))",
    r"(?P<D_LATEST>(?i:the\s+latest\s+period)(?![A-Za-z]))",
    # "the 1988 quarter", "the 1989 period": the quarter last named, in that year
    rf"(?P<D_YQ>(?i:the\s+(?P<yq_y>{_YR})\s+(?:quarter|period))(?![A-Za-z-]))",
    r"(?P<D_REF>(?i:right\s+now|now|currently|at\s+present|nowadays|these\s+days|more\s+recently"
    r"|recent\s+(?:years|months|weeks|days)|recently|lately"
    r"|the\s+(?:near\s+|distant\s+)?future|the\s+past)(?![A-Za-z-]))",
]
# Cheap guard tried first at every position: only these words (and digits) can open a deictic phrase.
_DEIC_STARTERS = (
    "a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty few "
    "several many nearly almost about some roughly just only more less over that the this last next early late "
    "earlier later around sometime today tonight yesterday tomorrow its their fiscal calendar first second third "
    "fourth 1st 2nd 3rd 4th comparable year spring summer autumn fall winter mid right now currently at nowadays "
    "these recently recent lately fy hours minutes moments monday tuesday wednesday thursday friday saturday sunday "
    + " ".join(w for w in _ORDINALS if " " not in w)
).split()
_DEIC_LEAD = (
    r"(?<![A-Za-z0-9])(?=[0-9]|(?i:(?:" + "|".join(sorted(set(_DEIC_STARTERS), key=lambda w: (-len(w), w)))
    + r")(?![A-Za-z])))"
)
_PAREN_DATE = re.compile(r"[^\S\n]*[(\[]")
_DEIC = re.compile(_DEIC_LEAD + "(?:" + "|".join(_DEIC_BRANCHES) + ")")
# _DEIC's matches with the prefilter: the whole pattern, relaxed; else these parts (a match
# opens where _DEIC_LEAD admits it).
_DEIC_SCANNER = Scanner.whole(_DEIC, [
    f"(?:^|[^A-Za-z0-9]|[{STAND_IN_ALNUM}])(?:[0-9]|(?i:"
    + "|".join(sorted(set(_DEIC_STARTERS), key=lambda w: (-len(w), w))) + f")(?:[^A-Za-z]|[{STAND_IN_ALNUM}]|$))",
], negated_classes=True)
_HEAD_WORDS = (
    "day", "week", "period", "month", "quarter", "year", "decade", "centur", "tonight", "tomorrow", "morning",
    "afternoon", "evening", "night", "spring", "summer", "autumn", "fall", "winter", "fiscal", "fy", "now",
    "current", "present", "recent", "lately", "future", "past", "last", "next", "hours", "minutes", "moments",
)


def _has_deictic_head(text: str) -> bool:
    """Whether text holds a word every deictic phrase needs (substring tests: cheaper than a regex scan).

    The text is folded as _DEIC's IGNORECASE reads it first ("the ſummer" holds "summer")."""
    low = text.translate(_CASE_FOLDS).lower()
    if any(w in low for w in _HEAD_WORDS):
        return True
    return "this" in low and _DEIC_HEADS.search(text) is not None


# The words without which a sentence holds no date expression (fast paths of sentence_dates,
# exact). Every match of _MASTER holds a digit, a month name as _MONTH_RE writes it (title case
# or capitals) or "year" (_REL); every match of _DEIC a head word (_HEAD_WORDS, or "this" and a
# month: _DEIC_HEADS). So no match starts after the last of these in a sentence, and a sentence
# without any gives no date. The parts have no \b or look-around: a part matches inside a
# sentence where it matches inside the whole text, so one pass over the document serves every
# sentence (tests/test_dates.py checks that the fast paths change nothing). A run of digits is
# one part, reported once with the characters on either side (Hyperscan reports every end of a
# match: "[0-9]" called back once per digit); its span holds every digit of the run, so a
# sentence with a digit overlaps it and the sentence's bound is at or after its last digit.
_ATOM_GATE = Scanner(re.compile("(?!)"), [
    "(?:^|[^0-9])[0-9]+(?:[^0-9]|$)",
    "|".join(sorted({v for w in (*_MONTHS_FULL, *_MONTHS_ABBR) for v in (w, w.upper())}, key=lambda w: (-len(w), w))),
    "(?i:year)",
], negated_classes=True)
_HEAD_GATE = Scanner(re.compile("(?!)"), [
    "(?i:" + "|".join(sorted(_HEAD_WORDS, key=len, reverse=True)) + ")",
    r"(?i:this\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
])


class _Gate:
    """The intervals of a gate's parts in one text; None for every span without Hyperscan (no fast path)."""

    def __init__(self, scanner: Scanner, text: str) -> None:
        self.on = scanner.engine == "hyperscan"
        self.spans = scanner.intervals(text) if self.on else []
        self.starts = [a for a, _b in self.spans]

    def until(self, start: int, end: int) -> int | None:
        """The end, relative to ``start``, of the last part inside text[start:end] (0: none), or None."""
        if not self.on:
            return None
        i = bisect.bisect_left(self.starts, end) - 1
        if i < 0 or self.spans[i][1] <= start:
            return 0
        return min(self.spans[i][1], end) - start

    def untils(self, pieces: list[tuple[int, int]]) -> list[int | None]:
        """:meth:`until` of each of ``pieces`` (sorted, disjoint spans of the text), in one walk."""
        if not self.on:
            return [None] * len(pieces)
        spans, n = self.spans, len(self.spans)
        out: list[int | None] = []
        add = out.append
        i = 0  # spans[:i] start before the current piece's end (the ends only grow)
        for start, end in pieces:
            while i < n and spans[i][0] < end:
                i += 1
            last = spans[i - 1][1] if i else 0
            add(min(last, end) - start if i and last > start else 0)
        return out


class _Branches:
    """A pattern made of a lead and named branches (``lead + "(?:" + "|".join(branches) + ")"``), its
    matches confirmed in the sentences of a text at once (fast paths of sentence_dates, exact).

    Each branch, relaxed (:func:`~pipeline.text.multiscan.relax`: no look-around, anchor or
    ``\\b`` left, so it matches alike in any window), is a part of one backward scan
    (:func:`~pipeline.text.multiscan.reversed_starts`: no start-of-match tracking, three to four
    times faster than a scan that tracks it) of a buffer of the sentences: a match of the pattern in
    a sentence, a string of its own, is a match of one branch at the same characters, so of that
    branch relaxed wherever the sentence stands, and the scan reports where it starts. The
    pattern's match at an offset is that of the first branch, in order, that matches there after
    the lead; only the branches whose relaxed copy starts there can, so :meth:`confirm` tries
    those alone (the whole alternation tried every branch before the one that matched: most of
    the cost of confirming a date).
    """

    def __init__(self, pattern: re.Pattern[str], lead: str, branches: list[str]) -> None:
        if pattern.pattern != lead + "(?:" + "|".join(branches) + ")":
            raise ValueError("the pattern is not its lead and branches")
        self.pattern, self._lead, self._branches = pattern, lead, list(branches)
        self.relaxed = tuple(relax(b) for b in branches)
        self._caseless = tuple(bool(pattern.flags & re.IGNORECASE) for _b in branches)

    @functools.cached_property
    def alone(self) -> list[re.Pattern[str]]:
        """Each branch after the lead, as a pattern of its own (its match: the pattern's, when the
        branches before it do not match there: the same span, groups and ``lastgroup``)."""
        return [re.compile(self._lead + "(?:" + b + ")", self.pattern.flags) for b in self._branches]

    @functools.cached_property
    def _by_mask(self) -> dict[int, tuple[re.Pattern[str], ...]]:
        return {}

    def _tried(self, mask: int) -> tuple[re.Pattern[str], ...]:
        """The branches (:attr:`alone`) of a candidate's bit set, in order: what :meth:`confirm`
        tries there (kept for the next candidate with the same set: there are few)."""
        alone = self.alone
        tried = tuple(alone[k] for k in range(mask.bit_length()) if mask >> k & 1)
        if len(self._by_mask) < 4096:
            self._by_mask[mask] = tried
        return tried

    @functools.cached_property
    def available(self) -> bool:
        """Whether the backward scan runs here (the wheel, every branch relaxed and compiled)."""
        return all(r is not None for r in self.relaxed) and self._scan("") is not None

    def _scan(self, text: str) -> list[list[int]] | None:
        return reversed_starts(self.relaxed, self._caseless, text, negated_classes=True)  # type: ignore[arg-type]

    def starts(self, text: str) -> list[tuple[int, int]]:
        """(offset, branches) for every offset of ``text`` where a relaxed branch starts, in order;
        ``branches`` has bit k set when branch k does (call only when :attr:`available`)."""
        found = self._scan(text) or []
        masks: dict[int, int] = {}
        get = masks.get
        for k, offsets in enumerate(found):
            bit = 1 << k
            for at in offsets:
                masks[at] = get(at, 0) | bit
        return sorted(masks.items())

    def masks(self, text: str) -> dict[int, int]:
        """:meth:`starts` as one dict, offset to branches, in no order (call only when :attr:`available`)."""
        return reversed_masks(self.relaxed, self._caseless, text, negated_classes=True) or {}  # type: ignore[arg-type]

    def confirm(self, text: str, candidates: list[tuple[int, int]], stop: int | None = None) -> list[re.Match[str]]:
        """The matches of ``pattern.finditer(text)`` that start before ``stop``, given ``candidates``
        ((offset, branches) as :meth:`starts` gives them, relative to ``text``; every match starts at
        one of them, with its branch set): tried left to right, on from the end of each match, as
        ``finditer`` does (:func:`~pipeline.text.multiscan.confirmed` for intervals)."""
        endpos = len(text)
        stop = endpos if stop is None else min(stop, endpos)
        by_mask = self._by_mask
        out: list[re.Match[str]] = []
        pos = 0
        for at, mask in candidates:
            if at >= stop:
                break
            if at < pos:
                continue
            tried = by_mask.get(mask)
            if tried is None:
                tried = self._tried(mask)
            m = None
            for branch in tried:
                m = branch.match(text, at)
                if m is not None:
                    break
            if m is None:
                continue
            if m.end() == at:  # an empty match: finditer's own rules apply from here
                out.extend(self.pattern.finditer(text, pos, endpos))
                return out
            out.append(m)
            pos = m.end()
        return out


# The prefilters of _MASTER and _DEIC for the sentences of one document: one backward scan each of
# the sentences that need one, joined by newlines (each Hyperscan call costs ~9 us, and a
# whole-document scan reads the many sentences the gates have already ruled out).
_MASTER_WINDOWS: _Branches | None = _Branches(_MASTER, _LEAD, _BRANCHES)
_DEIC_WINDOWS: _Branches | None = _Branches(_DEIC, _DEIC_LEAD, _DEIC_BRANCHES)


class _Windows:
    """Where a pattern's matches can start in the sentences of one text (:class:`_Branches`), from
    one scan of them all.

    ``pieces`` are sorted, disjoint (start, end) spans of ``text``; :meth:`each` gives each piece's
    candidates (offset relative to its start, branches); None for every piece without the scan
    (no fast path).
    """

    def __init__(self, branches: _Branches | None, text: str, pieces: list[tuple[int, int]]) -> None:
        self.on = branches is not None and branches.available
        self.count = len(pieces)
        self.base: list[int] = []
        self.sizes: list[int] = []
        self.found: list[tuple[int, int]] = []
        if branches is None or not self.on or not pieces:
            return
        at = 0
        for start, end in pieces:
            self.base.append(at)
            at += end - start + 1
        self.found = branches.starts("\n".join([text[a:b] for a, b in pieces]))
        self.sizes = [b - a for a, b in pieces]

    def each(self) -> list[list[tuple[int, int]] | None]:
        """Each piece's candidates, relative to its start (None: not known), in one walk."""
        if not self.on:
            return [None] * self.count
        found, n = self.found, len(self.found)
        out: list[list[tuple[int, int]] | None] = []
        i = 0  # found[:i] lie before the current piece (the pieces only move right)
        for start, size in zip(self.base, self.sizes, strict=True):
            end = start + size
            while i < n and found[i][0] < start:
                i += 1
            here = []
            while i < n and found[i][0] < end:
                at, mask = found[i]
                here.append((at - start, mask))
                i += 1
            out.append(here)
        return out


# Every deictic phrase holds one of these: a text without any is not scanned (a fast path).
_DEIC_HEADS = re.compile(
    r"(?i:day|week|period|month|quarter|year|decade|centur|tonight|tomorrow|morning|afternoon|evening|night|spring"
    r"|summer|autumn|fall|winter|fiscal|fy|now|current|present|recent|lately|future|past|last|next"
    r"|hours|minutes|moments|this[^\S\n]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
)

_FUTURE = re.compile(
    r"(?i:\b(?:will|shall|won['’]t|going\s+to|is\s+to|are\s+to|scheduled|expected\s+to|expects?\s+to|plans?\s+to"
    r"|planned\s+to|planning\s+to|intends?\s+to|is\s+due|are\s+due)\b|['’]ll\b)"
)
_PAST = re.compile(r"(?i:\b(?:was|were|had|did|ago|last)\b)")
_PAST_VERB = re.compile(r"(?i:\b(?!(?:said|reported|announced|added|stated|noted|scheduled|planned)\b)[a-z]{2,}ed\b)")
_INFINITIVE = re.compile(  # "to expire Nov. 6"; not "to a record in"
    r"(?i:\bto[^\S\n]+(?!(?:a|an|the|its|his|her|their|our|my|this|that|these|those)\b)[a-z]+[^\S\n]+"
    r"(?:[a-z]+[^\S\n]+)?(?:on|by|in|at|until|before)?[^\S\n]*$)"
)
_PAST_IRREGULAR = re.compile(  # common irregular past forms, and "since" (a time on or before now)
    r"(?i:\b(?:rose|fell|began|took|made|came|went|won|lost|held|led|met|left|told|gave|sold|bought|paid|brought"
    r"|struck|shot|kept|sent|spent|found|became|saw|stood|broke|grew|ran|wrote|chose|drove|flew|fought|knew|spoke"
    r"|since)\b)"
)
_CLAUSE_END = re.compile(r"[.;!?\n]")
_AFTER_END = re.compile(r"[.,;:!?\n]")


def _tense(text: str, start: int, end: int) -> str | None:
    """A rough guess at the tense of the clause around text[start:end], used only to choose between readings.

    'future' for a future marker in the clause before it or just after it ("will", "is
    expected to") or an infinitive right before it ("to expire Nov. 6", not "to a record in");
    'past' for "was", "were", "had", "did" in the clause, a past form among the three words
    before it ("rose in March", "took Basra in March", "since March"; reporting verbs such as
    "said" do not count) or among the four words after it ("In March, the firm sold"); else None.
    """
    lo = max(0, start - 80)
    ends = [m.end() for m in _CLAUSE_END.finditer(text, lo, start)]
    lo = ends[-1] if ends else lo
    nxt = _AFTER_END.search(text, end, min(len(text), end + 30))
    hi = nxt.start() if nxt else min(len(text), end + 30)
    before = text[lo:start]
    if _FUTURE.search(before + " " + text[end:hi]) or _INFINITIVE.search(before):
        return "future"
    near = " ".join(before.split()[-3:])
    if _PAST.search(before + " " + text[end:hi]) or _PAST_VERB.search(near) or _PAST_IRREGULAR.search(near):
        return "past"
    stop = _CLAUSE_END.search(text, end, min(len(text), end + 80))
    after = " ".join(text[end:stop.start() if stop else min(len(text), end + 80)].split()[:4])
    if _PAST_VERB.search(after) or _PAST_IRREGULAR.search(after):  # "In March, the company sold ..."
        return "past"
    return None


_COMPARED = re.compile(r"(?i:\b(?:compared|from|versus|vs\.?|than|against)\b[^.;\n]*$)")
_SOON = re.compile(r"(?i:\b(?:as[^\S\n]+(?:soon|early)[^\S\n]+as|postponed(?:[^\S\n]+(?:to|until))?)[^\S\n]+$)")


def _month_end(y: int, m: int) -> datetime.date:
    return datetime.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    y2, m2 = divmod(y * 12 + m - 1 + n, 12)
    return y2, m2 + 1


_Interval = tuple[datetime.date, datetime.date, str]


def _unit_interval(day: datetime.date, prec: str) -> _Interval | None:
    """The unit of the given precision that holds day."""
    y = day.year
    if not MIN_YEAR - 100 <= y <= MAX_YEAR + 100:
        return None
    if prec == "day":
        return day, day, "day"
    if prec == "week":
        monday = day - datetime.timedelta(days=day.weekday())
        return monday, monday + datetime.timedelta(days=6), "week"
    if prec == "month":
        return datetime.date(y, day.month, 1), _month_end(y, day.month), "month"
    if prec == "quarter":
        q0 = (day.month - 1) // 3 * 3 + 1
        return datetime.date(y, q0, 1), _month_end(y, q0 + 2), "quarter"
    if prec == "year":
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31), "year"
    if prec == "decade":
        return datetime.date(y // 10 * 10, 1, 1), datetime.date(y // 10 * 10 + 9, 12, 31), "decade"
    if prec == "century":
        return datetime.date(y // 100 * 100, 1, 1), datetime.date(y // 100 * 100 + 99, 12, 31), "century"
    return None


def _shift(day: datetime.date, n: int, prec: str) -> datetime.date | None:
    """day moved by n units (n negative: back); month ends are clipped ("31 March" - 1 month = 28/29 February)."""
    try:
        if prec == "day":
            return day + datetime.timedelta(days=n)
        if prec == "week":
            return day + datetime.timedelta(weeks=n)
        months = {"month": 1, "quarter": 3, "season": 3, "year": 12, "decade": 120, "century": 1200}[prec] * n
        y, m = _add_months(day.year, day.month, months)
        return datetime.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))
    except (ValueError, OverflowError, KeyError):
        return None


def _season_interval(y: int, name: str) -> _Interval | None:
    first = _SEASON_FIRST_MONTH[name]
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    ey, em = _add_months(y, first, 2)
    return datetime.date(y, first, 1), _month_end(ey, em), "season"


def _quarter_interval(y: int, q: int) -> _Interval:
    return datetime.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter"


def _nearest(candidates: list[_Interval], ref: datetime.date, tense: str | None) -> _Interval | None:
    """The candidate nearest ref: in the past (start <= ref) for a past-tense clause, else nearest either way."""
    if tense == "past":
        past = [c for c in candidates if c[0] <= ref]
        candidates = past or candidates
    elif tense == "future":
        future = [c for c in candidates if c[1] >= ref]
        candidates = future or candidates

    def distance(c: _Interval) -> int:
        if c[0] <= ref <= c[1]:
            return 0
        return min(abs((c[0] - ref).days), abs((c[1] - ref).days))

    return min(candidates, key=distance, default=None)


def _anchor_day(anchor: DateMatch | None, finest: str) -> tuple[datetime.date, str] | None:
    """The anchor's start and precision, when it is at least as fine as ``finest``."""
    if anchor is None or anchor.date_start is None or anchor.precision is None:
        return None
    unit = anchor.unit or anchor.precision
    if unit not in UNITS or UNITS.index(unit) > UNITS.index(finest):
        return None
    if unit == "day" and anchor.date_start != anchor.date_end:
        return None  # a range of days is no single day to count from
    return anchor.date_start, unit


# The characters IGNORECASE matches to an ASCII letter that str.lower() leaves non-ASCII
# (pipeline.text.multiscan.CASE_FOLDS): a caseless match is looked up as the ASCII word.
_CASE_FOLDS = str.maketrans(CASE_FOLDS)


def _num(word: str) -> int | None:
    w = _WS.sub(" ", word.lower())
    if w.isdigit():
        return int(w)
    return _NUM_WORDS.get(w)


def _unit(word: str) -> str:
    w = word.lower()
    w = "century" if w.startswith("centur") else w.rstrip("s")
    return _UNIT_PREC[w]


class _Ctx:
    """What a deictic expression is resolved against."""

    __slots__ = ("text", "doc", "default_year", "day_anchor")

    def __init__(self, text: str, document_date: DocumentDate | None, default_year: int | None,
                 day_anchor: DateMatch | None = None):
        self.text = text
        self.doc = document_date
        self.default_year = default_year
        self.day_anchor = day_anchor  # the last single day before (derived ones too)

    def day(self) -> datetime.date | None:
        return self.doc.date if self.doc is not None and self.doc.precision == "day" else None

    def ref(self, prec: str) -> datetime.date | None:
        """The document date, if it is known at least to precision prec (week needs a day)."""
        if self.doc is None:
            return None
        need = {"day": 0, "week": 0, "month": 1, "quarter": 1, "season": 1, "year": 2, "decade": 2, "century": 2}
        have = {"day": 0, "month": 1, "year": 2}.get(self.doc.precision, 3)
        return self.doc.date if have <= need.get(prec, 0) else None


_Resolution = tuple[_Interval | None, bool]  # (interval or None, year written)


_DERIVED = frozenset({"D_AGO", "D_SHIFT", "D_QREL_AGO", "D_QAGO", "D_HOURS"})


def _deictic(mo: re.Match[str], ctx: _Ctx, anchor: DateMatch | None, local: DateMatch | None) -> _Resolution:
    """The interval of one deictic or relative expression (None when it cannot be resolved).

    anchor is the last date before it (this text or the caller's), local the last one of this text.
    """
    kind = mo.lastgroup or ""
    if kind == "D_REF":
        return None, False  # a date phrase without an interval ("now", "recently": the last line)

    def g(name: str) -> str | None:  # the words as the lexicons spell them ("ſummer" is "summer")
        value = mo.group(name)
        return value.translate(_CASE_FOLDS) if value else value

    text = ctx.text

    def tense() -> str | None:
        """The clause's tense (:func:`_tense`), guessed only where a choice between readings needs it:
        _tense is pure, so computing it late (or never) changes nothing."""
        return _tense(text, mo.start(), mo.end())

    if kind == "D_AGO":
        n, prec = _num(g("ago_n")), _unit(g("ago_u"))
        local_unit = (local.unit or local.precision) if local is not None else None
        if n == 1 and prec == "year" and local is not None and local_unit == "month":
            # "sales rose in March from a year ago": the same month a year before
            day = _shift(local.date_start, -n, "year")  # type: ignore[arg-type]
            return (_unit_interval(day, local_unit) if day else None), False
        if n == 1 and prec == "year" and anchor is not None and anchor.unit == "quarter":
            # "profit rose in the third quarter from a year ago": the same quarter a year before
            day = _shift(anchor.date_start, -n, "year")  # type: ignore[arg-type]
            return (_unit_interval(day, "quarter") if day else None), False
        ref = ctx.ref(prec)
        if n is None or ref is None:
            return None, False
        day = _shift(ref, -n, prec)
        return (_unit_interval(day, prec) if day else None), False
    if kind == "D_SHIFT":
        n, prec = _num(g("sh_n")), _unit(g("sh_u"))
        if n is None:
            return None, False
        sign = -1 if g("sh_dir").lower() in ("earlier", "before") else 1
        base = _anchor_day(anchor, prec if prec != "year" else "year")
        if base is None:
            return None, False
        day = _shift(base[0], sign * n, prec)
        if day is None:
            return None, False
        keep = base[1] in ("day", "month", "quarter", "season") and prec == "year"
        if keep and base[1] == "season":
            return (_season_interval(day.year, _season_name(day.month)), False)
        return _unit_interval(day, base[1] if keep else prec), False
    if kind == "D_DAYREL":
        if g("dr_wba") or (g("dr_u") or "").lower() == "week":
            base = _anchor_day(anchor, "week")
            word = (g("dr_wba") or g("dr_dir") or "").lower()
            step = -1 if word in ("before", "previous", "preceding", "prior") else 1
            if base is None:
                return None, False
            day = _shift(base[0], step, "week")
            return (_unit_interval(day, "week") if day else None), False
        base = _anchor_day(ctx.day_anchor or anchor, "day")
        if base is None or base[1] != "day":
            return None, False
        word = (g("dr_dir") or g("dr_ba") or "").lower()
        step = -1 if word in ("previous", "preceding", "prior", "before") else (1 if word else 0)
        day = _shift(base[0], step, "day")
        return (_unit_interval(day, "day") if day else None), False
    if kind == "D_HOURS":  # "hours later", "a few minutes earlier": the day last named
        base = _anchor_day(ctx.day_anchor or anchor, "day")
        if base is None or base[1] != "day":
            return None, False
        return _unit_interval(base[0], "day"), False
    if kind == "D_TODAY":
        ref = ctx.day()
        if ref is None:
            return None, False
        word = (g("td") or "").lower()
        step = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return _unit_interval(ref + datetime.timedelta(days=step), "day"), False
    if kind == "D_WD":
        ref = ctx.day()
        if ref is None:
            return None, False
        wd = _WEEKDAY_NUM[g("wd").lower()]
        mod = _WS.sub(" ", (g("wd_mod") or "").lower())
        back = (ref.weekday() - wd) % 7
        fwd = (wd - ref.weekday()) % 7
        if mod in ("last", "this past", "the previous"):
            step = -(back or 7)
        elif mod in ("next", "this coming", "the following"):
            step = fwd or 7
        elif (clause_tense := tense()) == "future":
            step = fwd
        else:
            step = -back
            if clause_tense is None and _SOON.search(text, max(0, mo.start() - 25), mo.start()):
                step = fwd  # "as soon as Tuesday", "postponed until Tuesday": on or after
        return _unit_interval(ref + datetime.timedelta(days=step), "day"), False
    if kind == "D_MONREL":
        ref = ctx.ref("month")
        if ref is None:
            return None, False
        month = _month(g("mrl_m"))
        mod = _WS.sub(" ", g("mrl_mod").lower())
        if mod in ("last", "this past"):
            y = ref.year if month < ref.month else ref.year - 1
        elif mod in ("next", "this coming"):
            y = ref.year if month > ref.month else ref.year + 1
        else:
            y = ref.year
        return (datetime.date(y, month, 1), _month_end(y, month), "month"), False
    if kind == "D_Q":
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}[
            g("q_ord").lower()]
        if g("q_y") or g("q_y0"):
            return _quarter_interval(int(g("q_y") or g("q_y0")), q), True
        pre = _WS.sub(" ", (g("q_pre") or "").lower())
        if pre[:4] in ("this", "last", "next"):
            ref = ctx.ref("year")
            if ref is None:
                return None, False
            y = ref.year + {"this": 0, "last": -1, "next": 1}[pre[:4]]
            return _quarter_interval(y, q), False
        ref = ctx.ref("quarter")
        if ref is None:
            if ctx.default_year is not None:
                return _quarter_interval(ctx.default_year, q), False
            return None, False
        # the latest such quarter begun by the document date; in a future-tense clause the next
        # one if that ended more than a quarter ago ("the first quarter will" in October)
        cands = [_quarter_interval(y, q) for y in (ref.year - 1, ref.year, ref.year + 1)]
        latest = [c for c in cands if c[0] <= ref][-1]
        if (ref - latest[1]).days > 92 and tense() == "future":
            latest = cands[cands.index(latest) + 1]
        return latest, False
    if kind == "D_QAGO":  # the quarter last named (else the last one ended by the document date), a year before
        if anchor is not None and anchor.unit == "quarter" and anchor.date_start is not None:
            base_day = anchor.date_start
        else:
            ref = ctx.ref("quarter")
            if ref is None:
                return None, False
            prev = _add_months(ref.year, (ref.month - 1) // 3 * 3 + 1, -3)
            base_day = datetime.date(prev[0], prev[1], 1)
        day = _shift(base_day, -1, "year")
        return (_unit_interval(day, "quarter") if day else None), False
    if kind == "D_QREL":
        mod = _WS.sub(" ", (g("qr_mod") or "").lower())
        if not g("qr_mod"):  # "year-earlier", "the year-ago quarter": a year before the anchor
            base = _anchor_day(anchor, "year")
            year_ref = ctx.ref("year")
            if base is not None and base[1] == "year" and year_ref is not None:
                base = (year_ref, "year")  # after a bare year, "the year-ago results": a year before the document
            if base is None:
                return None, False
            day = _shift(base[0], -1, "year")
            prec = base[1] if base[1] in ("month", "quarter", "year") else "year"
            return (_unit_interval(day, prec) if day else None), False
        if mod in ("the", "the same", "the latest", "the most recent") and anchor is not None and (
            anchor.unit == "quarter"
        ):
            return (anchor.date_start, anchor.date_end, "quarter"), False  # type: ignore[return-value]
        ref = ctx.ref("quarter")
        if ref is None or mod == "the same":
            return None, False
        current = _unit_interval(ref, "quarter")
        if current is None:
            return None, False
        if mod in ("this", "the current"):
            return current, False
        if mod == "next":
            return _unit_interval(_month_end(*_add_months(ref.year, ref.month, 3)), "quarter"), False
        # "last quarter", "the latest quarter", "the quarter": the last quarter ended by the document date
        prev = _add_months(current[0].year, current[0].month, -3)
        return _quarter_interval(prev[0], (prev[1] - 1) // 3 + 1), False
    if kind == "D_UNIT":
        unit = g("u_u").lower()
        prec = _UNIT_PREC[unit]
        mod = _WS.sub(" ", g("u_mod").lower())
        if mod in ("the same", "that same", "that", "the previous", "the following"):
            base = _anchor_day(anchor, prec)
            if base is None:
                return None, False
            step = {"the previous": -1, "the following": 1}.get(mod, 0)
            day = _shift(base[0], step, prec)
            return (_unit_interval(day, prec) if day else None), False
        ref = ctx.ref(prec)
        if ref is None:
            return None, False
        step = {"last": -1, "the past": -1, "this past": -1, "next": 1, "the coming": 1, "this coming": 1}.get(mod, 0)
        if unit == "weekend":
            saturday = ref + datetime.timedelta(days=(5 - ref.weekday()) % 7 - (7 if step < 0 else 0))
            if step > 0 and ref.weekday() >= 5:
                saturday += datetime.timedelta(days=7)
            if step == 0 and ref.weekday() == 6:
                saturday = ref - datetime.timedelta(days=1)
            return (saturday, saturday + datetime.timedelta(days=1), "week"), False
        day = _shift(ref, step, prec)
        return (_unit_interval(day, prec) if day else None), False
    if kind == "D_SEASON":
        name = g("s").lower()
        mod = _WS.sub(" ", (g("s_mod") or "").lower())
        if g("s_y"):
            return _season_interval(int(g("s_y")), name), True
        if mod in ("", "early", "late", "mid", "the early", "the late") or (mod == "the" and name == "fall"):
            return None, False
        if mod == "the":
            year = ctx.default_year
            if year is not None:
                return _season_interval(year, name), False
            ref = ctx.ref("season")
            if ref is None:
                return None, False
            cands = [c for y in (ref.year - 1, ref.year, ref.year + 1) if (c := _season_interval(y, name))]
            return _nearest(cands, ref, tense()), False
        ref = ctx.ref("season")
        if ref is None:
            return None, False
        cands = [c for y in (ref.year - 2, ref.year - 1, ref.year, ref.year + 1) if (c := _season_interval(y, name))]
        if mod in ("last", "this past"):
            cands = [c for c in cands if c[1] < ref]
            return (cands[-1] if cands else None), False
        if mod in ("next", "this coming"):
            cands = [c for c in cands if c[0] > ref]
            return (cands[0] if cands else None), False
        return _nearest(cands, ref, tense()), False
    if kind == "D_CENT":
        word = _WS.sub(" ", g("c_n").lower())
        n = int(re.match(r"[0-9]+", word).group(0)) if word[0].isdigit() else _ORDINALS.get(word.replace("-", " "),
                                                                                               _ORDINALS.get(word))
        if n is None or not 1 <= n <= 21:
            return None, False
        y = (n - 1) * 100
        return (datetime.date(max(y, 1), 1, 1), datetime.date(y + 99, 12, 31), "century"), True
    if kind == "D_FY":
        if g("fy_y"):
            y = int(g("fy_y"))
        else:
            yy = int(g("fy_yy"))
            base = ctx.ref("year") or (datetime.date(ctx.default_year, 1, 1) if ctx.default_year else None)
            if base is None:
                return None, False
            y = base.year // 100 * 100 + yy
            if y > base.year + 20:
                y -= 100
        return (datetime.date(y, 1, 1), datetime.date(y, 12, 31), "year"), True
    if kind == "D_WEEKEND":  # the weekend before the document date, or the next one in a future clause
        ref = ctx.day()
        if ref is None:
            return None, False
        if ref.weekday() >= 5:
            saturday = ref - datetime.timedelta(days=ref.weekday() - 5)
        elif tense() == "future":
            saturday = ref + datetime.timedelta(days=5 - ref.weekday())
        else:
            saturday = ref - datetime.timedelta(days=ref.weekday() + 2)
        return (saturday, saturday + datetime.timedelta(days=1), "week"), False
    if kind == "D_LATEST":  # "the latest period": the quarter last named, else the last one ended by the document date
        if anchor is not None and anchor.unit == "quarter":
            return (anchor.date_start, anchor.date_end, "quarter"), False  # type: ignore[return-value]
        ref = ctx.ref("quarter")
        if ref is None:
            return None, False
        prev = _add_months(ref.year, (ref.month - 1) // 3 * 3 + 1, -3)
        return _quarter_interval(prev[0], (prev[1] - 1) // 3 + 1), False
    if kind == "D_YQ":  # "the 1988 quarter": the quarter last named, in 1988; else the year
        y = int(g("yq_y"))
        if anchor is not None and anchor.unit == "quarter" and anchor.date_start is not None:
            return _quarter_interval(y, (anchor.date_start.month - 1) // 3 + 1), True
        return (datetime.date(y, 1, 1), datetime.date(y, 12, 31), "year"), True
    return None, False  # D_REF: a date phrase without an interval


def _season_name(month: int) -> str:
    return {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}.get(month, "summer")


# --------------------------------------------------------------------------- Unicode safety

_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # decimal digits of other scripts (full-width, Arabic-Indic, ...)
# Runs of the characters that can be such a digit: no decimal digit (Python's \d, str.isdecimal)
# lies in U+0080-U+065F or in the General Punctuation block, and a class that opens a pattern
# lets re skip the rest in its fast search, so a text of Latin letters, quotes and dashes is
# passed at once, and only a run is searched for a digit (tests/test_dates_speed.py checks
# every code point).
_DIGIT_CANDIDATE = re.compile("[^\x00-\u065f\u2000-\u206f][^\x00-\u065f\u2000-\u206f]*")  # "x+" defeats it
# Likewise for combining marks (Mn, Mc, Me): none lies below U+0300 or in General Punctuation.
_MARK_CANDIDATE = re.compile("[^\x00-\u02ff\u2000-\u206f]")


def _ascii_digits(text: str) -> str:
    """text with every decimal digit of another script replaced by its ASCII digit (same length)."""
    if text.isascii():
        return text
    for run in _DIGIT_CANDIDATE.finditer(text):
        if _OTHER_DIGIT.search(run.group(0)) is not None:
            return _DIGIT_CANDIDATE.sub(_run_digits, text)
    return text  # the text itself when no digit changes: its bytes are scanned once (multiscan.scan_bytes)


def _run_digits(run: re.Match[str]) -> str:
    """A run of candidates (_DIGIT_CANDIDATE) with its digits of other scripts made ASCII."""
    chars = run.group(0)
    if _OTHER_DIGIT.search(chars) is None:
        return chars
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(0))), chars)


def _marks(text: str) -> list[int]:
    """Positions of combining marks (a digit or letter they sit on cannot be read as written)."""
    if text.isascii():
        return []
    return [m.start() for m in _MARK_CANDIDATE.finditer(text)
            if unicodedata.category(m.group(0)) in ("Mn", "Mc", "Me")]


def _touches_mark(marks: list[int], start: int, end: int) -> bool:
    """A combining mark inside the span or within 3 characters before it or 1 after it."""
    i = bisect.bisect_left(marks, start - 3)
    return i < len(marks) and marks[i] <= end


# --------------------------------------------------------------------------- public API


def _as_document_date(document_date: DocumentDate | datetime.date | None) -> DocumentDate | None:
    if document_date is None or isinstance(document_date, DocumentDate):
        return document_date
    return DocumentDate(document_date, "day")


def _year_from_document(
    atom: _Atom, right: _Point, text: str, doc: DocumentDate, this_year: int | None
) -> _Resolved | None:
    """A month or day without a year: the year that puts it nearest the document date (past tense: before it)."""
    ref = doc.date
    options = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        r = _resolve(atom.left, right, y, this_year)
        if r is not None and r[0] is not None and r[1] is not None and r[2] is not None:
            options.append(((r[0], r[1], r[2]), r))
    if doc.precision == "year":  # only the year is known: that year
        same = [r for iv, r in options if iv[0].year == ref.year]
        return same[0] if same else None
    best = _nearest([iv for iv, _r in options], ref, _tense(text, atom.start, atom.end))
    return next((r for iv, r in options if iv == best), None)


def _find(
    text: str,
    default_year: int | None,
    this_year: int | None,
    standalone: bool,
    document_date: DocumentDate | None = None,
    anchor: DateMatch | None = None,
    keep_datelines: bool = False,
    day_anchor: DateMatch | None = None,
    atoms_until: int | None = None,
    deictic_until: int | None = None,
    atom_spans: list[tuple[int, int]] | None = None,
    deictic_spans: list[tuple[int, int]] | None = None,
    digits: str | None = None,
) -> list[DateMatch]:
    """The dates of a sentence. ``atoms_until`` / ``deictic_until``: no date atom / deictic phrase
    starts at or after these offsets (the gates of sentence_dates; None: not known);
    ``atom_spans`` / ``deictic_spans``: the only offsets where one can start, with its branches (:class:`_Windows`);
    ``digits``: ``_ascii_digits(text)`` when the caller has it (a slice of the document's)."""
    original = text
    text = _ascii_digits(text) if digits is None else digits
    if document_date is not None and this_year is None:
        this_year = document_date.date.year
    matches: list[DateMatch] = []
    atoms = [] if atoms_until == 0 or atom_spans == [] else _atoms(text, atoms_until, atom_spans)  # (_atoms' own test)
    for atom in _combine_all(text, atoms) if len(atoms) > 1 else atoms:
        start = atom.start
        if atom.error:
            matches.append(_match(start, atom.end, original[start:atom.end], None, None, None, True, atom.error))
            continue
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
        if (
            res[0] is None and res[3] is None and default_year is None and document_date is not None
            and atom.left.year is None and right.year is None and atom.left.rel is None and right.rel is None
        ):
            res = _year_from_document(atom, right, text, document_date, this_year) or res
        if is_range:
            pre = _PREFIX.search(text, max(0, start - 12), start)
            if pre:
                start = pre.start()
        d0, d1, prec, err = res
        matches.append(_match(start, end, original[start:end], d0, d1, prec, atom.explicit, err))
    if matches:
        matches = [_week_of(text, original, m) for m in matches]
        if not standalone:
            matches = [_dateline(text, m, keep_datelines) for m in matches]
    if deictic_until != 0 and deictic_spans != []:  # (else _with_deictic adds nothing)
        matches = _with_deictic(text, original, matches, document_date, default_year, anchor, day_anchor,
                                deictic_until, deictic_spans)
    marks = _marks(original) if matches else []  # (no date: nothing to mark)
    if marks:
        matches = [_marked(original, m) if _touches_mark(marks, m.start, m.end) else m for m in matches]
    return matches


def _marked(original: str, m: DateMatch) -> DateMatch:
    """A date next to a combining mark: unreadable as written ("1\u0301 May 1990" is not "May 1990").

    It keeps no interval (nothing of it is read) and carries an error, so the rows of its
    sentence go to the rejects with the reason, like an impossible date's."""
    start = m.start
    marked = [i for i in range(max(0, m.start - 3), m.start) if unicodedata.category(original[i]) in ("Mn", "Mc", "Me")]
    if marked:  # the mark sits on the token just before the date ("1\u0301 May 1990"): the span takes it in
        start = marked[0]
        while start > 0 and not original[start - 1].isspace():
            start -= 1
    return DateMatch(start, m.end, original[start:m.end], None, None, None, False,
                     "unreadable date: a combining mark in or next to it, so it cannot be read as written")


_WEEK_OF = re.compile(r"(?<![A-Za-z])(?i:the[^\S\n]+week[^\S\n]+of)[^\S\n]+$")


def _week_of(text: str, original: str, m: DateMatch) -> DateMatch:
    """"the week of March 6": the week (Monday to Sunday) that holds the day."""
    if m.precision != "day" or m.date_start is None or m.date_start != m.date_end or m.unit is not None:
        return m
    pre = _WEEK_OF.search(text, max(0, m.start - 20), m.start)
    if pre is None:
        return m
    monday = m.date_start - datetime.timedelta(days=m.date_start.weekday())
    start = pre.start()
    return replace(m, start=start, text=original[start:m.end], date_start=monday,
                   date_end=monday + datetime.timedelta(days=6), unit="week")


_DATELINE_BEFORE = re.compile(
    r"(?:^|\n)[^\S\n]*(?!(?:In|On|At|By|For|From|The|Since|Until|After|Before|During|And|But|Then)\b)"
    r"[A-Z](?:[A-Z .'’\-]{1,40}|[a-z][A-Za-z.'’\-]{0,25}(?: [A-Z][A-Za-z.'’\-]{1,25}){0,2})"
    r"(?:,[^\S\n]*[A-Z][A-Za-z.'’ \-]{1,30})?,[^\S\n]*$"
)
_DATELINE_AFTER = re.compile(r"[^\S\n]*(?:\([^)\n]{1,40}\)[^\S\n]*)?[-–—_](?![0-9])")  # "-88": a range goes on


def _dateline(text: str, m: DateMatch, keep: bool) -> DateMatch:
    """A dateline's date ("OSLO, March 3, 2016 (AP) -") is document metadata (``dateline`` set).

    It anchors the document's relative dates (pipeline.text.docdate), and no clause takes it as its
    own: find_dates returns it without an interval (keep False), recognise_dates with it.
    """
    if m.date_start is None or not _DATELINE_AFTER.match(text, m.end):
        return m
    if not _DATELINE_BEFORE.search(text, max(0, m.start - 80), m.start):
        return m
    if keep:
        return replace(m, dateline=True)
    return replace(m, date_start=None, date_end=None, precision=None, dateline=True)


_POSITION_KIND = operator.itemgetter(0, 1)  # items of _with_deictic in text order, dates before phrases
_ANCHOR_MODS = frozenset({"the same", "that same", "that", "the previous", "the following"})


def _with_deictic(
    text: str,
    original: str,
    matches: list[DateMatch],
    document_date: DocumentDate | None,
    default_year: int | None,
    anchor: DateMatch | None,
    day_anchor: DateMatch | None = None,
    until: int | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> list[DateMatch]:
    """Add the deictic and relative expressions, resolved in text order (each later one may anchor on earlier ones).

    A deictic expression replaces the dates it strictly contains ("earlier this year" over
    "this year", "last July" over "July"); one that overlaps a date otherwise is dropped.
    """
    # spans given: sentence_dates read them only where _has_deictic_head holds (no need to ask again)
    if until == 0 or spans == [] or (spans is None and not _has_deictic_head(text)):
        return matches
    found = (list(_DEIC_SCANNER.finditer(text, until=until)) if spans is None or _DEIC_WINDOWS is None
             else _DEIC_WINDOWS.confirm(text, spans, until))
    if not found:
        return matches
    chosen: list[re.Match[str]] = []
    keep = [True] * len(matches)
    replaced: dict[int, list[DateMatch]] = {}  # the dates a chosen phrase replaces, when there are any
    local: DateMatch | None = None
    for mo in found:
        kind = mo.lastgroup
        if kind == "D_UNIT":
            if _WS.sub(" ", mo.group("u_mod").lower()) in (
                "that", "the same", "that same", "the previous", "the following"
            ) and mo.group("u_u").lower() == "year":
                continue  # "that year", "the following year": the year carried from context (B_REL)
        elif kind == "D_SEASON" and not mo.group("s_y") and (
            _WS.sub(" ", (mo.group("s_mod") or "").lower()) in ("", "early", "late", "mid", "the early", "the late")
            or (mo.group("s").lower() == "fall" and (mo.group("s_mod") or "").lower() == "the")
        ):
            continue  # "summer camp", "the fall of the regime": no date
        if kind in ("D_UNIT", "D_MONREL", "D_WD", "D_QREL", "D_SEASON"):
            prev = _prev_word(text, mo.start())
            if prev in _DETERMINERS or prev.endswith(("'s", "’s")):
                continue  # "his last year as president", "the last week of the campaign" stays
        if matches:  # (no date: none in brackets, none overlapped)
            paren = _PAREN_DATE.match(text, mo.end())
            if paren and any(m.start == paren.end() and m.date_start is not None and m.year_explicit
                             for m in matches):
                continue  # "56 years ago (1965-09-05)": the bracketed date says it exactly
            ms, me = mo.span()
            over = [i for i, m in enumerate(matches) if m.start < me and ms < m.end]
            if over:
                if any(not (ms <= matches[i].start and matches[i].end <= me
                            and matches[i].end - matches[i].start < me - ms) for i in over):
                    continue
                for i in over:
                    keep[i] = False
                replaced[id(mo)] = [matches[i] for i in over]
        chosen.append(mo)
    items: list[DateMatch | re.Match[str]] = chosen  # no date: the chosen phrases, in text order already
    if matches:
        ordered = [(m.start, 0, m) for i, m in enumerate(matches) if keep[i]]
        ordered += [(mo.start(), 1, mo) for mo in chosen]
        ordered.sort(key=_POSITION_KIND)
        items = [item for _pos, _kind, item in ordered]
    ctx = _Ctx(text, document_date, default_year, day_anchor)
    out: list[DateMatch] = []
    last = anchor
    for item in items:
        if isinstance(item, DateMatch):
            item = _last_year_quarter(text, item, last)
            out.append(item)
            if item.date_start is not None and not item.derived:
                last = local = item
                if _is_day(item):
                    ctx.day_anchor = item
            continue
        mo = item
        interval, explicit = _deictic(mo, ctx, last, local)
        s, e = mo.start(), mo.end()
        if interval is None:
            inner = [m for m in replaced.get(id(mo), []) if m.date_start is not None]
            if inner:  # an unresolved phrase never hides a date it contains ("early this year")
                out.extend(inner)
                continue
            if mo.lastgroup == "D_UNIT" and _WS.sub(" ", mo.group("u_mod").lower()) in _ANCHOR_MODS:
                continue  # "the following month" without an anchor here: the caller may count it (context)
            out.append(_match(s, e, original[s:e], None, None, None, explicit))
            continue
        derived = mo.lastgroup in _DERIVED or (mo.lastgroup == "D_QREL" and not mo.group("qr_mod"))
        unit = interval[2]
        public = _PUBLISHED.get(unit, unit)
        if unit == "season":  # published as the year it is named by ("winter 1990" starts in December 1990)
            y = interval[0].year
            interval = (datetime.date(y, 1, 1), datetime.date(y, 12, 31), unit)
        m = _match(s, e, original[s:e], interval[0], interval[1], public, explicit, None, derived,
                   unit if unit != public else None)
        out.append(m)
        if not derived:
            last = local = m
        if _is_day(m):
            ctx.day_anchor = m
    return out


def _last_year_quarter(text: str, m: DateMatch, anchor: DateMatch | None) -> DateMatch:
    """"Profit rose in the third quarter, compared with a loss last year": that quarter a year before."""
    if m.text.lower() != "last year" or anchor is None or anchor.unit != "quarter" or anchor.date_start is None:
        return m
    if not _COMPARED.search(text, max(0, m.start - 60), m.start):
        return m
    day = _shift(anchor.date_start, -1, "year")
    iv = _unit_interval(day, "quarter") if day else None
    if iv is None:
        return m
    return replace(m, date_start=iv[0], date_end=iv[1], precision="month", unit="quarter", derived=True)


def _is_day(m: DateMatch) -> bool:
    """A single day, not a dateline: what "that day" and "hours later" refer to."""
    return m.precision == "day" and m.unit is None and m.date_start is not None and (
        m.date_start == m.date_end) and not m.dateline


def find_dates(
    text: str,
    default_year: int | None = None,
    this_year: int | None = None,
    document_date: DocumentDate | datetime.date | None = None,
    anchor: DateMatch | None = None,
) -> list[DateMatch]:
    """All date expressions in text, in order of position, non-overlapping (longest match wins).

    default_year is the year carried from context (for "28 June", "that year");
    this_year the year of publication (for "this year", "last year"; defaults to the
    document date's year); document_date the date the document states for itself (for
    "yesterday", "Friday", "last week", and a month or day without a year when no year is
    carried); anchor the last date before text (for "the same day", "a year earlier").
    Deictic expressions that cannot be resolved are returned with no interval.
    """
    return _find(text, default_year, this_year, False, _as_document_date(document_date), anchor)


def parse_date_expression(
    s: str,
    default_year: int | None = None,
    this_year: int | None = None,
    document_date: DocumentDate | datetime.date | None = None,
) -> DateMatch | None:
    """The date expression that covers the whole stripped string s, else None.

    A bare month name ("June") counts here, as the whole string is known to be a date.
    Offsets are relative to the stripped string.
    """
    t = s.strip()
    for m in _find(t, default_year, this_year, True, _as_document_date(document_date)):
        if m.start == 0 and m.end == len(t):
            return m
    return None


def recognise_dates(text: str, document_date: DocumentDate | datetime.date | None = None) -> list[DateMatch]:
    """Every date expression of a text, with its span, interval and precision: the one recogniser.

    The text is segmented (``pipeline.text.segment``). A date without a year takes the last
    year written before it in the same sentence, else the year carried in the section (see
    :func:`sentence_dates`), else the year that puts it nearest the document date (in the past
    for a past-tense clause), else it stays unresolved. Deictic expressions ("Friday", "last
    week", "this year") are resolved against document_date (a date, or a DocumentDate with its
    precision); relative ones ("the same day", "two days later", "a year earlier") against the
    last resolved date of the section, in this sentence or an earlier one. Expressions that
    cannot be resolved are returned with ``date_start``/``date_end``/``precision`` None;
    unreadable ones (impossible, ambiguous, a year out of range) with ``error`` set; a
    dateline's date with its interval and ``dateline`` set (find_dates and sentence_dates, which
    the extractors use, leave it without one).
    """
    doc = _as_document_date(document_date)
    return [m for _sent, found in sentence_dates(text, doc, keep_datelines=True) for m in found]


_new = object.__new__


def _moved(m: DateMatch, offset: int) -> DateMatch:
    """``replace(m, start=m.start + offset, end=m.end + offset)``, four times cheaper: DateMatch is a
    frozen dataclass with no ``__post_init__``, no ``InitVar`` and no ``init=False`` field, so
    replace builds an instance whose fields are m's with the two offsets changed, which copying
    m's ``__dict__`` does too (tests/test_dates_speed.py compares both)."""
    moved = _new(DateMatch)
    fields = moved.__dict__
    fields.update(m.__dict__)
    fields["start"] = m.start + offset
    fields["end"] = m.end + offset
    return moved


def _match(start: int, end: int, text: str, date_start: datetime.date | None, date_end: datetime.date | None,
           precision: str | None, year_explicit: bool, error: str | None = None, derived: bool = False,
           unit: str | None = None) -> DateMatch:
    """``DateMatch(start, end, text, ...)`` (``dateline`` False), two to three times cheaper: the
    fields filled in ``__dict__`` at once, as :func:`_moved` copies them (tests/test_dates_speed.py
    compares both)."""
    made = _new(DateMatch)
    fields = made.__dict__
    fields["start"] = start
    fields["end"] = end
    fields["text"] = text
    fields["date_start"] = date_start
    fields["date_end"] = date_end
    fields["precision"] = precision
    fields["year_explicit"] = year_explicit
    fields["error"] = error
    fields["derived"] = derived
    fields["unit"] = unit
    fields["dateline"] = False
    return made


def _candidates(
    branches: _Branches | None, text: str, starts: list[int], ends: list[int]
) -> dict[int, list[tuple[int, int]]] | None:
    """Where a match of the branches' pattern can start in each piece (sorted, disjoint spans
    ``starts[k]``-``ends[k]`` of text; the candidates relative to its start, with their branches as
    :meth:`_Branches.starts` gives them), by piece index, the pieces without any left out; None
    without the backward scan.

    From one scan of the whole text: exact, as a match of the pattern in a piece read alone (a
    string of its own) is a match of one relaxed branch at the same characters (:class:`_Branches`),
    which lie in the text too, and a relaxed branch (no look-around, anchor or ``\\b``) matches
    there whatever stands around them; so the scan reports the match's start with that branch.
    (A scan of the text also reports starts the pieces alone do not have, of a match that runs
    past a piece's end: :meth:`_Branches.confirm` finds nothing there.) One scan of the whole
    text, which is encoded once for all its scans (multiscan.scan_bytes), costs less than the
    gates that chose the sentences to scan and a buffer of them.
    """
    if branches is None or not branches.available:
        return None
    out: dict[int, list[tuple[int, int]]] = {}
    here: list[tuple[int, int]] = []
    lo = hi = -1  # the span of the piece ``here`` belongs to
    masks = branches.masks(text)
    for at in sorted(masks):
        if not lo <= at < hi:
            k = bisect.bisect_right(starts, at) - 1
            if k < 0 or at >= ends[k]:
                continue  # between two pieces
            lo, hi = starts[k], ends[k]
            here = out[k] = []
        here.append((at - lo, masks[at]))
    return out


def _gated_work(
    digits: str, spans: list[tuple[int, int]]
) -> dict[int, tuple[int | None, int | None, list[tuple[int, int]] | None, list[tuple[int, int]] | None]]:
    """The sentences (``spans``) each prefilter must read, by the gates, when a backward scan is not
    there: (atoms until, deictic until, atom spans, deictic spans) of each, as ``_find`` takes them."""
    # The others get no spans, nothing is looked for there.
    atom_gate, head_gate = _Gate(_ATOM_GATE, digits), _Gate(_HEAD_GATE, digits)
    atom_untils, deictic_untils = atom_gate.untils(spans), head_gate.untils(spans)
    atom_pieces = [k for k, u in enumerate(atom_untils) if u != 0]
    deictic_pieces = [k for k, u in enumerate(deictic_untils) if u != 0]
    atom_windows = _Windows(_MASTER_WINDOWS, digits, [spans[k] for k in atom_pieces])
    deictic_windows = _Windows(_DEIC_WINDOWS, digits, [spans[k] for k in deictic_pieces])
    none: list[tuple[int, int]] = []
    atom_spans: list[list[tuple[int, int]] | None] = [none] * len(spans)
    deictic_spans: list[list[tuple[int, int]] | None] = [none] * len(spans)
    for k, within in zip(atom_pieces, atom_windows.each(), strict=True):
        atom_spans[k] = within
    for k, within in zip(deictic_pieces, deictic_windows.each(), strict=True):
        deictic_spans[k] = within
    return {
        k: (atom_untils[k], deictic_untils[k], atom_spans[k], deictic_spans[k])
        for k in sorted({*atom_pieces, *deictic_pieces})
        if atom_spans[k] != [] or deictic_spans[k] != []  # else no match of a prefilter: nothing to find
    }


_FRONTED = re.compile(
    r"^[\W_]*(?:(?i:in|on|by|since|during|until|from|at|after|before|around|between|early|late|the|of|and"
    r"|also|then|but|however|meanwhile|later|earlier)[\s,]+)*$"
)


def sentence_dates(
    text: str,
    document_date: DocumentDate | datetime.date | None = None,
    this_year: int | None = None,
    keep_datelines: bool = False,
) -> list[tuple[Sentence, list[DateMatch]]]:
    """The sentences of text (``pipeline.text.segment``), each with its dates at absolute offsets.

    The one implementation of year carrying and anchoring that recognise_dates and the
    extractors' document view (``pipeline.extractors.context``) share:

    - a date without a year takes the last year written before it in the same sentence;
    - else the year carried from an earlier sentence: the last explicit year of the section,
      but in a text with a document date known to the month or day only one written in the
      same paragraph (news: a new paragraph's "March" is the March nearest the document date,
      see the README's date choices);
    - else the year that puts it nearest the document date;
    - a relative expression ("two days later", "the same day", "the following week", "a month
      earlier") counts from the last resolved, non-derived date of the section before it, in
      the same sentence or an earlier one.

    this_year is the year of publication for "this year"/"last year" (default: the document
    date's year).
    """
    sentences, dated = dates_by_sentence(text, document_date, this_year, keep_datelines)
    return [(sent, dated[k] if k in dated else []) for k, sent in enumerate(sentences)]


def dates_by_sentence(
    text: str,
    document_date: DocumentDate | datetime.date | None = None,
    this_year: int | None = None,
    keep_datelines: bool = False,
) -> tuple[list[Sentence], dict[int, list[DateMatch]]]:
    """:func:`sentence_dates` as the sentences of text and, by sentence index, the dates of
    those that may hold one (a sentence not in the dict holds none): what a caller that walks
    the sentences itself reads, without a list for each of the many sentences without a date.
    """
    from pipeline.text.segment import segment

    doc = _as_document_date(document_date)
    news = doc is not None and doc.precision in ("day", "month")
    dated: dict[int, list[DateMatch]] = {}
    section = paragraph = None
    carry: int | None = None
    section_year: int | None = None
    last: DateMatch | None = None
    last_day: DateMatch | None = None
    digits = _ascii_digits(text)
    sentences = segment(text)
    starts = [sent.start for sent in sentences]
    ends = [sent.end for sent in sentences]
    atoms_at = _candidates(_MASTER_WINDOWS, digits, starts, ends)
    deictic_at = _candidates(_DEIC_WINDOWS, digits, starts, ends) if atoms_at is not None else None
    work: dict[int, tuple[int | None, int | None, list[tuple[int, int]] | None, list[tuple[int, int]] | None]]
    none: list[tuple[int, int]] = []
    if atoms_at is not None and deictic_at is not None:
        # Every match of either pattern starts at one of its candidates: the other sentences hold none.
        work = {k: (None, None, atoms_at.get(k, none), deictic_at.get(k, none))
                for k in sorted({*atoms_at, *deictic_at})}
    else:
        work = _gated_work(digits, list(zip(starts, ends, strict=True)))
    done = 0  # sentences[:done] are read
    for k in [*work, len(sentences)]:  # the sentences with a date to find (work is in order), then the end
        if done < k:
            # sentences[done:k] hold no date: what the loop below would do for each, in one step.
            # Sections and paragraphs only grow. A section opening among them resets the state
            # (carry stays None after it); else each passes the carried year on, until a new
            # paragraph of a dated text drops it.
            if sentences[k - 1].section != section:
                section, carry, section_year, last, last_day = sentences[k - 1].section, None, None, None, None
            elif carry is not None:
                if not news:
                    section_year = carry
                elif sentences[done].paragraph != paragraph:
                    carry = None
                else:
                    section_year = carry
                    if sentences[k - 1].paragraph != paragraph:
                        carry = None
            paragraph = sentences[k - 1].paragraph
        if k == len(sentences):
            break
        sent = sentences[k]
        done = k + 1
        if sent.section != section:
            section, carry, section_year, last, last_day = sent.section, None, None, None, None
        if news and sent.paragraph != paragraph:
            carry = None  # a dated text: a year is carried within its paragraph only
        paragraph = sent.paragraph
        todo = work[k]
        local = carry
        fronted = False
        found: list[DateMatch] = []
        here = _find(sent.text, carry, this_year, False, doc, last, keep_datelines, last_day, *todo,
                     sent.text if digits is text else digits[sent.start:sent.end])
        for m in here:
            if not m.year_explicit and not m.derived and m.error is None and m.unit is None:
                year = None
                if local is not None and local != carry:
                    year = local
                elif local is None and m.date_start is None:
                    year = section_year
                if year is not None:
                    # a year written earlier in this sentence; or, for "that year" left open in a new
                    # paragraph of a dated text, the section's year
                    again = parse_date_expression(m.text, default_year=year, this_year=this_year, document_date=doc)
                    if again is not None and again.error is None and again.date_start is not None:
                        m = replace(again, start=m.start, end=m.end, text=m.text, dateline=m.dateline)
            if m.year_explicit and m.date_start is not None and m.unit != "century" and not m.dateline:
                local = m.date_start.year
                fronted = _FRONTED.match(sent.text, 0, m.start) is not None
            shifted = _moved(m, sent.start)
            if m.date_start is not None:
                if not m.derived and not m.dateline:
                    last = shifted
                if m.precision == "day" and m.unit is None and m.date_start == m.date_end and not m.dateline:
                    last_day = shifted  # _is_day(m)
            found.append(shifted)
        if local is not None:
            section_year = local  # "that year" takes the last year written, wherever it stands
        if news and local != carry and not fronted:
            local = carry  # a dated text: only a year that opens its sentence frames the next ones
        carry = local
        dated[k] = found
    return sentences, dated
