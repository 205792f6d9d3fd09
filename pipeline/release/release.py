"""Command ``release``: give the data package the version its changes require.

    python -m pipeline release [--version X.Y.Z] [--against REV_OR_DIR] [--date YYYY-MM-DD]
        [--changelog CHANGELOG.md] [--dry-run]
        [--raw-dir … --in-dir … --report … --out-dir … --package …]

1. The last release: ``--against`` (a directory holding ``datapackage.json`` and
   ``processed/``, or a Git revision), by default the highest version among the ``vX.Y.Z``
   Git tags and the commits of the current branch whose subject is ``Release X.Y.Z`` (the
   commit this command tells you to make: a clone of main alone has no tags, but has
   those), read with ``git show REV:./PATH`` (nothing is checked out).  With neither, nothing was
   released: every resource is new, the last version counts as 0.0.0 and the first
   release is 0.1.0.
2. The working package (``--package``, default ``datapackage.json``, and the files it
   lists) is compared with it (:mod:`pipeline.release.diff`) and the change classified MAJOR /
   MINOR / PATCH / NONE (rules in :mod:`pipeline.release.diff`'s docstring).
3. The version: ``--version``, or the smallest version the change allows.  Refused (exit
   1, nothing written) when it is not greater than the last release, is smaller than the
   change requires (last 1.4.2: MAJOR needs >= 2.0.0, MINOR >= 1.5.0, PATCH or NONE >=
   1.4.3), or its tag or changelog entry already exists.
4. Writes the version into ``pipeline/metadata.json`` (the one source of the version),
   ``pyproject.toml`` and ``CITATION.cff`` (when present), re-runs ``publish`` with the
   publish stage's options from ``dvc.yaml`` (each overridable with the same option here) so ``datapackage.json``
   (``version``, ``x-release``) and the Parquet metadata carry the version, checks the
   re-published data equals what was classified (else ``processed/`` was stale: every
   file is restored and the release refused), then prepends the ``CHANGELOG.md`` entry:
   version, tag ``vX.Y.Z``, the classification and its reasons, and the diff summary.
5. Prints the commands that finish the release (``dvc repro`` to record the new hashes in
   ``dvc.lock``, ``git add``/``commit``/``tag``).  It never commits or tags itself.

When the change is NONE (the package equals the last release but for its version,
release metadata, hashes or bytes), there is nothing to release: the command says so and
exits 0 without writing anything, with or without ``--dry-run`` or ``--version``.

Nothing depends on the clock: the changelog carries a date only when ``--date`` is given.
Versions are plain ``MAJOR.MINOR.PATCH`` (no pre-release or build suffixes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shlex
import sys
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.package import catalogue, datapackage, sqlite
from pipeline.release import diff
from pipeline.stages import publish

SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
TAG_PREFIX = "v"
FIRST_VERSION = (0, 1, 0)
CHANGELOG_HEADER = """# Changelog

Releases of the data package (`datapackage.json` + `processed/`), newest first. Each is the
commit `Release X.Y.Z` of main (and the Git tag `vX.Y.Z` where maintainers push tags); pin
its commit as the README's *Pinning a release* shows. Versions follow the
Data Package version recipe as `python -m pipeline release` applies it (README,
*Releases and versions*): MAJOR breaks a pinned consumer (a field or a row removed, a
field added, re-typed or re-ordered, a constraint tightened), MINOR adds (rows,
resources), PATCH corrects values. Entries are written by `python -m pipeline release`.
"""
_PUBLISH_OPTIONS = ("raw_dir", "in_dir", "report", "out_dir", "package")


class ReleaseError(PipelineError):
    """The release was refused; nothing was changed (or everything was restored)."""


Version = tuple[int, int, int]


def parse_version(text: str) -> Version:
    """``"1.2.3"`` → ``(1, 2, 3)``; ReleaseError unless plain MAJOR.MINOR.PATCH."""
    m = SEMVER.match(text or "")
    if not m:
        raise ReleaseError(f"{text!r} is not a version MAJOR.MINOR.PATCH (e.g. 0.2.0)")
    return int(m[1]), int(m[2]), int(m[3])


def version_text(version: Version) -> str:
    return ".".join(map(str, version))


def bump(version: Version, level: str) -> Version:
    """The smallest version after ``version`` that a change of ``level`` allows."""
    major, minor, patch = version
    if level == "major":
        return major + 1, 0, 0
    if level == "minor":
        return major, minor + 1, 0
    return major, minor, patch + 1  # patch, and none (a new release is still a new version)


def check_version(requested: Version, last: Version, level: str) -> None:
    """Refuse a version not greater than ``last`` or smaller than ``level`` requires."""
    needed = bump(last, level)
    if requested <= last:
        raise ReleaseError(
            f"version {version_text(requested)} is not greater than the last release {version_text(last)}"
        )
    if requested < needed:
        raise ReleaseError(
            f"version {version_text(requested)} is too small: the change since {version_text(last)} is "
            f"{level.upper()}, which needs at least {version_text(needed)}"
        )


def release_tags(cwd: Path) -> list[tuple[Version, str]]:
    """The ``vX.Y.Z`` tags of the repository of ``cwd``, highest version first ([] outside Git)."""
    result = diff.git(cwd, "tag", "--list", f"{TAG_PREFIX}*")
    if result.returncode != 0:
        return []
    tags = []
    for tag in result.stdout.decode().split():
        if SEMVER.match(tag[len(TAG_PREFIX):]):
            tags.append((parse_version(tag[len(TAG_PREFIX):]), tag))
    return sorted(tags, reverse=True)


RELEASE_SUBJECT = re.compile(r"^Release (0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def release_commits(cwd: Path) -> list[tuple[Version, str]]:
    """The release commits of the current branch (subject ``Release X.Y.Z``, as ``release`` prints
    them), highest version first: how a clone of main alone, without tags, finds its releases."""
    result = diff.git(cwd, "log", "--format=%H%x00%s")
    if result.returncode != 0:
        return []
    found: dict[Version, str] = {}
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        commit, _, subject = line.partition("\0")
        m = RELEASE_SUBJECT.match(subject)
        if m:
            found.setdefault((int(m[1]), int(m[2]), int(m[3])), commit)  # newest commit of a version
    return sorted(found.items(), reverse=True)


def baseline(against: str | None, cwd: Path, package: str) -> tuple[diff.Package, Version]:
    """The last released package and its version (see the module docstring, step 1)."""
    if against is None:
        releases = sorted(release_tags(cwd) + release_commits(cwd), reverse=True)
        if not releases:
            return diff.empty_package("nothing (first release)"), (0, 0, 0)
        version, rev = releases[0]
        return diff.load_rev(rev, cwd, package), version
    old = diff.load(against, cwd, package)
    if not old.version:
        raise ReleaseError(f"{against}: its {package} has no version")
    return old, parse_version(old.version)


def tag_exists(tag: str, cwd: Path) -> bool:
    return diff.git(cwd, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}").returncode == 0


# --- files ----------------------------------------------------------------------------


def pyproject_path() -> Path:
    return datapackage.METADATA_PATH.resolve().parents[1] / "pyproject.toml"


def set_metadata_version(path: Path, version: str) -> None:
    """Replace the ``"version"`` value of ``pipeline/metadata.json`` in place (formatting kept)."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r'("version"\s*:\s*)"[^"]*"', lambda m: f'{m[1]}"{version}"', text, count=1)
    if count != 1 or json.loads(new).get("version") != version:
        raise ReleaseError(f"{path}: no top-level \"version\" to set")
    path.write_text(new, encoding="utf-8")


def set_pyproject_version(path: Path, version: str) -> None:
    """Replace ``version = "…"`` in the ``[project]`` table of ``pyproject.toml`` in place."""
    text = path.read_text(encoding="utf-8")
    section = re.search(r"(?ms)^\[project\][^\n]*\n(.*?)(?=^\[|\Z)", text)
    line = section and re.search(r'(?m)^version\s*=\s*"[^"]*"[ \t]*$', section[1])
    if not line:
        raise ReleaseError(f"{path}: no version = \"…\" line in [project]")
    start = section.start(1) + line.start()
    path.write_text(text[:start] + f'version = "{version}"' + text[section.start(1) + line.end():], encoding="utf-8")


def citation_path() -> Path:
    return datapackage.METADATA_PATH.resolve().parents[1] / "CITATION.cff"


def set_citation_version(path: Path, version: str) -> None:
    """Replace the top-level ``version:`` line of ``CITATION.cff`` in place (nothing if no such file)."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^version:[ \t]*\S.*$", f"version: {version}", text, count=1)
    if count != 1:
        raise ReleaseError(f"{path}: no top-level version: line")
    path.write_text(new, encoding="utf-8")


def changelog_entry(
    version: str, level: str, reasons: list[str], summary: str, against: str, date: str | None = None
) -> str:
    """The Markdown entry of one release (no clock: the date only if given)."""
    tag = TAG_PREFIX + version
    heading = f"## {version}" + (f" — {date}" if date else "") + f" — tag `{tag}`"
    lines = [heading, "", f"Git tag `{tag}`. Compared with {against}: **{level.upper()}**."]
    if reasons:
        lines += ["", "Why:", ""] + [f"- {r}" for r in reasons]
    else:
        lines += ["", "No data or schema change (only the version and release metadata)."]
    lines += ["", "Changes by resource (`python -m pipeline diff`):", "", "```text", summary.rstrip("\n"), "```", ""]
    return "\n".join(lines)


def _check_no_entry(path: Path, text: str, version: str) -> None:
    if re.search(rf"(?m)^## {re.escape(version)}(?: |$)", text):
        raise ReleaseError(f"{path}: already has an entry for {version}")


def prepend_changelog(path: Path, entry: str, version: str) -> None:
    """Insert ``entry`` before the newest entry (after the preamble); refuse a duplicate version."""
    text = path.read_text(encoding="utf-8") if path.exists() else CHANGELOG_HEADER
    _check_no_entry(path, text, version)
    first = re.search(r"(?m)^## ", text)
    cut = first.start() if first else len(text)
    head = text[:cut].rstrip("\n") + "\n\n"
    path.write_text(head + entry + ("\n" + text[cut:] if first else ""), encoding="utf-8")


def publish_options(dvc_yaml: Path = Path("dvc.yaml")) -> dict[str, Path]:
    """The options the ``publish`` stage runs with in ``dvc.yaml`` (publish's defaults otherwise)."""
    parser = argparse.ArgumentParser(add_help=False)
    publish.add_arguments(parser)
    argv: list[str] = []
    if dvc_yaml.is_file():
        import yaml  # PyYAML, a dependency of frictionless

        stage = (yaml.safe_load(dvc_yaml.read_text(encoding="utf-8")) or {}).get("stages", {}).get("publish", {})
        words = shlex.split(stage.get("cmd", "")) if isinstance(stage.get("cmd"), str) else []
        if "publish" in words:
            argv = words[words.index("publish") + 1:]
    known, _ = parser.parse_known_args(argv)
    return {k: getattr(known, k) for k in _PUBLISH_OPTIONS}


class _Snapshot:
    """The bytes of some files (None = absent), to put back if the release fails half-way."""

    def __init__(self, paths: list[Path]) -> None:
        self.saved = {p: (p.read_bytes() if p.is_file() else None) for p in dict.fromkeys(paths)}

    def restore(self) -> None:
        for path, data in self.saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)


# --- command --------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``release`` command's options (the publish options default to dvc.yaml's)."""
    parser.add_argument("--version", dest="release_version", metavar="X.Y.Z",
                        help="version to release (default: the smallest the change allows; 0.1.0 first)")
    parser.add_argument("--against", metavar="REV_OR_DIR",
                        help="last release: a Git revision or a directory (default: the highest v* tag)")
    parser.add_argument("--date", help="YYYY-MM-DD to print in the changelog entry (default: no date)")
    parser.add_argument("--changelog", type=Path, help="changelog to prepend to (default: CHANGELOG.md beside "
                                                         "the package)")
    parser.add_argument("--dry-run", action="store_true", help="classify and print the entry; write nothing")
    parser.add_argument("--limit", type=int, default=20, help="at most N keys per list in the summary (default 20)")
    group = parser.add_argument_group("publish options (default: as the publish stage in dvc.yaml runs)")
    publish.add_arguments(group)
    parser.set_defaults(**dict.fromkeys(_PUBLISH_OPTIONS))


def _rel(path: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), Path.cwd())).as_posix()
    except ValueError:
        return str(path)


def _check_not_stale(options: dict[str, Path], current: diff.Package, package: Path) -> None:
    """Refuse when ``processed/`` is not what ``publish`` makes from the inputs (published to a scratch dir)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="release-check-") as tmp:
        scratch = Path(tmp)
        publish.publish(options["raw_dir"], options["in_dir"], options["report"], scratch / "processed",
                        scratch / package.name)
        drift, why = diff.classify(diff.diff_packages(current, diff.load_dir(scratch, package.name)))
    if drift != "none":
        raise ReleaseError(
            f"{_rel(package)} and {_rel(Path(options['out_dir']))}/ are not what `publish` makes from "
            f"{options['in_dir']} ({'; '.join(why[:3])}): run `dvc repro`, then release again"
        )


def main(args: argparse.Namespace) -> int:
    """Run the release (see module docstring); ReleaseError/PipelineError → exit 1."""
    options = publish_options()
    for key in _PUBLISH_OPTIONS:
        if getattr(args, key) is not None:
            options[key] = getattr(args, key)
    package = Path(options["package"])
    cwd = package.resolve().parent
    if args.date is not None:
        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            raise ReleaseError(f"--date {args.date!r} is not YYYY-MM-DD") from None

    old, last = baseline(args.against, cwd, package.name)
    current = diff.load_dir(cwd, package.name)
    changes = diff.diff_packages(old, current)
    level, reasons = diff.classify(changes)
    if old.descriptor:
        label = args.against or (old.label[:12] if re.fullmatch(r"[0-9a-f]{40}", old.label) else old.label)
        against = f"`{label}` (version {version_text(last)})"
        if level == "none":  # same rows, schemas and descriptions: a new version would say nothing new
            _check_not_stale(options, current, package)
            print(f"nothing to release: the package is the same as {against} "
                  "(no row, schema or description changed)")
            return 0
    else:
        against = "nothing (first release: no earlier v* tag, every resource is new)"
    version = parse_version(args.release_version) if args.release_version else (
        FIRST_VERSION if not old.descriptor else bump(last, level))
    check_version(version, last, level)
    text, tag = version_text(version), TAG_PREFIX + version_text(version)
    if tag_exists(tag, cwd):
        raise ReleaseError(f"tag {tag} already exists")
    changelog = args.changelog or cwd / "CHANGELOG.md"
    if changelog.exists():
        released = re.search(r"(?m)^## ([0-9]+\.[0-9]+\.[0-9]+)", changelog.read_text(encoding="utf-8"))
        if released and not old.descriptor:
            raise ReleaseError(
                f"{_rel(changelog)} records release {released[1]}, but no v* tag and no `Release X.Y.Z` commit of "
                "this branch says where it is: pass --against REV (the commit or directory of the last release)"
            )
        _check_no_entry(changelog, changelog.read_text(encoding="utf-8"), text)
    changes["new"] = {"label": tag, "version": text}
    summary = diff.format_text(changes, args.limit or None, header=False)
    entry = changelog_entry(text, level, reasons, summary, against, args.date)
    print(f"release {text} (tag {tag}): {level.upper()} change since {against}")
    for reason in reasons:
        print(f"  - {reason}")
    if args.dry_run:
        print(f"\n(dry run: nothing written) the {_rel(changelog)} entry would be:\n\n{entry}")
        return 0

    out_dir = Path(options["out_dir"])
    names = [*current.tables, *catalogue.RESOURCES]
    outputs = [out_dir / f"{name}.{ext}" for name in names for ext in ("csv", "parquet")]
    outputs.append(out_dir / sqlite.file_name(datapackage.load_metadata()["name"]))
    snapshot = _Snapshot([datapackage.METADATA_PATH, pyproject_path(), citation_path(), package, changelog, *outputs])
    try:
        set_metadata_version(datapackage.METADATA_PATH, text)
        set_pyproject_version(pyproject_path(), text)
        set_citation_version(citation_path(), text)
        publish.publish(options["raw_dir"], options["in_dir"], options["report"], out_dir, package)
        republished = diff.diff_packages(current, diff.load_dir(cwd, package.name))
        drift, why = diff.classify(republished)
        if drift != "none":
            raise ReleaseError(
                f"{_rel(package)} and {_rel(out_dir)}/ are not what `publish` makes from {options['in_dir']} "
                f"({'; '.join(why[:3])}): run `dvc repro`, then release again; all files restored"
            )
        prepend_changelog(changelog, entry, text)
    except BaseException:
        snapshot.restore()
        raise
    files = [changelog, datapackage.METADATA_PATH, pyproject_path(), *[p for p in [citation_path()] if p.is_file()],
             package, out_dir]
    print(f"\nwrote {', '.join(_rel(p) for p in files)}")
    print("next:")
    if Path("dvc.yaml").is_file():
        print("  dvc repro   # records the new metadata.json and output hashes in dvc.lock; outputs stay identical")
    add = " ".join(shlex.quote(_rel(p)) for p in files) + (" dvc.lock" if Path("dvc.lock").exists() else "")
    print(f"  git add {add}")
    print(f"  git commit -m {shlex.quote(f'Release {text}')}")
    name = datapackage.load_metadata().get("name", "data")
    print(f"  git tag -a {tag} -m {shlex.quote(f'{name} {text}')}")
    print(f"  git push origin HEAD {tag}")
    sys.stdout.flush()
    return 0
