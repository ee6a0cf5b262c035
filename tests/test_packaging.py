"""The wheel ships the data trees, the type marker and the entry points."""

from __future__ import annotations

import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    tomllib = None

ROOT = Path(__file__).resolve().parents[1]

REQUIRED_FILES = [
    "factcheck/_data/claims/facts.yaml",
    "factcheck/_data/claims/concepts.yaml",
    "factcheck/_data/claims/ontology.yaml",
    "factcheck/_data/claims/sources.yaml",
    "factcheck/_data/claims/sources/000_6590c0cf6e42eeb2.txt",
    "factcheck/_data/models/extraction.yaml",
    "factcheck/_data/models/pipeline.yaml",
    "factcheck/_data/models/context.yaml",
    "factcheck/py.typed",
    "factcheck/__init__.py",
    "factcheck/cli/app.py",
]

CORE_FACTORIES = ["factcheck_mentions", "factcheck_claims", "factcheck_context", "factcheck_verify"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    try:
        import hatchling  # noqa: F401
    except ImportError:
        pytest.skip("hatchling (the build backend) is not installed in this environment; "
                    "it is needed to build the wheel without build isolation")
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}"
    (path,) = out.glob("*.whl")
    with zipfile.ZipFile(path) as zf:
        yield zf


def _dist_info_file(wheel: zipfile.ZipFile, name: str) -> str:
    (member,) = [n for n in wheel.namelist() if n.endswith(f".dist-info/{name}") and n.count("/") == 1]
    return wheel.read(member).decode("utf-8")


def _pyproject() -> dict:
    if tomllib is None:
        pytest.skip("tomllib needs Python 3.11")
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize("member", REQUIRED_FILES)
def test_wheel_contains(wheel, member):
    assert member in wheel.namelist()


def test_wheel_data_matches_the_repository(wheel):
    for member in ("factcheck/_data/claims/facts.yaml",
                   "factcheck/_data/claims/sources/000_6590c0cf6e42eeb2.txt",
                   "factcheck/_data/models/extraction.yaml"):
        source = ROOT / member.removeprefix("factcheck/_data/")
        assert wheel.read(member) == source.read_bytes(), member


def test_wheel_has_no_stray_files(wheel):
    names = wheel.namelist()
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.startswith(("tests/", ".venv/", "claims/", "models/"))]


def test_entry_points(wheel):
    parser = configparser.ConfigParser()
    parser.optionxform = str  # keep names as written
    parser.read_string(_dist_info_file(wheel, "entry_points.txt"))
    assert parser["console_scripts"]["factcheck"].strip() == "factcheck.cli:main"
    factories = {k: v.strip() for k, v in parser["spacy_factories"].items()}
    for name in CORE_FACTORIES:
        assert factories[name] == f"factcheck.pipeline.components:make_{name.removeprefix('factcheck_')}"
    # and exactly what pyproject.toml declares
    project = _pyproject()["project"]
    assert factories == project["entry-points"]["spacy_factories"]
    assert parser["console_scripts"]["factcheck"].strip() == project["scripts"]["factcheck"]


def test_metadata(wheel):
    meta = _dist_info_file(wheel, "METADATA")
    project = _pyproject()["project"]
    assert f"Name: {project['name']}" in meta.splitlines()
    assert f"Version: {project['version']}" in meta.splitlines()
    for dep in project["dependencies"]:
        name = dep.split(">")[0].split("=")[0].split("<")[0]
        assert any(line.startswith(f"Requires-Dist: {name}") for line in meta.splitlines()), dep
