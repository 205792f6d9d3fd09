"""The data dictionary: generated from the schemas, complete, and committed up to date."""

from __future__ import annotations

from pathlib import Path

from pipeline.package import catalogue, dictionary

ROOT = Path(__file__).resolve().parents[1]
DICTIONARY = ROOT / "docs" / "data-dictionary.md"


def test_committed_data_dictionary_is_up_to_date():
    expected = dictionary.render(ROOT / "processed")
    assert DICTIONARY.read_text(encoding="utf-8") == expected, (
        "docs/data-dictionary.md is out of date: run `python -m pipeline document` (or `dvc repro document`)"
    )


def section(text: str, name: str) -> str:
    start = text.index(f"\n## {name}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_every_resource_field_key_and_allowed_value_is_documented():
    text = dictionary.render(ROOT / "processed")
    for name in catalogue.RESOURCES:
        descriptor = catalogue.load_resource(name)
        part = section(text, name)
        assert descriptor["description"] in part
        assert "- Primary key: " + ", ".join(f"`{k}`" for k in catalogue.primary_key(name)) in part
        for fk in descriptor["schema"].get("foreignKeys", []):
            assert f"[`{fk['reference']['resource']}`](#{fk['reference']['resource']})" in part
        rows = [line for line in part.splitlines() if line.startswith("| `")]
        assert [line.split("`")[1] for line in rows] == catalogue.field_names(name)
        for field, line in zip(catalogue.fields(name), rows, strict=True):
            for value in field.get("constraints", {}).get("enum", []):
                assert f"`{value}`" in line, (name, field["name"], value)
            assert (" | yes | " in line) == bool(field.get("constraints", {}).get("required")), line


def test_row_order_is_the_schema_sort_key():
    for name in catalogue.RESOURCES:
        assert dictionary.row_order(catalogue.load_resource(name)) == catalogue.sort_key(name), name


NEW = {
    "name": "widgets",
    "title": "Widgets",
    "description": "One row per widget.",
    "schema": {
        "fields": [
            {"name": "widget_id", "type": "string", "description": "Id.", "constraints": {"required": True}},
            {"name": "shape", "type": "string", "description": "a|b shape.",
             "constraints": {"enum": ["round", "square"]}},
            {"name": "size", "type": "integer", "description": "Size.", "constraints": {"minimum": 0}},
            {"name": "note", "type": "string", "description": "Free text."},
        ],
        "primaryKey": ["widget_id"],
        "foreignKeys": [{"fields": "widget_id", "reference": {"resource": "sources", "fields": "source_id"}}],
    },
}


def test_a_new_resource_without_data_is_documented_without_examples(tmp_path):
    text = dictionary.render(tmp_path, [NEW])
    part = section(text, "widgets")
    assert "not published yet (no `processed/widgets.csv`)" in part
    assert "| `shape` | string |  | a\\|b shape. | one of `round`, `square` | — |" in part
    assert "| `size` | integer (int64) |  | Size. | ≥ 0 | — |" in part
    assert "`widget_id` → [`sources`](#sources).`source_id`" in part


def test_examples_are_the_first_non_empty_values_in_row_order(tmp_path):
    long = "x" * 80
    (tmp_path / "widgets.csv").write_text(
        f"widget_id,shape,size,note\nw1,,,\nw2,square,0,\"{long}\"\nw3,round,7,short\n", encoding="utf-8"
    )
    part = section(dictionary.render(tmp_path, [NEW]), "widgets")
    assert "(3 rows)" in part
    assert part.count("| `w1` |") == 1 and "| `square` |" in part and "| `0` |" in part
    assert "| `" + "x" * 59 + "…` |" in part  # shortened to 60 characters


def test_a_column_the_csv_does_not_have_yet_gets_no_example(tmp_path):
    (tmp_path / "widgets.csv").write_text("widget_id,shape\nw1,round\n", encoding="utf-8")
    part = section(dictionary.render(tmp_path, [NEW]), "widgets")
    assert "| `round` |" in part
    assert part.splitlines()[-1].endswith("| — |")  # note: not in the CSV
