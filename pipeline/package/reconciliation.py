"""The reconciliation rules: one row per real-world fact, every disagreement surfaced.

:func:`reconcile` takes the three mention tables and gives them their canonical id
(`event_id`, `designation_id`, `estimate_id`), plus the canonical tables
`events`, `designations`, `membership_estimates`, the `conflicts` between
mentions of one canonical row, and `designation_periods`.

Matching rules (general, no source-specific case).  Two mentions *match* when
all of the following hold; a group is a set of mentions every pair of which
matches (complete link: nothing chains through a middle mention).  Mentions are
taken in manifest order (then position) and each joins the first group all of
whose members it matches, else starts a group.

- Dates are compatible at the precision both state: their intervals overlap
  ("1981" and "28 June 1981"; "September 2012" and "21 September 2012"), so a
  day-precision 3 March and a day-precision 20 November are two facts, and
  "2008" and "2009" are two.
- *The same fact with conflicting dates* exists only for designations: two
  single days of one year that differ in the day only or in the month only (21
  / 28 September 2012), less than six months apart, for the same jurisdiction
  and action: a jurisdiction does not perform the same act twice within months.
  Events have no such exception: bombings, raids and arrests recur at the same
  place within days, so two stated days are two occurrences even when every
  other field agrees (24 February and 24 April 1990, the same victim named:
  two events; a reader sees both rows and the names they share).
- Designations: the same jurisdiction and action.  An undated mention joins
  the only act of its jurisdiction and action, else stands alone (all undated
  ones together when no dated act exists).
- Events: the same type or a related one (attack / military operation, arrest /
  execution) and shared names (two capitalised words other than the group's own
  names) or one shared name and a similar wording (content-word Jaccard >=
  0.25); a decade only matches a decade.  Two mentions of one paragraph of one
  source are never merged: the extractor already split them as separate
  occurrences.
- Estimates: the same scope (shared scope words) and overlapping dates, from
  two sources, or from one paragraph that sets two estimators side by side
  ("the MEK claimed 2500 …; a reporter estimated 200"). Two figures of one
  source are otherwise two facts (a "before" and a "peak" figure).

Reconciled values never hide disagreement:
- date: the most precise date all mentions agree on (every interval overlaps
  it); if some intervals do not overlap, the smallest calendar unit (month,
  year, decade) holding all of them, never finer than the interval and at
  least as coarse as the coarsest mention, `has_conflict`, and one `conflicts`
  row per differing mention.
- event_type: the majority type; every mention is listed when types differ.
- figures: the lowest low and highest high; listed when mentions differ.

Identifiers: a canonical id hashes the mention id of its representative
mention, the first in manifest order (then by position); as long as new
sources are appended to raw/sources.csv, adding a source never changes an
existing id unless it merges two existing rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.package import catalogue
from pipeline.text.dates import PRECISIONS

# mention table -> (canonical id field, canonical table, id prefix), from the schemas' foreign keys
MENTION_TABLES = catalogue.canonical_links()
DESIGNATION_WINDOW = dt.timedelta(days=183)
RELATED_TYPES = [{"attack", "military_operation"}, {"arrest_or_raid", "execution"}]
# Capitalised words that are not names of a particular person, place or body.
# The organisations' own names (every profile's names, abbreviations and member words, in
# any transliteration) are not distinctive either: _names leaves them out (_organisation_spans).
GROUP_NAMES = {"iran", "iranian", "islamic", "republic", "the", "in", "on", "at", "by", "after",
               "camp", "operation", "president", "prime", "minister", "state", "department", "government",
               "council", "army", "party", "university", "city", "according", "during", "following", "also",
               "january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
               "saturday", "sunday"}
STOPWORDS = {"the", "and", "that", "with", "from", "were", "was", "this", "their", "which", "also", "into",
             "after", "before", "during", "against", "about", "they", "them", "have", "been", "other",
             "including", "group", "members", "member", "organization", "organisation"}


def _hash(prefix: str, *parts: object) -> str:
    key = "\x1f".join(str(p) for p in parts)
    return f"{prefix}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


# --- dates --------------------------------------------------------------------------


def _interval(m: dict) -> tuple[dt.date, dt.date] | None:
    if m.get("date_start") is None or m.get("date_end") is None:
        return None
    return m["date_start"], m["date_end"]


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def date_text(m: dict) -> str:
    """A mention's date as 'START..END (precision)'."""
    return f"{m['date_start']}..{m['date_end']} ({m['date_precision']})"


def date_disagreements(members: list[dict]) -> list[dict]:
    """Mentions whose date interval does not overlap another mention's."""
    dated = [m for m in members if _interval(m) is not None]
    return [m for m in dated if any(not _overlap(_interval(m), _interval(o)) for o in dated)]


def reconcile_dates(members: list[dict]) -> dict:
    """The most precise stated date that overlaps every other stated date.

    "2009" and "26 January 2009" agree: 26 January 2009. "21 September 2012",
    "28 September 2012" and "September 2012" disagree on the day and agree on
    the month: September 2012. With no such date, the interval covering all
    of them at the coarsest precision.
    """
    dated = [m for m in members if _interval(m) is not None]
    if not dated:
        return {"date_start": None, "date_end": None, "date_precision": None}
    common = [m for m in dated if all(_overlap(_interval(m), _interval(o)) for o in dated)]
    if common:
        best = min(common, key=lambda m: (m["date_end"] - m["date_start"], PRECISIONS.index(m["date_precision"])))
        return {k: best[k] for k in ("date_start", "date_end", "date_precision")}
    coarse = max((m["date_precision"] for m in dated), key=PRECISIONS.index)
    return covering_date(min(m["date_start"] for m in dated), max(m["date_end"] for m in dated), coarse)


def covering_date(start: dt.date, end: dt.date, at_least: str = "day") -> dict:
    """The smallest calendar unit, no finer than ``at_least``, that holds ``start..end``, as a date
    interval filling that unit (3 March..20 November 1985 -> 1985, year).  An interval that crosses
    decades keeps its ends, at precision decade."""
    for precision in PRECISIONS[PRECISIONS.index(at_least):]:
        if precision == "day" and start == end:
            lo, hi = start, end
        elif precision == "month" and (start.year, start.month) == (end.year, end.month):
            lo = start.replace(day=1)
            hi = (lo.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        elif precision == "year" and start.year == end.year:
            lo, hi = dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)
        elif precision == "decade" and start.year // 10 == end.year // 10:
            lo, hi = dt.date(start.year // 10 * 10, 1, 1), dt.date(start.year // 10 * 10 + 9, 12, 31)
        else:
            continue
        return {"date_start": lo, "date_end": hi, "date_precision": precision}
    return {"date_start": start, "date_end": end, "date_precision": "decade"}


def conflicting_days(a: dict, b: dict) -> bool:
    """Two single days of one year that differ in the day only or in the month only: what a
    transcription slip gives (21 / 28 September), the only date disagreement under which two
    designation mentions may still be one act."""
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None or a.get("date_precision") != "day" or b.get("date_precision") != "day":
        return False
    (sa, ea), (sb, eb) = ia, ib
    if sa != ea or sb != eb or sa.year != sb.year or sa == sb:
        return False
    return (sa.month == sb.month) != (sa.day == sb.day)


# --- clustering ------------------------------------------------------------------------


def complete_link(order: Iterable[int], match: Callable[[int, int], bool],
                  buckets: Callable[[int], Iterable[object]] | None = None) -> list[list[int]]:
    """Groups in which every pair matches, built greedily in ``order``: each item joins the first
    group (in creation order) all of whose members it matches, else starts its own.  ``buckets``
    (optional) names the keys an item can share with a matching one (years, a jurisdiction):
    only groups with a member in one of the item's buckets are tried."""
    groups: list[list[int]] = []
    by_bucket: dict[object, set[int]] = defaultdict(set)
    for i in order:
        keys = list(buckets(i)) if buckets is not None else [None]
        tried = sorted(set().union(*(by_bucket[key] for key in keys)))
        home = next((g for g in tried if all(match(i, j) for j in groups[g])), None)
        if home is None:
            home = len(groups)
            groups.append([])
        groups[home].append(i)
        for key in keys:
            by_bucket[key].add(home)
    return groups


def _years(m: dict, margin: int = 0) -> range:
    if m.get("date_start") is None:
        return range(0)
    first = m["date_start"].year
    return range(first - margin, min(m["date_end"].year, first + 10) + margin + 1)


@functools.cache
def _profiles() -> tuple:
    from pipeline.extractors.organisation import PROFILE_DIR, load

    return tuple(load(p.stem) for p in sorted(PROFILE_DIR.glob("*.json")))


def _organisation_spans(quote: str) -> list[tuple[int, int]]:
    """Where the quote names an organisation (any profile) by name, abbreviation or member word.

    A wing's full name stays: two mentions naming the same council are about the same act."""
    return [(r.start, r.end) for org in _profiles() for r in org.matcher.find(quote)
            if r.kind in ("name", "abbreviation", "member")]


@functools.lru_cache(maxsize=65536)
def _names(quote: str) -> frozenset[str]:
    spans = _organisation_spans(quote)
    words = [m.group(0) for m in re.finditer(r"[A-Z][\w'’-]+", quote)
             if not any(a <= m.start() < b for a, b in spans)]
    first = re.match(r"\W*([\w'’-]+)", quote)
    names = {w.lower() for w in words if w.lower() not in GROUP_NAMES}
    if first and first.group(1).lower() in names and quote.count(first.group(1)) == 1:
        names.discard(first.group(1).lower())  # a sentence-initial capital is not a name
    return frozenset(names)


def _content(quote: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", quote.lower()) if w not in STOPWORDS}


def _types_compatible(a: str, b: str) -> bool:
    return a == b or any(a in s and b in s for s in RELATED_TYPES)


def _same_paragraph(a: dict, b: dict, texts: dict[str, str]) -> bool:
    if a["source_id"] != b["source_id"]:
        return False
    text = texts.get(a["source_id"], "")
    lo, hi = sorted((a["char_start"], b["char_start"]))
    return "\n" not in text[lo:hi]


@dataclass(frozen=True)
class _EventKey:
    """What event matching compares, computed once per mention (not once per pair)."""

    interval: tuple[dt.date, dt.date]
    decade: bool
    event_type: str
    source_id: str
    line: int  # the line (paragraph) of the text the mention starts on
    names: frozenset[str]
    content: frozenset[str]


def _event_key(m: dict, newlines: list[int]) -> _EventKey:
    interval = _interval(m)
    assert interval is not None
    return _EventKey(interval, m["date_precision"] == "decade", m["event_type"], m["source_id"],
                     bisect.bisect_left(newlines, m["char_start"]), _names(m["quote"]),
                     frozenset(_content(m["quote"])))


def _keys_match(a: _EventKey, b: _EventKey) -> bool:
    """Two dated event mentions report the same occurrence (the rules in the module docstring)."""
    if not _overlap(a.interval, b.interval):
        return False  # dates incompatible at the precision both state: two occurrences
    if a.decade != b.decade:
        return False  # "the 1970s" is a period, not the date of a particular occurrence
    if not _types_compatible(a.event_type, b.event_type) or (a.source_id == b.source_id and a.line == b.line):
        return False
    shared = a.names & b.names
    if not shared:
        return False
    union = a.content | b.content
    jaccard = len(a.content & b.content) / len(union) if union else 0.0
    return len(shared) >= 2 or jaccard >= 0.25


def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def _mention_order(mentions: list[dict], source_rank: dict[str, int] | None) -> list[int]:
    rank = source_rank or {}
    return sorted(range(len(mentions)), key=lambda i: (
        rank.get(mentions[i]["source_id"], len(rank)), mentions[i]["source_id"], mentions[i]["char_start"],
        mentions[i]["char_end"], mentions[i]["mention_id"]))


def cluster_events(mentions: list[dict], texts: dict[str, str],
                   source_rank: dict[str, int] | None = None) -> list[list[int]]:
    """Groups of event mention indexes that report the same occurrence (complete link).

    Two mentions can match only if they share a year and a name, so a mention is compared only
    with the groups holding a member with one of its (year, name) pairs: the same groups as
    comparing with every group, found without the quadratic scan."""
    undated = [[i] for i, m in enumerate(mentions) if _interval(m) is None]
    dated = [i for i in _mention_order(mentions, source_rank) if _interval(mentions[i]) is not None]
    newlines = {sid: _newlines(texts.get(sid, "")) for sid in sorted({mentions[i]["source_id"] for i in dated})}
    keys = {i: _event_key(mentions[i], newlines[mentions[i]["source_id"]]) for i in dated}
    groups = complete_link(dated, lambda i, j: _keys_match(keys[i], keys[j]),
                           lambda i: [(y, n) for y in _years(mentions[i]) for n in sorted(keys[i].names)])
    return groups + undated


def _designations_match(a: dict, b: dict) -> bool:
    ia, ib = _interval(a), _interval(b)
    if _overlap(ia, ib):
        return True
    gap = max(ib[0] - ia[1], ia[0] - ib[1])
    return conflicting_days(a, b) and gap <= DESIGNATION_WINDOW


def cluster_designations(mentions: list[dict], source_rank: dict[str, int] | None = None) -> list[list[int]]:
    """Groups of designation mentions that report the same listing act (complete link)."""
    keyed: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in _mention_order(mentions, source_rank):
        keyed[(mentions[i]["jurisdiction"], mentions[i]["action"])].append(i)
    out: list[list[int]] = []
    for members in keyed.values():
        dated = [i for i in members if _interval(mentions[i]) is not None]
        undated = [i for i in members if _interval(mentions[i]) is None]
        groups = complete_link(dated, lambda i, j: _designations_match(mentions[i], mentions[j]),
                               lambda i: _years(mentions[i], margin=1))
        if undated and len(groups) == 1:
            groups[0] += undated  # a standing status joins the only act of its kind
        elif undated and not groups:
            groups = [undated]
        else:
            groups += [[i] for i in undated]
        out += groups
    return out


def _scope_words(scope: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", scope.lower()) if w not in {"the", "camp", "of", "refugee", "its"}}


def _estimates_match(a: dict, b: dict, texts: dict[str, str]) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None or not _overlap(ia, ib):
        return False
    if not _scope_words(a["scope"]) & _scope_words(b["scope"]):
        return False
    # one source's two figures are two facts, unless two estimators are set side by side
    return a["source_id"] != b["source_id"] or (
        _same_paragraph(a, b, texts) and (a.get("estimator") or "") != (b.get("estimator") or ""))


def cluster_estimates(mentions: list[dict], texts: dict[str, str],
                      source_rank: dict[str, int] | None = None) -> list[list[int]]:
    """Groups of membership mentions that size the same scope at the same time (complete link)."""
    undated = [[i] for i, m in enumerate(mentions) if _interval(m) is None]
    dated = [i for i in _mention_order(mentions, source_rank) if _interval(mentions[i]) is not None]
    groups = complete_link(dated, lambda i, j: _estimates_match(mentions[i], mentions[j], texts))
    return groups + undated


# --- canonical rows --------------------------------------------------------------------


def _order(mentions: list[dict], source_rank: dict[str, int]) -> list[dict]:
    return sorted(mentions, key=lambda m: (source_rank.get(m["source_id"], len(source_rank)), m["source_id"],
                                           m["char_start"], m["char_end"], m["mention_id"]))


def _conflict(table: str, id_field: str, canonical: str, field: str, value: str, m: dict) -> dict:
    row = {"conflict_id": _hash("conflict", canonical, field, m["mention_id"]), "table": table,
           "event_id": None, "designation_id": None, "estimate_id": None, "field": field, "value": value,
           "mention_id": m["mention_id"], "source_id": m["source_id"]}
    row[id_field] = canonical
    return row


def _figures(m: dict) -> str:
    return f"{'' if m['low'] is None else m['low']}..{'' if m['high'] is None else m['high']}"


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    best = max(counts.values())
    return next(v for v in values if v and counts[v] == best)


def reconcile(tables: dict[str, list[dict]], texts: dict[str, str], source_order: list[str]) -> dict[str, list[dict]]:
    """Canonical tables, conflicts and periods; mention rows get their canonical id."""
    rank = {s: i for i, s in enumerate(source_order)}
    out: dict[str, list[dict]] = {name: [] for name in ("events", "designations", "membership_estimates",
                                                          "conflicts", "designation_periods")}
    clusters = {
        "event_mentions": cluster_events(tables["event_mentions"], texts, rank),
        "designation_mentions": cluster_designations(tables["designation_mentions"], rank),
        "membership_mentions": cluster_estimates(tables["membership_mentions"], texts, rank),
    }
    for mention_table, (id_field, table, prefix) in MENTION_TABLES.items():
        mentions = tables[mention_table]
        for group in clusters[mention_table]:
            members = _order([mentions[i] for i in group], rank)
            rep = members[0]
            cid = _hash(prefix, rep["mention_id"])
            for m in members:
                m[id_field] = cid
            dates = reconcile_dates(members)
            conflicts = [_conflict(table, id_field, cid, "date", date_text(m), m) for m in date_disagreements(members)]
            row = {id_field: cid, **dates, "n_mentions": len(members),
                   "n_sources": len({m["source_id"] for m in members})}
            if table == "events":
                types = [m["event_type"] for m in members]
                if len(set(types)) > 1:
                    conflicts += [_conflict(table, id_field, cid, "event_type", m["event_type"], m) for m in members]
                located = next((m for m in members if m.get("location")), None)
                row |= {"event_type": _most_common(types), "description": rep["quote"],
                        "location": located["location"] if located else None,
                        "country": located["country"] if located else None,
                        "representative_mention_id": rep["mention_id"]}
            elif table == "designations":
                row |= {"jurisdiction": rep["jurisdiction"], "action": rep["action"],
                        "authority": _most_common([m.get("authority") for m in members])}
            else:
                figures = {(m["low"], m["high"]) for m in members}
                if len(figures) > 1:
                    conflicts += [_conflict(table, id_field, cid, "figures", _figures(m), m) for m in members]
                lows = [m["low"] for m in members]
                highs = [m["high"] for m in members]
                low = None if any(v is None for v in lows) else min(lows)
                high = None if any(v is None for v in highs) else max(highs)
                qualifier = rep["qualifier"] if len(figures) == 1 and len({m["qualifier"] for m in members}) == 1 \
                    else "range"
                if qualifier == "range" and (low is None or high is None or low >= high):
                    qualifier = "at_least" if high is None else "at_most" if low is None else "exact"
                estimators = list(dict.fromkeys(m["estimator"] for m in members if m.get("estimator")))
                row |= {"scope": rep["scope"], "unit": rep["unit"], "low": low, "high": high,
                        "qualifier": qualifier, "estimators": "; ".join(estimators) or None}
            row["has_conflict"] = bool(conflicts)
            out[table].append(row)
            out["conflicts"] += conflicts
    out["designation_periods"] = designation_periods(out["designations"])
    return out


def designation_periods(designations: list[dict]) -> list[dict]:
    """Listing periods per jurisdiction from listed/delisted acts in date order.

    Undated listings (a standing status) open a period with no start, unless a
    dated listing exists; a delisting with nothing open is reported as
    delisted_without_listing.
    """
    periods = []
    acts: dict[str, list[dict]] = defaultdict(list)
    for d in designations:
        if d["action"] in ("listed", "delisted"):
            acts[d["jurisdiction"]].append(d)
    for jurisdiction, rows in sorted(acts.items()):
        # An undated act (a standing status) only counts where no dated act of its kind exists.
        dated = {d["action"] for d in rows if d["date_start"] is not None}
        rows = [d for d in rows if d["date_start"] is not None or d["action"] not in dated]
        rows.sort(key=lambda d: (d["date_start"] is not None, d["date_start"] or dt.date.min,
                                 d["action"] != "listed", d["designation_id"]))
        open_row: dict | None = None
        for d in rows:
            if d["action"] == "listed":
                if open_row is None:
                    open_row = d
                continue
            periods.append(_period(jurisdiction, open_row, d))
            open_row = None
        if open_row is not None:
            periods.append(_period(jurisdiction, open_row, None))
    return periods


def _period(jurisdiction: str, listing: dict | None, delisting: dict | None) -> dict:
    status = "listed" if delisting is None else "ended" if listing is not None else "delisted_without_listing"
    return {
        "period_id": _hash("period", jurisdiction, listing and listing["designation_id"],
                           delisting and delisting["designation_id"]),
        "jurisdiction": jurisdiction,
        "listed_from": listing and listing["date_start"],
        "listed_from_precision": listing and listing["date_precision"],
        "listed_to": delisting and delisting["date_start"],
        "listed_to_precision": delisting and delisting["date_precision"],
        "status": status,
        "listing_designation_id": listing and listing["designation_id"],
        "delisting_designation_id": delisting and delisting["designation_id"],
    }
