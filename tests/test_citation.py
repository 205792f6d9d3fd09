"""CITATION.cff: valid Citation File Format, and saying what pipeline/metadata.json says."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from pipeline.package import datapackage
from pipeline.release import release

REPO = Path(__file__).resolve().parents[1]
CFF = REPO / "CITATION.cff"


def cffconvert() -> str | None:
    """cffconvert on PATH, or in the tool environment .ci/run makes (.venv-cffconvert)."""
    local = REPO / ".venv-cffconvert" / "bin" / "cffconvert"
    return str(local) if local.exists() else shutil.which("cffconvert")


def test_cffconvert_validates_the_citation_file():
    tool = cffconvert()
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("CI must validate CITATION.cff: .ci/run installs cffconvert in .venv-cffconvert")
        pytest.skip("cffconvert not installed (.ci/run installs it in .venv-cffconvert)")
    result = subprocess.run([tool, "--validate", "-i", str(CFF)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_cffconvert_rejects_a_broken_file(tmp_path):
    tool = cffconvert()
    if tool is None:
        pytest.skip("cffconvert not installed")
    broken = tmp_path / "CITATION.cff"
    broken.write_text(CFF.read_text(encoding="utf-8").replace("authors:", "writers:"), encoding="utf-8")
    result = subprocess.run([tool, "--validate", "-i", str(broken)], capture_output=True, text=True, check=False)
    assert result.returncode != 0


def test_citation_agrees_with_the_package_metadata():
    cff = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    meta = datapackage.load_metadata()
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["title"] == meta["title"]
    assert str(cff["version"]) == meta["version"]
    assert cff["license"] == meta["licenses"][0]["name"]
    assert [a["name"] for a in cff["authors"]] == [c["title"] for c in meta["contributors"]]
    assert set(meta["keywords"]) <= set(cff["keywords"])


def test_datapackage_carries_version_and_citation():
    package = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    meta = datapackage.load_metadata()
    assert package["version"] == meta["version"]
    assert package["x-citation"] == meta["x-citation"]
    assert package["x-citation"]["path"] == "CITATION.cff" and (REPO / package["x-citation"]["path"]).is_file()
    assert meta["title"] in package["x-citation"]["text"]


def test_release_sets_the_citation_version(tmp_path):
    path = tmp_path / "CITATION.cff"
    shutil.copyfile(CFF, path)
    release.set_citation_version(path, "2.3.4")
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["version"] == "2.3.4"
    assert text.replace("version: 2.3.4", "version: " + datapackage.load_metadata()["version"]) == CFF.read_text(
        encoding="utf-8")
    release.set_citation_version(tmp_path / "absent.cff", "2.3.4")  # no file: nothing to do
    assert not (tmp_path / "absent.cff").exists()
