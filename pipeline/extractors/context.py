"""The document view every extractor reads: sentences with their dates resolved.

Dates come from the one recogniser's per-sentence step,
:func:`pipeline.text.dates.sentence_dates`: a date without a year ("On 28 June", "in
April") takes the nearest preceding explicit year (annotation guide, Dates),
first earlier in the same sentence, else from an earlier sentence of the
section (of the paragraph, in a text dated to the month or day); for a range
("the 1981–1982 massacres") the first year is carried. Relative expressions
("two days later", "that day") count from the last date of the section.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import operator
import re
from dataclasses import dataclass, field, replace

from pipeline.text.dates import DateMatch, DocumentDate, dates_by_sentence
from pipeline.text.multiscan import scan_hits
from pipeline.text.segment import Sentence, clauses, strip_span


@dataclass(frozen=True)
class DatedSentence:
    """A sentence and the dates found in it, with absolute offsets.

    ``clauses`` (absolute clause spans, ``pipeline.text.segment.clauses``) are split when first
    asked for: most sentences of a long text are never read clause by clause.
    """

    sentence: Sentence
    dates: tuple[DateMatch, ...]
    rejected: tuple[DateMatch, ...]  # impossible dates, reported, never used
    document: str = field(default="", repr=False, compare=False)  # the whole text the offsets index

    @functools.cached_property
    def clauses(self) -> tuple[tuple[int, int], ...]:
        """The sentence's clause spans, absolute."""
        if not self.document:
            return ()
        return tuple(clauses(self.document, self.sentence.start, self.sentence.end))

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end

    @property
    def text(self) -> str:
        return self.sentence.text


def _shift(m: DateMatch, offset: int) -> DateMatch:
    return replace(m, start=m.start + offset, end=m.end + offset)


_RELATIVE_MONTH = re.compile(
    r"\b(?:(?P<back>(?:the|a) month (?:prior|before|earlier)|the (?:previous|preceding|prior) month)|"
    r"(?P<fwd>(?:the|a) month (?:later|after)|the (?:following|next) month))\b",
    re.IGNORECASE,
)


_MONTH_WORD = re.compile("month", re.IGNORECASE)  # in every match of _RELATIVE_MONTH: a fast path


def _relative_months(sentence: str, ref: DateMatch | None, taken: list[DateMatch], offset: int = 0) -> list[DateMatch]:
    """"The month prior" / "a month later", counted from the last day- or month-precise date.

    ``taken`` are the sentence's dates at offsets shifted by ``offset`` (absolute ones: the
    sentence's start); the result's offsets are relative to the sentence.
    """
    if ref is None or ref.date_start is None or _MONTH_WORD.search(sentence) is None:
        return []
    out = []
    for m in _RELATIVE_MONTH.finditer(sentence):
        if any(d.start < m.end() + offset and m.start() + offset < d.end for d in taken):
            continue
        step = -1 if m.group("back") else 1
        index = ref.date_start.year * 12 + ref.date_start.month - 1 + step
        year, month = divmod(index, 12)
        start = dt.date(year, month + 1, 1)
        end = dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])
        out.append(DateMatch(m.start(), m.end(), m.group(0), start, end, "month", False))
    return out


def _month_words(text: str) -> list[int]:
    """Where ``_MONTH_WORD`` matches in text, in order: ``[m.start() for m in _MONTH_WORD.finditer(text)]``.

    From one Hyperscan scan of the literal "month", caseless, when the wheel is there: exact, as
    no non-ASCII character folds to one of its letters under IGNORECASE (multiscan.CASE_FOLDS) nor
    is scanned as one (the stand-ins are "x", "0", "i", "s", "k", a space, DEL), and a match of
    "month" cannot overlap another, so Hyperscan reports each once, at its end, as ``finditer``
    finds it. The bytes it scans are kept for the scans of the dates, which read the same text
    (pipeline.text.multiscan.scan_bytes).
    """
    ends: list[int] = []
    if not scan_hits(text, ("month",), (True,), lambda _i, _s, end, _f, _c: ends.append(end), (False,)):
        return [m.start() for m in _MONTH_WORD.finditer(text)]
    return [end - 5 for end in ends]


def dated_sentences(
    text: str, this_year: int | None = None, document_date: DocumentDate | None = None
) -> list[DatedSentence]:
    """Segment text and resolve every date expression (``pipeline.text.dates.sentence_dates``).

    Year carrying and relative anchors ("two days later", "the same day", "a month earlier",
    across sentences of the section) are those of the one recogniser; a dateline's date is
    metadata and dates no sentence. Relative months the recogniser leaves open ("the month
    prior") count from the last date of the section given to the day or month.
    """
    # where "month" is written (_MONTH_WORD), and a bound past every sentence: the first of these
    # at or after a sentence's start (months[at], found walking on: the starts only grow) lies in
    # it when it is at or before its end - 5 (the whole word inside)
    months = [*_month_words(text), len(text) + 1]
    at = 0
    sentences, dated = dates_by_sentence(text, document_date, this_year)
    out: list[DatedSentence] = []
    add = out.append
    section = None
    month_ref: DateMatch | None = None
    done = 0  # sentences[:done] are in out
    n = len(sentences)
    for k in [*dated, n]:  # the sentences that may hold a date (in order), then the end
        walk: list[tuple[Sentence, list[DateMatch]]] | tuple[tuple[Sentence, list[DateMatch]], ...] = ()
        if done < k:
            # sentences[done:k] hold no date of the recogniser's. Each gets a relative month only
            # with a reference and "month" inside it: with neither in the run (a reference is set
            # by a date, and only a section opening among them drops it), all are dateless at once.
            last = sentences[k - 1]
            if month_ref is not None:
                first = sentences[done].start
                while months[at] < first:
                    at += 1
            if month_ref is not None and months[at] <= last.end - 5:
                walk = [(sentences[j], []) for j in range(done, k)]
            else:
                if last.section != section:
                    section, month_ref = last.section, None
                # (built by the constructor: an instance whose __dict__ is filled at once is cheaper to
                # make, but CPython 3.11 then reads its attributes through that dict, ~50 % slower,
                # which the extractors pay on every read of a sentence: more than it saves here)
                for sent in sentences[done:k]:
                    add(DatedSentence(sent, (), (), text))
        if k < n:
            done = k + 1
            walk = [*walk, (sentences[k], dated[k])] if walk else ((sentences[k], dated[k]),)
        for sent, found in walk:
            if sent.section != section:
                section, month_ref = sent.section, None
            extra: list[DateMatch] = []  # what _relative_months gives: none without a reference or "month"
            if month_ref is not None:
                start = sent.start
                while months[at] < start:
                    at += 1
                if months[at] <= sent.end - 5:
                    extra = [_shift(m, start) for m in _relative_months(sent.text, month_ref, found, start)]
            if not extra and len(found) < 2:  # (what the loop below gives for none or one)
                if not found:
                    add(DatedSentence(sent, (), (), text))
                    continue
                m = found[0]
                if m.error:
                    add(DatedSentence(sent, (), (m,), text))
                elif m.date_start is not None:
                    if m.precision in ("day", "month"):
                        month_ref = m
                    add(DatedSentence(sent, (m,), (), text))
                else:
                    add(DatedSentence(sent, (), (), text))
                continue
            good: list[DateMatch] = []
            bad: list[DateMatch] = []
            for m in sorted(found + extra, key=_START):
                if m.error:
                    bad.append(m)
                elif m.date_start is not None:
                    good.append(m)
                    if m.precision in ("day", "month"):
                        month_ref = m
            add(DatedSentence(sent, tuple(good), tuple(bad), text))
    return out


_START = operator.attrgetter("start")


def mention_id(prefix: str, source_id: str, start: int, end: int, *parts: object) -> str:
    """Stable id from the source, the evidence span and distinguishing fields."""
    key = "\x1f".join([source_id, str(start), str(end), *(str(p) for p in parts)])
    return f"{prefix}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def within_year(m: DateMatch) -> DateMatch:
    """The whole year of a date that lies within one year; other dates unchanged.

    A sentence that inherits its date from an earlier one reports a later,
    separate occurrence: the same year is what the text supports, not the
    earlier occurrence's day or month.
    """
    if m.date_start is None or m.date_end is None or m.date_start.year != m.date_end.year:
        return m
    if m.precision in ("year", "decade"):
        return m
    year = m.date_start.year
    return replace(m, date_start=dt.date(year, 1, 1), date_end=dt.date(year, 12, 31), precision="year")


def date_fields(m: DateMatch | None, inherited: bool = False) -> dict[str, object]:
    """The date columns of a mention row."""
    if m is None or m.date_start is None:
        return {"date_text": m.text if m else None, "date_start": None, "date_end": None, "date_precision": None,
                "date_inherited": False}
    return {
        "date_text": m.text,
        "date_start": m.date_start,
        "date_end": m.date_end,
        "date_precision": m.precision,
        "date_inherited": inherited,
    }


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past white space and dangling punctuation at its edges."""
    start, end = strip_span(text, start, end, ",;:")
    # A closing bracket whose opening one is outside the span.
    while end > start and text[end - 1] in ")]" and text.count("(", start, end) < text.count(")", start, end):
        start, end = strip_span(text, start, end - 1, ",;:")
    return start, end
