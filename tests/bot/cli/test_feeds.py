"""``newsbot feeds``: OPML in and out of a server's feeds, and their list."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.feeds.opml import OpmlFeed, read_opml, write_opml
from tests.bot.feeds.feed_texts import ServedFeed, entries, rss, serve_feed
from tests.conftest import PageServer


@pytest.fixture(autouse=True)
def private_pages(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_URLS", "1")  # feeds come from 127.0.0.1


async def test_import_list_and_export_round_trip(workspace: Path, page_server: PageServer,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    urls = [serve_feed(page_server, f"/f{n}.xml", ServedFeed(rss(entries([f"s{n}"]))))
            for n in range(2)]
    missing = page_server.url("/missing.xml")
    opml = workspace / "in.opml"
    opml.write_bytes(write_opml([OpmlFeed(urls[0], "First", "ferry"), OpmlFeed(urls[1]),
                                 OpmlFeed(missing)]))
    arguments = ["feeds", "import", str(opml), "--guild", "5", "--channel", "50"]
    assert await asyncio.to_thread(main, arguments) == 0
    out = capsys.readouterr().out
    assert f"added\t{urls[0]}" in out
    assert f"added\t{urls[1]}" in out
    assert f"skipped\t{missing}\tthe server answered HTTP 404" in out

    assert await asyncio.to_thread(main, ["feeds", "list", "--guild", "5"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1] for line in listed] == urls
    assert await asyncio.to_thread(main, ["feeds", "list", "--guild", "6"]) == 1
    assert "no feeds are followed in server 6" in capsys.readouterr().err

    exported = workspace / "out.opml"
    assert await asyncio.to_thread(
        main, ["feeds", "export", str(exported), "--guild", "5"]) == 0
    assert read_opml(exported.read_bytes()) == [OpmlFeed(urls[0], "Eastport Herald", "ferry"),
                                                OpmlFeed(urls[1], "Eastport Herald")]


async def test_a_bad_file_is_one_line_and_changes_nothing(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "bad.opml").write_text("<html>no</html>")
    for name in ("bad.opml", "absent.opml"):
        code = await asyncio.to_thread(
            main, ["feeds", "import", name, "--guild", "5", "--channel", "50"])
        assert code == 1
    err = capsys.readouterr().err
    assert "not OPML" in err
    assert "cannot read absent.opml" in err
    assert await asyncio.to_thread(main, ["feeds", "list", "--guild", "5"]) == 1
