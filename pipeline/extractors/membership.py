"""Membership estimates: how many people belong to the group, a wing or a site.

Rules (ids in pipeline/extractors/rules/membership.json), all general; the vocabulary is
data (lexicons/membership.json, via lexicon.MEMBERSHIP), the organisation's names, member
words and sites come from its profile (doc.org):

- me.unit_after: a unit noun follows the figure within three words ("3,000 ABC members").
- me.org_noun: the organisation's abbreviation or member word is the count noun ("2,000 ABC").
- me.unit_before: a unit noun precedes the figure with a linking word ("its fighters,
  estimated at 2,500").
- me.membership_before: a membership word precedes it ("membership between 5,000 and 10,000").
- me.force_size: a force's size ("could muster 2,500", "4,000 fighters crossed ...").
- me.site_population: a site's population ("home to 3,400 ...", "the camp's 3,400 residents").
- me.moved_total: a total moved to a place ("1,900 Iranians were relocated to X").
- me.remaining: who remain at a site ("the remaining 1,200", "with only 1,200 remaining").
- me.continued: a figure that continues an estimate of the same sentence ("..., peaking at
  10,000 to 15,000").

A weak unit noun (people, men, troops, individuals ...: lexicon "weak_units") counts the
organisation only with a cue: one of the rules' cue words, a move or presence verb after it,
an estimate word, or the organisation named next to it. Figures below MIN_SIZE count
individuals, not a group. "The ABC has some 3,000 armed men" (a verb of having after the
organisation) is a cue. A residents figure of a town, city, province ... ("the town of 30,000
residents") is the place's population and is skipped. A figure governed by an event word ("killing 52", "52 members were
killed", "600 members defected") counts victims, detainees or defectors and is skipped, as
is a batch ("the last 280 people"). The organisation must take part in the statement
(doc.participates), or the figure counts its members by name or a site of its profile.

Scope: "global"/"worldwide" → global; remaining figures → the place they remain in, else the
last site named that is not the destination; a site's population → the site named before
the figure ("Camp X, home to ...", "the camp's"); a place after the figure (profile sites
first, then known places, then capitalised names that are not titles); a force → the force
named in the sentence, or named earlier when the sentence refers back ("the army"), else
global; "the camp" → the last site named; else global.
Estimator: "according to X", "(X estimate)", "X estimated/claimed …". Date: the first date of
the clause, else of the sentence; else, for a figure stated in the present tense ("has some
3,000 members", "so far 2,000 have moved") in a text with a document date, that date's year
(_present_date); else the paragraph's last date (its year).

Speed (same rows as reading every clause; tests/test_membership_prefilter.py): one Hyperscan
pass per text finds the cue words of the rules, the unit and count nouns and the words of a
number and the profile's site names (_vocabulary_ends); only the sentences that hold a cue word
are visited (_cue_sentences; the others are walked for their paragraphs and dates alone); a
sentence in which the organisation does not take part is skipped when it holds no count noun and
no site name stands within CAMP_LOOKBACK characters before it (_no_site_near); a sentence whose
figures are all dates or all below ten is skipped before its clauses are split
(_sentence_may_count), a clause without a cue word near it, or without a numeral or number word
that may start a figure outside the dates and one of ten or more (_may_hold_figure:
numbers.may_quantify, from the live numerals and number words), before it is tokenised (the date and
size tests of the sentence, _only_dates and the size test, cost a clause more than they save
it); the unit rules skip their searches where no noun stands,
and _classify's cue patterns where no cue word ends. Each skip's docstring says why it is exact.
The pass keeps only each match's end (multiscan.scan_hits), scans no literal that holds another
(_covering), and tells the words of ten or more apart, so the sentence test needs no substring
search of its own; paragraphs and dates are read up to a sentence only when one of its figures
needs them (its scope's floor, its paragraph's date).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import operator
import re
from dataclasses import dataclass, field, replace

from pipeline.extractors import lexicon
from pipeline.extractors.context import DatedSentence, date_fields, mention_id, within_year
from pipeline.extractors.model import Document
from pipeline.extractors.organisation import Organisation, name_pattern
from pipeline.text.dates import PRECISIONS, DateMatch
from pipeline.text.multiscan import scan_hits
from pipeline.text.numbers import RUN_WORDS, Quantity, may_quantify, word_trie

LEX = lexicon.MEMBERSHIP
MIN_SIZE: int = int(LEX["min_size"])  # smaller figures count individuals, not a group's size
CAMP_LOOKBACK = 5000  # characters searched back for "the camp"'s antecedent, at most
LOOKBACK = 60  # characters before a figure in which _classify reads its cue words, at most


def _re(key: str) -> re.Pattern[str]:
    return re.compile(LEX[key], re.IGNORECASE)


_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in lexicon.UNITS), key=len, reverse=True))
_MEMBERSHIP_BEFORE = _re("membership_before")
_FORCE_BEFORE = _re("force_before")
_FORCE = _re("force_words")
_FORCE_ANAPHOR = _re("force_anaphor")
_SITE_BEFORE = _re("site_population_before")
_SITE_POSSESSIVE = _re("site_possessive")
_PRESENCE_AFTER = _re("presence_after")
_MOVE_AFTER = _re("move_after")
_REMAINING_BEFORE = _re("remaining_before")
_REMAINING_AFTER = _re("remaining_after")
_CONTINUE_BEFORE = _re("continue_before")
_EVENT_BEFORE = _re("event_before")
_EVENT_AFTER = _re("event_after")
_EVENT_STOP = _re("event_after_stop")
_BATCH_BEFORE = _re("batch_before")
_BATCH_AFTER = _re("batch_after")
_GLOBAL = _re("global_before")
_GLOBAL_AFTER = _re("global_after")
_NUMBERED_BEFORE = _re("numbered_before")
_SITE_POPULATION_OF = _re("site_population_of")
_NOT_SITE_BEFORE = _re("not_site_before")
_POSSESS_BEFORE = _re("possess_before")
_ESTIMATE = _re("estimate_words")
_DEFINITE_SITE = _re("definite_site")
_PRESENT = _re("present_tense")
_VAGUE_PERIOD = _re("vague_period")
_PAST = _re("past_tense")
_PARTICIPLE = re.compile(LEX["past_participles"])  # case-sensitive: "United", "Ahmed" are names
_AUXILIARIES = frozenset(LEX["past_auxiliaries"])
_LAST_WORD = re.compile(r"([\w’']+)\s+$")
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_VERB_FOLLOWERS = frozenset(LEX["verb_followers"])
_PERFECT = frozenset(("has", "have", "’ve", "'ve"))
_NOT_PLACE = frozenset(LEX["not_place"])
_NOT_PLACE_AFTER = frozenset(LEX["not_place_after"])
_DETERMINERS = frozenset(LEX["determiners"])
_QUALIFIERS = (r"(?:(?:an?|about|around|some|nearly|roughly|approximately|over|more than|at least|up to|no more than|"
               r"fewer than|less than|almost|just|only|estimated|an estimated|at)\s+)*$")
# A unit noun before the figure, linked to it ("its fighters, estimated at 2,500").
_UNIT_BEFORE = re.compile(
    rf"\b(?P<unit>{_UNIT_ALT})\b(?:\s+\w+|\s+(?:of|in|at)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z0-9][\w’'-]*){{0,2}})?"
    r"\s*,?\s*(?:(?:which|who|now|still|then|today|currently)\s+)*"
    r"(?:number(?:ed|ing|s)?(?:\s+(?:at|about|around|some))?|total(?:l?ed|l?ing|s)?|"
    r"(?:(?:is|are|was|were)\s+)?(?:estimated|thought|believed|put|said|reported)\s+(?:to\s+(?:be|number)\s+)?(?:at\s+)?|"
    r"stood at|stand at|amount(?:ed|ing)? to|:|,)\s*" + _QUALIFIERS,
    re.IGNORECASE,
)
_LINK = re.compile("|".join(map(re.escape, LEX["unit_before_links"])), re.IGNORECASE)
_NUMBER_OF = re.compile(rf"\bnumbers? of (?:its |their |the )?(?:\w+ )?(?:{_UNIT_ALT})\b[^.;]{{0,40}}$", re.IGNORECASE)
_STRONG = re.compile(r"-?\s?strong\b(?P<noun>(?:\s+[\w’'-]+){0,3})", re.IGNORECASE)
_NAME = r"[A-Z][\w’'-]+(?:\s+(?:of\s+)?[A-Z0-9][\w’'-]*)*"
_PLACE_AFTER = re.compile(
    r"\b(?P<prep>at|in|into|to|inside)\s+(?:the\s+|its\s+)?(?P<place>(?:Camp\s+)?" + _NAME +
    r"(?:\s*\([A-Z][\w’'-]*\))?(?:\s+(?:camp|refugee camp|base|compound))?)"
)
# A named camp: each alternative with the literals one of which every match of it holds (case as
# written: _site_names looks for them before it asks the regex).
_NAMED_CAMP_ALTERNATIVES = (
    (r"\b(?:Camp|Base) [A-Z][\w’'-]*(?: [A-Z0-9][\w’'-]*)*(?: \([A-Z][\w’'-]*\))?", ("Camp", "Base")),
    (r"\b[A-Z][\w’'-]+(?: refugee)? (?:camp|base)\b", ("camp", "base")),
    (r"\b[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)* (?:Temporary )?Transit Location(?: \([A-Z]+\))?", ("Transit Location",)),
)
_NAMED_CAMP = re.compile("|".join(part for part, _words in _NAMED_CAMP_ALTERNATIVES))
_NAMED_CAMP_WORDS = tuple(w for _part, words in _NAMED_CAMP_ALTERNATIVES for w in words)
_NATIONAL = re.compile("|".join(
    [r"[A-Z]{2,3}|U\.S\.|U\.K\."] + [p.pattern for p, _code in lexicon._ADJECTIVES]))
_FORCE_NAME = re.compile(
    r"\b[A-Z][\w’'-]*(?:\s+(?:of|the|[A-Z][\w’'-]*))*\s+(?:Army|Force|Forces|Brigades?|Wing)(?:\s+of\s+[A-Z][\w’'-]*)?"
)
_OF_OWN = re.compile(r"\s+of\s+(?:its|their|the\s+(?:group|organi[sz]ation|movement)(?:'s|’s))")
_SITE_PREP = re.compile(r"\b(at|in|into|to|inside|from|of)\s+(?:the\s+)?[\[(“\"']?$")  # "at [Camp X](#)"
# After a count noun ("4,000 ABC lived ..."), a verb, adverb or preposition; any other
# lower-case word is the noun the name qualifies ("two ABC factions", "40 ABC safe houses").
_VERBISH = re.compile(r"[a-z]+ed|" + "|".join(map(re.escape, LEX["after_count_noun"])))
_BARE_NEXT = frozenset(LEX["after_bare_figure"])
_MACHINE_WORDS = frozenset(LEX["machine_words"])


@dataclass(frozen=True)
class _Org:
    """What the extractor reads from the organisation's profile, compiled once."""

    count_noun: re.Pattern[str] | None  # abbreviations and member words used as count nouns
    names: frozenset[str]  # first words of its names and abbreviations: never a place
    sites: re.Pattern[str] | None
    forces: re.Pattern[str] | None  # its armed wings
    org: Organisation  # for its name matcher: a place inside a name is no place ("... of Iran")
    # Where a count noun or a site name can stand (substrings; None: anywhere): a clause with
    # neither cannot give a figure that passes rule me.participation without the paragraph rule.
    count_anywhere: re.Pattern[str] | None = None
    site_anywhere: re.Pattern[str] | None = None
    # The matcher's pattern reads one character before a match at most (its look-behind) and
    # nothing of the text's start: its matches in a window are those in the window's slice.
    names_by_window: bool = False


@functools.lru_cache(maxsize=32)
def _org(org: Organisation) -> _Org:
    short = [re.escape(a) for a in (*org.abbreviations, *org.short_forms)]
    words = [name_pattern(w) for w in org.member_words]
    single = [name_pattern(n) for n in org.all_names if " " not in n.strip()]
    alts = [f"(?:{'|'.join(short)})"] if short else []
    if words or single:
        alts.append(f"(?i:{'|'.join(words + single)})")
    count = re.compile(rf"^(?:{'|'.join(alts)})$") if alts else None
    firsts = {n.split()[0] for n in (*org.all_names, *org.short_forms, *(w.name for w in org.wings)) if n.split()}
    sites = sorted((s.name for s in org.sites), key=len, reverse=True)
    site_re = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sites)) + r")(?![\w-])") if sites else None
    wings = [w for w in org.wings if "armed" in w.kind or "army" in w.kind]
    armed = sorted((w.name for w in wings), key=len, reverse=True)
    # "7,000 NLA fighters": an armed wing's abbreviation names the force too (case-sensitive).
    short_forces = sorted({a for w in wings for a in w.abbreviations}, key=lambda a: (-len(a), a))
    force_alts = [name_pattern(n) for n in armed] + [rf"(?-i:(?<![\w-]){re.escape(a)}(?![\w-]))" for a in short_forces]
    force_re = re.compile("|".join(force_alts), re.IGNORECASE) if force_alts else None
    local = alts and not re.search(r"\(\?[=!<]|[$^]|\\[bBAZ]", "|".join(alts))
    count_anywhere = re.compile("|".join(alts)) if local else None
    site_anywhere = re.compile("|".join(r"\s+".join(map(re.escape, n.split())) for n in sites)) if sites else None
    pattern = org.matcher.regex.pattern if org.matcher.regex is not None else ""
    by_window = (pattern.startswith(r"(?<![\w-])") and pattern.count("(?<") == 1
                 and not re.search(r"\\[bBAZG]|\$|(?<!\[)\^", pattern))
    return _Org(count, frozenset(firsts), site_re, force_re, org, count_anywhere, site_anywhere, by_window)


def _no_site_scope(o: _Org, text: str) -> bool:
    """Whether no figure of the text can have one of the organisation's sites as its scope.

    A scope is "global" or words of the text (spaces normalised), so a text that holds no
    site name, spaces aside, gives no site scope.
    """
    if o.sites is None:
        return True
    return not o.sites.fullmatch("global") and o.site_anywhere is not None and o.site_anywhere.search(text) is None


def _no_site_near(o: _Org, cues: _Cues, start: int, end: int) -> bool:
    """Whether no figure of the sentence ``text[start:end]`` can have one of the organisation's
    sites as its scope, read from the vocabulary pass (no search).

    Exact (the figures that can are a subset of those it keeps): a scope is "global" or words of
    ``text[max(0, start - CAMP_LOOKBACK) : end]`` (spaces normalised): _scope reads the figure's
    clause and sentence, the 1,500 characters before the sentence (_force_scope) and the
    CAMP_LOOKBACK characters before the figure (_antecedent_site), each through a slice or a
    search bounded by those offsets, and a figure that continues an estimate takes that one's
    scope, of the same sentence. A scope that o.sites fullmatches is a site name, so the name,
    spaces aside, stands in that window, where ``o.site_anywhere`` matches it; the pass reports
    the end of every match of that part (overlaps included), and such a match ends in
    ``(max(0, start - CAMP_LOOKBACK), end]``.
    """
    if o.sites is None:
        return True
    return not o.sites.fullmatch("global") and not _cue_within(cues.sites, max(0, start - CAMP_LOOKBACK), end)


def _no_count_noun(o: _Org, clause: str) -> bool:
    """Whether no word of the clause can be the organisation's count noun ("2,000 ABC")."""
    return o.count_noun is None or (o.count_anywhere is not None and o.count_anywhere.search(clause) is None)


def _only_dates(clause: str, cs: int, dates: tuple, words: bool = True) -> bool:
    """Whether every figure find_quantities could read in the clause starts inside a date.

    A figure starts at an ASCII digit or at a number word other than "a", "an", "and"
    (numbers.RUN_WORDS); the extractor skips a figure that starts inside a date. ``words``
    False: the vocabulary pass found no number word in the clause.
    """
    pos, n = 0, len(clause)  # every ASCII digit inside a date: none in the gaps between the dates
    for d in dates if len(dates) < 2 else sorted(dates, key=_START):
        a, b = d.start - cs, d.end - cs
        if b <= pos:
            continue
        if a >= n:
            break
        if a > pos and _ASCII_DIGITS.search(clause, pos, a):
            return False
        pos = b  # (dates in order of their starts: what lies before ``pos`` is a date or was searched)
        if pos >= n:
            break
    if pos < n and _ASCII_DIGITS.search(clause, pos):
        return False
    if not words or _NUMBER_WORD_SUBSTRING.search(clause.lower()) is None:
        return True  # a word's lower case is a substring of the clause's (str.lower maps each character alone)
    return not any(w.lower() in _NUMBER_WORDS for w in _LETTERS.findall(clause))


def _may_hold_figure(
    clause: str, cs: int, dates: tuple, words: bool = True, large_words: bool = True,
    word_ends: list[int] | None = None,
) -> bool:
    """Whether ``find_quantities(clause)`` may give a figure the extractor reads: one of MIN_SIZE or
    more whose number starts outside the dates (numbers.may_quantify, exact: a superset).

    ``words`` False: the vocabulary pass found no number word in the clause (_Cues.numbers), so
    none is read; ``large_words`` False: none of _LARGE_WORDS (_Cues.large: a word token whose
    lower case is one holds a match of the pass); ``word_ends`` (None: the clause is searched):
    the ends of the pass's number words, sorted, absolute (a word token of the clause whose lower
    case is a number word holds a match of one, which ends inside it).
    """
    return may_quantify(clause, MIN_SIZE, dates, words, large_words, word_ends, cs)


_START = operator.attrgetter("start")
_LETTERS = re.compile(r"[^\W\d_]+")  # the word tokens of numbers._TOKEN
_NUMBER_WORDS = frozenset(w for w in RUN_WORDS if w not in ("a", "an", "and"))
_NUMBER_WORD_SUBSTRING = re.compile(word_trie(_NUMBER_WORDS))  # where one starts, as the alternation
# Words of a number worth ten or more, alone or with others ("ten", "forty", "hundred", "dozen").
_LARGE_WORDS = _NUMBER_WORDS - {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "half"}
_LARGE_WORD_SUBSTRING = re.compile(word_trie(_LARGE_WORDS))
# Two digits in a row, or an exponent after a digit ("2^5", "2**5", "1e5").
_LARGE_DIGITS = re.compile(r"[0-9](?:[0-9]| ?[\^*]|[eE])")  # one leading class: searched faster


_ASCII_DIGITS = re.compile("[0-9]+")


_PUNCT = re.compile(r"[,;:.()]")
# Patterns the functions below read for every figure, compiled once (re's own cache costs a look-up per call).
_ANY_DIGIT = re.compile(r"\d")
_ACCORDING_TO = re.compile(r"\baccording to\b")
_OF_NEXT = re.compile(r"\s+of\s+")
_OF_WHOM = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?")
_ITS_BEFORE = re.compile(r"\b(?:its|their)\s+$")
_SUBJECT_TAIL = re.compile(r"(?:'s|’s)?(?:\s+[a-z][\w-]*){0,4}\s*,?\s*")
_ING_LY = re.compile(r"[a-z]+(?:ing|ly)")
_AT_IN_INSIDE = re.compile(r"\s+(?:at|in|inside)\b")
_AT_IN = re.compile(r"\s+(?:at|in)\b")
_AND_BEFORE = re.compile(r"\band\s+$")


def _unit_after(
    text: str, start: int, limit: int, o: _Org, nouns: list[int] | None = None
) -> tuple[str, str, int] | None:
    """(unit, noun, end) of a unit noun within three words after text[start]; None if there is none.

    The organisation's abbreviation or member word is a count noun ("2,000 ABC") unless
    another noun follows it ("two opposing ABC factions"). ``nouns``: the ends of the text's
    unit and count nouns (_Cues.nouns); none in the window, none is read.
    """
    if nouns is not None and not _cue_within(nouns, start, min(limit, start + 60)):
        return None
    punct = _PUNCT.search(text, start, min(limit, start + 60))
    words = list(_WORD.finditer(text, start, punct.start() if punct else min(limit, start + 60)))[:4]
    for i, m in enumerate(words[:3]):
        w = m.group(0)
        if i + 1 < len(words):
            pair = f"{w} {words[i + 1].group(0)}".lower()
            if pair in lexicon.UNITS and text[m.end() : words[i + 1].start()] == " ":
                return lexicon.UNITS[pair], pair, words[i + 1].end()
        low = w.lower()
        if low in lexicon.UNITS:
            if i and words[i - 1].group(0).lower() in _MACHINE_WORDS:
                return None  # "48 jet fighters", "20 fighter bombers": aircraft, not people
            return lexicon.UNITS[low], low, m.end()
        if o.count_noun is not None and o.count_noun.match(w):
            nxt = words[i + 1] if i + 1 < len(words) else None
            if nxt is not None and text[m.end() : nxt.start()].strip() == "" and nxt.group(0)[0].islower():
                if nxt.group(0).lower() in lexicon.UNITS:
                    return lexicon.UNITS[nxt.group(0).lower()], nxt.group(0).lower(), nxt.end()
                if not _VERBISH.fullmatch(nxt.group(0)):
                    return None  # "two opposing ABC factions": the name qualifies another noun
            return "members", "@org", m.end()
    return None


def _event_figure(text: str, sent_start: int, start: int, end: int, limit: int) -> bool:
    """Is the figure text[start:end] a count of victims, detainees, defectors or votes?"""
    if _EVENT_BEFORE.search(text[max(sent_start, start - 40) : start]):
        return True
    after = text[end:limit]
    nxt = _ANY_DIGIT.search(after)
    after = after[: nxt.start()] if nxt else after
    words = list(_WORD.finditer(after))[:8]
    window = words[-1].end() if words else 0
    stop = next((m.start() for m in words if _EVENT_STOP.fullmatch(m.group(0))), window)
    hit = _EVENT_AFTER.search(after, 0, stop + 30)
    return bool(hit and hit.start() <= stop)  # "... in custody": the stop word may begin the event


def _site_names(text: str, o: _Org, start: int, end: int) -> list[re.Match[str]]:
    """Sites of the profile and named camps in text[start:end], in order.

    _NAMED_CAMP is searched only where one of _NAMED_CAMP_WORDS stands inside the window (a
    match found by ``finditer(text, start, end)`` lies inside it, with its words).
    """
    found = list(o.sites.finditer(text, start, end)) if o.sites else []
    if not any(text.find(w, start, end) >= 0 for w in _NAMED_CAMP_WORDS):
        return found  # (in order: finditer's)
    for m in _NAMED_CAMP.finditer(text, start, end):
        first = m.group(0).split()[0]
        if _NATIONAL.fullmatch(first):
            continue  # "a former US base", "an American base": a description, not a site's name
        if first not in _NOT_PLACE and not any(f.start() <= m.start() < f.end() for f in found):
            found.append(m)
    return sorted(found, key=lambda m: m.start())


def _antecedent_site(
    text: str, o: _Org, before: int, floor: int, exclude: str | None = None, profile_first: bool = False
) -> str | None:
    """The last site named in text[floor:before] ("... Camp X ... the camp").

    With ``profile_first``, the last of the profile's sites if one is named (the site a
    group is moving out of), else the last named camp; ``exclude`` (a destination) is skipped.

    At most CAMP_LOOKBACK characters are searched, so a very long paragraph (a
    20 MB text on one line) does not make the search quadratic.
    """
    names = [m.group(0) for m in _site_names(text, o, max(floor, before - CAMP_LOOKBACK), before)]
    names = [n for n in names if not (exclude and (n in exclude or exclude in n))]
    profile = [n for n in names if o.sites and o.sites.fullmatch(n)] if profile_first else []
    return (profile or names or [None])[-1]


def _is_place(text: str, m: re.Match[str], o: _Org) -> bool:
    place = m.group("place")
    first = place.split()[0]
    if first in _NOT_PLACE or first in o.names:
        return False
    last_words = _WORD.findall(text[m.end("place") : m.end("place") + 20])
    if last_words and last_words[0] in _NOT_PLACE_AFTER and text[m.end("place")] == " ":
        return False
    return not any(w in _NOT_PLACE_AFTER for w in place.split()[1:])


_NEW_PREDICATE = re.compile(r",\s+(?:and\s+)?(?:[a-z]+ed|held|has|have|had|is|are|was|were|says?|said|told)\b")


def _place_after(doc: Document, start: int, limit: int, o: _Org) -> tuple[str, str] | None:
    """(preposition, place) of the first place after the figure, before the next figure.

    The search stops at "according to", at the next figure and at a comma that opens another
    predicate ("..., held its rally in Paris"): the place must belong to the figure's phrase.
    Computed once per document and window (a figure asks again for each rule and its scope).
    """
    key = ("membership._place_after", start, limit)
    try:
        return doc.memo[key]
    except KeyError:
        doc.memo[key] = found = _find_place_after(doc, start, limit, o)
        return found


def _find_place_after(doc: Document, start: int, limit: int, o: _Org) -> tuple[str, str] | None:
    """_place_after, computed."""
    text = doc.text
    tail = text[start:limit]
    ends = [m.start() for m in (_ACCORDING_TO.search(tail), _ANY_DIGIT.search(tail),
                                _NEW_PREDICATE.search(tail)) if m]
    stop = min(ends) if ends else len(tail)
    stop += start
    of_site = None  # "residents of Camp X": the site, unless a place they go to or live in follows
    if o.sites:
        for m in o.sites.finditer(text, start, limit):
            if m.start() >= stop:
                break
            pre = _SITE_PREP.search(text[max(start, m.start() - 12) : m.start()])
            if pre and pre.group(1) in ("of", "from"):
                of_site = of_site or (pre.group(1), m.group(0))
            elif pre:
                return pre.group(1), m.group(0)
    names: list[tuple[int, int]] | None = None

    def in_name(m: re.Match[str]) -> bool:
        nonlocal names
        if names is None:  # read when first needed
            names = _names_near(o, text, max(0, start - 80), stop)
        return any(a <= m.start() < b for a, b in names)

    for m in _PLACE_AFTER.finditer(text, start, stop):
        if _is_place(text, m, o) and not in_name(m):
            return m.group("prep"), m.group("place")
    if of_site:
        return of_site
    if o.sites:
        for m in o.sites.finditer(text, start, stop):
            return "", m.group(0)  # a site of the profile named after the figure
    for known in lexicon.KNOWN_PLACE_RE.finditer(text, start, stop):  # doc.gazetteer_in: a scan per document
        if not in_name(known):
            return "", known.group(0)
    return None


def _names_near(o: _Org, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the organisation's named references other than sites in text[start:end].

    ``o.org.matcher.find(text, start, end)``; read from the window alone (not a scan of the
    whole text, which the matcher repeats whenever it last read another text) when its pattern
    looks at one character before a match at most (``_Org.names_by_window``).
    """
    if o.names_by_window:
        base = max(0, start - 1)
        return [(base + r.start, base + r.end) for r in o.org.matcher.find(text[base:end], start - base)
                if r.kind != "site"]
    return [(r.start, r.end) for r in o.org.matcher.find(text, start, end) if r.kind != "site"]


def _force_scope(text: str, ds: DatedSentence, o: _Org, floor: int) -> str:
    """The force a fighters figure counts: named in the sentence, or earlier when referred back to."""
    sent = text[ds.start : ds.end]
    for pattern in (o.forces, _FORCE_NAME):
        if pattern is not None:
            m = pattern.search(sent)
            if m:
                return m.group(0)
    previous = text[max(floor, ds.start - 300) : ds.start]
    previous = previous.rsplit(".", 2)[-2] if previous.count(".") >= 2 else previous  # the sentence before
    if _FORCE_ANAPHOR.search(sent) or _FORCE_ANAPHOR.search(previous):
        window = text[max(floor, ds.start - 1500) : ds.start]
        for pattern in (o.forces, _FORCE_NAME):
            if pattern is not None:
                found = list(pattern.finditer(window))
                if found:
                    return found[-1].group(0)
    return "global"


_POSSESSIVE_OR_WHERE = re.compile(
    r"(?:'s|’s)\s+(?:\w+\s+)?|\s*,?\s*(?:where|in which|at which)\b[^.;]{0,30}|\s*(?:[:–—]|\()\s*"
    r"|\s*,\s*(?:with|housing|hosting|sheltering|then home to|home to)\s+", re.IGNORECASE
)
_SITE_IN_PLACE = re.compile(
    r"\b(?:camp|compound|base|site|settlement)\s+(?:in|at|near)\s+(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)")
_DEPART = re.compile(r"\b(?:left|leave|leaving|fled|flee|departed|quit)\b", re.IGNORECASE)
_MOVED = re.compile(r"\b(?:relocated|moved|transferred|resettled|evacuated|taken|brought|flown)\b", re.IGNORECASE)
_DEST_NP = re.compile(
    r"\b(?:for|to|towards?|into|in)\s+(?P<np>(?:an?|the|some|other|third|various|several)\s+[^,;.()\d]{2,60}?)"
    r"(?=\s*(?:[,;.()]|$|\b(?:by|after|before|since|until|during|when|while|where|which|who|and then|in \d)\b))",
    re.IGNORECASE,
)


def _destination(text: str, start: int, end: int) -> str | None:
    """Where a departure or a move after the figure goes, when it is described rather than named.

    "... left their base in X for an area near the border" → "an area near the border" (X is
    where they left); "... were relocated to third countries" → "third countries". A named
    destination ("relocated to Albania") is read by _place_after.
    """
    tail = text[start:end]
    verb = _DEPART.search(tail, 0, 100) or _MOVED.search(tail, 0, 100)  # the figure's own verb
    if verb is None:
        return None
    preps = r"for|to|towards?|into" if _DEPART.fullmatch(verb.group(0)) else r"to|towards?|into|in"
    first = re.compile(rf"\b(?:{preps})\s", re.IGNORECASE).search(tail, verb.end())
    m = _DEST_NP.match(tail, first.start()) if first else None  # the first destination only
    if m is None or m.start() - verb.end() > 60:
        return None
    np = m.group("np").strip()
    if _DEFINITE_SITE.fullmatch(np):
        return None  # "moved to the new camp": the camp named before (_scope)
    if _DEPART.fullmatch(verb.group(0)) or not re.match(r"(?:an?|the)\s+[A-Z]", np):
        return " ".join(np.split()[:8])
    return None


def _scope(
    doc: Document, q0: int, q1: int, ce: int, ds: DatedSentence, floor: int, rule: str, unit: str,
    o: _Org | None = None,
) -> str:
    """What the figure text[q0:q1] is the size of (module docstring, Scope); ``o``: _org(doc.org)."""
    text, o = doc.text, o or _org(doc.org)
    lead = text[max(ds.start, q0 - 40) : q0]
    if _GLOBAL.search(lead) or _GLOBAL_AFTER.match(text, q1, ce):
        return "global"
    inside = _site_names(text, o, q0, q1)
    if inside:
        return inside[0].group(0)  # "3,000 Camp X residents"
    named = _site_names(text, o, ds.start, q0)
    if named and _POSSESSIVE_OR_WHERE.fullmatch(text[named[-1].end() : q0]):
        return named[-1].group(0)  # "Camp X's 2,000 residents", "Camp X, where 2,000 members live"
    if rule == "me.force_size" and _MOVE_AFTER.search(text[q1:ce][:80]):
        return _force_scope(text, ds, o, floor)  # a force on the move: where it goes is not its scope
    dest = _destination(text, q1, ce)
    if dest:
        return dest
    after = _place_after(doc, q1, ce, o)
    if rule == "me.remaining":
        if after and after[0] in ("in", "at", "inside", "to", "into"):
            return after[1]  # remain in X; the remaining N were brought to X
        m = re.search(r"\b(?:to|into)\s+(?:the\s+)?(?P<p>" + _NAME + ")", text[ds.start : q0])
        dest = m.group("p") if m else None  # "moved ... to Camp Y, with only N remaining": not Camp Y
        site = _antecedent_site(text, o, q0, 0, exclude=dest, profile_first=True)
        if site:
            return site
    if rule in ("me.unit_before", "me.membership_before"):
        near_sites = _site_names(text, o, max(ds.start, q0 - 60), q0)
        if near_sites:
            return near_sites[-1].group(0)  # "the residents of Camp X, numbering 3,000"
    if rule == "me.site_population":
        before = _site_names(text, o, ds.start, q0)
        if before and not _SITE_POSSESSIVE.search(lead):
            return before[-1].group(0)
        site_in = _SITE_IN_PLACE.search(text, ds.start, q0)
        if site_in:
            return site_in.group("place")  # "the group's compound in Albania was home to 2,500"
        if _SITE_POSSESSIVE.search(lead) or _DEFINITE_SITE.search(text[ds.start : q0]) or not after:
            site = _antecedent_site(text, o, q0, floor)  # "the camp's N", "The population was N"
            if site:
                return site
    if after and after[0] not in ("from", ""):
        return after[1]
    if unit == "fighters" or _FORCE.search(text[max(ds.start, q0 - 30) : q1 + 40]):
        return _force_scope(text, ds, o, floor)
    if after and after[0] == "":
        return after[1]  # a known place named after the figure without a preposition
    if _DEFINITE_SITE.search(text[ds.start : ds.end]):
        site = _antecedent_site(text, o, q0, floor)
        if site:
            return site
        return _DEFINITE_SITE.search(text[ds.start : ds.end]).group(0)
    return "global"


@functools.lru_cache(maxsize=256)  # called once per figure: a sentence of many figures is searched once
def _estimator(sentence: str) -> str | None:
    """Who gives the estimate of a sentence, where it says ("according to X", "X estimated ...")."""
    for pattern in lexicon.ESTIMATOR_RES:
        pos = 0
        while (m := pattern.search(sentence, pos)) is not None:
            who = m.group("who").strip(" ,.")
            if who.lower() not in _DETERMINERS:
                return who[4:] if who[:4] in ("the ", "The ") and who[4:5].isupper() else who
            pos = m.start("who") + len(m.group("who").split()[0]) if who else m.end()  # "In 2015 the ABC said"
    return None


_UNIT_WORD = re.compile(rf"\b(?:{_UNIT_ALT})\b", re.IGNORECASE)


def _earlier_unit(text: str, start: int, pos: int, nouns: list[int] | None = None) -> str | None:
    """Unit of the last unit noun in text[start:pos] (``nouns``: as for _unit_after)."""
    if nouns is not None and not _cue_within(nouns, start, pos):
        return None
    for m in reversed(list(_UNIT_WORD.finditer(text[start:pos]))):
        return lexicon.UNITS[m.group(0).lower()]
    return None


def _weak_link(
    doc: Document, ds: DatedSentence, q0: int, q1: int, unit_end: int, after_unit: str,
    cue_ends: list[int] | None = None,
) -> bool:
    """Does a cue tie a weak unit's figure ("200 people") to the organisation?

    ``cue_ends`` (_Cues.all, or None): a match of _MEMBERSHIP_BEFORE holds a cue word, so it is
    searched only where one ends.
    """
    text = doc.text
    lo = max(ds.start, q0 - 60)
    return bool(
        ((cue_ends is None or _cue_within(cue_ends, lo, q0)) and _MEMBERSHIP_BEFORE.search(text[lo:q0]))
        or _ESTIMATE.search(text[max(ds.start, q0 - 40) : q1])  # "an estimated 200": the word is in the figure
        or doc.refs_in(q1, unit_end, named_only=True)
        or (_OF_NEXT.match(after_unit) and doc.refs_in(unit_end, unit_end + 40, named_only=True))
        or _ITS_BEFORE.search(text[max(ds.start, q0 - 8) : q0])
        or _possessed(doc, ds, q0)
    )


def _possessed(doc: Document, ds: DatedSentence, q0: int) -> bool:
    """"The ABC has some 3,000 armed men": a verb of having whose subject is the organisation."""
    m = _POSSESS_BEFORE.search(doc.text, max(ds.start, q0 - 60), q0)
    return bool(m and _subject_is_org(doc, ds, m.start()))


def _subject_is_org(doc: Document, ds: DatedSentence, verb: int) -> bool:
    """Is the subject right before text[verb] the organisation ("the ABC's army numbered ...")?"""
    for r in reversed(doc.refs_in(max(ds.start, verb - 80), verb)):
        return bool(_SUBJECT_TAIL.fullmatch(doc.text[r.end : verb]))
    return False


def _noun_like(word: str) -> bool:
    """Is a lower-case word right after a figure the noun it counts (not a verb, adverb or preposition)?"""
    if not word[:1].islower() or word.lower() in _BARE_NEXT or _VERBISH.fullmatch(word):
        return False
    return not _ING_LY.fullmatch(word)


def _own_force(doc: Document, ds: DatedSentence, offset: int, near: str) -> bool:
    """Is the force verb in ``near`` (text from ``offset``) the organisation's?

    "the ABC could muster 2,500", "its army of 9,000", "the ABC's army of 9,000" are; "Iraq
    deployed 5,000 troops" is not.
    """
    verb = _FORCE_BEFORE.search(near)
    if verb is None:
        return False
    head = near[: verb.start()]
    if _subject_is_org(doc, ds, offset + verb.start()) or re.search(r"\b(?:its|their)\s+(?:\w+\s+)?$", head):
        return True
    # "the ABC moved to X, where it built an army of 15,000": a pronoun after the organisation named
    pronoun = re.search(r"\b(?:it|they)\s+(?:[a-z]+ly\s+|also\s+|then\s+|soon\s+)?(?:built|raised|formed|assembled|"
                        r"created|had|has|have|maintained|fielded|commanded|led|organi[sz]ed|trained|kept)\s+"
                        r"(?:up\s+)?(?:an?\s+)?(?:\w+\s+)?$", head)
    if pronoun and doc.refs_in(ds.start, offset + pronoun.start(), named_only=True):
        return True
    force = _FORCE.search(head)
    return bool(force and _subject_is_org(doc, ds, offset + force.start()))


def _classify(
    doc: Document, ds: DatedSentence, cs: int, ce: int, q: Quantity, last_unit: str | None,
    nouns: list[int] | None = None, o: _Org | None = None, cue_ends: list[int] | None = None,
) -> tuple[str, str] | None:
    """(unit, rule id) of a figure that is a membership estimate; None if it is not one.

    ``last_unit`` is the unit of the estimate just before (a bare "2,745 remain in X" counts the same).
    ``nouns``: the ends of the text's unit and count nouns (_Cues.nouns), or None: the rules that
    need a unit noun in a window skip their search when none ends inside it. ``o``: _org(doc.org).
    ``cue_ends``: the ends of all cue words (_Cues.all), or None: a cue pattern is searched only in
    a window where a cue word ends (each match of one holds a cue word: _CUE_LITERALS).
    """
    text, o = doc.text, o or _org(doc.org)
    q0, q1 = cs + q.start, cs + q.end
    before = text[max(ds.start, q0 - LOOKBACK) : q0]
    near = text[max(ds.start, q0 - 30) : q0]
    found = _unit_after(text, q1, ce, o, nouns)
    of_own = _OF_OWN.match(text, q1, ce)
    if found is None and of_own:  # "3,000 of the group's members"
        found = _unit_after(text, of_own.end(), ce, o, nouns)
    after_unit = text[found[2] if found else q1 : ce]
    cue = None
    near_cue = cue_ends is None or _cue_within(cue_ends, q0 - len(near), q0)
    if near_cue and (_SITE_BEFORE.search(near) or _SITE_POSSESSIVE.search(near)):
        cue = "me.site_population"
    elif (near_cue and _REMAINING_BEFORE.search(near)) or (
            (cue_ends is None or _cue_within(cue_ends, q1, ce)) and _REMAINING_AFTER.match(text, q1, ce)):
        cue = "me.remaining"
    elif near_cue and _FORCE_BEFORE.search(near):
        cue = "me.force_size" if _own_force(doc, ds, q0 - len(near), near) else "me.other_force"
    if found is not None and found[0] in ("residents", "people") and _NOT_SITE_BEFORE.search(before):
        return None  # "the town of 30,000 residents": a place's population, not the organisation's
    if found is not None:
        unit, noun, _end = found
        of = _OF_WHOM.match(after_unit)
        if of and not doc.refs_in(found[2], found[2] + of.end() + 1):
            return None  # "27 members of the Parliament": another body's members
        if cue == "me.other_force":
            if noun in lexicon.WEAK_UNITS and not _weak_link(doc, ds, q0, q1, found[2], after_unit, cue_ends):
                return None  # "Iraq deployed 5,000 troops": another's force
            cue = "me.force_size"
        if noun in lexicon.WEAK_UNITS and cue is None:
            words_after = after_unit[:80]
            at_site = bool(unit != "fighters" and o.sites and _AT_IN_INSIDE.match(after_unit)
                           and (here := _place_after(doc, found[2], ce, o)) and here[0] in ("at", "in", "inside")
                           and o.sites.fullmatch(here[1]))
            if _MOVE_AFTER.search(words_after) and (
                _place_after(doc, found[2], ce, o) or _destination(text, q1, ce)
            ):
                cue = "me.moved_total"
            elif (_PRESENCE_AFTER.search(words_after) or at_site) and (
                _place_after(doc, found[2], ce, o) or _DEFINITE_SITE.search(words_after)
            ):
                cue = "me.site_population"  # "3,000 exiles live in the camp", "3,000 exiles at Camp X"
            elif not _weak_link(doc, ds, q0, q1, found[2], after_unit, cue_ends):
                return None  # "120 men dressed in uniforms": nobody says they are the organisation
        if cue in ("me.site_population", "me.remaining") and unit == "people" and noun not in ("people", "persons"):
            unit = "residents" if cue == "me.site_population" else unit
        if cue is None:
            if unit == "fighters":
                cue = "me.force_size"  # "4,000 fighters crossed the border": a force's size (guide)
            elif _MOVE_AFTER.search(after_unit[:60]) and (
                _place_after(doc, found[2], ce, o) or _destination(text, q1, ce)
            ):
                cue = "me.moved_total"
            elif noun == "@org":
                cue = "me.org_noun"
            else:
                cue = "me.unit_after"
        return unit, cue
    strong = _STRONG.match(text, q1, ce)
    nxt = _WORD.match(text, q1 + len(text[q1:ce]) - len(text[q1:ce].lstrip()))
    if not strong and nxt and _noun_like(nxt.group(0)):
        return None  # "some 40 hectares", "over a hundred buildings": the figure counts something else
    if strong:
        noun = strong.group("noun").lower()
        return ("fighters", "me.force_size") if re.search(r"\b(?:army|force|forces|militia)\b", noun) or _FORCE.search(
            noun) else ("members", "me.membership_before")
    ub_from = max(ds.start, q0 - LOOKBACK)
    # A unit before the figure counts only with a link word between it and the figure (a plain
    # literal of _LINK, so one found there is found in the whole window): without one, no search.
    ub = (_UNIT_BEFORE.search(text, ub_from, cs + q.num_start)
          if (nouns is None or _cue_within(nouns, ub_from, cs + q.num_start))
          and _LINK.search(text, ub_from, cs + q.num_start) else None)
    if ub and ub.end() == cs + q.num_start and _LINK.search(text[ub.end("unit") : cs + q.num_start]):
        unit = lexicon.UNITS[ub.group("unit").lower()]
        return unit, ("me.force_size" if unit == "fighters" else "me.unit_before")
    if cue == "me.force_size":
        return "fighters", cue
    if cue == "me.other_force":
        return None
    nxt = _WORD.match(text, q1 + len(text[q1:ce]) - len(text[q1:ce].lstrip()))
    bare = nxt is None or nxt.group(0).lower() in _BARE_NEXT
    if cue == "me.site_population" and bare:
        return "residents", cue
    if cue == "me.remaining" and bare:
        unit = _earlier_unit(text, ds.start, q0, nouns)
        if unit is None and _place_after(doc, q1, ce, o):  # "2,745 remain in X": who remain, as counted before
            unit = last_unit or "people"
        if unit is not None:
            return unit, cue
    base = q0 - len(before)
    if cue_ends is None or _cue_within(cue_ends, base, q0):  # each pattern below holds a cue word
        numbered = _NUMBERED_BEFORE.search(before) and _subject_is_org(doc, ds, q0 - len(_NUMBERED_BEFORE.search(
            before).group(0)))
        site_of = _SITE_POPULATION_OF.search(before)
        if site_of and _site_names(text, o, base + site_of.start("site"), base + site_of.end("site")):
            return "residents", "me.site_population"  # "the population of Camp X stood at N"
        number_of = _NUMBER_OF.search(before)
        if number_of and _EVENT_AFTER.search(number_of.group(0)):
            number_of = None  # "the number of people killed rose to 300"
        if _MEMBERSHIP_BEFORE.search(before) or number_of or numbered:
            if re.search(r"\bpopulation\b", before, re.IGNORECASE):
                return "residents", "me.site_population"
            armed = _FORCE.search(text[ds.start : ds.end]) or (o.forces and o.forces.search(text, ds.start, q0))
            if armed and not re.search(r"\bmembers", before, re.IGNORECASE):
                return "fighters", "me.force_size"
            return "members", "me.membership_before"
    if nouns is not None and not _cue_within(nouns, ds.start, q0):
        return None  # no unit noun before the figure: _earlier_unit would find none
    if _CONTINUE_BEFORE.search(text[ds.start : q0]) or (
        _AND_BEFORE.search(near) and _place_after(doc, q1, ce, o) and _AT_IN.match(text[q1:ce])
    ):
        unit = _earlier_unit(text, ds.start, q0, nouns)
        if unit is not None:
            return unit, "me.continued"
    return None


_OPEN_INTERVAL = re.compile(r"\b(?:until|till|since|after|before|from|to)\s+(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)


def _tense(text: str, start: int, end: int) -> str | None:
    """"present", "past" or None (no word of either) for ``text[start:end]``, by the lexicon's
    present_tense, past_tense and past_participles (lexicons/membership.json, _present_tense)."""
    for m in _PAST.finditer(text, start, end):
        before = _LAST_WORD.search(text, max(start, m.start() - 30), m.start())
        if not (before and before.group(1).lower() in _PERFECT):
            return "past"  # (not "has had": a present perfect)
    for m in _PARTICIPLE.finditer(text, start, end):
        if m.group(0) == "hundred" or (m.start() > start and text[m.start() - 1] == "-"):
            continue  # "two hundred", "Paris-based"
        before = _LAST_WORD.search(text, max(start, m.start() - 30), m.start())
        if before and before.group(1).lower() in _AUXILIARIES:
            continue  # "have been relocated", "an estimated"
        after = _NEXT_WORD.match(text, m.end(), end)
        if after and after.group(1) not in _VERB_FOLLOWERS:
            continue  # "armed wing", "trained fighters": an adjective of the noun after it
        return "past"
    return "present" if _PRESENT.search(text, start, end) else None


def _present_date(doc: Document, ds: DatedSentence, cs: int, ce: int, sentence: bool = True) -> DateMatch | None:
    """The year of the document's date, for a figure of a sentence with no date of its own whose clause
    (else, with no tense word in it, whose sentence) is in the present tense ("has some 3,000 members",
    "so far 2,000 have moved"): it describes the time of the document (annotation guide: the time the
    estimate describes). ``date_text`` quotes the present-tense word. None without a document date.
    ``sentence=False``: the clause's own tense only (the sentence has a date, in another clause)."""
    when = doc.document_date
    if when is None:
        return None
    tense = _tense(doc.text, cs, ce) or (_tense(doc.text, ds.start, ds.end) if sentence else None)
    if tense != "present":
        return None
    cue = _PRESENT.search(doc.text, cs, ce) or _PRESENT.search(doc.text, ds.start, ds.end)
    year = when.date.year
    return DateMatch(cue.start(), cue.end(), cue.group(0), dt.date(year, 1, 1), dt.date(year, 12, 31), "year",
                     False, derived=True)


_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)


def _since_until_now(doc: Document, ds: DatedSentence, cs: int, ce: int, date: DateMatch) -> DateMatch:
    """"Since 2013, 2,900 have been relocated": in the present (perfect) tense a figure counted since a
    date runs from it to the year of the document's date (with two precisions, the coarser: year).
    ``date`` unchanged without a document date, in the past tense ("since 2013 it grew to"), or when
    the document's year is not later."""
    when = doc.document_date
    if when is None or date.date_start is None or date.date_end is None or when.date.year <= date.date_end.year:
        return date
    since = _SINCE.search(doc.text, max(0, date.start - 8), date.start)
    if since is None or (_tense(doc.text, cs, ce) or _tense(doc.text, ds.start, ds.end)) != "present":
        return date
    return replace(date, start=since.start(), text=doc.text[since.start() : date.end],
                   date_end=dt.date(when.date.year, 12, 31),
                   precision=max(date.precision or "year", "year", key=PRECISIONS.index))


def _own_date(text: str, clause_dates: list, end: int, clause_end: int) -> object | None:
    """A date right after the figure, before the next figure ("..., of which 1,942 in 2016")."""
    nxt = _ANY_DIGIT.search(text[end:clause_end])
    for d in clause_dates:
        if end <= d.start <= end + 40 and (nxt is None or d.start <= end + nxt.start()):
            if not _OPEN_INTERVAL.search(text[max(end, d.start - 14) : d.start]):
                return d
    return None


STRICT_PARTICIPATION = True  # measured: see _named_near


def _named_near(doc: Document, index: int, strong: frozenset[int] | None) -> bool:
    """Does more than a bare "members" show that the organisation takes part?

    The paragraph or the one before refers to it by a name, wing, leader, site or member word,
    or by a description other than a bare "members" ("the group", "its fighters"); or the
    document names it somewhere (``strong`` is None then). "N members" is how any body's size
    is given ("the alliance grew from 16 members to 19"): in a text that never names the
    organisation, a bare "members" does not show that the figure is its size.
    """
    if strong is None:
        return True
    p = doc.sentences[index].sentence.paragraph
    return p in strong or (p - 1) in strong


def _strong_paragraphs(doc: Document) -> frozenset[int] | None:
    """Paragraphs that refer to the organisation other than by a bare "members"; None if it is named."""
    if any(r.kind != "generic" for r in doc.refs):
        return None
    out = set()
    starts = [ds.start for ds in doc.sentences]
    for r in doc.refs:
        if r.kind == "generic" and r.text.lower() == "members":
            continue
        i = bisect.bisect_right(starts, r.start) - 1
        if i >= 0 and r.start < doc.sentences[i].end:
            out.add(doc.sentences[i].sentence.paragraph)
    return frozenset(out)


# --- the vocabulary layer: where a figure can be a membership estimate -----------------------
#
# _classify returns an estimate only when one of its cue patterns matches near the figure:
# a unit noun or the organisation's count noun after it (_unit_after), "-strong" after it, a
# unit noun linked before it (_UNIT_BEFORE), a force, site, remaining, membership, number or
# population word before it (the *_BEFORE patterns, in the LOOKBACK characters before the
# figure; their lexicon entries: lexicons/membership.json), a remaining word after it; or a
# unit noun earlier in the sentence for a figure that continues an estimate, which needs an
# estimate of the sentence before it. Each of those matches holds one of the literals below
# (the patterns' own words, read off them: tests/test_membership_prefilter.py pins the lexicon
# entries they were read from), inside the clause or the LOOKBACK characters before it.
_CUE_LITERALS: tuple[str, ...] = (
    # site_population_before, site_population_of, membership_before's population
    "home to", "houses", "housed", "housing", "host", "accommodat", "shelter", "population", "populated by",
    "inhabited by", "occupied by", "capacity",
    # site_possessive: "the camp's"
    *(f"{noun}{s}" for noun in ("camp", "base", "compound", "site", "settlement") for s in ("'s", "’s")),
    # remaining_before, remaining_after
    "remain", "leaving", "left behind", "left in", "left at", "still in", "still at", "still liv",
    # force_before
    "muster", "field", "deploy", "command", "force of", "force numbering", "army of", "complement of",
    "strength", "under arms",
    # numbered_before, _NUMBER_OF, membership_before's "its numbers" and "members numbered"
    "number",
    # membership_before
    "membership", "head count", "headcount", "ranks", "members total", "members estimated at",
    *(f"{d} {noun}" for d in ("the", "its", "their", "this", "that")
      for noun in ("army", "force", "militia", "armed wing")),
    # _STRONG
    "strong",
)
_UNIT_LITERALS: tuple[str, ...] = tuple(sorted(u for u in lexicon.UNITS if u not in _CUE_LITERALS))
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_OWN_TAIL = ("its", "their", "'s", "’s")  # how a match of _OF_OWN ends


def _covering(literals: object, holds: object) -> list[str]:
    """The literals, sorted and without those that hold another (``holds(longer, shorter)``:
    ``str.startswith`` or ``str.__contains__``, in lower case): every caseless match of a
    literal dropped holds a match of one kept, which ends after the dropped one's start and
    no later than its end, so it ends in every window ``(a, b]`` the dropped one lies inside
    (the only use of the ends: _cue_within, _cue_sentences). Unit nouns drop only a literal
    that starts with another: the two then start at the same offset, so _vocabulary_ends
    keeps or drops them alike (it reads the character before the start)."""
    low = sorted({w.lower(): w for w in literals}.items())
    return sorted(w for k, w in low if not any(j != k and holds(k, j) for j, _w in low))


@functools.lru_cache(maxsize=32)
def _vocabulary(o: _Org) -> tuple[tuple[str, ...], tuple[bool, ...], int, int, int, int, int] | None:
    """(parts, caseless, ends of the unit, count, cue, small number and number parts) of the vocabulary
    scan; None: no prefilter.

    The parts are the unit nouns, then the profile's count noun (its own pattern, case as it
    has it), then the cue literals, then the words of a number (_NUMBER_WORDS, caseless: a
    token whose lower case is one is a match), those below ten first, then _LARGE_WORDS, then
    the profile's site names (``_Org.site_anywhere``, case as it has them). Without a form of
    the count noun that can be searched anywhere (``_Org.count_anywhere``) the extractor reads
    every clause.
    """
    if o.count_noun is not None and o.count_anywhere is None:
        return None
    units = tuple(re.escape(u) for u in _covering(_UNIT_LITERALS, str.startswith))
    count = (o.count_anywhere.pattern,) if o.count_anywhere is not None else ()
    cues = tuple(re.escape(c) for c in _covering(_CUE_LITERALS, str.__contains__))
    small = tuple(_covering(_NUMBER_WORDS - _LARGE_WORDS, str.__contains__))
    numbers = small + tuple(_covering(_LARGE_WORDS, str.__contains__))  # (each group covers its own words)
    sites = (o.site_anywhere.pattern,) if o.site_anywhere is not None else ()
    caseless = ((True,) * len(units) + (False,) * len(count) + (True,) * (len(cues) + len(numbers))
                + (False,) * len(sites))
    n_cues = len(units + count + cues)
    return (units + count + cues + numbers + sites, caseless, len(units), len(units) + len(count), n_cues,
            n_cues + len(small), n_cues + len(numbers))


@functools.lru_cache(maxsize=32)
def _unit_starts(n_parts: int, n_units: int) -> tuple[bool, ...]:
    """Which parts of the vocabulary scan need their matches' starts: the unit nouns alone (the
    test for a noun inside a word reads the character before it); the scan skips the others'."""
    return (True,) * n_units + (False,) * (n_parts - n_units)


@dataclass(frozen=True)
class _Cues:
    """Sorted end offsets of a text's cue words: all of them, and its unit and count nouns alone."""

    all: list[int]
    nouns: list[int]
    numbers: list[int]  # words of a number, as substrings ("often" holds "ten"): not cue words
    large: list[int] = field(default_factory=list)  # those of _LARGE_WORDS alone (in ``numbers`` too)
    counts: list[int] = field(default_factory=list)  # the profile's count noun alone (in ``nouns`` too)
    sites: list[int] = field(default_factory=list)  # the profile's site names (_Org.site_anywhere): not cue words


def _vocabulary_ends(doc: Document, o: _Org) -> _Cues | None:
    """The cue words of the text, from one pass; None: no prefilter (every clause is read).

    Exact: every match of a literal part (no assertion) in a window of the text is a match in
    the whole text, and the scan reports every end of every part (:func:`multiscan.scan_hits`),
    so a cue word inside a window ``[a, b)`` has an end in ``(a, b]``. A unit noun right after
    an ASCII letter ("government", "remember", "women") is dropped, as no rule can read it:
    _UNIT_BEFORE (searched from a position: ``\\b`` sees the letter before) and _unit_after's
    tokens want a word start. A token starts there only at the start of _unit_after's window:
    the figure's end, which is never a letter after a letter (a number ends at a digit, a "+"
    or a word's end: pipeline.text.numbers), or the end of "of its", "of their", "of the
    group's" (_OF_OWN: kept). _earlier_unit reads a slice from a sentence's start, which is a
    word boundary: a noun at a sentence's start is kept.
    """
    spec = _vocabulary(o)
    if spec is None:
        return None
    parts, caseless, n_units, n_nouns, n_cues, n_small, n_sites = spec
    text = doc.text
    sentence_starts = doc.sentence_starts()

    def inside_a_word(start: int) -> bool:  # a unit noun right after a letter that no rule can read
        return start not in sentence_starts and not text.endswith(_OWN_TAIL, 0, start)

    cues: list[int] = []
    nouns: list[int] = []
    numbers: list[int] = []
    large: list[int] = []
    counts: list[int] = []
    sites: list[int] = []
    cue, noun, number, large_word, count, site = (cues.append, nouns.append, numbers.append, large.append,
                                                  counts.append, sites.append)

    def on_match(ident: int, start: int, end: int, _flags: int, _context: object) -> None:  # every match, once
        if ident >= n_cues:
            if ident >= n_sites:
                site(end)
                return
            number(end)
            if ident >= n_small:
                large_word(end)
        elif ident >= n_nouns:
            cue(end)
        elif ident >= n_units:
            cue(end)
            noun(end)
            count(end)
        elif not (start and text[start - 1] in _ASCII_LETTERS and inside_a_word(start)):
            cue(end)
            noun(end)

    if not scan_hits(text, parts, caseless, on_match, _unit_starts(len(parts), n_units)):
        return None
    cues.sort()  # (in order of their ends)
    nouns.sort()
    numbers.sort()
    large.sort()
    counts.sort()
    sites.sort()
    return _Cues(cues, nouns, numbers, large, counts, sites)


def _cue_within(ends: list[int], start: int, end: int) -> bool:
    """Whether a cue word of the text ends in ``(start, end]`` (so may lie inside ``text[start:end]``)."""
    i = bisect.bisect_right(ends, start)
    return i < len(ends) and ends[i] <= end


def _cue_sentences(doc: Document, cues: _Cues | None) -> list[int] | range:
    """The indices of the sentences that hold a cue word (one that ends in ``(start, end]``), in
    order; every sentence without the vocabulary pass. A bisection per such sentence, none for the
    others: a cue ending at ``e`` lies in the sentence holding ``e - 1``."""
    sentences = doc.sentences
    if cues is None:
        return range(len(sentences))
    ends, out, i, n = cues.all, [], 0, len(cues.all)
    sentence_at, bisect_right = doc.sentence_at, bisect.bisect_right
    while i < n:
        k = sentence_at(ends[i] - 1)
        end = sentences[k].sentence.end if k >= 0 else -1
        if ends[i] <= end:
            out.append(k)
            i = bisect_right(ends, end, i)  # the sentence's other cue words
        else:
            i += 1
    return out


def _sentence_may_count(sentence: str, start: int, dates: tuple, words: bool = True, large: bool | None = None) -> bool:
    """Whether some clause of the sentence can pass the clause tests of extract_membership that
    need a figure: a digit or number word, one not inside a date
    (_only_dates), one of ten or more (when MIN_SIZE is ten or more).

    A superset of those tests on every clause (a clause is a slice of its sentence): a match of
    _LARGE_DIGITS in a clause is one in the sentence; a clause's run of digits lies in one of the
    sentence's, so a digit of it outside the dates is a digit of the sentence outside them; a
    number word of a clause is a substring of the sentence's lower case (str.lower maps each
    character alone; the words are ASCII). ``words`` False: the vocabulary pass found no number
    word in the sentence. The sentence's clauses are then not even split.

    ``large`` (None: not known) says whether the vocabulary pass found a word of _LARGE_WORDS in
    the sentence; with it, ``words`` and ``large`` stand for the substring searches: the pass
    reports every caseless match in the scanned text, where an ASCII letter stands for itself,
    so each substring the searches find in the lower case (a word of ASCII letters, no "k": it
    comes from ASCII letters) is a match of the pass (a superset, which the clause tests refine).
    """
    low = None
    if MIN_SIZE >= 10 and not _LARGE_DIGITS.search(sentence):
        if not words or large is False:
            return False
        if large is None:
            low = sentence.lower()
            if _LARGE_WORD_SUBSTRING.search(low) is None:
                return False
    if not _only_dates(sentence, start, dates, False):
        return True  # a digit outside the dates
    if not words or large is not None:
        return words
    return _NUMBER_WORD_SUBSTRING.search(low if low is not None else sentence.lower()) is not None


def extract_membership(doc: Document) -> list[dict]:
    """Membership estimate records of one document."""
    source_id, text, sentences = doc.source_id, doc.text, doc.sentences
    o = _org(doc.org)
    out = []
    paragraph, context = None, None
    strong = _strong_paragraphs(doc)
    no_site: bool | None = None  # _no_site_scope without the vocabulary pass, read when first asked (a search)
    cues = _vocabulary_ends(doc, o)
    # The paragraphs and dates are read up to a sentence only when one of its figures needs them (its
    # scope's floor, its paragraph's date): most sentences give none. ``pos``: the next sentence not
    # yet read; ``first``: the first sentence of the paragraph of the last one read; ``context``: the
    # first date of its paragraph's last dated sentence so far (a figure reads it only when its own
    # sentence has no date, so the sentence's own dates may be in it).
    pos, first = 0, 0

    def read_to(index: int) -> None:
        nonlocal pos, first, paragraph, context
        for ds in sentences[pos : index + 1]:
            if ds.sentence.paragraph != paragraph:
                paragraph, context, first = ds.sentence.paragraph, None, pos
            if ds.dates:
                context = ds.dates[0]
            pos += 1

    numbers, larges = (cues.numbers, cues.large) if cues is not None else ([], [])
    bisect_right = bisect.bisect_right
    part_of: dict[int, bool] = {}  # whether the organisation takes part, by paragraph
    for index in _cue_sentences(doc, cues):
        ds = sentences[index]
        sentence = ds.sentence
        s_start, s_end = sentence.start, sentence.end
        takes_part = part_of.get(sentence.paragraph)
        if takes_part is None:  # (both tests read the sentence's paragraph alone: once a paragraph)
            takes_part = doc.participates(index) and (not STRICT_PARTICIPATION or _named_near(doc, index, strong))
            part_of[sentence.paragraph] = takes_part
        site_free = False  # (not takes_part) no figure of the sentence can have a site of the profile as its scope
        if not takes_part:  # a figure must then count the organisation by name or have a site scope (me.participation)
            if cues is None:
                if no_site is None:
                    no_site = _no_site_scope(o, text)
                site_free = no_site
            else:
                site_free = _no_site_near(o, cues, s_start, s_end)
                if site_free and not _cue_within(cues.counts, s_start, s_end):
                    continue  # nor a count noun in it (a match inside the sentence ends in it): no figure passes
        if cues is None:
            words, large = True, None
        else:  # a number word, one of ten or more, may be in it (_cue_within, inline: most sentences have none)
            i = bisect_right(numbers, s_start)
            words = i < len(numbers) and numbers[i] <= s_end
            if words:
                i = bisect_right(larges, s_start)
                large = i < len(larges) and larges[i] <= s_end
            else:
                large = False
        if not _sentence_may_count(sentence.text, s_start, ds.dates, words, large):
            continue
        floor = -1  # max(0, start of the paragraph's first sentence - 1500): a camp named in the last paragraphs
        earlier: list[dict] = []  # this sentence's estimates so far
        for cs, ce in ds.clauses:
            if cues is not None and not earlier and not _cue_within(cues.all, max(ds.start, cs - LOOKBACK), ce):
                continue  # no cue word near: no figure here can be an estimate (_vocabulary_ends)
            clause = text[cs:ce]
            words = cues is None or _cue_within(cues.numbers, cs, ce)  # a number word may be in the clause
            if site_free and _no_count_noun(o, clause):
                continue  # a figure here needs a count noun or a site scope to pass rule me.participation
            large = words and (cues is None or _cue_within(cues.large, cs, ce))  # a word of ten or more may be in it
            if not _may_hold_figure(clause, cs, ds.dates, words, large, cues and cues.numbers):
                continue  # no number find_quantities can read, or none outside the dates, or none large
            for q in doc.quantities_in(cs, ce):
                if any(d.start <= cs + q.num_start < d.end for d in ds.dates):
                    continue  # the number is part of a date
                if max(q.low or 0, q.high or 0) < MIN_SIZE:
                    continue
                last = (earlier or out or [None])[-1]
                last_unit = last["unit"] if last and cs + q.start - last["char_end"] < 1000 else None
                found = _classify(doc, ds, cs, ce, q, last_unit, cues and cues.nouns, o, cues and cues.all)
                if found is None:
                    continue
                unit, rule = found
                start, end = cs + q.start, cs + q.end
                if rule == "me.continued":
                    if not earlier:
                        continue  # nothing to continue: "arrested 29 individuals, of whom 15 ..."
                    unit = earlier[-1]["unit"]
                if _event_figure(text, ds.start, start, end, ce):
                    continue  # victims, detainees, defectors: event figures (annotation guide)
                if _BATCH_BEFORE.search(text[max(ds.start, start - 25) : start]) or _BATCH_AFTER.match(text, end, ce):
                    continue  # "the last 280 people": a batch moved, not a size (annotation guide)
                of_own = _OF_OWN.match(text, end, ce)
                tail = _unit_after(text, of_own.end() if of_own else end, ce, o, cues and cues.nouns)
                if tail and rule != "me.continued":
                    end = tail[2]  # the evidence runs from the figure to the end of its unit word
                if floor < 0:
                    read_to(index)
                    floor = max(0, sentences[first].start - 1500)
                scope = _scope(doc, start, end, ce, ds, floor, rule, unit, o)
                if rule == "me.continued" and scope == "global" and not _place_after(doc, end, ce, o):
                    scope = earlier[-1]["scope"]  # "..., of which 1,942 in 2016": the same scope
                # (the sentence and clause tests before find_quantities, _no_site_near, _no_site_scope
                # and _no_count_noun, rely on exactly these two exceptions: change them together)
                if not takes_part and not (tail and tail[1] == "@org") and not (o.sites and o.sites.fullmatch(scope)):
                    continue  # not about the organisation's size (rule me.participation)
                clause_dates = [d for d in ds.dates if cs <= d.start < ce]
                own = _own_date(text, clause_dates, end, ce)
                date = None
                if own is not None:
                    date = own
                elif clause_dates:
                    date = clause_dates[0]
                elif ds.dates:  # a date of another clause, unless this one is in the present tense
                    date = _present_date(doc, ds, cs, ce, sentence=False) or ds.dates[0]
                if date is not None:
                    date = _since_until_now(doc, ds, cs, ce, date)
                elif not _VAGUE_PERIOD.search(text, ds.start, ce):  # (read_to(index): the floor is read)
                    date = _present_date(doc, ds, cs, ce) or (within_year(context) if context else None)
                # else "at its peak", "once had": a time the words do not date (guide); no date, not the paragraph's
                earlier.append(
                    {
                        "mention_id": mention_id("me", source_id, start, end),
                        "source_id": source_id,
                        "char_start": start,
                        "char_end": end,
                        "quote": text[start:end],
                        **date_fields(date, inherited=date is not None and not (start <= date.start < end)),
                        "low": q.low,
                        "high": q.high,
                        "qualifier": q.qualifier,
                        "unit": unit,
                        "scope": scope,
                        "estimator": _estimator(ds.text),
                        "rule_id": rule,
                    }
                )
        out.extend(earlier)
    return out
