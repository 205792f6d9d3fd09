"""Command ``serve``: browse the published database in Datasette (optional extra ``serve``).

    python -m pipeline serve                       # http://127.0.0.1:8001/
    python -m pipeline serve --port 8080 --print-metadata

Opens ``processed/<package name>.sqlite`` (written by ``publish``, :mod:`pipeline.package.sqlite`)
read-only (Datasette's immutable mode) with metadata generated here from
``datapackage.json`` and the schemas, nothing typed by hand:

* the package title, description, version, licence and sources (the sources table's
  titles and URLs, as ``datapackage.json`` lists them) on the front page;
* every table's title and description, and every column's description;
* facets: on every table, the columns among :data:`FACET_COLUMNS` it has (event type,
  action, jurisdiction, conflict field, period status and the source);
* label column: a source id is shown with the source's title;
* canned queries (:func:`canned_queries`): events by year with their quotes, listing
  periods per jurisdiction, every conflict with its sources and quotes.

Datasette runs in this process (its ``datasette serve`` command, :func:`datasette_args`);
it binds to ``127.0.0.1`` unless ``--host`` says otherwise.  Without Datasette installed the command
stops with ``error: … pip install -e '.[serve]'``.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import logging
import tempfile
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.package import catalogue, sqlite

log = logging.getLogger(__name__)

FACET_COLUMNS = ("event_type", "action", "jurisdiction", "field", "status", "source_id")
LABEL_COLUMNS = {"sources": "title"}


class ServeError(PipelineError):
    """The database or its package cannot be served."""


def _read_package(package: Path) -> dict:
    try:
        return json.loads(Path(package).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ServeError(f"{package}: missing; run `dvc repro` (or `python -m pipeline publish`) first") from None
    except ValueError as exc:
        raise ServeError(f"{package}: not valid JSON ({exc})") from None


def database_path(package: Path, descriptor: dict | None = None) -> Path:
    """The SQLite file a package lists in ``x-sqlite`` (relative to the package file)."""
    descriptor = descriptor if descriptor is not None else _read_package(package)
    entry = descriptor.get("x-sqlite")
    if not entry or "path" not in entry:
        raise ServeError(f"{package}: lists no SQLite database (x-sqlite); publish again with this version")
    return Path(package).resolve().parent / entry["path"]


def canned_queries() -> dict[str, dict[str, Any]]:
    """The canned queries offered on the database page (SQL over the published tables)."""
    mentions = sorted(catalogue.canonical_links())
    union = "\n    UNION ALL ".join(
        f"SELECT mention_id, quote, char_start FROM {sqlite.quote_identifier(name)}" for name in mentions
    )
    return {
        "events_by_year": {
            "title": "Events by year, with their quotes",
            "description": "Every reconciled event (one occurrence, however many sources report it) with each "
            "mention's quote and source, by the year of its start date; leave the year empty for all years.",
            "sql": """SELECT substr(e.date_start, 1, 4) AS year, e.date_start, e.date_end, e.date_precision,
  e.event_type, e.event_id, e.n_sources, e.has_conflict, m.quote, s.title AS source, m.mention_id
FROM events AS e
JOIN event_mentions AS m ON m.event_id = e.event_id
JOIN sources AS s ON s.source_id = m.source_id
WHERE :year = '' OR substr(e.date_start, 1, 4) = :year
ORDER BY e.date_start IS NULL, e.date_start, e.event_id, m.source_id, m.char_start""",
        },
        "listing_periods": {
            "title": "Listing periods per jurisdiction",
            "description": "The intervals during which each jurisdiction listed the group, with the acts that "
            "opened and closed them (an empty listed_to: still listed).",
            "sql": """SELECT p.jurisdiction, p.listed_from, p.listed_from_precision, p.listed_to,
  p.listed_to_precision, p.status, l.authority AS listed_by, d.authority AS delisted_by, p.period_id
FROM designation_periods AS p
LEFT JOIN designations AS l ON l.designation_id = p.listing_designation_id
LEFT JOIN designations AS d ON d.designation_id = p.delisting_designation_id
ORDER BY p.jurisdiction, p.listed_from IS NULL, p.listed_from, p.period_id""",
        },
        "conflicts_with_sources": {
            "title": "Conflicts, with their sources",
            "description": "Every mention whose value disagrees with another mention of the same fact: the "
            "value it gives, the source that gives it and the quote.",
            "sql": f"""SELECT c."table", coalesce(c.event_id, c.designation_id, c.estimate_id) AS fact_id,
  c.field, c.value, s.title AS source, s.publisher, s.url, q.quote, c.mention_id
FROM conflicts AS c
JOIN sources AS s ON s.source_id = c.source_id
LEFT JOIN (
    {union}
) AS q ON q.mention_id = c.mention_id
ORDER BY c."table", fact_id, c.field, c.value, c.mention_id""",
        },
    }


def _front_page_html(descriptor: dict) -> str:
    esc = html.escape
    parts = [f"<p>{esc(descriptor.get('description', ''))}</p>"]
    version = descriptor.get("version")
    if version:
        parts.append(f"<p>Version {esc(version)} (release tag {esc(descriptor.get('x-release', {}).get('tag', ''))})."
                     " Each row is one statement of one source, with its exact quote.</p>")
    citation = (descriptor.get("x-citation") or {}).get("text")
    if citation:
        parts.append(f"<p>Cite as: {esc(citation)} Version: {esc(str(version))}.</p>")
    items = []
    for source in descriptor.get("sources", []):
        title = esc(source.get("title", ""))
        link = source.get("path")
        items.append(f'<li><a href="{esc(link)}">{title}</a></li>' if link else f"<li>{title}</li>")
    if items:
        parts.append("<p>Sources:</p><ul>" + "".join(items) + "</ul>")
    return "\n".join(parts)


def datasette_metadata(descriptor: dict, database: str) -> dict[str, Any]:
    """Datasette's metadata for the package ``descriptor`` served as database ``database``."""
    licences = descriptor.get("licenses") or [{}]
    tables: dict[str, Any] = {}
    for name in catalogue.RESOURCES:
        resource = catalogue.load_resource(name)
        names = catalogue.field_names(name)
        entry: dict[str, Any] = {
            "title": resource.get("title", name),
            "description": resource.get("description", ""),
            "columns": {f["name"]: f.get("description", "") for f in catalogue.fields(name)},
        }
        facets = [c for c in FACET_COLUMNS if c in names and not (name == "sources" and c == "source_id")]
        if facets:
            entry["facets"] = facets
        if name in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[name]
        fts = sqlite.fts_table(name)
        if fts:
            entry["fts_table"] = fts
            entry["fts_pk"] = "rowid"
        tables[name] = entry
    for name in catalogue.RESOURCES:  # the FTS index and its shadow tables are machinery, not data
        fts = sqlite.fts_table(name)
        if fts:
            for suffix in ("", "_data", "_idx", "_docsize", "_config"):
                tables[f"{fts}{suffix}"] = {"hidden": True}
    title = descriptor.get("title", database)
    return {
        "title": title,
        "description_html": _front_page_html(descriptor),
        "license": licences[0].get("title") or licences[0].get("name", ""),
        "license_url": licences[0].get("path", ""),
        "source": f"{len(descriptor.get('sources', []))} source texts (the sources table)",
        "source_url": descriptor.get("homepage") or "",
        "databases": {
            database: {
                "title": title,
                "description_html": _front_page_html(descriptor),
                "tables": tables,
                "queries": canned_queries(),
            }
        },
    }


def datasette_available() -> bool:
    """Whether Datasette can be imported (the optional extra ``serve``)."""
    return importlib.util.find_spec("datasette") is not None


def datasette_args(db: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """The ``datasette serve`` arguments for the database (read-only, this metadata).

    A facet may take up to 1 s (Datasette's default, 200 ms, is enough for these small tables on
    an idle machine, but on a busy one a facet is left out of the page as "timed out")."""
    return [
        "serve", "--immutable", str(db),
        "--metadata", str(metadata_path), "--host", host, "--port", str(port),
        "--setting", "default_page_size", "50", "--setting", "truncate_cells_html", "300",
        "--setting", "facet_time_limit_ms", "1000",
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``serve`` command's options."""
    parser.add_argument("--package", type=Path, default=Path("datapackage.json"),
                        help="data package whose SQLite database (x-sqlite) and metadata to serve")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback: only this machine)")
    parser.add_argument("--port", type=int, default=8001, help="port to listen on (0: any free port)")
    parser.add_argument("--print-metadata", action="store_true",
                        help="print the generated Datasette metadata as JSON and exit, without serving")


def main(args: argparse.Namespace) -> int:
    """Serve the database until interrupted (exit status of Datasette)."""
    descriptor = _read_package(args.package)
    db = database_path(args.package, descriptor)
    metadata = datasette_metadata(descriptor, db.stem)
    if args.print_metadata:
        print(json.dumps(metadata, indent=2, ensure_ascii=False))
        return 0
    if not db.is_file():
        raise ServeError(f"{db}: missing; run `dvc repro` (or `python -m pipeline publish`) first")
    if not datasette_available():
        raise ServeError("datasette is not installed: pip install -e '.[serve]' (or pip install -r requirements.lock)")
    with tempfile.TemporaryDirectory(prefix="mek-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False), encoding="utf-8")
        log.info("serve: %s on http://%s:%d/ (Ctrl-C stops)", db, args.host, args.port)
        from datasette.cli import cli

        try:
            cli.main(datasette_args(db, metadata_path, args.host, args.port), prog_name="datasette",
                     standalone_mode=False)
        except KeyboardInterrupt:
            pass
    return 0
