"""What ``pip install .`` (not editable) installs: the program and the data it needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

_PROJECT = ("pyproject.toml", "README.md", "bot", "cogs", "storage", "seeds")


def test_the_sample_articles_are_package_data() -> None:
    installed = resources.files("seeds")
    names = sorted(entry.name for entry in installed.iterdir() if entry.name.endswith(".txt"))
    assert names == sorted(path.name for path in SEEDS.glob("*.txt"))
    assert len(names) >= 8


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Built from a copy, so that the build leaves nothing in the working tree.
    source = tmp_path_factory.mktemp("project")
    for name in _PROJECT:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.db*"))
        else:
            shutil.copy(origin, source / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(out)],
                   check=True, capture_output=True, timeout=300)
    [built] = out.glob("newsbot-*.whl")
    return built


def test_the_wheel_ships_the_sample_articles_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"seeds/{path.name}" for path in SEEDS.glob("*.txt")} <= names
    assert any(name.startswith("storage/migrations/sqlite/001_") for name in names)


def test_demo_runs_from_a_non_editable_install(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Only the installed copy on the path (the dependencies come from this environment).
    environment = {**os.environ, "PYTHONPATH": str(target), "NEWSBOT_WORKERS": "1"}
    environment.pop("NEWSBOT_DATABASE", None)
    finished = subprocess.run([sys.executable, "-m", "bot", "demo"], cwd=elsewhere,
                              env=environment, capture_output=True, text=True, timeout=300,
                              check=False)
    assert finished.returncode == 0, finished.stderr
    count = len(list(SEEDS.glob("*.txt")))
    assert f"{count} stored, 0 duplicate, 0 failed" in finished.stdout
    assert "Traceback" not in finished.stderr
