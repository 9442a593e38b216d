"""Polling and delivery against a feed server and article pages on 127.0.0.1, with real
worker processes and a real SQLite file; the chat side is an in-memory channel."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.feeds.delivery import ItemPost, PostError
from bot.ingest.articles import IngestStatus, ShareContext
from bot.ingest.processing import SummaryOptions
from bot.runtime.composition import Runtime, open_runtime
from bot.runtime.settings import Settings
from storage.feeds import Feed, FeedState, ItemState
from tests.bot.feeds.feed_texts import (
    ServedFeed,
    atom,
    entries,
    rss,
    serve_feed,
    serve_stories,
)
from tests.conftest import PageServer

SCOPE = "guild:1"
CHANNEL = 10


class MovableClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class MemoryChannel:
    """Implements FeedPoster: what was posted, per feed."""

    posts: list[tuple[int, ItemPost, int]] = field(default_factory=list)
    notices: list[tuple[int, str]] = field(default_factory=list)
    refuse: PostError | None = None
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    async def post(self, feed: Feed, item: ItemPost) -> int:
        if self.refuse is not None:
            raise self.refuse
        message_id = next(self.ids)
        self.posts.append((feed.id, item, message_id))
        return message_id

    async def find_posted(self, feed: Feed, url: str, since: datetime) -> int | None:
        return next((mid for fid, item, mid in self.posts if fid == feed.id and item.url == url),
                    None)

    async def send_notice(self, feed: Feed, text: str) -> None:
        self.notices.append((feed.id, text))

    def titles(self) -> list[str]:
        return [item.title for _feed, item, _id in self.posts]


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
async def runtime(settings: Settings, clock: MovableClock) -> AsyncIterator[Runtime]:
    async with open_runtime(replace(settings, feed_max_posts_per_poll=2), clock=clock) as opened:
        yield opened


@pytest.fixture
def channel() -> MemoryChannel:
    return MemoryChannel()


STORIES = ["ferry", "bridge", "school", "library", "market"]


@pytest.fixture
def stories(page_server: PageServer) -> dict[str, str]:
    return serve_stories(page_server, STORIES)


async def poll(runtime: Runtime, feed_id: int, channel: MemoryChannel) -> None:
    feed = await runtime.feed_repository.get(SCOPE, feed_id)
    assert feed is not None
    await runtime.feed_poller.poll(feed, channel)


async def test_a_page_is_resolved_to_its_feed_and_only_new_items_are_posted_once(
        runtime: Runtime, page_server: PageServer, stories: dict[str, str],
        channel: MemoryChannel, clock: MovableClock) -> None:
    served = ServedFeed(rss(entries(["bridge", "ferry"], stories)))
    feed_url = serve_feed(page_server, "/feed.xml", served)
    page = page_server.page("/", '<html><head><link rel="alternate" '
                                 'type="application/rss+xml" href="/feed.xml"></head></html>')
    feed = await runtime.feeds.add(SCOPE, CHANNEL, page)
    assert (feed.url, feed.title) == (feed_url, "Eastport Herald")

    await poll(runtime, feed.id, channel)  # the backlog: remembered, not posted
    assert channel.posts == []

    clock.advance(minutes=11)
    await poll(runtime, feed.id, channel)  # unchanged: a 304, nothing new
    assert served.conditional_hits == ["etag"]
    assert channel.posts == []

    served.update(rss(entries(["market", "school", "bridge", "ferry"], stories)))
    clock.advance(minutes=11)
    await poll(runtime, feed.id, channel)
    assert channel.titles() == ["School council approves new school project",
                                "Market council approves new market project"]
    _, first, _ = channel.posts[0]
    assert first.card is not None
    assert first.card.url == stories["school"]
    assert first.card.summary  # the full article, summarized, as for a shared link

    clock.advance(minutes=11)
    await poll(runtime, feed.id, channel)
    assert len(channel.posts) == 2  # nothing again
    items = {item.link: item.state for item in await runtime.feed_repository.items(feed.id)}
    assert items[stories["ferry"]] is ItemState.SEEN
    assert items[stories["market"]] is ItemState.POSTED


async def test_last_modified_alone_gives_conditional_gets_and_max_age_or_ttl_stretch_the_interval(
        runtime: Runtime, page_server: PageServer, channel: MemoryChannel,
        clock: MovableClock) -> None:
    served = ServedFeed(rss(entries(["a"]), ttl=30), send_etag=False,
                        cache_control="public, max-age=3600")
    feed = await runtime.feeds.add(SCOPE, CHANNEL, serve_feed(page_server, "/lm", served))
    await poll(runtime, feed.id, channel)
    polled = await runtime.feed_repository.get(SCOPE, feed.id)
    assert polled is not None
    assert polled.etag is None
    assert timedelta(hours=1) <= polled.next_poll_at - clock.now <= timedelta(minutes=66)
    served.cache_control = None
    await poll(runtime, feed.id, channel)
    assert served.conditional_hits == ["last-modified"]
    again = await runtime.feed_repository.get(SCOPE, feed.id)
    assert again is not None
    # A 304 has no <ttl>: the one read before still counts.
    assert timedelta(minutes=30) <= again.next_poll_at - clock.now <= timedelta(minutes=33)


async def test_the_backlog_option_and_at_most_n_posts_per_poll_oldest_first(
        runtime: Runtime, page_server: PageServer, stories: dict[str, str],
        channel: MemoryChannel) -> None:
    served = ServedFeed(atom(entries(["market", "library", "school", "bridge", "ferry"],
                                     stories)), content_type="application/atom+xml")
    feed = await runtime.feeds.add(SCOPE, CHANNEL, serve_feed(page_server, "/atom", served),
                                   backlog=3)
    await poll(runtime, feed.id, channel)
    assert [t.split()[0] for t in channel.titles()] == ["School", "Library"]  # 2 per poll
    await runtime.feed_poller.deliver(feed, channel)
    assert [t.split()[0] for t in channel.titles()] == ["School", "Library", "Market"]


async def test_a_filter_keeps_matching_items_and_stores_nothing_of_the_others(
        runtime: Runtime, page_server: PageServer, stories: dict[str, str],
        channel: MemoryChannel) -> None:
    served = ServedFeed(rss(entries(["school", "bridge"], stories)))
    feed = await runtime.feeds.add(SCOPE, CHANNEL, serve_feed(page_server, "/f", served),
                                   filter_text='"bridge project" -museum OR "BRIDGE council"',
                                   backlog=2)
    await poll(runtime, feed.id, channel)
    assert channel.titles() == ["Bridge council approves new bridge project"]
    assert await runtime.repository.count(SCOPE) == 1
    states = [item.state for item in await runtime.feed_repository.items(feed.id)]
    assert sorted(states) == sorted([ItemState.POSTED, ItemState.FILTERED])


async def test_digest_only_stores_without_posting_and_a_member_sharing_it_later_is_one_article(
        runtime: Runtime, page_server: PageServer, stories: dict[str, str],
        channel: MemoryChannel) -> None:
    served = ServedFeed(rss(entries(["ferry"], stories)))
    feed = await runtime.feeds.add(SCOPE, CHANNEL, serve_feed(page_server, "/f", served),
                                   backlog=1, digest_only=True)
    await poll(runtime, feed.id, channel)
    assert channel.posts == []
    [item] = await runtime.feed_repository.items(feed.id)
    assert item.state is ItemState.STORED
    assert item.article_id is not None

    member = ShareContext(scope=SCOPE, sharer_id="42", sharer_name="bob", channel_id="10")
    shared = await runtime.articles.ingest_url(stories["ferry"] + "?utm_source=x", member,
                                               SummaryOptions())
    assert shared.status is IngestStatus.DUPLICATE
    assert shared.article.id == item.article_id
    assert await runtime.repository.count(SCOPE) == 1


async def test_an_item_whose_page_cannot_be_read_is_posted_as_its_title_and_link(
        runtime: Runtime, page_server: PageServer, channel: MemoryChannel) -> None:
    missing = page_server.url("/news/gone")
    served = ServedFeed(rss(entries(["gone"], {"gone": missing})))
    feed = await runtime.feeds.add(SCOPE, CHANNEL, serve_feed(page_server, "/f", served),
                                   backlog=1)
    await poll(runtime, feed.id, channel)
    [(_, post, _)] = channel.posts
    assert (post.title, post.url, post.card) == ("Story gone", missing, None)
    [item] = await runtime.feed_repository.items(feed.id)
    assert item.state is ItemState.FAILED
    assert "404" in (item.error or "")


async def test_a_malformed_feed_is_read_as_far_as_possible_and_says_so(
        runtime: Runtime, page_server: PageServer, stories: dict[str, str],
        channel: MemoryChannel) -> None:
    body = rss(entries(["ferry"], stories)).replace("</channel></rss>", "<item><title>x &")
    feed = await runtime.feeds.add(SCOPE, CHANNEL,
                                   serve_feed(page_server, "/f", ServedFeed(body)), backlog=1)
    await poll(runtime, feed.id, channel)
    assert channel.titles() == ["Harbour council approves new ferry terminal"]
    polled = await runtime.feed_repository.get(SCOPE, feed.id)
    assert polled is not None
    assert (polled.error or "").startswith("the feed is malformed")


async def test_a_failing_feed_backs_off_and_after_a_day_is_paused_with_one_notice(
        runtime: Runtime, page_server: PageServer, stories: dict[str, str],
        channel: MemoryChannel, clock: MovableClock) -> None:
    served = ServedFeed(rss(entries(["ferry"], stories)))
    feed = await runtime.feeds.add(SCOPE, CHANNEL, serve_feed(page_server, "/f", served))
    await poll(runtime, feed.id, channel)
    served.status = 404
    delays = []
    while True:
        clock.advance(minutes=1)
        current = await runtime.feed_repository.get(SCOPE, feed.id)
        assert current is not None
        if current.state is FeedState.PAUSED:
            break
        await poll(runtime, feed.id, channel)
        after = await runtime.feed_repository.get(SCOPE, feed.id)
        assert after is not None
        delays.append(after.next_poll_at - clock.now)
        clock.now = after.next_poll_at
    assert delays[1] > delays[0]  # backing off
    assert current.failing_since is not None
    assert clock.now - current.failing_since >= timedelta(hours=24)
    assert "HTTP 404" in (current.paused_reason or "")
    assert len(channel.notices) == 1
    assert "/feed resume" in channel.notices[0][1]
    await runtime.feed_poller.finish_open_work(current, channel)
    assert len(channel.notices) == 1
    assert await runtime.feed_repository.due(clock.now + timedelta(days=2)) == []


async def test_a_claimed_item_is_posted_once_whether_or_not_the_crash_came_after_posting(
        runtime: Runtime, page_server: PageServer, stories: dict[str, str],
        channel: MemoryChannel) -> None:
    served = ServedFeed(rss(entries(["bridge", "ferry"], stories)))
    feed = await runtime.feeds.add(SCOPE, CHANNEL, serve_feed(page_server, "/f", served),
                                   backlog=2)
    channel.refuse = PostError("Discord is down", permanent=False)
    await poll(runtime, feed.id, channel)  # claimed, then the post failed: stays claimed
    [claimed] = [i for i in await runtime.feed_repository.items(feed.id)
                 if i.state is ItemState.CLAIMED]
    channel.refuse = None
    await runtime.feed_poller.deliver(feed, channel)
    assert channel.titles() == ["Harbour council approves new ferry terminal",
                                "Bridge council approves new bridge project"]
    # As if the process died after posting the ferry but before recording it.
    await runtime.database.maintain(
        f"UPDATE feed_items SET state = 'claimed' WHERE identity = '{claimed.identity}'")
    await runtime.feed_poller.deliver(feed, channel)
    assert len(channel.posts) == 2
    assert all(i.state is ItemState.POSTED for i in await runtime.feed_repository.items(feed.id))


async def test_bad_input_changes_nothing(runtime: Runtime, page_server: PageServer) -> None:
    from bot.errors import NewsbotError  # noqa: PLC0415

    page = page_server.page("/plain", "<html><head><title>x</title></head></html>")
    served = ServedFeed(rss(entries(["a"])))
    url = serve_feed(page_server, "/ok", served)
    attempts = [
        dict(url=page), dict(url="ftp://example.org/feed"), dict(url=page_server.url("/404")),
        dict(url=url, filter_text="after:2024-01-01"), dict(url=url, backlog=99)]
    for attempt in attempts:
        with pytest.raises(NewsbotError):
            await runtime.feeds.add(SCOPE, CHANNEL, **attempt)  # type: ignore[arg-type]
    assert await runtime.feeds.in_scope(SCOPE) == []
    await runtime.feeds.add(SCOPE, CHANNEL, url)
    with pytest.raises(NewsbotError, match="already follows"):
        await runtime.feeds.add(SCOPE, CHANNEL, url)
    with pytest.raises(NewsbotError, match="no feed number"):
        await runtime.feeds.remove("guild:2", 1)
    assert len(await runtime.feeds.in_scope(SCOPE)) == 1


async def test_opml_export_and_import_round_trip(runtime: Runtime,
                                                 page_server: PageServer) -> None:
    urls = [serve_feed(page_server, f"/f{n}", ServedFeed(rss(entries([f"s{n}"]))))
            for n in range(3)]
    for url in urls[:2]:
        await runtime.feeds.add(SCOPE, CHANNEL, url, filter_text="ferry -bridge")
    exported = await runtime.feeds.export_opml(SCOPE)
    report = await runtime.feeds.import_opml("guild:2", 20, exported)
    assert (list(report.added), report.skipped) == (urls[:2], ())
    imported = await runtime.feeds.in_scope("guild:2")
    assert [(f.url, f.filter, f.channel_id) for f in imported] == [
        (url, "ferry -bridge", 20) for url in urls[:2]]
    assert all(f.next_poll_at >= f.created_at for f in imported)  # spread, not all at once
    again = await runtime.feeds.import_opml("guild:2", 20, exported)
    assert again.added == ()
    assert len(again.skipped) == 2


async def test_feed_test_shows_the_next_items_and_what_a_filter_keeps(
        runtime: Runtime, page_server: PageServer) -> None:
    url = serve_feed(page_server, "/f", ServedFeed(rss(entries(["ferry", "bridge"]))))
    result = await runtime.feeds.test(url, "ferry")
    assert [(t.item.title, t.kept) for t in result.items] == [("Story ferry", True),
                                                              ("Story bridge", False)]
    assert await runtime.feeds.in_scope(SCOPE) == []


async def test_feed_test_reads_the_articles_for_a_tag_or_person_filter_and_stores_nothing(
        runtime: Runtime, page_server: PageServer, stories: dict[str, str]) -> None:
    links = {"ferry": stories["ferry"], "gone": page_server.url("/news/gone")}
    url = serve_feed(page_server, "/f", ServedFeed(rss(entries(["ferry", "gone"], links))))
    # The feed's own text names neither the tag nor the person; the ferry article does.
    for query in ('tag:"ferry terminal"', "person:olsen"):
        result = await runtime.feeds.test(url, query, SCOPE)
        assert [(t.item.title, t.kept) for t in result.items] == [
            ("Story ferry", True), ("Story gone", False)]  # an unreadable page: its text
    assert await runtime.repository.count(SCOPE) == 0
    assert [(t.item.title, t.kept) for t in (
        await runtime.feeds.test(url, "person:olsen")).items] == [
        ("Story ferry", False), ("Story gone", False)]  # no server given: the feed's text


async def test_items_without_a_link_are_their_own_text_judged_before_anything_is_stored(
        runtime: Runtime, page_server: PageServer, channel: MemoryChannel) -> None:
    from tests.bot.feeds.feed_texts import Entry  # noqa: PLC0415

    text = ("The harbour council of Eastport voted on Tuesday to approve a new ferry terminal. "
            "Council chair Marta Olsen said the terminal would bring a steady stream of "
            "visitors. The plan includes a covered waiting hall and a cycle path. "
            "Construction is expected to begin in the spring.")
    body = rss([Entry("n-2", "Bridge closed for repairs", None, None, "The old bridge shuts."),
                Entry("n-1", "Ferry terminal approved", None, None, text)])
    feed = await runtime.feeds.add(SCOPE, CHANNEL,
                                   serve_feed(page_server, "/nolinks", ServedFeed(body)),
                                   backlog=2, filter_text="ferry")
    await poll(runtime, feed.id, channel)
    states = {item.title: item.state for item in await runtime.feed_repository.items(feed.id)}
    assert states == {"Ferry terminal approved": ItemState.POSTED,
                      "Bridge closed for repairs": ItemState.FILTERED}
    assert channel.titles() == ["Ferry terminal approved"]
    assert await runtime.repository.count(SCOPE) == 1


async def test_an_unexpected_error_on_one_item_does_not_block_the_next(
        runtime: Runtime, page_server: PageServer, stories: dict[str, str]) -> None:
    class BrokenOnce(MemoryChannel):
        async def post(self, feed: Feed, item: ItemPost) -> int:
            if not self.notices:
                self.notices.append((feed.id, "broken once"))
                raise RuntimeError("a bug")
            return await super().post(feed, item)

    channel = BrokenOnce()
    served = ServedFeed(rss(entries(["bridge", "ferry"], stories)))
    feed = await runtime.feeds.add(SCOPE, CHANNEL, serve_feed(page_server, "/f", served),
                                   backlog=2)
    await poll(runtime, feed.id, channel)
    states = [item.state for item in await runtime.feed_repository.items(feed.id)]
    assert states == [ItemState.FAILED, ItemState.POSTED]
    assert channel.titles() == ["Bridge council approves new bridge project"]
