"""Identifiers downstream projects can store: adding or reordering sources changes no existing id.

Mention ids are ``prefix-`` + sha256(source_id, char_start, char_end, distinguishing
fields)[:16] (pipeline/extractors/context.py); canonical ids (pipeline/package/reconciliation.py) hash the
mention id of the cluster's first mention in manifest order.  ``canonical_ids`` is the one
helper to extend when a new table with its own ids is added.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import random
from pathlib import Path

import pytest

from pipeline.package import csvio
from pipeline.package.sources import read_texts
from pipeline.stages import reconcile
from pipeline.stages.extract import extract_texts, published_years

REPO = Path(__file__).resolve().parents[1]
MENTIONS = ("event_mentions", "designation_mentions", "membership_mentions")
# Canonical table -> (its id field, the mention table that links to it).
CANONICAL = {table: (id_field, mention_table) for mention_table, (id_field, table, _) in
             reconcile.MENTION_TABLES.items()}

NEW_SOURCE_ID = "m-new-source"  # sorts between existing ids: published rows interleave
NEW_TEXT = (
    "The People's Mojahedin Organization of Iran (MEK) was founded on 5 September 1965 by students in Tehran.\n"
    "On 28 June 1981, a bomb destroyed the headquarters of the Islamic Republican Party in Tehran, "
    "killing more than 70 people.\n"
    "In 1997 the United States designated the MEK a Foreign Terrorist Organization. "
    "The United States removed the group from its list in September 2012.\n"
    "About 3,000 members lived at Camp Ashraf in Iraq in 2009.\n"
    "In March 2024 members of the group staged a protest in Berlin, according to a local newspaper.\n"
    "In 1999, federal authorities arrested 29 individuals in Operation Eastern Approach.\n"
)


def extract_dir(raw_dir) -> dict[str, list[dict]]:
    """What the extract stage finds in ``raw_dir`` (manifest checked), by mention table."""
    return extract_texts(read_texts(raw_dir), published_years(raw_dir))


def canonical_ids(raw_dir, mentions: dict[str, list[dict]]) -> dict[str, dict[str, str]]:
    """For each canonical table: mention_id -> canonical id, as the reconcile stage assigns them.

    Extend this when another table with its own ids is added (return its id per mention or
    per stable natural key), and the new-source test below covers it.
    """
    tables = copy.deepcopy(mentions)
    reconcile.reconcile(tables, read_texts(raw_dir), reconcile.source_order(raw_dir))
    return {
        table: {m["mention_id"]: m[id_field] for m in tables[mention_table]}
        for table, (id_field, mention_table) in CANONICAL.items()
    }


def add_source(raw_dir, source_id: str, text: str) -> None:
    """Add a text and its manifest row (correct sha256 and bytes) at the end of raw/sources.csv."""
    data = text.encode("utf-8")
    (raw_dir / f"{source_id}.txt").write_bytes(data)
    cells = {"source_id": source_id, "file": f"{source_id}.txt", "title": "A sixth, synthetic source",
             "publisher": "test", "published": "2024", "published_precision": "year", "note": "synthetic",
             "sha256": hashlib.sha256(data).hexdigest(), "bytes": str(len(data))}
    with open(raw_dir / "sources.csv", encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with open(raw_dir / "sources.csv", "a", encoding="utf-8", newline="") as f:  # by column name, in file order
        csv.writer(f, lineterminator="\n").writerow([cells.get(name, "") for name in header])


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["mention_id"]: r for r in rows}


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    """The five published sources: a copy of raw/, its mentions and canonical ids."""
    raw = tmp_path_factory.mktemp("before") / "raw"
    raw.mkdir()
    for path in (REPO / "raw").iterdir():
        (raw / path.name).write_bytes(path.read_bytes())
    mentions = extract_dir(raw)
    return raw, mentions, canonical_ids(raw, mentions)


def test_a_sixth_source_leaves_every_existing_mention_row_unchanged(before, raw_copy):
    _, old, _ = before
    add_source(raw_copy, NEW_SOURCE_ID, NEW_TEXT)
    assert len(read_texts(raw_copy)) == 6
    new = extract_dir(raw_copy)
    for table in MENTIONS:
        old_rows = by_id(old[table])
        new_rows = by_id(new[table])
        kept = {k: v for k, v in new_rows.items() if v["source_id"] != NEW_SOURCE_ID}
        assert kept == old_rows, table  # same ids, same rows, nothing lost
        added = [v for v in new_rows.values() if v["source_id"] == NEW_SOURCE_ID]
        assert added, f"{table}: the new text should give rows"
        assert not set(old_rows) & {r["mention_id"] for r in added}


def test_a_sixth_source_keeps_every_canonical_id(before, raw_copy):
    _, old_mentions, old_ids = before
    add_source(raw_copy, NEW_SOURCE_ID, NEW_TEXT)
    new_mentions = extract_dir(raw_copy)
    new_ids = canonical_ids(raw_copy, new_mentions)
    for table, mapping in old_ids.items():
        assert mapping, table
        # every existing mention still links to the same canonical id (no row renamed or merged)
        assert {m: new_ids[table][m] for m in mapping} == mapping, table
        assert len(new_ids[table]) > len(mapping), f"{table}: the new text should give mentions"
    # The test text repeats facts the five sources report: some of its mentions join existing rows
    # (reconciliation is complete link, so a new mention joins a row only if it matches every mention of it).
    assert any(new_ids["events"][m] in set(old_ids["events"].values())
               for m in new_ids["events"] if m not in old_ids["events"])


def test_reordering_the_manifest_changes_no_mention_id_or_row(before, raw_copy):
    _, old, _ = before
    manifest = raw_copy / "sources.csv"
    header, *rows = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    rows.reverse()
    manifest.write_text(header + "".join(rows), encoding="utf-8")
    new = extract_dir(raw_copy)
    for table in MENTIONS:
        assert by_id(new[table]) == by_id(old[table]), table


def test_row_order_does_not_change_ids_or_published_bytes(before, tmp_path):
    _, old, _ = before
    for table in MENTIONS:
        rows = list(old[table])
        shuffled = rows[:]
        random.Random(7).shuffle(shuffled)
        assert shuffled != rows
        csvio.write_csv(rows, table, tmp_path / "a.csv")
        csvio.write_csv(shuffled, table, tmp_path / "b.csv")
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_one_text_alone_gives_the_same_ids_as_among_others(before):
    raw, old, _ = before
    texts = read_texts(raw)
    years = published_years(raw)
    for source_id in texts:
        alone = extract_texts({source_id: texts[source_id]}, years)
        for table in MENTIONS:
            expected = {k: v for k, v in by_id(old[table]).items() if v["source_id"] == source_id}
            assert by_id(alone[table]) == expected, (source_id, table)
