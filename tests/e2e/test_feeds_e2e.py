"""Feeds through the real bot and the Discord emulator: ``/feed add``, exactly the new items
posted once across polls and a restart, a filter, a failing feed paused with one notice,
``/feed list``, ``/feed test`` and ``/feed export``.

The bot's clock (digests and feeds) is the real clock plus an offset the test moves, so a
feed's next poll comes when the test says; its feed loop looks again each second here.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import bot.feeds.scheduler
from bot.feeds.opml import OpmlFeed, write_opml
from bot.feeds.scheduler import FeedScheduler
from tests.bot.feeds.feed_texts import ServedFeed, entries, rss, serve_feed, serve_stories
from tests.conftest import PageServer
from tests.e2e.conftest import bot_settings, running_bot
from tests.e2e.emulator import DiscordEmulator, Scenario
from tests.e2e.emulator.state import CREATE_PUBLIC_THREADS, PUBLIC_THREAD

TIMEOUT = 60.0
STORIES = ["ferry", "bridge", "school", "library", "market"]


class ShiftedClock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture(autouse=True)
def quick_feed_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    # discord.py loads an extension as a fresh module, which imports the scheduler from here.
    monkeypatch.setattr(bot.feeds.scheduler, "FeedScheduler",
                        functools.partial(FeedScheduler, idle_wake=timedelta(seconds=1)))


def feed_rows(database: Path) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute(
            "SELECT f.*, (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id "
            "AND i.state IN ('pending', 'claimed')) AS open_items FROM feeds f ORDER BY id")
        return [dict(row) for row in rows]


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait for a condition the bot's work makes true (bounded only to report a hang)."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def last_poll(database: Path, feed_id: int) -> str | None:
    rows = [r for r in feed_rows(database) if r["id"] == feed_id]
    return rows[0]["last_polled_at"] if rows else None


async def polled(database: Path, feed_id: int, before: str | None) -> None:
    """Until feed ``feed_id`` has been polled again since ``before`` (its last poll time
    then) and that poll is complete: no item still waiting or being posted."""
    def done() -> bool:
        row = next(r for r in feed_rows(database) if r["id"] == feed_id)
        return row["last_polled_at"] not in (None, before) and row["open_items"] == 0
    await until(done, f"a poll of feed {feed_id}")


async def fail_until_paused(database: Path, feed_id: int, clock: ShiftedClock) -> None:
    """Move the clock past each next poll of a failing feed until it is paused."""
    for _attempt in range(40):
        row = next(r for r in feed_rows(database) if r["id"] == feed_id)
        if row["state"] == "paused":
            return
        before = row["last_polled_at"]
        clock.advance(hours=5)
        await polled(database, feed_id, before)
    pytest.fail("the failing feed was never paused")


async def import_export_round_trip(emulator: DiscordEmulator, scenario: Scenario,
                                   page_server: PageServer, database: Path) -> None:
    """An OPML file attached to ``/feed import`` adds its feeds; ``/feed export`` gives
    them back (the file is served where Discord's CDN would serve it)."""
    extra = [serve_feed(page_server, f"/extra{n}.xml", ServedFeed(rss(entries([f"x{n}"]))))
             for n in range(2)]
    opml = write_opml([OpmlFeed(extra[0], "Extra", "harbour"), OpmlFeed(extra[1]),
                       OpmlFeed(page_server.url("/nothing-here.xml"))])
    file_url = page_server.page("/cdn/feeds.opml", opml.decode(), content_type="text/x-opml")
    imported = await slash(emulator, scenario, "import", {
        "file": {"filename": "feeds.opml", "size": len(opml), "url": file_url,
                 "content_type": "text/x-opml"}, "channel": scenario.news})
    text = answer(imported)
    assert f"Imported 2 feeds into <#{scenario.news.id}>." in text
    assert "nothing-here.xml>: the server answered HTTP 404" in text
    rows = {row["url"]: row for row in feed_rows(database)}
    assert rows[extra[0]]["filter"] == "harbour"
    assert rows[extra[1]]["channel_id"] == str(scenario.news.id)
    not_opml = page_server.page("/cdn/bad.opml", "<html>no</html>")
    refused = await slash(emulator, scenario, "import", {
        "file": {"filename": "bad.opml", "size": 15, "url": not_opml}})
    assert "not OPML" in answer(refused)
    assert len(feed_rows(database)) == len(rows)


def titles(emulator: DiscordEmulator, channel: Any) -> list[str]:
    return [embed["title"] for message in emulator.bot_messages_in(channel)
            for embed in message["embeds"]]


async def slash(emulator: DiscordEmulator, scenario: Scenario, subcommand: str,
                options: dict[str, Any] | None = None, user: Any = None) -> Any:
    interaction = await emulator.invoke_slash("feed", options or {}, subcommand=subcommand,
                                              user=user or scenario.admin,
                                              channel=scenario.general)
    await interaction.wait_for_response(timeout=TIMEOUT)
    if interaction.deferred:
        await until(lambda: bool(interaction.followups), f"/feed {subcommand}")
    return interaction


def answer(interaction: Any) -> str:
    if interaction.followups:
        return str(interaction.followups[-1].get("content") or "")
    return str(interaction.content or "")


async def test_feed_items_are_posted_once_across_polls_and_a_restart(
        emulator: DiscordEmulator, scenario: Scenario, page_server: PageServer,
        tmp_path: Path) -> None:
    stories = serve_stories(page_server, STORIES)
    served = ServedFeed(rss(entries(["bridge", "ferry"], stories)))
    url = serve_feed(page_server, "/feed.xml", served)
    database = tmp_path / "bot.db"
    clock = ShiftedClock()
    settings = bot_settings(emulator, database, dev_guild_id=scenario.guild.id)
    async with running_bot(emulator, settings, clock):
        denied = await slash(emulator, scenario, "add", {"url": url}, user=scenario.user)
        assert denied.ephemeral
        assert "Only server admins" in answer(denied)

        added = await slash(emulator, scenario, "add", {"url": url, "channel": scenario.news})
        assert "Added feed **1**: Eastport Herald" in answer(added)
        await polled(database, 1, None)
        assert emulator.bot_messages_in(scenario.news) == []  # the backlog is not posted

        served.update(rss(entries(["school", "bridge", "ferry"], stories)))
        before = last_poll(database, 1)
        clock.advance(minutes=11)
        await polled(database, 1, before)
        assert titles(emulator, scenario.news) == ["School council approves new school project"]
        posted = emulator.bot_messages_in(scenario.news)[0]["embeds"][0]
        assert posted["url"] == stories["school"]
        assert "words" in posted["footer"]["text"]  # the shared-link embed, summary and all

        before = last_poll(database, 1)
        clock.advance(minutes=11)
        await polled(database, 1, before)
        assert served.conditional_hits == ["etag"]
        assert len(emulator.bot_messages_in(scenario.news)) == 1

        # A member shares the same story: one article, a note linking to the feed's post.
        await emulator.send_message(scenario.general, scenario.user, stories["school"])
        note = await emulator.wait_for_message(
            scenario.general, lambda m: "already summarized" in (m["content"] or ""),
            timeout=TIMEOUT)
        assert "already summarized here" in note["content"]

    served.update(rss(entries(["market", "school", "bridge", "ferry"], stories)))
    before = last_poll(database, 1)
    clock.advance(minutes=11)
    async with running_bot(emulator, settings, clock):
        await polled(database, 1, before)
        assert titles(emulator, scenario.news) == [
            "School council approves new school project",
            "Market council approves new market project"]


async def test_a_filter_a_failing_feed_paused_with_one_notice_list_test_and_export(
        emulator: DiscordEmulator, scenario: Scenario, page_server: PageServer,
        tmp_path: Path) -> None:
    stories = serve_stories(page_server, STORIES)
    filtered = serve_feed(page_server, "/filtered.xml",
                          ServedFeed(rss(entries(["library", "market", "school"], stories))))
    failing = ServedFeed(rss(entries(["ferry"], stories)))
    failing_url = serve_feed(page_server, "/failing.xml", failing)
    database = tmp_path / "bot.db"
    clock = ShiftedClock()
    settings = bot_settings(emulator, database, dev_guild_id=scenario.guild.id)
    async with running_bot(emulator, settings, clock):
        tested = await slash(emulator, scenario, "test", {"url": filtered,
                                                          "filter": "library OR market"})
        assert tested.ephemeral
        text = answer(tested)
        assert "✅ kept · Story library" in text
        assert "❌ left out · Story school" in text

        bad = await slash(emulator, scenario, "add",
                          {"url": filtered, "filter": "after:2020-01-01"})
        assert "before: and after:" in answer(bad)
        no_threads = await slash(emulator, scenario, "add", {"url": filtered, "thread": True})
        assert "the bot lacks Create Public Threads there" in answer(no_threads)
        assert feed_rows(database) == []

        await slash(emulator, scenario, "add", {"url": filtered, "channel": scenario.news,
                                                "filter": '"library project"', "backlog": 3})
        await polled(database, 1, None)
        assert titles(emulator, scenario.news) == [
            "Library council approves new library project"]

        await slash(emulator, scenario, "add", {"url": failing_url, "channel": scenario.news})
        await polled(database, 2, None)
        failing.status = 500
        await fail_until_paused(database, 2, clock)
        notice = await emulator.wait_for_message(
            scenario.news, lambda m: "is paused" in (m["content"] or ""), timeout=TIMEOUT)
        assert failing_url in notice["content"]
        clock.advance(days=2)
        await until(lambda: feed_rows(database)[1]["pause_notice"] == "sent", "the notice")
        notices = [m for m in emulator.bot_messages_in(scenario.news)
                   if "is paused" in (m["content"] or "")]
        assert len(notices) == 1

        listed = answer(await slash(emulator, scenario, "list"))
        assert "⏸️ paused: it has failed for over 24 hours" in listed
        assert "HTTP 500" in listed
        assert 'filter `"library project"`' in listed

        exported = await slash(emulator, scenario, "export")
        assert exported.ephemeral
        [attachment] = exported.original["attachments"]
        assert attachment["filename"] == "newsbot-feeds.opml"
        await import_export_round_trip(emulator, scenario, page_server, database)

        resumed = await slash(emulator, scenario, "resume", {"feed": 2})
        assert "Resumed feed 2" in answer(resumed)
        missing = await slash(emulator, scenario, "remove", {"feed": 7})
        assert "there is no feed number 7 here" in answer(missing)
        removed = await slash(emulator, scenario, "remove", {"feed": 1})
        assert "Removed feed 1" in answer(removed)
        assert [row["id"] for row in feed_rows(database)] == [2, 3, 4]


async def test_a_feed_can_open_a_thread_on_each_posted_item(
        emulator: DiscordEmulator, scenario: Scenario, page_server: PageServer,
        tmp_path: Path) -> None:
    stories = serve_stories(page_server, STORIES)
    url = serve_feed(page_server, "/feed.xml",
                     ServedFeed(rss(entries(["bridge", "ferry"], stories))))
    database = tmp_path / "bot.db"
    settings = bot_settings(emulator, database, dev_guild_id=scenario.guild.id)
    await emulator.set_overwrite(scenario.news, emulator.bot_user, allow=CREATE_PUBLIC_THREADS)
    async with running_bot(emulator, settings, ShiftedClock()):
        added = await slash(emulator, scenario, "add", {"url": url, "channel": scenario.news,
                                                        "backlog": 2, "thread": True})
        assert "Added feed **1**" in answer(added)
        await polled(database, 1, None)
        posts = emulator.bot_messages_in(scenario.news)
        threads = [channel for channel in emulator.world.channels.values()
                   if channel.type == PUBLIC_THREAD]
        assert sorted((t.parent_id, t.source_message_id, t.name) for t in threads) == sorted(
            (scenario.news.id, int(post["id"]), post["embeds"][0]["title"]) for post in posts)
        assert len(threads) == 2
