"""The date a document states for itself: the anchor of its deictic dates ("Friday", "last week").

    document_date(text, published="2014-07-28", precision="day")  -> DocumentDate(..., source="manifest")
    document_date(text)                                            -> from a dateline, or None

Where it comes from, in this order:

1. The manifest's ``published`` (with ``published_precision``), when set: ``source = "manifest"``.
2. Else a dateline or byline near the top of the text (its first ``HEAD_LINES`` non-blank lines,
   at most ``HEAD_CHARS`` characters): ``source = "dateline"``. A line counts when it is

   * a label and a date: ``Updated: July 28, 2014``, ``Posted on 3 March 2016``,
     ``Published 12 May 2011``, ``date 2019-10-23``, ``Last modified: ...``;
   * a dateline: a place (in capitals or with capital initials, one to three words), a comma
     and a date, then the agency or a dash (``WASHINGTON, Aug. 11, 1998 (Reuters) -``,
     ``PARIS, March 3, 2016 —``, ``Geneva, 3 March 2016 --``);
   * a date alone on its line, perhaps with a weekday and a time (``February 5, 2021``,
     ``Fri, 12/12/2008 - 14:04``);
   * a weekday and a date opening the line, then a dash and more (``Thursday, 5 May 2011 -
     Brussels edition``);
   * in the first ``LEAD_LINES`` non-blank lines only, a day-precision date opening the line
     and followed by a colon or a dash, the story running on (``June 3, 2008: Lawmakers ...``);
     further down, such a line is more likely an entry of a chronology.

   The date must have its year written and be given to the day or the month; the first such
   line wins. A dateline without a year ("WASHINGTON, Aug. 11 (Reuters) -") gives no date.
3. Else none: deictic expressions stay unresolved and produce nothing.

The dateline itself is metadata (annotation guide, "Datelines and bylines anchor relative
dates"): it anchors relative dates, and a clause without a date of its own never takes it.
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline.text.dates import DateMatch, DocumentDate, find_dates, parse_date_expression

__all__ = ["HEAD_CHARS", "HEAD_LINES", "LEAD_LINES", "SOURCES", "document_date", "from_manifest", "from_text"]

HEAD_LINES = 8
HEAD_CHARS = 1500
LEAD_LINES = 3
SOURCES = ("manifest", "dateline")

_LABEL = re.compile(
    r"^[^\S\n]*(?:[-–—•*|][^\S\n]*)?(?i:(?:last[^\S\n]+)?(?:updated|modified|posted|published|date[ds]?|issued|released)"
    r"(?:[^\S\n]+(?:on|at))?)[^\S\n]*[:\-–—]?[^\S\n]*"
)
_PLACE = re.compile(
    r"^[^\S\n]*(?:[A-Z][A-Z .'’\-]{1,40}|[A-Z][a-z'’\-]+(?:[^\S\n][A-Z][a-z'’\-]+){0,2})"
    r"(?:,[^\S\n]*[A-Z][A-Za-z.'’ \-]{1,30})?,[^\S\n]*"
)
_AFTER_DATELINE = re.compile(r"[^\S\n]*(?:\([^)\n]{1,40}\)[^\S\n]*)?(?:[-–—_:]|$)")
_DASH_ON = re.compile(r"[^\S\n]*[-–—]+[^\S\n]+\S")  # "... 2011 - Brussels edition"
_LEAD_ON = re.compile(r"[^\S\n]*(?::|[-–—]+)[^\S\n]+\S")  # "June 3, 2008: Lawmakers ..."
_TIME_TAIL = re.compile(r"[^\S\n]*(?:[-–—,|@]?[^\S\n]*(?:at[^\S\n]+)?[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?"
                        r"(?:[^\S\n]*(?i:am|pm|a\.m\.|p\.m\.))?(?:[^\S\n]*[A-Z]{2,4})?)?[^\S\n]*[.]?[^\S\n]*$")
_DIGIT = re.compile(r"\d")
_WEEKDAY_HEAD = re.compile(
    r"^[^\S\n]*(?:[A-Z][a-z]+day|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?)(?![a-z]),?[^\S\n]*"
)


def from_manifest(published: str | None, precision: str | None) -> DocumentDate | None:
    """The manifest's publication date (YYYY, YYYY-MM or YYYY-MM-DD), if set."""
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    prec = precision or {1: "year", 2: "month", 3: "day"}[len(parts)]
    return DocumentDate(day, prec, "manifest")


def parse_date_prefix(s: str) -> DateMatch | None:
    """The date expression that starts s (read on its own: a dateline's date is not read in its text)."""
    for m in find_dates(s):
        if m.start != 0:
            return None
        return parse_date_expression(m.text) or m
    return None


def _dated(line: str, start: int) -> DocumentDate | None:
    """The date that starts at line[start:] if it has a written year and is a day or a month."""
    m = parse_date_prefix(line[start:])
    if m is None or m.error or m.date_start is None or not m.year_explicit or m.precision not in ("day", "month"):
        return None
    if m.date_start != m.date_end and m.precision == "day":
        return None  # a range is no document date
    return DocumentDate(m.date_start, m.precision or "day", "dateline")


def _line_date(line: str, lead: bool = False) -> tuple[DocumentDate, int] | None:
    """A document date stated by this line, with where its date starts, else None.

    ``lead``: the line is one of the first ``LEAD_LINES``, where a date opening the story
    ("June 3, 2008: ...") is its dateline.

    :func:`_read_line_date`, which reads every line, for a line with a digit: every date it gives
    comes from :func:`_dated`, which wants the year written inside the date, and a year is written
    in digits (``pipeline.text.dates`` reads no spelled-out year; tests/test_docdate_fast.py checks
    that it does not), so a line without one (``\\d``: any script's) states no document date."""
    if _DIGIT.search(line) is None:
        return None
    return _read_line_date(line, lead)


def _read_line_date(line: str, lead: bool = False) -> tuple[DocumentDate, int] | None:
    """:func:`_line_date` for any line, read by the rules of the module docstring."""
    label = _LABEL.match(line)
    if label and label.end() > 0 and (d := _dated(line, label.end())):
        return d, label.end()
    place = _PLACE.match(line)
    if place:
        m = parse_date_prefix(line[place.end():])
        if m is not None and _AFTER_DATELINE.match(line, place.end() + m.end) and (d := _dated(line, place.end())):
            return d, place.end()
    head = _WEEKDAY_HEAD.match(line)
    start = head.end() if head else 0
    first = parse_date_prefix(line[start:])
    if first is None:
        return None
    ends_line = _TIME_TAIL.match(line, start + first.end)
    runs_on = (head and _DASH_ON.match(line, start + first.end)) or (
        lead and not head and _LEAD_ON.match(line, start + first.end))
    if ends_line or runs_on:
        d = _dated(line, start)
        if d is not None and (ends_line or head or d.precision == "day"):
            return d, start
    return None


def from_text(text: str) -> DocumentDate | None:
    """The date a dateline or byline near the top of text states, if any (module docstring)."""
    seen = 0
    for line in text[:HEAD_CHARS].splitlines():
        if not line.strip():
            continue
        found = _line_date(line, lead=seen < LEAD_LINES)
        if found is not None:
            return found[0]
        seen += 1
        if seen >= HEAD_LINES:
            break
    return None


def document_date(text: str, published: str | None = None, precision: str | None = None) -> DocumentDate | None:
    """The document date: the manifest's ``published`` if set, else a dateline's, else None."""
    return from_manifest(published, precision) or from_text(text)
