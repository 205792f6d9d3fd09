"""The catalogue of table schemas: the resources in ``pipeline/schemas/*.json`` and what they declare.

Each JSON file is a Frictionless resource descriptor (name, title, description and a
Table Schema).  They are the single source of truth for every published table: the
extractor's CSV writer, the validator, the Parquet writer and ``datapackage.json`` all
derive from them through this module (parsed once per process).

Publication order
    ``RESOURCES`` lists the resources found in ``pipeline/schemas/``: first the tables
    that no other table depends on (no ``foreignKeys``, i.e. ``sources``), then the
    tables with foreign keys; alphabetical within each group.

Row order
    Rows are written sorted by :func:`sort_key`: tables with an evidence span
    (``source_id``, ``char_start``, ``char_end``) by those columns then the primary key;
    other tables by their primary key.  ``sources`` therefore sorts by ``source_id`` and
    the mention tables by ``source_id, char_start, char_end, mention_id``.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pipeline
from pipeline.core.errors import SchemaError

# pipeline/schemas/, found from the package itself (whichever folder this module sits in)
SCHEMA_DIR = Path(pipeline.__file__).resolve().parent / "schemas"


def _resource_order() -> tuple[str, ...]:
    """List pipeline/schemas/*.json: `sources` first, then every table after the tables it
    references (foreign keys), alphabetically among equals."""
    refs: dict[str, set[str]] = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        if descriptor.get("name") != path.stem:
            raise SchemaError(f"{path}: resource name {descriptor.get('name')!r} != file name {path.stem!r}")
        fks = descriptor["schema"].get("foreignKeys", [])
        refs[path.stem] = {fk["reference"]["resource"] for fk in fks} - {path.stem}
    order: list[str] = []
    pending = dict(refs)
    while pending:
        ready = sorted(n for n, r in pending.items() if r <= set(order))
        if not ready:
            raise SchemaError(f"foreign keys form a cycle among {sorted(pending)}")
        ready.sort(key=lambda n: n != "sources")
        order.append(ready[0])
        del pending[ready[0]]
    return tuple(order)


RESOURCES: tuple[str, ...] = _resource_order()


@functools.cache
def _load(name: str) -> str:
    if name not in RESOURCES:
        raise KeyError(f"unknown resource {name!r}; known: {', '.join(RESOURCES)}")
    return (SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8")


def load_resource(name: str) -> dict:
    """Return a fresh copy of the resource descriptor (name, title, description, schema)."""
    return json.loads(_load(name))


def table_schema(name: str) -> dict:
    """Return the Table Schema of resource ``name``."""
    return load_resource(name)["schema"]


@functools.cache
def _fields(name: str) -> tuple[dict, ...]:
    return tuple(table_schema(name)["fields"])


def fields(name: str) -> list[dict]:
    """Return the field descriptors of resource ``name`` in schema order (parsed once; treat as read-only)."""
    return list(_fields(name))


def field_names(name: str) -> list[str]:
    """Return the column names of resource ``name`` in schema order."""
    return [f["name"] for f in fields(name)]


def canonical_links() -> dict[str, tuple[str, str, str]]:
    """Mention table -> (canonical id field, canonical table, id prefix), read from the schemas.

    A mention table (one with a ``quote``) links to its canonical table by its one foreign
    key to a resource other than ``sources``; the prefix comes from the canonical id's
    ``pattern`` (``^event-…`` → ``event``).
    """
    out = {}
    for name in RESOURCES:
        if "quote" not in field_names(name):
            continue
        for fk in table_schema(name).get("foreignKeys", []):
            target = fk["reference"]["resource"]
            if target == "sources":
                continue
            id_field = fk["reference"]["fields"]
            pattern = next(f for f in fields(target) if f["name"] == id_field)["constraints"]["pattern"]
            out[name] = (fk["fields"], target, re.match(r"\^([a-z]+)-", pattern).group(1))
    return out


def required_fields(name: str) -> list[str]:
    """Return the names of the fields whose ``constraints.required`` is true."""
    return [f["name"] for f in fields(name) if f.get("constraints", {}).get("required")]


def primary_key(name: str) -> list[str]:
    """Return the primary key of resource ``name`` as a list of field names."""
    pk = table_schema(name).get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def sort_key(name: str) -> list[str]:
    """Return the columns rows are sorted by (see module docstring)."""
    names = field_names(name)
    span = ["source_id", "char_start", "char_end"]
    key = span if all(c in names for c in span) else []
    return key + [c for c in primary_key(name) if c not in key]
