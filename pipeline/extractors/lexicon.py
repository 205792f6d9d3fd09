"""General vocabulary the extractors use: event verbs, listing authorities, places, units.

Every entry is general English or a public name of a place or an authority;
nothing here names a specific event, person, number or sentence of a source.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

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
# Constructions that type a mention whatever trigger comes first (lexicons/events.json "overrides").
EVENT_OVERRIDES: list[tuple[str, re.Pattern[str]]] = [
    (o["type"], re.compile(_word_re("|".join(o["patterns"])), re.IGNORECASE)) for o in _EVENTS["overrides"]
]
HARM_OVER_TYPES = frozenset(_EVENTS["harm_over"]["types"])
HARM_RE = re.compile(_word_re(_EVENTS["harm_over"]["pattern"]), re.IGNORECASE)
PRECEDENCE: list[tuple[str, str]] = [(a, b) for a, b in _EVENTS["precedence"]["pairs"]]
# A trigger right after these words names something that has not happened ("awaiting resettlement").
NOT_OCCURRENCE_RE = re.compile(
    r"\b(?:awaiting|pending|to be|would|could|might|plans? to|planned to|advocates?|advocating|seeks? to|"
    r"seeking to|aims? to|aiming to|wants? to|intends? to|will|will be|will have been|shall|"
    r"(?:is|are) (?:expected|set|scheduled|due|going) to(?: be)?)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Trigger:
    """An event trigger in a text: span, kind and its rank in the lexicon."""

    start: int
    end: int
    rank: int
    type: str


def find_triggers(text: str) -> list[Trigger]:
    """Every event trigger of a text, in one pass (TRIGGER_RE), in order.

    At a position the entry listed first wins; a trigger right after "to be", "would",
    "plans to" … is not an occurrence and is left out.
    """
    out = []
    for m in TRIGGER_RE.finditer(text):
        if NOT_OCCURRENCE_RE.search(text, max(0, m.start() - 20), m.start()):
            continue
        rank = int(m.lastgroup[1:]) if m.lastgroup else next(
            int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        out.append(Trigger(m.start(), m.end(), rank, EVENT_TRIGGERS[rank][0]))
    return out


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
ATTRIBUTION_RES = [
    re.compile(r"\b[Aa]ccording to (?P<who>(?:the |an? )?[A-Z][\w.’'-]*(?:\s+(?:of|the|for|and|[A-Z][\w.’'-]*))*)"),
    re.compile(
        r"(?P<who>\b(?:the |The )?(?:[A-Z][\w.’'-]+\s+){0,4}(?:[A-Z]{2,}|"
        r"[Aa]uthorities|[Gg]overnment|[Oo]fficials|[Rr]egime|[Pp]olice|[Dd]epartment|[Mm]inistry|"
        r"[A-Z][a-z]+))\s+(?:claims?|claimed|alleged|alleges|accused|blamed|stated|said|says|announced|"
        r"asserts?|asserted|reported|reports)\b"
    ),
]

# --- Designations --------------------------------------------------------------
# Authority or country as written -> ISO 3166-1 alpha-2 code, or EU / UN.
# Longer names first so that "Council of the European Union" wins over "European Union".
JURISDICTIONS: list[tuple[str, str]] = [
    (r"(?:European )?Court of (?:Justice|First Instance)(?: of the European (?:Union|Communities))?", "EU"),
    (r"General Court(?: of the European Union)?", "EU"),
    (r"EU courts?", "EU"),
    (r"Council of the European Union|Council of the EU|European Council|European Commission|"
     r"European Parliament", "EU"),
    (r"European Union|EU", "EU"),
    (r"United Nations(?: Security Council)?|UN Security Council|UN", "UN"),
    (r"(?:U\.?S\.? )?(?:State Department|Department of State|Secretary of State|Treasury(?: Department)?|"
     r"Department of (?:the )?Treasury|Department of Defense|DoD)", "US"),
    (r"United States|U\.S\.(?: government)?|US(?: government)?|USA|America|Washington|American government", "US"),
    (r"Home Office|Home Secretary|British government|United Kingdom|U\.K\.|UK|Britain", "GB"),
    (r"Canadian government|Public Safety Canada|Canada", "CA"),
    (r"Australian government|Australia", "AU"),
    (r"Japanese government|Japan", "JP"),
    (r"Indian government|India", "IN"),
    (r"Iranian (?:government|authorities|regime)|Islamic Republic|Tehran|Iran", "IR"),
    (r"Iraqi (?:government|authorities)|Baghdad|Iraq", "IQ"),
    (r"Turkish government|Turkey|Türkiye", "TR"),
    (r"New Zealand", "NZ"),
    (r"Russian government|Russia", "RU"),
    (r"Chinese government|China", "CN"),
    (r"French government|France", "FR"),
    (r"German government|Germany", "DE"),
    (r"Dutch government|Netherlands", "NL"),
    (r"Israeli government|Israel", "IL"),
    (r"Pakistani government|Pakistan", "PK"),
    (r"Egypt", "EG"),
    (r"Saudi Arabia", "SA"),
    (r"Bahrain", "BH"),
    (r"United Arab Emirates|UAE", "AE"),
    (r"Sri Lanka", "LK"),
    (r"Paraguay", "PY"),
    (r"Colombia", "CO"),
    (r"Spain|Spanish government", "ES"),
]
JURISDICTION_RE = re.compile(
    "|".join(f"(?P<j{i}>(?<![\\w.])(?:{pat})(?!\\w))" for i, (pat, _) in enumerate(JURISDICTIONS))
)


def jurisdiction_code(match: re.Match[str]) -> str:
    """ISO code of a JURISDICTION_RE match."""
    for name, value in match.groupdict().items():
        if value is not None:
            return JURISDICTIONS[int(name[1:])][1]
    raise ValueError("not a jurisdiction match")


# Named bodies (kept as `authority`) as opposed to bare country names.
AUTHORITY_RE = re.compile(
    r"\b(?:(?:the )?(?:U\.?S\.? |British |Canadian |Japanese |Australian |Iranian |Iraqi |"
    r"Indian |Turkish )?(?:State Department|Department of State|Secretary of State(?: [A-Z][a-z]+ [A-Z][a-z]+)?|"
    r"Treasury(?: Department)?|Home Office|Home Secretary|government|authorities|Department of Defense)|"
    r"Council of the European Union|European Union|European Court of (?:Justice|First Instance)|"
    r"Court of Justice of the European Union|General Court|EU courts?|United Nations(?: Security Council)?)"
)

LIST_CONTEXT_RE = re.compile(
    r"\b(?:terror\w*|FTO|proscri\w*|designation|blacklist\w*|delist\w*|de-list\w*|lists? of|"
    r"the list|its list|(?:terrorist|official|sanctions) list|(?:the|its|a) listing)\b",
    re.IGNORECASE,
)
# Wishes, campaigns and requests are not acts: "a campaign to be removed from the list".
IRREALIS_RE = re.compile(
    r"\b(?:campaign\w*|lobb\w*|efforts?|push\w*|bid|sought|seek\w*|request\w*|petition\w*|call(?:s|ed)? for|"
    r"urg\w*|want\w*|aim\w*|hop\w*|tried|trying|attempt\w*|support base|pressure\w*|advocat\w*|calling)\b"
    r"[^.;]{0,40}?\b(?:to (?:be )?|for (?:the )?)(?:de-?list|remov|lift|drop|tak)",
    re.IGNORECASE,
)

DESIGNATION_ACTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("delisting_denied", re.compile(
        r"\b(?:denied|rejected|refused|declined|turned down)\b[^.;]{0,60}\b(?:delist\w*|de-list\w*|remov\w*|"
        r"request|petition)\b|\b(?:keep|kept|maintain\w*|upheld|uphold\w*|retain\w*)\b[^.;]{0,40}\b(?:on the|on its|"
        r"listing|designation)\b", re.IGNORECASE)),
    ("listing_annulled_by_court", re.compile(
        r"\b(?:annul\w*|overturn\w*|quash\w*|unlawful|illegal|struck down|set aside|invalidat\w*|"
        r"ruled against)\b", re.IGNORECASE)),
    ("delisted", re.compile(
        r"\b(?:delist\w*|de-list\w*|removed?|removing|removal|lift\w*|struck (?:\w+ ){0,3}(?:from|off)|"
        r"strik\w+ (?:\w+ ){0,3}(?:from|off)|taken off|took (?:\w+ ){0,3}off|revok\w*|revocation|rescind\w*|"
        r"no longer (?:designated|listed|on)|dropp\w* (?:\w+ ){0,3}from|unban\w*|reverse the decision|"
        r"did the same|expired?)\b", re.IGNORECASE)),
    ("listed", re.compile(
        r"\b(?:listed|listing|designated|designating|designates?|added|adding|put (?:\w+ ){0,3}on|"
        r"plac\w+ (?:\w+ ){0,3}on|"
        r"proscri\w*|blacklist\w*|banned|outlawed|labell?ed|branded|declared (?:\w+ )?(?:a )?terrorist|"
        r"had been since|been on|was on|were on|inclusion)\b", re.IGNORECASE)),
]

# --- Places ------------------------------------------------------------------
# Place name -> ISO 3166-1 alpha-2 code of its country.
PLACES: dict[str, str] = load_lexicon("places")["places"]
PLACE_RE = re.compile(
    r"\b(?:in|at|to|near|from|into|inside|outside|towards?|across)\s+(?:the\s+)?(?P<place>"
    + "|".join(sorted((re.escape(p) for p in PLACES), key=len, reverse=True))
    + r")\b"
)

# --- Membership ----------------------------------------------------------------
# The membership vocabulary is data: lexicons/membership.json (its "_about" and "_*" keys
# say what each entry is). MEMBERSHIP is the parsed file; the names below are kept for
# other code.
MEMBERSHIP: dict = {k: v for k, v in load_lexicon("membership").items() if not k.startswith("_")}

# Unit nouns (one or two words, lower case) -> unit code.
UNITS: dict[str, str] = {
    noun.lower(): unit for unit, nouns in MEMBERSHIP["units"].items() for noun in nouns
}
WEAK_UNITS: frozenset[str] = frozenset(n.lower() for n in MEMBERSHIP["weak_units"])
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
