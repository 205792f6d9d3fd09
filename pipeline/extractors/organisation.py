"""Organisation profiles: who a text is about, as configuration data.

A profile is a JSON file (``pipeline/extractors/organisations/ID.json``; format below)
naming one organisation; the extractors code a text for the organisation its profile
describes and require that organisation to take part in every statement they extract.
The MEK's profile (``mek``) is the default. No organisation name appears in Python code.

Profile format (every key but ``id`` and ``name`` optional; lists of strings unless said):

- ``id``: lowercase letters, digits and hyphens; ``name``: the name as usually written.
- ``names``: full names and their variants ("People's Mojahedin Organization of Iran").
- ``abbreviations``: matched case-sensitively as whole words ("MEK").
- ``former_names``.
- ``wings``: objects ``{"name", "abbreviations", "kind"}`` (political/armed wing, front).
- ``leaders``: full names; a leader's surname alone refers to them too ("Mr. Rajavi").
- ``sites``: objects ``{"name", "country"}`` (camps, headquarters; ISO 3166-1 alpha-2).
- ``member_words``: words the texts use for its members ("Mojahedin").

Matching (:class:`OrgMatcher`): names are matched case-insensitively and up to the
spelling variation of transliterated names: any run of vowels matches any run of vowels
(Mojahedin, Mujahideen, Mujahadeen), doubled letters match single ones, and hyphens,
spaces and nothing are interchangeable between words, as are straight and curly
apostrophes. Abbreviations (all-capital or mixed-case short forms) match only as written.

Generic references ("the group", "an opposition group", "its members", "the residents")
refer to the organisation: the text is about it (the manifest or ``--organisation`` says
so), so a description of a group stands for it; unless another group was named since, as the
subject of a sentence (:func:`other_groups`; the document model drops such a reference).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.text.multiscan import Scanner, confirmed, reversed_starts

PROFILE_DIR = Path(__file__).with_name("organisations")
DEFAULT = "mek"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ProfileError(PipelineError):
    """A profile file is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class Site:
    name: str
    country: str | None = None


@dataclass(frozen=True)
class Wing:
    name: str
    abbreviations: tuple[str, ...] = ()
    kind: str = ""


@dataclass(frozen=True)
class Organisation:
    """One organisation's names, wings, leaders and sites (module docstring)."""

    id: str
    name: str
    names: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    wings: tuple[Wing, ...] = ()
    leaders: tuple[str, ...] = ()
    sites: tuple[Site, ...] = ()
    member_words: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=())  # added on the command line

    def with_aliases(self, aliases: list[str] | tuple[str, ...]) -> Organisation:
        """The same profile with extra names (``--alias``)."""
        return replace(self, aliases=tuple(dict.fromkeys((*self.aliases, *aliases))))

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name and alias of the organisation itself (not its wings)."""
        return tuple(dict.fromkeys((self.name, *self.names, *self.former_names, *self.aliases)))

    @property
    def short_forms(self) -> tuple[str, ...]:
        """Abbreviations of the organisation and of its wings."""
        return tuple(dict.fromkeys((*self.abbreviations, *(a for w in self.wings for a in w.abbreviations))))

    @property
    def site_countries(self) -> dict[str, str]:
        return {s.name: s.country for s in self.sites if s.country}

    @functools.cached_property
    def matcher(self) -> OrgMatcher:
        return OrgMatcher(self)

    @functools.cached_property
    def others(self) -> Scanner | None:
        """The names and abbreviations of every other profile in PROFILE_DIR (not this one's own
        names), as one scanner: a text naming one of them names another group (:func:`other_groups`)."""
        return _others_scanner(self.id, frozenset((*self.all_names, *self.short_forms)))


def _as_tuple(data: dict, key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(f"{path}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def parse_profile(data: object, path: Path) -> Organisation:
    """An Organisation from a profile's parsed JSON; ProfileError naming ``path`` if malformed."""
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile is a JSON object")
    pid, name = data.get("id"), data.get("name")
    if not isinstance(pid, str) or not _ID.match(pid):
        raise ProfileError(f"{path}: 'id' must be lowercase letters, digits and hyphens")
    if not isinstance(name, str) or not name.strip():
        raise ProfileError(f"{path}: 'name' must be a non-empty string")
    wings = []
    for w in data.get("wings", []):
        if not isinstance(w, dict) or not isinstance(w.get("name"), str):
            raise ProfileError(f"{path}: each of 'wings' must be an object with a 'name'")
        wings.append(Wing(w["name"], _as_tuple(w, "abbreviations", path), str(w.get("kind", ""))))
    sites = []
    for s in data.get("sites", []):
        if not isinstance(s, dict) or not isinstance(s.get("name"), str):
            raise ProfileError(f"{path}: each of 'sites' must be an object with a 'name'")
        sites.append(Site(s["name"], s.get("country")))
    return Organisation(
        id=pid, name=name, names=_as_tuple(data, "names", path),
        abbreviations=_as_tuple(data, "abbreviations", path), former_names=_as_tuple(data, "former_names", path),
        wings=tuple(wings), leaders=_as_tuple(data, "leaders", path), sites=tuple(sites),
        member_words=_as_tuple(data, "member_words", path),
    )


@functools.lru_cache(maxsize=64)
def load(id_or_file: str = DEFAULT) -> Organisation:
    """A profile by id (a file in PROFILE_DIR) or by path to a JSON file."""
    path = Path(id_or_file)
    if not (path.suffix == ".json" or "/" in id_or_file):
        path = PROFILE_DIR / f"{id_or_file}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(p.stem for p in sorted(PROFILE_DIR.glob("*.json")))
        raise ProfileError(f"{path}: no such organisation profile (known ids: {known})") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ProfileError(f"{path}: cannot read the profile ({exc})") from None
    return parse_profile(data, path)


def from_aliases(aliases: list[str] | tuple[str, ...]) -> Organisation:
    """A profile for an organisation known only by the names given (``--alias`` alone)."""
    names = tuple(dict.fromkeys(a.strip() for a in aliases if a.strip()))
    if not names:
        raise ProfileError("--alias: at least one non-empty name is needed")
    slug = re.sub(r"[^a-z0-9]+", "-", names[0].lower()).strip("-") or "organisation"
    short = tuple(n for n in names if _is_abbreviation(n))
    return Organisation(id=slug, name=names[0], names=tuple(n for n in names if n not in short), abbreviations=short)


def resolve(organisation: str | None = None, aliases: list[str] | tuple[str, ...] = ()) -> Organisation:
    """The profile the CLI options name: ``--organisation`` (default mek) plus ``--alias`` names."""
    if organisation is None and aliases:
        return from_aliases(aliases)
    org = load(organisation or DEFAULT)
    return org.with_aliases(aliases) if aliases else org


# --- Matching -------------------------------------------------------------------

_VOWELS = "aeiouy"


def _is_abbreviation(name: str) -> bool:
    """Short forms are matched as written: 'MEK', 'LeT', 'JuD'."""
    return " " not in name and len(name) <= 6 and sum(c.isupper() for c in name) >= 2


def _word_pattern(word: str) -> str:
    """Spelling-tolerant pattern of one word of a transliterated name."""
    out: list[str] = []
    i = 0
    while i < len(word):
        c = word[i]
        low = c.lower()
        if low in _VOWELS and c.isalpha():
            j = i
            while j < len(word) and word[j].lower() in _VOWELS:
                j += 1
            out.append(f"[{_VOWELS}]+")
            i = j
            continue
        if c in "'’`":
            out.append("['’`]?")
        elif c == "-":
            out.append(r"[\s-]?")
        elif c.isalpha():
            j = i
            while j < len(word) and word[j].lower() == low:
                j += 1
            out.append(re.escape(low) + "+")
            i = j
            continue
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def name_pattern(name: str) -> str:
    """Regex (to compile case-insensitively) for a full name, tolerant of spelling and separators."""
    words = re.split(r"[\s]+", name.strip())
    return r"[\s-]*".join(_word_pattern(w) for w in words)


# Descriptions that stand for the organisation once the text has named it: "the group",
# "an Iranian opposition group", "the largest group opposing …", "its members", "the residents".
GENERIC_REFERENCE = re.compile(
    r"\b(?:(?:the|this|that)\s+(?:[A-Za-z-]+\s+){0,2}?(?:group|organi[sz]ation|movement|outfit)\b(?!\s+of\b)"
    # a court's or a gazette's name for its party: "the applicant", "the listed entity" (not "the entity")
    r"|(?:the|this|that)\s+(?:(?:listed|designated|proscribed|terrorist|said)\s+entity|applicant|appellant)\b"
    r"|an?\s+(?:[A-Za-z-]+\s+){0,2}?(?:opposition|dissident|rebel|militant|exiled?|armed|terrorist|insurgent)\s+"
    r"(?:group|organi[sz]ation|movement)\b"
    r"|(?:the|its|their)\s+(?:[A-Za-z-]+\s+){0,1}?(?:members|supporters|fighters|militants|cadres|residents|"
    r"leaders?|leadership|camps?|rebels|guerrillas)\b"
    r"|\bmembers\b(?!\s+of\b))",
    re.IGNORECASE,
)


# The name of a group: capitalised words ending in a noun that heads the names of organisations, with
# its abbreviation ("the Kurdistan Workers' Party (PKK)", "the Tamil Tigers", "the Popular Front").
_GROUP_HEADS = ("Party", "Front", "Army", "Movement", "Brigade", "Brigades", "League", "Tigers", "Jihad", "Group")
_GROUP_BODY = r"(?:[A-Z][\w’'-]*\s+(?:(?:of|for|the|al)\s+)?){1,5}(?:" + "|".join(_GROUP_HEADS) + ")"
GROUP_NAME = re.compile(r"(?<![\w’'-])" + _GROUP_BODY + r"(?![\w’'-])(?:\s*\([A-Z][A-Za-z]{1,6}\))?")
_GROUP_SCANNER = Scanner.whole(GROUP_NAME, [_GROUP_BODY])


@functools.lru_cache(maxsize=64)
def _others_scanner(own_id: str, own: frozenset[str]) -> Scanner | None:
    """A scanner of the other profiles' names (caseless, as written: no spelling variants) and
    abbreviations (case-sensitive), none of them one of ``own``."""
    full, short = set(), set()
    for path in sorted(PROFILE_DIR.glob("*.json")):
        if path.stem == own_id:
            continue
        other = load(path.stem)
        for n in (*other.all_names, *other.short_forms):
            if n not in own:
                (short if _is_abbreviation(n) else full).add(n)
    parts = [f"(?i:{re.escape(n)})" for n in sorted(full)] + [re.escape(n) for n in sorted(short)]
    if not parts:
        return None
    return Scanner(re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![^\W_])"), parts)


def other_groups(org: Organisation, text: str, refs: list[OrgRef]) -> list[tuple[int, int]]:
    """Spans of ``text`` that name a group other than ``org``: another profile's name or abbreviation,
    or a name ending in a group's head noun (GROUP_NAME, "the Kurdistan Workers' Party"); none that
    overlaps a named reference to ``org`` (its own "National Liberation Army"). Sorted."""
    named = [(r.start, r.end) for r in refs if r.kind != "generic"]  # sorted by start
    spans = [(m.start(), m.end()) for m in _GROUP_SCANNER.finditer(text)]
    if org.others is not None:
        spans += [(m.start(), m.end()) for m in org.others.finditer(text)]
    starts = [a for a, _b in named]
    reach = list(itertools.accumulate((b for _a, b in named), max))  # reach[k]: the furthest end of named[:k+1]
    out = []
    for s, e in sorted(set(spans)):
        j = bisect.bisect_left(starts, e)  # named[:j] start before the span ends: one overlaps it if one ends after s
        if j == 0 or reach[j - 1] <= s:
            out.append((s, e))
    return out


# GENERIC_REFERENCE's matches through the prefilter; its one part is the pattern without the
# look-aheads (a larger language), or, if the pattern changes shape, the pure-re path.
_GENERIC_SCANNER = Scanner(GENERIC_REFERENCE, [GENERIC_REFERENCE.pattern.replace(r"(?!\s+of\b)", "")])
# That part, for the backward scan of :func:`references`.
GENERIC_PART = _GENERIC_SCANNER._parts[0]


@dataclass(frozen=True)
class OrgRef:
    """A reference to the organisation in a text: span and kind."""

    start: int
    end: int
    kind: str  # name, abbreviation, wing, leader, site, member, generic
    text: str


# The names of OrgRef's fields, in order (_ref).
_R0, _R1, _R2, _R3 = (f.name for f in dataclasses.fields(OrgRef))


def _ref(start: int, end: int, kind: str, text: str, _new: Any = object.__new__) -> OrgRef:
    """``OrgRef(start, end, kind, text)``, its fields set in its ``__dict__`` at once (not by four
    checked assignments, as the frozen class's ``__init__`` does): the same object."""
    ref = _new(OrgRef)
    d = ref.__dict__
    d[_R0], d[_R1], d[_R2], d[_R3] = start, end, kind, text
    return ref


class OrgMatcher:
    """Finds the references to one organisation in a text, in one pass per kind."""

    def __init__(self, org: Organisation) -> None:
        self.org = org
        full = [n for n in org.all_names if not _is_abbreviation(n)]
        short = [n for n in (*org.all_names, *org.short_forms) if _is_abbreviation(n)]
        wing_names = [w.name for w in org.wings]
        surnames = sorted({n.split()[-1] for n in org.leaders if len(n.split()) > 1 and len(n.split()[-1]) >= 4})
        sites = [s.name for s in org.sites]
        # per kind: the names' patterns, whether case-insensitive
        kinds: list[tuple[str, list[str], bool]] = [
            ("wing", [name_pattern(n) for n in wing_names], True),
            ("name", [name_pattern(n) for n in full], True),
            ("site", [re.escape(s) for s in sites], False),
            ("leader", [name_pattern(n) for n in org.leaders] + [re.escape(s) for s in surnames], True),
            ("member", [name_pattern(n) for n in org.member_words], True),
            ("abbreviation", [re.escape(n) for n in short], False),
        ]
        parts = []
        bodies = []
        self._kinds: list[str] = []
        for kind, pats, insensitive in kinds:
            if not pats:
                continue
            pats = sorted(set(pats), key=lambda p: (-len(p), p))  # the same order whatever the hash seed
            body = "|".join(pats)
            bodies.append("(?i:" + body + ")" if insensitive else body)
            parts.append(f"(?P<k{len(self._kinds)}>{bodies[-1]})")
            self._kinds.append(kind)
        self.regex = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![^\W_])") if parts else None
        # The same matches from a multi-pattern prefilter: each match is a match of one kind's names.
        self.scanner = Scanner(self.regex, bodies) if self.regex is not None else None
        self.bodies = tuple(bodies)
        # For references(): the kinds' patterns, then the generic part, each read backwards in one
        # scan (their flags: the names' own (?i:...) groups, GENERIC_REFERENCE's IGNORECASE).
        self.starts_parts = (*bodies, GENERIC_PART)
        self._caseless = (*(False for _ in bodies), True)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[OrgRef]:
        """Named references (not generic ones) in text[start:end], in order."""
        if self.regex is None:
            return []
        end = len(text) if end is None else end
        # lastgroup: the kind's group (the names' patterns hold no group of their own)
        return [OrgRef(m.start(), m.end(), self._kinds[int(m.lastgroup[1:])], m.group(0))
                for m in self.scanner.finditer(text, start, end)]


def references(org: Organisation, text: str) -> list[OrgRef]:
    """Every reference to ``org`` in ``text``: named ones and generic ones.

    The matches of ``matcher.regex`` and of ``GENERIC_REFERENCE`` over the text. Where one can start
    comes from one scan of the text read backwards (:func:`~pipeline.text.multiscan.reversed_starts`
    with ``matcher.starts_parts``: every offset where a name of a kind, or the generic part, matches);
    each match of either pattern is a match of one of those parts from its start, so the patterns are
    tried there only, left to right (:func:`~pipeline.text.multiscan.confirmed`), as ``finditer``
    would. Without Hyperscan, the matcher's and the generic scanner's own paths.
    """
    matcher = org.matcher
    starts = reversed_starts(matcher.starts_parts, matcher._caseless, text)
    if starts is None:
        named = matcher.find(text)
        generic = [OrgRef(m.start(), m.end(), "generic", m.group(0)) for m in _GENERIC_SCANNER.finditer(text)]
    else:
        named = []
        if matcher.regex is not None:
            kinds = matcher._kinds
            at = sorted({s for found in starts[:-1] for s in found})
            named = [_ref(m.start(), m.end(), kinds[int(m.lastgroup[1:])], m.group(0))
                     for m in confirmed(matcher.regex, text, [(s, s + 1) for s in at])]
        generic = [_ref(m.start(), m.end(), "generic", m.group(0))
                   for m in confirmed(GENERIC_REFERENCE, text, [(s, s + 1) for s in sorted(set(starts[-1]))])]
    return sorted(named + generic, key=lambda r: (r.start, r.end))
