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
from collections.abc import Iterable

from pipeline.dates import DateMatch
from pipeline.extractors import lexicon
from pipeline.extractors.context import DatedSentence, date_fields, mention_id, trim_span
from pipeline.extractors.model import Document

_NOT_ACTOR = re.compile(
    r"\b(?:pressured by|pressure from|urged by|request of|requested by|gesture to|gesture towards|"
    r"deal with|talks with|relations with|against|to|with|toward|towards|from|for|of|on|in|at|into|about|"
    r"over|after|before|during|since|like|than)\s+(?:the\s+|its\s+|former\s+)*$",
    re.IGNORECASE,
)
# After the listing verb, an actor is introduced by "by", "in" right after the
# verb ("lifted in Canada"), or names whose list it is ("the lists of the US").
_AGENT_BEFORE = re.compile(
    r"(?:\bby|^\s*(?:\w+\s+){0,3}?in|(?:\band|\bor|,)\s+(?:\w+ly\s+|then\s+)?in|\blists? of|"
    r"\blist of terrorist \w+ of|organi[sz]ations of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_AGENT = re.compile(r"\b(?:by|in)\s+(?:the\s+)?$", re.IGNORECASE)
# A date in a reason phrase ("listed … for its killing of … during the 1970s") dates the reason.
_REASON = re.compile(r"\bfor (?:its|their|the|his|her)\b", re.IGNORECASE)
_REACTION = re.compile(
    r"\b(?:condemn|critici[sz]|welcom|oppos|protest|denounc|prais|reject|celebrat)\w*\s+(?:\w+\s+){0,3}"
    r"the (?:de-?)?(?:listing|designation|removal)\b",
    re.IGNORECASE,
)
_CHAIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)(?:the\s+|by\s+(?:the\s+)?|in\s+)?$")
_LIST_OWNER = re.compile(r"^(?:'s)?\s+(?:official\s+|terrorist\s+|terror\s+|FTO\s+)*(?:lists?|designation)\b")
# Statuses that are not terrorist-list acts (annotation guide, Designations).
_NOT_A_LIST = re.compile(r"\bprotected persons?\b|\bGeneva Conventions?\b|\bnoncombatants?\b", re.IGNORECASE)
_PRESENT_STATUS = re.compile(r"\b(?:is|are|remains?|has been|have been|currently|still)\b", re.IGNORECASE)
_COURT_FREEZE = re.compile(r"\b(?:freez\w*|frozen|funds|assets)\b", re.IGNORECASE)
_LIST_STEMS = ("terror", "fto", "proscri", "designation", "list")
_COURT = re.compile(r"\b(?:court|courts|tribunal|judges?)\b", re.IGNORECASE)


def _action(clause: str, sentence: str) -> tuple[str, int] | None:
    """Action of a clause and where its verb stands."""
    if _NOT_A_LIST.search(clause) or (_NOT_A_LIST.search(sentence) and not lexicon.LIST_CONTEXT_RE.search(clause)):
        return None
    if _REACTION.search(clause):
        return None  # "condemned the delisting": a reaction to an act, not the act
    for action, pattern in lexicon.DESIGNATION_ACTIONS:
        m = pattern.search(clause)
        if m:
            if action == "listing_annulled_by_court" and not _COURT.search(sentence):
                continue
            if action != "delisting_denied" and lexicon.IRREALIS_RE.search(clause):
                return None
            return action, m.start()
    return None


_JOIN = re.compile(r",\s+|\s+(?:and|but|before|after|then)\s+")


def _action_clauses(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clauses, each further cut between two different listing actions.

    "listed the group in May 2005 and delisted it in 2012" is two acts.
    """
    out = []
    for cs, ce in spans:
        verbs = sorted(
            (m.start(), action)
            for action, pattern in lexicon.DESIGNATION_ACTIONS
            for m in pattern.finditer(text, cs, ce)
        )
        cut = cs
        for (p1, a1), (p2, a2) in zip(verbs, verbs[1:], strict=False):
            if a1 == a2 or p1 < cut:
                continue
            joins = [m for m in _JOIN.finditer(text, p1, p2)]
            if joins:
                out.append((cut, joins[-1].start()))
                cut = joins[-1].end()
        out.append((cut, ce))
    return out


def _jurisdictions(text: str, start: int, end: int, verb: int | None) -> list[tuple[int, int, str, str]]:
    """(start, end, code, as written) of the acting jurisdictions in text[start:end].

    Before the verb: every name not governed by a preposition (the subject).
    After it: names introduced by "by", by "in" just after the verb, by
    "the list(s) of", names whose list it is ("the U.S. list"), and names
    coordinated with one of those ("by Iran and Iraq").
    """
    out: list[tuple[int, int, str, str]] = []
    last_end: int | None = None
    for m in lexicon.JURISDICTION_RE.finditer(text, start, end):
        left = text[max(start, m.start() - 40) : m.start()]
        if verb is None:
            # A clause with no listing verb of its own names an actor only after "by" or "in"
            # ("followed by the Council …", "and lastly in Canada"), not as an object ("criticized France").
            ok = bool(_CLAUSE_AGENT.search(left))
        elif m.start() < verb:
            ok = not _NOT_ACTOR.search(left) or bool(_LIST_OWNER.match(text[m.end() : m.end() + 30]))
        else:
            ok = bool(
                _AGENT_BEFORE.search(text[verb : m.start()])
                or _LIST_OWNER.match(text[m.end() : m.end() + 30])
                or (last_end is not None and _CHAIN.match(text[last_end : m.start()]))
            )
        if ok:
            out.append((m.start(), m.end(), lexicon.jurisdiction_code(m), m.group(0)))
            last_end = m.end()
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


def extract_designations(doc: Document) -> list[dict]:
    """Designation mention records of one document."""
    source_id, text, sentences = doc.source_id, doc.text, doc.sentences
    out = []
    prev: DatedSentence | None = None
    prev_listy = False
    par_date = None
    for index, ds in enumerate(sentences):
        if prev is None or prev.sentence.paragraph != ds.sentence.paragraph:
            par_date = None
        s = ds.text
        lower = s.lower()
        # Cheap substring tests first: every match of the regexes contains one of these.
        court_freeze = bool(
            any(w in lower for w in ("court", "tribunal", "judge")) and _COURT.search(s) and _COURT_FREEZE.search(s)
        )
        listy = bool(
            (any(w in lower for w in _LIST_STEMS) and lexicon.LIST_CONTEXT_RE.search(s)) or court_freeze
        )
        same_par = prev is not None and prev.sentence.paragraph == ds.sentence.paragraph
        # A sentence continuing a paragraph about listings ("The US did the same in 2012") counts too.
        if not (listy or (prev_listy and same_par)):
            prev, prev_listy = ds, listy
            par_date = ds.dates[0] if ds.dates else par_date
            continue
        # An undated past act takes the last date stated earlier in its paragraph.
        fallback = par_date
        prev, prev_listy = ds, listy
        par_date = ds.dates[0] if ds.dates else par_date
        if not doc.participates(index):
            continue  # another group's listing, or none (rule de.participation)
        prev_action: str | None = None
        prev_juris: list[tuple[int, int, str, str]] = []
        for cs, ce in _action_clauses(text, ds.clauses):
            clause = text[cs:ce]
            found = _action(clause, s)
            verb = cs + found[1] if found else None
            own = _jurisdictions(text, cs, ce, verb)
            if found is None and not own:
                continue
            action = found[0] if found else prev_action
            juris = own or prev_juris
            prev_action, prev_juris = action, juris
            if action is None or not juris:
                continue
            reason = _REASON.search(text, cs, ce)
            clause_dates = [d for d in ds.dates if cs <= d.start < ce and not (reason and d.start > reason.start())]
            undated = fallback if not ds.dates and not _PRESENT_STATUS.search(clause) else None
            codes = {j[2] for j in juris}
            seen: set[tuple[str, str]] = set()
            for i, (js, je, code, _written) in enumerate(juris):
                if (code, action) in seen:
                    continue
                seen.add((code, action))
                if js < cs or len(codes) == 1:
                    date = clause_dates[0] if clause_dates else undated
                else:
                    next_other = next((o[0] for o in juris[i + 1 :] if o[2] != code), ce)
                    date = _date_for(js, next_other, cs, clause_dates) or undated
                start, end = trim_span(text, cs, ce)
                out.append(
                    {
                        "mention_id": mention_id("de", source_id, start, end, code, action),
                        "source_id": source_id,
                        "char_start": start,
                        "char_end": end,
                        "quote": text[start:end],
                        **date_fields(date, inherited=date is not None and not (cs <= date.start < ce)),
                        "jurisdiction": code,
                        "authority": _authority(text, js, je) if js >= cs else None,
                        "action": action,
                        "rule_id": f"de.{action}.{'dated' if date is not None else 'standing'}",
                    }
                )
    return out
