"""pipeline.commands.serve: Datasette metadata from the schemas, canned queries, and the pages in a real browser.

The browser test starts ``python -m pipeline serve`` on the loopback interface and drives
Debian's Chromium (``/usr/bin/chromium`` + ``/usr/bin/chromedriver``, headless, a fresh
profile) through Selenium: the front page, the table list, a table with its facets, a
facet click, a full-text search and a canned query.  Without Chromium or Selenium it is
skipped, except under CI (``CI`` set), where .ci/run installs them and a skip would hide a
missing install: there it fails.  ``MEK_DATASETTE_SCREENSHOT=PATH`` saves the table page's
screenshot there (how docs/figures/datasette.png is made).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.__main__ import main as cli_main
from pipeline.commands import serve
from pipeline.package import catalogue, sqlite

REPO = Path(__file__).resolve().parents[1]
PACKAGE = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
DB = REPO / PACKAGE["x-sqlite"]["path"]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,1000"]


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(REPO / "processed" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_metadata_comes_from_the_package_and_the_schemas():
    meta = serve.datasette_metadata(PACKAGE, DB.stem)
    assert meta["title"] == PACKAGE["title"]
    assert meta["license"] == PACKAGE["licenses"][0]["title"] and meta["license_url"] == PACKAGE["licenses"][0]["path"]
    for source in PACKAGE["sources"]:
        assert source["title"].replace("'", "&#x27;") in meta["description_html"]
    tables = meta["databases"][DB.stem]["tables"]
    for name in catalogue.RESOURCES:
        resource = catalogue.load_resource(name)
        assert tables[name]["title"] == resource["title"]
        assert tables[name]["description"] == resource["description"]
        assert tables[name]["columns"] == {f["name"]: f["description"] for f in resource["schema"]["fields"]}
    assert tables["event_mentions"]["facets"] == ["event_type", "source_id"]
    assert tables["designation_mentions"]["facets"] == ["action", "jurisdiction", "source_id"]
    assert tables["event_mentions"]["fts_table"] == "event_mentions_fts"
    assert tables["event_mentions_fts_data"] == {"hidden": True}
    assert "facets" not in tables["sources"] and tables["sources"]["label_column"] == "title"


def run_query(name: str, **params: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(serve.canned_queries()[name]["sql"], params).fetchall()
    finally:
        conn.close()


def test_canned_queries_return_every_row_they_promise():
    mentions = csv_rows("event_mentions")
    linked = [m for m in mentions if m["event_id"]]
    rows = run_query("events_by_year", year="")
    assert len(rows) == len(linked) and all(r["quote"] and r["source"] for r in rows)
    year = next(m["date_start"][:4] for m in sorted(linked, key=lambda m: m["date_start"] or "9999"))
    events = {e["event_id"]: e for e in csv_rows("events")}
    in_year = [m for m in linked if events[m["event_id"]]["date_start"][:4] == year]
    assert sorted(r["mention_id"] for r in run_query("events_by_year", year=year)) == sorted(
        m["mention_id"] for m in in_year)
    periods = run_query("listing_periods")
    assert len(periods) == len(csv_rows("designation_periods"))
    assert [p["jurisdiction"] for p in periods] == sorted(p["jurisdiction"] for p in periods)
    conflicts = run_query("conflicts_with_sources")
    assert len(conflicts) == len(csv_rows("conflicts")) > 0
    assert all(c["quote"] and c["source"] for c in conflicts)  # every conflict found its mention and source


def test_datasette_is_read_only_and_gives_facets_time():
    args = serve.datasette_args(Path("x.sqlite"), Path("m.json"), "127.0.0.1", 8001)
    settings = dict(zip(args[args.index("--setting") + 1::3], args[args.index("--setting") + 2::3], strict=True))
    assert "--immutable" in args and args[args.index("--immutable") + 1] == "x.sqlite"
    assert settings == {"default_page_size": "50", "truncate_cells_html": "300", "facet_time_limit_ms": "1000"}


def test_print_metadata_and_missing_database(tmp_path, capsys):
    assert cli_main(["serve", "--package", str(REPO / "datapackage.json"), "--print-metadata"]) == 0
    assert json.loads(capsys.readouterr().out)["databases"][DB.stem]["queries"].keys() == serve.canned_queries().keys()
    package = tmp_path / "datapackage.json"
    package.write_text(json.dumps(PACKAGE), encoding="utf-8")
    assert cli_main(["serve", "--package", str(package)]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / PACKAGE['x-sqlite']['path']}: missing; run `dvc repro` " \
                                      "(or `python -m pipeline publish`) first\n"
    package.write_text(json.dumps({k: v for k, v in PACKAGE.items() if k != "x-sqlite"}), encoding="utf-8")
    assert cli_main(["serve", "--package", str(package)]) == 1
    assert "lists no SQLite database (x-sqlite)" in capsys.readouterr().err


# --- the real browser ------------------------------------------------------------------


def _browser_missing() -> str | None:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return "Chromium not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed (pip install -r requirements-dev.lock)"
    if not serve.datasette_available():
        return "datasette not installed (pip install -r requirements.lock)"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {missing}")
        pytest.skip(missing)
    port = _free_port()
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    log = log_path.open("wb")  # a file, not a pipe nobody reads: the access log cannot block the server
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", str(port)], cwd=REPO,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):  # bounded wait for the server to answer (up to ~30 s)
            if proc.poll() is not None:
                pytest.fail(f"serve exited {proc.returncode}: {log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/-/versions.json", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("serve did not answer on the loopback interface")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(server, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()


def _arrived(driver, part: str) -> None:
    """Wait (up to 20 s) until the page the browser went to holds ``part`` in its address and is loaded:
    a click or an Enter starts the navigation, which may still be going on when the command returns."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(
        lambda d: part in d.current_url and d.execute_script("return document.readyState") == "complete")


def _rows_heading(driver) -> int:
    from selenium.webdriver.common.by import By

    text = driver.find_element(By.CSS_SELECTOR, "h3").text  # "318 rows" / "82 rows where event_type = attack"
    return int(re.match(r"([0-9,]+) rows?", text).group(1).replace(",", ""))


@pytest.mark.slow
def test_pages_render_tables_facets_and_search_in_chromium(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(f"{server}/")
    assert PACKAGE["title"] in driver.find_element(By.TAG_NAME, "h1").text
    assert PACKAGE["sources"][0]["title"] in driver.find_element(By.CSS_SELECTOR, ".metadata-description").text

    driver.get(f"{server}/{DB.stem}")
    links = {a.text for a in driver.find_elements(By.CSS_SELECTOR, "h3 a, li a")}
    assert set(catalogue.RESOURCES) <= links, links
    assert not any(name.endswith(("_fts", "_fts_data")) for name in links)  # machinery hidden
    assert {q["title"] for q in serve.canned_queries().values()} <= links

    mentions = csv_rows("event_mentions")
    driver.get(f"{server}/{DB.stem}/event_mentions")
    assert _rows_heading(driver) == len(mentions)
    cells = driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    assert len(cells) == min(50, len(mentions))  # the page size set by serve
    headers = [th.get_attribute("data-column") for th in driver.find_elements(By.CSS_SELECTOR, "table th")]
    names = catalogue.field_names("event_mentions")
    assert [h for h in headers if h in names] == names
    facet = driver.find_element(By.CSS_SELECTOR, "#facet-event_type")
    counts = {}
    for item in facet.find_elements(By.CSS_SELECTOR, "li"):
        label, _, count = item.text.rpartition(" ")
        counts[label] = int(count.replace(",", ""))
    expected = {}
    for m in mentions:
        expected[m["event_type"]] = expected.get(m["event_type"], 0) + 1
    assert counts == expected
    assert driver.find_element(By.CSS_SELECTOR, "#facet-source_id")
    screenshot = os.environ.get("MEK_DATASETTE_SCREENSHOT")
    driver.execute_script("document.querySelector('h3').scrollIntoView()")  # rows, search box, facets
    driver.save_screenshot(str(tmp_path / "datasette.png"))
    assert (tmp_path / "datasette.png").read_bytes().startswith(b"\x89PNG")
    if screenshot:
        shutil.copyfile(tmp_path / "datasette.png", screenshot)

    top = max(expected, key=lambda k: (expected[k], k))
    facet.find_element(By.LINK_TEXT, top).click()  # a facet value filters the rows
    _arrived(driver, "event_type=")
    assert _rows_heading(driver) == expected[top]
    types = {td.text for td in driver.find_elements(By.CSS_SELECTOR, "td.col-event_type")}
    assert types == {top}

    driver.get(f"{server}/{DB.stem}/event_mentions")
    words = {}  # the commonest long word of the quotes, searched as a person would: typed, then Enter
    for m in mentions:
        for w in set(re.findall(r"[a-z]{8,}", m["quote"].lower())):
            words[w] = words.get(w, 0) + 1
    word = max(sorted(words), key=words.get)
    box = driver.find_element(By.CSS_SELECTOR, "input[name=_search]")
    box.send_keys(word + Keys.RETURN)
    conn = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    fts = sqlite.fts_table("event_mentions")
    matching = conn.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH ?", [word]).fetchone()[0]
    conn.close()
    assert matching >= words[word]  # stemmed: every quote with the word, and its other forms
    _arrived(driver, "_search=" + word)  # the form's address (a timeout here fails the test)
    assert _rows_heading(driver) == matching
    quotes = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "td.col-quote")]
    assert len(quotes) == min(50, matching) and all(word[:6] in q.lower() for q in quotes)

    driver.get(f"{server}/{DB.stem}/conflicts_with_sources")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    assert len(rows) == len(csv_rows("conflicts"))

    start_year = {e["event_id"]: e["date_start"][:4] for e in csv_rows("events")}
    by_year: dict[str, list[str]] = {}
    for m in mentions:
        if m["event_id"] and start_year[m["event_id"]]:
            by_year.setdefault(start_year[m["event_id"]], []).append(m["mention_id"])
    year = max(sorted(by_year), key=lambda y: len(by_year[y]))  # the busiest year
    driver.get(f"{server}/{DB.stem}/events_by_year?year={year}")
    shown = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td.col-mention_id")]
    assert sorted(shown) == sorted(by_year[year])
    assert driver.find_element(By.CSS_SELECTOR, "input[name=year]").get_attribute("value") == year
