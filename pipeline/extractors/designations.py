"""Designation mentions: listing acts on terrorist lists (annotation guide, Designations).

Vocabulary is data: lexicons/designations.json (actions, verb patterns, context words) and
lexicons/jurisdictions.json (authorities and countries), loaded by ``lexicon``. Every row
names the rule that made it (``rule_id``; rules/designations.json lists them with examples).

Rules, all general:
- The unit read is a sentence; a sentence broken across lines of a hard-wrapped text
  ("... that the\\nGroup should ...") is joined again. A unit is read only if it speaks of a
  list (terrorist, FTO, designation, proscription, ban, delisting) or of a court
  overturning a freeze of funds, or continues a paragraph that does.
- Each clause gets the action of its listing verb, by precedence (court upholds an
  annulment; a listing upheld; court annulment; refusal to delist; delisting; continuation;
  renewal; standing status; listing): a verb inside a reaction ("condemned the delisting",
  "welcomed the decision of X to designate"), after a negation ("did not list", "refused to
  annul") or after a modal or a wish ("should be revoked",
  "whether to list", "urged X to delist") is not an act. A clause without a verb of its own
  inherits the previous clause's ("followed by the Council ..."); "did the same" takes the
  act of the clause, or the first act of the sentence, before it. A clause is also cut
  between a listing and its renewal, and at an "and" between two dated objects of one verb
  ("listed its wing in 2003 and the entire group in 2021") or between enumerated dates
  ("re-listed on 4 May 2005, 3 May 2007 and 1 May 2009"): one act a date. List items after a
  listing line ending in ":" that names no jurisdiction ("Countries that have banned X:",
  "* Kenya, since 2004") take its act.
- Jurisdictions are the authorities and countries named in the clause, as subject (not
  governed by a preposition or the object of pressure: "pressured by Washington"), as agent
  after the verb ("by", "in"), as owner of the list or decision ("an EU decision", "the
  U.K.'s list"), coordinated with one of those, or as "U.S.-designated". A name inside a
  reference to the organisation ("... of Iran" in its name) or before "-based" / "-led" is
  not one. "In delisting X, the US noted ..." (adverbial gerund): the subject after the
  comma; a gapped clause ("..., and Israel since 1998") names its subject. With none, the
  clause takes the previous clause's, a relative clause its antecedent ("Canada and Japan,
  which consider X a terrorist group"), else the one jurisdiction a named list belongs to
  ("a Foreign Terrorist Organization": US), else, if the clause has a date of its own, the
  previous listing sentence's in the paragraph (without one it only re-reports that act);
  else the jurisdiction whose name heads the section ("United Kingdom"); a court with no
  country named takes the last jurisdiction of the text; "the Council" is the EU or the UN,
  whichever was named last. A name after a date with a date of its own is a gapped subject
  ("The UK banned X in 2001, Australia in 2003"); a parenthesis does not break a chain ("the
  US (since 1997), the UK (2001)"); "countries, including the US, ..." names the US.
- The organisation must take part (rule de.participation: ``doc.participates``, or a news
  lead describing "an Iranian group" that the next paragraph names), and be the party
  listed: the object of an active verb, or the subject of a passive one, refers to it,
  describes a group or names the listing ("lifted the ban"); "the EU listed Hamas",
  "sanctions on Iran", "its newspapers were banned", "three ABC financiers", "a ban on its
  television channel", "its ally, the Red Brigade, was listed" are not its designations;
  "the military wing" is its own.
- A nominal act ("the removal of X from the list in 2009") needs a date inside its phrase;
  without one it is a back-reference ("justify the designation").
- Each jurisdiction takes the first date between it and the next jurisdiction, else the
  nearest date before it in the clause, else the clause's date, else a date that opens the
  sentence in a clause without an act ("June 23, 2008: lawmakers removed ..."), else (an
  undated past act) the last date of an earlier sentence about listings in its paragraph
  (not the date of another kind of occurrence); a standing status (present
  tense, "classify ... as", "remains on", "a group designated as", "X is a listed entity in
  Canada") stays undated. An undated act of a release takes the "today" of one of the next two
  sentences of its paragraph that speak of the act ("These actions are effective today."). A
  year inside a law's name ("the Terrorism Act 2000") dates nothing; a law that only one
  jurisdiction has names it (lexicons/jurisdictions.json, list_terms).
- One mention per (clause, jurisdiction, action); an undated status once per sentence.

Speed (issue #13), every skip exact (each function's docstring says why): one Hyperscan pass per
text (_document_spans) finds the list and court words without which a unit cannot be about a list,
the leading parts of the list-context patterns and the names of lists; a unit without those words is
skipped before any per-unit work unless it continues a paragraph about listings, and a run of such
units is jumped over at once, to the first unit that can overlap a word (_skipped applies what the
run changes) (``extract_designations(doc, prefilter=False)`` reads every unit: the tests compare both). A unit
read gets one pass of its own for the listing verbs and, when a clause asks, the jurisdictions
(_Verbs); each verb pattern is confirmed by Python only where its leading parts occur, once per window.
A unit's clauses are split only once the organisation takes part and a listing verb can match; the
caseless tests before a search (_may_hold, _COMMON_CUE) skip it only where its words cannot occur.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.extractors import lexicon
from pipeline.extractors.context import date_fields, mention_id, trim_span
from pipeline.extractors.model import LIST_ITEM, Document
from pipeline.text.dates import DateMatch, parse_date_expression
from pipeline.text.multiscan import CASE_FOLDS, MultiScanner, leading_parts

_LEX = lexicon.DESIGNATION_LEXICON
_I = re.IGNORECASE


def _ci(key: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{lexicon._spaces(_LEX[key])})(?![^\W\d_])", _I)


_NOT_ACTOR = re.compile(rf"\b(?:{_LEX['not_actor']})\s+(?:the\s+|its\s+|former\s+)*$", _I)
# After the listing verb, an actor is introduced by "by", "in" right after the
# verb ("lifted in Canada"), or names whose list it is ("the lists of the US").
_AGENT_AFTER = re.compile(rf"(?:{_LEX['agent_after']})\s+(?:(?:the|an?)\s+)?$", _I)
_CLAUSE_AGENT = re.compile(_LEX["clause_agent"], _I)
_LIST_OWNER = re.compile(rf"^(?:'s|’s)?\s+{lexicon._JUR['list_nouns']}\b", _I)
_ATTRIBUTIVE = re.compile(_LEX["attributive_suffix"], _I)
_NOT_JURISDICTION = re.compile(_LEX["not_jurisdiction_suffix"], _I)
# "In Canada, the group was listed ...", "lawmakers in Britain removed ...": "in" names the actor.
_IN_ACTOR = re.compile(rf"(?:^\W*|(?:{lexicon._JUR['body_nouns']})\s+)in\s+(?:the\s+)?$")
_BY_COLON = re.compile(r"\bby\s*:\s*$", _I)
_GAPPED = re.compile(r"\W*(?:(?:and|or|but|while|as did|as has|followed by)\s+)?(?:the\s+)?$", _I)
# "the Supreme Court of India", "the Ministry of Interior of Jordan": the country's body acts.
_BODY_OF = re.compile(_LEX["body_of"])
_ADVERBIAL = re.compile(r"^\W*(?:in|by|upon|on|after|when|while|before)\s+$", _I)
_AFTER_COMMA = re.compile(r",\s+(?:the\s+)?$")
# "the US (since 1997), the UK (2001) and Canada": a parenthesis after a name does not break the chain.
_CHAIN = re.compile(
    r"^(?:\s*\([^()]{1,30}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)(?:the\s+|by\s+(?:the\s+)?|in\s+)?$")
# "The UK banned X in 2001, Australia in 2003 and ...": a name after a date, with its own date, is gapped.
_AFTER_DATE = re.compile(r"\d\)?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?$")
# A date in a reason phrase ("listed … for its killing of … during the 1970s") dates the reason.
_REASON = _ci("reason")
_REACTION = _ci("reaction")
# "designated the military wing": a wing of the organisation, which the participation rule admits.
_WING_OBJECT = re.compile(_LEX["wing_object"], _I)
_NOT_THE_PARTY = re.compile(_LEX["not_the_party_after"])
# Statuses that are not terrorist-list acts (annotation guide, Designations).
_NOT_A_LIST = _ci("not_a_list")
_PRESENT_STATUS = _ci("present_status")
_PARTICIPLE_STATUS = re.compile(rf"\b(?:{_LEX['participle_status']})", _I)
# "X is a listed terrorist entity in Canada", "X became a proscribed organisation": a status of the subject.
_ATTRIBUTIVE_STATUS = re.compile(_LEX["attributive_status"], _I)
_ENTITY_AFTER = re.compile(_LEX["entity_after"], _I)
# "Several countries, including the US, Canada and Israel, have designated X": the first name acts too.
_LISTING_AMONG = re.compile(_LEX["listing_among"], _I)
_COURT_FREEZE = _ci("court_freeze")
_COURT = _ci("court")
_FOLD = str.maketrans(CASE_FOLDS)  # the non-ASCII letters IGNORECASE matches to ASCII ones
_COURT_UNDOES = re.compile(r"\b(?:annul\w*|overturn\w*|quash\w*|set aside|struck down|strikes? down|invalidat\w*)", _I)
_IRREALIS_BEFORE = re.compile(_LEX["irrealis_before"], _I)
_NEGATION_BEFORE = re.compile(_LEX["negation_before"], _I)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:(?:\w+ly|also|still|not|then|now|once|later|first)\s+)*$",
    _I,
)
_AGENT_NEXT = re.compile(r"\s+by\b", _I)
_TERMINAL = ".!?:;\"”’)]"
_JOIN = re.compile(r",\s+|\s+(?:and|but|before|after|then)\s+")
_COURT_RULES = {"de.court_upholds", "de.court_annulment"}
_STATE_APPEAL = re.compile(r"\ballow\w*\s.*\b(?:government|minister|secretary|state|department|council|crown"
                           r"|prosecution|prosecutors?)(?:'s|’s)\s", _I)


def _stems_of(key: str, written: str, stems: tuple[str, ...]) -> tuple[str, ...] | None:
    """``stems`` (ASCII lower-case) if lexicon entry ``key`` is still the pattern ``written`` they were
    read from (each match of it holds one of them), else None (no prefilter: the pattern decides)."""
    return stems if _LEX[key] == written else None


# What every match of these caseless patterns holds (_may_hold): a word of each alternative.
_NOT_A_LIST_STEMS = _stems_of(
    "not_a_list", "protected persons?|Geneva Conventions?|noncombatants?|refugee status|asylum",
    ("protected", "geneva", "noncombatant", "refugee", "asylum"))
_REACTION_STEMS = _stems_of(
    "reaction",
    "(?:condemn|critici[sz]|welcom|oppos|protest|denounc|prais|reject|celebrat|fought|fight\\w*|challeng|contest|lament"
    "|deplor)\\w*\\s+(?:[\\w’'-]+\\s+){0,3}?(?:de-?)?(?:listing|designation|removal|decision|delisting|move)\\b"
    "(?!\\s+(?:request|petition|application|bid|appeal))(?:(?:\\s+(?:of|by|in|on|last|this)\\s+[^.;,]{0,60}?)?\\s+to"
    "\\s+[\\w-]+)?",
    ("condemn", "critici", "welcom", "oppos", "protest", "denounc", "prais", "reject", "celebrat", "fought", "fight",
     "challeng", "contest", "lament", "deplor"))
_REVIEW = _ci("review")  # "ordered X to review the designation": a review of a listing, not the act
_REVIEW_STEMS = _stems_of(
    "review",
    "(?:review(?:s|ed|ing)?|reconsider(?:s|ed|ing|ation)?|re-?examin(?:e|es|ed|ing|ation)|revisit(?:s|ed|ing)?"
    "|reassess(?:es|ed|ing|ment)?|re-?evaluat(?:e|es|ed|ing|ion)|appeal(?:s|ed|ing)? against|appeal(?:ed|ing))\\s+"
    "(?:(?!(?:and|or|but|then)\\b)[\\w’'-]+\\s+){0,4}?(?:de-?)?"
    "(?:listing|designation|proscription|ban|removal|delisting|decision)\\b",
    ("review", "reconsider", "examin", "revisit", "reassess", "evaluat", "appeal"))
_COURT_FREEZE_STEMS = _stems_of("court_freeze", "freez\\w*|frozen|funds|assets", ("freez", "frozen", "funds", "assets"))
# IRREALIS_RE: a word of the first group, then an object stem of the last.
_WISH_STEMS = _stems_of(
    "irrealis",
    r"(?:campaign\w*|lobb\w*|efforts?|push\w*|bid|sought|seek\w*|request\w*|petition\w*|call(?:s|ed)? for|urg\w*"
    r"|want\w*|aim\w*|hop\w*|tried|trying|attempt\w*|support base|pressure\w*|advocat\w*|calling)\b[^.;]{0,40}?"
    r"\b(?:to (?:be )?|for (?:the )?)(?:de-?list|remov|lift|drop|tak)\w*",
    ("campaign", "lobb", "effort", "push", "bid", "sought", "seek", "request", "petition", "call", "urg", "want", "aim",
     "hop", "tried", "trying", "attempt", "support", "pressure", "advocat"))
_WISH_OBJECTS = None if _WISH_STEMS is None else ("list", "remov", "lift", "drop", "tak")
# _IRREALIS_BEFORE: each alternative holds one of its modal, conditional, intention or request words.
_IRREALIS_BEFORE_STEMS = _stems_of(
    "irrealis_before",
    r"(?:should|would|could|might|may|will|shall|must|can)\s+(?:not\s+)?(?:still\s+)?(?:be\s+|have\s+(?:been\s+)?)?"
    r"(?:\w+ly\s+)?(?:re-)?$|\b(?:whether|if|unless)\b[^.;]*$|\b(?:set|expected|plans?|planned|planning|intends?"
    r"|intended|proposed|proposes|threatened|threatens|wants?|wanted|hopes?|hoped)\b[^.;]{0,60}\bto\s+(?:\w+\s+){0,2}$"
    r"|\b(?:urge|urges|urging|urged(?!\s+by)|asks?|asking|asked(?!\s+by)|calls? on|called on|calling on|calls? upon"
    r"|called upon)\b[^.;]*\bto\b[^.;]*$"
    r"|\b(?:propos(?:ed|es|ing|al)|consider(?:ed|s|ing)|discuss(?:ed|es|ing)|debat(?:ed|es|ing))\s+(?:re-?)?$",
    ("should", "would", "could", "might", "may", "will", "shall", "must", "can", "whether", "if", "unless", "set",
     "expected", "plan", "intend", "propos", "threaten", "want", "hope", "urg", "ask", "call", "consider", "discuss",
     "debat"))
_COURT_UNDOES_STEMS = ("annul", "overturn", "quash", "set aside", "struck down", "strike", "invalidat")  # _COURT_UNDOES


def _may_hold(s: str, stems: tuple[str, ...] | None) -> bool:
    """Can a caseless pattern, each of whose matches holds one of ``stems``, match in ``s``? False only
    when none occurs in ``s.lower()``. Exact: a caseless match of a stem is ASCII letters (and spaces)
    unless ``s`` holds one of multiscan.CASE_FOLDS (then True), and each lower-cases to one character,
    so the stem occurs in ``s.lower()``. (An ASCII text holds none of CASE_FOLDS: ``str.isascii`` is one flag.)"""
    if stems is None or (not s.isascii() and any(c in s for c in CASE_FOLDS)):
        return True
    lower = s.lower()
    return any(w in lower for w in stems)
# "These actions are effective today.": a later sentence of the paragraph dates an undated act.
_TODAY = re.compile(rf"^(?:{_LEX['today_words']})$", _I)
_TODAY_FOLLOWUP = _ci("today_followup")
# "the Terrorism Act 2000", "the Criminal Code Act 1995": the year names a law, it dates no act.
_LAW_YEAR = re.compile(_LEX["law_year_before"])


@dataclass
class _Unit:
    """One sentence, or a sentence a hard-wrapped text broke across lines."""

    first: int
    last: int
    start: int
    end: int
    dates: list[DateMatch]
    clauses: list[tuple[int, int]]
    par_first: int
    par_last: int


@dataclass
class _Act:
    action: str
    rule: str
    form: str
    pos: int


_NOT_NOMINAL = {k for k, (_a, _r, form, _c, _p) in enumerate(lexicon.DESIGNATION_VERBS) if form != "nominal"}


class _Verbs:
    """The matches of each listing verb (lexicon.DESIGNATION_VERBS), and of the jurisdictions, in
    windows of one unit.

    ``find(k, cs, ce)`` is ``DESIGNATION_VERBS[k]``'s ``pattern.finditer(text, cs, ce)``, computed once
    per window, ``jurisdictions(cs, ce)`` ``doc.jurisdictions_in(cs, ce)``; the candidates come from one
    Hyperscan pass over the unit's text (lexicon.DESIGNATION_VERB_SCANNER; lexicon.JURISDICTION_SCANNER,
    when first asked): the parts of the patterns have no \\b or look-around, so a part inside a window
    of the unit matches there in the unit's text as in the whole text.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self._found: dict[tuple[int, int, int], list[re.Match[str]]] = {}
        self._names: list[tuple[int, int]] | None = None  # the jurisdictions' intervals, when first asked
        spans = self._spans = lexicon.DESIGNATION_VERB_SCANNER.window_intervals(text, start, end)
        # The patterns that can match in a window of the unit: those with a leading part in it.
        self.live = (list(range(len(lexicon.DESIGNATION_VERBS))) if spans is None
                     else [k for k, iv in enumerate(spans) if iv is None or iv])
        self._live = set(self.live)

    def find(self, k: int, cs: int, ce: int) -> list[re.Match[str]]:
        """The matches of verb pattern ``k`` in text[cs:ce] (a window inside the unit)."""
        if k not in self._live and self.start <= cs and ce <= self.end:
            return []  # no leading part of the pattern in the unit
        key = (k, cs, ce)
        found = self._found.get(key)
        if found is None:
            inside = self._spans is not None and self.start <= cs and ce <= self.end
            spans = self._spans[k] if inside and self._spans is not None else None
            found = list(lexicon.DESIGNATION_VERB_SCANNER.finditer(k, self.text, cs, ce, spans))
            self._found[key] = found
        return found

    def jurisdictions(self, doc: Document, cs: int, ce: int) -> list[re.Match[str]]:
        """``doc.jurisdictions_in(cs, ce)``, from the unit's pass when the window is inside the unit."""
        scanner = lexicon.JURISDICTION_SCANNER
        if scanner.engine != "hyperscan" or not (self.start <= cs and ce <= self.end):
            return doc.jurisdictions_in(cs, ce)
        if self._names is None:
            s = self.start
            self._names = [(a + s, b + s) for a, b in scanner.intervals(self.text[s : self.end])]
        return list(scanner.finditer(self.text, cs, ce, self._names))


def _wrapped_line(line: str) -> bool:
    """A "heading" that is a long line of hard-wrapped prose cut mid-sentence, not a title or a dateline."""
    line = line.strip()
    return "\n" not in line and len(line) >= 50 and not line.isupper() and not line[-1:].isdigit()


def _runs_on(doc: Document, index: int) -> bool:
    """Does sentence ``index`` continue sentence ``index - 1`` (the end of a unit) across a single line
    break? Only asked when it opens the next paragraph (the cheapest test, made by the caller)."""
    prev, cur = doc.sentences[index - 1].sentence, doc.sentences[index].sentence
    gap = doc.text[prev.end : cur.start]
    if gap.count("\n") != 1 or gap.strip():
        return False
    head = prev.text.rstrip()
    return bool(
        head
        and (head[-1] not in _TERMINAL or cur.text[:1].islower())
        and (not prev.is_heading or _wrapped_line(doc.text[prev.start : prev.end]))
        and (not cur.is_heading or _wrapped_line(doc.text[cur.start : cur.end]))
        and not head.isupper()
    )


def _unit(doc: Document, first: int, last: int, clauses: bool = True) -> _Unit:
    """The unit of sentences first..last: its span, dates and clauses (the last clause of a sentence
    and the first of the next are one clause across the line break; ``clauses=False``: none yet, the
    caller sets them with :func:`_unit_clauses` when it reads them)."""
    sents = doc.sentences
    dates: list[DateMatch] = []
    for ds in sents[first : last + 1]:
        dates.extend(ds.dates)
    a, b = sents[first], sents[last]
    return _Unit(first, last, a.start, b.end, dates, _unit_clauses(doc, first, last) if clauses else [],
                 a.sentence.paragraph, b.sentence.paragraph)


def _unit_clauses(doc: Document, first: int, last: int) -> list[tuple[int, int]]:
    """The clauses of the unit of sentences first..last (:func:`_unit`)."""
    clauses: list[tuple[int, int]] = []
    for ds in doc.sentences[first : last + 1]:
        own = list(ds.clauses) or [(ds.start, ds.end)]
        if clauses:
            clauses[-1] = (clauses[-1][0], own[0][1])
            clauses.extend(own[1:])
        else:
            clauses = own
    return clauses


# Every unit that can be about a list (``listy`` in extract_designations) holds one of these in its
# lower-cased text: the list stems (every match of LIST_CONTEXT_RE holds one), the court words (every
# match of _COURT), "commission" ("appeals commission") and the bare verbs of _listed_org.
_VOCABULARY = sorted({*_LEX["list_stems"], "court", "tribunal", "judge", "commission", "list", "designat",
                      "proscrib"})
# One pass per text: the words of _VOCABULARY, the leading parts of LIST_CONTEXT_RARE_RE's alternatives,
# the words one of which each match of LIST_CONTEXT_COMMON_RE holds, and the leading parts of the names of
# lists (lexicon.LIST_TERMS, case-sensitive as they are).
_CLOSING_WORDS = lexicon.LIST_CONTEXT_COMMON_WORDS


def _innermost(words: list[str]) -> list[str]:
    """The plain words of ``words`` that hold no other one ("list", not "listed" or "list" twice).

    The intervals of the words are only asked whether they overlap a unit, and an occurrence of a
    left-out word inside a unit holds an occurrence of a kept one, inside too: the answers are the
    same, with one report per occurrence from Hyperscan instead of one per word that matches there."""
    unique = sorted(set(words), key=lambda w: (len(w), w))
    return [w for i, w in enumerate(unique) if not any(o in w.lower() for o in map(str.lower, unique[:i]))]


_DOCUMENT_SCANNER = MultiScanner(
    [re.compile("|".join(_VOCABULARY), _I), lexicon.LIST_CONTEXT_RARE_RE,
     re.compile("|".join(_CLOSING_WORDS or ["(?!)"]), _I),
     re.compile("|".join(p.pattern for p, _c in lexicon.LIST_TERMS))],
    [_innermost(_VOCABULARY), leading_parts("|".join(lexicon.LIST_CONTEXT_RARE_ALTS)),
     None if _CLOSING_WORDS is None else _innermost(_CLOSING_WORDS), lexicon.LIST_TERM_PARTS],
)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does one of the sorted disjoint ``spans`` overlap [start, end)?"""
    i = bisect.bisect_right(spans, (start, end + 1))
    if i and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end


def _document_spans(doc: Document) -> list[list[tuple[int, int]] | None] | None:
    """The intervals of _DOCUMENT_SCANNER's patterns in the text (one Hyperscan pass, kept per document);
    None on the pure-re engine."""
    key = ("designations.spans",)
    if key not in doc.memo:
        doc.memo[key] = _DOCUMENT_SCANNER.intervals(doc.text)
    return doc.memo[key]


def _vocabulary_spans(doc: Document) -> list[tuple[int, int]] | None:
    """Sorted disjoint spans of the text outside which no word of _VOCABULARY occurs; None on the
    pure-re engine (each unit is then tested alone).

    Exact as a prefilter: the words are plain ASCII letters (no \\b, no look-around), so each
    occurrence in a unit's text is an occurrence in the whole text, which Hyperscan reports.
    ``w in s.lower()`` implies a caseless match of ``w`` in the scanned bytes: the only non-ASCII
    characters whose lower case holds an ASCII letter are "İ" ("i" + a combining dot) and the
    Kelvin sign ("k"), and they are scanned as "i" and "k" (pipeline.text.multiscan).
    """
    spans = _document_spans(doc)
    return None if spans is None else spans[0]


def _list_context(doc: Document, s: str, start: int, fast: bool = True) -> bool:
    """``bool(lexicon.LIST_CONTEXT_RE.search(s))`` for the unit text ``s = text[start:...]``
    (``fast=False``: that search itself).

    LIST_CONTEXT_RE matches where one of its two halves does (lexicon): LIST_CONTEXT_COMMON_RE is
    searched if one of the words each of its matches holds occurs in the unit (the words are plain
    letters: an occurrence in the unit is one in the whole text, which Hyperscan reports, case folds
    included); LIST_CONTEXT_RARE_RE is tried (``match(s, p)``, on the unit's text as ``search(s)``
    reads it) only at the positions of its intervals, outside which none of its matches begins:
    each begins with a leading part of an alternative, which has no \\b or look-around and so
    matches there in the whole text too. The rare half is tried first: a few ``match`` calls at its
    intervals cost less than one search of the common half over the whole unit (either half decides).
    """
    spans = _document_spans(doc) if fast else None
    rare = None if spans is None else spans[1]
    if rare is None:
        return bool(lexicon.LIST_CONTEXT_RE.search(s))
    end = start + len(s)
    i = bisect.bisect_right(rare, (start, end + 1))
    if i and rare[i - 1][1] > start:
        i -= 1
    match = lexicon.LIST_CONTEXT_RARE_RE.match
    for k in range(i, len(rare)):  # (rare[i:] would copy the rest of the document's list: quadratic)
        a, b = rare[k]
        if a >= end:
            break
        for p in range(max(a, start), min(b, end)):
            if match(s, p - start):
                return True
    common = spans[2] if spans is not None else None
    return ((common is None or _overlaps(common, start, end))
            and (_COMMON_CUE is None or not s.isascii() or _COMMON_CUE.search(s.lower()) is not None)
            and lexicon.LIST_CONTEXT_COMMON_RE.search(s) is not None)


# Every match of LIST_CONTEXT_COMMON_RE, as it is written here, ends with a closing word right after white
# space (or "de" / "de-" before "listed") and before no letter; in an ASCII text (none of CASE_FOLDS) the
# lower-cased text holds that sequence, which this cheap pattern finds (a superset: no other context read).
# None when the lexicon's pattern has changed (the search alone decides).
_COMMON_WRITTEN = (
    r"\b(?:the\s+(?:list|lists)|its\s+(?:list|lists)|their\s+(?:list|lists)|a\s+list|(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?"
    r"(?:de-?)?listed|(?:the|its|their|a|an)\s+(?:[\w’'-]+\s+){1,2}(?:list|lists|blacklist|roster|register)\b)"
    r"(?![^\W\d_])")
_COMMON_CUE = re.compile(r"(?:\s|de-?)(?:list|lists|listed|blacklist|roster|register)(?![a-z])") if (
    lexicon.LIST_CONTEXT_COMMON_RE.pattern == _COMMON_WRITTEN) else None


def _act(verbs: _Verbs, cs: int, ce: int, not_a_list: bool, has_court: bool) -> _Act | None:
    """The listing act of text[cs:ce] and where its verb stands (module docstring); ``not_a_list``:
    the unit speaks of a status that is not a listing (_NOT_A_LIST)."""
    text = verbs.text
    if not any(verbs.find(k, cs, ce) for k in verbs.live if has_court or not lexicon.DESIGNATION_VERBS[k][3]):
        return None  # no listing verb: no act (whatever the tests below say)
    clause = text[cs:ce]
    if ((_may_hold(clause, _NOT_A_LIST_STEMS) and _NOT_A_LIST.search(clause))
            or (not_a_list and not lexicon.LIST_CONTEXT_RE.search(clause))):
        return None
    reactions = [(m.start(), m.end()) for m in _REACTION.finditer(text, cs, ce)] if _may_hold(
        clause, _REACTION_STEMS) else []
    if _may_hold(clause, _REVIEW_STEMS):
        reactions += [(m.start(), m.end()) for m in _REVIEW.finditer(text, cs, ce)]
    wishes: list[bool] = []  # whether the clause is a wish (IRREALIS_RE), computed when first needed
    # By position: (inside a reaction or after a negation, after an irrealis word); the same match is
    # judged for the choice of the action and again for the choice of the verb.
    judged: dict[int, tuple[bool, bool | None]] = {}

    bodies: list[tuple[int, int]] | None = None  # named bodies in the clause, when first needed

    def valid(rule: str, action: str, m: re.Match[str]) -> bool:
        nonlocal bodies
        p = m.start()
        if text[p].isupper():  # "the Proscribed Organisations Appeal Commission": a body's name, no verb
            if bodies is None:
                bodies = [b.span() for b in lexicon.JURISDICTION_RE.finditer(text, cs, ce) if b.end() - b.start() > 12]
            if any(a <= p < b for a, b in bodies):
                return False
        if rule == "de.court_annulment" and _STATE_APPEAL.search(m.group(0)):
            return False  # "allowed the government's appeal": the listing stands
        seen = judged.get(p)
        if seen is None:
            # "condemned the delisting": a reaction to an act, not the act
            seen = judged[p] = (any(a <= p < b for a, b in reactions)
                                or bool(_NEGATION_BEFORE.search(text[cs:p])), None)
        if seen[0]:
            return False
        if rule in _COURT_RULES:
            if rule == "de.court_annulment" and _JUDGMENT_OBJECT.match(text, m.end(), ce):
                return False  # "set aside that judgment": a higher court undoes a ruling, not the listing
            if seen[1] is None:
                before = text[cs:p]
                seen = judged[p] = (False, _may_hold(before, _IRREALIS_BEFORE_STEMS)
                                    and bool(_IRREALIS_BEFORE.search(before)))
            return not seen[1]  # "warned it would strike down the designation": no act yet
        if action != "delisting_denied":
            if not wishes:
                wishes.append(_may_hold(clause, _WISH_STEMS) and _may_hold(clause, _WISH_OBJECTS)
                              and bool(lexicon.IRREALIS_RE.search(clause)))
            if wishes[0]:
                return False
        if seen[1] is None:
            before = text[cs:p]
            irrealis = _may_hold(before, _IRREALIS_BEFORE_STEMS) and bool(_IRREALIS_BEFORE.search(before))
            seen = judged[p] = (False, irrealis)
        return not seen[1]

    chosen: str | None = None
    for k, (action, rule, _form, court, _pattern) in enumerate(lexicon.DESIGNATION_VERBS):
        if court and not has_court:
            continue
        if any(valid(rule, action, m) for m in verbs.find(k, cs, ce)):
            chosen = action
            break
    if chosen is None:
        return None
    best: tuple[bool, int, str, str] | None = None
    for k, (action, rule, form, court, _pattern) in enumerate(lexicon.DESIGNATION_VERBS):
        if action != chosen or (court and not has_court):
            continue
        for m in verbs.find(k, cs, ce):
            if valid(rule, action, m):
                key = (form == "nominal", m.start(), rule, form)
                if best is None or key < best:
                    best = key
                break
    assert best is not None
    _nominal, pos, rule, form = best
    if rule == "verb":
        before = text[cs:pos]
        progressive = text[pos:ce].split(maxsplit=1)[0].lower().endswith("ing")  # "was dropping": active
        aux = bool(_PASSIVE_BEFORE.search(before)) and not progressive
        first = text[pos:ce].split(maxsplit=1)[0].lower()
        # "X, banned in Pakistan since 2002, ...": a participle after a comma, or before its agent.
        reduced = first.endswith("ed") and (
            before.rstrip().endswith(",") or bool(_AGENT_NEXT.match(text, pos + len(first)))
        )
        aux = aux or (reduced and not progressive)
        if first.startswith("ceas"):
            aux = True  # "X ceased to be proscribed": its subject is the party, as in a passive
        participle = bool(_PARTICIPLE_STATUS.search(before[-60:])) and not aux and not progressive
        if not aux and not progressive and _ATTRIBUTIVE_STATUS.search(before[-80:]) and _ENTITY_AFTER.match(
                text, pos + len(first)):
            participle = True  # "X is a listed terrorist entity in Canada": the subject's status
        rule = f"de.{chosen}.{'passive' if participle or aux else 'active'}"
        if participle:
            form = "status"  # "a group designated as ...": a standing status, not a dated act
        if progressive and not before.strip(" \n\"“(") and chosen in ("listed", "delisted"):
            # "Delisting allowed the group to ...": a gerund subject names the act, like a noun.
            rule, form = f"de.{chosen}.nominal", "nominal"
    return _Act(chosen, rule, form, pos)


_DETERMINERS = re.compile(r"(?:\s+(?:the|a|an|its|their|sanctions|on|against|off|from|to|as)\b)*\s+", _I)
_OBJECT_END = re.compile(
    r"\s(?:as|to|on|onto|from|off|in|into|by|for|under|with|over|because|after|before|at|during|since|following|"
    r"despite|amid|while|who|which|that)\s|[,;:.(]"
)
_LISTING_NOUN = re.compile(
    r"\b(?:designations?|listings?|lists?|blacklists?|bans?|proscriptions?|sanctions|label|labels|tag|status|names?|decisions?|"
    r"orders?|freezes?|blacklisting|delisting|assets|funds)\b", _I
)
_DESCRIPTION = re.compile(  # not "Hamas a terrorist group": a name, then what it is declared
    r"^(?![A-Z][\w’'-]*\s+(?:an?|the)\s)(?:[A-Z][\w’'-]*\s+)?[\w’'-]*(?:\s+[a-z][\w’'-]*){0,2}\s+(?:group|organi[sz]ation|movement|faction|militia)\b"
)
# The object of an active listing verb: a name (capitalised words), then the indefinite article of a
# generic reference ("designated the XYZ a terrorist organisation"): the reference is what the name
# is declared, and the name is the party listed.
_NAME_WORDS = re.compile(r"(?:[A-Z][\w’'-]*\s+){1,4}")
_A_OR_AN = re.compile(r"an?\s")
_STATUS_VERBS = {"had", "has", "have", "been", "was", "were", "is", "are", "remain", "remains", "remained", "stay",
                 "stays", "stayed"}
_NO_OBJECT = {"them", "him", "her", "in", "by", "since", "under", "for", "at", "during", "after", "before", "until",
              "as", "with", "from", "and", "or", "but", "also", "again", "first", "initially", "formally"}
_PRONOUNS = {"it", "they", "which", "who", "that", "this", "these", "those", "he", "she"}
# "its ally, the Red Brigade, was listed": the apposition names the party listed.
_APPOSITION = re.compile(r",\s+(?:the|an?)\s+(?:[\w’'-]+\s+){0,3}?(?P<name>[A-Z][\w’'-]*)\s*,\s+"
                         r"(?:(?:also|still|then|later|once|first|now)\s+)?"
                         r"(?:is|are|was|were|has been|have been|had been)\s+(?:(?:\w+ly|also|still)\s+)?$")
_SUBJECT = re.compile(r"([\w’'-]+)\s+(?:(?:also|still|then|later|once|first|now)\s+)?"
                      r"(?:is|are|was|were|has been|have been|had been)\s+(?:(?:\w+ly|also|still)\s+)?$")


def _another_party(doc: Document, act: _Act, cs: int, ce: int) -> bool:
    """Is the party listed someone or something else, where the organisation would stand?

    Active verb: the object right after the verb ("the EU listed Hamas", "Iran banned all
    demonstrations"); passive: the subject right before it ("Hamas was added", "its
    newspapers were banned"). The organisation stands there when the phrase refers to it
    (named, as a wing or member, "the group", a pronoun), describes a group ("an Iranian
    group that ..."), or names the listing itself ("lifted the ban", "the designation was
    lifted"); anything else is another party (rule de.participation).
    """
    text = doc.text
    if act.rule.endswith(".active") or act.rule == "de.listed.standing":
        verb = re.match(r"[\w’'-]+", text[act.pos : ce])
        if verb and verb.group(0).lower() in _STATUS_VERBS:
            return False  # "where it had been since 2002", "is on the list": no object
        start = act.pos + (verb.end() if verb else 0)
        lead = _DETERMINERS.match(text, start)
        start = lead.end() if lead else start
        phrase = _OBJECT_END.search(text, start, ce)
        stop = phrase.start() if phrase else ce
        word = re.match(r"[\w’'-]+", text[start:stop])
        if not word or word.group(0).lower() in _PRONOUNS | _NO_OBJECT:
            return False  # a pronoun, or no object here ("remains banned in India")
        if _WING_OBJECT.match(text, start):
            return False  # "designated the military wing in 2010": the organisation's wing
        refs = [r for r in doc.refs_in(max(cs, start - 40), stop) if r.end > start]
        if (refs and refs[0].kind == "generic" and _NAME_WORDS.fullmatch(text, start, refs[0].start)
                and _A_OR_AN.match(text, refs[0].start)):
            return True  # "designated Hamas a terrorist organisation": a name, then what it is declared
        if refs:
            # "sanctioned three ABC financiers", "a ban on the ABC's television channel": not the group
            return bool(_NOT_THE_PARTY.match(text, refs[0].end))
        # "an Iranian group that ...", "lifted the ban"; else another party ("sanctions on Iran").
        return not (_DESCRIPTION.search(text[start:stop]) or _LISTING_NOUN.search(text, start, stop))
    if act.rule.endswith(".passive"):
        app = _APPOSITION.search(text, cs, act.pos)
        if app and not doc.refs_in(app.start(), app.end("name")) and not lexicon.JURISDICTION_RE.match(
                text, app.start("name")):
            return True
        m = _SUBJECT.search(text[cs : act.pos])
        if not m or m.group(1).lower() in _PRONOUNS:
            return False
        ws = cs + m.start(1)
        if any(r.end > ws for r in doc.refs_in(max(cs, ws - 80), ws + len(m.group(1)))):
            return False
        if _LISTING_NOUN.fullmatch(m.group(1)):
            return False  # "the designation was lifted"
        # "Hamas was added ...", "its newspapers were banned ...": someone or something else.
        return not lexicon.JURISDICTION_RE.match(text, ws)
    return False


def _action_clauses(verbs: _Verbs, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clauses, each further cut between two different listing actions, or a listing and its renewal.

    "listed the group in May 2005 and delisted it in 2012", "designated it in 2001 and renewed
    the designation in 2008" are two acts.
    """
    text, out = verbs.text, []
    for cs, ce in spans:
        found = sorted(
            (m.start(), f"{action}.renewal" if rule == "de.listed.renewal" else action)
            for k in verbs.live if k in _NOT_NOMINAL
            for action, rule in [lexicon.DESIGNATION_VERBS[k][:2]]
            for m in verbs.find(k, cs, ce)
        )
        cut = cs
        for (p1, a1), (p2, a2) in zip(found, found[1:], strict=False):
            if a1 == a2 or p1 < cut:
                continue
            joins = list(_JOIN.finditer(text, p1, p2))
            if joins:
                out.append((cut, joins[-1].start()))
                cut = joins[-1].end()
        out.append((cut, ce))
    return out


_AND = re.compile(r"\s+and\s+(?:then\s+|later\s+|again\s+)?", _I)
_ENUMERATION = re.compile(r"\s*,\s*(?:and\s+)?(?:on\s+|in\s+)?|\s+and\s+(?:on\s+|in\s+)?", _I)


def _date_clauses(doc: Document, verbs: _Verbs, spans: list[tuple[int, int]],
                  dates: list[DateMatch]) -> list[tuple[int, int]]:
    """Clauses, each further cut at an "and" between two dated acts of one verb, or between dates.

    "listed its wing in 2003 and the entire group in 2021": the gapped part after "and" is a
    second act (a clause without a verb of its own, which takes the verb's action and jurisdiction);
    "re-listed on 4 May 2005, 3 May 2007 and 1 May 2009": one act a date. (Whether the part after the
    "and" names a jurisdiction: ``JURISDICTION_RE.search`` there, from the unit's pass, _Verbs.jurisdictions.)
    """
    text, out = doc.text, []
    for cs, ce in spans:
        inside = [d for d in dates if cs <= d.start < ce and d.year_explicit and not d.derived]
        cut = cs
        for d1, d2 in zip(inside, inside[1:], strict=False):
            joins = [m for m in _AND.finditer(text, d1.end, d2.start)]
            pure = _ENUMERATION.fullmatch(text, d1.end, d2.start)  # "on 4 May 2005, 3 May 2007 and ..."
            joins = [pure] if pure else joins
            if not joins or ce - joins[-1].end() > 80 or verbs.jurisdictions(doc, joins[-1].end(), ce):
                continue  # a part that names its jurisdiction is read whole ("... and lastly in Canada in 2012")
            name = re.match(r"(?!The\s)[A-Z][\w’'-]*", text[joins[-1].end() : joins[-1].end() + 40])
            if name and not pure and not doc.refs_in(joins[-1].end(), joins[-1].end() + 1):
                continue  # "... and Hamas in 1997": another party's act
            head = (cut, joins[-1].start())
            if not any(verbs.find(k, cs, head[1]) for k in verbs.live if k in _NOT_NOMINAL):
                continue
            out.append(head)
            cut = joins[-1].end()
        out.append((cut, ce))
    return out


def _jurisdictions(doc: Document, start: int, end: int, verb: int | None,
                   dates: list[DateMatch] | None = None, unit: _Verbs | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, code, as written) of the acting jurisdictions in text[start:end].

    Before the verb: every name not governed by a preposition (the subject).
    After it: names introduced by "by", by "in" just after the verb, by
    "the list(s) of", names whose list or decision it is ("the U.S. list",
    "an EU decision"), and names coordinated with one of those ("by Iran and Iraq").
    """
    text = doc.text
    named = [r for r in doc.refs_in(max(0, start - 200), end) if r.kind != "generic"]

    def doc_has_date(a: int, b: int) -> bool:
        return any(a <= d.start < b for d in dates or [])

    out: list[tuple[int, int, str, str]] = []
    last_end: int | None = None
    # "In delisting the group in 2012, the United States noted ...": the subject after the comma acts.
    adverbial = verb is not None and bool(_ADVERBIAL.search(text[start:verb]))
    for m in (unit.jurisdictions(doc, start, end) if unit is not None else doc.jurisdictions_in(start, end)):
        if any(r.start <= m.start() < r.end for r in named):
            continue  # "... of Iran" in the organisation's own name
        after = text[m.end() : m.end() + 30]
        if _NOT_JURISDICTION.match(after):
            continue  # "Iraq-based", "US-led"
        left = text[max(start, m.start() - 40) : m.start()]
        owner = bool(_LIST_OWNER.match(after) or _ATTRIBUTIVE.match(after))
        if verb is None:
            # A clause with no listing verb of its own names an actor only after "by" or "in"
            # ("followed by the Council …", "and lastly in Canada"), not as an object ("criticized France"),
            # or as the subject of a gapped clause ("…, and Israel since 1998").
            ok = bool(_CLAUSE_AGENT.search(left)) or bool(
                _GAPPED.match(text, start, m.start()) and end - start <= 60 and doc_has_date(start, end)
            ) or bool(  # "Designated as a terrorist group by: Turkey, United States, ..." (an infobox line)
                _BY_COLON.search(text, max(0, start - 10), start) and (
                    not out and _GAPPED.match(text, start, m.start())
                    or last_end is not None and _CHAIN.match(text[last_end : m.start()])))
        elif m.start() < verb:
            ok = not _NOT_ACTOR.search(left) or owner or bool(
                _IN_ACTOR.search(left) or _BODY_OF.search(left) or _LISTING_AMONG.search(left))
        else:
            ok = bool(
                _AGENT_AFTER.search(text[verb : m.start()])
                or (adverbial and "," in text[verb : m.start()] and _AFTER_COMMA.search(left))
                or owner
                or (last_end is not None and _CHAIN.match(text[last_end : m.start()]))
                or (bool(out) and bool(_AFTER_DATE.search(left)) and doc_has_date(m.end(), m.end() + 15))
            )
        if ok:
            out.append((m.start(), m.end(), lexicon.jurisdiction_code(m), m.group(0)))
            last_end = m.end()
    return out


_RELATIVE = re.compile(r"\s*(?:which|who|that)\b", _I)


def _antecedent(doc: Document, span: tuple[int, int], unit: _Verbs) -> list[tuple[int, int, str, str]]:
    """The names that end a clause, as antecedent of a relative clause after it.

    "... in line with Canada, Australia and Japan, which consider X a terrorist group".
    """
    cs, ce = span
    names = unit.jurisdictions(doc, cs, ce)
    if not names or doc.text[names[-1].end() : ce].strip(" ,\n"):
        return []
    chain = [names[-1]]
    for m in reversed(names[:-1]):
        if not _CHAIN.match(doc.text[m.end() : chain[0].start()]):
            break
        chain.insert(0, m)
    return [(m.start(), m.end(), lexicon.jurisdiction_code(m), m.group(0)) for m in chain]


_INDEFINITE = re.compile(
    r"\b(?:an?|one)\s+(?:[\w’'-]+\s+){0,3}?(?:group|organi[sz]ation|movement|faction|militia)\b", _I
)


def _lead(doc: Document, unit: _Unit) -> bool:
    """A news lead that describes the organisation before the next paragraph names it.

    "Canada is dropping an Iranian group ... from its list." followed by a paragraph naming
    the group: the participation rule looks back one paragraph; a lead looks forward.
    """
    if not _INDEFINITE.search(doc.text, unit.start, unit.end):
        return False
    sents = doc.sentences
    nxt = next((sents[i] for i in range(unit.last + 1, len(sents)) if sents[i].sentence.paragraph > unit.par_last),
               None)
    return nxt is not None and nxt.sentence.paragraph == unit.par_last + 1 and any(
        r.kind != "generic" for r in doc.refs_in(nxt.start, _paragraph_end(doc, nxt.sentence.paragraph)))


def _paragraph_end(doc: Document, paragraph: int) -> int:
    """The end of the last sentence of ``paragraph`` (0 if none), from a table made once per document."""
    key = ("designations.paragraph_ends",)
    ends = doc.memo.get(key)
    if ends is None:
        ends = doc.memo[key] = {ds.sentence.paragraph: ds.end for ds in doc.sentences}  # the last one wins
    return ends.get(paragraph, 0)


def _dated_phrase(text: str, pos: int, ce: int, dates: list[DateMatch]) -> bool:
    """Does a date follow the noun at ``pos`` within its phrase ("the removal ... in 2009")?"""
    cut = re.compile(r"[,;:]|\s[-–—]\s").search(text, pos, ce)
    end = min(cut.start() if cut else ce, pos + 160)
    return any(pos <= d.start < end for d in dates)


_LISTED = re.compile(
    r"\b(?:(?:de-?)?list(?:ed|s)?|designat(?:ed|es)|proscrib(?:ed|es))\s+(?:(?:also|only|both)\s+)?(?:the\s+)?", _I)


_LISTED_PASSIVE = re.compile(
    r"\s+(?:is|was|were|are|has been|had been|have been)\s+(?:(?:\w+ly|also|first|then|later)\s+)?"
    r"(?:de-?)?(?:listed|designated|proscribed|blacklisted)\b", _I)


def _listed_org(doc: Document, start: int, end: int) -> bool:
    """"Canada listed the MEK in 2005", "the UN designated X", "X was designated by the US": the bare
    verb is about a list when the group is its object (in the unit text[start:end])."""
    return any(doc.refs_in(m.end(), m.end() + 1, named_only=True)
               for m in _LISTED.finditer(doc.text, start, end)) or any(
        _LISTED_PASSIVE.match(doc.text, r.end) for r in doc.refs_in(start, end, named_only=True))


def _date_only(text: str, clauses: list[tuple[int, int]], d: DateMatch) -> bool:
    """Is ``d`` a clause of its own, the date and nothing else ("June 23, 2008: ...")?"""
    for c0, c1 in clauses:
        if c0 <= d.start < c1:
            rest = (text[c0 : d.start] + text[d.end : c1]).strip(" \n\t,.:;-–—()")
            return len(rest) <= 3
    return False


def _term_spans(doc: Document) -> list[tuple[int, int]] | None:
    """Spans of the text outside which no name of a list (lexicon.LIST_TERMS) begins, in any window:
    the leading parts of their alternatives, without assertions (None: no prefilter)."""
    spans = _document_spans(doc)
    return None if spans is None else spans[3]


def _list_term(text: str, start: int, end: int,
               terms: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str, str]]:
    """The jurisdiction of a list named in text[start:end] that only one jurisdiction keeps
    (``terms``: _term_spans, when no name of a list can begin outside them)."""
    if terms is not None and not _overlaps(terms, start, end):
        return []
    for pattern, code in lexicon.LIST_TERMS:
        m = pattern.search(text, start, end)
        if m:
            return [(m.start(), m.start(), code, m.group(0))]
    return []


def _authority(text: str, start: int, end: int) -> str | None:
    """The body named at text[start:end] ("British lawmakers" from the match "British")."""
    m = lexicon.AUTHORITY_RE.match(text, start, end + 60)
    if not m:
        return None
    name = " ".join(m.group(0).split())
    return name[4:] if name.startswith("the ") else name


# "the Council", or a Council act ("a Council decision", "Council Implementing Regulation No 83/2011")
_COUNCIL = re.compile(r"\b(?:(?:the|The)\s+Council(?:'s|’s)?\b(?!\s+of\b)|Council\s+(?:[Ii]mplementing\s+)?"
                      r"(?:[Dd]ecisions?|[Rr]egulations?|[Rr]esolutions?|[Cc]ommon\s+[Pp]ositions?)\b)")
COUNCIL_LOOKBACK = 20000  # characters searched back for the body "the Council" stands for


def _last_council(doc: Document, pos: int) -> list[tuple[int, int, str, str]]:
    """The EU or the UN, whichever was named last before ``pos``: the one "the Council" is."""
    last = None
    for m in lexicon.JURISDICTION_RE.finditer(doc.text, max(0, pos - COUNCIL_LOOKBACK), pos):
        code = lexicon.jurisdiction_code(m)
        if code in ("EU", "UN"):
            last = (m.start(), m.start(), code, m.group(0))
    return [last] if last else []


def _law_year(text: str, d: DateMatch, terms: list[tuple[int, int]] | None = None) -> bool:
    """Is ``d`` the year in a law's name ("the Terrorism Act 2000"), or inside a list's name?
    (``terms``: _term_spans.)"""
    if _LAW_YEAR.search(text, max(0, d.start - 30), d.start):
        return True
    if terms is not None and not _overlaps(terms, max(0, d.start - 60), d.end + 20):
        return False
    return any(m.start() <= d.start < m.end() for pattern, _code in lexicon.LIST_TERMS
               for m in pattern.finditer(text, max(0, d.start - 60), d.end + 20))


def _today_after(doc: Document, unit: _Unit) -> DateMatch | None:
    """"today" in one of the next two sentences of the paragraph that speak of the act ("These
    actions are effective today."): the date of an undated act in a release."""
    for ds in doc.sentences[unit.last + 1 : unit.last + 3]:
        if ds.sentence.paragraph != unit.par_last:
            break
        for d in ds.dates:
            if d.date_start is not None and _TODAY.match(d.text) and _TODAY_FOLLOWUP.search(ds.text):
                return d
    return None


_HEREBY = re.compile(r"\bhereby\b", _I)


def _hereby(doc: Document, cs: int, ce: int) -> DateMatch | None:
    """"The Court hereby annuls ...", "The Secretary hereby designates ...": a performative act is done by
    the document itself, on its date (its dateline's or the manifest's, at its precision)."""
    when = doc.document_date
    m = _HEREBY.search(doc.text, cs, ce) if when is not None else None
    if m is None:
        return None
    return DateMatch(m.start(), m.end(), m.group(0), when.date, when.last_day(), when.precision, False, derived=True)


def _date_for(jpos: int, next_other: int, cs: int, dates: list[DateMatch]) -> DateMatch | None:
    after = [d for d in dates if jpos <= d.start < next_other]
    if after:
        return after[0]
    before = [d for d in dates if cs <= d.start < jpos]
    if before:
        return before[-1]
    return dates[0] if dates else None


_COORDINATION = re.compile(r"\s*(?:,\s*)?(?:(?:and|or)\s+)?(?:the\s+)?", _I)


def _coordinated(text: str, juris: list[tuple[int, int, str, str]]) -> dict[str, set[str]]:
    """Per code, the codes of the names coordinated with it ("Canada, Japan and the EU": only commas,
    "and" or "or" between them), itself included: one subject or object, so one date for all."""
    groups: list[set[str]] = []
    prev_end: int | None = None
    for js, je, code, _w in juris:
        if prev_end is not None and js >= prev_end and (m := _COORDINATION.match(text, prev_end, js)) and m.end() == js:
            groups[-1].add(code)
        else:
            groups.append({code})
        prev_end = je
    out: dict[str, set[str]] = {}
    for g in groups:
        for code in g:
            out.setdefault(code, set()).update(g)
    return out


# A body named before an act that is no jurisdiction of the lexicon ("the Gulf Cooperation Council", "the Arab
# League"): its act is not the jurisdiction's before.
_OTHER_BODY = re.compile(r"(?<![\w’'-])(?:[A-Z][\w’'-]+\s+){1,5}(?:Council|League|Union|Organi[sz]ation|Alliance|Forum"
                         r"|Conference|Community|Assembly)\b")
_JUDGMENT_OBJECT = re.compile(r"\s+(?:that|the|this|its|their|an?)\s+"
                              r"(?:(?:earlier|lower|first|previous|[\w-]+(?:'s|’s))\s+)*"
                              r"(?:court\s+)?(?:judgments?|judgements?|rulings?|verdicts?)\b", _I)


def _other_body(doc: Document, start: int, end: int) -> bool:
    """Is a body that is not the organisation (_OTHER_BODY) named in text[start:end]?"""
    return any(not doc.refs_in(m.start(), m.end()) for m in _OTHER_BODY.finditer(doc.text, start, end))


_BARE_FOLLOWED = re.compile(r"followed(?!\s+suit)", _I)
_UNTIL = re.compile(r"\b(?:until|till|up to|up until)\s+$", _I)  # ("the end of 2016" is the date's own text)
_RESPECTIVELY = re.compile(r"\brespectively\b", _I)
_DATE_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _respective(text: str, cs: int, ce: int, juris: list[tuple[int, int, str, str]],
                dates: list[DateMatch]) -> dict[str, DateMatch] | None:
    """"Britain and the EU took it off their lists in 2008 and 2009 respectively": each jurisdiction
    named in the clause, in order, takes the date in the same place of the clause's list of dates.

    The dates are the clause's, or the parts of one date written as a list ("2008 and 2009", which
    the recogniser reads as one interval), each part a date with its own year. None unless the
    clause says "respectively" and there are as many dates as jurisdictions."""
    if not _RESPECTIVELY.search(text, cs, ce):
        return None
    order: list[str] = []
    for js, _je, code, _w in juris:
        if cs <= js < ce and code not in order:
            order.append(code)
    parts = dates
    if len(dates) == 1 and len(order) > 1:
        d = dates[0]
        spans, pos = [], d.start
        for m in [*_DATE_LIST_SEP.finditer(text, d.start, d.end), None]:
            a, b = (m.start(), m.end()) if m else (d.end, d.end)
            spans.append((pos, a))
            pos = b
        last = parse_date_expression(text[spans[-1][0]:spans[-1][1]])
        if last is None or last.date_start is None or not last.year_explicit:
            return None
        parts = []
        for a, b in spans:  # "March and June 2009": the last part's year is the others'
            piece = parse_date_expression(text[a:b], default_year=last.date_start.year)
            if piece is None or piece.date_start is None or piece.end - piece.start != b - a:
                return None
            parts.append(DateMatch(a, b, text[a:b], piece.date_start, piece.date_end, piece.precision,
                                   piece.year_explicit))
    if len(order) < 2 or len(parts) != len(order):
        return None
    return dict(zip(order, parts, strict=True))


def _record(doc: Document, start: int, end: int, date: DateMatch | None, inherited: bool, code: str,
            authority: str | None, action: str, rule: str) -> dict:
    """A designation mention record for the evidence ``doc.text[start:end]`` (already trimmed)."""
    return {
        "mention_id": mention_id("de", doc.source_id, start, end, code, action),
        "source_id": doc.source_id,
        "char_start": start,
        "char_end": end,
        "quote": doc.text[start:end],
        **date_fields(date, inherited=inherited),
        "jurisdiction": code,
        "authority": authority,
        "action": action,
        "rule_id": rule,
    }


def _item_rows(doc: Document, unit: _Unit, act: _Act) -> list[dict]:
    """Rows of list items that continue "Countries that have designated X as a terrorist group:".

    Each item ("- United Kingdom (2001)") names its jurisdiction at its start (and any names
    coordinated with it) and takes the act of the line before the list, with the item's own date.
    """
    text, out = doc.text, []
    for ds in doc.sentences[unit.first : unit.last + 1]:
        bullet = LIST_ITEM.match(ds.text)
        if not bullet:
            continue
        start = ds.start + bullet.end()
        names: list[re.Match[str]] = []
        for m in lexicon.JURISDICTION_RE.finditer(text, start, ds.end):
            gap = text[names[-1].end() : m.start()] if names else text[start : m.start()]
            if names and not _CHAIN.match(gap) or not names and gap.strip(" \t").lower() not in ("", "the"):
                break
            names.append(m)
        date = ds.dates[0] if ds.dates else None
        seen: set[str] = set()
        for m in names:
            code = lexicon.jurisdiction_code(m)
            if code in seen:
                continue
            seen.add(code)
            cs, ce = trim_span(text, start, ds.end)
            out.append(_record(doc, cs, ce, date, False, code, _authority(text, m.start(), m.end()), act.action,
                               "de.continuation"))
    return out


def _skipped(doc: Document, paras: list[int], starts: list[int], ends: list[int], i: int, u: int,
             prev_par: int | None, joins: Callable[[int], bool]) -> tuple[bool, tuple[int, int] | None]:
    """What the units of sentences i..u-1 change when each is skipped (no word of _VOCABULARY, the unit
    before not listy, no list opened by a ":" line): whether one of them starts a paragraph other than
    the one the unit before it ended (the paragraph's state is reset), and the last of them that is a
    one-sentence heading (the section), if any. Unit starts are where a sentence does not join the one
    before (``joins``); i and u are unit starts."""
    reset = prev_par is None or prev_par != paras[i]
    m = i + 1
    while not reset and m < u:
        reset = paras[m] != paras[m - 1] and not joins(m)
        m += 1
    heading = None
    headings = _headings(doc)
    for h in range(bisect.bisect_left(headings, u) - 1, -1, -1):  # (the headings among i..u-1, last first)
        m = headings[h]
        if m < i:
            break
        if (m == i or not joins(m)) and (m + 1 == u or not joins(m + 1)):
            heading = (starts[m], ends[m])
            break
    return reset, heading


def _headings(doc: Document) -> list[int]:
    """The indices of the sentences that are headings, in order (a list made once per document)."""
    key = ("designations.headings",)
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = [k for k, ds in enumerate(doc.sentences) if ds.sentence.is_heading]
    return found


def _section_juris(text: str, section: tuple[int, int] | None) -> list[tuple[int, int, str, str]]:
    """The jurisdiction whose name is the heading ``text[section]`` ("United Kingdom"), if it is one."""
    if section is None:
        return []
    start, end = section
    name = lexicon.JURISDICTION_RE.fullmatch(text[start:end].strip(" \t\n=#*:"))
    return [(start, start, lexicon.jurisdiction_code(name), name.group(0))] if name else []


ISSUER_HEADINGS = 8  # opening headings read for the issuer
ISSUER_WORDS = 6  # a longer heading is a headline, not a body's name


def _issuer(doc: Document) -> list[tuple[int, int, str, str]]:
    """The one jurisdiction a government page or release names in its opening headings, if any:
    "Australian National Security", "Public Safety Canada", "COUNCIL OF THE EUROPEAN UNION".

    Its listing acts often name no jurisdiction ("was first listed under the Criminal Code on
    5 June 2003", "the Government listed X"), which then are the issuer's. Read: the headings
    before the first line of prose (at most ISSUER_HEADINGS), except those that refer to the
    organisation (a headline about it, "US drops MEK from terror list"), that are longer than
    ISSUER_WORDS (a headline), that hold a date (a dateline), and capitals ("Washington, DC":
    where, not who). A heading in capitals is read as written and in title case. None when they
    name no jurisdiction or more than one. The last fallback of a dated act naming none.
    """
    key = ("designations.issuer",)
    found = doc.memo.get(key)
    if found is not None:
        return found
    names: list[tuple[int, int, str, str]] = []
    for ds in doc.sentences[:ISSUER_HEADINGS]:
        sent = ds.sentence
        if not sent.is_heading:
            break
        if ds.dates or ds.rejected or doc.refs_in(sent.start, sent.end):
            continue
        line = sent.text
        if len(line.split()) > ISSUER_WORDS:
            continue
        lines = [line]
        if line.isupper() and len(line.title()) == len(line):
            lines.append(line.title())  # "COUNCIL OF THE EUROPEAN UNION" (and "UK" as written)
        for form in lines:
            for m in lexicon.JURISDICTION_RE.finditer(form):
                if not lexicon.CAPITAL_RE.fullmatch(m.group(0)):
                    names.append((sent.start + m.start(), sent.start + m.end(), lexicon.jurisdiction_code(m),
                                  line[m.start():m.end()]))
        if not line.isupper():  # (in capitals every word would open a name)
            for m in lexicon.ISSUER_ADJECTIVE_RE.finditer(line):
                names.append((sent.start + m.start(), sent.start + m.end(), lexicon.adjective_code(m.group(0)),
                              m.group(0)))
    found = doc.memo[key] = names[:1] if len({n[2] for n in names}) == 1 else []
    return found


LABEL_REACH = 400  # characters before a label line searched for the organisation's name
# A field of an entity's page giving the date it was listed ("Date listed: June 2, 2005", "Listed: 5 June 2003").
_LABEL = re.compile(r"\s*(?:(?:Date|Day)\s+(?:first\s+|originally\s+)?(?:listed|designated|proscribed)"
                    r"|(?:First\s+|Originally\s+)?(?:Listed|Designated|Proscribed)(?:\s+on)?"
                    r"|Date\s+of\s+(?:first\s+)?(?:listing|designation|proscription))\s*:\s*", _I)


def _label_rows(doc: Document, index: int, after: int, juris: list[tuple[int, int, str, str]]) -> list[dict]:
    """The listed row of a label line (_LABEL) whose value is a date: the organisation the page is about
    (it takes part in the line's paragraph, Document.participates, or is named within LABEL_REACH
    characters before) listed by the one jurisdiction the page's context gives (the paragraph's, a
    heading's or the page's issuer, _issuer); none without."""
    ds = doc.sentences[index]
    codes = {j[2] for j in juris}
    dates = [d for d in ds.dates if d.start >= after and d.date_start is not None]
    if len(codes) != 1 or not dates:
        return []
    if not (doc.participates(index) or doc.refs_in(max(0, ds.start - LABEL_REACH), ds.start, named_only=True)):
        return []  # (an entity page's fields follow its name: "X", "Also known as: ...", "Date listed: ...")
    d = dates[0]
    rest = doc.text[d.end : ds.end].strip(" \t.;,")
    if rest and not (rest.startswith("(") and rest.endswith(")")):
        return []  # the value is more than a date (a note in brackets after it is kept: "(amended on ...)")
    code = next(iter(codes))
    start, end = trim_span(doc.text, ds.start, ds.end)
    return [_record(doc, start, end, d, False, code, None, "listed", "de.listed.label")]


def extract_designations(doc: Document, prefilter: bool = True) -> list[dict]:
    """Designation mention records of one document.

    ``prefilter``: skip, before any per-unit work, every unit that holds no word of _VOCABULARY
    (_vocabulary_spans, one pass over the text), unless it continues a paragraph about listings.
    Exact: such a unit is not ``listy`` (each test of ``listy`` needs one of the words in the unit),
    and a skipped unit changes nothing but the paragraph it leaves for the next unit (``prev_par``),
    ``prev_listy`` (False), the list that a line ending in ":" opened (``colon_act``, tested before
    the skip) and the heading (``section``, kept as a span, read only when a row needs it). False:
    every unit is tested (the equality tests of tests/test_designations.py).
    """
    text, sents = doc.text, doc.sentences
    out: list[dict] = []
    prev_par: int | None = None  # the last paragraph of the unit before
    prev_listy = False
    par_date: DateMatch | None = None
    par_juris: list[tuple[int, int, str, str]] = []
    par_action: str | None = None
    doc_juris: list[tuple[int, int, str, str]] = []
    colon_act: _Act | None = None  # the act of a line ending in ":" that names no jurisdiction
    seen_listy = False
    section: tuple[int, int] | None = None  # the last one-sentence heading (a jurisdiction's name?)
    spans = _vocabulary_spans(doc) if prefilter else None
    k = 0
    paras = [ds.sentence.paragraph for ds in sents]
    starts = [ds.sentence.start for ds in sents]
    ends = [ds.sentence.end for ds in sents]
    n = len(sents)

    def joins(j: int) -> bool:
        """Does sentence j continue the unit of sentence j - 1? A unit is a sentence, or the sentences
        a hard-wrapped text broke across lines (each opens the next paragraph and runs on)."""
        return paras[j] == paras[j - 1] + 1 and _runs_on(doc, j)

    at = 0  # the first sentence of the next unit
    while at < n:
        if spans is not None and colon_act is None and not prev_listy:
            # Every unit before the first that can overlap a span of _VOCABULARY is skipped (_skipped).
            while k < len(spans) and spans[k][1] <= starts[at]:
                k += 1
            j = bisect.bisect_right(ends, spans[k][0]) if k < len(spans) else n
            if j >= n:
                break  # no later unit holds a word of _VOCABULARY: none gives a row
            u = max(j, at)
            while u > at and joins(u):
                u -= 1
            if u > at:
                reset, heading = _skipped(doc, paras, starts, ends, at, u, prev_par, joins)
                if reset:
                    par_date, par_juris, par_action = None, [], None
                section = heading or section
                prev_par, prev_listy = paras[u - 1], False
                at = u
        first = last = at
        while last + 1 < n and joins(last + 1):
            last += 1
        at = last + 1
        start, end = starts[first], ends[last]
        par_first, par_last = paras[first], paras[last]
        if prev_par is None or prev_par != par_first:
            par_date, par_juris, par_action = None, [], None
        if colon_act is not None:
            s = text[start:end]
            if LIST_ITEM.match(s):
                if not any(pattern.search(s) for _a, _r, form, _c, pattern in lexicon.DESIGNATION_VERBS
                           if form != "nominal"):
                    out.extend(_item_rows(doc, _unit(doc, first, last), colon_act))  # "- United Kingdom (2001)"
                    prev_par = par_last
                    continue
            else:
                colon_act = None
        if first == last and sents[first].sentence.is_heading:
            section = (start, end)
        if first == last and sents[first].dates and (label := _LABEL.match(text, start, end)):
            # "Date listed: June 2, 2005" on an entity's page: the date its jurisdiction listed it
            rows = _label_rows(doc, first, label.end(), par_juris or _section_juris(text, section) or _issuer(doc))
            if rows:
                out.extend(rows)
                prev_par, prev_listy = par_last, True
                continue
        # News texts give each sentence a paragraph of its own: the paragraph before counts as the same.
        same_par = prev_par is not None and par_first - prev_par <= 1
        if spans is not None:
            while k < len(spans) and spans[k][1] <= start:
                k += 1
            if not (k < len(spans) and spans[k][0] < end):  # no word of _VOCABULARY: not listy
                if not (prev_listy and same_par):
                    prev_par, prev_listy = par_last, False
                    continue
        s = text[start:end]
        rows_before = len(out)
        lower = s.lower() if s.isascii() else s.translate(_FOLD).lower()  # (_FOLD maps no ASCII character)
        # Cheap substring tests first: every match of the regexes contains one of these (the text
        # folded as IGNORECASE reads it: "TRİBUNAL" holds "tribunal" for the caseless patterns).
        has_court = any(w in lower for w in ("court", "tribunal", "judge", "commission")) and bool(_COURT.search(s))
        court_freeze = has_court and _may_hold(s, _COURT_FREEZE_STEMS) and bool(_COURT_FREEZE.search(s))
        listy = bool(
            (any(w in lower for w in _LEX["list_stems"]) and _list_context(doc, s, start, prefilter)) or court_freeze
            or (any(w in lower for w in ("list", "designat", "proscrib")) and _listed_org(doc, start, end))
            # "the Court annuls the Council decision in so far as it concerns X", in a text about a listing
            or (has_court and seen_listy and _may_hold(s, _COURT_UNDOES_STEMS) and bool(_COURT_UNDOES.search(s)))
        )
        seen_listy = seen_listy or listy
        # A sentence continuing a paragraph about listings ("The US did the same in 2012") counts too.
        if not (listy or (prev_listy and same_par)):
            prev_par, prev_listy = par_last, listy
            continue
        unit = _unit(doc, first, last, clauses=False)  # (read below only when the organisation takes part)
        terms = _term_spans(doc) if prefilter else None
        unit.dates = [d for d in unit.dates if not _law_year(text, d, terms)]
        # An undated past act takes the last date stated earlier in its paragraph, in a sentence about listings.
        fallback = par_date
        prev_par, prev_listy = par_last, listy
        par_date = unit.dates[0] if unit.dates else par_date
        if not (any(doc.participates(i) for i in range(unit.first, unit.last + 1)) or _lead(doc, unit)):
            continue  # another group's listing, or none (rule de.participation)
        # The unit's span: every window asked for is inside (each clause of a sentence is inside the
        # sentence, segment.clauses; a unit's clauses are its sentences' clauses, the last of one joined to
        # the first of the next), so the clauses are split only when a listing verb can match.
        verbs = _Verbs(text, unit.start, unit.end)
        if not verbs.live:  # no listing verb can match in the unit: no act in any clause
            if s.rstrip().endswith(":"):
                colon_act = None
            continue
        unit.clauses = _unit_clauses(doc, first, last)
        verb_clauses = _action_clauses(verbs, unit.clauses)
        # "in May 2005 and in 2007 respectively": the dates are the jurisdictions', in order (_respective)
        clauses = (verb_clauses if _RESPECTIVELY.search(text, unit.start, unit.end)
                   else _date_clauses(doc, verbs, verb_clauses, unit.dates))
        gapped = {c[0] for c in clauses} - {c[0] for c in verb_clauses}  # "... and the entire group in 2021"
        not_a_list = _may_hold(s, _NOT_A_LIST_STEMS) and bool(_NOT_A_LIST.search(s))
        acts = [_act(verbs, cs, ce, not_a_list, has_court) for cs, ce in clauses]
        if all(a is None for a in acts):
            # No act: every clause has no action of its own nor one to inherit, so it gives no row and
            # changes no state; a line ending in ":" then opens no list.
            if s.rstrip().endswith(":"):
                colon_act = None
            continue
        # A sentence naming no jurisdiction may continue the one before ("It was delisted in 2009"):
        # whether it names any, computed when first asked (_jurisdictions is a pure function).
        names_any: bool | None = None
        prev_action: str | None = None
        prev_juris: list[tuple[int, int, str, str]] = []
        first_action: str | None = None
        main_action: str | None = None  # the first act of a clause that is no relative clause
        undated_done: set[tuple[str, str]] = set()  # "It remains banned in X, where Y lists it": one status
        for clause_i, ((cs, ce), found) in enumerate(zip(clauses, acts, strict=True)):
            verb = found.pos if found else None
            own = _jurisdictions(doc, cs, ce, verb, unit.dates, verbs)
            if found is None and not own and cs not in gapped:
                continue
            if found is not None and _another_party(doc, found, cs, ce):
                prev_action, prev_juris = found.action, own
                continue
            action = found.action if found else prev_action
            rule = found.rule if found else "de.continuation"
            if found is not None and found.form == "continuation":
                action = prev_action or par_action
                if not own and _BARE_FOLLOWED.match(text, found.pos):
                    continue  # "Britain followed in 2001" names its jurisdiction; "the attacks that followed" none
            juris = own or prev_juris
            if not juris and found is not None and _RELATIVE.match(text, cs) and clause_i > 0:
                juris = _antecedent(doc, clauses[clause_i - 1], verbs)
            if not juris and found is not None:
                carried = False  # a dated act in a unit that names no jurisdiction (may take the issuer's)
                juris = _list_term(text, unit.start, unit.end, terms)
                if not juris and any(cs <= d.start < ce for d in unit.dates):
                    if names_any is None:
                        names_any = any(_jurisdictions(doc, c0, c1, a.pos if a else None, unit=verbs)
                                        for (c0, c1), a in zip(clauses, acts, strict=True))
                    if not names_any and not _other_body(doc, cs, found.pos):
                        # "It was delisted in 2009": a new act of the jurisdiction before. Without a
                        # date of its own the clause only re-reports that act (optional in the guide).
                        # Not when another body acts ("The Gulf Cooperation Council declared ...").
                        juris = par_juris or _section_juris(text, section)  # or the heading's jurisdiction
                        carried = True
                if not juris and (found.rule in _COURT_RULES or (found.rule == "de.upheld_listing" and has_court)):
                    juris = doc_juris
                if not juris and _COUNCIL.search(text, cs, ce):
                    # "the Council": the EU's or the UN's, named before (or the page's issuer)
                    juris = _last_council(doc, cs) or [j for j in _issuer(doc) if j[2] in ("EU", "UN")]
                if not juris and carried:
                    juris = _issuer(doc)  # the page's issuer, last
            prev_action, prev_juris = action, juris
            if action is None or not juris:
                continue
            first_action = first_action or action
            if main_action is None and not _RELATIVE.match(text, cs):
                main_action = action  # (not "which had designated it in 1997": the main clause's act)
            reason = _REASON.search(text, cs, ce)
            clause_dates = [d for d in unit.dates if cs <= d.start < ce and not (reason and d.start > reason.start())]
            standing = found is not None and found.form == "status"
            present = bool(_PRESENT_STATUS.search(text, cs, ce))
            if not clause_dates and not standing and not present:
                # A date opening the sentence in a clause of its own ("June 23, 2008: ...").
                clause_dates = [d for d in unit.dates if d.start < cs and _date_only(text, clauses, d)][-1:]
            if found is not None and found.form == "nominal" and not _dated_phrase(text, found.pos, ce, clause_dates):
                continue  # "justify the designation": a back-reference; a nominal act needs its own date
            undated = fallback if not unit.dates and not standing and not present else None
            if undated is None and not clause_dates and not standing and found is not None:
                undated = _today_after(doc, unit) or _hereby(doc, cs, ce)  # "... These actions are effective today."
            codes = {j[2] for j in juris}
            respective = _respective(text, cs, ce, juris, clause_dates) if len(codes) > 1 else None
            seen: set[tuple[str, str]] = set()
            reach: list[tuple[str, int, int]] | None = None  # per name: code, end, next other name's start
            partners: dict[str, set[str]] = {}
            for i, (js, je, code, _written) in enumerate(juris):
                if (code, action) in seen:
                    continue
                seen.add((code, action))
                if respective is not None and code in respective:
                    date = respective[code]  # "... in 2008 and 2009 respectively"
                elif js < cs or len(codes) == 1:
                    date = clause_dates[0] if clause_dates else undated
                else:
                    next_other = next((o[0] for o in juris[i + 1 :] if o[2] != code), ce)
                    # A date right after another jurisdiction is that one's ("banned in Pakistan since 2002").
                    if reach is None:
                        reach = [(o[2], o[1], next((p[0] for p in juris[k + 1 :] if p[2] != o[2]), ce))
                                 for k, o in enumerate(juris)]
                        partners = _coordinated(text, juris)
                    # (a name coordinated with this one shares its dates: "Canada and Japan listed it in 2005")
                    mine = partners.get(code, {code})
                    others = [d for d in clause_dates
                              if any(c not in mine and lo <= d.start < hi for c, lo, hi in reach)]
                    own_dates = [d for d in clause_dates if d not in others]
                    date = (_date_for(js, next_other, cs, own_dates) if own_dates else None) or undated
                if date is None and (code, action) in undated_done:
                    continue
                if date is None:
                    undated_done.add((code, action))
                row_action, row_rule = action, rule
                if (action == "listed" and date is not None and cs <= date.start < ce
                        and _UNTIL.search(text, max(cs, date.start - 12), date.start)):
                    # "kept X on its list until December 2012": the date ends the listing
                    row_action, row_rule = "delisted", "de.delisted.until"
                start, end = trim_span(text, cs, ce)
                out.append(_record(doc, start, end, date, date is not None and not (cs <= date.start < ce), code,
                                   _authority(text, js, je) if cs <= js < je else None, row_action, row_rule))
            par_juris = doc_juris = juris
        par_action = main_action or first_action or par_action  # what "followed suit" copies
        if len(out) == rows_before and s.rstrip().endswith(":"):
            colon_act = next((a for a in acts if a is not None and a.form != "nominal"), None)
    return out
