"""Command line: ``python -m pipeline COMMAND …`` (also installed as ``mek-pipeline``).

Each command is a DVC stage named after its module; the module defines
``add_arguments(parser)`` and ``main(args) -> int`` and is imported only when its command
runs.  Pipeline errors (:class:`pipeline.core.errors.PipelineError`: bad raw input, schema
violations, refused publication) and operating-system errors (no space left, a read-only
file system, permission denied: ``error: PATH: cause``, :func:`pipeline.core.fsutil.describe_os_error`)
are printed as one ``error: …`` line on stderr with exit status 1 and no traceback; usage
errors exit 2 (argparse).  The stages write through temporary files that a failure removes,
so a failed command leaves the previous outputs as they were.

Logging is configured here, once per run (:func:`configure_logging`): stage modules log to
``logging.getLogger(__name__)``; records go to stderr, INFO and up by default, ``--quiet``
→ warnings and errors only, ``--verbose`` → DEBUG.  Warnings print as ``warning: …``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

COMMANDS: dict[str, str] = {
    "extract": "find event, designation and membership mentions in raw texts (writes *_mentions.csv)",
    "reconcile": "merge mentions of the same fact into canonical rows, list conflicts and listing periods",
    "validate": "check the extracted tables against the schemas and the source texts (writes a report)",
    "publish": "write processed/*.csv, processed/*.parquet and datapackage.json from validated tables",
    "evaluate": "score the published mention tables against the gold answers (writes metrics)",
    "document": "write the data dictionary docs/data-dictionary.md from the schemas and the published CSVs",
    "figures": "draw docs/figures/*.png (events per year, membership figures, listing periods) from processed/",
    "diff": "compare two package versions (directories or git revisions): rows added/removed/changed, schema",
    "release": "classify the change since the last release (v* tag or Release commit), set the version, re-publish",
    "serve": "browse the published SQLite database in Datasette (extra `serve`): tables, facets, search",
    "add-source": "copy a text into raw/ and append its row (sha256, bytes) to raw/sources.csv",
}

# Command -> the module that runs it: a DVC stage (pipeline.stages), a release tool
# (pipeline.release) or another command (pipeline.commands); imported only when it runs.
COMMAND_MODULES: dict[str, str] = {
    "extract": "pipeline.stages.extract",
    "reconcile": "pipeline.stages.reconcile",
    "validate": "pipeline.stages.validate",
    "publish": "pipeline.stages.publish",
    "evaluate": "pipeline.stages.evaluate",
    "document": "pipeline.stages.document",
    "figures": "pipeline.stages.figures",
    "diff": "pipeline.release.diff",
    "release": "pipeline.release.release",
    "serve": "pipeline.commands.serve",
    "add-source": "pipeline.commands.add_source",
}

# One example per command, shown by `python -m pipeline COMMAND --help`.
EXAMPLES: dict[str, str] = {
    "extract": "python -m pipeline extract --raw-dir raw --out-dir build/extract\n"
               "python -m pipeline extract --raw-dir my-texts --out-dir my-output   # new texts, no manifest\n"
               "python -m pipeline extract --raw-dir archive --out-dir out --workers 8 --cache-dir cache\n"
               "python -m pipeline extract --raw-dir archive --out-dir out --scheduler tcp://10.0.0.5:8786   # Dask",
    "reconcile": "python -m pipeline reconcile --raw-dir raw --in-dir build/extract --out-dir build/reconcile",
    "validate": "python -m pipeline validate --raw-dir raw --in-dir build/reconcile "
                "--report build/validate/report.json",
    "publish": "python -m pipeline publish --raw-dir raw --in-dir build/reconcile "
               "--report build/validate/report.json --out-dir processed --package datapackage.json",
    "evaluate": "python -m pipeline evaluate --texts-dir raw --gold-dir tests/gold --pred-dir processed "
                "--metrics metrics/evaluation.json --errors metrics/errors.md --target event.f1=0.92\n"
                "python -m pipeline evaluate --set hidden my-texts my-gold.jsonl my-output "
                "--metrics my-output/evaluation.json --errors my-output/errors.md   # your own texts",
    "document": "python -m pipeline document --processed-dir processed --out docs/data-dictionary.md",
    "figures": "python -m pipeline figures --processed-dir processed --out-dir docs/figures",
    "diff": "python -m pipeline diff v0.1.0 .",
    "release": "python -m pipeline release --dry-run",
    "serve": "python -m pipeline serve          # then open http://127.0.0.1:8001/",
    "add-source": "python -m pipeline add-source report.txt --title 'Annual report 2024' --publisher 'Example "
                  "Institute' --url https://example.org/report --published 2024-05 --license CC-BY-4.0",
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
  python -m pipeline diff v0.1.0 .            # or two tags/commits; --json for machines
  python -m pipeline release --dry-run        # then: release [--version X.Y.Z]
  python -m pipeline document --processed-dir processed --out docs/data-dictionary.md
  python -m pipeline figures --processed-dir processed --out-dir docs/figures
  python -m pipeline serve                    # the SQLite database in Datasette, http://127.0.0.1:8001/
  python -m pipeline add-source FILE --title … --publisher … --url … --published … --license …
  python -m pipeline --quiet extract --raw-dir raw --out-dir build/extract   # warnings and errors only

  new texts (no manifest: every *.txt, source id = file stem):
  python -m pipeline extract --raw-dir my-texts --out-dir my-output

Stages log what they read, how many rows they wrote and where, on stderr (--quiet: warnings
only; --verbose: per-source progress and details). `python -m pipeline COMMAND --help` shows
a command's options. The full pipeline is `dvc repro`; exit status 0 = success, 1 = error,
2 = bad usage.
"""


class _LazyStage:
    """Imports the command's module on first use, so ``--help`` and other commands stay cheap."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._module = None

    @property
    def module(self):
        if self._module is None:
            self._module = importlib.import_module(COMMAND_MODULES[self.name])
        return self._module


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's layout and ends each option's help with its default, unless it says it."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        no_default = action.default is None or action.default is False or action.default == []
        if "default" in text or no_default or action.default == argparse.SUPPRESS or not action.option_strings:
            return text
        return text + " (default: %(default)s)"


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Build the parser; only the subcommand named in ``argv`` (if any) imports its module."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Reproducible pipeline: raw texts -> mention tables with evidence spans -> data package.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="log warnings and errors only")
    loudness.add_argument("-v", "--verbose", action="store_true", help="log details and per-source progress")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = next((a for a in (argv or []) if a in COMMANDS), None)
    for name, summary in COMMANDS.items():
        example = EXAMPLES.get(name)
        sub = commands.add_parser(
            name, help=summary, description=summary, formatter_class=HelpFormatter,
            epilog="example:\n  " + example.replace("\n", "\n  ") if example else None,
        )
        sub.set_defaults(stage=_LazyStage(name))
        if name == wanted:
            sub.get_default("stage").module.add_arguments(sub)
    return parser


class _Formatter(logging.Formatter):
    """``message`` for info and debug; ``warning: message`` / ``error: message`` above."""

    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        if record.levelno >= logging.ERROR:
            return f"error: {message}"
        if record.levelno >= logging.WARNING:
            return f"warning: {message}"
        return message


def configure_logging(level: int = logging.INFO) -> None:
    """Log records of ``pipeline.*`` at ``level`` and above to the current stderr (once per run)."""
    logger = logging.getLogger("pipeline")
    for handler in [h for h in logger.handlers if getattr(h, "_pipeline_cli", False)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter("%(message)s"))
    handler._pipeline_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: sys.argv[1:]), run the command, return its exit status."""
    from pipeline.core.errors import PipelineError

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser(argv)
        args = parser.parse_args(argv)
        configure_logging(logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO)
        return int(args.stage.module.main(args) or 0)
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, a read-only or forbidden directory: one line, no traceback
        from pipeline.core.fsutil import describe_os_error

        print(f"error: {describe_os_error(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
