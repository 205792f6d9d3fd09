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
- A leading "After/Following/As ... ," phrase that reports an act of its own is its own
  mention (ev.background_event); a named period ("during the Iran-Iraq War",
  lexicons/periods.json) dates a clause without a date expression (ev.named_period);
  "In response, ..." opening a paragraph takes the previous paragraph's date
  (ev.response); "the Nth anniversary of" an act dates it N years back (ev.anniversary).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from bisect import bisect_right as _bisect_right
from dataclasses import replace

from pipeline.extractors import lexicon
from pipeline.extractors.context import DatedSentence, date_fields, mention_id, trim_span, within_year
from pipeline.extractors.model import LIST_ITEM, Document, per_document
from pipeline.extractors.organisation import OrgRef
from pipeline.text.dates import PRECISIONS, DateMatch
from pipeline.text.multiscan import CASE_FOLDS, EndScanner
from pipeline.text.numbers import Quantity, find_quantities

# Comma-delimited phrases that set the scene ("During the exile, ...",
# ", six days after X announced Y,") rather than report the occurrence.
_BACKGROUND_WORDS = ("in the course of|during|following|after|before|amid|despite|as part of|while|whilst|although|"
                     "though|whereas|in response to|as a result of|facing")
_BACKGROUND = re.compile(
    rf"(?:^|,\s*)(?P<phrase>(?:{_BACKGROUND_WORDS}|(?:\w+ )?(?:days|weeks|months|years) (?:after|before))\b[^,]*)",
    re.IGNORECASE,
)


# Words after which "the" continues a phrase rather than starting a new one.
_PHRASE_GLUE = frozenset(
    "a an the of to in on at by for from with into onto over under against between among and or but "
    "as than that which who whom whose this these those its their his her our my your".split()
)


def _background_phrases(clause: str) -> list[re.Match[str]]:
    """``list(_BACKGROUND.finditer(clause))``, trying the pattern only at 0 and at each comma.

    Exact: every match of _BACKGROUND begins at the start of the string (``^``) or at a comma (``,\\s*``),
    and none is empty, so finditer, which goes on from the end of each match, finds a match exactly at
    the first of those positions (from there on) where ``match`` finds one.
    """
    out = []
    match = _BACKGROUND.match
    pos = p = 0
    while p >= 0:
        m = match(clause, p)
        if m is not None:
            out.append(m)
            pos = m.end()
        p = clause.find(",", max(pos, p + 1))
    return out


_NEW_NP = re.compile(r"\s(?=the\s)", re.IGNORECASE)
_TOKEN = re.compile(r"[\w'’-]+")


def _background_end(clause: str, start: int, end: int) -> int:
    """End of a scene-setting phrase with no closing comma (rule ev.background_cut).

    "in response to the visit of X to Iran the explosion of ..." : the phrase stops
    where "the" follows a noun directly (no preposition or conjunction between them),
    i.e. where the main noun phrase of an unpunctuated clause begins.
    """
    for m in _NEW_NP.finditer(clause, start, end):
        prev = _TOKEN.findall(clause, start, m.start())
        if len(prev) >= 3:
            w = prev[-1]
            if w.lower() not in _PHRASE_GLUE and not w.lower().endswith(("ed", "ing")):
                return m.start()
    return end


_HEAD = re.compile(r"\W*(?:[\w'’-]+\W+){0,3}")
_LOSERS = frozenset(loser for _winner, loser in lexicon.PRECEDENCE)


@per_document
def classify(doc: Document, start: int, end: int) -> str | None:
    """Event type of the mention text[start:end], or None when it holds no event trigger (_type_of)."""
    return _type_of(doc, start, end, True)


_FOUNDED_AS = re.compile(r"\bas\s+(?:the|an?|its)\s+(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)


def _type_of(doc: Document, start: int, end: int, scenes: bool) -> str | None:
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
    5. founding of a council, army or channel, or of one of the organisation's wings (near the
       trigger, or the subject opening the mention), is organisational;
    6. ev.type.dated_noun (applied by extract_events, which knows the date): an act noun the
       mention's own date is attached to ("despite rocket attacks on 29 October") types it.

    ``scenes=False`` reads a scene-setting phrase as any other words: for a mention that is such a
    phrase with its own date ("..., before a ceasefire was agreed on 15 April").
    """
    found = doc.triggers_in(start, end)
    cues = _cue_ends(doc)
    override = _may(cues["overrides"], start, end)
    if not found and not override:
        return None  # no override can match and no trigger occurs (Document.may_match)
    clause = doc.text[start:end]
    background = [
        (start + m.start("phrase"), start + _background_end(clause, m.start("phrase"), m.end("phrase")))
        for m in _background_phrases(clause)
    ] if scenes and _may(cues["background"], start, end) else []

    def in_background(pos: int) -> bool:
        return any(a <= pos < b for a, b in background)

    if override:
        for group, (etype, pattern) in zip(_OVERRIDE_GROUP_NAMES, lexicon.EVENT_OVERRIDES, strict=True):
            if not _may(cues[group], start, end):
                continue  # (the cue of this override alone: no match of it in the clause)
            m = pattern.search(clause)
            if m and not in_background(start + m.start()):
                return etype
    main = [t for t in found if not in_background(t.start)] if background else found
    if not main:
        return None  # only the scene is an occurrence ("After the revolution, the group grew")
    first = main[0]
    etype = first.type
    if etype in _LOSERS:  # (a kind that loses to none keeps its place)
        kinds = {t.type for t in main}
        for winner, loser in lexicon.PRECEDENCE:
            if etype == loser and winner in kinds:
                etype = winner
    if (etype in lexicon.HARM_OVER_TYPES and _may(cues["harm"], start, end)
            and lexicon.HARM_RE.search(clause)):
        return "attack"
    if etype == "founding":
        lo, hi = max(start, first.start - 60), min(end, first.start + 80)
        head = _HEAD.match(clause)  # the subject of "X, ..., was formed"
        wing_short = {a for w in doc.org.wings for a in w.abbreviations}
        refs = doc.refs_in(max(0, lo - 120), hi)
        # The organisation's own name may hold a wing's word ("Kurdistan Workers' Party", "Acme Front"):
        # inside a reference to it by name or abbreviation, such a word is no wing.
        names = [(r.start, r.end) for r in refs if r.kind in ("name", "abbreviation")]

        def wing_word(a: int, b: int) -> bool:
            # (not "founded as the armed wing of Y": what is founded is the organisation)
            return any(not any(s <= m.start() < e for s, e in names)
                       and not _FOUNDED_AS.search(doc.text, max(0, m.start() - 40), m.start())
                       for m in lexicon.WING_RE.finditer(doc.text, a, b))

        wing = (wing_word(lo, hi)
                or any(r.kind == "wing" or r.text in wing_short for r in refs if lo <= r.start < hi)
                or (head is not None and wing_word(start, start + head.end())))
        return "organisational" if wing else "founding"
    return etype


def attribution(sentence: str) -> str | None:
    """Who the sentence says asserts the event ("according to X", "X claimed")."""
    for k, pattern in enumerate(lexicon.ATTRIBUTION_RES):
        m = pattern.search(sentence, _agent_from(sentence)) if k == 1 and _AGENT_FAST else pattern.search(sentence)
        if m:
            return m.group("who").strip(" ,.")
    return None


# The second attribution pattern ends with white space and a verb; what comes before the verb in a match
# (names, "the", initials) holds none of _NOT_IN_AGENT's characters.
_AGENT_FAST = len(lexicon.ATTRIBUTION_RES) == 2 and lexicon.ATTRIBUTION_RES[1].pattern.endswith(
    rf"\s+(?:{lexicon._ATTRIBUTION_VERBS})\b") and not lexicon.ATTRIBUTION_RES[1].flags & re.IGNORECASE
_ATTRIBUTION_VERB = re.compile(rf"\s(?:{lexicon._ATTRIBUTION_VERBS})\b")
_NOT_IN_AGENT = re.compile(r"[^\w.’'\s-]")


def _agent_from(sentence: str) -> int:
    """Where ``ATTRIBUTION_RES[1].search(sentence)`` can first match (searching from there finds the same
    match; ``len(sentence)`` when it cannot match at all).

    Exact: a match ends with white space and a verb, an occurrence of _ATTRIBUTION_VERB at or after the
    first one, and everything before that white space is names, initials and spaces, with no character
    of _NOT_IN_AGENT: so a match starts after the last of them before the first verb (``\b`` still reads
    the character before the search's start, and no match starts before it).
    """
    verb = _ATTRIBUTION_VERB.search(sentence)
    if verb is None:
        return len(sentence)
    lo = 0
    for m in _NOT_IN_AGENT.finditer(sentence, 0, verb.start()):
        lo = m.end()
    return lo


# What every match of lexicon.ATTRIBUTION_RES holds, as it is written (neither is caseless): "[Aa]ccording
# to", or one of the verbs (lexicon._ATTRIBUTION_VERBS, each holding one of these stems).
_ATTRIBUTION_STEMS = ("ccording to", "claim", "alleg", "accused", "blamed", "stated", "said", "says", "announced",
                      "assert", "report")


def _may_attribute(sentence: str) -> bool:
    """Can ``attribution(sentence)`` find someone? False only when neither pattern can match (substring
    tests: cheaper, for the few sentences that give mentions, than a cue in the document's pass)."""
    return any(w in sentence for w in _ATTRIBUTION_STEMS)


_SITES_KEY = ("events.sites",)  # (a key no per_document span takes)


def _sites(doc: Document) -> tuple[list[OrgRef], list[int]]:
    """The references of kind "site" among ``doc.refs`` (sorted by start, as refs are), and their starts;
    kept per document (a few of the references: location reads only these)."""
    try:
        return doc.memo[_SITES_KEY]
    except KeyError:
        sites = [r for r in doc.refs if r.kind == "site"]
        doc.memo[_SITES_KEY] = found = (sites, [r.start for r in sites])
        return found


def location(doc: Document, start: int, end: int) -> tuple[str | None, str | None]:
    """First place named in text[start:end] after a locative preposition, and its country code.

    Places are the general gazetteer (lexicons/places.json) and the organisation's own
    sites (its profile), whichever comes first.
    """
    # The first of doc.places_in(start, end), found only where the prefilter sees a place.
    m = lexicon.PLACE_RE.search(doc.text, start, end) if _may(_cue_ends(doc)["places"], start, end) else None
    sites, site_starts = _sites(doc)
    site = None
    i = bisect.bisect_left(site_starts, start)
    while i < len(sites) and sites[i].start < end:  # (the sites of doc.refs_in(start, end), in order)
        if _LOCATIVE.search(doc.text, max(start, sites[i].start - 12), sites[i].start):
            site = sites[i]
            break
        i += 1
    if site is not None and (m is None or site.start < m.start("place")):
        return site.text, doc.org.site_countries.get(site.text)
    if not m:
        return None, None
    place = m.group("place")
    return place, lexicon.PLACES[place]


_LOCATIVE = re.compile(r"\b(?:in|at|to|near|from|into|inside|outside|towards?|across)\s+(?:the\s+)?$")
# Every word casualties() reads a figure's kind from (killing killed kill dead deaths died injuring injured
# wounding wounded) holds one of these; "death" alone ("sentenced to death") gives no figure, so the test
# needs "deaths" (a clause without any of them gives no figure: the same result, fewer numbers read).
_HARM_WORDS = ("kill", "dead", "deaths", "died", "injur", "wound")
_NO_CASUALTIES: dict[str, int | None] = dict.fromkeys(("deaths_low", "deaths_high", "injured_low", "injured_high"))


def _harmful(lower: str) -> bool:
    """Does the lower-cased clause hold a killing or wounding word (a substring of one of _HARM_WORDS;
    Python's substring tests are several times faster than a regex alternation of them)?"""
    return any(w in lower for w in _HARM_WORDS)


def casualties(clause: str, quantities: list[Quantity] | None = None) -> dict[str, int | None]:
    """Deaths and injured figures stated right after a killing or wounding word.

    ``quantities``: the clause's quantities when the caller has them (the document model's
    layer), else they are read from ``clause``."""
    out: dict[str, int | None] = {"deaths_low": None, "deaths_high": None, "injured_low": None, "injured_high": None}
    lower = clause.lower()
    if not _harmful(lower):
        return out
    for q in (find_quantities(clause) if quantities is None else quantities):
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
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _words(text: str, start: int, end: int, dates: list[DateMatch]) -> int:
    """Number of words in text[start:end] outside date expressions."""
    if not any(d.start < end and start < d.end for d in dates):  # (the pattern looks at no neighbour)
        return len(_WORD.findall(text, start, end))
    chars = list(text[start:end])
    for d in dates:
        for i in range(max(d.start, start), min(d.end, end)):
            chars[i - start] = " "
    return len(_WORD.findall("".join(chars)))


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
# What every match of _SAME_TIME holds, lower-cased (its words, and the spaces between them, as written).
_SAME_TIME_WORDS = ("then", "the same day", "that day", "that night", "in the course of", "during the ")


def _same_time(sentence: str) -> bool:
    """``_SAME_TIME.search(sentence)``, searched only when the lower-cased sentence holds one of
    _SAME_TIME_WORDS. Exact: with none of _ASCII_FOLDS in the text (an ASCII text holds none) a caseless
    match of those words is a match of their lower case in ``sentence.lower()``."""
    if sentence.isascii() or not any(c in sentence for c in _ASCII_FOLDS):
        lower = sentence.lower()
        if not any(w in lower for w in _SAME_TIME_WORDS):
            return False
    return _SAME_TIME.search(sentence) is not None


def _groups(ds: DatedSentence, doc: Document, inherited: DateMatch | None) -> list[tuple[int, int, DateMatch, str]]:
    """Mention spans of a sentence, each with the date that anchors it.

    A clause with its own date starts a mention; a clause without one joins the
    mention before it. A sentence with no date of its own is one mention
    anchored on the inherited date, if any.
    """
    if not ds.dates:
        if inherited is None:
            return []
        date, rule = ((inherited, "ev.inherited_same_time") if _same_time(ds.text)
                      else (within_year(inherited), "ev.inherited"))
        return [(a, b, within_year(date), "ev.second_occurrence") if n else (a, b, date, rule)
                for n, (a, b) in enumerate(_split_occurrences(doc, ds.start, ds.end))]
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


_UNTIL = re.compile(r"\b(?:until|till|through)\s+$", re.IGNORECASE)


def _from_context(text: str, date: DateMatch, context: DateMatch | None) -> DateMatch:
    """"(lasted) until 1982" after a dated sentence runs from that date: 1981..1982."""
    if context is None or context.date_start is None or date.date_start is None:
        return date
    if not _UNTIL.search(text[max(0, date.start - 10) : date.start]):
        return date
    if context.date_start >= date.date_start:
        return date
    start = within_year(context)
    precision = max(start.precision or "day", date.precision or "day", key=PRECISIONS.index)
    return replace(date, date_start=start.date_start, precision=precision)


# Joins after which a clause can report a second occurrence of the same date.
_OCCURRENCE_JOIN = re.compile(
    r",\s+(?=(?:the year|where|being|when|and then|before)\b)|\.\s+(?=and\b)|,(?:\[[\w ]+\])*\s+(?=(?:but|so)\b)"
    r"|,\s+and\s+(?=[\w'’-]+\s+(?:[\w,]+\s+)?(?:were|was)\b)"  # ", and some 3,000 were arrested"
    r"|,\s+and\s+(?=(?:some\s+|about\s+|at\s+least\s+|another\s+)?[0-9][0-9,]*\s+[^\W\d_]+)"  # ", and 10 members ..."
)
# ", and 10 members ... immolated themselves": a counted new subject, a new act even of the same kind.
# ("and another 8,000 were imprisoned" continues the same act: no cut of the same kind).
_BUT_SO = re.compile(r"\s*(?:but|so)\b")
_COUNTED_SUBJECT = re.compile(r",\s+and\s+(?:some\s+|about\s+|at\s+least\s+)?[0-9]")


# "X left in the weeks before Y left": the phrase itself puts the two actions at two times.
_TIME_APART_WORDS = r"in the (?:days|weeks|months|years|hours) (?:before|after)"
_TIME_APART = re.compile(rf"\s+{_TIME_APART_WORDS}\s+", re.IGNORECASE)


def _split_occurrences(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a dated part where a second action of another kind begins.

    "It was outlawed in 1981, the year authorities accused it of a bombing" is
    two occurrences (legal, attack); "signed a ceasefire and was disarmed" is
    one (both agreement) and stays whole.
    """
    text = doc.text
    parts = [(start, end)]
    m = _TIME_APART.search(text, start, end) if _may(_cue_ends(doc)["time_apart"], start, end) else None
    if m and _words(text, m.end(), end, []) >= 3 and classify(doc, m.end(), end):
        right = doc.triggers_in(m.end(), end)
        before = _TOKEN.findall(text, m.end(), right[0].start) if right else []
        clause = bool(before) and before[-1].lower() not in _PHRASE_GLUE  # a subject, then a verb
        verb = _TOKEN.match(text[right[0].start : right[0].end]) if clause else None
        same_verb = verb is not None and re.search(rf"\b{re.escape(verb.group())}\b", text[start : m.start()])
        if clause and (classify(doc, start, m.start()) or same_verb):
            parts = [(start, m.start()), (m.end(), end)]
    first = parts[-1][0]
    # Every match of _OCCURRENCE_JOIN opens with "," or "." and white space after it, before ``end``:
    # without either before ``end - 1`` there is none (two searches of the text in C, no regex).
    joins = (_OCCURRENCE_JOIN.finditer(text, first, end)
             if text.find(",", first, end - 1) >= 0 or text.find(".", first, end - 1) >= 0 else ())
    for m in joins:
        a, _b = parts[-1]
        left, right = classify(doc, a, m.start()), classify(doc, m.end(), end)
        # ", but ..." / ", so ...": only where the first part keeps the type the whole had
        kept = not _BUT_SO.match(text[m.end() : m.end() + 4]) or left == classify(doc, a, end)
        counted = _COUNTED_SUBJECT.match(text, m.start()) is not None
        if left and right and (left != right or counted) and kept and _words(text, a, m.start(), []) >= 3:
            parts[-1] = (a, m.start())
            parts.append((m.end(), end))
    return parts


# A list item with a modal, an auxiliary or a commentary verb is not a verbless item.
_VERBAL = re.compile(
    r"\b(?:will|would|shall|may|might|could|should|can|must|was|were|been|being)\b|" + lexicon.NON_EVENT_RE.pattern,
    re.IGNORECASE,
)
# "have since disarmed": a perfect with "since" reports what followed the last date before it.
_SINCE_WORDS = r"(?:has|have|had) since"
_SINCE = re.compile(rf"\b{_SINCE_WORDS}\b(?!\s+(?:then\b|\d))", re.IGNORECASE)
# A paragraph opening that answers the paragraph before it.
_RESPONSE = re.compile(
    r"\W*(?:in (?:response|retaliation|reaction|reprisal)|as a (?:result|consequence)|consequently|in turn)\b",
    re.IGNORECASE,
)
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
    m = _REACTION.search(doc.text, start, end) if _may(_cue_ends(doc)["reaction"], start, end) else None
    if not m or classify(doc, m.start("act"), end) not in ("attack", "execution", "arrest_or_raid"):
        return [group]
    return [(start, m.end("act"), date, "ev.reaction"), (m.start("act"), end, within_year(date), "ev.reaction_act")]


# A leading scene-setting phrase about an earlier or later act ("After leaving Iran in 1981, ...",
# "Following the capture of X in 2010, ..."), closed by a comma.
_SCENE_ACT = re.compile(
    r"(?P<kw>(?:(?:shortly|soon|just|immediately) )?(?:after|following|upon|before)|(?P<same>as|while|when))\s+"
    r"(?P<body>[^,;]+),\s*",
    re.IGNORECASE,
)
# The characters a match of _SCENE_ACT can open with: the first letters of its keywords in either case,
# and the other characters a caseless pattern matches with one of them (multiscan.CASE_FOLDS: "ſ" is
# read as "s", "İ" and "ı" as "i"; tests/test_events_speed.py checks every code point).
_SCENE_FIRST = frozenset("sjiafubwSJIAFUBW\u017f\u0130\u0131")
_COMMA = re.compile(r"\s*,\s*")
_LEAD_DATE = re.compile(r"\W*(?:(?:in|on|by)\s+)?$", re.IGNORECASE)


def _scene_act(doc: Document, start: int, end: int, date: DateMatch) -> re.Match[str] | None:
    """The leading "After/Following ... ," phrase of a mention when it reports an act of its own.

    The phrase opens the mention, or follows its date ("In 1981, after signing ..., "); it holds
    an event trigger and the date is in it or before it (an undated scene stays scenery). The
    act is the organisation's: a participle clause shares the main clause's subject ("after
    leaving Iran"), a noun phrase must name the organisation ("the capture of its leader"); a
    counted anchor ("six days after X announced ...") is not a scene of its own.
    """
    text = doc.text
    pos = start
    if start <= date.start < end and _LEAD_DATE.fullmatch(text, start, date.start):
        comma = _COMMA.match(text[date.end : end])
        pos = date.end + comma.end() if comma else start
    if text[pos : pos + 1] not in _SCENE_FIRST:
        return None  # (no keyword of _SCENE_ACT starts there: the match below fails)
    m = _SCENE_ACT.match(text, pos, end)
    if not m or _words(text, m.end(), end, []) < 3 or len(m.group("body").split()) < 2:
        return None
    if date.start >= m.end("body") or not classify(doc, m.start("body"), m.end("body")):
        return None
    participle = _PARTICIPLE.match(m.group("body")) is not None
    if not participle and not doc.refs_in(m.start("body"), m.end("body")):
        return None
    return m


def _scene_split(doc: Document, group: tuple[int, int, DateMatch, str]) -> list[tuple[int, int, DateMatch, str]]:
    """A leading background phrase that carries its own act is its own mention (rule ev.background_event).

    "Following the February 2010 capture of its leader, the group selected a new one": the
    capture (dated by the phrase) and the selection (within the phrase's year) are two
    occurrences; the main clause is a mention only when it holds a trigger of its own
    ("After leaving Iran in 1981, he resided in France": the leaving only).
    """
    start, end, date, rule = group
    m = _scene_act(doc, start, end, date)
    if m is None:
        return [group]
    in_phrase = m.start() <= date.start < m.end("body")
    scene = (m.start() if in_phrase else start, m.end("body"), date, "ev.background_event")
    if not classify(doc, m.end(), end):
        return [scene]
    later = in_phrase and not m.group("same")  # "As X gathered in June, Y condemned": the same time
    return [scene, (m.end(), end, within_year(date) if later else date, rule)]


# Named periods used as dates (lexicons/periods.json): "during the Iran-Iraq War" is 1980..1988.
_PERIOD_DATA = lexicon.load_lexicon("periods")["periods"]


def _period_pattern(name: str) -> str:
    return name.replace(" ", r"\s+").replace("-", r"[-–‐‑]")


_PERIOD_LEAD = r"(?:during|throughout|in the course of|at the height of)\s+"
_PERIOD_RE = re.compile(
    r"\b" + _PERIOD_LEAD + r"(?P<span>the\s+(?:"
    + "|".join(f"(?P<p{i}>{'|'.join(_period_pattern(n) for n in p['names'])})" for i, p in enumerate(_PERIOD_DATA))
    + r"))(?![\w-])",
    re.IGNORECASE,
)


_PARTICIPLE = re.compile(r"[^\W\d_]+ing\b")
_OPENING_PARTICIPLE = re.compile(r"\W*[^\W\d_]+ing\b")


def _participle_clause(text: str, start: int, pos: int) -> bool:
    """Does the comma-delimited part holding ``pos`` open with a participle (", denouncing its stance during ...")?

    Such a part elaborates the dated act before it; a period in it dates no act of its own.
    """
    cut = max(text.rfind(",", start, pos), text.rfind(";", start, pos), start - 1) + 1
    return _OPENING_PARTICIPLE.match(text[cut:pos]) is not None


def period_dates(text: str, start: int, end: int) -> list[DateMatch]:
    """Named periods in text[start:end] after "during", "throughout", "in" ... (rule ev.named_period).

    Each is a date at year precision over the years the period spans; the span is "the NAME"
    (the preposition left out, as for dates).
    """
    out = []
    for m in _PERIOD_RE.finditer(text, start, end):
        period = next(_PERIOD_DATA[int(k[1:])] for k, v in m.groupdict().items() if v is not None and k != "span")
        out.append(DateMatch(
            m.start("span"), m.end("span"), m.group("span"), dt.date(period["start"], 1, 1),
            dt.date(period["end"], 12, 31), "year", True))
    return out


# An event noun right before the mention's date: "rocket attacks on 29 October", "the massacre of 1988".
_DATED_NOUN_TYPES = frozenset({"attack", "military_operation", "execution", "arrest_or_raid"})
_NOUN_DATE = re.compile(r"^(?:s|es)?\s+(?:on|of|in)\s+(?:the\s+)?$", re.IGNORECASE)


def _dated_trigger(doc: Document, start: int, end: int, date: DateMatch) -> str | None:
    """Type of the act noun (an attack, operation, execution or arrest; not a verb) the mention's own
    date is attached to (rule ev.type.dated_noun).

    "achieved with the cooperation of the residents despite rocket attacks on 29 October
    2015": the date belongs to the attacks, so they type the mention, not the first trigger.
    """
    if not start <= date.start < end:
        return None
    for t in reversed(doc.triggers_in(max(start, date.start - 40), date.start)):
        word = doc.text[t.start : t.end].lower()
        if (t.type in _DATED_NOUN_TYPES and not word.endswith(("ed", "ing"))
                and _NOUN_DATE.match(doc.text[t.end : date.start])):
            return t.type
    return None


def _overridden(doc: Document, start: int, end: int) -> bool:
    """Does a construction of lexicons/events.json "overrides" occur in text[start:end]?"""
    clause = doc.text[start:end]
    return any(p.search(clause) for _t, p in lexicon.EVENT_OVERRIDES)


# A dated clause that denies its action, states an aim, or gives a birth date reports no occurrence.
_UNREPORTED = re.compile(
    r"\b(?:does|do|did) not\b|\b(?:objective|aim|goal|purpose)\b[^.;]{0,60}\b(?:was|is) to\b",
    re.IGNORECASE,
)
_BORN = re.compile(r"\bborn\s+(?:on\s+|in\s+)?$", re.IGNORECASE)
# "has not carried out any attack since 2001", "had not conducted any military operation": an act denied
_NEGATED_ACT = re.compile(
    r"\b(?:has|have|had|is|are|was|were)\s+(?:not|never)\s+(?:(?:been\s+)?(?:\w+ly\s+)?)"
    r"(?:carried out|conducted|committed|launched|staged|mounted|engaged in|involved in|responsible for)\b",
    re.IGNORECASE,
)


def _not_reported(doc: Document, group: tuple[int, int, DateMatch, str]) -> bool:
    """Rule ev.unreported: a negated or intended action, or a birth date, is no event.

    Each search runs only where the prefilter sees its words (blanking quotations makes no words)."""
    text = doc.text
    start, end, date, _rule = group
    lo = max(0, date.start - 12)
    cues = _cue_ends(doc)
    if _may(cues["born"], lo, date.start) and _BORN.search(text[lo : date.start]):
        return True
    if not start <= date.start < end:  # an inherited date: the whole sentence is the clause
        return _may(cues["unreported"], start, end) and bool(_UNREPORTED.search(_unquoted(text[start:end])))
    lo, hi = max(start, date.start - 80), min(end, date.end + 80)
    before = text[lo : date.start]  # (the denied act comes before its "since" date)
    if ("not" in before or "never" in before) and _NEGATED_ACT.search(before):
        return True
    return _may(cues["unreported"], lo, hi) and bool(_UNREPORTED.search(text, lo, hi))


# A quotation inside a sentence: its words are the speaker's, not the narrator's.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?<![\w’'])['‘][^'’\n]+['’](?![\w’'])")
_OPENING_QUOTES = frozenset("“\"‘'")


def _unquoted(text: str) -> str:
    """The sentence with quoted passages blanked (same length): "disqualified on the grounds that
    'those who did not ...'" is no negated report (rule ev.inherited)."""
    if not any(q in text for q in _OPENING_QUOTES):
        return text  # every quotation opens with one of them
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def _word_alternatives(pattern: str, flags: int) -> list[str] | None:
    """The words and phrases of a pattern written ``\b(?:w1|w2|...)\b``, each alternative of ASCII
    letters and single spaces, with an optional final ``s?`` or an optional group ``(?:ed)?``
    written out (both forms kept); None for any other pattern (the caller keeps the regex)."""
    body = re.fullmatch(r"\\b\(\?:(.*)\)\\b", pattern)
    if body is None or flags & ~(re.IGNORECASE | re.UNICODE):
        return None
    out: list[str] = []
    for alt in body.group(1).split("|"):
        forms = [alt]
        if (m := re.fullmatch(r"(.*)\(\?:([a-z]+)\)\?(.*)", alt)) is not None:
            forms = [m.group(1) + m.group(3), m.group(1) + m.group(2) + m.group(3)]
        elif (m := re.fullmatch(r"(.*[a-z])([a-z])\?(.*)", alt)) is not None:
            forms = [m.group(1) + m.group(3), m.group(1) + m.group(2) + m.group(3)]
        if not all(re.fullmatch(r"[a-z]+(?: [a-z]+)*", f) for f in forms):
            return None
        out.extend(forms)
    return out


# Characters other than ASCII letters that a caseless ``re`` pattern matches with an ASCII letter
# ("İ" and "ı" with i, "ſ" with s, the Kelvin sign with k), and the only characters whose lower case
# holds an ASCII letter are "İ" and the Kelvin sign (tests/test_events_fast.py checks every code point).
_ASCII_FOLDS = tuple(CASE_FOLDS)
_RUN = re.compile(r"\w+")  # the runs between which ``\b`` stands (the same ``\w`` as ``\b``'s)
_NON_EVENT_ALTS = _word_alternatives(lexicon.NON_EVENT_RE.pattern, lexicon.NON_EVENT_RE.flags)
_NON_EVENT_WORDS = frozenset(a for a in _NON_EVENT_ALTS or () if " " not in a)
_NON_EVENT_HEADS = frozenset(a.split()[0] for a in _NON_EVENT_ALTS or () if " " in a) - _NON_EVENT_WORDS
_INHERIT_START = re.compile(r"(?:This|These|That|Those|Such|Some|Other|Others|We|I|It is|There)\b")
_INHERIT_WORDS = frozenset(("not", "never", "either", "whether"))
_INHERIT_FAST = lexicon.INHERIT_BLOCK_RE.pattern == (
    r"^(?:This|These|That|Those|Such|Some|Other|Others|We|I|It is|There)\b|"
    r"\b(?:not|never|no longer|n't|either|whether)\b|^[“\"‘']") and not lexicon.INHERIT_BLOCK_RE.flags & re.IGNORECASE


def _blocks_inheritance(unquoted: str) -> bool:
    """``bool(lexicon.INHERIT_BLOCK_RE.search(unquoted) or lexicon.NON_EVENT_RE.search(unquoted))``
    (rule ev.inherited), from the word runs of the text instead of two searches at every position.

    Exact: a match of a word alternative ``\b(?:...|w|...)\b`` is a whole run of word characters (a
    ``\b`` on each side), and with none of _ASCII_FOLDS in the text a run matches ``w`` caselessly just
    when its lower case is ``w`` (so a run equal to ``w`` matches there); a phrase ("no longer",
    "referred to", "n't") needs its first word as a run, or "n't": then the regex decides. INHERIT_BLOCK_RE
    is case-sensitive: its words are looked up as written, its openings are matched at the start.
    """
    folds = not unquoted.isascii() and any(c in unquoted for c in _ASCII_FOLDS)  # (an ASCII text holds none)
    if not _INHERIT_FAST or _NON_EVENT_ALTS is None or folds:
        return bool(lexicon.INHERIT_BLOCK_RE.search(unquoted) or lexicon.NON_EVENT_RE.search(unquoted))
    if unquoted[:1] in _OPENING_QUOTES or _INHERIT_START.match(unquoted):
        return True
    runs = set(_RUN.findall(unquoted))
    if not runs.isdisjoint(_INHERIT_WORDS):
        return True
    if "no" in runs or "n't" in unquoted:
        if lexicon.INHERIT_BLOCK_RE.search(unquoted):
            return True
    lower = {w.lower() for w in runs}
    if not lower.isdisjoint(_NON_EVENT_WORDS):
        return True
    return not lower.isdisjoint(_NON_EVENT_HEADS) and lexicon.NON_EVENT_RE.search(unquoted) is not None


_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())} | {
    "twenty-fifth": 25, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60}
_ANNIVERSARY = re.compile(
    r"\b(?P<date>(?P<n>[0-9]{1,3}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + r")\s+anniversary)\s+of\s+(?P<act>(?:the\s+)?)", re.IGNORECASE)


def _anniversary(doc: Document, ds: DatedSentence, anchor: DateMatch | None) -> tuple[int, int, DateMatch] | None:
    """"The tenth anniversary of the massacre", in an undated sentence after a dated one: the act
    is dated N years before the anchor's year (rule ev.anniversary); the span starts at the act."""
    if not _may(_cue_ends(doc)["anniversary"], ds.start, ds.end):
        return None  # no "anniversary of" in the sentence (Document.may_match)
    m = _ANNIVERSARY.search(doc.text, ds.start, ds.end)
    if m is None or anchor is None or anchor.date_start is None or anchor.date_end is None:
        return None
    if anchor.date_start.year != anchor.date_end.year or not doc.triggers_in(m.end(), min(ds.end, m.end() + 40)):
        return None
    word = m.group("n").lower()
    n = int(word[:-2]) if word[0].isdigit() else _ORDINALS[word]
    year = anchor.date_start.year - n
    date = DateMatch(m.start("date"), m.end("date"), m.group("date"), dt.date(year, 1, 1), dt.date(year, 12, 31),
                     "year", False, derived=True)
    return m.start("act"), ds.end, date


# One pass over a document finds where the words and entries without which a clause-level search
# cannot match end (Document.may_match); each group lists, without word boundaries, what every
# match of its pattern holds.
_OVERRIDE_GROUPS = {f"override{i}": parts for i, parts in enumerate(lexicon.OVERRIDE_PARTS_EACH)}
_OVERRIDE_GROUP_NAMES = list(_OVERRIDE_GROUPS)
_CUES = EndScanner("events", {
    "overrides": lexicon.OVERRIDE_PARTS,  # lexicon.EVENT_OVERRIDES
    **_OVERRIDE_GROUPS,  # each of lexicon.EVENT_OVERRIDES
    "harm": lexicon.HARM_PARTS,  # lexicon.HARM_RE
    "background": _BACKGROUND_WORDS.split("|"),  # _BACKGROUND: "N days after" holds "after"
    "period": [_PERIOD_LEAD + r"the\s"],  # _PERIOD_RE
    "anniversary": [r"anniversary\s+of\s"],  # _ANNIVERSARY
    "since": [_SINCE_WORDS],  # _SINCE
    "places": [f"(?:{lexicon._PLACE_NAMES})"],  # lexicon.PLACE_RE ends with a name (caseless: a superset)
    "reaction": ["condemn", "denounc", "deplor"],  # _REACTION
    "unreported": [r"(?:does|do|did) not", "objective|aim|goal|purpose"],  # _UNREPORTED
    "born": ["born"],  # _BORN
    "time_apart": [_TIME_APART_WORDS],  # _TIME_APART
})
_CUE_GROUPS = ("overrides", *_OVERRIDE_GROUP_NAMES, "harm", "background", "period", "anniversary", "since", "places",
               "reaction", "unreported", "born", "time_apart")
_ENDS_KEY = ("events.cue_ends",)  # (a key no per_document span takes)


def _cue_ends(doc: Document) -> dict[str, list[int] | None]:
    """Per group of _CUES, ``doc.cue_ends(_CUES, group)`` (None for every group when the scanner cannot
    tell), read once per document: :func:`_may` then tests a window with one bisection."""
    try:
        return doc.memo[_ENDS_KEY]
    except KeyError:
        pass
    found = dict.fromkeys(_CUE_GROUPS) if doc.cue_ends(_CUES, "overrides") is None else {
        g: doc.cue_ends(_CUES, g) for g in _CUE_GROUPS}
    doc.memo[_ENDS_KEY] = found
    return found


def _may(ends: list[int] | None, start: int, end: int) -> bool:
    """``doc.may_match(_CUES, group, start, end)`` for ``ends = _cue_ends(doc)[group]``: some match of the
    group's parts ends in ``(start, end]`` (always True when the scanner cannot tell)."""
    if ends is None:
        return True
    i = _bisect_right(ends, start)
    return i < len(ends) and ends[i] <= end


def _sentences_holding(doc: Document, ends: list[int] | None) -> set[int] | None:
    """The indices ``i`` for which ``_may(ends, sentences[i].start, sentences[i].end)`` holds (None: every
    sentence). Exact: an end ``e`` is in ``(start, end]`` of a sentence just when ``e - 1`` is in
    ``[start, end)``, and sentence_at(e - 1) is the only sentence that can hold ``e - 1`` (sentences are
    sorted and disjoint); it holds it when ``e - 1`` is before its end."""
    if ends is None:
        return None
    sentences, at = doc.sentences, doc.sentence_at
    out = set()
    for e in ends:
        i = at(e - 1)
        if i >= 0 and e - 1 < sentences[i].end:
            out.add(i)
    return out


def _candidates(doc: Document) -> list[int]:
    """The indices of the sentences that can give a mention, in order (a superset of those that pass
    extract_events' first test): the sentences holding an event trigger or the end of an override's
    words (classify types no other: Document.may_match), and those of a paragraph holding a list item
    (rule ev.list_item types an item from its siblings); of them, those the organisation may take part
    in (rule ev.participation). The other sentences only date later ones, which extract_events reads
    from the list of dated sentences.
    """
    sentences = doc.sentences
    overrides = _sentences_holding(doc, _cue_ends(doc)["overrides"])
    if overrides is None:
        return list(range(len(sentences)))
    found = doc.trigger_sentences()
    found.update(overrides)
    items = doc.item_paragraphs()
    if items:
        found.update(i for i, ds in enumerate(sentences) if ds.sentence.paragraph in items)
    found.discard(-1)
    # Rule ev.participation, as extract_events' first test reads it: the organisation may take part in
    # the sentence (a function of its paragraph: Document.participates), or the sentence may be a news
    # lead (_lead_before_name is False once a reference to the organisation starts before it).
    first_ref = doc.refs[0].start if doc.refs else None
    takes_part: dict[int, bool] = {}
    out = []
    for i in sorted(found):
        ds = sentences[i]
        if first_ref is not None and first_ref < ds.start:
            par = ds.sentence.paragraph
            may = takes_part.get(par)
            if may is None:
                may = takes_part[par] = doc.may_participate(i)
            if not may:
                continue
        out.append(i)
    return out


def _lead_before_name(doc: Document, index: int) -> bool:
    """Rule ev.participation_lead: a paragraph before the text's first reference to the organisation,
    right before the paragraph that names it, refers ahead to it (a news lead: "rebel forces
    consolidated their hold ...", then "the rebel National Liberation Army" in the next paragraph)."""
    sents = doc.sentences
    par = sents[index].sentence.paragraph
    if doc.refs and doc.refs[0].start < sents[index].start:
        return False  # the organisation was referred to before (refs are sorted by start)
    j = index
    while j < len(sents) and sents[j].sentence.paragraph == par:
        j += 1
    if j >= len(sents) or sents[j].sentence.paragraph != par + 1 or sents[j].sentence.is_heading:
        return False
    k = j
    while k < len(sents) and sents[k].sentence.paragraph == par + 1:
        k += 1
    return bool(doc.refs_in(sents[j].start, sents[k - 1].end, named_only=True))


def extract_events(doc: Document) -> list[dict]:
    """Event mention records of one document."""
    source_id, text, sentences = doc.source_id, doc.text, doc.sentences
    out = []
    # The sentences whose main date (the first) later sentences inherit: all dated ones but section
    # titles. A sentence's context is the main date of the last of them before it in its paragraph
    # (its section), ``last`` the main date of the last of them before it in the text.
    dated = [i for i, ds in enumerate(sentences) if ds.dates and not (ds.sentence.is_heading
                                                                     and ds.text.startswith("="))]
    cues = _cue_ends(doc)
    # The sentences in which a match of each group's parts ends (None: every sentence), for the tests of
    # whole sentences below: ``index in holds["period"]`` is ``_may(cues["period"], ds_start, ds_end)``.
    holds = {g: _sentences_holding(doc, cues[g]) for g in ("overrides", "period", "since")}
    holds_override, holds_period, holds_since = holds["overrides"], holds["period"], holds["since"]
    for index in _candidates(doc):
        ds = sentences[index]
        ds_start, ds_end = ds.start, ds.end  # (properties: read once)
        if ds.sentence.is_heading and ds.text.startswith("="):
            continue  # a section title names a period, it reports nothing
        may = doc.may_participate(index)
        lead = not may and _lead_before_name(doc, index)  # rule ev.participation: a news lead refers ahead
        if (not may and not lead) or not (
                doc.triggers_in(ds_start, ds_end) or holds_override is None or index in holds_override
                or LIST_ITEM.match(ds.text)):
            # No mention of it can pass rule ev.participation below; or none can be typed: without
            # a trigger or an override in the sentence classify gives None for it and for every part
            # of it (its scene too), and only a list item takes a type from elsewhere; an anniversary
            # needs a trigger.
            continue
        k = bisect.bisect_left(dated, index) - 1
        last = sentences[dated[k]].dates[0] if k >= 0 else None  # main date of the last dated sentence
        context = last if k >= 0 and sentences[dated[k]].sentence.paragraph == ds.sentence.paragraph else None
        periods = [] if ds.sentence.is_heading or not (holds_period is None or index in holds_period) else [
            p for p in period_dates(text, ds_start, ds_end)
            if not any(d.start - 20 < p.end and p.start < d.end + 20 for d in ds.dates)
            and not _participle_clause(text, ds_start, p.start)]
        if periods:  # a period with no date expression next to it dates its clause, not the sentences after
            ds = replace(ds, dates=tuple(sorted((*ds.dates, *periods), key=lambda d: d.start)))
        item_rule = None
        inherited = context
        since = (not ds.dates and context is not None and (holds_since is None or index in holds_since)
                 and _SINCE.search(ds.text))
        if since:
            inherited = within_year(sentences[index - 1].dates[-1]) if index and sentences[index - 1].dates else None
            item_rule = "ev.since" if inherited is not None else None
        if (not ds.dates and context is None and last is not None and _RESPONSE.match(ds.text) and index
                and sentences[index - 1].sentence.paragraph == ds.sentence.paragraph - 1
                and not sentences[index - 1].sentence.is_heading):
            inherited = _widen_day(last)  # "In response, ..." opening a paragraph answers the one before
            item_rule = "ev.response"
        if not ds.dates and context is None and last is not None and _LATER.search(ds.text):
            inherited = _widen_day(last)  # "A few days later ..." after the previous item
            item_rule = "ev.relative_later"
        # A sentence with no date of its own nor one to inherit gives no mention of its own (_groups gives
        # none, whatever its type), only an anniversary may: its type is read when one is found. (The rules
        # above read no type, and ev.list_item, below, only dated sentences: each sets item_rule alone.)
        unanchored = not ds.dates and inherited is None
        sentence_type = None if unanchored else classify(doc, ds_start, ds_end)
        if sentence_type is None and ds.dates:  # only the scene holds an act: "After leaving X in 1981, ..."
            scene = _scene_act(doc, ds_start, ds_end, ds.dates[0])
            sentence_type = classify(doc, scene.start("body"), scene.end("body")) if scene else None
        if sentence_type is None and ds.dates and LIST_ITEM.match(ds.text) and not _VERBAL.search(ds.text):
            sentence_type = _list_type(doc, index)
            item_rule = "ev.list_item"
        if unanchored or sentence_type is None or (
            not ds.dates and not since and inherited is not None  # (no date at all: no mention either way)
            and (ds.text[:1] in _OPENING_QUOTES or _blocks_inheritance(_unquoted(ds.text)))  # (cheapest first)
        ) or (since and inherited is None):
            groups = []
        else:
            groups = _groups(ds, doc, inherited)
            if item_rule in ("ev.relative_later", "ev.since", "ev.response"):
                groups = [(a, b, inherited, item_rule) for a, b, _d, _r in groups]
            elif item_rule:
                groups = [(a, b, d, item_rule) for a, b, d, _r in groups]
        jubilee = _anniversary(doc, ds, context or last) if not ds.dates else None
        if jubilee is not None:
            if unanchored:
                sentence_type = classify(doc, ds_start, ds_end)
            a, b, d = jubilee
            groups = [g for g in groups if g[1] <= a] + [(a, b, d, "ev.anniversary")]
        groups = [(a, b, d, "ev.named_period" if d in periods else r) for a, b, d, r in groups]
        who: str | None | bool = False  # (read for the first row: a sentence whose parts all go gives none)
        groups = [part for g in groups for part in _reaction_split(doc, g)]
        groups = [part for g in groups for part in _scene_split(doc, g)]
        groups = [g for g in groups if not _not_reported(doc, g)]
        for start, end, date, rule in groups:
            start, end = trim_span(text, start, end)
            if not doc.participates(index, start, end) and not (lead or _lead_before_name(doc, index)):
                continue  # the organisation takes no part in it (rule ev.participation)
            quote = text[start:end]
            etype = classify(doc, start, end)
            if etype is None and start <= date.start < end:  # its own date is in a scene phrase: that is its act
                etype = _type_of(doc, start, end, False)
            etype = etype or sentence_type
            noun = _dated_trigger(doc, start, end, date)
            if noun is not None and noun != etype and not _overridden(doc, start, end):
                etype = noun
            if rule == "ev.background_event":
                scene = _SCENE_ACT.search(text, start, end + 2)
                etype = classify(doc, scene.start("body"), end) if scene else etype
            if rule == "ev.reaction":
                etype = "diplomatic"  # the reaction itself; the act is its own mention
            place, country = location(doc, start, end)
            if who is False:
                who = attribution(ds.text) if _may_attribute(ds.text) else None
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
                **(casualties(quote, doc.quantities_in(start, end)) if _harmful(quote.lower()) else _NO_CASUALTIES),
                "attributed_by": who,
                "rule_id": rule,
            })
    return out
