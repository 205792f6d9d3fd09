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

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Sentence:
    """A sentence (or heading line) with its offsets and position in the document."""

    start: int
    end: int
    text: str
    paragraph: int
    section: int
    is_heading: bool


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


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of text, stripped of surrounding white space."""
    return _nonempty(text, [m.span() for m in re.finditer(r"[^\n]+", text)])


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


def segment(text: str) -> list[Sentence]:
    """Split a document into sentences, numbering paragraphs and sections.

    A line that ends without punctuation and is followed by a line starting in
    lower case is the same sentence broken across lines; it is kept whole.
    """
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


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] into clause spans at semicolons and clause-joining commas."""
    spans = []
    s = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > s:
            spans.append((s, m.start()))
        s = m.end()
    if end > s:
        spans.append((s, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]
