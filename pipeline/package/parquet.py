"""The published Parquet files: written deterministically and checked against the CSV.

Each file has :func:`pipeline.package.arrow.arrow_schema` (date32, nullable int64, field
descriptions in the field metadata), zstd, one fixed row-group size, statistics on, the
sorting columns declared, pandas metadata from the schema; its schema metadata also carries
the package ``name``, ``version`` and ``release_tag`` (:func:`parquet_schema`), so a Parquet
file copied out of the package still says which release it belongs to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.core import fsutil
from pipeline.core.errors import PublishError
from pipeline.package import arrow, catalogue
from pipeline.package.datapackage import load_metadata

ROW_GROUP_SIZE = 65536
PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "row_group_size": ROW_GROUP_SIZE,
    "write_statistics": True,
    "use_dictionary": True,
    "store_schema": True,  # keeps the Arrow schema, hence the field descriptions
    "version": "2.6",
    "data_page_version": "1.0",
}


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write a table deterministically (fixed options, declared sort order) via a temp file."""
    name = table.schema.metadata[b"name"].decode("utf-8")
    sorting = [pq.SortingColumn(table.schema.get_field_index(c)) for c in catalogue.sort_key(name)]
    fsutil.atomic_write(Path(path), lambda tmp: pq.write_table(table, tmp, sorting_columns=sorting, **PARQUET_OPTIONS))


def parquet_schema(name: str) -> pa.Schema:
    """The Arrow schema of a published Parquet file: :func:`pipeline.package.arrow.arrow_schema` plus
    the package ``name``, ``version`` and ``release_tag`` (``v`` + version) in its metadata."""
    meta = load_metadata()
    base = arrow.arrow_schema(name)
    return base.with_metadata(
        {
            **base.metadata,
            b"package": meta["name"].encode("utf-8"),
            b"version": meta["version"].encode("utf-8"),
            b"release_tag": f"v{meta['version']}".encode(),
        }
    )


def check_parquet(name: str, parquet_path: Path, csv_path: Path) -> None:
    """Check a Parquet file has the resource's Arrow schema (with metadata) and the CSV's rows."""
    expected_schema = parquet_schema(name)
    table = pq.read_table(parquet_path)
    if not table.schema.equals(expected_schema, check_metadata=True):
        raise PublishError(f"{parquet_path}: schema differs from pipeline/schemas/{name}.json")
    if not table.equals(arrow.read_csv_typed(name, csv_path)):
        raise PublishError(f"{parquet_path}: rows differ from {csv_path}")
