"""The document model: one text, segmented and annotated once, read by every extractor.

Built once per text by :func:`build`:

- ``sentences``: :class:`~pipeline.extractors.context.DatedSentence` (sentence, paragraph,
  section, clauses, resolved dates), from ``pipeline.text.segment`` and ``pipeline.text.dates``;
- ``triggers``: every event trigger (lexicons/events.json), in one pass over the text;
- ``refs``: every reference to the organisation the text is coded for
  (:mod:`pipeline.extractors.organisation`), found in one pass over the whole text;
- ``participates(i, start, end)``: whether the organisation takes part in a statement
  at ``text[start:end]`` of sentence ``i`` (the rule every extractor applies);
  ``may_participate(i)``: whether it can in some statement of sentence ``i`` (an extractor
  skips the other sentences);
- ``jurisdictions_in(start, end)``: the jurisdictions and authorities named in a window
  (``lexicon.JURISDICTION_RE``), from the intervals of one multi-pattern pass over the text
  (:mod:`pipeline.text.multiscan`), built when first asked for;
- ``document_date``: the date the text states for itself (its dateline, or the manifest's), if any;
- ``quantities_in(start, end)``: the quantities of a clause (``pipeline.text.numbers``),
  tokenised once per document and clause, shared by the casualty figures of events and
  the membership figures.

Extractors query these layers by offsets (binary search over sorted spans); none of them
re-segments the text or searches it for the organisation again.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pipeline.extractors import lexicon
from pipeline.extractors.context import DatedSentence, dated_sentences
from pipeline.extractors.lexicon import Trigger, find_triggers
from pipeline.extractors.organisation import Organisation, OrgRef, load, other_groups, references
from pipeline.text.dates import DocumentDate
from pipeline.text.multiscan import EndScanner, Scanner
from pipeline.text.numbers import Quantity, find_quantities

# A paragraph that is an item of a list: a bullet, a dash or a number first.
LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·▪]|\d{1,2}[.)-]\s)")


@dataclass
class Document:
    """One text with its annotation layers (module docstring)."""

    source_id: str
    text: str
    org: Organisation
    sentences: list[DatedSentence]
    refs: list[OrgRef]
    triggers: list[Trigger] = field(default_factory=list)
    document_date: DocumentDate | None = None  # the date the text states for itself (dateline or manifest)
    other_openings: frozenset[int] = frozenset()  # paragraphs whose first sentence has another group as subject
    _ref_starts: list[int] = field(default_factory=list, repr=False)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # per_document results

    def __post_init__(self) -> None:
        self._ref_starts = [r.start for r in self.refs]
        self._trigger_starts = [t.start for t in self.triggers]
        self._sent_starts = [ds.start for ds in self.sentences]
        self._par_refs: set[int] = set()
        self._item_pars: set[int] = set()
        self._intervals: dict[str, list[tuple[int, int]]] = {}  # per lexicon: one pass over the text
        self._quantities: dict[tuple[int, int], list[Quantity]] = {}
        self._cues: dict[str, dict[str, list[int]] | None] = {}  # may_match's pass, per scanner name
        self._index()

    def _layer(self, name: str, scanner: Scanner, start: int, end: int) -> list[re.Match[str]]:
        """The matches of ``scanner.pattern.finditer(text, start, end)``, from one pass of the text."""
        if name not in self._intervals:
            self._intervals[name] = scanner.intervals(self.text)
        return list(scanner.finditer(self.text, start, end, self._intervals[name]))

    def jurisdictions_in(self, start: int, end: int) -> list[re.Match[str]]:
        """The matches of ``lexicon.JURISDICTION_RE.finditer(text, start, end)``."""
        return self._layer("jurisdictions", lexicon.JURISDICTION_SCANNER, start, end)

    def quantities_in(self, start: int, end: int) -> list[Quantity]:
        """The quantities of the clause ``text[start:end]`` (``numbers.find_quantities``), read once
        per document and clause: the events' casualty figures and the membership figures of a clause
        are the same tokens. Offsets are relative to ``start``, as find_quantities gives them."""
        key = (start, end)
        if key not in self._quantities:
            self._quantities[key] = find_quantities(self.text[start:end])
        return self._quantities[key]

    def refs_in(self, start: int, end: int, named_only: bool = False) -> list[OrgRef]:
        """References to the organisation that start in text[start:end]."""
        i = bisect.bisect_left(self._ref_starts, start)
        out = []
        while i < len(self.refs) and self.refs[i].start < end:
            if not named_only or self.refs[i].kind != "generic":
                out.append(self.refs[i])
            i += 1
        return out

    def triggers_in(self, start: int, end: int) -> list[Trigger]:
        """Event triggers that start in text[start:end], in order."""
        i = bisect.bisect_left(self._trigger_starts, start)
        j = bisect.bisect_left(self._trigger_starts, end, i)
        return self.triggers[i:j]

    def participates(self, index: int, start: int | None = None, end: int | None = None) -> bool:
        """Does the organisation take part in the statement of sentence ``index``?

        The organisation is referred to (named, as a wing, leader, site or member, or as
        "the group" once named) in the sentence's paragraph or the paragraph before it
        (a pronoun carries the reference that far, unless the paragraph opens with another group as
        the subject: "Hezbollah, by contrast, remains listed"; :func:`resolve_generic`). A list
        item, or a short line such as an infobox entry, belongs to the paragraph that introduces
        its list: the nearest
        paragraph of prose before the run of items, or the heading above them.
        ``start``/``end`` are accepted for rules that narrow the statement; the
        paragraph is the unit today (measured: a sentence-level test lost a fifth of the
        gold events, which refer to the group by pronoun or by its members).
        """
        p = self.sentences[index].sentence.paragraph
        if p in self._par_refs or ((p - 1) in self._par_refs and p not in self.other_openings):
            return True
        if p not in self._item_pars and (p - 1) not in self._item_pars:
            return False
        q = p - 1
        while q >= 0 and q in self._item_pars:
            if q in self._par_refs:
                return True
            q -= 1
        return q in self._par_refs

    def may_participate(self, index: int) -> bool:
        """Can the organisation take part in some statement of sentence ``index``?

        True whenever ``participates(index, start, end)`` is true for some span of the
        sentence; an extractor skips the other sentences without building candidates.
        """
        return self.participates(index)

    def _index(self) -> None:
        for r in self.refs:
            i = bisect.bisect_right(self._sent_starts, r.start) - 1
            if i >= 0 and r.start < self.sentences[i].end:
                self._par_refs.add(self.sentences[i].sentence.paragraph)
        for ds in self.sentences:
            if ds.sentence.is_heading or LIST_ITEM.match(ds.text):
                self._item_pars.add(ds.sentence.paragraph)

    # --- Events' prefilter layer (issue #13) ------------------------------------------------
    def may_match(self, scanner: EndScanner, group: str, start: int, end: int) -> bool:
        """Can a pattern whose every match holds a match of one of ``scanner``'s parts of ``group``
        match in the clause ``text[start:end]``, taken as a string of its own?

        False only when no match of those parts ends in ``(start, end]``: the scanner's one pass
        over the whole text (kept per document) reports every end, and window-safe parts (no
        ``\\b``, ``^``, ``$``) match in a window exactly where they match in the whole text.
        Always True when the scanner has no engine or its parts are not window-safe.
        """
        try:
            found = self._cues[scanner.name]
        except KeyError:
            found = self._cues[scanner.name] = scanner.ends(self.text) if scanner.window_safe else None
        if found is None:
            return True
        ends = found[group]
        i = bisect.bisect_right(ends, start)  # the first end after start
        return i < len(ends) and ends[i] <= end

    def cue_ends(self, scanner: EndScanner, group: str) -> list[int] | None:
        """The sorted offsets of the text where a match of ``group``'s parts ends (may_match's
        pass), or None when the scanner cannot tell (every window may then match)."""
        self.may_match(scanner, group, 0, 0)
        found = self._cues[scanner.name]
        return None if found is None else found[group]

    def sentence_starts(self) -> frozenset[int]:
        """The offsets at which a sentence starts, as a set (built when first asked)."""
        try:
            return self._sent_start_set
        except AttributeError:
            self._sent_start_set: frozenset[int] = frozenset(self._sent_starts)
            return self._sent_start_set

    def sentence_at(self, pos: int) -> int:
        """Index of the last sentence that starts at or before ``pos`` (-1 if none): the sentence
        holding ``pos`` when one does (sentences are sorted and disjoint)."""
        return bisect.bisect_right(self._sent_starts, pos) - 1

    def trigger_sentences(self) -> set[int]:
        """``{sentence_at(t.start) for t in triggers}``: the sentences holding an event trigger (with -1
        for a trigger before the first sentence, and a trigger between two sentences counted in the one
        before, as sentence_at reads it), one bisection per trigger in a comprehension."""
        starts, right = self._sent_starts, bisect.bisect_right
        return {right(starts, p) - 1 for p in self._trigger_starts}

    def item_paragraphs(self) -> frozenset[int]:
        """The paragraphs that hold a heading or a list item (``LIST_ITEM``), from the index."""
        return frozenset(self._item_pars)


_T = TypeVar("_T")


def per_document(fn: Callable[[Document, int, int], _T]) -> Callable[[Document, int, int], _T]:
    """``fn(doc, start, end)`` computed once per document and span (kept in ``doc.memo``).

    For pure functions of the model and a span, asked again for the same clause (a sentence,
    then its quote; a list item, then as a sibling of the next).
    """
    name = fn.__qualname__

    @functools.wraps(fn)
    def memoised(doc: Document, start: int, end: int) -> _T:
        key = (name, start, end)
        try:
            return doc.memo[key]
        except KeyError:
            doc.memo[key] = value = fn(doc, start, end)
            return value

    return memoised


TOPIC_LEAD = 40  # characters: a group named this near its sentence's start is its subject ("On 2 May 2002, the X ...")
_NAME_WORD = re.compile(r"[A-Z][\w’'-]*")


def resolve_generic(
    org: Organisation, text: str, sentences: list[DatedSentence], refs: list[OrgRef]
) -> tuple[list[OrgRef], frozenset[int]]:
    """The references that stand for ``org``, and the paragraphs that open with another group.

    A generic reference ("the group", "its members") is dropped when another group was named, as the
    subject of an earlier sentence of its paragraph or of the paragraph before, after the last named
    reference to ``org`` ("Hezbollah remains listed. The group was designated in 1997": Hezbollah's
    designation). Such a group is its sentence's subject when it is named within TOPIC_LEAD characters
    of the sentence's start, before any reference to ``org`` in it (other groups:
    ``organisation.other_groups``). A generic reference that is itself a name ("the Hoviyat Group":
    two capitalised words) is another group, not a description of ``org``. The paragraphs returned open
    with another group as the subject of their first sentence (``Document.participates``).
    """
    refs = [r for r in refs if not (r.kind == "generic" and _is_name(r.text))]
    others = other_groups(org, text, refs)
    if not others:
        return refs, frozenset()
    starts = [ds.start for ds in sentences]
    ref_starts = [r.start for r in refs]
    topical: list[tuple[int, int, int]] = []  # (sentence, paragraph, end) of another group as a subject
    for s, e in others:
        i = bisect.bisect_right(starts, s) - 1
        if i < 0 or s >= sentences[i].end or s - sentences[i].start > TOPIC_LEAD:
            continue
        j = bisect.bisect_left(ref_starts, sentences[i].start)
        if j < len(refs) and refs[j].start < s:
            continue  # the organisation comes first in the sentence
        topical.append((i, sentences[i].sentence.paragraph, e))
    topical.sort(key=lambda t: t[2])
    openings = frozenset(p for i, p, _e in topical if i == 0 or sentences[i - 1].sentence.paragraph != p)
    out: list[OrgRef] = []
    last_named = -1
    latest: tuple[int, int, int] | None = None
    t = 0
    for r in refs:
        while t < len(topical) and topical[t][2] <= r.start:
            latest, t = topical[t], t + 1
        if r.kind != "generic":
            last_named = r.end
        elif latest is not None and latest[2] > last_named:
            i = bisect.bisect_right(starts, r.start) - 1
            if i > latest[0] and sentences[i].sentence.paragraph - latest[1] in (0, 1):
                continue  # another group is the topic since the organisation was last named
        out.append(r)
    return out, openings


def _is_name(ref_text: str) -> bool:
    """Whether a generic reference is a name: its last two words capitalised ("the Hoviyat Group")."""
    words = ref_text.split()
    return len(words) >= 2 and words[-2] != "The" and all(_NAME_WORD.fullmatch(w) for w in words[-2:])


def build(
    source_id: str, text: str, org: Organisation | None = None, this_year: int | None = None,
    document_date: DocumentDate | None = None,
) -> Document:
    """The document model of one text, coded for ``org`` (default: the default profile)."""
    org = org or load()
    sentences = dated_sentences(text, this_year=this_year, document_date=document_date)
    refs, openings = resolve_generic(org, text, sentences, references(org, text))
    return Document(source_id, text, org, sentences, refs, find_triggers(text), document_date, openings)
