"""Stage `reconcile`: one row per real-world fact, every disagreement surfaced.

    python -m pipeline reconcile --raw-dir raw --in-dir build/extract --out-dir build/reconcile

Reads the three mention tables and writes them back with their canonical id
(`event_id`, `designation_id`, `estimate_id`), plus the canonical tables
`events`, `designations`, `membership_estimates`, the `conflicts` between
mentions of one canonical row, and `designation_periods`.

Matching rules (general, no source-specific case):
- Designations: same jurisdiction and action, dated mentions within six months
  of each other (single link). An undated mention joins the only dated act of
  its jurisdiction and action, else stands alone.
- Events: compatible dates (intervals overlap, or both within the same year;
  a decade only matches a decade),
  the same type or a related one (attack / military operation, arrest /
  execution), and shared names (two capitalised words other than the group's
  own names) or one shared name and a similar wording (content-word Jaccard
  >= 0.25). Two mentions of one paragraph of one source are never merged: the
  extractor already split them as separate occurrences.
- Estimates: the same scope (shared scope words) and overlapping dates, from
  two sources, or from one paragraph that sets two estimators side by side
  ("the MEK claimed 2500 …; a reporter estimated 200"). Two figures of one
  source are otherwise two facts (a "before" and a "peak" figure).

Reconciled values never hide disagreement:
- date: the most precise date all mentions agree on (every interval overlaps
  it); if some intervals do not overlap, the interval covering all of them at
  the coarsest precision, `has_conflict`, and one `conflicts` row per mention.
- event_type: the majority type; every mention is listed when types differ.
- figures: the lowest low and highest high; listed when mentions differ.

Identifiers: a canonical id hashes the mention id of its representative
mention, the first in manifest order (then by position); as long as new
sources are appended to raw/sources.csv, adding a source never changes an
existing id unless it merges two existing rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from pipeline import schema
from pipeline.dates import PRECISIONS
from pipeline.sources import read_raw, read_texts

log = logging.getLogger(__name__)

# mention table -> (canonical id field, canonical table, id prefix), from the schemas' foreign keys
MENTION_TABLES = schema.canonical_links()
DESIGNATION_WINDOW = dt.timedelta(days=183)
RELATED_TYPES = [{"attack", "military_operation"}, {"arrest_or_raid", "execution"}]
# Capitalised words that are not names of a particular person, place or body.
GROUP_NAMES = {"mek", "pmoi", "mko", "ncri", "nla", "mojahedin", "mujahedin", "mujahideen", "mujahadeen",
               "khalq", "iran", "iranian", "islamic", "republic", "the", "in", "on", "at", "by", "after",
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
    return {"date_start": min(m["date_start"] for m in dated), "date_end": max(m["date_end"] for m in dated),
            "date_precision": coarse}


# --- clustering ------------------------------------------------------------------------


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return list(out.values())


def _names(quote: str) -> set[str]:
    words = re.findall(r"[A-Z][\w'’-]+", quote)
    first = re.match(r"\W*([\w'’-]+)", quote)
    names = {w.lower() for w in words if w.lower() not in GROUP_NAMES}
    if first and first.group(1).lower() in names and quote.count(first.group(1)) == 1:
        names.discard(first.group(1).lower())  # a sentence-initial capital is not a name
    return names


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


def _events_match(a: dict, b: dict, texts: dict[str, str]) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return False
    if not (_overlap(ia, ib) or (ia[0].year == ia[1].year == ib[0].year == ib[1].year)):
        return False
    if (a["date_precision"] == "decade") != (b["date_precision"] == "decade"):
        return False  # "the 1970s" is a period, not the date of a particular occurrence
    if not _types_compatible(a["event_type"], b["event_type"]) or _same_paragraph(a, b, texts):
        return False
    shared = _names(a["quote"]) & _names(b["quote"])
    ca, cb = _content(a["quote"]), _content(b["quote"])
    jaccard = len(ca & cb) / len(ca | cb) if ca | cb else 0.0
    return len(shared) >= 2 or (len(shared) == 1 and jaccard >= 0.25)


def cluster_events(mentions: list[dict], texts: dict[str, str]) -> list[list[int]]:
    """Groups of event mention indexes that report the same occurrence."""
    u = _Union(len(mentions))
    by_year: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.get("date_start") is not None:
            for year in range(m["date_start"].year, min(m["date_end"].year, m["date_start"].year + 10) + 1):
                by_year[year].append(i)
    for candidates in by_year.values():
        for x, i in enumerate(candidates):
            for j in candidates[x + 1 :]:
                if u.find(i) != u.find(j) and _events_match(mentions[i], mentions[j], texts):
                    u.union(i, j)
    return u.groups()


def cluster_designations(mentions: list[dict]) -> list[list[int]]:
    """Groups of designation mentions that report the same listing act."""
    u = _Union(len(mentions))
    keyed: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        keyed[(m["jurisdiction"], m["action"])].append(i)
    for members in keyed.values():
        dated = sorted((i for i in members if _interval(mentions[i])), key=lambda i: mentions[i]["date_start"])
        for i, j in zip(dated, dated[1:], strict=False):
            a, b = _interval(mentions[i]), _interval(mentions[j])
            if b[0] - a[1] <= DESIGNATION_WINDOW:
                u.union(i, j)
        roots = {u.find(i) for i in dated}
        for i in members:
            if _interval(mentions[i]) is None and len(roots) == 1:
                u.union(i, next(iter(roots)))
            elif _interval(mentions[i]) is None and not dated:
                u.union(i, members[0])
    return u.groups()


def _scope_words(scope: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", scope.lower()) if w not in {"the", "camp", "of", "refugee", "its"}}


def cluster_estimates(mentions: list[dict], texts: dict[str, str]) -> list[list[int]]:
    """Groups of membership mentions that size the same scope at the same time."""
    u = _Union(len(mentions))
    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            ia, ib = _interval(a), _interval(b)
            if ia is None or ib is None or not _overlap(ia, ib):
                continue
            if not _scope_words(a["scope"]) & _scope_words(b["scope"]):
                continue
            if a["source_id"] == b["source_id"] and not (
                _same_paragraph(a, b, texts) and (a.get("estimator") or "") != (b.get("estimator") or "")
            ):
                continue  # one source's two figures are two facts, unless two estimators are set side by side
            u.union(i, j)
    return u.groups()


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
        "event_mentions": cluster_events(tables["event_mentions"], texts),
        "designation_mentions": cluster_designations(tables["designation_mentions"]),
        "membership_mentions": cluster_estimates(tables["membership_mentions"], texts),
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


# --- stage ------------------------------------------------------------------------------


def source_order(raw_dir: Path) -> list[str]:
    """Source ids in manifest order (the order that makes canonical ids stable), else sorted."""
    manifest = raw_dir / "sources.csv"
    if manifest.exists():
        with open(manifest, newline="", encoding="utf-8") as f:
            return [row["source_id"] for row in csv.DictReader(f)]
    return sorted(read_texts(raw_dir))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw-dir", type=Path, default=Path("raw"), help="raw texts (and sources.csv)")
    parser.add_argument("--in-dir", type=Path, default=Path("build/extract"), help="the extracted mention CSVs")
    parser.add_argument("--out-dir", type=Path, default=Path("build/reconcile"), help="where to write every table")


def main(args: argparse.Namespace) -> int:
    raw = read_raw(args.raw_dir)  # the texts, read and verified once, and the manifest order
    tables = {name: schema.read_csv_typed(name, args.in_dir / f"{name}.csv").to_pylist() for name in MENTION_TABLES}
    result = reconcile(tables, raw.texts, raw.order())
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in {**tables, **result}.items():
        schema.write_csv(rows, name, args.out_dir / f"{name}.csv")
        log.info("reconcile: %d rows -> %s", len(rows), args.out_dir / f"{name}.csv")
    return 0
