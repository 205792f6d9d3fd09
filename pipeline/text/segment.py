"""Segmentation of a raw text into sections, paragraphs, sentences and clauses.

All spans are character offsets into the text exactly as decoded, so that
``text[start:end]`` is always the evidence quote. Nothing here rewrites text.

Decisions:
- A paragraph is a run of non-blank characters between newlines.
- A *heading* is a paragraph that is a wiki heading (``== History ==``) or a
  short line (at most 12 words) that does not end in sentence punctuation.
  Headings open a new section; a date without a year takes its year from the
  same section only (annotation guide, Dates). Infobox-like lines
  ("Founded5 September 1965") are short too: they are still sentences that
  extractors read, they only also open a section.
- Sentences end at ``.``, ``!`` or ``?`` (optionally followed by a closing
  quote or bracket) followed by white space and a capital, digit or quote,
  unless the word before the full stop is a known abbreviation or an initial.
- Bounded work: a stretch of more than ``MAX_SENTENCE`` (2,000) characters
  without a sentence end is cut at the last space before the limit (or at the
  limit if there is none), and a line that long is never a heading.  No prose
  sentence is that long (the longest in ``raw/`` has under 500 characters);
  the cut only matters for pathological input (a 20 MB line without a full
  stop), and it keeps every per-sentence step of the extractors bounded, so
  the run time and memory of extraction are linear in the length of the text.
"""

from __future__ import annotations

import bisect
import dataclasses
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt brig adm gov sen rep st jr sr vs etc inc ltd co corp
    no nos fig al approx dept est u.s u.k u.n e.g i.e a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec
    ca c mt ft ave rev hon pres""".split()
)

_WIKI_HEADING = re.compile(r"^=+\s*(.*?)\s*=+$")
# A full stop may be followed by closing quotes/brackets and citation marks ("[26][note 1]").
_SENT_END = re.compile(r"[.!?][\"'”’)\]]*(?:\[[^\]\n]{1,30}\])*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
MAX_SENTENCE = 2000
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
_LETTERS = _WORD_CHARS - {"."}
# _SENT_END for a search of the whole text (segment): its look-ahead's white space stays on the line
# (``[^\S\n]`` for ``\s``) and is captured (group 1), so the next sentence starts at the group's end.
_SENT_END_LINE = re.compile(_SENT_END.pattern.replace(r"(?=\s+", r"(?=([^\S\n]+)", 1))
# _SENT_END_LINE for the matches that open with one mark: a pattern opening with a literal is searched
# several times faster than one opening with the class [.!?] (_sentence_ends).
assert _SENT_END_LINE.pattern.startswith("[.!?]")
_SENT_END_AT = {c: re.compile(re.escape(c) + _SENT_END_LINE.pattern[len("[.!?]"):]) for c in ".!?"}

# Where a line may open in lower case (str.islower): a-z, or any character that is not ASCII.
_LOWER_LINE = re.compile(r"\n\s*[a-z\x80-\U0010ffff]")
_LOWER_START = re.compile(r"[a-z\x80-\U0010ffff]")  # the same test of the first characters of lines
_first = operator.itemgetter(0)
_match_span = re.Match.span
_NOT_HEADING_END = frozenset(".!?:;,\"”’")  # a line ending in one of these is no heading (is_heading)


@dataclass(frozen=True)
class Sentence:
    """A sentence (or heading line) with its offsets and position in the document."""

    start: int
    end: int
    text: str
    paragraph: int
    section: int
    is_heading: bool


# The names of Sentence's fields, in order: segment sets them in a new Sentence's __dict__ (what the
# generated __init__ does, one checked assignment at a time).
_F0, _F1, _F2, _F3, _F4, _F5 = (f.name for f in dataclasses.fields(Sentence))


def strip_span(text: str, start: int, end: int, chars: str = "") -> tuple[int, int]:
    """Shrink text[start:end] past white space (and any of chars) at both edges."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def _nonempty(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    stripped = (strip_span(text, a, b) for a, b in spans)
    return [(a, b) for a, b in stripped if b > a]


# A non-blank line without the white space at its edges: from its first non-space character to its
# last (``\s`` is true of exactly the characters ``str.isspace`` is: tests/test_segment_fast.py).
_LINE = re.compile(r"\S(?:[^\n]*\S)?")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of text, stripped of surrounding white space.

    The same spans as stripping every run of ``[^\n]+`` with :func:`strip_span` and dropping the
    empty ones: a match of ``_LINE`` starts at a line's first non-space character and ends at its
    last (the rest of a line is white space, which the next search skips with the newline)."""
    return list(map(_match_span, _LINE.finditer(text)))


def is_heading(line: str) -> bool:
    """True for a wiki heading or a short line without closing punctuation."""
    if len(line) > MAX_SENTENCE:
        return False
    if _WIKI_HEADING.match(line):
        return True
    stripped = line.rstrip()
    if not stripped or stripped[-1] in ".!?:;,\"”’":
        return False
    return len(stripped.split()) <= 12


def _word_start(text: str, dot: int) -> int:
    """Start of the run of ASCII letters and full stops that ends at ``dot``.

    ``_WORD_BEFORE.search(text, 0, dot)`` gives the same match as a search from this
    position (no match can start before it), but scanning from 0 made segmentation
    quadratic in the length of the text.  (``$`` also matches before a newline at ``dot``.)
    """
    i = dot - 1 if dot and text[dot - 1] == "\n" else dot
    while i > 0 and text[i - 1] in _WORD_CHARS:
        i -= 1
    return i


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, _word_start(text, dot), dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # A single capital initial ("J. Smith") or a dotted acronym ("U.S.").
    if len(word) == 1 and m.group(1)[0].isupper():
        return True
    return "." in word and all(len(p) <= 2 for p in word.split("."))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end], stripped of white space."""
    end = len(text) if end is None else end
    spans = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        spans.append((s, m.end()))
        s = m.end()
    spans.append((s, end))
    return _nonempty(text, _cap(text, spans))


def _cap(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut spans longer than MAX_SENTENCE at the last space before the limit (module docstring)."""
    out = []
    for s, e in spans:
        while e - s > MAX_SENTENCE:
            cut = text.rfind(" ", s + 1, s + MAX_SENTENCE)
            cut = cut if cut > s else s + MAX_SENTENCE
            out.append((s, cut))
            s = cut
        out.append((s, e))
    return out


def _join_broken_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge a line with the next when a sentence runs on across the line break."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and text[s].islower() and text[out[-1][1] - 1] not in ".!?:;":
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _new_sentence(start: int, end: int, text: str, paragraph: int, section: int, is_heading: bool,
                  _new: Any = object.__new__) -> Sentence:
    """``Sentence(...)``, its fields set in its ``__dict__`` at once (not by six checked assignments)."""
    s = _new(Sentence)
    d = s.__dict__
    d[_F0], d[_F1], d[_F2], d[_F3], d[_F4], d[_F5] = start, end, text, paragraph, section, is_heading
    return s


def _may_join(text: str, lines: list[tuple[int, int]]) -> bool:
    """False when :func:`_join_broken_lines` would keep ``lines`` (the text's paragraphs) as they are.

    A line joins the one before only if it opens in lower case (``str.islower``: an ASCII letter
    a-z or another script's), so only when a line after the first opens with a-z or a character
    that is not ASCII (``_LOWER_START``, read in the string of the lines' first characters). The
    lines after the first are those ``_LOWER_LINE`` looks at, and more: it may say True where this
    says False (a first line after a newline), never the other way round."""
    return _LOWER_START.search("".join(map(text.__getitem__, map(_first, lines[1:])))) is not None


def _sentence_ends(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_SENT_END_LINE.finditer(text)``, from one search per mark (``_SENT_END_AT``).

    Each search gives the matches that open with its mark, as ``finditer`` does, skipping only
    positions inside a match of its own. When no two matches of the three searches overlap, their
    union in order is the matches of the one search: going left to right from the end of the last
    match, the one search's next match is at the first position where the pattern matches, and the
    search of that position's mark has it (a position it skipped lies inside one of its own matches,
    which is then a match before it). When two overlap (a citation bracket holding a mark), the one
    search runs instead."""
    dots = _SENT_END_AT["."].finditer(text)
    if "!" not in text and "?" not in text:
        return dots
    others = [*_SENT_END_AT["!"].finditer(text), *_SENT_END_AT["?"].finditer(text)]
    if not others:
        return dots
    others.sort(key=_match_start)
    dotted = list(dots)
    out: list[re.Match[str]] = []
    placed = []  # where each of the others is in out
    k = 0
    for m in others:  # the dots' list copied in runs between the others (linear in its length)
        j = bisect.bisect_left(dotted, m.start(), k, key=_match_start)
        out += dotted[k:j]
        placed.append(len(out))
        out.append(m)
        k = j
    out += dotted[k:]
    for i in placed:
        m = out[i]
        if (i and out[i - 1].end() > m.start()) or (i + 1 < len(out) and out[i + 1].start() < m.end()):
            return _SENT_END_LINE.finditer(text)
    return iter(out)


def _match_start(m: re.Match[str]) -> int:
    return m.start()


def _abbreviation_at(text: str, dot: int) -> bool:
    """:func:`_is_abbreviation`, for the usual word before a full stop without walking back over it.

    When the characters from the last space before ``dot`` (at most 24 back) to ``dot`` are ASCII
    letters, they are the word :func:`_is_abbreviation` reads (a space cannot be part of it), and
    without a dot in it, its rules come down to: listed, or one capital. Otherwise (no such space,
    a dot or another character in the word), :func:`_is_abbreviation` itself answers."""
    if dot and text[dot - 1] in _LETTERS:
        space = text.rfind(" ", dot - 24 if dot > 24 else 0, dot)
        if space >= 0:
            word = text[space + 1:dot]
            if word.isalpha() and word.isascii():
                return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())
    return _is_abbreviation(text, dot)


def segment(text: str) -> list[Sentence]:
    r"""Split a document into sentences, numbering paragraphs and sections.

    A line that ends without punctuation and is followed by a line starting in
    lower case is the same sentence broken across lines; it is kept whole.

    The sentence ends come from one search of the whole text (``_SENT_END_LINE``) instead of one
    per paragraph (:func:`_segment_plain`, which :func:`split_sentences` each paragraph;
    tests/test_segment_fast.py compares them). Why the matches are the same: a match's own
    characters never pass its paragraph's end (after the first they are not white space, or end
    in a ``]`` on the same line), and its look-ahead, where ``_SENT_END`` reads ``\s+``, reads white
    space up to a newline only. Where ``\s+`` would cross a newline, either that is the end of the
    paragraph (whose own search stops there and finds no sentence end) or the next line belongs
    to the same paragraph, which it joins because it starts in lower case (no sentence end
    either). So at every position of a paragraph the whole-text search matches as the paragraph's
    own search does, and both go on from the same position. A sentence longer than
    ``MAX_SENTENCE`` is cut by ``_cap`` as before (its span as split_sentences has it, from the
    end of the sentence before).
    """
    out: list[Sentence] = []
    append = out.append
    new = _new_sentence
    blank = object.__new__
    not_heading_end, longest, n, cls = _NOT_HEADING_END, MAX_SENTENCE, len(text), Sentence
    ends = _sentence_ends(text)
    m = next(ends, None)
    at = m.start() if m is not None else n  # where the next sentence end found starts
    section = 0
    lines = paragraphs(text)
    joined = _join_broken_lines(text, lines) if _may_join(text, lines) else lines
    for p_index, (ps, pe) in enumerate(joined):
        if text[ps] == "=" or text[pe - 1] not in not_heading_end:
            line = text[ps:pe]
            if is_heading(line):
                section += 1
                append(new(ps, pe, line, p_index, section, True))
                while at < pe:
                    m = next(ends, None)
                    at = m.start() if m is not None else n
                continue
        s = last = ps  # where the next sentence starts (stripped), and where the last one ended
        while at < pe:
            e = m.end()
            if text[at] != "." or not _abbreviation_at(text, at):
                if e - last > longest:
                    out.extend(new(a, b, text[a:b], p_index, section, False)
                               for a, b in _nonempty(text, _cap(text, [(last, e)])))
                else:
                    sentence = blank(cls)  # Sentence(...) without its six checked assignments
                    d = sentence.__dict__
                    d[_F0], d[_F1], d[_F2], d[_F3], d[_F4], d[_F5] = s, e, text[s:e], p_index, section, False
                    append(sentence)
                s = m.end(1)
                last = e
            m = next(ends, None)
            at = m.start() if m is not None else n
        if pe - last > longest:
            out.extend(new(a, b, text[a:b], p_index, section, False)
                       for a, b in _nonempty(text, _cap(text, [(last, pe)])))
        else:
            sentence = blank(cls)
            d = sentence.__dict__
            d[_F0], d[_F1], d[_F2], d[_F3], d[_F4], d[_F5] = s, pe, text[s:pe], p_index, section, False
            append(sentence)
    return out


def _segment_plain(text: str) -> list[Sentence]:
    """:func:`segment` the plain way, paragraph by paragraph (the reference its tests compare with)."""
    out: list[Sentence] = []
    section = 0
    for p_index, (ps, pe) in enumerate(_join_broken_lines(text, paragraphs(text))):
        line = text[ps:pe]
        heading = is_heading(line)
        if heading:
            section += 1
            out.append(Sentence(ps, pe, line, p_index, section, True))
            continue
        for s, e in split_sentences(text, ps, pe):
            out.append(Sentence(s, e, text[s:e], p_index, section, False))
    return out


_CLAUSE_BREAK = re.compile(
    r"\s*\((?=(?:[^()\s]+\s+){2,}[^()]*\))|\s+[-–—]\s+|;\s+|:\s+(?=[A-Z])|"
    r",\s+(?=(?:and|but|while|whereas|before|after|followed by|then|when|where|which|"
    r"who|having|only to|as well as|although|though|whilst|lastly|finally)\b)|\s+(?=(?:and then|but)\s)"
)


# _CLAUSE_BREAK with the same matches at every position, written so that each alternative opens with a
# character class or a literal: the search then skips, in C, every position whose character opens none
# (the written form opens with ``\s*``, so every position was tried against every alternative).
# The alternatives that open with white space (the bracket, the dash, "and then"/"but") share it:
# their white space is a whole run (what follows it is no white space), so at a given position they
# match in the same order; ``\s\s*`` is ``\s+``; the bracket without white space before it is its own.
_LA_BRACKET = r"(?=(?:[^()\s]+\s+){2,}[^()]*\))"
_CLAUSE_BREAK_FAST = re.compile(
    r"\s\s*(?:\(" + _LA_BRACKET + r"|[-–—]\s+|(?=(?:and then|but)\s))|\(" + _LA_BRACKET + r"|;\s+|:\s+(?=[A-Z])|"
    r",\s+(?=(?:and|but|while|whereas|before|after|followed by|then|when|where|which|"
    r"who|having|only to|as well as|although|though|whilst|lastly|finally)\b)"
)


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] into clause spans at semicolons and clause-joining commas.

    The spans of :func:`_clauses_plain`, from ``_CLAUSE_BREAK_FAST`` (tests/test_segment_fast.py);
    a span whose first character is no white space is not blank, so only the others are stripped."""
    spans = []
    s = start
    for m in _CLAUSE_BREAK_FAST.finditer(text, start, end):
        b = m.start()
        if b > s:
            spans.append((s, b))
        s = m.end()
    if s == start and not spans:  # no break: the span itself, if not blank
        return [(start, end)] if end > start and (not text[start].isspace() or text[start:end].strip()) else []
    if end > s:
        spans.append((s, end))
    return [(a, b) for a, b in spans if not text[a].isspace() or text[a:b].strip()]


def _clauses_plain(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """:func:`clauses` with ``_CLAUSE_BREAK`` as written (the reference its tests compare with)."""
    spans = []
    s = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > s:
            spans.append((s, m.start()))
        s = m.end()
    if end > s:
        spans.append((s, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]
