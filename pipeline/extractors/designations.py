"""Designation mentions: listing acts on terrorist lists (annotation guide, Designations).

Rules, all general:
- A sentence is read only if it speaks of a list (terrorist, FTO, designation,
  proscription, delisting), or of a court overturning a freeze of the group's
  funds.
- Each clause gets the action of its first listing verb (lexicon order:
  refusal to delist, court annulment, delisting, listing); a clause without a
  verb of its own inherits the previous clause's ("followed by the Council…").
- Jurisdictions are the authorities and countries named in the clause, except
  those that are only the object of pressure or a request ("pressured by
  Washington", "a gesture to Tehran"). A clause with none inherits the
  previous clause's ("The US did X, having listed it in 1997").
- Each jurisdiction takes the first date between it and the next
  jurisdiction, else the nearest date before it in the clause, else the
  clause's date; with none, the mention is an undated standing status.
- One mention per (clause, jurisdiction, action).
"""

from __future__ import annotations

import re

from pipeline.dates import DateMatch
from pipeline.extractors import lexicon
from pipeline.extractors.context import DatedSentence, date_fields, mention_id, trim_span
from pipeline.text import clauses

_NOT_ACTOR = re.compile(
    r"(?:pressured by|pressure from|urged by|request of|requested by|gesture to|gesture towards|"
    r"deal with|talks with|relations with|against|to|with|toward|towards|from|for|of the|on)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_COURT_FREEZE = re.compile(r"\b(?:freez\w*|frozen|funds|assets)\b", re.IGNORECASE)
_COURT = re.compile(r"\b(?:court|courts|tribunal|judges?)\b", re.IGNORECASE)


def _action(clause: str, sentence: str) -> str | None:
    for action, pattern in lexicon.DESIGNATION_ACTIONS:
        if pattern.search(clause):
            if action == "listing_annulled_by_court" and not _COURT.search(sentence):
                continue
            return action
    return None


def _jurisdictions(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(start, end, code, as written) of the acting jurisdictions in text[start:end]."""
    out = []
    for m in lexicon.JURISDICTION_RE.finditer(text, start, end):
        if _NOT_ACTOR.search(text[max(start, m.start() - 40) : m.start()]):
            continue
        out.append((m.start(), m.end(), lexicon.jurisdiction_code(m), m.group(0)))
    return out


def _authority(text: str, start: int, end: int) -> str | None:
    m = lexicon.AUTHORITY_RE.search(text, start, end)
    if not m:
        return None
    name = m.group(0)
    return name[4:] if name.startswith("the ") else name


def _date_for(jpos: int, next_other: int, cs: int, dates: list[DateMatch]) -> DateMatch | None:
    after = [d for d in dates if jpos <= d.start < next_other]
    if after:
        return after[0]
    before = [d for d in dates if cs <= d.start < jpos]
    if before:
        return before[-1]
    return dates[0] if dates else None


def extract_designations(source_id: str, text: str, sentences: list[DatedSentence]) -> list[dict]:
    """Designation mention records of one document."""
    out = []
    for ds in sentences:
        s = ds.text
        court_freeze = _COURT.search(s) and _COURT_FREEZE.search(s)
        if not (lexicon.LIST_CONTEXT_RE.search(s) or court_freeze):
            continue
        prev_action: str | None = None
        prev_juris: list[tuple[int, int, str, str]] = []
        for cs, ce in clauses(text, ds.start, ds.end):
            clause = text[cs:ce]
            action = _action(clause, s) or prev_action
            juris = _jurisdictions(text, cs, ce) or prev_juris
            prev_action, prev_juris = action, juris
            if action is None or not juris:
                continue
            clause_dates = [d for d in ds.dates if cs <= d.start < ce]
            seen: set[tuple[str, str]] = set()
            for i, (js, je, code, _written) in enumerate(juris):
                if (code, action) in seen:
                    continue
                seen.add((code, action))
                next_other = next((o[0] for o in juris[i + 1 :] if o[2] != code), ce)
                date = _date_for(max(js, cs), next_other, cs, clause_dates) if js >= cs else (
                    clause_dates[0] if clause_dates else None
                )
                start, end = trim_span(text, cs, ce)
                out.append(
                    {
                        "mention_id": mention_id("de", source_id, start, end, code, action),
                        "source_id": source_id,
                        "char_start": start,
                        "char_end": end,
                        "quote": text[start:end],
                        **date_fields(date),
                        "jurisdiction": code,
                        "authority": _authority(text, js, je) if js >= cs else None,
                        "action": action,
                    }
                )
    return out
