"""The service files stay in step with the project (no container engine is needed to check)."""

from __future__ import annotations

import configparser
import re
import tomllib

from tests.conftest import REPO


def _packages() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    include = project["tool"]["setuptools"]["packages"]["find"]["include"]
    return {pattern.rstrip("*") for pattern in include}


def test_the_dockerfile_copies_every_package_and_installs_it_not_editable() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    copied = set(re.findall(r"^COPY (\S+) ", dockerfile, flags=re.MULTILINE))
    assert _packages() <= copied
    assert "RUN pip install . " in dockerfile
    assert "-e" not in dockerfile.split("pip install")[1]
    assert 'CMD ["run"]' in dockerfile
    assert "STOPSIGNAL SIGTERM" in dockerfile


def test_the_systemd_unit_runs_the_bot_and_stops_it_with_sigterm() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read(REPO / "deploy" / "newsbot.service", encoding="utf-8")
    service = unit["Service"]
    assert service["ExecStart"].endswith("/bin/newsbot run")
    assert service["KillSignal"] == "SIGTERM"
    assert service["Restart"] == "on-failure"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
