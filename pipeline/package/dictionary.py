"""The data dictionary, generated from the schemas (rendered here, written by the stage
:mod:`pipeline.stages.document`).

:func:`render` gives one Markdown file describing every resource in ``pipeline/schemas/*.json`` (in
:data:`pipeline.package.catalogue.RESOURCES` order, so a resource added later appears by itself):
what one row means (the resource description), the files, primary and foreign keys, the
row order, and per field its type, whether it is required, its description, its allowed
values (``enum``, ``pattern``, ``minimum``/``maximum``, ``minLength``, ``unique``) and an
example value.

Example values come from the published CSV ``processed/NAME.csv``: the first non-empty
cell of the column in the published row order (rows are sorted deterministically, see
:func:`pipeline.package.catalogue.sort_key`), shortened to 60 characters.  A resource whose CSV does
not exist yet, or a column the CSV does not have yet, gets no example ("—"); nothing
fails, so a schema can be added before its first publication.

The output depends only on the schema files and the CSVs (no clock, no paths of this
machine), so ``tests/test_document.py`` regenerates it in memory and fails when the
committed file is out of date.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.package import catalogue

EXAMPLE_WIDTH = 60
_TYPE_NOTES = {
    "string": "string",
    "integer": "integer (int64)",
    "number": "number (float64)",
    "date": "date (date32)",
    "boolean": "boolean",
}


def _cell(text: str) -> str:
    """Make text safe for one Markdown table cell (no line breaks, escaped pipes)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(text: str) -> str:
    """Inline code for a table cell; backticks inside use a double-backtick span."""
    text = _cell(text)
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def example_values(csv_path: Path) -> tuple[dict[str, str], int] | None:
    """First non-empty value of each column of a published CSV, and its number of rows.

    ``None`` when the file does not exist.  The CSV is read as plain text (its header may
    lag behind a schema that has just changed).
    """
    if not csv_path.exists():
        return None
    examples: dict[str, str] = {}
    rows = 0
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows += 1
            for name, value in row.items():
                if name is not None and value and name not in examples:
                    examples[name] = value
    return examples, rows


def _shorten(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= EXAMPLE_WIDTH else value[: EXAMPLE_WIDTH - 1].rstrip() + "…"


def allowed_values(field: Mapping[str, Any]) -> str:
    """The field's constraints other than ``required``, as Markdown."""
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append("one of " + ", ".join(_code(v) for v in c["enum"]))
    if "pattern" in c:
        parts.append("matches " + _code(c["pattern"]))
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    if "minLength" in c:
        parts.append(f"at least {c['minLength']} character{'s' if c['minLength'] != 1 else ''}")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    if c.get("unique"):
        parts.append("unique")
    return "; ".join(parts)


def _keys(key: Any) -> list[str]:
    return [key] if isinstance(key, str) else list(key)


def _anchor(name: str) -> str:
    """GitHub's anchor of a ``## name`` heading."""
    return name.lower()


def row_order(descriptor: Mapping[str, Any]) -> list[str]:
    """The columns rows are sorted by: the rule of :func:`pipeline.package.catalogue.sort_key`."""
    names = [f["name"] for f in descriptor["schema"]["fields"]]
    span = ["source_id", "char_start", "char_end"]
    key = span if all(c in names for c in span) else []
    return key + [c for c in _keys(descriptor["schema"].get("primaryKey", [])) if c not in key]


def render_resource(descriptor: Mapping[str, Any], processed_dir: Path, data_dir: str = "processed") -> str:
    """The Markdown section of one resource."""
    name = descriptor["name"]
    table = descriptor["schema"]
    found = example_values(Path(processed_dir) / f"{name}.csv")
    examples, rows = found if found is not None else ({}, None)
    lines = [f"## {name}", ""]
    if descriptor.get("title"):
        lines += [f"**{descriptor['title']}.** " + descriptor.get("description", ""), ""]
    else:
        lines += [descriptor.get("description", ""), ""]
    if rows is None:
        lines.append(f"- Files: not published yet (no `{data_dir}/{name}.csv`); no example values.")
    else:
        lines.append(f"- Files: `{data_dir}/{name}.csv`, `{data_dir}/{name}.parquet` ({rows} rows).")
    pk = _keys(table.get("primaryKey", []))
    lines.append("- Primary key: " + (", ".join(f"`{k}`" for k in pk) if pk else "none"))
    fks = table.get("foreignKeys", [])
    if fks:
        refs = []
        for fk in fks:
            ref = fk["reference"]
            src, dst = _keys(fk["fields"]), _keys(ref["fields"])
            refs.append(
                ", ".join(f"`{s}`" for s in src)
                + f" → [`{ref['resource']}`](#{_anchor(ref['resource'])})."
                + ", ".join(f"`{d}`" for d in dst)
            )
        lines.append("- Foreign keys: " + "; ".join(refs))
    else:
        lines.append("- Foreign keys: none")
    lines.append("- Rows sorted by: " + ", ".join(f"`{c}`" for c in row_order(descriptor)))
    lines += [
        "",
        "| field | type | required | description | allowed values | example |",
        "|---|---|---|---|---|---|",
    ]
    for f in table["fields"]:
        ftype = f.get("type", "string")
        required = "yes" if f.get("constraints", {}).get("required") else ""
        example = examples.get(f["name"])
        lines.append(
            f"| `{f['name']}` | {_TYPE_NOTES.get(ftype, ftype)} | {required} | {_cell(f.get('description', ''))} "
            f"| {allowed_values(f)} | {_code(_shorten(example)) if example else '—'} |"
        )
    return "\n".join(lines) + "\n"


def render(processed_dir: Path, descriptors: Iterable[Mapping[str, Any]] | None = None) -> str:
    """The whole data dictionary: every resource of ``descriptors`` (default: every schema)."""
    if descriptors is None:
        descriptors = [catalogue.load_resource(name) for name in catalogue.RESOURCES]
    descriptors = list(descriptors)
    head = [
        "# Data dictionary",
        "",
        "<!-- Generated by `python -m pipeline document` (DVC stage `document`) from",
        "     pipeline/schemas/*.json and processed/*.csv. Do not edit by hand. -->",
        "",
        "Every table of the data package, generated from the schemas in `pipeline/schemas/` (the single",
        "source of truth) and the published files in `processed/`. Each table is published twice with the",
        "same rows: `processed/NAME.csv` (UTF-8, empty cell = missing, dates `YYYY-MM-DD`) and",
        "`processed/NAME.parquet` (the type in brackets is the Parquet/Arrow type; a field that is not",
        "required is nullable). The example is the first non-empty value of the column in the published",
        "row order, shortened to 60 characters.",
        "",
        "| table | one row is |",
        "|---|---|",
    ]
    for d in descriptors:
        head.append(f"| [`{d['name']}`](#{_anchor(d['name'])}) | {_cell(d.get('title', ''))} |")
    sections = [render_resource(d, Path(processed_dir)) for d in descriptors]
    return "\n".join(head) + "\n\n" + "\n".join(sections)
