from pathlib import Path

import pytest

from bot.cli.launch import early_preload
from bot.runtime.workers import BATCH_PRELOAD, BOT_PRELOAD, PEOPLE_PRELOAD, SUMMARY_PRELOAD


@pytest.fixture(autouse=True)
def in_a_folder_with_a_story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text("A story")


@pytest.mark.parametrize(("arguments", "preload"), [
    (["summarize", "story.txt"], SUMMARY_PRELOAD),
    (["--database", "x.db", "summarize", "-", "--json"], SUMMARY_PRELOAD),
    (["summarize", "--jsonl"], BATCH_PRELOAD),
    (["extract", "--jsonl"], BATCH_PRELOAD),
    (["people", "--jsonl"], PEOPLE_PRELOAD),
    (["ingest", "folder"], BOT_PRELOAD),
    (["-v", "demo"], BOT_PRELOAD),
    (["run"], BOT_PRELOAD),
])
def test_commands_that_will_need_workers_start_their_forkserver_first(
        arguments: list[str], preload: tuple[str, ...]) -> None:
    assert early_preload(arguments) == preload


@pytest.mark.parametrize("arguments", [
    [], ["--help"], ["summarize", "--help"], ["tags"], ["search", "NATO"], ["person", "x"],
    ["digest", "--since", "1y"], ["--database", "summarize", "tags"],
    ["summarize", "http://127.0.0.1/"], ["summarize", "missing.txt"], ["summarize"],
])
def test_lookups_refusals_and_help_start_nothing_early(arguments: list[str]) -> None:
    assert early_preload(arguments) == ()
