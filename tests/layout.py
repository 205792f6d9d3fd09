"""The package layout (issue 15) in one place: the layers, the module of each layer, and two derived checks.

* :data:`LAYERS`: the layers, lowest first.  A module may import modules of its own layer or of
  a lower one, never of a higher one; a module of ``stages`` never imports another stage (the
  stages talk through the files between them, see docs/architecture.md).
* :data:`MOVES`: every module of the flat layout (``pipeline/NAME.py``) and the module it
  becomes in the layered one; ``/work/briefs/relayout.py`` moves the files with this table.
  The layer of a module is the folder it lives in (``pipeline/stages/extract.py`` → stages);
  before the move it is read from this table.
* :func:`stage_deps`: the ``pipeline/`` dependencies of each DVC stage, derived from the code:
  the modules its command imports (transitively, within ``pipeline/``), the package
  ``__init__`` files that run with them, and the data files they read (a string constant that
  names a file or folder next to the module or in ``pipeline/``: schemas, lexicons,
  organisation profiles, rules, metadata.json).  ``tests/test_architecture.py`` checks dvc.yaml
  against it; ``python tests/layout.py deps --write`` rewrites dvc.yaml's ``pipeline/`` deps.

Usage: ``python tests/layout.py deps [--write]``, ``python tests/layout.py imports``.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LAYERS: tuple[str, ...] = (
    "core", "text", "extractors", "package", "evaluation", "stages", "release", "commands", "cli")
RANK = {layer: i for i, layer in enumerate(LAYERS)}

# flat module -> layered module.  Modules that other branches add (fsutil, runner, docdate, sqlite,
# serve, add_source) are listed too: a missing one is skipped.
MOVES: dict[str, str] = {
    # core: what every layer may use (errors, file and JSON writing, running work on many cores)
    "pipeline.errors": "pipeline.core.errors",
    "pipeline.jsonio": "pipeline.core.jsonio",
    "pipeline.fsutil": "pipeline.core.fsutil",
    "pipeline.runner": "pipeline.core.runner",
    # text: language machinery, knows nothing of tables or organisations
    "pipeline.text": "pipeline.text.segment",
    "pipeline.dates": "pipeline.text.dates",
    "pipeline.numbers": "pipeline.text.numbers",
    "pipeline.docdate": "pipeline.text.docdate",
    # package: the data package: schemas, values, CSV/Arrow I/O, the shared checks, raw inputs, readers
    "pipeline.catalogue": "pipeline.package.catalogue",
    "pipeline.values": "pipeline.package.values",
    "pipeline.csvio": "pipeline.package.csvio",
    "pipeline.checks": "pipeline.package.checks",
    "pipeline.schema": "pipeline.package.arrow",
    "pipeline.sources": "pipeline.package.sources",
    "pipeline.load": "pipeline.package.load",
    "pipeline.sqlite": "pipeline.package.sqlite",
    # stages: one module per DVC stage, nothing else
    "pipeline.extract": "pipeline.stages.extract",
    "pipeline.reconcile": "pipeline.stages.reconcile",
    "pipeline.validate": "pipeline.stages.validate",
    "pipeline.publish": "pipeline.stages.publish",
    "pipeline.evaluate": "pipeline.stages.evaluate",
    "pipeline.document": "pipeline.stages.document",
    "pipeline.figures": "pipeline.stages.figures",
    # release: tools on published packages
    "pipeline.diff": "pipeline.release.diff",
    "pipeline.release": "pipeline.release.release",
    # commands: the other commands of `python -m pipeline`
    "pipeline.serve": "pipeline.commands.serve",
    "pipeline.add_source": "pipeline.commands.add_source",
}
# Modules that stay where they are: the CLI (imports any layer, lazily) and the extractors package.
CLI_MODULES = ("pipeline", "pipeline.__main__")
NOT_DEPENDENCIES = {"pipeline/__init__.py", "pipeline/__main__.py"}  # the CLI dispatches, computes nothing


# What a stage module may define at top level (issue 15: "a stage module only orchestrates"):
# its command line (add_arguments, main) and the few functions that read its inputs, call the
# layers below and write its outputs.  Rules, formats and algorithms live in a lower layer; a
# new top-level function in a stage fails tests/test_architecture.py until it is listed here,
# which is the moment to ask whether it belongs below.  Constants are not counted.
STAGE_DEFINITIONS: dict[str, set[str]] = {
    "extract": {"add_arguments", "main", "Extraction", "_positive", "organisations", "published_years",
                "_document_date", "extract_texts", "document_context", "jobs", "_extract_one", "process_document",
                "documents", "extract_all", "stream", "_write_text"},
    "reconcile": {"add_arguments", "main", "source_order"},
    "validate": {"add_arguments", "main", "build_report"},
    "publish": {"add_arguments", "main", "_check_report", "publish", "_publish_locked"},
    "evaluate": {"add_arguments", "main", "eval_sets", "_write"},
    "document": {"add_arguments", "main"},
    "figures": {"add_arguments", "main", "make_figures"},
}
MAX_STAGE_FUNCTION_LINES = 60  # orchestration reads as a short list of calls


def stage_problems(root: Path = ROOT) -> list[str]:
    """Top-level functions and classes of ``pipeline/stages/*.py`` that :data:`STAGE_DEFINITIONS` does
    not allow, stage modules it does not know, and stage functions longer than
    :data:`MAX_STAGE_FUNCTION_LINES` lines."""
    problems = []
    for path in sorted((root / "pipeline" / "stages").glob("*.py")):
        if path.name == "__init__.py":
            continue
        allowed = STAGE_DEFINITIONS.get(path.stem)
        if allowed is None:
            problems.append(f"pipeline.stages.{path.stem}: not in STAGE_DEFINITIONS (tests/layout.py)")
            continue
        for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            if node.name not in allowed:
                problems.append(f"pipeline.stages.{path.stem}.{node.name}: a stage only orchestrates; "
                                "move it to a lower layer (or list it in STAGE_DEFINITIONS)")
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > MAX_STAGE_FUNCTION_LINES:
                problems.append(f"pipeline.stages.{path.stem}.{node.name}: {lines} lines "
                                f"(more than {MAX_STAGE_FUNCTION_LINES}): not orchestration")
    return problems


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` under ``root/pipeline``."""
    out = {}
    for path in sorted((root / "pipeline").rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def is_moved(root: Path = ROOT) -> bool:
    """Whether the layered layout is present (pipeline/stages/ exists)."""
    return (root / "pipeline" / "stages").is_dir()


def layer_of(module: str, moved: bool) -> str | None:
    """The layer of a dotted module name, or None when the layout does not place it."""
    if module in CLI_MODULES:
        return "cli"
    if not moved:
        module = MOVES.get(module, module)
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in RANK and parts[1] != "cli":
        return parts[1]
    return None


def imports_of(path: Path, module: str, known: Iterable[str]) -> set[str]:
    """The ``pipeline`` modules a file imports (anywhere in it, lazily too), as dotted names in ``known``."""
    known = set(known)
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()

    def add(name: str) -> None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name:
            out.add(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pipeline":
                    add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "pipeline":
                continue
            for alias in node.names:
                if f"{source}.{alias.name}" in known:
                    out.add(f"{source}.{alias.name}")
                else:
                    add(source)
    out.discard(module)
    return out


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the pipeline modules it imports directly (each with its parent packages' __init__)."""
    files = module_files(root)
    graph = {}
    for module, path in files.items():
        direct = imports_of(path, module, files)
        for name in list(direct):
            parts = name.split(".")
            direct |= {".".join(parts[:i]) for i in range(2, len(parts)) if ".".join(parts[:i]) in files}
        graph[module] = direct - {module, "pipeline"}  # the top package's __init__ is empty: no edge
    return graph


def _defined(path: Path) -> set[str]:
    """Names a module defines itself at top level (functions, classes, assignments), not those it imports."""
    out = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.Assign):
            out |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.add(node.target.id)
    return out


def only_reexports(importer: Path, imported: str, files: dict[str, Path]) -> bool:
    """Whether ``importer`` uses nothing of module ``imported`` but names that module re-exports
    (imports from elsewhere): ``from pipeline import validate`` then only ``validate.write_json``,
    which lives in pipeline.jsonio.  The flat layout keeps such re-exports until the move."""
    short = imported.rpartition(".")[2]
    source = importer.read_text(encoding="utf-8")
    used = set(re.findall(rf"(?<![\w.]){short}\.(\w+)", source))
    return bool(used) and not used & _defined(files[imported])


def violations(root: Path = ROOT) -> list[str]:
    """Every import that breaks the layering (see the module docstring), and every module without a layer."""
    moved = is_moved(root)
    files = module_files(root)
    problems = []
    for module, imported in sorted(import_graph(root).items()):
        layer = layer_of(module, moved)
        if layer is None:
            problems.append(f"{module}: no layer (add it to MOVES in tests/layout.py, or move it into a layer folder)")
            continue
        for other in sorted(imported):
            other_layer = layer_of(other, moved)
            if other_layer is None:
                continue  # reported as its own problem
            if moved and other == f"pipeline.{other_layer}" and other_layer != "extractors":
                continue  # a layer folder's (empty) __init__, run with every module in it
            if RANK[other_layer] > RANK[layer]:
                problems.append(f"{module} ({layer}) imports {other} ({other_layer}): "
                                "a lower layer imports a higher one")
            elif layer == other_layer == "stages" and (moved or not only_reexports(files[module], other, files)):
                problems.append(f"{module} imports {other}: a stage imports another stage")
    return problems


# --- dvc.yaml ---------------------------------------------------------------------------------

_STAGE_CMD = re.compile(r"python -m pipeline\s+(?:--?\w+\s+)*([a-z][a-z_-]*)")


def _stage_commands(dvc_yaml: Path) -> dict[str, str]:
    import yaml  # PyYAML comes with DVC

    stages = yaml.safe_load(dvc_yaml.read_text(encoding="utf-8"))["stages"]
    out = {}
    for name, stage in stages.items():
        match = _STAGE_CMD.search(" ".join(stage["cmd"].split()))
        if match:
            out[name] = match.group(1)
    return out


def command_module(command: str, root: Path = ROOT) -> str:
    """The module a ``python -m pipeline COMMAND`` runs, in whichever layout is present."""
    files = module_files(root)
    flat = f"pipeline.{command.replace('-', '_')}"
    for candidate in (MOVES.get(flat), flat):
        if candidate and candidate in files and candidate.count(".") >= 1:
            if is_moved(root) and candidate == flat:
                continue
            return candidate
    raise KeyError(f"no module for command {command!r}")


def _data_paths(path: Path, root: Path) -> set[Path]:
    """Files and folders a module names with a string constant, next to it or in pipeline/."""
    out = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
            if not re.fullmatch(r"[\w.-]+(/[\w.-]+)*", value) or value.endswith(".py") or set(value) <= {"."}:
                continue
            for base in (path.parent, root / "pipeline"):
                candidate = base / value
                if candidate.exists() and candidate.resolve() != base.resolve():
                    out.add(candidate)
    if path.name == "__init__.py" and path.parent != root / "pipeline":
        out |= {p for p in path.parent.iterdir() if p.is_file() and p.suffix != ".py"}
    return out


def _all_files(path: Path) -> set[Path]:
    if path.is_file():
        return {path}
    return {p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def stage_deps(root: Path = ROOT) -> dict[str, list[str]]:
    """DVC stage -> its ``pipeline/`` deps derived from the code (see the module docstring), sorted.

    A folder all of whose files are needed is listed as the folder.
    """
    files = module_files(root)
    graph = import_graph(root)
    out = {}
    for stage, command in _stage_commands(root / "dvc.yaml").items():
        start = command_module(command, root)
        seen, todo = set(), [start]
        while todo:
            module = todo.pop()
            if module in seen:
                continue
            seen.add(module)
            todo.extend(graph[module])
        for module in list(seen):  # the packages that hold a module run with it
            parts = module.split(".")
            seen |= {".".join(parts[:i]) for i in range(2, len(parts)) if ".".join(parts[:i]) in files}
        needed: set[Path] = set()
        for module in seen:
            path = files[module]
            if path.relative_to(root).as_posix() in NOT_DEPENDENCIES:
                continue
            needed.add(path)
            for data in _data_paths(path, root):
                needed |= _all_files(data)
        out[stage] = sorted(_collapse(needed, root))
    return out


def _collapse(needed: set[Path], root: Path) -> set[str]:
    """Relative POSIX paths covering ``needed``: a folder when every file in it is needed."""
    result: set[str] = set()
    covered: set[Path] = set()
    dirs = sorted({p for f in needed for p in f.parents if root / "pipeline" in p.parents},
                  key=lambda p: len(p.parts))
    for d in dirs:
        if any(c in d.parents or c == d for c in covered):
            continue
        if _all_files(d) <= needed:
            covered.add(d)
            result.add(d.relative_to(root).as_posix())
    for f in needed:
        if not any(c in f.parents for c in covered):
            result.add(f.relative_to(root).as_posix())
    return result


def declared_deps(root: Path = ROOT) -> dict[str, list[str]]:
    """DVC stage -> its ``pipeline/`` deps as written in dvc.yaml, sorted."""
    import yaml

    stages = yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    return {name: sorted(d for d in stage.get("deps", []) if str(d).startswith("pipeline/"))
            for name, stage in stages.items()}


def write_deps(root: Path = ROOT) -> bool:
    """Rewrite the ``pipeline/`` lines of each stage's deps in dvc.yaml (comments and order of the
    other deps kept; the derived ones go where the first ``pipeline/`` dep was).  True if it changed."""
    derived = stage_deps(root)
    path = root / "dvc.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    stage = None
    in_deps = False
    written = False
    for line in lines:
        m = re.match(r"^  ([\w-]+):\s*$", line)
        if m:
            stage, in_deps, written = m.group(1), False, False
        if re.match(r"^    deps:\s*$", line):
            in_deps = True
            out.append(line)
            continue
        if in_deps and not re.match(r"^      - ", line):
            if stage in derived and not written:
                out.extend(f"      - {d}" for d in derived[stage])
                written = True
            in_deps = False
        if in_deps and re.match(r"^      - pipeline/", line):
            if not written and stage in derived:
                out.extend(f"      - {d}" for d in derived[stage])
                written = True
            continue
        out.append(line)
    text = "\n".join(out)
    if text != path.read_text(encoding="utf-8"):
        path.write_text(text, encoding="utf-8")
        return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tests/layout.py", description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["deps", "imports"])
    parser.add_argument("--write", action="store_true", help="deps: rewrite dvc.yaml")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    if args.what == "imports":
        problems = violations(args.root)
        print("\n".join(problems) or "imports: every import points down")
        return 1 if problems else 0
    if args.write:
        print("dvc.yaml: rewritten" if write_deps(args.root) else "dvc.yaml: already derived from the code")
    derived, declared = stage_deps(args.root), declared_deps(args.root)
    status = 0
    for stage, deps in derived.items():
        mark = "" if declared.get(stage) == deps else "   <- differs from dvc.yaml"
        status |= bool(mark)
        print(f"{stage}:{mark}\n" + "\n".join(f"  - {d}" for d in deps))
    return status


if __name__ == "__main__":
    sys.exit(main())
