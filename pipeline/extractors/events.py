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

import datetime as dt
import re
from dataclasses import replace

from pipeline.extractors import lexicon
from pipeline.extractors.context import DatedSentence, date_fields, mention_id, trim_span, within_year
from pipeline.extractors.model import LIST_ITEM, Document, per_document
from pipeline.text.dates import PRECISIONS, DateMatch
from pipeline.text.numbers import find_quantities

# Comma-delimited phrases that set the scene ("During the exile, ...",
# ", six days after X announced Y,") rather than report the occurrence.
_BACKGROUND = re.compile(
    r"(?:^|,\s*)(?P<phrase>(?:in the course of|during|following|after|before|amid|despite|as part of|"
    r"while|whilst|although|though|whereas|"
    r"in response to|as a result of|facing|(?:\w+ )?(?:days|weeks|months|years) (?:after|before))\b[^,]*)",
    re.IGNORECASE,
)


# Words after which "the" continues a phrase rather than starting a new one.
_PHRASE_GLUE = frozenset(
    "a an the of to in on at by for from with into onto over under against between among and or but "
    "as than that which who whom whose this these those its their his her our my your".split()
)
_NEW_NP = re.compile(r"\s(?=the\s)", re.IGNORECASE)


def _background_end(clause: str, start: int, end: int) -> int:
    """End of a scene-setting phrase with no closing comma (rule ev.background_cut).

    "in response to the visit of X to Iran the explosion of ..." : the phrase stops
    where "the" follows a noun directly (no preposition or conjunction between them),
    i.e. where the main noun phrase of an unpunctuated clause begins.
    """
    for m in _NEW_NP.finditer(clause, start, end):
        prev = re.findall(r"[\w'’-]+", clause[start : m.start()])
        if len(prev) >= 3:
            w = prev[-1]
            if w.lower() not in _PHRASE_GLUE and not w.lower().endswith(("ed", "ing")):
                return m.start()
    return end


@per_document
def classify(doc: Document, start: int, end: int) -> str | None:
    """Event type of the mention text[start:end], or None when it holds no event trigger.

    Rules, in order (lexicons/events.json):

    1. ev.type.first: the trigger that occurs first wins (the main predicate usually
       comes before its complements), skipping scene-setting phrases ("During the war,
       ...") unless nothing else triggers;
    2. ev.type.override: a construction that decides the type wherever it stands
       ("renounced violence" is an agreement, "bombed its bases" a military operation);
    3. ev.type.precedence: of two kinds in one clause one always wins ("arrested and
       executed" is an execution);
    4. ev.type.harm: a killing or bombing beats a first trigger of a weaker kind ("entered
       the camp, killing nine");
    5. founding of a council, army or channel, or of one of the organisation's wings, is
       organisational.
    """
    found = doc.triggers_in(start, end)
    clause = doc.text[start:end]
    background = [
        (start + m.start("phrase"), start + _background_end(clause, m.start("phrase"), m.end("phrase")))
        for m in _BACKGROUND.finditer(clause)
    ]

    def in_background(pos: int) -> bool:
        return any(a <= pos < b for a, b in background)

    for etype, pattern in lexicon.EVENT_OVERRIDES:
        m = pattern.search(clause)
        if m and not in_background(start + m.start()):
            return etype
    main = [t for t in found if not in_background(t.start)]
    if not main:
        return None  # only the scene is an occurrence ("After the revolution, the group grew")
    first = main[0]
    etype = first.type
    kinds = {t.type for t in main}
    for winner, loser in lexicon.PRECEDENCE:
        if etype == loser and winner in kinds:
            etype = winner
    if etype in lexicon.HARM_OVER_TYPES and lexicon.HARM_RE.search(clause):
        return "attack"
    if etype == "founding":
        lo, hi = max(start, first.start - 60), min(end, first.start + 80)
        wing = lexicon.WING_RE.search(doc.text, lo, hi) or any(r.kind == "wing" for r in doc.refs_in(lo, hi))
        return "organisational" if wing else "founding"
    return etype


def attribution(sentence: str) -> str | None:
    """Who the sentence says asserts the event ("according to X", "X claimed")."""
    for pattern in lexicon.ATTRIBUTION_RES:
        m = pattern.search(sentence)
        if m:
            return m.group("who").strip(" ,.")
    return None


def location(doc: Document, start: int, end: int) -> tuple[str | None, str | None]:
    """First place named in text[start:end] after a locative preposition, and its country code.

    Places are the general gazetteer (lexicons/places.json) and the organisation's own
    sites (its profile), whichever comes first.
    """
    m = lexicon.PLACE_RE.search(doc.text, start, end)
    site = next((r for r in doc.refs_in(start, end) if r.kind == "site" and _LOCATIVE.search(
        doc.text, max(start, r.start - 12), r.start)), None)
    if site is not None and (m is None or site.start < m.start("place")):
        return site.text, doc.org.site_countries.get(site.text)
    if not m:
        return None, None
    place = m.group("place")
    return place, lexicon.PLACES[place]


_LOCATIVE = re.compile(r"\b(?:in|at|to|near|from|into|inside|outside|towards?|across)\s+(?:the\s+)?$")
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


def _groups(ds: DatedSentence, doc: Document, inherited: DateMatch | None) -> list[tuple[int, int, DateMatch, str]]:
    """Mention spans of a sentence, each with the date that anchors it.

    A clause with its own date starts a mention; a clause without one joins the
    mention before it. A sentence with no date of its own is one mention
    anchored on the inherited date, if any.
    """
    if not ds.dates:
        if inherited is None:
            return []
        if _SAME_TIME.search(ds.text):
            return [(ds.start, ds.end, inherited, "ev.inherited_same_time")]
        return [(ds.start, ds.end, within_year(inherited), "ev.inherited")]
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
    text = doc.text
    out: list[tuple[int, int, DateMatch, str]] = []
    for gs, ge, own in groups:
        if own:
            for k, (ps, pe, date) in enumerate(_split_at_dates(text, gs, ge, own)):
                dated = _from_context(text, date, inherited)
                rule = "ev.until_context" if dated is not date else "ev.later_date_clause" if k else "ev.dated_clause"
                for n, (a, b) in enumerate(_split_occurrences(doc, ps, pe)):
                    out.append((a, b, dated, "ev.second_occurrence" if n else rule))
    return out


def _widen_day(m: DateMatch) -> DateMatch:
    """A day-precise anchor widened to its month ("days later" stays near it)."""
    if m.precision != "day" or m.date_start is None:
        return m
    first = m.date_start.replace(day=1)
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return replace(m, date_start=first, date_end=nxt - dt.timedelta(days=1), precision="month")


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
    r"|,\s+and\s+(?=[\w'’-]+\s+(?:[\w,]+\s+)?(?:were|was)\b)"  # ", and some 3,000 were arrested"
)


# "X left in the weeks before Y left": the phrase itself puts the two actions at two times.
_TIME_APART = re.compile(r"\s+in the (?:days|weeks|months|years|hours) (?:before|after)\s+", re.IGNORECASE)


def _split_occurrences(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a dated part where a second action of another kind begins.

    "It was outlawed in 1981, the year authorities accused it of a bombing" is
    two occurrences (legal, attack); "signed a ceasefire and was disarmed" is
    one (both agreement) and stays whole.
    """
    text = doc.text
    parts = [(start, end)]
    m = _TIME_APART.search(text, start, end)
    if m and _words(text, m.end(), end, []) >= 3 and classify(doc, m.end(), end):
        right = doc.triggers_in(m.end(), end)
        before = re.findall(r"[\w'’-]+", text[m.end() : right[0].start]) if right else []
        clause = bool(before) and before[-1].lower() not in _PHRASE_GLUE  # a subject, then a verb
        verb = re.match(r"[\w'’-]+", text[right[0].start : right[0].end]) if clause else None
        same_verb = verb is not None and re.search(rf"\b{re.escape(verb.group())}\b", text[start : m.start()])
        if clause and (classify(doc, start, m.start()) or same_verb):
            parts = [(start, m.start()), (m.end(), end)]
    for m in _OCCURRENCE_JOIN.finditer(text, parts[-1][0], end):
        a, _b = parts[-1]
        left, right = classify(doc, a, m.start()), classify(doc, m.end(), end)
        if left and right and left != right and _words(text, a, m.start(), []) >= 3:
            parts[-1] = (a, m.start())
            parts.append((m.end(), end))
    return parts


# A list item with a modal, an auxiliary or a commentary verb is not a verbless item.
_VERBAL = re.compile(
    r"\b(?:will|would|shall|may|might|could|should|can|must|was|were|been|being)\b|" + lexicon.NON_EVENT_RE.pattern,
    re.IGNORECASE,
)
# "have since disarmed": a perfect with "since" reports what followed the last date before it.
_SINCE = re.compile(r"\b(?:has|have|had) since\b(?!\s+(?:then\b|\d))", re.IGNORECASE)
_LATER = re.compile(
    r"^\W*(?:(?:a few|several|some|two|three|a couple of) (?:days|weeks)|a (?:day|week)|days|weeks) later\b"
    r"|^\W*(?:the )?(?:next|following) (?:day|week|morning|night)\b",
    re.IGNORECASE,
)


def _list_type(doc: Document, index: int) -> str | None:
    """Type of a verbless dated list item: the commonest type of its sibling items,
    else of the prose paragraph that introduces the list (rule ev.list_item)."""
    sents = doc.sentences
    par = sents[index].sentence.paragraph
    counts: dict[str, int] = {}
    intro = None
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(sents):
            ds = sents[j]
            if ds.sentence.paragraph == par:
                j += step
                continue
            if not LIST_ITEM.match(ds.text):
                if step < 0:
                    intro = ds
                break
            t = classify(doc, ds.start, ds.end)
            if t:
                counts[t] = counts.get(t, 0) + 1
            j += step
    if counts:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return classify(doc, intro.start, intro.end) if intro is not None else None


# A reaction verb whose object is an act: the reaction and the act are two occurrences.
_REACTION = re.compile(
    r"\b(?:condemn(?:ed|s|ing)?|denounc(?:ed|es|ing)|deplor(?:ed|es|ing))\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<act>(?:[\w,-]+\s+)?(?:bombings?|attacks?|assassinations?|killings?|explosions?|raids?|executions?|massacres?))\b",
    re.IGNORECASE,
)


def _reaction_split(
    doc: Document, group: tuple[int, int, DateMatch, str]
) -> list[tuple[int, int, DateMatch, str]]:
    """A reaction to an act ("condemned two bombings carried out by ...") is two mentions:
    the reaction up to its object, and the act, dated within the reaction's year
    (rules ev.reaction, ev.reaction_act)."""
    start, end, date, rule = group
    m = _REACTION.search(doc.text, start, end)
    if not m or classify(doc, m.start("act"), end) not in ("attack", "execution", "arrest_or_raid"):
        return [group]
    return [(start, m.end("act"), date, "ev.reaction"), (m.start("act"), end, within_year(date), "ev.reaction_act")]


# A dated clause that denies its action, states an aim, or gives a birth date reports no occurrence.
_UNREPORTED = re.compile(
    r"\b(?:does|do|did) not\b|\b(?:objective|aim|goal|purpose)\b[^.;]{0,60}\b(?:was|is) to\b",
    re.IGNORECASE,
)
_BORN = re.compile(r"\bborn\s+(?:on\s+|in\s+)?$", re.IGNORECASE)


def _not_reported(text: str, group: tuple[int, int, DateMatch, str]) -> bool:
    """Rule ev.unreported: a negated or intended action, or a birth date, is no event."""
    start, end, date, _rule = group
    if _BORN.search(text[max(0, date.start - 12) : date.start]):
        return True
    if not start <= date.start < end:  # an inherited date: the whole sentence is the clause
        return bool(_UNREPORTED.search(text, start, end))
    return bool(_UNREPORTED.search(text, max(start, date.start - 80), min(end, date.end + 80)))


def extract_events(doc: Document) -> list[dict]:
    """Event mention records of one document."""
    source_id, text, sentences = doc.source_id, doc.text, doc.sentences
    out = []
    section = None
    context: DateMatch | None = None  # main date of the last dated sentence of the section
    last: DateMatch | None = None  # main date of the last dated sentence of the text
    for index, ds in enumerate(sentences):
        if ds.sentence.paragraph != section:
            section, context = ds.sentence.paragraph, None
        if ds.sentence.is_heading and ds.text.startswith("="):
            continue  # a section title names a period, it reports nothing
        if not doc.may_participate(index):  # no mention of it can pass rule ev.participation below
            if ds.dates:
                context = last = ds.dates[0]
            continue
        sentence_type = classify(doc, ds.start, ds.end)
        item_rule = None
        if sentence_type is None and ds.dates and LIST_ITEM.match(ds.text) and not _VERBAL.search(ds.text):
            sentence_type = _list_type(doc, index)
            item_rule = "ev.list_item"
        inherited = context
        since = not ds.dates and context is not None and _SINCE.search(ds.text)
        if since:
            inherited = within_year(sentences[index - 1].dates[-1]) if index and sentences[index - 1].dates else None
            item_rule = "ev.since" if inherited is not None else None
        if not ds.dates and context is None and last is not None and _LATER.search(ds.text):
            inherited = _widen_day(last)  # "A few days later ..." after the previous item
            item_rule = "ev.relative_later"
        if sentence_type is None or (
            not ds.dates and not since
            and (lexicon.NON_EVENT_RE.search(ds.text) or lexicon.INHERIT_BLOCK_RE.search(ds.text))
        ) or (since and inherited is None):
            groups = []
        else:
            groups = _groups(ds, doc, inherited)
            if item_rule in ("ev.relative_later", "ev.since"):
                groups = [(a, b, inherited, item_rule) for a, b, _d, _r in groups]
            elif item_rule:
                groups = [(a, b, d, item_rule) for a, b, d, _r in groups]
        if ds.dates:
            context = last = ds.dates[0]
        who = attribution(ds.text) if groups else None
        groups = [part for g in groups for part in _reaction_split(doc, g)]
        groups = [g for g in groups if not _not_reported(text, g)]
        for start, end, date, rule in groups:
            start, end = trim_span(text, start, end)
            if not doc.participates(index, start, end):
                continue  # the organisation takes no part in it (rule ev.participation)
            quote = text[start:end]
            etype = classify(doc, start, end) or sentence_type
            if rule == "ev.reaction":
                etype = "diplomatic"  # the reaction itself; the act is its own mention
            place, country = location(doc, start, end)
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
                "rule_id": rule,
            })
    return out
