"""The command line: help with examples, logging levels (--quiet / --verbose), errors unchanged."""

from __future__ import annotations

import argparse

import pytest

from pipeline.__main__ import COMMANDS, build_parser, main

TEXT = "The MEK was founded on 5 September 1965 in Tehran. On 20 June 1981, a bomb killed 72 people.\n"
BAD_DATE = "The MEK office was raided on 31 February 1990.\n"


def test_every_command_help_says_what_it_does_with_an_example(capsys):
    for name, summary in COMMANDS.items():
        with pytest.raises(SystemExit) as exit_:
            main([name, "--help"])
        assert exit_.value.code == 0
        out = capsys.readouterr().out
        assert " ".join(summary.split()) in " ".join(out.split()), name
        assert f"example:\n  python -m pipeline {name} " in out, name


def test_top_level_help_lists_commands_and_global_flags(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--quiet" in out and "--verbose" in out and "python -m pipeline --quiet extract" in out
    assert all(name in out for name in COMMANDS)


@pytest.fixture
def texts(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "alpha.txt").write_text(TEXT, encoding="utf-8")
    (raw / "beta.txt").write_text(BAD_DATE, encoding="utf-8")
    return raw


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_default_logs_what_was_read_produced_and_written(texts, tmp_path, capsys):
    status, out, err = run(capsys, "extract", "--raw-dir", str(texts), "--out-dir", str(tmp_path / "o"))
    assert status == 0 and out == ""
    assert f"extract: read 2 texts ({len(TEXT) + len(BAD_DATE)} characters) from {texts}" in err
    assert f"rows -> {tmp_path / 'o' / 'event_mentions.csv'}" in err
    assert "warning: beta chars " in err and "'31 February 1990'" in err and "no row written" in err
    assert "[1] alpha" not in err  # per-source progress is debug


def test_verbose_adds_per_source_progress(texts, tmp_path, capsys):
    status, _, err = run(capsys, "--verbose", "extract", "--raw-dir", str(texts), "--out-dir", str(tmp_path / "o"))
    assert status == 0
    assert "extract: [1] alpha: " in err and "extract: [2] beta: " in err


def test_quiet_keeps_only_warnings(texts, tmp_path, capsys):
    status, _, err = run(capsys, "-q", "extract", "--raw-dir", str(texts), "--out-dir", str(tmp_path / "o"))
    assert status == 0
    assert [line.split(" chars ")[0] for line in err.splitlines()] == ["warning: beta"]


def test_errors_keep_their_format_under_quiet(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    status, _, err = run(capsys, "--quiet", "extract", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "o"))
    assert status == 1 and err.startswith("error: ") and "latin.txt" in err and "Traceback" not in err


def test_quiet_and_verbose_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--quiet", "--verbose", "extract"])
    assert exit_.value.code == 2


def _sub_parser(command: str):
    parser = build_parser([command])
    sub = next(a for a in parser._actions if isinstance(getattr(a, "choices", None), dict))  # the sub-commands
    return sub.choices[command]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_option_has_help_and_shows_its_default(command, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # no line wrapping inside a default such as docs/data-dictionary.md
    sub = _sub_parser(command)
    for action in sub._actions:
        if action.option_strings == ["-h", "--help"]:
            continue
        assert action.help and action.help.strip(), f"{command} {action.option_strings or action.dest}: no help"
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for action in sub._actions:
        meaningful = action.default not in (None, False, [], argparse.SUPPRESS)
        if action.option_strings and meaningful:
            shown = str(action.default)
            assert f"default: {shown})" in text or f"default {shown}" in text or f"default: {shown};" in text, (
                command, action.option_strings, shown)


def test_defaults_are_added_to_help_that_does_not_state_one(capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--raw-dir RAW_DIR directory of *.txt sources (default: raw)" in out
    assert out.count("(default: raw)") == 1
