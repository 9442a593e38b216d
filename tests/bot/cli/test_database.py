"""`newsbot db backup | restore | check` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from tests.conftest import SEEDS


def test_back_up_check_and_restore(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    assert main(["ingest", str(seed)]) == 0
    assert main(["db", "backup", "copy.db"]) == 0
    assert "1 articles" in capsys.readouterr().out
    assert main(["--database", "copy.db", "db", "check"]) == 0
    out = capsys.readouterr().out
    assert "integrity ok" in out
    assert "1\tarticles" in out
    assert main(["ingest", str(sorted(SEEDS.glob("*.txt"))[1])]) == 0
    assert main(["db", "restore", "copy.db"]) == 0
    assert "restored" in capsys.readouterr().out
    assert main(["db", "check"]) == 0
    assert "1\tarticles" in capsys.readouterr().out


def test_bad_files_are_named_in_one_line(workspace: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "restore", "missing.db"]) == 1
    assert capsys.readouterr().err.strip() == "error: missing.db does not exist"
    (workspace / "notes.txt").write_text("not a database at all, just some notes\n" * 50)
    assert main(["db", "restore", "notes.txt"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "notes.txt" in err
    assert not (workspace / "newsbot.db").exists()  # nothing was created or changed
    assert main(["db", "check"]) == 1
    assert "newsbot.db does not exist" in capsys.readouterr().err
