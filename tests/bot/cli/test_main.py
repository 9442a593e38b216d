"""The ``newsbot`` command line, run in-process on a temporary folder and database."""

from __future__ import annotations

import asyncio
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.conftest import ARTICLE_HTML, ARTICLE_TEXT, SEEDS, PageServer
from tests.support.texts import CHINESE_PAGE, RESULTS_TEXT

pytestmark = pytest.mark.usefixtures("workspace")  # tests/conftest.py: an empty folder


@pytest.fixture(autouse=True)
def _private_urls_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_URLS", "1")  # pages come from 127.0.0.1


def feed_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def article_count(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])


def test_every_subcommand_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("summarize", "extract", "ingest", "demo", "digest", "run"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: newsbot" in capsys.readouterr().out


def test_summarize_a_text_file(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    assert main(["summarize", "story.txt", "--sentences", "2"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Harbour council approves new ferry terminal after long debate"
    # Ordered by where the article uses them: "harbour" opens the title and recurs.
    assert "tags: harbour, ferry terminal, Marta Olsen, Eastport" in out
    assert sum(line.startswith("- ") for line in lines) == 2
    assert "words (−" in lines[-1]
    assert lines[-1].endswith("· news")
    assert not (workspace / "newsbot.db").exists() or article_count(
        workspace / "newsbot.db") == 0


def test_summarize_standard_input_as_json(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, ARTICLE_TEXT)
    assert main(["summarize", "-", "--json", "--ratio", "0.5", "--algorithm", "lexrank"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["title"].startswith("Harbour council")
    assert result["algorithm"] == "lexrank"
    assert result["words_in"] > result["words_out"] > 0
    assert 0 < result["reduction_percent"] < 100
    assert "Copyright" not in " ".join(result["summary"])


async def test_summarize_a_url(page_server: PageServer, capsys: pytest.CaptureFixture[str]
                               ) -> None:
    url = page_server.page("/story", ARTICLE_HTML.replace("{canonical}", "/story"))
    # The CLI runs its own event loop: run it in a thread, like a separate process would.
    assert await asyncio.to_thread(main, ["summarize", url, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["site_name"] == "Eastport Herald"
    assert result["published"] == "2026-11-03"
    assert result["tags"] == ["ferry terminal", "Eastport"]


@pytest.mark.parametrize(("arguments", "message"), [
    (["summarize", "missing.txt"], "no such file"),
    (["summarize", "empty.txt"], "empty"),
    (["summarize", "binary.txt"], "binary"),
    (["summarize", "short.txt"], "no article text"),
    (["summarize"], "give a SOURCE"),
    (["summarize", "ftp://example.com/x"], "only http and https"),
])
def test_bad_input_gets_a_one_line_reason_and_exit_1(
        workspace: Path, capsys: pytest.CaptureFixture[str], arguments: list[str],
        message: str) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    (workspace / "empty.txt").write_text("")
    (workspace / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    (workspace / "short.txt").write_text("Headline\n\nToo short to be an article.")
    assert main(arguments) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ")
    assert message in err
    assert "\n" not in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("arguments", "message"), [
    (["summarize", "x.txt", "--algorithm", "magic"], "invalid choice"),
    (["summarize", "x.txt", "--sentences", "0"], "between 1 and 50"),
    (["summarize", "x.txt", "--sentences", "two"], "--sentences"),
    (["summarize", "x.txt", "--ratio", "1.5"], "ratio"),
    (["digest", "--since", "1y"], "'1y' is not a duration"),
    (["digest", "--since", "abc"], "'abc' is not a duration"),
    (["digest", "--since", "0h"], "'0h' is not a duration"),
    (["search", "x", "--page", "0"], "page must be 1 or more"),
    (["tags", "--days", "9"], "invalid choice"),
    (["frobnicate"], "invalid choice"),
])
def test_a_bad_option_value_is_a_one_line_usage_error_exit_2(
        capsys: pytest.CaptureFixture[str], arguments: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(arguments)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err
    assert err.startswith("newsbot")
    assert "error: " in err


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    for arguments in (["--help"], ["search", "--help"]):
        with pytest.raises(SystemExit):
            main(arguments)
        out = capsys.readouterr().out
        assert "exit codes:" in out
        assert "2  usage error" in out
        assert "1  nothing found" in out


def test_global_options_also_work_after_the_command(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    (workspace / "other.env").write_text("NEWSBOT_DATABASE=from-env.db\n")
    assert main(["ingest", "story.txt", "--database", "after.db"]) == 0
    assert article_count(workspace / "after.db") == 1
    assert not (workspace / "newsbot.db").exists()
    assert main(["--database", "before.db", "tags", "--database", "after.db", "-v"]) == 0
    assert "ferry terminal (1)" in capsys.readouterr().out
    assert not (workspace / "before.db").exists()  # the one after the command wins
    assert main(["search", "ferry", "--env-file", "other.env"]) == 1  # nothing in that one
    assert (workspace / "from-env.db").exists()


def test_verbose_does_not_flood_with_aiosqlite_debug_lines(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tags", "--verbose"]) == 1
    err = capsys.readouterr().err
    assert "aiosqlite" not in err


def test_summarize_jsonl_reads_its_file_or_refuses_it(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "batch.jsonl").write_text(json.dumps({"id": "f", "text": ARTICLE_TEXT}) + "\n",
                                           encoding="utf-8")
    assert main(["summarize", "--jsonl", "batch.jsonl", "--sentences", "1"]) == 0
    [result] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert result["id"] == "f"
    assert len(result["summary"]) == 1
    for source, message in [("missing.jsonl", "no such file"), (".", "is a folder"),
                            ("https://example.com/x", "not a URL")]:
        assert main(["summarize", "--jsonl", source]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: ")
        assert message in err
        assert err.count("\n") == 1


def test_a_batch_line_that_is_not_utf8_is_its_own_error_and_the_batch_goes_on(
        workspace: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    good = json.dumps({"id": "good", "text": ARTICLE_TEXT}).encode("utf-8")
    latin1 = '{"id": "latin", "text": "Zoë Lefèvre said the café would open."}'.encode("latin-1")
    (workspace / "batch.jsonl").write_bytes(latin1 + b"\n" + good + b"\n")
    assert main(["summarize", "--jsonl", "batch.jsonl", "--sentences", "1"]) == 1
    bad, ok = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert bad == {"id": None, "line": 1,
                   "error": "line 1 is not UTF-8 text (JSON lines must be UTF-8)"}
    assert ok["id"] == "good"
    assert len(ok["summary"]) == 1
    # The same on standard input.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(latin1 + b"\n")))
    assert main(["extract", "--jsonl"]) == 1
    assert "not UTF-8 text" in capsys.readouterr().out


def test_an_unknown_log_level_is_refused(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NEWSBOT_LOG_LEVEL", "LOUD")
    assert main(["tags"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: NEWSBOT_LOG_LEVEL must be one of DEBUG, INFO")
    assert "'LOUD'" in err


def test_a_database_in_a_folder_that_does_not_exist_is_refused(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    assert main(["ingest", "story.txt", "--database", "no/such/folder/news.db"]) == 1
    err = capsys.readouterr().err
    assert "the folder no/such/folder of the database" in err
    assert "does not exist" in err
    assert not (workspace / "no").exists()


def test_a_file_that_is_not_a_database_is_named_in_one_line(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "notes.db").write_text("shopping list: " * 200)
    for arguments in (["tags"], ["ingest", "notes.db"]):
        assert main([*arguments, "--database", "notes.db"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: notes.db is not a newsbot database")
        assert err.count("\n") == 1
        assert "unexpected" not in err
    assert (workspace / "notes.db").read_text().startswith("shopping list")


def test_lookups_read_a_database_they_may_not_write(
        workspace: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    assert main(["ingest", "story.txt"]) == 0
    capsys.readouterr()
    database = workspace / "newsbot.db"
    with sqlite3.connect(database) as connection:  # checkpointed: the file alone holds it all
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for leftover in ("newsbot.db-wal", "newsbot.db-shm"):
        (workspace / leftover).unlink(missing_ok=True)
    database.chmod(0o444)
    before = database.read_bytes()
    # This process may be root, whom file modes do not stop: ask as a user would be answered.
    real_access = os.access
    monkeypatch.setattr("bot.runtime.composition.os.access",
                        lambda path, mode: False if mode == os.W_OK else real_access(path, mode))
    try:
        for arguments, expected in [(["tags"], "ferry terminal (1)"),
                                    (["search", "ferry"], "Harbour council"),
                                    (["topic", "ferry", "terminal"], "In short:"),
                                    (["person", "Olsen"], "Marta Olsen")]:
            assert main(arguments) == 0, capsys.readouterr().err
            assert expected in capsys.readouterr().out
    finally:
        database.chmod(0o644)
    assert database.read_bytes() == before  # opened read-only: the topic summary not kept


def test_summarize_jsonl_batch(monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"id": "a", "text": ARTICLE_TEXT},
        {"id": "b", "html": ARTICLE_HTML.replace("{canonical}", "https://example.com/x"),
         "url": "https://example.com/x", "sentences": 1},
        {"id": "c", "text": ""},
        {"id": "d"},
        {"id": "e", "text": ARTICLE_TEXT, "sentences": "two"},
    ]
    feed_stdin(monkeypatch, "\n".join(json.dumps(line) for line in lines) + "\nnot json\n")
    assert main(["summarize", "--jsonl", "--sentences", "2"]) == 1  # some lines failed
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [result["id"] for result in results] == ["a", "b", "c", "d", "e", None]
    assert len(results[0]["summary"]) == 2
    assert results[0]["title"].startswith("Harbour")
    assert len(results[1]["summary"]) == 1
    assert "error" in results[2]
    assert "error" in results[3]
    assert "whole number" in results[4]["error"]
    assert "not valid JSON" in results[5]["error"]


def test_extract_jsonl_batch(monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    html = ARTICLE_HTML.replace("{canonical}", "https://example.com/ferry")
    feed_stdin(monkeypatch, json.dumps({"id": 7, "html": html, "url": "https://example.com/f"}))
    assert main(["extract", "--jsonl"]) == 0
    [result] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert result["id"] == 7
    assert result["title"] == "Harbour council approves new ferry terminal"
    assert result["url"] == "https://example.com/ferry"
    assert result["tags"] == ["ferry terminal", "Eastport"]
    assert result["author"] == "Jonas Berg"
    assert "Home" not in result["text"]
    assert "Copyright" not in result["text"]
    assert "summary" not in result


def test_extract_jsonl_keeps_the_text_of_a_page_the_summarizer_cannot_use(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, json.dumps({"id": "zh", "html": CHINESE_PAGE,
                                        "url": "https://example.com/zh"}))
    assert main(["extract", "--jsonl"]) == 0
    [result] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "error" not in result
    assert result["language"] == "zh"
    assert "港口议会星期一开会" in result["text"]


def test_ingest_stores_an_article_without_a_summary(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "results.txt").write_text(RESULTS_TEXT, encoding="utf-8")
    assert main(["ingest", str(workspace / "results.txt")]) == 0
    assert "1 stored" in capsys.readouterr().out
    with sqlite3.connect(workspace / "newsbot.db") as connection:
        text, summary = connection.execute("SELECT text, summary FROM articles").fetchone()
    assert "Eastport Rovers 5, Westmere Town 0" in text
    assert json.loads(summary) == []


def test_ingest_reports_stored_duplicate_and_failed(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = workspace / "articles"
    folder.mkdir()
    (folder / "ferry.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    (folder / "ferry-copy.txt").write_text(ARTICLE_TEXT.upper().lower(), encoding="utf-8")
    (folder / "broken.txt").write_text("nothing here")
    assert main(["ingest", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "1 stored, 1 duplicate, 1 failed" in out
    assert "failed     " in out
    assert "broken.txt" in out
    assert article_count(workspace / "newsbot.db") == 1


def test_demo_loads_the_seeds_once(workspace: Path, capsys: pytest.CaptureFixture[str]
                                   ) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) >= 8
    assert main(["demo"]) == 0
    first = capsys.readouterr().out
    assert f"{len(seeds)} stored, 0 duplicate, 0 failed" in first
    assert "tags: " in first
    assert "  - " in first
    assert main(["demo"]) == 0
    assert f"0 stored, {len(seeds)} duplicate, 0 failed" in capsys.readouterr().out
    assert article_count(workspace / "newsbot.db") == len(seeds)
    with sqlite3.connect(workspace / "newsbot.db") as connection:
        shares = connection.execute("SELECT count(*) FROM shares").fetchone()[0]
    assert shares == len(seeds)  # the second run stored nothing at all


def test_a_bad_setting_is_reported_clearly(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NEWSBOT_FETCH_MAX_BYTES", "lots")
    assert main(["demo"]) == 1
    assert "NEWSBOT_FETCH_MAX_BYTES must be a whole number" in capsys.readouterr().err


def test_importing_the_command_line_loads_no_discord_http_or_extraction_code() -> None:
    # Worker processes import the ``newsbot`` script again (it is their __main__), so what
    # this module imports is loaded into every worker; commands import the rest when they run.
    code = ("import sys, bot.cli.main; print(sorted(m for m in ('discord', 'aiohttp', 'lxml', "
            "'trafilatura', 'spacy', 'bot.runtime.composition', 'bot.ingest.articles') "
            "if m in sys.modules))")
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, timeout=60)
    assert finished.stdout.strip() == "[]"


def test_lookups_and_refusals_start_no_worker(
        workspace: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    assert main(["ingest", "story.txt"]) == 0
    started: list[str] = []
    monkeypatch.setattr("bot.cli.main.start_forkserver",
                        lambda preload: started.append("forkserver"))
    monkeypatch.setattr("bot.runtime.workers.WorkerPool._starting",
                        lambda pool: started.append("workers"))
    for arguments, code in [(["tags"], 0), (["people"], 0), (["search", "ferry"], 0),
                            (["person", "Olsen"], 0), (["digest", "--since", "2w"], 0),
                            (["search", "zzzyx"], 1), (["summarize", "http://127.0.0.1/"], 1),
                            (["summarize", "missing.txt"], 1)]:
        monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_URLS", "0")
        assert main(arguments) == code, arguments
    assert started == []
    capsys.readouterr()
