"""Membership estimates: how many people belong to the group, a wing or a site.

Rules, all general:
- A figure is a candidate when a unit noun (lexicon.UNITS) follows it within
  three words ("3,000 MEK members"), or a membership word precedes it
  ("membership between 5,000 and 10,000"), or it continues an estimate of the
  same sentence ("about 2,000 members, peaking at 10,000 to 15,000").
- Figures below MIN_SIZE count individuals, not a group, and are skipped.
- Figures in a clause about killing, arrest, detention, defection, votes and
  the like are event figures, not sizes, and are skipped.
- Scope: a camp or place named after the figure in the same clause, the
  armed wing when the figure counts a force, else "global".
- Estimator: "according to X", "(X estimate)", "X estimated/claimed …".
- Date: the first date of the clause, else of the sentence.
"""

from __future__ import annotations

import functools
import re

from pipeline.extractors import lexicon
from pipeline.extractors.context import DatedSentence, date_fields, mention_id, within_year
from pipeline.extractors.model import Document
from pipeline.numbers import Quantity, find_quantities

_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_MEMBERSHIP_BEFORE = re.compile(r"\b(?:membership|members(?:hip)? (?:of|at|numbered)|strength)\b[^.;]{0,40}$",
                                re.IGNORECASE)
_PLACE_AFTER = re.compile(
    r"\b(?:at|in|into|to)\s+(?:the\s+|its\s+)?(?P<place>(?:Camp\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*"
    r"(?:\s*\((?:[A-Z][\w’'-]+)\))?(?:\s+(?:camp|refugee camp))?)"
)
_FORCE = re.compile(r"\b(?:military force|armed wing|army|brigades?|force of)\b", re.IGNORECASE)
_FORCE_NAME = re.compile(
    r"\b[A-Z][\w’'-]*(?:\s+(?:of|the|[A-Z][\w’'-]*))*\s+(?:Army|Force|Forces|Brigades?|Wing)(?:\s+of\s+[A-Z][\w’'-]*)?"
)
_KNOWN_PLACE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, lexicon.PLACES), key=len, reverse=True)) + r")\b")
_NOT_PLACE = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December", "The", "MEK", "PMOI", "MKO"}


_BATCH = re.compile(r"\b(?:the|a) (?:last|final|first|next) $|\b(?:another|a further|an additional) $",
                    re.IGNORECASE)
# The evidence runs to the last unit noun within three words ("3,000 MEK members").
_UNIT_TAIL = re.compile(r"(?:\s+[\w’'-]+){0,2}\s+(?:" + "|".join(lexicon.UNITS) + r")\b"
                        r"(?:\s+(?:" + "|".join(lexicon.UNITS) + r")\b)?", re.IGNORECASE)
def _may_hold_estimate(sentence: str) -> bool:
    """Cheap test: the sentence has a digit or number word, and a unit word (substrings first)."""
    lower = sentence.lower()
    if not (_DIGIT.search(sentence) or any(w in lower for w in _NUMBER_STEMS)):
        return False
    return any(w in lower for w in _UNIT_STEMS) and bool(_MAY_COUNT.search(sentence) and _UNIT_WORD.search(sentence))


_DIGIT = re.compile(r"\d")
_NUMBER_STEMS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "teen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
                 "thousand", "million", "dozen")
_UNIT_STEMS = (*lexicon.UNITS, "membership", "strength")
_UNIT_WORD = re.compile(r"\b(?:" + "|".join(lexicon.UNITS) + r"|membership|members|strength)\b", re.IGNORECASE)
_MAY_COUNT = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|dozen)",
    re.IGNORECASE,
)
_GROUP_NAMES = {"mek", "mujahedin", "mujahideen"}  # a name used as a count noun ("3,000 MEK")
MIN_SIZE = 10  # smaller figures count individuals (victims, defectors, envoys), not a group's size


def _unit_after(text: str, q: Quantity) -> str | None:
    """Unit noun within three words after the figure; a group name used as an adjective is skipped."""
    words = _WORD.findall(text[q.end : q.end + 50])[:4]
    for i, w in enumerate(words[:3]):
        unit = lexicon.UNITS.get(w.lower())
        if unit is None:
            continue
        if w.lower() in _GROUP_NAMES and i + 1 < len(words) and words[i + 1][0].islower():
            if words[i + 1].lower() in lexicon.UNITS:
                return lexicon.UNITS[words[i + 1].lower()]
            return None  # "two opposing MEK factions": the name qualifies another noun
        return unit
    return None


_GLOBAL = re.compile(r"\b(?:global|worldwide|world-wide|in total|overall|total)\b", re.IGNORECASE)
_DEFINITE_CAMP = re.compile(r"\b(?:the|its|this|that) camp\b", re.IGNORECASE)
_NAMED_CAMP = re.compile(
    r"\bCamp [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*(?: \([A-Z][\w’'-]*\))?|\b[A-Z][\w’'-]+(?: refugee)? camp\b"
)


CAMP_LOOKBACK = 5000  # characters searched back for "the camp"'s antecedent, at most


def _antecedent_camp(text: str, before: int, floor: int) -> str | None:
    """The last named camp in text[floor:before] ("... Camp Liberty ... the camp").

    At most CAMP_LOOKBACK characters are searched, so a very long paragraph (a
    20 MB text on one line) does not make the search quadratic.
    """
    found = list(_NAMED_CAMP.finditer(text, max(floor, before - CAMP_LOOKBACK), before))
    return found[-1].group(0) if found else None


def _scope(text: str, start: int, end: int, clause_end: int, sentence: DatedSentence, floor: int) -> str:
    """What the figure text[start:end] is the size of.

    In order: "global membership" → global; a place after the figure, before
    the next figure ("at Camp Ashraf", "to Tirana"); a named armed force when
    the figure counts a force; a place name after the figure; "the camp",
    resolved to the last camp named before it in the paragraph; else global.
    """
    lead = text[max(sentence.start, start - 40) : start]
    if _GLOBAL.search(lead):
        return "global"
    tail = re.split(r"\baccording to\b", text[end:clause_end] if end < clause_end else "")[0]
    nxt = re.search(r"\d", tail)
    tail = tail[: nxt.start()] if nxt else tail
    for m in _PLACE_AFTER.finditer(tail):
        place = m.group("place")
        if place.split()[0] not in _NOT_PLACE:
            return place
    clause = text[sentence.start : sentence.end]
    if _FORCE.search(text[max(sentence.start, start - 30) : end + 40]):
        named = _FORCE_NAME.search(clause)
        return named.group(0) if named else "armed wing"
    known = _KNOWN_PLACE.search(tail)
    if known:
        return known.group(0)
    if _DEFINITE_CAMP.search(clause):
        camp = _antecedent_camp(text, start, floor)
        if camp:
            return camp
    return "global"


@functools.lru_cache(maxsize=256)  # called once per figure: a sentence of many figures is searched once
def _estimator(sentence: str) -> str | None:
    for pattern in lexicon.ESTIMATOR_RES:
        for m in pattern.finditer(sentence):
            who = m.group("who").strip(" ,.")
            if who.lower() in _DETERMINERS:
                continue  # "An estimated 3,000": no estimator named
            return who[4:] if who.startswith("the ") and who[4:5].isupper() else who
    return None


_DETERMINERS = {"a", "an", "the", "some", "it", "this", "that", "there", "they", "he", "she"}


def extract_membership(doc: Document) -> list[dict]:
    """Membership estimate records of one document."""
    source_id, text, sentences = doc.source_id, doc.text, doc.sentences
    out = []
    paragraph, floor, context = None, 0, None
    for index, ds in enumerate(sentences):
        if ds.sentence.paragraph != paragraph:
            paragraph, context = ds.sentence.paragraph, None
            floor = max(0, ds.start - 1500)  # a camp named in the last paragraphs
        if not _may_hold_estimate(ds.text):  # no figure or no unit word: nothing to count
            context = ds.dates[0] if ds.dates else context
            continue
        if not doc.participates(index):
            context = ds.dates[0] if ds.dates else context
            continue  # not about the organisation's size (rule me.participation)
        for cs, ce in ds.clauses:
            clause = text[cs:ce]
            if not _MAY_COUNT.search(clause) or lexicon.NON_MEMBERSHIP_RE.search(clause):
                continue
            for q in find_quantities(clause):
                if any(d.start <= cs + q.num_start < d.end for d in ds.dates):
                    continue  # the number is part of a date
                unit = _unit_after(clause, q)
                rule = "me.unit_after"
                if unit is None and _MEMBERSHIP_BEFORE.search(text[max(ds.start, cs - 60) : cs + q.start]):
                    unit, rule = "members", "me.membership_before"
                if unit is None:
                    unit, rule = _sentence_unit(text, ds, cs + q.start), 'me.continued'
                if unit is None:
                    continue
                if max(q.low or 0, q.high or 0) < MIN_SIZE:
                    continue
                if _BATCH.search(text[max(ds.start, cs + q.start - 25) : cs + q.start]):
                    continue  # "the last 280 people": a batch moved, not a size (annotation guide)
                clause_dates = [d for d in ds.dates if cs <= d.start < ce]
                if clause_dates or ds.dates:
                    date = clause_dates[0] if clause_dates else ds.dates[0]
                else:
                    date = within_year(context) if context else None
                start, end = cs + q.start, cs + q.end
                # The evidence runs from the figure to the end of its unit word.
                tail = _UNIT_TAIL.match(text, end, ce)
                if tail:
                    end = tail.end()
                out.append(
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
                        "scope": _scope(text, start, end, ce, ds, floor),
                        "estimator": _estimator(ds.text),
                        "rule_id": rule,
                    }
                )
        if ds.dates:
            context = ds.dates[0]
    return out


def _sentence_unit(text: str, ds: DatedSentence, pos: int) -> str | None:
    """Unit of an earlier figure of the same sentence that this figure continues."""
    before = text[ds.start : pos]
    if not re.search(r"\b(?:peak\w*|rising|falling|down|up) (?:at|to)\s*$|\bwith\s*$|\bbetween\s*$", before):
        return None
    for w in reversed(_WORD.findall(before)):
        unit = lexicon.UNITS.get(w.lower())
        if unit:
            return unit
    return None
