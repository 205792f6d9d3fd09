"""Event mentions: dated clauses that report an occurrence (annotation guide, Events).

Rules, all general:
- A sentence needs at least one resolved date; a clause is an event when it
  holds an event trigger (lexicon.EVENT_TRIGGERS) or shares a sentence with one.
- The sentence is cut into clauses; each clause that carries its own date
  starts a new mention, and undated clauses join the mention before them
  (one occurrence with several actions is one mention; two occurrences with
  their own dates are two).
- A clause holding several dates is one mention dated by its first date
  (the others are usually anchors: "six days after ...").
- The type is the first kind in lexicon order whose trigger occurs in the
  mention; "founding" needs the group itself to be founded (passive voice).
"""

from __future__ import annotations

from pipeline.dates import DateMatch
from pipeline.extractors import lexicon
from pipeline.extractors.context import DatedSentence, date_fields, mention_id, trim_span
from pipeline.numbers import find_quantities
from pipeline.text import clauses


def classify(clause: str) -> str | None:
    """Event type of a clause, or None when it holds no event trigger."""
    if lexicon.FOUNDING_RE.search(clause):
        return "founding"
    for etype, pattern in lexicon.EVENT_TRIGGER_RES:
        if pattern.search(clause):
            return etype
    return None


def attribution(sentence: str) -> str | None:
    """Who the sentence says asserts the event ("according to X", "X claimed")."""
    for pattern in lexicon.ATTRIBUTION_RES:
        m = pattern.search(sentence)
        if m:
            return m.group("who").strip(" ,.")
    return None


def location(clause: str) -> tuple[str | None, str | None]:
    """First place named in the clause and its country code."""
    m = lexicon.PLACE_RE.search(clause)
    if not m:
        return None, None
    place = m.group("place")
    return place, lexicon.PLACES[place]


def casualties(clause: str) -> dict[str, int | None]:
    """Deaths and injured figures stated right after a killing or wounding word."""
    out: dict[str, int | None] = {"deaths_low": None, "deaths_high": None, "injured_low": None, "injured_high": None}
    lower = clause.lower()
    for q in find_quantities(clause):
        before = lower[max(0, q.start - 30) : q.start]
        after = lower[q.end : q.end + 40]
        kind = None
        if any(w in before.split()[-2:] for w in ("killing", "killed", "kill")) or any(
            w in after.split()[:4] for w in ("killed", "dead", "deaths", "died")
        ):
            kind = "deaths"
        elif any(w in before.split()[-2:] for w in ("injuring", "injured", "wounding", "wounded")) or any(
            w in after.split()[:4] for w in ("injured", "wounded")
        ):
            kind = "injured"
        if kind and out[f"{kind}_low"] is None and out[f"{kind}_high"] is None:
            out[f"{kind}_low"], out[f"{kind}_high"] = q.low, q.high
    return out


def _groups(ds: DatedSentence, text: str) -> list[tuple[int, int, DateMatch]]:
    """Clause groups of a sentence, each with the date that anchors it."""
    groups: list[list[object]] = []
    for cs, ce in clauses(text, ds.start, ds.end):
        own = [d for d in ds.dates if cs <= d.start < ce]
        if own or not groups:
            groups.append([cs, ce, own[0] if own else None])
        else:
            groups[-1][1] = ce
    # A leading group without a date ("Facing X, ...") joins the next one.
    if len(groups) > 1 and groups[0][2] is None:
        groups[1][0] = groups[0][0]
        groups.pop(0)
    return [(int(s), int(e), d) for s, e, d in groups if d is not None]  # type: ignore[misc]


def extract_events(source_id: str, text: str, sentences: list[DatedSentence]) -> list[dict]:
    """Event mention records of one document."""
    out = []
    for ds in sentences:
        if not ds.dates:
            continue
        sentence_type = classify(ds.text)
        if sentence_type is None:
            continue
        who = attribution(ds.text)
        for start, end, date in _groups(ds, text):
            start, end = trim_span(text, start, end)
            quote = text[start:end]
            etype = classify(quote) or sentence_type
            place, country = location(quote)
            rec = {
                "mention_id": mention_id("ev", source_id, start, end),
                "source_id": source_id,
                "char_start": start,
                "char_end": end,
                "quote": quote,
                **date_fields(date),
                "event_type": etype,
                "location": place,
                "country": country,
                **casualties(quote),
                "attributed_by": who,
            }
            out.append(rec)
    return out
