"""General vocabulary the extractors use: event verbs, listing authorities, places, units.

Every entry is general English or a public name of a place or an authority;
nothing here names a specific event, person, number or sentence of a source.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# --- Event triggers ----------------------------------------------------------
# (event_type, pattern): verbs and event nouns, not actors ("police", "troops").
# The classifier takes the trigger that occurs first in the clause (usually the
# main predicate); on a tie, the kind listed first.
EVENT_TRIGGERS: list[tuple[str, str]] = [
    ("diplomatic", r"expell\w* (?:\w+ ){0,3}diplomats?|recall\w* (?:its|their) ambassadors?"),
    ("military_operation", r"(?-i:Operation [A-Z][\w-]*)"),
    ("legal", r"courts?|tribunal|ruling|ruled|verdict|charged|charges|charging|indict\w*|convict\w*|acquitt\w*|"
              r"sentenced|trial|warrants?|lawsuit|sued|prosecuted|prosecution|pleaded guilty|pled guilty|"
              r"judicial probe|outlawed|banned|protected persons?|refugee status|asylum status|"
              r"granted asylum|extradit\w*|opened a case|dropped (?:all )?charges"),
    ("disclosure", r"reveal\w*|disclos\w*|expos(?:ed|ing|es)|uncover\w*|press conference|"
                   r"announc\w* the existence|discovered a secret|secret (?:nuclear|underground)|"
                   r"source for claims|satellite images"),
    ("execution", r"execut\w*|massacres?|firing squads?|hanged|hangings?"),
    ("protest", r"protest\w*|demonstrat(?:ion|ions|ed|ing|ors)|rall(?:y|ies)|marche[sd]|hunger strikes?|"
                r"immolat\w*|sit-ins?|gathered|gathering"),
    ("election", r"elections?|referendum|candidac\w*|candidates?|vot(?:e|es|ed|ing)|ballot|boycott\w*|"
                 r"elected|ran for|run for|running for|parliamentary seats?|presidential race|"
                 r"barr(?:ed|ing) \w+ \w+ from"),
    ("attack", r"bomb(?:ed|ing|ings|s)?|attack(?:ed|ing|s)?|assassinat\w*|kill(?:ed|ing|s)?|shot|shoot\w*|"
               r"gunfight|kidnap\w*|claimed responsibility|hijack\w*|murder\w*|explosions?|"
               r"mortar attacks?|rocket attacks?|"
               r"street battles?|clash\w*|ambush\w*|set off|blew up|blowing up|stormed|"
               r"broken into|broke into|hostage-taking|takeover of|assault\w*|plots?|violence broke out"),
    ("military_operation", r"operations? (?:named|called|known)|offensives?|invasion|invaded|fought|"
                           r"front lines?|captur\w*|seized|battles?|incursion|counterattack\w*|"
                           r"armed struggle|war against|shelled|air ?strikes?|fighting|military operations?|"
                           r"took part in|taking part in|launched (?:a|an|its) (?:\w+ )?(?:military )?"
                           r"(?:offensive|operation)|suppress\w*|quash\w*|helped (?:\w+ ){0,3}in the war"),
    ("arrest_or_raid", r"arrest\w*|detain\w*|detention|custody|crack(?:ed|ing)? down|crackdown|imprison\w*|"
                       r"jailed|raid(?:ed|s)?|purge\w*|round(?:ed)? up|confined|interned"),
    ("relocation", r"relocat\w*|moved|moving|move to|expell\w*|expulsion|exiled|fled|flee|transferr\w*|"
                   r"resettl\w*|left for|left the|leave (?:the|Iraq)|brought to|set up in|based in|"
                   r"enter(?:ed)?|evacuat\w*|deported|arrived|quitting|into exile|"
                   r"welcomed into|re-?established its base"),
    ("agreement", r"ceasefire|cease-fire|agreements?|allian\w*|allied|signed|signing|disarm\w*|deal|treaty|"
                  r"accord|pact|sided with|surrender\w*|cooperat\w*|truce|negotiated|became close"),
    ("diplomatic", r"diplomat\w*|embass\w*|ambassador|letter|met with|meeting (?:with|between)|"
                   r"began meeting|visited|visit to|paid a visit|called on|asked|urged|persuad\w*|appeal\w*|phoned|"
                   r"condemn\w*|hand(?:ed)? over|gave (?:\w+ ){0,3}responsibility|declined to offer|"
                   r"told|reiterated|vow\w*|blamed|demanded|requested|pressed"),
    ("organisational", r"appointed|named (?:as )?(?:its|the) (?:leader|head|president)|"
                       r"designated (?:as )?president|"
                       r"renamed|rebuil\w*|restructur\w*|(?:was|were) replaced|replaced (?:\w+ ){0,3}(?:as|by|with)|"
                       r"split|factions?|"
                       r"declared the establishment|launched|"
                       r"closed (?:it )?down|disband\w*|dissolv\w*|opened (?:a|an|its)\b|"
                       r"led by|leadership|took over|merg\w*|assumed|joint control|divorce\w*|"
                       r"organi[sz]ed themselves|recreated|called for the formation"),
    ("founding", r"founded|founding of|formed|established|creat(?:ed|ion)|set up"),
    ("other", r"disappear\w*|overthr[eo]w\w*|participated in|released (?:\w+ ){0,2}prisoners"),
]

EVENT_TRIGGER_RES: list[tuple[str, re.Pattern[str]]] = [
    (etype, re.compile(rf"\b(?:{pat})(?![^\W\d_])", re.IGNORECASE)) for etype, pat in EVENT_TRIGGERS
]

# A founding trigger whose object is a part of the group (a council, an army,
# a channel) is an organisational act, not the founding of the group.
WING_RE = re.compile(
    r"\b(?:council|army|front|(?<!-)wing|committee|television|radio|channel|network|station|party|office|"
    r"branch|cells?|NCRI|NCR|NLA|brigades?|association|society|foundation|company)\b",
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
    r"is|are|has|have|serves?|would|could|might)\b",
    re.IGNORECASE,
)

# --- Attribution -------------------------------------------------------------
ATTRIBUTION_RES = [
    re.compile(r"\b[Aa]ccording to (?P<who>(?:the |an? )?[A-Z][\w.’'-]*(?:\s+(?:of|the|for|and|[A-Z][\w.’'-]*))*)"),
    re.compile(
        r"(?P<who>\b(?:the |The )?(?:[A-Z][\w.’'-]+\s+){0,4}(?:MEK|PMOI|MKO|NCRI|"
        r"[Aa]uthorities|[Gg]overnment|[Oo]fficials|[Rr]egime|[Pp]olice|[Dd]epartment|[Mm]inistry|"
        r"[A-Z][a-z]+))\s+(?:claims?|claimed|alleged|alleges|accused|blamed|stated|said|says|announced|"
        r"asserts?|asserted|reported|reports)\b"
    ),
]

# --- Designations --------------------------------------------------------------
# Data files: lexicons/jurisdictions.json (authorities and countries that keep lists, as
# written, with their codes) and lexicons/designations.json (listing actions and their verb
# patterns, list-context words, irrealis, reactions, statuses that are not listings).
LEXICON_DIR = Path(__file__).with_name("lexicons")


def _load(name: str) -> dict:
    return json.loads((LEXICON_DIR / name).read_text(encoding="utf-8"))


_JUR = _load("jurisdictions.json")
DESIGNATION_LEXICON: dict = _load("designations.json")


def _spaces(pattern: str) -> str:
    """A space in a pattern matches any white space: hard-wrapped texts break names across lines."""
    return pattern.replace(" ", r"\s+")


def _jurisdiction_table(data: dict) -> list[tuple[str, str]]:
    """(pattern, code): named bodies first, then country names, then capitals.

    At one position the first pattern listed wins, so "U.S. State Department" is one
    match, not "U.S." followed by a body.
    """
    entries = data["international"] + data["countries"]
    body_nouns, list_nouns = data["body_nouns"], data["list_nouns"]
    bodies = [(pat, e["code"]) for e in entries for pat in e.get("bodies", [])]
    names = [(pat, e["code"]) for e in entries for pat in e.get("names", [])]
    # An adjective names the country only before a body or a list ("British lawmakers", "the
    # British list"); the match is the adjective, the body is read by AUTHORITY_RE.
    adjectives = [(f"(?:{'|'.join(e['adjectives'])})(?=\\s+(?:{body_nouns}|{list_nouns})(?!\\w))", e["code"])
                  for e in entries if e.get("adjectives")]
    capitals = [(pat, e["code"]) for e in entries for pat in e.get("capitals", [])]
    return bodies + adjectives + names + capitals


# Authority or country as written -> ISO 3166-1 alpha-2 code, or EU / UN.
JURISDICTIONS: list[tuple[str, str]] = _jurisdiction_table(_JUR)
def _first_chars(pattern: str) -> set[str] | None:
    """The characters a match of ``pattern`` can begin with, or None if any (or unknown)."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def firsts(items: list) -> set[str] | None:
        out: set[str] = set()
        for op, av in items:
            if op is c.LITERAL:
                return out | {chr(av)}
            if op is c.IN and all(o is c.LITERAL for o, _ in av):
                return out | {chr(v) for _, v in av}
            if op is c.SUBPATTERN:
                sub = firsts(list(av[3]))
                return None if sub is None else out | sub
            if op is c.BRANCH:
                subs = [firsts(list(b)) for b in av[1]]
                if any(x is None for x in subs):
                    return None
                return out.union(*[x for x in subs if x is not None])
            if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0:
                sub = firsts(list(av[2]))
                if sub is None:
                    return None
                out |= sub
                continue
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue
            return None
        return None

    return firsts(list(_parser.parse(pattern)))


def _bucketed(patterns: list[str], index: list[int]) -> str:
    """One alternation of named groups ``j{index}_{bucket}``, bucketed by first character.

    At a position only the names that can begin with its character are tried (a lookahead
    per bucket), not all of them: the table has hundreds of names. Within a bucket the
    table's order, hence its precedence, is kept.
    """
    buckets: dict[str, list[int]] = {}
    rest: list[int] = []
    for i, pat in enumerate(patterns):
        chars = _first_chars(pat)
        if chars is None:
            rest.append(i)
            continue
        for ch in sorted(chars):
            buckets.setdefault(ch, []).append(i)
    alts = [
        f"(?={re.escape(ch)})(?:" + "|".join(f"(?P<j{index[i]}_{n}>{patterns[i]})" for i in idx) + ")"
        for n, (ch, idx) in enumerate(sorted(buckets.items()))
    ]
    alts += [f"(?P<j{index[i]}_r>{patterns[i]})" for i in rest]
    return "|".join(alts)


_ADJECTIVES: list[tuple[re.Pattern[str], str]] = [
    (re.compile("|".join(e["adjectives"])), e["code"]) for e in _JUR["countries"] if e.get("adjectives")
]
# The adjectives are one group (their lookahead written once) rather than one entry each, so
# that the expression stays small; jurisdiction_code tells them apart.
_ADJECTIVE_RE = (
    "(?:(?:" + "|".join(e for e in sorted((a for e in _JUR["countries"] for a in e.get("adjectives", [])),
                                               key=len, reverse=True))
    + f")(?=\\s+(?:{_JUR['body_nouns']}|{_JUR['list_nouns']})(?!\\w)))"
)
_ADJ = len(JURISDICTIONS)  # the index of the adjectives' group in _bucketed
_NOT_ADJECTIVE = [i for i, (pat, _code) in enumerate(JURISDICTIONS) if not pat.endswith("(?!\\w))")]
JURISDICTION_RE = re.compile(
    "(?<![\\w.])(?:"
    + _bucketed([f"(?:{_spaces(JURISDICTIONS[i][0])})(?!\\w)" for i in _NOT_ADJECTIVE] + [_spaces(_ADJECTIVE_RE)],
                [*_NOT_ADJECTIVE, _ADJ])
    + ")"
)


def jurisdiction_code(match: re.Match[str]) -> str:
    """ISO code of a JURISDICTION_RE match."""
    name = match.lastgroup
    if name is not None and name.startswith(f"j{_ADJ}_"):
        return next(code for pattern, code in _ADJECTIVES if pattern.fullmatch(match.group(0)))
    if name is None or not name.startswith("j"):
        raise ValueError("not a jurisdiction match")
    return JURISDICTIONS[int(name[1:].split("_")[0])][1]


# Named bodies (kept as `authority`) as opposed to bare country names.
AUTHORITY_RE = re.compile(_spaces(
    "(?<![\\w.])(?:the )?(?:"
    + "|".join(pat for e in _JUR["international"] + _JUR["countries"] for pat in e.get("bodies", []))
    + "|" + "|".join(pat for e in _JUR["international"] for pat in e["names"] if len(pat) > 4)
    + "|(?:(?:" + "|".join(a for e in _JUR["countries"] for a in e.get("adjectives", [])) + ") )?"
    + "(?:" + _JUR["body_nouns"] + "))(?!\\w)"
))
# The name of a list that only one jurisdiction keeps ("Foreign Terrorist Organization": US).
LIST_TERMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(f"(?<![\\w.])(?:{_spaces(t['pattern'])})(?!\\w)"), t["code"]) for t in _JUR["list_terms"]
]


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(f"\\b(?:{_spaces(pattern)})(?![^\\W\\d_])", re.IGNORECASE)


LIST_CONTEXT_RE = _ci(DESIGNATION_LEXICON["list_context"])
# Wishes, campaigns and requests are not acts: "a campaign to be removed from the list".
IRREALIS_RE = re.compile(rf"\b(?:{_spaces(DESIGNATION_LEXICON['irrealis'])})", re.IGNORECASE)
# (action, rule, form, needs a court, pattern), in order of precedence (designations.py).
DESIGNATION_VERBS: list[tuple[str, str, str, bool, re.Pattern[str]]] = [
    (a["action"], a["rule"], a["form"], a["court"], _ci(a["pattern"])) for a in DESIGNATION_LEXICON["actions"]
]
# One pattern per action, in order of precedence (kept for callers of the older interface).
DESIGNATION_ACTIONS: list[tuple[str, re.Pattern[str]]] = [
    (action, _ci("|".join(f"(?:{a['pattern']})" for a in DESIGNATION_LEXICON["actions"] if a["action"] == action)))
    for action in dict.fromkeys(a["action"] for a in DESIGNATION_LEXICON["actions"])
]

# --- Places ------------------------------------------------------------------
# Place name -> ISO 3166-1 alpha-2 code of its country.
PLACES: dict[str, str] = {
    "Iran": "IR", "Tehran": "IR", "Isfahan": "IR", "Mashhad": "IR", "Mehran": "IR", "Qom": "IR", "Tabriz": "IR",
    "Shiraz": "IR", "Kermanshah": "IR", "Ahvaz": "IR",
    "Iraq": "IQ", "Baghdad": "IQ", "Basra": "IQ", "Mosul": "IQ", "Diyala": "IQ", "Kurdistan": "IQ",
    "Camp Ashraf": "IQ", "Camp Liberty": "IQ", "Camp Hurriya": "IQ", "Ashraf": "IQ",
    "France": "FR", "Paris": "FR", "Auvers-sur-Oise": "FR", "Villepinte": "FR", "Lyon": "FR",
    "Albania": "AL", "Tirana": "AL", "Durrës": "AL", "Manëz": "AL",
    "United States": "US", "Washington": "US", "New York": "US", "Nevada": "US", "Texas": "US",
    "United Kingdom": "GB", "Britain": "GB", "London": "GB",
    "Germany": "DE", "Cologne": "DE", "Berlin": "DE", "Frankfurt": "DE",
    "Switzerland": "CH", "Geneva": "CH",
    "Italy": "IT", "Rome": "IT",
    "Turkey": "TR", "Istanbul": "TR", "Ankara": "TR",
    "Pakistan": "PK", "Karachi": "PK",
    "Philippines": "PH", "Manila": "PH",
    "Netherlands": "NL", "The Hague": "NL",
    "Belgium": "BE", "Brussels": "BE",
    "Austria": "AT", "Vienna": "AT",
    "Jordan": "JO", "Amman": "JO", "Lebanon": "LB", "Beirut": "LB", "Syria": "SY", "Damascus": "SY",
    "Yemen": "YE", "South Yemen": "YE", "Oman": "OM", "Afghanistan": "AF", "Kabul": "AF",
    "Canada": "CA", "Ottawa": "CA", "Australia": "AU", "Japan": "JP", "India": "IN", "Sweden": "SE",
    "Norway": "NO", "Denmark": "DK", "Spain": "ES", "Madrid": "ES", "Israel": "IL", "Egypt": "EG",
    "Saudi Arabia": "SA", "Kuwait": "KW", "Qatar": "QA", "Bahrain": "BH", "Cyprus": "CY", "Greece": "GR",
}
PLACE_RE = re.compile(
    r"\b(?:in|at|to|near|from|into|inside|outside|towards?|across)\s+(?:the\s+)?(?P<place>"
    + "|".join(sorted((re.escape(p) for p in PLACES), key=len, reverse=True))
    + r")\b"
)

# --- Membership ----------------------------------------------------------------
# Unit nouns -> unit code.
UNITS: dict[str, str] = {
    "members": "members", "member": "members", "cadres": "members", "militants": "members",
    "mujahedin": "members", "mujahideen": "members", "mek": "members", "operatives": "members",
    "followers": "followers", "supporters": "followers", "sympathizers": "followers",
    "sympathisers": "followers", "adherents": "followers", "activists": "followers",
    "fighters": "fighters", "combatants": "fighters", "soldiers": "fighters", "troops": "fighters",
    "guerrillas": "fighters", "men": "fighters",
    "residents": "residents", "inhabitants": "residents", "refugees": "residents",
    "people": "people", "persons": "people", "individuals": "people",
}
# Words in a sentence that make a number a casualty, detainee or vote count
# (an event figure) rather than a size of the group.
NON_MEMBERSHIP_RE = re.compile(
    r"\b(?:kill\w*|dead|deaths?|died|die|wound\w*|injur\w*|casualt\w*|executed|executions?|arrest\w*|"
    r"detain\w*|detention|imprison\w*|prisoners?|captur\w*|missing|defect\w*|votes?|tickets?|"
    r"murder\w*|assassinat\w*|hostages?|massacre\w*|charges?|warrant|attack\w*|sent|trained|"
    r"immolat\w*|hunger|protest\w*|deported|expelled)\b",
    re.IGNORECASE,
)
ESTIMATOR_RES = [
    re.compile(r"\b[Aa]ccording to (?P<who>(?:the |an? )?[\w.’'-]+(?:\s+(?:of|the|[A-Z][\w.’'-]*))*)"),
    re.compile(r"\((?P<who>[A-Z][\w.]*(?: [A-Z][\w.]*)*) estimates?\)"),
    re.compile(
        r"(?P<who>\b(?:the |The |an? |An? )?(?:[A-Z][\w.’'-]*\s+)*(?:[A-Z][\w.’'-]*|reporter|officials?|"
        r"sources?|analysts?|experts?))\s+(?:\w+ ){0,3}(?:estimated|estimates|put|puts|claimed|claims|said|says|"
        r"reported|counted)\b"
    ),
]
