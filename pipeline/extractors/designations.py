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
  annulment; a listing upheld; refusal to delist; court annulment; delisting; continuation;
  renewal; standing status; listing): a verb inside a reaction ("condemned the delisting"),
  after a negation ("did not list") or after a modal or a wish ("should be revoked",
  "whether to list", "urged X to delist") is not an act. A clause without a verb of its own
  inherits the previous clause's ("followed by the Council ..."); "did the same" takes the
  act of the clause, or the first act of the sentence, before it.
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
  a court with no country named takes the last jurisdiction of the text.
- The organisation must take part (rule de.participation: ``doc.participates``, or a news
  lead describing "an Iranian group" that the next paragraph names), and be the party
  listed: the object of an active verb, or the subject of a passive one, refers to it,
  describes a group or names the listing ("lifted the ban"); "the EU listed Hamas",
  "sanctions on Iran", "its newspapers were banned" are not its designations.
- A nominal act ("the removal of X from the list in 2009") needs a date inside its phrase;
  without one it is a back-reference ("justify the designation").
- Each jurisdiction takes the first date between it and the next jurisdiction, else the
  nearest date before it in the clause, else the clause's date, else a date that opens the
  sentence in a clause without an act ("June 23, 2008: lawmakers removed ..."), else (an
  undated past act) the last date of an earlier sentence about listings in its paragraph
  (not the date of another kind of occurrence); a standing status (present
  tense, "classify ... as", "remains on", "a group designated as") stays undated.
- One mention per (clause, jurisdiction, action).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.extractors import lexicon
from pipeline.extractors.context import date_fields, mention_id, trim_span
from pipeline.extractors.model import Document
from pipeline.text.dates import DateMatch

_LEX = lexicon.DESIGNATION_LEXICON
_I = re.IGNORECASE


def _ci(key: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{lexicon._spaces(_LEX[key])})(?![^\W\d_])", _I)


_NOT_ACTOR = re.compile(rf"\b(?:{_LEX['not_actor']})\s+(?:the\s+|its\s+|former\s+)*$", _I)
# After the listing verb, an actor is introduced by "by", "in" right after the
# verb ("lifted in Canada"), or names whose list it is ("the lists of the US").
_AGENT_AFTER = re.compile(rf"(?:{_LEX['agent_after']})\s+(?:the\s+)?$", _I)
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
_CHAIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)(?:the\s+|by\s+(?:the\s+)?|in\s+)?$")
# A date in a reason phrase ("listed … for its killing of … during the 1970s") dates the reason.
_REASON = _ci("reason")
_REACTION = _ci("reaction")
# Statuses that are not terrorist-list acts (annotation guide, Designations).
_NOT_A_LIST = _ci("not_a_list")
_PRESENT_STATUS = _ci("present_status")
_PARTICIPLE_STATUS = re.compile(rf"\b(?:{_LEX['participle_status']})", _I)
_COURT_FREEZE = _ci("court_freeze")
_COURT = _ci("court")
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


def _wrapped_line(line: str) -> bool:
    """A "heading" that is a long line of hard-wrapped prose cut mid-sentence, not a title or a dateline."""
    line = line.strip()
    return "\n" not in line and len(line) >= 50 and not line.isupper() and not line[-1:].isdigit()


def _runs_on(doc: Document, unit: _Unit, index: int) -> bool:
    """Does sentence ``index`` continue ``unit`` across a single line break?"""
    prev, cur = doc.sentences[unit.last], doc.sentences[index]
    head = prev.text.rstrip()
    gap = doc.text[prev.end : cur.start]
    return bool(
        head
        and (head[-1] not in _TERMINAL or cur.text[:1].islower())
        and (not prev.sentence.is_heading or _wrapped_line(doc.text[prev.start : prev.end]))
        and (not cur.sentence.is_heading or _wrapped_line(doc.text[cur.start : cur.end]))
        and not head.isupper()
        and gap.count("\n") == 1
        and not gap.strip()
        and cur.sentence.paragraph == prev.sentence.paragraph + 1
    )


def _units(doc: Document) -> list[_Unit]:
    out: list[_Unit] = []
    for i, ds in enumerate(doc.sentences):
        clauses = list(ds.clauses) or [(ds.start, ds.end)]
        if out and _runs_on(doc, out[-1], i):
            u = out[-1]
            u.clauses = u.clauses[:-1] + [(u.clauses[-1][0], clauses[0][1])] + clauses[1:]
            u.last, u.end, u.par_last = i, ds.end, ds.sentence.paragraph
            u.dates.extend(ds.dates)
        else:
            p = ds.sentence.paragraph
            out.append(_Unit(i, i, ds.start, ds.end, list(ds.dates), clauses, p, p))
    return out


def _act(text: str, cs: int, ce: int, unit_text: str, has_court: bool) -> _Act | None:
    """The listing act of text[cs:ce] and where its verb stands (module docstring)."""
    clause = text[cs:ce]
    if _NOT_A_LIST.search(clause) or (_NOT_A_LIST.search(unit_text) and not lexicon.LIST_CONTEXT_RE.search(clause)):
        return None
    reactions = [(m.start(), m.end()) for m in _REACTION.finditer(text, cs, ce)]
    wish = bool(lexicon.IRREALIS_RE.search(clause))

    def valid(rule: str, action: str, m: re.Match[str]) -> bool:
        if any(a <= m.start() < b for a, b in reactions):
            return False  # "condemned the delisting": a reaction to an act, not the act
        before = text[cs : m.start()]
        if _NEGATION_BEFORE.search(before):
            return False
        if rule in _COURT_RULES:
            return True
        if action != "delisting_denied" and wish:
            return False
        return not _IRREALIS_BEFORE.search(before)

    chosen: str | None = None
    for action, rule, _form, court, pattern in lexicon.DESIGNATION_VERBS:
        if court and not has_court:
            continue
        if any(valid(rule, action, m) for m in pattern.finditer(text, cs, ce)):
            chosen = action
            break
    if chosen is None:
        return None
    best: tuple[bool, int, str, str] | None = None
    for action, rule, form, court, pattern in lexicon.DESIGNATION_VERBS:
        if action != chosen or (court and not has_court):
            continue
        for m in pattern.finditer(text, cs, ce):
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
        participle = bool(_PARTICIPLE_STATUS.search(before[-60:])) and not aux and not progressive
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
_DESCRIPTION = re.compile(
    r"^(?:[A-Z][\w’'-]*\s+)?[\w’'-]*(?:\s+[a-z][\w’'-]*){0,2}\s+(?:group|organi[sz]ation|movement|faction|militia)\b"
)
_STATUS_VERBS = {"had", "has", "have", "been", "was", "were", "is", "are", "remain", "remains", "remained", "stay",
                 "stays", "stayed"}
_NO_OBJECT = {"them", "him", "her", "in", "by", "since", "under", "for", "at", "during", "after", "before", "until",
              "as", "with", "from", "and", "or", "but", "also", "again", "first", "initially", "formally"}
_PRONOUNS = {"it", "they", "which", "who", "that", "this", "these", "those", "he", "she"}
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
        if any(r.end > start for r in doc.refs_in(max(cs, start - 40), stop)):
            return False
        # "an Iranian group that ...", "lifted the ban"; else another party ("sanctions on Iran").
        return not (_DESCRIPTION.search(text[start:stop]) or _LISTING_NOUN.search(text, start, stop))
    if act.rule.endswith(".passive"):
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


def _action_clauses(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clauses, each further cut between two different listing actions.

    "listed the group in May 2005 and delisted it in 2012" is two acts.
    """
    out = []
    for cs, ce in spans:
        verbs = sorted(
            (m.start(), action)
            for action, _rule, form, _court, pattern in lexicon.DESIGNATION_VERBS
            if form != "nominal"
            for m in pattern.finditer(text, cs, ce)
        )
        cut = cs
        for (p1, a1), (p2, a2) in zip(verbs, verbs[1:], strict=False):
            if a1 == a2 or p1 < cut:
                continue
            joins = list(_JOIN.finditer(text, p1, p2))
            if joins:
                out.append((cut, joins[-1].start()))
                cut = joins[-1].end()
        out.append((cut, ce))
    return out


def _jurisdictions(doc: Document, start: int, end: int, verb: int | None,
                   dates: list[DateMatch] | None = None) -> list[tuple[int, int, str, str]]:
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
    for m in doc.jurisdictions_in(start, end):
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
            ok = not _NOT_ACTOR.search(left) or owner or bool(_IN_ACTOR.search(left) or _BODY_OF.search(left))
        else:
            ok = bool(
                _AGENT_AFTER.search(text[verb : m.start()])
                or (adverbial and "," in text[verb : m.start()] and _AFTER_COMMA.search(left))
                or owner
                or (last_end is not None and _CHAIN.match(text[last_end : m.start()]))
            )
        if ok:
            out.append((m.start(), m.end(), lexicon.jurisdiction_code(m), m.group(0)))
            last_end = m.end()
    return out


_RELATIVE = re.compile(r"\s*(?:which|who|that)\b", _I)


def _antecedent(doc: Document, span: tuple[int, int]) -> list[tuple[int, int, str, str]]:
    """The names that end a clause, as antecedent of a relative clause after it.

    "... in line with Canada, Australia and Japan, which consider X a terrorist group".
    """
    cs, ce = span
    names = doc.jurisdictions_in(cs, ce)
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
    nxt = next((ds for ds in doc.sentences[unit.last + 1 :] if ds.sentence.paragraph > unit.par_last), None)
    return nxt is not None and nxt.sentence.paragraph == unit.par_last + 1 and any(
        r.kind != "generic" for r in doc.refs_in(nxt.start, _paragraph_end(doc, nxt.sentence.paragraph)))


def _paragraph_end(doc: Document, paragraph: int) -> int:
    ends = [ds.end for ds in doc.sentences if ds.sentence.paragraph == paragraph]
    return ends[-1] if ends else 0


def _dated_phrase(text: str, pos: int, ce: int, dates: list[DateMatch]) -> bool:
    """Does a date follow the noun at ``pos`` within its phrase ("the removal ... in 2009")?"""
    cut = re.compile(r"[,;:]|\s[-–—]\s").search(text, pos, ce)
    end = min(cut.start() if cut else ce, pos + 160)
    return any(pos <= d.start < end for d in dates)


_LISTED = re.compile(r"\b(?:de-?)?listed\s+(?:the\s+)?", _I)


def _listed_org(doc: Document, unit: _Unit) -> bool:
    """"Canada listed the MEK in 2005": the bare verb is about a list when the organisation follows."""
    return any(doc.refs_in(m.end(), m.end() + 1, named_only=True)
               for m in _LISTED.finditer(doc.text, unit.start, unit.end))


def _date_only(text: str, clauses: list[tuple[int, int]], d: DateMatch) -> bool:
    """Is ``d`` a clause of its own, the date and nothing else ("June 23, 2008: ...")?"""
    for c0, c1 in clauses:
        if c0 <= d.start < c1:
            rest = (text[c0 : d.start] + text[d.end : c1]).strip(" \n\t,.:;-–—()")
            return len(rest) <= 3
    return False


def _list_term(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """The jurisdiction of a list named in text[start:end] that only one jurisdiction keeps."""
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
    source_id, text = doc.source_id, doc.text
    out: list[dict] = []
    prev: _Unit | None = None
    prev_listy = False
    par_date: DateMatch | None = None
    par_juris: list[tuple[int, int, str, str]] = []
    par_action: str | None = None
    doc_juris: list[tuple[int, int, str, str]] = []
    for unit in _units(doc):
        if prev is None or prev.par_last != unit.par_first:
            par_date, par_juris, par_action = None, [], None
        s = text[unit.start : unit.end]
        lower = s.lower()
        # Cheap substring tests first: every match of the regexes contains one of these.
        has_court = any(w in lower for w in ("court", "tribunal", "judge", "commission")) and bool(_COURT.search(s))
        court_freeze = has_court and bool(_COURT_FREEZE.search(s))
        listy = bool(
            (any(w in lower for w in _LEX["list_stems"]) and lexicon.LIST_CONTEXT_RE.search(s)) or court_freeze
            or ("listed" in lower and _listed_org(doc, unit))
        )
        # News texts give each sentence a paragraph of its own: the paragraph before counts as the same.
        same_par = prev is not None and unit.par_first - prev.par_last <= 1
        # A sentence continuing a paragraph about listings ("The US did the same in 2012") counts too.
        if not (listy or (prev_listy and same_par)):
            prev, prev_listy = unit, listy
            continue
        # An undated past act takes the last date stated earlier in its paragraph, in a sentence about listings.
        fallback = par_date
        prev, prev_listy = unit, listy
        par_date = unit.dates[0] if unit.dates else par_date
        if not (any(doc.participates(i) for i in range(unit.first, unit.last + 1)) or _lead(doc, unit)):
            continue  # another group's listing, or none (rule de.participation)
        clauses = _action_clauses(text, unit.clauses)
        acts = [_act(text, cs, ce, s, has_court) for cs, ce in clauses]
        # A sentence naming no jurisdiction may continue the one before ("It was delisted in 2009").
        names_any = any(
            _jurisdictions(doc, cs, ce, a.pos if a else None) for (cs, ce), a in zip(clauses, acts, strict=True)
        )
        prev_action: str | None = None
        prev_juris: list[tuple[int, int, str, str]] = []
        first_action: str | None = None
        for clause_i, ((cs, ce), found) in enumerate(zip(clauses, acts, strict=True)):
            verb = found.pos if found else None
            own = _jurisdictions(doc, cs, ce, verb, unit.dates)
            if found is None and not own:
                continue
            if found is not None and _another_party(doc, found, cs, ce):
                prev_action, prev_juris = found.action, own
                continue
            action = found.action if found else prev_action
            rule = found.rule if found else "de.continuation"
            if found is not None and found.form == "continuation":
                action = prev_action or par_action
            juris = own or prev_juris
            if not juris and found is not None and _RELATIVE.match(text, cs) and clause_i > 0:
                juris = _antecedent(doc, clauses[clause_i - 1])
            if not juris and found is not None:
                juris = _list_term(text, unit.start, unit.end)
                if not juris and not names_any and any(cs <= d.start < ce for d in unit.dates):
                    # "It was delisted in 2009": a new act of the jurisdiction before. Without a
                    # date of its own the clause only re-reports that act (optional in the guide).
                    juris = par_juris
                if not juris and found.rule in _COURT_RULES:
                    juris = doc_juris
            prev_action, prev_juris = action, juris
            if action is None or not juris:
                continue
            first_action = first_action or action
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
                    # A date right after another jurisdiction is that one's ("banned in Pakistan since 2002").
                    others = [d for d in clause_dates if any(
                        o[2] != code and o[1] <= d.start < next((p[0] for p in juris[k + 1 :] if p[2] != o[2]), ce)
                        for k, o in enumerate(juris))]
                    own_dates = [d for d in clause_dates if d not in others]
                    date = (_date_for(js, next_other, cs, own_dates) if own_dates else None) or undated
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
                        "authority": _authority(text, js, je) if cs <= js < je else None,
                        "action": action,
                        "rule_id": rule,
                    }
                )
            par_juris = doc_juris = juris
        par_action = first_action or par_action
    return out
