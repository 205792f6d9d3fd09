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
# The membership vocabulary is data: lexicons/membership.json (its "_about" and "_*" keys
# say what each entry is). MEMBERSHIP is the parsed file; the names below are kept for
# other code.
LEXICON_DIR = Path(__file__).with_name("lexicons")


def _load_membership() -> dict:
    """The membership lexicon, parsed; keys starting with "_" are comments."""
    path = LEXICON_DIR / "membership.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


MEMBERSHIP: dict = _load_membership()

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
