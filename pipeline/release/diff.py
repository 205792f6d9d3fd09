"""Row-level and schema diff between two versions of the data package, and its semver class.

    python -m pipeline diff OLD NEW [--json] [--limit N] [--package datapackage.json]

OLD and NEW are each a directory holding ``datapackage.json`` and the files it lists
(``processed/*.csv``), or a Git revision (tag, branch, commit) of the repository the
current directory belongs to; a revision is read with ``git show REV:./PATH`` (the package
path relative to the current directory), nothing is checked out.  A name that is an
existing directory is a directory.

What is compared (the CSV files; the Parquet files hold the same rows, ``publish`` checks
that):

* package properties (name, title, licences, …; not ``version``, ``x-release``,
  ``x-raw-inputs``, which every release changes, nor ``x-sqlite``, the database's bytes and
  hash, nor the ``resources`` list itself);
* per resource: added / removed resources, schema changes (fields added, removed,
  re-typed, re-ordered; constraints tightened or loosened; primary and foreign keys;
  descriptions) and rows, matched by the primary key of the resource's schema: rows
  added, removed, and changed (same key, other values differ), with the changed fields'
  old and new values.  Cells are compared as the published CSV text, so ``1981-06-20``
  and an empty cell (missing) compare exactly as a reader of the CSV sees them.  A table
  without a primary key is compared as a multiset of rows (added/removed only).

Classification (:func:`classify`), after the Data Package version recipe
(https://datapackage.org/recipes/data-package-version/), for a consumer who pinned the
old release:

MAJOR — the consumer's code or stored keys can break:
    a resource removed or renamed; a field removed, renamed, added (even appended: the
    recipe's "add, remove or re-order fields", since a CSV read by position or checked
    against the old schema breaks) or re-ordered; a field's type or format changed; a
    constraint made more restrictive (``required``/``unique`` set, ``enum`` values
    removed, ``minimum``/``minLength`` raised, ``maximum``/``maxLength`` lowered,
    ``pattern`` added or changed, any new constraint); the primary key changed; a
    foreign key added; the package name changed; a resource's format, encoding or
    dialect changed; **rows removed** (a removed key no longer resolves: downstream
    joins on ``mention_id`` break; the recipe's "delete … data that is referenced").
MINOR — the consumer keeps working and sees more:
    a resource added; rows added; a constraint loosened (``required``/``unique``
    dropped, ``enum`` values added, bounds widened, ``pattern`` removed); a foreign key
    removed or pointed elsewhere; the licences changed.
PATCH — same keys, corrected content:
    values changed in rows whose key is unchanged (corrections); descriptive metadata
    (titles, descriptions, keywords, contributors, sources) changed.
NONE — nothing above: only the version, release metadata, hashes or file bytes differ
    (e.g. a Parquet file written by another pyarrow version).

Mention ids hash the evidence span and the table's distinguishing fields, so a
correction of a distinguishing field (say an event's type) changes the row's key: it
shows as one row removed and one added, a MAJOR change.

Output: a text summary (default) or ``--json`` (the :func:`diff_packages` dict plus
``level`` and ``reasons``).  Exit status 0 whatever the differences; 1 when a side cannot
be read.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.core.errors import PipelineError, SchemaError
from pipeline.package import csvio

LEVELS: tuple[str, ...] = ("none", "patch", "minor", "major")
PACKAGE_FILE = "datapackage.json"

# Package and resource properties that every release changes or that only locate a file.
_PACKAGE_IGNORED = {"version", "resources", "x-release", "x-raw-inputs", "x-sqlite"}
_RESOURCE_IGNORED = {"name", "schema", "path", "bytes", "hash", "x-parquet"}
_RESOURCE_MAJOR = {"format", "mediatype", "encoding", "dialect", "profile"}
_FIELD_STRUCTURAL = {"name", "type", "format", "constraints"}
_FIELD_DESCRIPTIVE = {"title", "description", "example", "rdfType"}
_LOWER_BOUNDS = {"minimum", "minLength", "exclusiveMinimum"}
_UPPER_BOUNDS = {"maximum", "maxLength", "exclusiveMaximum"}


class DiffError(PipelineError):
    """A side of the diff cannot be read (no such directory or revision, bad package)."""


@dataclass
class Table:
    """One resource: its descriptor (schema included) and its rows as CSV text cells."""

    name: str
    descriptor: dict
    rows: list[dict[str, str]]

    @property
    def schema(self) -> dict:
        return self.descriptor.get("schema", {})

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema.get("fields", [])]

    @property
    def primary_key(self) -> list[str]:
        pk = self.schema.get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)


@dataclass
class Package:
    """A loaded data package: where it came from, its descriptor, its tables by name."""

    label: str
    descriptor: dict
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def version(self) -> str | None:
        return self.descriptor.get("version")


# --- loading --------------------------------------------------------------------------


def _parse_csv(data: bytes, where: str, expected: list[str]) -> list[dict[str, str]]:
    try:
        return csvio.parse_csv(data, where, expected)
    except SchemaError as exc:
        raise DiffError(str(exc)) from None


def load_package(read: Callable[[str], bytes], label: str, package: str = PACKAGE_FILE) -> Package:
    """Load a package through ``read(path) -> bytes`` (paths relative to the package's base).

    ``package`` is the descriptor's path; resource paths are relative to its directory.
    """
    base = PurePosixPath(package).parent
    try:
        descriptor = json.loads(read(package).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiffError(f"{label}: {package} is not valid JSON ({exc})") from None
    out = Package(label, descriptor)
    for resource in descriptor.get("resources", []):
        name, path = resource.get("name"), resource.get("path")
        if not isinstance(name, str) or not isinstance(path, str):
            raise DiffError(f"{label}: every resource needs a name and a single path")
        rel = (base / path).as_posix()
        fields = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
        out.tables[name] = Table(name, resource, _parse_csv(read(rel), f"{label}:{rel}", fields))
    return out


def load_dir(path: Path, package: str = PACKAGE_FILE) -> Package:
    """Load the package ``path/package`` from disk."""
    root = Path(path)
    if not (root / package).is_file():
        raise DiffError(f"{root}: no {package} there")

    def read(rel: str) -> bytes:
        target = root / rel
        if not target.is_file():
            raise DiffError(f"{root}: {rel} listed in {package} but missing")
        return target.read_bytes()

    return load_package(read, str(root), package)


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``cwd``; the caller checks the status."""
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed") from None


def resolve_rev(rev: str, cwd: Path) -> str:
    """The commit id of ``rev`` in the repository of ``cwd``; DiffError if there is none."""
    result = git(cwd, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if result.returncode != 0:
        inside = git(cwd, "rev-parse", "--is-inside-work-tree").returncode == 0
        where = f"the Git repository of {cwd}" if inside else f"{cwd} (not a Git repository)"
        raise DiffError(f"{rev!r} is neither a directory nor a revision in {where}")
    return result.stdout.decode().strip()


def load_rev(rev: str, cwd: Path = Path("."), package: str = PACKAGE_FILE) -> Package:
    """Load the package as committed at ``rev`` (``git show REV:./PATH``, relative to ``cwd``)."""
    cwd = Path(cwd)
    commit = resolve_rev(rev, cwd)

    def read(rel: str) -> bytes:
        result = git(cwd, "show", f"{commit}:./{rel}")
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip()
            raise DiffError(f"{rev}: cannot read {rel}: {message}")
        return result.stdout

    return load_package(read, rev, package)


def load(spec: str, cwd: Path = Path("."), package: str = PACKAGE_FILE) -> Package:
    """A directory if ``spec`` names one, else a Git revision of the repository of ``cwd``."""
    path = Path(spec)
    if not path.is_absolute():
        path = Path(cwd) / path
    if path.is_dir():
        return load_dir(path, package)
    return load_rev(spec, cwd, package)


def empty_package(label: str = "(nothing released)") -> Package:
    """The package before the first release: no descriptor, no resources, no version."""
    return Package(label, {})


# --- schema diff ----------------------------------------------------------------------


def _bound_change(name: str, old: Any, new: Any) -> str:
    if old is None:
        return "tightened"
    if new is None:
        return "loosened"
    try:
        higher = new > old
    except TypeError:
        return "tightened"
    if name in _LOWER_BOUNDS:
        return "tightened" if higher else "loosened"
    return "loosened" if higher else "tightened"


def constraint_change(name: str, old: Any, new: Any) -> str:
    """``"tightened"`` or ``"loosened"`` for a changed constraint (None = absent).

    Anything that cannot be shown to accept every value it accepted before (a changed
    ``pattern``, an ``enum`` that lost values, an unknown constraint) is tightened.
    """
    if name in ("required", "unique"):
        return "tightened" if bool(new) and not bool(old) else "loosened"
    if name in _LOWER_BOUNDS | _UPPER_BOUNDS:
        return _bound_change(name, old, new)
    if name == "enum":
        if new is None:
            return "loosened"
        if old is None:
            return "tightened"
        return "loosened" if set(map(repr, old)) <= set(map(repr, new)) else "tightened"
    return "loosened" if new is None else "tightened"


def _fk_key(fk: dict) -> str:
    return json.dumps(fk, sort_keys=True)


def _fk_fields(fk: dict) -> str:
    fields = fk.get("fields")
    return json.dumps(fields if isinstance(fields, list) else [fields])


def diff_schema(old: dict, new: dict) -> dict:
    """Differences between two Table Schemas (see the module docstring for their class)."""
    old_fields = {f["name"]: f for f in old.get("fields", [])}
    new_fields = {f["name"]: f for f in new.get("fields", [])}
    common_old = [n for n in old_fields if n in new_fields]
    common_new = [n for n in new_fields if n in old_fields]
    out: dict[str, Any] = {
        "fields_added": [
            {"name": n, "type": f.get("type", "string"), "position": i + 1}
            for i, (n, f) in enumerate(new_fields.items())
            if n not in old_fields
        ],
        "fields_removed": [{"name": n, "type": f.get("type", "string")} for n, f in old_fields.items()
                           if n not in new_fields],
        "fields_retyped": [],
        "fields_reordered": common_new if common_old != common_new else [],
        "constraints": [],
        "descriptions": [],
        "field_properties": [],
        "primary_key": None,
        "foreign_keys_added": [],
        "foreign_keys_removed": [],
        "foreign_keys_changed": [],
        "schema_properties": [],
    }
    for name in common_new:
        a, b = old_fields[name], new_fields[name]
        for prop in ("type", "format"):
            default = "string" if prop == "type" else "default"
            if a.get(prop, default) != b.get(prop, default):
                out["fields_retyped"].append(
                    {"field": name, "property": prop, "old": a.get(prop, default), "new": b.get(prop, default)}
                )
        ca, cb = a.get("constraints", {}), b.get("constraints", {})
        for key in sorted(set(ca) | set(cb)):
            if ca.get(key) != cb.get(key):
                out["constraints"].append(
                    {"field": name, "constraint": key, "old": ca.get(key), "new": cb.get(key),
                     "change": constraint_change(key, ca.get(key), cb.get(key))}
                )
        for key in sorted((set(a) | set(b)) - _FIELD_STRUCTURAL):
            if a.get(key) != b.get(key):
                target = "descriptions" if key in _FIELD_DESCRIPTIVE else "field_properties"
                out[target].append({"field": name, "property": key, "old": a.get(key), "new": b.get(key)})
    pk_old, pk_new = old.get("primaryKey", []), new.get("primaryKey", [])
    pk_old = [pk_old] if isinstance(pk_old, str) else list(pk_old)
    pk_new = [pk_new] if isinstance(pk_new, str) else list(pk_new)
    if pk_old != pk_new:
        out["primary_key"] = {"old": pk_old, "new": pk_new}
    fk_old = {_fk_key(fk): fk for fk in old.get("foreignKeys", [])}
    fk_new = {_fk_key(fk): fk for fk in new.get("foreignKeys", [])}
    gone = [fk for k, fk in fk_old.items() if k not in fk_new]
    came = [fk for k, fk in fk_new.items() if k not in fk_old]
    came_fields = {_fk_fields(fk): fk for fk in came}
    for fk in gone:  # same fields, other reference: "update a reference" (minor)
        twin = came_fields.pop(_fk_fields(fk), None)
        if twin is not None:
            out["foreign_keys_changed"].append({"old": fk, "new": twin})
        else:
            out["foreign_keys_removed"].append(fk)
    out["foreign_keys_added"] = list(came_fields.values())
    for key in sorted((set(old) | set(new)) - {"fields", "primaryKey", "foreignKeys"}):
        if old.get(key) != new.get(key):
            out["schema_properties"].append({"property": key, "old": old.get(key), "new": new.get(key)})
    return out


# --- row diff -------------------------------------------------------------------------


def _key_fields(old: Table, new: Table) -> list[str]:
    """The primary key to match rows by: the new one if both tables have its fields, else the old."""
    for pk in (new.primary_key, old.primary_key):
        if pk and all(c in old.field_names and c in new.field_names for c in pk):
            return pk
    return []


def diff_rows(old: Table, new: Table) -> dict:
    """Rows added, removed and changed, matched by the primary key; cells compared as text.

    Only fields present in both tables are compared (an added or removed field is a
    schema change, not a change of every row).  Keys are ``{field: value}`` dicts.
    """
    key = _key_fields(old, new)
    common = [c for c in new.field_names if c in old.field_names]
    out: dict[str, Any] = {"key": key, "old": len(old.rows), "new": len(new.rows),
                           "added": [], "removed": [], "changed": []}
    if not key:  # compare whole rows as a multiset
        as_tuple = lambda r: tuple(r[c] for c in common)  # noqa: E731
        before, after = Counter(map(as_tuple, old.rows)), Counter(map(as_tuple, new.rows))
        out["added"] = [dict(zip(common, t, strict=True)) for t in (after - before).elements()]
        out["removed"] = [dict(zip(common, t, strict=True)) for t in (before - after).elements()]
        return out

    def index(table: Table, label: str) -> dict[tuple[str, ...], dict[str, str]]:
        rows: dict[tuple[str, ...], dict[str, str]] = {}
        for row in table.rows:
            k = tuple(row[c] for c in key)
            if k in rows:
                raise DiffError(f"{label}: duplicate primary key {dict(zip(key, k, strict=True))} in {table.name}")
            rows[k] = row
        return rows

    before, after = index(old, "old"), index(new, "new")
    for k, row in after.items():
        if k not in before:
            out["added"].append(dict(zip(key, k, strict=True)))
            continue
        changes = {c: {"old": before[k][c], "new": row[c]} for c in common if before[k][c] != row[c]}
        if changes:
            out["changed"].append({"key": dict(zip(key, k, strict=True)), "fields": changes})
    out["removed"] = [dict(zip(key, k, strict=True)) for k in before if k not in after]
    return out


# --- package diff ---------------------------------------------------------------------


def _properties(old: dict, new: dict, ignored: set[str]) -> list[dict]:
    return [
        {"property": k, "old": old.get(k), "new": new.get(k)}
        for k in sorted((set(old) | set(new)) - ignored)
        if old.get(k) != new.get(k)
    ]


def diff_packages(old: Package, new: Package) -> dict:
    """Everything that differs between two loaded packages (JSON-serialisable)."""
    resources = []
    for name, table in new.tables.items():
        if name not in old.tables:
            resources.append({"name": name, "status": "added", "rows": len(table.rows),
                              "fields": table.field_names, "primary_key": table.primary_key})
            continue
        before = old.tables[name]
        schema = diff_schema(before.schema, table.schema)
        rows = diff_rows(before, table)
        props = _properties(before.descriptor, table.descriptor, _RESOURCE_IGNORED)
        changed = any(schema[k] for k in schema) or props or rows["added"] or rows["removed"] or rows["changed"]
        resources.append({"name": name, "status": "changed" if changed else "unchanged",
                          "schema": schema, "rows": rows, "properties": props})
    for name, table in old.tables.items():
        if name not in new.tables:
            resources.append({"name": name, "status": "removed", "rows": len(table.rows),
                              "fields": table.field_names, "primary_key": table.primary_key})
    return {
        "old": {"label": old.label, "version": old.version},
        "new": {"label": new.label, "version": new.version},
        "package": _properties(old.descriptor, new.descriptor, _PACKAGE_IGNORED) if old.descriptor else [],
        "resources": resources,
    }


# --- classification -------------------------------------------------------------------


def _n(count: int, what: str) -> str:
    return f"{count} {what}{'' if count == 1 else 's'}"


def classify(diff: dict) -> tuple[str, list[str]]:
    """The semver level a diff requires (``none``/``patch``/``minor``/``major``) and why.

    Reasons are ``"LEVEL: what"`` strings, most severe first (rules in the module docstring).
    """
    reasons: list[tuple[str, str]] = []

    def add(level: str, text: str) -> None:
        reasons.append((level, text))

    for p in diff["package"]:
        level = "major" if p["property"] == "name" else "minor" if p["property"] == "licenses" else "patch"
        add(level, f"package {p['property']} changed")
    for r in diff["resources"]:
        name = r["name"]
        if r["status"] == "added":
            add("minor", f"{name}: new resource ({_n(r['rows'], 'row')})")
            continue
        if r["status"] == "removed":
            add("major", f"{name}: resource removed")
            continue
        s, rows = r["schema"], r["rows"]
        for f in s["fields_added"]:
            add("major", f"{name}: field {f['name']} added (position {f['position']})")
        for f in s["fields_removed"]:
            add("major", f"{name}: field {f['name']} removed")
        for f in s["fields_retyped"]:
            add("major", f"{name}: field {f['field']} {f['property']} {f['old']} -> {f['new']}")
        if s["fields_reordered"]:
            add("major", f"{name}: fields re-ordered")
        for c in s["constraints"]:
            add("major" if c["change"] == "tightened" else "minor",
                f"{name}: {c['field']} constraint {c['constraint']} {c['change']} ({c['old']!r} -> {c['new']!r})")
        if s["primary_key"]:
            add("major", f"{name}: primary key {s['primary_key']['old']} -> {s['primary_key']['new']}")
        for fk in s["foreign_keys_added"]:
            add("major", f"{name}: foreign key added on {fk.get('fields')}")
        for fk in s["foreign_keys_removed"]:
            add("minor", f"{name}: foreign key removed on {fk.get('fields')}")
        for fk in s["foreign_keys_changed"]:
            add("minor", f"{name}: foreign key on {fk['new'].get('fields')} now references "
                         f"{fk['new'].get('reference')}")
        for p in s["field_properties"]:
            add("major", f"{name}: field {p['field']} property {p['property']} changed")
        for p in s["schema_properties"]:
            add("major", f"{name}: schema property {p['property']} changed")
        for p in r["properties"]:
            add("major" if p["property"] in _RESOURCE_MAJOR else "patch", f"{name}: {p['property']} changed")
        if s["descriptions"]:
            add("patch", f"{name}: {_n(len(s['descriptions']), 'field description')} changed")
        if rows["removed"]:
            add("major", f"{name}: {_n(len(rows['removed']), 'row')} removed")
        if rows["added"]:
            add("minor", f"{name}: {_n(len(rows['added']), 'row')} added")
        if rows["changed"]:
            add("patch", f"{name}: {_n(len(rows['changed']), 'row')} with corrected values")
    if not reasons:
        return "none", []
    level = max((lv for lv, _ in reasons), key=LEVELS.index)
    ordered = sorted(reasons, key=lambda r: -LEVELS.index(r[0]))  # stable within a level
    return level, [f"{lv}: {text}" for lv, text in ordered]


def report(diff: dict) -> dict:
    """The diff with its ``level`` and ``reasons`` (what ``--json`` prints)."""
    level, reasons = classify(diff)
    return {**diff, "level": level, "reasons": reasons}


# --- text -----------------------------------------------------------------------------


def _key_text(key: dict[str, str]) -> str:
    return ", ".join(key.values()) if len(key) == 1 else ", ".join(f"{k}={v}" for k, v in key.items())


def _cell(value: str) -> str:
    value = value if len(value) <= 60 else value[:57] + "..."
    return "(empty)" if value == "" else repr(value)


def _short(value: Any, width: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= width else text[: width - 3] + "..."


def _listing(lines: list[str], items: list[str], limit: int | None, indent: str = "    ") -> None:
    shown = items if limit is None else items[:limit]
    lines += [indent + item for item in shown]
    if len(shown) < len(items):
        lines.append(f"{indent}... and {len(items) - len(shown)} more")


def format_text(diff: dict, limit: int | None = 20, header: bool = True) -> str:
    """A readable summary of :func:`diff_packages`' result; at most ``limit`` rows per list.

    ``header=False`` leaves out the first lines (old, new, the classification and why).
    """
    level, reasons = classify(diff)
    old, new = diff["old"], diff["new"]
    lines = []
    if header:
        lines += [
            f"old: {old['label']} (version {old['version'] or '-'})",
            f"new: {new['label']} (version {new['version'] or '-'})",
            f"change: {level.upper()}",
        ]
        if reasons:
            lines.append("why:")
            _listing(lines, reasons, limit, "  - ")
    for p in diff["package"]:
        old_value, new_value = p["old"], p["new"]
        if isinstance(old_value, list) and isinstance(new_value, list):
            counts = [f"{len(v)} {'entry' if len(v) == 1 else 'entries'}" for v in (old_value, new_value)]
            lines.append(f"package {p['property']}: {counts[0]} -> {counts[1]}")
        else:
            lines.append(f"package {p['property']}: {_short(old_value)} -> {_short(new_value)}")
    for r in diff["resources"]:
        name = r["name"]
        if r["status"] in ("added", "removed"):
            key = ", ".join(r["primary_key"]) or "none"
            lines.append(f"{name}: {r['status']} ({_n(r['rows'], 'row')}, {_n(len(r['fields']), 'field')}, "
                         f"key {key})")
            continue
        rows = r["rows"]
        if r["status"] == "unchanged":
            lines.append(f"{name}: unchanged ({_n(rows['new'], 'row')})")
            continue
        lines.append(f"{name}: {rows['old']} -> {rows['new']} rows: {len(rows['added'])} added, "
                     f"{len(rows['removed'])} removed, {len(rows['changed'])} changed "
                     f"(key {', '.join(rows['key']) or 'none: whole rows'})")
        s = r["schema"]
        schema_lines = (
            [f"field added: {f['name']} ({f['type']}) at position {f['position']}" for f in s["fields_added"]]
            + [f"field removed: {f['name']} ({f['type']})" for f in s["fields_removed"]]
            + [f"field {f['field']}: {f['property']} {f['old']} -> {f['new']}" for f in s["fields_retyped"]]
            + ([f"fields re-ordered: {', '.join(s['fields_reordered'])}"] if s["fields_reordered"] else [])
            + [f"field {c['field']}: constraint {c['constraint']} {c['old']!r} -> {c['new']!r} ({c['change']})"
               for c in s["constraints"]]
            + ([f"primary key: {s['primary_key']['old']} -> {s['primary_key']['new']}"] if s["primary_key"] else [])
            + [f"foreign key added: {fk.get('fields')} -> {fk.get('reference')}" for fk in s["foreign_keys_added"]]
            + [f"foreign key removed: {fk.get('fields')}" for fk in s["foreign_keys_removed"]]
            + [f"foreign key changed: {fk['new'].get('fields')} -> {fk['new'].get('reference')}"
               for fk in s["foreign_keys_changed"]]
            + [f"field {p['field']}: {p['property']} changed" for p in s["field_properties"] + s["descriptions"]]
            + [f"schema {p['property']} changed" for p in s["schema_properties"]]
            + [f"{p['property']} changed" for p in r["properties"]]
        )
        if schema_lines:
            lines.append("  schema:")
            _listing(lines, schema_lines, None)
        if rows["removed"]:
            lines.append("  removed:")
            _listing(lines, [_key_text(k) for k in rows["removed"]], limit)
        if rows["added"]:
            lines.append("  added:")
            _listing(lines, [_key_text(k) for k in rows["added"]], limit)
        if rows["changed"]:
            lines.append("  changed:")
            items = [
                f"{_key_text(c['key'])}: "
                + "; ".join(f"{f} {_cell(v['old'])} -> {_cell(v['new'])}" for f, v in c["fields"].items())
                for c in rows["changed"]
            ]
            _listing(lines, items, limit)
    return "\n".join(lines) + "\n"


# --- CLI ------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``diff`` command's arguments."""
    parser.add_argument("old", metavar="OLD", help="directory with datapackage.json, or a Git revision (tag, commit)")
    parser.add_argument("new", metavar="NEW", help="directory with datapackage.json, or a Git revision")
    parser.add_argument("--json", action="store_true", help="print the diff as JSON (level, reasons, rows)")
    parser.add_argument(
        "--limit", type=int, default=20, help="text output: at most N keys per list (0 = no limit; default 20)"
    )
    parser.add_argument(
        "--package", default=PACKAGE_FILE, help="descriptor path inside each side (default datapackage.json)"
    )


def main(args: argparse.Namespace) -> int:
    """Print the diff of OLD and NEW; 0 whatever differs (DiffError → exit 1)."""
    old = load(args.old, Path("."), args.package)
    new = load(args.new, Path("."), args.package)
    result = diff_packages(old, new)
    if args.json:
        sys.stdout.write(json.dumps(report(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_text(result, args.limit or None))
    return 0
