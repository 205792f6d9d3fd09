"""Shared fixtures: copies of raw/ and a tiny synthetic raw dir with hand-made valid tables."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.package import csvio, sources
from pipeline.package.reconciliation import reconcile

REPO = Path(__file__).resolve().parents[1]
MANIFEST_HEADER = ",".join(sources.manifest_columns())

ALPHA = (
    "The MEK was founded on 5 September 1965 in Tehran. "
    "On 20 June 1981, a bomb killed 72 people, according to the government. "
    "About 3,000 members moved to Albania in 2016.\n"
)
BETA = "In the 1980s the group had over 10,000 fighters. The MEK is designated by Iran.\r\n"


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def manifest_line(source_id: str, data: bytes, **over: str) -> str:
    """One manifest row for a text (fields overridable)."""
    row = {
        "source_id": source_id,
        "file": f"{source_id}.txt",
        "title": f"Title of {source_id}",
        "publisher": "",
        "author": "",
        "license": "CC-BY-SA-4.0",
        "published": "2020",
        "published_precision": "year",
        "url": f"https://example.org/{source_id}",
        "note": "synthetic, with a comma",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": str(len(data)),
        "organisation": "",
    }
    row.update(over)
    cells = [f'"{v}"' if "," in v else v for v in (row[c] for c in sources.manifest_columns())]
    return ",".join(cells)


def valid_tables() -> dict[str, list[dict]]:
    """Hand-made mention rows consistent with ALPHA and BETA, reconciled into the canonical tables."""
    mentions = valid_mentions()
    for rows in mentions.values():
        for row in rows:
            for key in ("date_start", "date_end"):
                if isinstance(row.get(key), str):
                    row[key] = dt.date.fromisoformat(row[key])
    derived = reconcile(mentions, {"alpha": ALPHA, "beta": BETA}, ["alpha", "beta"])
    return {**mentions, **derived}


def valid_mentions() -> dict[str, list[dict]]:
    """Two or three hand-made rows per mention table, consistent with ALPHA and BETA."""
    e1, e2 = (
        span(ALPHA, "The MEK was founded on 5 September 1965 in Tehran."),
        span(ALPHA, "On 20 June 1981, a bomb killed 72 people, according to the government."),
    )
    m1, m2 = (
        span(ALPHA, "About 3,000 members moved to Albania in 2016."),
        span(BETA, "In the 1980s the group had over 10,000 fighters."),
    )
    d1 = span(BETA, "The MEK is designated by Iran.")
    return {
        "event_mentions": [
            {
                "mention_id": "ev-00000000000000a2",
                "source_id": "alpha",
                "char_start": e2[0],
                "char_end": e2[1],
                "quote": ALPHA[e2[0] : e2[1]],
                "date_text": "20 June 1981",
                "date_start": "1981-06-20",
                "date_end": "1981-06-20",
                "date_precision": "day",
                "date_inherited": False,
                "event_type": "attack",
                "deaths_low": 72,
                "deaths_high": 72,
                "attributed_by": "the government",
                "rule_id": "ev.dated.attack",
            },
            {
                "mention_id": "ev-00000000000000a1",
                "source_id": "alpha",
                "char_start": e1[0],
                "char_end": e1[1],
                "quote": ALPHA[e1[0] : e1[1]],
                "date_text": "5 September 1965",
                "date_start": "1965-09-05",
                "date_end": "1965-09-05",
                "date_precision": "day",
                "date_inherited": False,
                "event_type": "founding",
                "location": "Tehran",
                "country": "IR",
                "rule_id": "ev.dated.founding",
            },
        ],
        "designation_mentions": [
            {
                "mention_id": "de-00000000000000b1",
                "source_id": "beta",
                "char_start": d1[0],
                "char_end": d1[1],
                "quote": BETA[d1[0] : d1[1]],
                "date_inherited": False,
                "jurisdiction": "IR",
                "action": "listed",
                "rule_id": "de.listed.standing",
            },
        ],
        "membership_mentions": [
            {
                "mention_id": "me-00000000000000b1",
                "source_id": "beta",
                "char_start": m2[0],
                "char_end": m2[1],
                "quote": BETA[m2[0] : m2[1]],
                "date_text": "the 1980s",
                "date_start": "1980-01-01",
                "date_end": "1989-12-31",
                "date_precision": "decade",
                "date_inherited": False,
                "low": 10000,
                "high": None,
                "qualifier": "at_least",
                "unit": "fighters",
                "scope": "global",
                "rule_id": "me.unit_after",
            },
            {
                "mention_id": "me-00000000000000a1",
                "source_id": "alpha",
                "char_start": m1[0],
                "char_end": m1[1],
                "quote": ALPHA[m1[0] : m1[1]],
                "date_text": "2016",
                "date_start": "2016-01-01",
                "date_end": "2016-12-31",
                "date_precision": "year",
                "date_inherited": False,
                "low": 3000,
                "high": 3000,
                "qualifier": "approximately",
                "unit": "members",
                "scope": "Albania",
                "rule_id": "me.unit_after",
            },
        ],
    }


@dataclass
class Synthetic:
    """A project-like directory: raw/ (two texts + manifest), build/extract/ with valid CSVs."""

    root: Path
    texts: dict[str, str] = field(default_factory=lambda: {"alpha": ALPHA, "beta": BETA})

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def extract(self) -> Path:
        return self.root / "build" / "extract"

    @property
    def report(self) -> Path:
        return self.root / "build" / "validate" / "report.json"

    @property
    def processed(self) -> Path:
        return self.root / "processed"

    @property
    def package(self) -> Path:
        return self.root / "datapackage.json"

    def write_raw(self) -> None:
        self.raw.mkdir(parents=True, exist_ok=True)
        lines = [MANIFEST_HEADER]
        for sid, text in self.texts.items():
            data = text.encode("utf-8")
            (self.raw / f"{sid}.txt").write_bytes(data)
            lines.append(manifest_line(sid, data))
        (self.raw / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def write_tables(self, tables: dict[str, list[dict]]) -> None:
        for name, records in tables.items():
            csvio.write_csv(records, name, self.extract / f"{name}.csv")


@pytest.fixture
def synthetic(tmp_path: Path) -> Synthetic:
    s = Synthetic(tmp_path / "project")
    s.write_raw()
    s.write_tables(valid_tables())
    return s


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's raw/ directory."""
    dest = tmp_path / "raw"
    dest.mkdir()
    for path in (REPO / "raw").iterdir():
        shutil.copyfile(path, dest / path.name)  # copyfile: not the read-only mode bits
    return dest
