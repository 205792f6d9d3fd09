"""The layout of the code (issue 15): imports point down the layers, dvc.yaml's deps are the code's,
no private standard-library API, raw inputs read once per stage.  The layers and the module of
each are in tests/layout.py (the one place); the checks that only make sense once the modules
sit in their layer folders are skipped before the re-layout."""

from __future__ import annotations

import ast
import hashlib
import re
import sys
from pathlib import Path

import layout
import pytest

from pipeline.package import sources

ROOT = layout.ROOT
MOVED = layout.is_moved()
after_the_move = pytest.mark.skipif(not MOVED, reason="before the re-layout: modules still flat in pipeline/")


def test_every_import_points_down_the_layers():
    assert layout.violations() == []


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


LAYERED = {
    "pipeline/__init__.py": "",
    "pipeline/core/__init__.py": "",
    "pipeline/core/errors.py": "class PipelineError(Exception): ...\n",
    "pipeline/text/__init__.py": "",
    "pipeline/text/dates.py": "from pipeline.core.errors import PipelineError\n",
    "pipeline/package/__init__.py": "",
    "pipeline/package/catalogue.py": "from pipeline.core import errors\n",
    "pipeline/stages/__init__.py": "",
    "pipeline/stages/extract.py": "from pipeline.package import catalogue\nfrom pipeline.text.dates import x\n",
    "pipeline/stages/validate.py": "from pipeline.package.catalogue import y\n",
}


def test_the_layer_check_accepts_a_clean_layout(tmp_path):
    assert layout.violations(_fake_package(tmp_path, LAYERED)) == []


def test_the_layer_check_fails_when_a_stage_imports_a_stage(tmp_path):
    root = _fake_package(tmp_path, {**LAYERED, "pipeline/stages/extract.py": "from pipeline.stages import validate\n"})
    assert layout.violations(root) == [
        "pipeline.stages.extract imports pipeline.stages.validate: a stage imports another stage"]


def test_the_layer_check_fails_when_a_lower_layer_imports_a_higher_one(tmp_path):
    lazy = "def f():\n    from pipeline.stages.extract import main\n    return main\n"  # lazily, too
    root = _fake_package(tmp_path, {**LAYERED, "pipeline/text/dates.py": lazy})
    assert layout.violations(root) == [
        "pipeline.text.dates (text) imports pipeline.stages.extract (stages): a lower layer imports a higher one"]


def test_the_layer_check_fails_on_a_module_outside_every_layer(tmp_path):
    root = _fake_package(tmp_path, {**LAYERED, "pipeline/misc/__init__.py": "", "pipeline/misc/helpers.py": ""})
    problems = layout.violations(root)
    assert any(p.startswith("pipeline.misc.helpers: no layer") for p in problems), problems


def test_dvc_yaml_deps_are_derived_from_the_code():
    derived, declared = layout.stage_deps(), layout.declared_deps()
    differ = {stage: deps for stage, deps in derived.items() if declared.get(stage) != deps}
    assert not differ, ("dvc.yaml's pipeline/ deps differ from what the stages import and read; "
                        f"run `python tests/layout.py deps --write`: {differ}")


def test_derived_deps_follow_imports_and_data_files(tmp_path):
    """A module imported only lazily, and a data folder named by a string constant, are dependencies."""
    root = _fake_package(tmp_path, {
        **LAYERED,
        "pipeline/stages/extract.py": "def main():\n    from pipeline.package import catalogue\n",
        "pipeline/package/catalogue.py": "SCHEMAS = 'schemas'\n",
        "pipeline/schemas/a.json": "{}",
        "dvc.yaml": "stages:\n  extract:\n    cmd: python -m pipeline extract --raw-dir raw\n    deps:\n"
                    "      - raw\n      - pipeline/stages/extract.py\n",
    })
    # every file of pipeline/package/ is needed: the folder; of pipeline/stages/, only two files
    assert layout.stage_deps(root) == {"extract": [
        "pipeline/package", "pipeline/schemas", "pipeline/stages/__init__.py", "pipeline/stages/extract.py"]}
    assert layout.declared_deps(root) == {"extract": ["pipeline/stages/extract.py"]}
    assert layout.write_deps(root)
    assert layout.declared_deps(root) == layout.stage_deps(root)
    assert "      - raw\n" in (root / "dvc.yaml").read_text()


# --- a stage module only orchestrates -----------------------------------------------------


@after_the_move
def test_stage_modules_define_only_orchestration():
    assert layout.stage_problems() == []


def test_the_stage_check_fails_on_a_rule_defined_in_a_stage(tmp_path):
    stage = ("def add_arguments(parser):\n    pass\n\n\ndef main(args):\n    return 0\n\n\n"
             "def cluster_mentions(rows):\n    return rows\n")
    root = _fake_package(tmp_path, {**LAYERED, "pipeline/stages/reconcile.py": stage})
    assert layout.stage_problems(root) == [
        "pipeline.stages.reconcile.cluster_mentions: a stage only orchestrates; "
        "move it to a lower layer (or list it in STAGE_DEFINITIONS)"]


def test_the_stage_check_fails_on_a_long_function_and_an_unknown_stage(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(layout.MAX_STAGE_FUNCTION_LINES))
    root = _fake_package(tmp_path, {**LAYERED, "pipeline/stages/reconcile.py": f"def main(args):\n{body}",
                                    "pipeline/stages/sideline.py": "def main(args):\n    return 0\n"})
    lines = layout.MAX_STAGE_FUNCTION_LINES + 1
    assert layout.stage_problems(root) == [
        f"pipeline.stages.reconcile.main: {lines} lines (more than {layout.MAX_STAGE_FUNCTION_LINES}): "
        "not orchestration",
        "pipeline.stages.sideline: not in STAGE_DEFINITIONS (tests/layout.py)"]


# --- no private standard-library APIs -----------------------------------------------------

PRIVATE_PATTERNS = re.compile(r"\bre\._|\bsre_\w+|\b_parser\b|\b_constants\b|\bsre_parse\b")


def _python_files() -> list[Path]:
    return sorted(p for d in ("pipeline", "tests", "benchmarks") for p in (ROOT / d).rglob("*.py")
                  if "__pycache__" not in p.parts and p != Path(__file__).resolve())


def test_no_private_standard_library_api():
    """Neither the regex internals (re._parser, re._constants, sre_*) nor any ``stdlib_module._name``."""
    problems = []
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        problems += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in PRIVATE_PATTERNS.finditer(text)]
        tree = ast.parse(text)
        stdlib = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")[0]
                    if top in sys.stdlib_module_names:
                        stdlib[alias.asname or top] = alias.name
                        if any(part.startswith("_") for part in alias.name.split(".")[1:]):
                            problems.append(f"{path.relative_to(ROOT)}: import {alias.name}")
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                if node.module.split(".")[0] in sys.stdlib_module_names:
                    for alias in node.names:
                        if alias.name.startswith("_") and not alias.name.startswith("__"):
                            problems.append(f"{path.relative_to(ROOT)}: from {node.module} import {alias.name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in stdlib
                    and node.attr.startswith("_") and not node.attr.startswith("__")
                    and node.attr not in {"_exit", "_getframe", "_asdict", "_replace", "_fields"}):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert problems == []


def test_the_private_api_check_would_see_re_parser():
    assert PRIVATE_PATTERNS.search("from re import _parser") and PRIVATE_PATTERNS.search("re._constants.MAXREPEAT")
    assert not PRIVATE_PATTERNS.search("build_parser(argv)")


# --- raw inputs: read and verified once per stage -------------------------------------------


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    header = ",".join(f for f in sources.manifest_columns() if f not in sources.OPTIONAL_COLUMNS)
    lines = [header]
    for sid, text in (("alpha-one", "A first crafted text.\n"), ("beta-two", "Another text, CRLF.\r\n")):
        data = text.encode("utf-8")
        (raw / f"{sid}.txt").write_bytes(data)
        row = {"source_id": sid, "file": f"{sid}.txt", "title": sid, "sha256": hashlib.sha256(data).hexdigest(),
               "bytes": str(len(data))}
        lines.append(",".join(row.get(f, "") for f in header.split(",")))
    (raw / sources.MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


def test_read_raw_reads_each_text_once_and_gives_its_verified_size_and_hash(tmp_path, monkeypatch):
    raw_dir = _raw(tmp_path)
    reads: list[str] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    raw = sources.read_raw(raw_dir)
    assert sorted(n for n in reads if n.endswith(".txt")) == ["alpha-one.txt", "beta-two.txt"]
    assert raw.texts == {"alpha-one": "A first crafted text.\n", "beta-two": "Another text, CRLF.\r\n"}
    assert raw.order() == ["alpha-one", "beta-two"]
    stats = {e["file"]: (e["bytes"], e["hash"]) for e in raw.file_stats()}
    for name in ("sources.csv", "alpha-one.txt", "beta-two.txt"):
        data = real(raw_dir / name)
        assert stats[name] == (len(data), "sha256:" + hashlib.sha256(data).hexdigest())


def test_read_raw_refuses_a_text_that_no_longer_matches_the_manifest(tmp_path):
    raw_dir = _raw(tmp_path)
    (raw_dir / "beta-two.txt").write_bytes(b"Another text, LF!\n\n")
    with pytest.raises(sources.SourceError, match="beta-two.txt: size mismatch"):
        sources.read_raw(raw_dir)


# --- once the modules sit in their layer folders -------------------------------------------


@after_the_move
def test_the_top_folder_holds_only_the_cli():
    flat = sorted(p.name for p in (ROOT / "pipeline").glob("*.py"))
    assert flat == ["__init__.py", "__main__.py"]


@after_the_move
def test_every_module_sits_in_a_layer_folder():
    for module in layout.module_files():
        assert layout.layer_of(module, moved=True) is not None, module


@after_the_move
def test_stages_hold_one_module_per_dvc_stage_and_nothing_else():
    commands = set(layout._stage_commands(ROOT / "dvc.yaml").values())
    modules = {layout.command_module(c) for c in commands}
    stage_modules = {m for m in layout.module_files() if m.startswith("pipeline.stages.")}
    assert stage_modules == modules


@after_the_move
def test_every_command_maps_to_a_module_of_its_layer():
    from pipeline import __main__ as cli

    for command in cli.COMMANDS:
        module = cli.COMMAND_MODULES[command]
        assert layout.layer_of(module, moved=True) in {"stages", "release", "commands"}, (command, module)
        assert module in layout.module_files(), module
