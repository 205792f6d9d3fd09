"""General vocabulary the extractors use: event verbs, listing authorities, places, units.

Every entry is general English or a public name of a place or an authority;
nothing here names a specific event, person, number or sentence of a source.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import NamedTuple

from pipeline.text.multiscan import (
    EndScanner,
    MultiScanner,
    Scanner,
    StartScanner,
    closing_words,
    leading_parts,
    opening_words,
)

LEXICON_DIR = Path(__file__).with_name("lexicons")


def load_lexicon(name: str) -> dict:
    """A lexicon data file of pipeline/extractors/lexicons/ (JSON)."""
    return json.loads((LEXICON_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _word_re(pattern: str) -> str:
    """A trigger pattern matched as whole words."""
    return rf"\b(?:{pattern})(?![^\W\d_])"


# --- Event triggers ----------------------------------------------------------
# (event_type, pattern): verbs and event nouns, not actors ("police", "troops"), from
# lexicons/events.json. The classifier takes the trigger that occurs first in the clause
# (usually the main predicate); on a tie, the kind listed first.
_EVENTS = load_lexicon("events")
EVENT_TRIGGERS: list[tuple[str, str]] = [(t["type"], "|".join(t["patterns"])) for t in _EVENTS["triggers"]]
EVENT_TRIGGER_RES: list[tuple[str, re.Pattern[str]]] = [
    (etype, re.compile(_word_re(pat), re.IGNORECASE)) for etype, pat in EVENT_TRIGGERS
]
# All triggers in one pattern, one named group per entry (g0, g1, …), for one pass over a text.
TRIGGER_RE = re.compile(
    "|".join(f"(?P<g{i}>{_word_re(pat)})" for i, (_etype, pat) in enumerate(EVENT_TRIGGERS)), re.IGNORECASE
)
# TRIGGER_RE's matches, found with a multi-pattern engine as a prefilter (pipeline.text.multiscan):
# every match of TRIGGER_RE is a match of one lexicon entry (the word boundaries only narrow it).
TRIGGER_SCANNER = Scanner(TRIGGER_RE, [p for t in _EVENTS["triggers"] for p in t["patterns"]])
_PART_ENTRY = [i for i, t in enumerate(_EVENTS["triggers"]) for _p in t["patterns"]]  # part -> entry
# The same parts, scanned as fixed-width prefixes (no start-of-match tracking): where entries can start.
# (Every alternative of TRIGGER_RE opens with \b: _word_re.)
_TRIGGER_STARTS = StartScanner([p for t in _EVENTS["triggers"] for p in t["patterns"]], word_start=True)
# Constructions that type a mention whatever trigger comes first (lexicons/events.json "overrides").
EVENT_OVERRIDES: list[tuple[str, re.Pattern[str]]] = [
    (o["type"], re.compile(_word_re("|".join(o["patterns"])), re.IGNORECASE)) for o in _EVENTS["overrides"]
]
HARM_OVER_TYPES = frozenset(_EVENTS["harm_over"]["types"])
HARM_RE = re.compile(_word_re(_EVENTS["harm_over"]["pattern"]), re.IGNORECASE)
PRECEDENCE: list[tuple[str, str]] = [(a, b) for a, b in _EVENTS["precedence"]["pairs"]]


def without_boundaries(pattern: str) -> str:
    """``pattern`` with its ``\\b`` assertions left out: a larger language (every match of the
    pattern is a match of this one), whose matches in a window of a text are its matches in the
    whole text (for a multi-pattern prefilter, pipeline.text.multiscan). ``\\b`` inside a class
    (a backspace) is kept."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if in_class or pattern[i + 1 : i + 2] != "b":
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]" or pattern[i - 1] == "[" or pattern[i - 2 : i] == "[^"
        elif ch == "[":
            in_class = True
        out.append(ch)
        i += 1
    return "".join(out)


# The parts of the overrides and of HARM_RE without their word boundaries: every match of the
# patterns holds one (the prefilter of pipeline.extractors.events, Document.may_match).
OVERRIDE_PARTS = [without_boundaries(p) for o in _EVENTS["overrides"] for p in o["patterns"]]
# The same, per override (EVENT_OVERRIDES[i]'s parts): every match of that pattern holds one.
OVERRIDE_PARTS_EACH = [[without_boundaries(p) for p in o["patterns"]] for o in _EVENTS["overrides"]]
HARM_PARTS = [without_boundaries(_EVENTS["harm_over"]["pattern"])]
# A trigger right after these words names something that has not happened ("awaiting resettlement").
_NOT_OCCURRENCE_WORDS = (
    r"awaiting|pending|to be|would|could|might|plans? to|planned to|advocates?|advocating|seeks? to|"
    r"seeking to|aims? to|aiming to|wants? to|intends? to|will|will be|will have been|shall|"
    r"(?:is|are) (?:expected|set|scheduled|due|going) to(?: be)?"
)
NOT_OCCURRENCE_RE = re.compile(rf"\b(?:{_NOT_OCCURRENCE_WORDS})\s+$", re.IGNORECASE)
# Where its words end in a text, in one pass: a match in text[a:b] (it ends at b) holds one ending in (a, b].
_NOT_OCCURRENCE_CUES = EndScanner("triggers", {"not_occurrence": [_NOT_OCCURRENCE_WORDS]})


class Trigger(NamedTuple):
    """An event trigger in a text: span, kind and its rank in the lexicon (a named tuple: a text has
    thousands, made several times faster than a frozen dataclass's)."""

    start: int
    end: int
    rank: int
    type: str


def find_triggers(text: str) -> list[Trigger]:
    """Every event trigger of a text, in one pass (TRIGGER_RE), in order.

    At a position the entry listed first wins; a trigger right after "to be", "would",
    "plans to" … is not an occurrence and is left out.
    """
    ends = _NOT_OCCURRENCE_CUES.ends(text)
    ends = None if ends is None else ends["not_occurrence"]
    out = []
    for start, end, rank in _trigger_matches(text):
        lo = max(0, start - 20)
        if ends is not None:  # only where one of NOT_OCCURRENCE_RE's words ends in the window
            i = bisect.bisect_right(ends, lo)
            if (i < len(ends) and ends[i] <= start) and NOT_OCCURRENCE_RE.search(text, lo, start):
                continue
        elif NOT_OCCURRENCE_RE.search(text, lo, start):
            continue
        out.append(Trigger(start, end, rank, EVENT_TRIGGERS[rank][0]))
    return out


def _trigger_matches(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, rank)`` of each match of ``TRIGGER_RE.finditer(text)`` (rank: the entry's group).

    Confirmed only inside the prefilter's intervals, at word boundaries (every alternative of
    TRIGGER_RE opens with ``\\b``: _word_re), and with the entries whose parts the engine saw
    there: an entry can match at a position only if one of its parts matches from it, which the
    engine reports (multiscan.StartScanner: a fixed-width prefix of the part from that very start,
    or the part itself from that start or an earlier one) in a report that holds the position;
    reports that overlap join one interval, so the interval holding it has every such entry. Trying those
    entries' own patterns (EVENT_TRIGGER_RES) in lexicon order gives TRIGGER_RE's match, which
    is its first alternative that matches.
    """
    reports = _TRIGGER_STARTS.starts(text) if TRIGGER_SCANNER.engine == "hyperscan" else None
    if reports is None:
        return [(m.start(), m.end(), _rank(m)) for m in TRIGGER_SCANNER.finditer(text)]
    intervals: list[list] = []  # [start, end, entries]: one entry (an int, the usual case) or a set
    for start, end, part in reports:
        if intervals and start <= intervals[-1][1]:
            last = intervals[-1]
            if end > last[1]:
                last[1] = end
            if last[2].__class__ is int:
                last[2] = {last[2], _PART_ENTRY[part]}
            else:
                last[2].add(_PART_ENTRY[part])
        else:
            intervals.append([start, end, _PART_ENTRY[part]])
    n = len(text)
    out: list[tuple[int, int, int]] = []
    pos = 0
    for a, b, entries in intervals:
        tries = (_ENTRY_TRIES[entries] if entries.__class__ is int
                 else [_ENTRY_TRIES[i][0] for i in sorted(entries)])
        p = max(a, pos)
        while p < b:
            before = p > 0 and (text[p - 1].isalnum() or text[p - 1] == "_")
            after = p < n and (text[p].isalnum() or text[p] == "_")
            found = None
            if before != after:  # \b: a word character on one side only
                for i, match in tries:
                    m = match(text, p)
                    if m is not None:
                        found = (p, m.end(), i)
                        break
            if found is None:
                p += 1
                continue
            if found[1] == p:  # an empty match: finditer's own rules apply
                return [(m.start(), m.end(), _rank(m)) for m in TRIGGER_RE.finditer(text)]
            out.append(found)
            pos = p = found[1]
    return out


_ENTRY_TRIES = [[(i, pattern.match)] for i, (_etype, pattern) in enumerate(EVENT_TRIGGER_RES)]


def _rank(m: re.Match[str]) -> int:
    return int(m.lastgroup[1:]) if m.lastgroup else next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)


# A founding trigger whose object is a part of the group (a council, an army,
# a channel) is an organisational act, not the founding of the group.
WING_RE = re.compile(
    r"\b(?:council|army|front|(?<!-)wing|committee|television|radio|channel|network|station|party|office|"
    r"branch|cells?|brigades?|association|society|foundation|company|units?|forces)\b",
    re.IGNORECASE,
)

# A sentence without a date of its own inherits one only if it reports a new
# occurrence: not one that refers back ("These attacks ..."), denies or quotes.
INHERIT_BLOCK_RE = re.compile(
    r"^(?:This|These|That|Those|Such|Some|Other|Others|We|I|It is|There)\b|"
    r"\b(?:not|never|no longer|n't|either|whether)\b|^[“\"‘']",
)

# Words that show a sentence is commentary, a publication or a claim about the
# past rather than a report that something happened.
NON_EVENT_RE = re.compile(
    r"\b(?:wrote|writes|published|argued|argues|described|describes|noted|notes|contends?|contended|"
    r"considered|considers|believes?|believed|is known|are known|referred to|suggests?|suggested|"
    r"said|says|say|saying|stated|stating|states|claimed that|accused|accuses|refers? to|served|"
    r"frequently|regularly|often|usually|claims that|denied|denies|speculation|thought to|"
    r"report(?:ed)? that|book|film|documentary|interview|ideology|"
    r"is|are|has|have|serves?|would|could|might|"
    r"uses|employs|operates|maintains|remains|continues|relies|controls|receives|seeks|aims)\b",
    re.IGNORECASE,
)

# --- Attribution -------------------------------------------------------------
_ATTRIBUTION_VERBS = ("claims?|claimed|alleged|alleges|accused|blamed|stated|said|says|announced|asserts?|asserted|"
                      "reported|reports")
ATTRIBUTION_RES = [
    re.compile(r"\b[Aa]ccording to (?P<who>(?:the |an? )?[A-Z][\w.’'-]*(?:\s+(?:of|the|for|and|[A-Z][\w.’'-]*))*)"),
    re.compile(
        r"(?P<who>\b(?:the |The )?(?:[A-Z][\w.’'-]+\s+){0,4}(?:[A-Z]{2,}|"
        r"[Aa]uthorities|[Gg]overnment|[Oo]fficials|[Rr]egime|[Pp]olice|[Dd]epartment|[Mm]inistry|"
        rf"[A-Z][a-z]+))\s+(?:{_ATTRIBUTION_VERBS})\b"
    ),
]

# --- Designations --------------------------------------------------------------
# Data files: lexicons/jurisdictions.json (authorities and countries that keep lists, as
# written, with their codes) and lexicons/designations.json (listing actions and their verb
# patterns, list-context words, irrealis, reactions, statuses that are not listings).
_JUR = load_lexicon("jurisdictions")
DESIGNATION_LEXICON: dict = load_lexicon("designations")


def _spaces(pattern: str) -> str:
    """A space in a pattern matches any white space: hard-wrapped texts break names across lines."""
    return pattern.replace(" ", r"\s+")


def _jurisdiction_table(data: dict) -> list[tuple[str, str]]:
    """(pattern, code): named bodies first, then country names, then capitals.

    At one position the first pattern listed wins, so "U.S. State Department" is one
    match, not "U.S." followed by a body.
    """
    entries = data["international"] + data["countries"]
    body_nouns, list_nouns = data["body_nouns"], data["list_nouns"]
    bodies = [(pat, e["code"]) for e in entries for pat in e.get("bodies", [])]
    names = [(pat, e["code"]) for e in entries for pat in e.get("names", [])]
    # An adjective names the country only before a body or a list ("British lawmakers", "the
    # British list"); the match is the adjective, the body is read by AUTHORITY_RE.
    adjectives = [(f"(?:{'|'.join(e['adjectives'])})(?=\\s+(?:{body_nouns}|{list_nouns})(?!\\w))", e["code"])
                  for e in entries if e.get("adjectives")]
    capitals = [(pat, e["code"]) for e in entries for pat in e.get("capitals", [])]
    return bodies + adjectives + names + capitals


# Authority or country as written -> ISO 3166-1 alpha-2 code, or EU / UN.
JURISDICTIONS: list[tuple[str, str]] = _jurisdiction_table(_JUR)
def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|`` (not inside a group, a class or after a backslash)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


def _first_chars(pattern: str) -> set[str] | None:
    """The characters a match of ``pattern`` can begin with, or None when not plain to see.

    Read from the pattern's text, conservatively: each top-level alternative must begin with
    a literal character (a letter, a digit, a space or an escaped punctuation mark) that no
    quantifier makes optional; anything else (a group, a class, a look-around) gives None, and
    the pattern is then tried at every position.
    """
    out: set[str] = set()
    for alt in _top_level_alternatives(pattern):
        if not alt:
            return None
        if alt[0] == "\\":
            if len(alt) < 2 or alt[1].isalnum():
                return None  # \b, \d, \s …: a class or an assertion
            first, rest = alt[1], alt[2:]
        elif alt[0].isalnum() or alt[0] in " '’-,":
            first, rest = alt[0], alt[1:]
        else:
            return None
        if rest[:1] in ("?", "*", "{"):
            return None
        out.add(first)
    return out


def _bucketed(patterns: list[str], index: list[int]) -> str:
    """One alternation of named groups ``j{index}_{bucket}``, bucketed by first character.

    At a position only the names that can begin with its character are tried (a lookahead
    per bucket), not all of them: the table has hundreds of names. Within a bucket the
    table's order, hence its precedence, is kept.
    """
    buckets: dict[str, list[int]] = {}
    rest: list[int] = []
    for i, pat in enumerate(patterns):
        chars = _first_chars(pat)
        if chars is None:
            rest.append(i)
            continue
        for ch in sorted(chars):
            buckets.setdefault(ch, []).append(i)
    alts = [
        f"(?={re.escape(ch)})(?:" + "|".join(f"(?P<j{index[i]}_{n}>{patterns[i]})" for i in idx) + ")"
        for n, (ch, idx) in enumerate(sorted(buckets.items()))
    ]
    alts += [f"(?P<j{index[i]}_r>{patterns[i]})" for i in rest]
    return "|".join(alts)


_ADJECTIVES: list[tuple[re.Pattern[str], str]] = [
    (re.compile("|".join(e["adjectives"])), e["code"]) for e in _JUR["countries"] if e.get("adjectives")
]
# The adjectives are one group (their lookahead written once) rather than one entry each, so
# that the expression stays small; jurisdiction_code tells them apart.
_ADJECTIVE_RE = (
    "(?:(?:" + "|".join(e for e in sorted((a for e in _JUR["countries"] for a in e.get("adjectives", [])),
                                               key=len, reverse=True))
    + f")(?=\\s+(?:{_JUR['body_nouns']}|{_JUR['list_nouns']})(?!\\w)))"
)
_ADJ = len(JURISDICTIONS)  # the index of the adjectives' group in _bucketed
_NOT_ADJECTIVE = [i for i, (pat, _code) in enumerate(JURISDICTIONS) if not pat.endswith("(?!\\w))")]
JURISDICTION_RE = re.compile(
    "(?<![\\w.])(?:"
    + _bucketed([f"(?:{_spaces(JURISDICTIONS[i][0])})(?!\\w)" for i in _NOT_ADJECTIVE] + [_spaces(_ADJECTIVE_RE)],
                [*_NOT_ADJECTIVE, _ADJ])
    + ")"
)

# JURISDICTION_RE's matches in windows of a text, with the multi-pattern prefilter (the document
# model keeps one text's intervals): each match is a match of one entry or of an adjective.
JURISDICTION_PARTS: list[str] = (
    [_spaces(JURISDICTIONS[i][0]) for i in _NOT_ADJECTIVE]
    + [_spaces("|".join(a for e in _JUR["countries"] for a in e.get("adjectives", [])))]
)
JURISDICTION_SCANNER = Scanner(JURISDICTION_RE, JURISDICTION_PARTS)


def jurisdiction_code(match: re.Match[str]) -> str:
    """ISO code of a JURISDICTION_RE match."""
    name = match.lastgroup
    if name is not None and name.startswith(f"j{_ADJ}_"):
        return adjective_code(match.group(0))
    if name is None or not name.startswith("j"):
        raise ValueError("not a jurisdiction match")
    return JURISDICTIONS[int(name[1:].split("_")[0])][1]


# A country's adjective opening an institution's name ("Australian National Security", "Canadian
# Security Intelligence Service"): in a page's heading it names the issuer (designations._issuer).
ISSUER_ADJECTIVE_RE = re.compile(_spaces(
    "(?<![\\w.])(?:" + "|".join(a for e in _JUR["countries"] for a in e.get("adjectives", [])) + ")(?= [A-Z])"
))
# A capital ("Washington"): in a heading, a dateline's place, not the issuer.
CAPITAL_RE = re.compile(_spaces(
    "(?:" + "|".join(c for e in _JUR["countries"] for c in e.get("capitals", [])) + ")"
))


def adjective_code(adjective: str) -> str:
    """ISO code of a country's adjective as ISSUER_ADJECTIVE_RE matched it ("Australian": AU)."""
    return next(code for pattern, code in _ADJECTIVES if pattern.fullmatch(" ".join(adjective.split())))


# Named bodies (kept as `authority`) as opposed to bare country names.
AUTHORITY_RE = re.compile(_spaces(
    "(?<![\\w.])(?:the )?(?:"
    + "|".join(pat for e in _JUR["international"] + _JUR["countries"] for pat in e.get("bodies", []))
    + "|" + "|".join(pat for e in _JUR["international"] for pat in e["names"] if len(pat) > 4)
    + "|(?:(?:" + "|".join(a for e in _JUR["countries"] for a in e.get("adjectives", [])) + ") )?"
    + "(?:" + _JUR["body_nouns"] + "))(?!\\w)"
))
# The name of a list that only one jurisdiction keeps ("Foreign Terrorist Organization": US).
LIST_TERMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(f"(?<![\\w.])(?:{_spaces(t['pattern'])})(?!\\w)"), t["code"]) for t in _JUR["list_terms"]
]
# The leading parts of every list name's alternatives (multiscan.leading_parts; None if one has none):
# each match of a LIST_TERMS pattern begins with one of them, in any window of a text.
_TERM_PARTS = [leading_parts(_spaces(t["pattern"])) for t in _JUR["list_terms"]]
LIST_TERM_PARTS: list[str] | None = None if None in _TERM_PARTS else [q for ps in _TERM_PARTS for q in ps or []]


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(f"\\b(?:{_spaces(pattern)})(?![^\\W\\d_])", re.IGNORECASE)


LIST_CONTEXT_RE = _ci(DESIGNATION_LEXICON["list_context"])
# LIST_CONTEXT_RE's alternatives in two patterns: whether it matches a text is whether one of them does.
# LIST_CONTEXT_COMMON_RE holds those that begin with a common word ("the ... list", "was ... listed"),
# which a prefilter by leading parts would report everywhere (it is prefiltered by the words that end
# them, LIST_CONTEXT_COMMON_WORDS); LIST_CONTEXT_RARE_RE the others (prefiltered by their leading parts).
_COMMON_WORDS = ("the", "a", "an", "its", "their", "is", "are", "was", "were", "be", "been", "being")
_LIST_CONTEXT_ALTS = _top_level_alternatives(_spaces(DESIGNATION_LEXICON["list_context"]))
_COMMON_ALTS = [a for a in _LIST_CONTEXT_ALTS
                if set(w.lower() for w in opening_words(a) or ["-"]) <= set(_COMMON_WORDS)]
LIST_CONTEXT_RARE_ALTS: list[str] = [a for a in _LIST_CONTEXT_ALTS if a not in _COMMON_ALTS]
LIST_CONTEXT_RARE_RE = re.compile(f"\\b(?:{'|'.join(LIST_CONTEXT_RARE_ALTS)})(?![^\\W\\d_])", re.IGNORECASE)
LIST_CONTEXT_COMMON_RE = re.compile(f"\\b(?:{'|'.join(_COMMON_ALTS) or '(?!)'})(?![^\\W\\d_])", re.IGNORECASE)
# Words one of which every match of LIST_CONTEXT_COMMON_RE holds ("list", "roster" ...), or None.
LIST_CONTEXT_COMMON_WORDS: list[str] | None = closing_words("|".join(_COMMON_ALTS)) if _COMMON_ALTS else None
# Wishes, campaigns and requests are not acts: "a campaign to be removed from the list".
IRREALIS_RE = re.compile(rf"\b(?:{_spaces(DESIGNATION_LEXICON['irrealis'])})", re.IGNORECASE)
# (action, rule, form, needs a court, pattern), in order of precedence (designations.py).
DESIGNATION_VERBS: list[tuple[str, str, str, bool, re.Pattern[str]]] = [
    (a["action"], a["rule"], a["form"], a["court"], _ci(a["pattern"])) for a in DESIGNATION_LEXICON["actions"]
]
# DESIGNATION_VERBS' matches in windows of a text, from one Hyperscan pass as prefilter: every match of
# a verb pattern begins with a match of a leading part of one of its alternatives (multiscan.leading_parts).
DESIGNATION_VERB_SCANNER = MultiScanner(
    [v[4] for v in DESIGNATION_VERBS],
    [leading_parts(_spaces(a["pattern"])) for a in DESIGNATION_LEXICON["actions"]],
)


def _designation_actions() -> list[tuple[str, re.Pattern[str]]]:
    """``DESIGNATION_ACTIONS``: one pattern per action, in order of precedence (kept for callers of the
    older interface; the extractor reads DESIGNATION_VERBS). Compiled when first read (``__getattr__``):
    compiling them cost every process about 12 ms of its start."""
    return [
        (action, _ci("|".join(f"(?:{a['pattern']})" for a in DESIGNATION_LEXICON["actions"] if a["action"] == action)))
        for action in dict.fromkeys(a["action"] for a in DESIGNATION_LEXICON["actions"])
    ]


def __getattr__(name: str) -> object:
    """Module attributes built when first read (PEP 562): ``DESIGNATION_ACTIONS``."""
    if name == "DESIGNATION_ACTIONS":
        value = globals()[name] = _designation_actions()
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- Places ------------------------------------------------------------------
# Place name -> ISO 3166-1 alpha-2 code of its country.
PLACES: dict[str, str] = load_lexicon("places")["places"]
_PLACE_NAMES = "|".join(sorted((re.escape(p) for p in PLACES), key=len, reverse=True))
_LOCATIVE_WORDS = r"(?:in|at|to|near|from|into|inside|outside|towards?|across)\s+(?:the\s+)?"
PLACE_RE = re.compile(rf"\b{_LOCATIVE_WORDS}(?P<place>{_PLACE_NAMES})\b")
KNOWN_PLACE_RE = re.compile(rf"\b(?:{_PLACE_NAMES})\b")
# The same matches from one multi-pattern pass over a text (the document model's layers):
# every match begins with a match of the pattern stripped of its word-boundary assertions.
PLACE_PARTS = [f"{_LOCATIVE_WORDS}(?:{_PLACE_NAMES})"]

# --- Membership ----------------------------------------------------------------
# The membership vocabulary is data: lexicons/membership.json (its "_about" and "_*" keys
# say what each entry is). MEMBERSHIP is the parsed file; the names below are kept for
# other code.
MEMBERSHIP: dict = {k: v for k, v in load_lexicon("membership").items() if not k.startswith("_")}

# Unit nouns (one or two words, lower case) -> unit code.
UNITS: dict[str, str] = {
    noun.lower(): unit for unit, nouns in MEMBERSHIP["units"].items() for noun in nouns
}


def _nationals(adjectives: list[str]) -> list[str]:
    """Nouns for a country's people, from the gazetteer's adjectives: 'Iraqis', 'Afghans', 'Iraqi nationals'."""
    out = []
    for adjective in adjectives:
        if re.fullmatch(r"[A-Za-z]+", adjective):
            out.append(f"{adjective} nationals")
            if adjective.endswith(("an", "i")):
                out.append(f"{adjective}s")
    return out


# Any country's nationals count people (weak: only with a cue tying them to the organisation).
NATIONALS: list[str] = _nationals([a for e in _JUR["countries"] for a in e.get("adjectives", [])])
UNITS.update({noun.lower(): "people" for noun in NATIONALS})
WEAK_UNITS: frozenset[str] = frozenset(n.lower() for n in (*MEMBERSHIP["weak_units"], *NATIONALS))
# Words in a sentence that make a number a casualty, detainee or vote count
# (an event figure) rather than a size of the group. The membership extractor reads
# the narrower MEMBERSHIP["event_before"] / ["event_after"] around each figure.
NON_MEMBERSHIP_RE = re.compile(
    r"\b(?:kill\w*|dead|deaths?|died|die|wound\w*|injur\w*|casualt\w*|executed|executions?|arrest\w*|"
    r"detain\w*|detention|imprison\w*|prisoners?|captur\w*|missing|defect\w*|votes?|tickets?|"
    r"murder\w*|assassinat\w*|hostages?|massacre\w*|charges?|warrant|attack\w*|sent|trained|"
    r"immolat\w*|hunger|protest\w*|deported|expelled)\b",
    re.IGNORECASE,
)
ESTIMATOR_RES: list[re.Pattern[str]] = [re.compile(p) for p in MEMBERSHIP["estimators"]]
