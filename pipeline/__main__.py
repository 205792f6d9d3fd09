"""Command line: ``python -m pipeline COMMAND …`` (also installed as ``mek-pipeline``).

Each command is a DVC stage named after its module; the module defines
``add_arguments(parser)`` and ``main(args) -> int`` and is imported only when its command
runs.  Pipeline errors (:class:`pipeline.schema.PipelineError`: bad raw input, schema
violations, refused publication) are printed as ``error: …`` on stderr with exit status 1
and no traceback; usage errors exit 2 (argparse).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS: dict[str, str] = {
    "extract": "find event, designation and membership mentions in raw texts (writes *_mentions.csv)",
    "reconcile": "merge mentions of the same fact into canonical rows, list conflicts and listing periods",
    "validate": "check the extracted tables against the schemas and the source texts (writes a report)",
    "publish": "write processed/*.csv, processed/*.parquet and datapackage.json from validated tables",
    "evaluate": "score the published mention tables against the gold answers (writes metrics)",
}

EPILOG = """\
examples:
  python -m pipeline extract --raw-dir raw --out-dir build/extract
  python -m pipeline reconcile --raw-dir raw --in-dir build/extract --out-dir build/reconcile
  python -m pipeline validate --raw-dir raw --in-dir build/reconcile --report build/validate/report.json
  python -m pipeline publish --raw-dir raw --in-dir build/reconcile --report build/validate/report.json \\
      --out-dir processed --package datapackage.json
  python -m pipeline evaluate --texts-dir raw --gold-dir tests/gold --pred-dir processed \\
      --metrics metrics/evaluation.json --errors metrics/errors.md

  new texts (no manifest: every *.txt, source id = file stem):
  python -m pipeline extract --raw-dir my-texts --out-dir my-output

The full pipeline is `dvc repro`; exit status 0 = success, 1 = error, 2 = bad usage.
"""


class _LazyStage:
    """Imports ``pipeline.NAME`` on first use, so ``--help`` and other commands stay cheap."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._module = None

    @property
    def module(self):
        if self._module is None:
            self._module = importlib.import_module(f"pipeline.{self.name}")
        return self._module


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Build the parser; only the subcommand named in ``argv`` (if any) imports its module."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Reproducible pipeline: raw texts -> mention tables with evidence spans -> data package.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = next((a for a in (argv or []) if a in COMMANDS), None)
    for name, summary in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        sub.set_defaults(stage=_LazyStage(name))
        if name == wanted:
            sub.get_default("stage").module.add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: sys.argv[1:]), run the command, return its exit status."""
    from pipeline.schema import PipelineError

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser(argv)
        args = parser.parse_args(argv)
        return int(args.stage.module.main(args) or 0)
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
