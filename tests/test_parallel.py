"""Extraction over many documents: workers, the ordered bounded window, the result cache, progress."""

from __future__ import annotations

import datetime as dt
import io
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.__main__ import main
from pipeline.core import runner
from pipeline.extractors.organisation import resolve
from pipeline.stages.extract import jobs, process_document
from pipeline.text.dates import DocumentDate

REPO = Path(__file__).resolve().parents[1]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def crafted(i: int) -> str:
    """A short text naming the organisation the texts are coded for (the default, the MEK): an attack, a
    listing and a membership figure, all varied by i."""
    y = 1950 + i % 70
    return (f"Bulletin {i}\n\nOn {1 + i % 28} {MONTHS[i % 12]} {y}, the MEK bombed a depot "
            f"in Lyon, killing {2 + i % 9} people. The group was designated a terrorist organisation by the "
            f"European Union in {y + 1}. About {1000 + 7 * i:,} members of the group lived in camps in {y + 2}.\n")


def write_corpus(raw: Path, n: int, start: int = 0) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (raw / f"doc-{i:04d}.txt").write_text(crafted(i), encoding="utf-8", newline="")


def mixed_corpus(raw: Path) -> None:
    """The real sources (without their manifest), crafted texts, and one with an impossible date (a reject)."""
    raw.mkdir(parents=True)
    for path in sorted((REPO / "raw").glob("*.txt")):
        shutil.copyfile(path, raw / path.name)
    write_corpus(raw, 12)
    (raw / "impossible.txt").write_text(
        "On 31 February 1990, the MEK bombed a depot in Lyon, killing 4 people.\n", encoding="utf-8")


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def extract(raw: Path, out: Path, *options: str) -> int:
    return main(["--quiet", "extract", "--raw-dir", str(raw), "--out-dir", str(out), *options])


def test_output_is_byte_identical_for_one_two_and_three_workers(tmp_path):
    raw = tmp_path / "raw"
    mixed_corpus(raw)
    outputs = {}
    for n in (1, 2, 3):
        assert extract(raw, tmp_path / f"out{n}", "--workers", str(n)) == 0
        outputs[n] = files(tmp_path / f"out{n}")
    assert set(outputs[1]) == {"event_mentions.csv", "designation_mentions.csv", "membership_mentions.csv",
                               "rejects.csv", "counts.json"}
    assert b"impossible date" in outputs[1]["rejects.csv"]
    assert outputs[1]["event_mentions.csv"].count(b"\n") > 300
    assert outputs[2] == outputs[1]
    assert outputs[3] == outputs[1]


def test_the_default_uses_every_available_core():
    assert runner.available_cores() == len(os.sched_getaffinity(0))


# --- the runner with a stand-in per-document function ------------------------------------------


def echo(job: runner.DocumentJob) -> runner.DocumentResult:
    """Module-level (picklable) stand-in: sleeps ``context['delay']`` seconds, returns the text as its row."""
    time.sleep(job.context.get("delay", 0))
    if job.context.get("fail"):
        raise ValueError(f"cannot process {job.source_id}")
    return runner.DocumentResult(job.source_id, {"t": job.text}, {"t": 1}, {"t": 1}, [])


def test_results_come_in_job_order_even_when_the_first_job_finishes_last():
    todo = [runner.DocumentJob(f"d{i}", f"text {i}\n", {"delay": 0.5 if i == 0 else 0}) for i in range(8)]
    got = [r.source_id for r in runner.run(echo, todo, workers=3)]
    assert got == [f"d{i}" for i in range(8)]


def test_the_window_bounds_the_jobs_taken_from_the_iterator():
    taken = []

    def lazy():
        for i in range(40):
            taken.append(i)
            yield runner.DocumentJob(f"d{i:02d}", "x" * 10)

    ahead = []
    for n, _result in enumerate(runner.run(echo, lazy(), workers=2, window=3), start=1):
        ahead.append(len(taken) - n)
    assert len(ahead) == 40
    assert max(ahead) <= 3  # never more than the window in flight or waiting
    assert max(ahead) >= 1  # and it did run ahead


def test_the_window_also_bounds_characters_in_flight():
    taken = []

    def lazy():
        for i in range(10):
            taken.append(i)
            yield runner.DocumentJob(f"d{i}", "x" * 100)

    ahead = [len(taken) - n for n, _ in enumerate(runner.run(echo, lazy(), workers=2, window=8, max_chars=250),
                                                   start=1)]
    assert max(ahead) <= 3  # 3 texts of 100 characters reach the 250 limit


def test_a_failing_job_stops_the_run_with_its_error():
    todo = [runner.DocumentJob(f"d{i}", "x", {"fail": i == 2}) for i in range(6)]
    with pytest.raises(ValueError, match="cannot process d2"):
        list(runner.run(echo, todo, workers=2))


def _recording_pool(monkeypatch, sizes: list[int], slots: int = 2) -> None:
    """Stand in for a pool of ``slots`` processes that runs each task here and records its number of jobs."""
    def submit(fn, jobs):
        sizes.append(len(jobs))
        return runner._Ready((runner.code_version(), [fn(job) for job in jobs]))

    monkeypatch.setattr(runner._executor, "__enter__", lambda self: (submit, slots, lambda f: None))


def test_a_pool_sends_consecutive_small_jobs_as_one_task(monkeypatch):
    sizes: list[int] = []
    _recording_pool(monkeypatch, sizes)
    todo = [runner.DocumentJob(f"d{i}", "x" * 10) for i in range(7)]
    got = [r.source_id for r in runner.run(echo, todo, workers=2, window=40, batch_chars=30)]
    assert got == [f"d{i}" for i in range(7)]
    assert sizes == [3, 3, 1]  # 30 characters a task; the last one sent as it is when its job is awaited


def test_a_task_holds_at_most_a_share_of_the_window(monkeypatch):
    sizes: list[int] = []
    _recording_pool(monkeypatch, sizes)
    todo = [runner.DocumentJob(f"d{i}", "x") for i in range(9)]
    assert len(list(runner.run(echo, todo, workers=2, window=8, batch_chars=10**6))) == 9
    assert sizes == [2, 2, 2, 2, 1]  # 8 jobs pending for 2 workers: two tasks of 2 each


def test_with_the_expected_size_the_last_tasks_are_smaller(monkeypatch):
    monkeypatch.setattr(runner, "MIN_TASK_CHARS", 20)
    sizes: list[int] = []
    _recording_pool(monkeypatch, sizes)
    todo = [runner.DocumentJob(f"d{i:02d}", "x" * 10) for i in range(40)]
    got = [r.source_id for r in runner.run(echo, todo, workers=2, window=200, batch_chars=80, expected_chars=400)]
    assert got == [f"d{i:02d}" for i in range(40)]
    # A task takes jobs until it holds (400 - characters taken before its last job) // 8 (a quarter of
    # each worker's share of what is left; 80 at most, 20 at least): 50 at first, so five jobs
    # (taken 40 when the fifth comes: 45 <= 50), then 4, 4, 4, 3, 3, 2 and pairs at the minimum;
    # the last job is sent alone when it is awaited.
    assert sizes == [5, 4, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 1]
    assert sum(sizes) == 40


def test_the_task_limit_near_the_end():
    assert runner._task_chars(256_000, None, 9_000_000, 2) == 256_000  # no expected size: always the most
    assert runner._task_chars(256_000, 10_000_000, 0, 2) == 256_000
    assert runner._task_chars(256_000, 10_000_000, 9_600_000, 2) == 50_000  # 400,000 left: 1/4 of 200,000
    assert runner._task_chars(256_000, 10_000_000, 10_000_000, 2) == runner.MIN_TASK_CHARS
    assert runner._task_chars(256_000, 10_000_000, 12_000_000, 2) == runner.MIN_TASK_CHARS  # more than expected


def test_one_worker_and_a_cluster_send_one_job_a_task(monkeypatch):
    sizes: list[int] = []
    _recording_pool(monkeypatch, sizes, slots=1)
    todo = [runner.DocumentJob(f"d{i}", "x") for i in range(4)]
    assert len(list(runner.run(echo, todo, workers=1, batch_chars=10**6))) == 4
    assert len(list(runner.run(echo, todo, workers=2, scheduler="tcp://127.0.0.1:1", batch_chars=10**6))) == 4
    assert sizes == [1] * 8


def test_cached_jobs_are_not_sent(monkeypatch, tmp_path):
    cache = runner.ResultCache(tmp_path / "cache")
    todo = [runner.DocumentJob(f"d{i}", "x" * 10) for i in range(6)]
    list(runner.run(echo, todo[:3], cache=cache))
    sizes: list[int] = []
    _recording_pool(monkeypatch, sizes)
    stats = runner.RunStats()
    got = [r.source_id for r in runner.run(echo, todo, workers=2, window=40, batch_chars=100, cache=cache, stats=stats)]
    assert got == [f"d{i}" for i in range(6)]
    assert sizes == [3] and (stats.cached, stats.computed) == (3, 3)


def test_a_worker_running_other_code_is_refused(monkeypatch):
    def other_code(fn, jobs):
        return runner._Ready(("0" * 64, [fn(job) for job in jobs]))

    monkeypatch.setattr(runner._executor, "__enter__", lambda self: (other_code, 1, lambda f: None))
    with pytest.raises(runner.RunError, match="other pipeline code"):
        list(runner.run(echo, [runner.DocumentJob("d", "x")]))


def test_bad_text_met_half_way_with_workers_leaves_the_previous_output(tmp_path, capsys):
    raw = tmp_path / "raw"
    write_corpus(raw, 6)
    out = tmp_path / "out"
    assert extract(raw, out, "--workers", "2") == 0
    before = files(out)
    (raw / "doc-0003.txt").write_bytes(b"On 3 May 1990 \xff the Front bombed a depot.\n")
    assert extract(raw, out, "--workers", "2") == 1
    assert f"error: {raw / 'doc-0003.txt'}: not valid UTF-8" in capsys.readouterr().err
    assert files(out) == before
    assert not list(out.glob(".*"))


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_workers_must_be_a_positive_integer(tmp_path, value):
    with pytest.raises(SystemExit) as exc:
        extract(tmp_path, tmp_path / "out", "--workers", value)
    assert exc.value.code == 2


# --- the result cache ------------------------------------------------------------------------


def test_adding_one_text_to_a_thousand_extracts_only_that_text(tmp_path, capsys):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    write_corpus(raw, 1000)
    assert extract(raw, tmp_path / "first", "--cache-dir", str(cache), "--workers", "1") == 0
    write_corpus(raw, 1, start=1000)
    stats = runner.RunStats()
    from pipeline.package.sources import iter_texts
    from pipeline.stages.extract import stream

    stream(iter_texts(raw), {}, tmp_path / "incremental", cache=runner.ResultCache(cache), stats=stats)
    assert (stats.computed, stats.cached) == (1, 1000)
    main(["extract", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "again"), "--cache-dir", str(cache)])
    assert "0 documents extracted" in capsys.readouterr().err
    assert extract(raw, tmp_path / "full", "--workers", "1") == 0  # no cache
    for name in ("event_mentions.csv", "designation_mentions.csv", "membership_mentions.csv"):
        full = (tmp_path / "full" / name).read_bytes()
        assert (tmp_path / "incremental" / name).read_bytes() == full
        assert full.count(b"\n") == 1002  # header + one row per text
    assert files(tmp_path / "again") == files(tmp_path / "full")


def test_cached_results_give_the_same_bytes_as_a_fresh_run(tmp_path):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    mixed_corpus(raw)
    assert extract(raw, tmp_path / "fresh", "--workers", "1") == 0
    assert extract(raw, tmp_path / "fill", "--cache-dir", str(cache), "--workers", "2") == 0
    assert extract(raw, tmp_path / "hit", "--cache-dir", str(cache), "--workers", "3") == 0
    assert files(tmp_path / "fill") == files(tmp_path / "fresh")
    assert files(tmp_path / "hit") == files(tmp_path / "fresh")


def test_a_changed_text_or_option_or_code_version_is_a_miss(tmp_path):
    cache = runner.ResultCache(tmp_path, version="a" * 64)
    job = runner.DocumentJob("doc", "On 3 May 1990 the Front bombed a depot.", {"this_year": 2020})
    key = cache.key(job)
    assert cache.get(key) is None
    cache.put(key, process_document(job))
    hit = cache.get(key)
    assert hit is not None and hit.cached and hit.tables == process_document(job).tables
    assert cache.key(runner.DocumentJob("doc", job.text + " ", job.context)) != key
    assert cache.key(runner.DocumentJob("doc", job.text, {"this_year": 2021})) != key
    assert cache.key(runner.DocumentJob("other", job.text, job.context)) != key
    assert runner.ResultCache(tmp_path, version="b" * 64).key(job) != key


def test_an_unreadable_cache_entry_is_recomputed(tmp_path):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    write_corpus(raw, 3)
    assert extract(raw, tmp_path / "a", "--cache-dir", str(cache)) == 0
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 3
    entries[0].write_text('{"source_id": "doc-0000", "tables"', encoding="utf-8")  # cut short
    entries[1].write_text("[]", encoding="utf-8")
    assert extract(raw, tmp_path / "b", "--cache-dir", str(cache)) == 0
    assert files(tmp_path / "b") == files(tmp_path / "a")


def test_the_code_version_covers_the_extractors_lexicons_and_schemas():
    hashed = {p.relative_to(runner.PACKAGE_DIR).as_posix() for p in runner.PACKAGE_DIR.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    assert {"extractors/lexicon.py", "extractors/events.py", "schemas/event_mentions.json", "stages/extract.py",
            "text/dates.py", "text/segment.py", "text/numbers.py", "extractors/lexicons/events.json",
            "extractors/organisations/mek.json", "extractors/rules/events.json"} <= hashed
    assert len(runner.code_version()) == 64


def test_a_context_that_cannot_be_hashed_is_not_cached(tmp_path):
    cache = runner.ResultCache(tmp_path, version="a" * 64)
    assert cache.key(runner.DocumentJob("doc", "text", {"profile": object()})) is None
    stats = runner.RunStats()
    todo = [runner.DocumentJob("doc", "text", {"profile": object()})]
    assert [r.source_id for r in runner.run(echo, todo, cache=cache, stats=stats)] == ["doc"]
    assert stats.computed == 1 and not list(cache.dir.rglob("*.json"))


def test_entries_of_other_code_versions_are_removed(tmp_path):
    old = runner.ResultCache(tmp_path, version="a" * 64)
    old.prepare()
    job = runner.DocumentJob("doc", "text")
    old.put(old.key(job), echo(job))
    keep = tmp_path / "not-a-cache"
    keep.mkdir()
    new = runner.ResultCache(tmp_path, version="b" * 64)
    new.prepare()
    assert not old.dir.exists() and new.dir.is_dir() and keep.is_dir()


# --- a Dask cluster ---------------------------------------------------------------------------


def dask_distributed():
    """The ``distributed`` module: required in CI (the dev extra installs it), else the test is skipped."""
    if os.environ.get("CI"):
        import distributed

        return distributed
    return pytest.importorskip("distributed", reason="pip install -e '.[dev]' installs dask[distributed]")


def test_a_dask_cluster_of_two_workers_gives_the_same_bytes(tmp_path):
    distributed = dask_distributed()
    raw = tmp_path / "raw"
    mixed_corpus(raw)
    assert extract(raw, tmp_path / "local", "--workers", "1") == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert extract(raw, tmp_path / "dask", "--scheduler", cluster.scheduler_address) == 0
        with distributed.Client(cluster) as client:
            assert len(client.nthreads()) == 2
    assert files(tmp_path / "dask") == files(tmp_path / "local")


def test_a_dask_run_keeps_the_order_and_the_window():
    distributed = dask_distributed()
    taken = []

    def lazy():
        for i in range(12):
            taken.append(i)
            yield runner.DocumentJob(f"d{i:02d}", f"text {i}", {"delay": 0.3 if i % 5 == 0 else 0})

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        got, ahead = [], []
        for n, r in enumerate(runner.run(echo, lazy(), scheduler=cluster.scheduler_address, window=4), start=1):
            got.append(r.source_id)
            ahead.append(len(taken) - n)
    assert got == [f"d{i:02d}" for i in range(12)]
    assert max(ahead) <= 4


# --- progress -------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_only():
    tty = Terminal()
    bar = runner.Progress(4, 4_000_000, stream=tty, interval=0)
    for _ in range(4):
        bar.update(1_000_000)
    bar.close()
    lines = tty.getvalue()
    assert lines.startswith("\r") and lines.endswith("\n")
    assert "1/4 documents (25 %)" in lines and "4/4 documents (100 %)" in lines and "MB/s" in lines
    plain = io.StringIO()
    bar = runner.Progress(4, 4_000_000, stream=plain, interval=0)
    bar.update(1_000_000)
    bar.close()
    assert plain.getvalue() == ""
    quiet = Terminal()
    bar = runner.Progress(4, 4_000_000, stream=quiet, enabled=False, interval=0)
    bar.update(1_000_000)
    bar.close()
    assert quiet.getvalue() == ""


def test_progress_line_gives_the_rate_and_the_time_left():
    bar = runner.Progress(10, 10_000_000, stream=io.StringIO())
    bar.documents, bar.bytes = 2, 2_000_000
    assert bar.line(4.0) == "extract: 2/10 documents (20 %), 2.0 MB, 0.50 MB/s, 0:00:16 left"


def stderr_on_a_terminal(args: list[str], cwd: Path) -> str:
    """Run ``python -m pipeline ARGS`` with stderr on a pseudo-terminal; return what it printed there."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    assert proc.returncode == 0
    return b"".join(chunks).decode()


def test_the_stage_shows_progress_on_a_terminal_and_not_with_quiet(tmp_path):
    raw = tmp_path / "raw"
    write_corpus(raw, 5)
    env_cwd = REPO
    shown = stderr_on_a_terminal(["extract", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "a")], env_cwd)
    assert "5/5 documents (100 %)" in shown
    hidden = stderr_on_a_terminal(["--quiet", "extract", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "b")],
                                  env_cwd)
    assert "documents" not in hidden


def test_jobs_carry_the_per_document_options_untouched():
    made = list(jobs({"b": "text b", "a": "text a"}, {"a": 2001}))
    mek = resolve()
    assert [(j.source_id, j.context) for j in made] == [
        ("a", {"document_date": DocumentDate(dt.date(2001, 1, 1), "year", "manifest"), "org": mek}),
        ("b", {"document_date": None, "org": mek})]


def test_an_unreachable_scheduler_is_one_error_and_leaves_the_output(tmp_path, capsys, monkeypatch):
    dask_distributed()
    monkeypatch.setattr(runner, "CONNECT_TIMEOUT", "1s")
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(raw, 2)
    assert extract(raw, out, "--workers", "1") == 0
    before = files(out)
    assert extract(raw, out, "--scheduler", "tcp://127.0.0.1:9") == 1
    err = capsys.readouterr().err
    assert "error: tcp://127.0.0.1:9: cannot connect to the Dask scheduler" in err
    assert files(out) == before


def test_a_result_json_cannot_hold_exactly_is_not_cached(tmp_path):
    cache = runner.ResultCache(tmp_path, version="a" * 64)
    job = runner.DocumentJob("doc", "text")
    odd = runner.DocumentResult("doc", {"t": ""}, {"t": 0}, {"t": 1},
                                [{"source_id": "doc", "table": "t", "char_start": (1, 2), "char_end": None,
                                  "text": "", "reason": "bad span"}])
    assert cache.put(cache.key(job), odd) is False
    assert cache.get(cache.key(job)) is None
    odd.rejects[0]["char_start"] = object()
    assert cache.put(cache.key(job), odd) is False
    odd.rejects[0]["char_start"] = 5
    assert cache.put(cache.key(job), odd) is True
    assert cache.get(cache.key(job)).rejects == odd.rejects


def test_dataclass_and_pattern_options_are_part_of_the_key(tmp_path):
    import dataclasses
    import re

    @dataclasses.dataclass(frozen=True)
    class Profile:
        names: tuple[str, ...]
        pattern: re.Pattern

    cache = runner.ResultCache(tmp_path, version="a" * 64)
    one = cache.key(runner.DocumentJob("d", "t", {"profile": Profile(("Front",), re.compile("front", re.I))}))
    same = cache.key(runner.DocumentJob("d", "t", {"profile": Profile(("Front",), re.compile("front", re.I))}))
    other = cache.key(runner.DocumentJob("d", "t", {"profile": Profile(("Front",), re.compile("front"))}))
    assert one is not None and one == same and other != one


def dies(job: runner.DocumentJob) -> runner.DocumentResult:
    """Module-level stand-in whose worker process ends abruptly on the job marked ``die`` (as a kill would)."""
    if job.context.get("die"):
        os._exit(9)
    return echo(job)


def dies_always(job: runner.DocumentJob) -> runner.DocumentResult:
    """Module-level stand-in for the extract stage's per-document function: its process ends at once."""
    os._exit(9)


def test_a_worker_killed_mid_run_is_one_clear_error_naming_a_document():
    todo = [runner.DocumentJob(f"d{i}", "x", {"die": i == 3}) for i in range(8)]
    with pytest.raises(runner.RunError, match=r"^d\d: a worker process ended abruptly"):
        list(runner.run(dies, todo, workers=2))


def test_the_extract_stage_reports_a_killed_worker_and_keeps_the_tables(tmp_path, monkeypatch, capsys):
    from pipeline.__main__ import main
    from pipeline.stages import extract

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    out.mkdir()
    for i in range(4):
        (raw / f"d{i}.txt").write_text(f"The Northern Front met in Lyon on {i + 1} May 2001.\n", encoding="utf-8")
    (out / "event_mentions.csv").write_text("published before\n", encoding="utf-8")

    monkeypatch.setattr(extract, "process_document", dies_always)  # (fork: the workers have the stand-in)
    assert main(["--quiet", "extract", "--raw-dir", str(raw), "--out-dir", str(out), "--workers", "2"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: d0: a worker process ended abruptly") and "Traceback" not in err
    assert (out / "event_mentions.csv").read_text(encoding="utf-8") == "published before\n"
    assert sorted(p.name for p in out.iterdir()) == ["event_mentions.csv"]  # no temporary file left


def test_a_dead_worker_is_told_apart_from_an_error_of_the_extractor():
    from concurrent.futures.process import BrokenProcessPool

    assert runner._broken_pool(BrokenProcessPool("gone"))
    assert not runner._broken_pool(ValueError("cannot process d2"))
    distributed = pytest.importorskip("distributed")
    assert runner._broken_pool(distributed.KilledWorker("task", None, 3))  # a cluster's worker, after retries


def test_a_text_that_never_names_its_organisation_is_warned_of_with_any_workers_or_cache(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "about-another.txt").write_text("In 1994 the group bombed a depot in Lyon, killing 3 people.\n")
    (raw / "empty-handed.txt").write_text("The weather was mild all year.\n")
    (raw / "named.txt").write_text("In 1994 the MEK bombed a depot in Lyon, killing 3 people.\n")
    cache = tmp_path / "cache"
    for n, options in enumerate((["--workers", "1"], ["--workers", "2"], ["--cache-dir", str(cache)],
                                 ["--cache-dir", str(cache)])):  # the last run reads every result from the cache
        assert extract(raw, tmp_path / f"out{n}", *options) == 0
        warned = [line for line in capsys.readouterr().err.splitlines() if "never names the organisation" in line]
        assert len(warned) == 2, warned
        assert warned[0].startswith("warning: about-another: the text never names the organisation it is coded "
                                    "for (mek: MEK")
        assert "its 1 row rests on generic references" in warned[0]
        assert warned[1].startswith("warning: empty-handed: ") and "so no row is coded" in warned[1]


def test_a_text_naming_the_organisation_by_an_alias_is_not_warned_of(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "doc.txt").write_text("In 1994 the Northern Front bombed a depot in Lyon, killing 3 people.\n")
    assert extract(raw, tmp_path / "plain") == 0
    assert "doc: the text never names the organisation" in capsys.readouterr().err
    assert extract(raw, tmp_path / "alias", "--alias", "Northern Front") == 0
    assert "never names" not in capsys.readouterr().err
