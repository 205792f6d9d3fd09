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

import re
from dataclasses import replace
from re import _constants as _C
from re._parser import parse as _sre_parse

from pipeline.dates import PRECISIONS, DateMatch
from pipeline.extractors import lexicon
from pipeline.extractors.context import DatedSentence, date_fields, mention_id, trim_span, within_year
from pipeline.numbers import find_quantities

# Comma-delimited phrases that set the scene ("During the exile, ...",
# ", six days after X announced Y,") rather than report the occurrence.
_BACKGROUND = re.compile(
    r"(?:^|,\s*)(?P<phrase>(?:in the course of|during|following|after|before|amid|despite|as part of|"
    r"while|whilst|although|though|whereas|"
    r"in response to|as a result of|facing|(?:\w+ )?(?:days|weeks|months|years) (?:after|before))\b[^,]*)",
    re.IGNORECASE,
)


def _required_literals(items) -> set[str]:
    """Lower-case strings one of which every match of a parsed regex contains ({""}: none known).

    A run of consecutive ASCII literals (zero-width items such as ``\\b`` do not break it)
    must occur in every match; so must one of the strings required by each alternative of a
    group, or by the body of a repeat that occurs at least once.  Of these candidates the
    one whose shortest string is longest is kept (the most selective).
    """
    candidates: list[set[str]] = []
    run = ""
    for op, av in items:
        if op is _C.AT or op is _C.ASSERT or op is _C.ASSERT_NOT:
            continue
        if op is _C.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            candidates.append({run})
            run = ""
        sub: set[str] = {""}
        if op is _C.SUBPATTERN:
            sub = _required_literals(av[3])
        elif op is _C.BRANCH:
            sub = set().union(*(_required_literals(alt) for alt in av[1]))
        elif (op is _C.MAX_REPEAT or op is _C.MIN_REPEAT) and av[0] >= 1:
            sub = _required_literals(av[2])
        if "" not in sub:
            candidates.append(sub)
    if run:
        candidates.append({run})
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)), default={""})


# Per trigger pattern, literals one of which any match contains (lower-cased).  A pure-ASCII
# clause whose lower-cased text holds none of them cannot match the pattern (ASCII case
# folding is plain lower-casing), so _triggers skips that pattern: same result in a fraction
# of the time, since most clauses hold one or two kinds of trigger.  Other clauses run every
# pattern.
_TRIGGER_LITERALS = [
    sorted(_required_literals(_sre_parse(pattern.pattern, pattern.flags)))
    for _etype, pattern in lexicon.EVENT_TRIGGER_RES
]


def _triggers(clause: str) -> list[tuple[int, int, str]]:
    """(position, rank, type) of every trigger occurrence, in order."""
    found = []
    lower = clause.lower() if clause.isascii() else None
    for rank, (etype, pattern) in enumerate(lexicon.EVENT_TRIGGER_RES):
        if lower is not None and not any(map(lower.__contains__, _TRIGGER_LITERALS[rank])):
            continue
        for m in pattern.finditer(clause):
            if not _NOT_OCCURRENCE.search(clause, max(0, m.start() - 20), m.start()):
                found.append((m.start(), rank, etype))
    return sorted(found)


def classify(clause: str) -> str | None:
    """Event type of a clause, or None when it holds no event trigger.

    The trigger that occurs first wins (the main predicate usually comes before
    its complements), skipping scene-setting phrases ("During the war, ...")
    unless nothing else triggers; founding of a council, army or channel is
    organisational.
    """
    found = _triggers(clause)
    if not found:
        return None
    background = [(m.start("phrase"), m.end("phrase")) for m in _BACKGROUND.finditer(clause)]
    main = [t for t in found if not any(a <= t[0] < b for a, b in background)]
    if not main:
        return None  # only the scene is an occurrence ("After the revolution, the group grew")
    pos, _rank, etype = main[0]
    if etype == "founding":
        window = clause[max(0, pos - 60) : pos + 80]
        return "organisational" if lexicon.WING_RE.search(window) else "founding"
    return etype


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


_HARM = re.compile(r"kill|dead|death|died|injur|wound")


def casualties(clause: str) -> dict[str, int | None]:
    """Deaths and injured figures stated right after a killing or wounding word."""
    out: dict[str, int | None] = {"deaths_low": None, "deaths_high": None, "injured_low": None, "injured_high": None}
    lower = clause.lower()
    if not _HARM.search(lower):
        return out
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


_CONNECTOR = re.compile(r"\s(?:and|before|after|until|then|but|while)\s|[,;]\s")
# A trigger right after these words names something that has not happened ("awaiting resettlement").
_NOT_OCCURRENCE = re.compile(
    r"\b(?:awaiting|pending|to be|would|could|might|plans? to|planned to|advocates?|advocating|seeks? to|"
    r"seeking to|aims? to|aiming to|wants? to|intends? to)\s+$",
    re.IGNORECASE,
)


def _words(text: str, start: int, end: int, dates: list[DateMatch]) -> int:
    """Number of words in text[start:end] outside date expressions."""
    chars = list(text[start:end])
    for d in dates:
        for i in range(max(d.start, start), min(d.end, end)):
            chars[i - start] = " "
    return len(re.findall(r"[^\W\d_][\w'’-]*", "".join(chars)))


def _split_at_dates(text: str, start: int, end: int, dates: list[DateMatch]) -> list[tuple[int, int, DateMatch]]:
    """Cut a clause before each later date that has its own connector ("... and in April, they ...")."""
    parts: list[tuple[int, int, DateMatch]] = []
    cut = start
    anchor = dates[0]
    prev_end = dates[0].end
    for i, d in enumerate(dates[1:], 1):
        joins = [m.start() for m in _CONNECTOR.finditer(text, prev_end, d.start)]
        same = (d.date_start, d.date_end) == (anchor.date_start, anchor.date_end)
        nxt = dates[i + 1].start if i + 1 < len(dates) else end
        if joins and not same and _words(text, cut, joins[-1], dates) >= 3 and _words(text, joins[-1], nxt, dates) >= 4:
            parts.append((cut, joins[-1], anchor))
            cut, anchor = joins[-1], d
        prev_end = d.end
    parts.append((cut, end, anchor))
    return parts


# A sentence that continues the previous occurrence keeps its full date.
_SAME_TIME = re.compile(
    r"\b(?:then|the same day|that day|that night|in the course of|during the (?:attack|raid|operation|assault))\b",
    re.IGNORECASE,
)


def _groups(ds: DatedSentence, text: str, inherited: DateMatch | None) -> list[tuple[int, int, DateMatch]]:
    """Mention spans of a sentence, each with the date that anchors it.

    A clause with its own date starts a mention; a clause without one joins the
    mention before it. A sentence with no date of its own is one mention
    anchored on the inherited date, if any.
    """
    if not ds.dates:
        if inherited is None:
            return []
        same_time = _SAME_TIME.search(ds.text)
        return [(ds.start, ds.end, inherited if same_time else within_year(inherited))]
    groups: list[list] = []
    for cs, ce in ds.clauses:
        own = [d for d in ds.dates if cs <= d.start < ce]
        if own or not groups:
            groups.append([cs, ce, own])
        else:
            groups[-1][1] = ce
    # A leading part without a date ("Facing X, ...") joins the next one.
    if len(groups) > 1 and not groups[0][2]:
        groups[1][0] = groups[0][0]
        groups.pop(0)
    out: list[tuple[int, int, DateMatch]] = []
    for gs, ge, own in groups:
        if own:
            for ps, pe, date in _split_at_dates(text, gs, ge, own):
                date = _from_context(text, date, inherited)
                out.extend((a, b, date) for a, b in _split_occurrences(text, ps, pe))
    return out


def _from_context(text: str, date: DateMatch, context: DateMatch | None) -> DateMatch:
    """"(lasted) until 1982" after a dated sentence runs from that date: 1981..1982."""
    if context is None or context.date_start is None or date.date_start is None:
        return date
    if not re.search(r"\b(?:until|till|through)\s+$", text[max(0, date.start - 10) : date.start], re.IGNORECASE):
        return date
    if context.date_start >= date.date_start:
        return date
    start = within_year(context)
    precision = max(start.precision or "day", date.precision or "day", key=PRECISIONS.index)
    return replace(date, date_start=start.date_start, precision=precision)


# Joins after which a clause can report a second occurrence of the same date.
_OCCURRENCE_JOIN = re.compile(
    r",\s+(?=(?:the year|where|being|when|and then|before)\b)|\.\s+(?=and\b)"
)


def _split_occurrences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a dated part where a second action of another kind begins.

    "It was outlawed in 1981, the year authorities accused it of a bombing" is
    two occurrences (legal, attack); "signed a ceasefire and was disarmed" is
    one (both agreement) and stays whole.
    """
    parts = [(start, end)]
    for m in _OCCURRENCE_JOIN.finditer(text, start, end):
        a, _b = parts[-1]
        left, right = classify(text[a : m.start()]), classify(text[m.end() : end])
        if left and right and left != right and _words(text, a, m.start(), []) >= 3:
            parts[-1] = (a, m.start())
            parts.append((m.end(), end))
    return parts


def extract_events(source_id: str, text: str, sentences: list[DatedSentence]) -> list[dict]:
    """Event mention records of one document."""
    out = []
    section = None
    context: DateMatch | None = None  # main date of the last dated sentence of the section
    for ds in sentences:
        if ds.sentence.paragraph != section:
            section, context = ds.sentence.paragraph, None
        if ds.sentence.is_heading and ds.text.startswith("="):
            continue  # a section title names a period, it reports nothing
        sentence_type = classify(ds.text)
        if sentence_type is None or (
            not ds.dates and (lexicon.NON_EVENT_RE.search(ds.text) or lexicon.INHERIT_BLOCK_RE.search(ds.text))
        ):
            groups = []
        else:
            groups = _groups(ds, text, context)
        if ds.dates:
            context = ds.dates[0]
        who = attribution(ds.text) if groups else None
        for start, end, date in groups:
            start, end = trim_span(text, start, end)
            quote = text[start:end]
            etype = classify(quote) or sentence_type
            place, country = location(quote)
            out.append({
                "mention_id": mention_id("ev", source_id, start, end),
                "source_id": source_id,
                "char_start": start,
                "char_end": end,
                "quote": quote,
                **date_fields(date, inherited=not (start <= date.start < end)),
                "event_type": etype,
                "location": place,
                "country": country,
                **casualties(quote),
                "attributed_by": who,
            })
    return out
