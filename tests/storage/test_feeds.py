"""The feed repository on a real SQLite file: per-scope isolation, new items remembered
once and oldest first, the backlog left unposted, claims, failures and pausing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.database import Database
from storage.feeds import (
    DuplicateFeedError,
    FeedRepository,
    FeedState,
    ItemState,
    NewFeed,
    PollOutcome,
    SeenItem,
)

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def seen(*names: str) -> list[SeenItem]:
    """Items as a feed lists them: newest first."""
    return [SeenItem(f"id:{name}", f"http://example.org/{name}", name, None) for name in names]


async def test_a_server_never_sees_or_changes_another_servers_feeds(database: Database) -> None:
    repository = FeedRepository(database)
    ours = await repository.add(NewFeed("guild:1", 10, "http://example.org/feed"), NOW)
    theirs = await repository.add(NewFeed("guild:2", 20, "http://example.org/feed"), NOW)
    assert [feed.id for feed in await repository.in_scope("guild:1")] == [ours.id]
    assert await repository.get("guild:1", theirs.id) is None
    assert not await repository.remove("guild:1", theirs.id)
    assert not await repository.set_paused("guild:1", theirs.id, "no", NOW)
    assert (await repository.get("guild:2", theirs.id)) == theirs


async def test_the_same_feed_twice_in_one_channel_is_refused(database: Database) -> None:
    repository = FeedRepository(database)
    await repository.add(NewFeed("guild:1", 10, "http://example.org/feed"), NOW)
    with pytest.raises(DuplicateFeedError):
        await repository.add(NewFeed("guild:1", 10, "http://example.org/feed"), NOW)
    await repository.add(NewFeed("guild:1", 11, "http://example.org/feed"), NOW)


async def test_the_first_read_keeps_only_the_backlog_and_later_reads_add_new_items_once(
        database: Database) -> None:
    repository = FeedRepository(database)
    feed = await repository.add(NewFeed("guild:1", 10, "http://example.org/feed"), NOW)
    assert await repository.record_items(feed.id, seen("c", "b", "a"), NOW, backlog=1) == 1
    assert [item.title for item in await repository.waiting(feed.id, 10)] == ["c"]
    primed = await repository.get("guild:1", feed.id)
    assert primed is not None
    assert primed.primed
    assert await repository.record_items(feed.id, seen("e", "d", "c", "b"), NOW) == 2
    assert [item.title for item in await repository.waiting(feed.id, 10)] == ["c", "d", "e"]
    assert [item.title for item in await repository.waiting(feed.id, 2)] == ["c", "d"]
    assert await repository.record_items(feed.id, seen("e", "d"), NOW) == 0


async def test_a_claimed_item_comes_first_and_cannot_be_claimed_twice(
        database: Database) -> None:
    repository = FeedRepository(database)
    feed = await repository.add(NewFeed("guild:1", 10, "http://example.org/feed"), NOW)
    await repository.record_items(feed.id, seen("b", "a"), NOW, backlog=2)
    assert await repository.claim(feed.id, "id:b", NOW)
    assert not await repository.claim(feed.id, "id:b", NOW)
    waiting = await repository.waiting(feed.id, 10)
    assert [(item.title, item.state) for item in waiting] == [
        ("b", ItemState.CLAIMED), ("a", ItemState.PENDING)]
    assert [f.id for f in await repository.with_open_work()] == [feed.id]
    await repository.finish(feed.id, "id:b", ItemState.POSTED, message_id=99)
    await repository.finish(feed.id, "id:a", ItemState.FILTERED)
    assert await repository.with_open_work() == []
    states = {item.title: (item.state, item.message_id)
              for item in await repository.items(feed.id)}
    assert states == {"a": (ItemState.FILTERED, None), "b": (ItemState.POSTED, 99)}


async def test_due_feeds_failures_pausing_and_resuming(database: Database) -> None:
    repository = FeedRepository(database)
    feed = await repository.add(NewFeed("guild:1", 10, "http://example.org/feed"), NOW)
    assert [f.id for f in await repository.due(NOW)] == [feed.id]
    later = NOW + timedelta(minutes=10)
    await repository.record_success(feed.id, PollOutcome('"v1"', None, later, 30), NOW)
    assert await repository.due(NOW) == []
    assert await repository.next_due() == later
    await repository.record_failure(feed.id, "HTTP 500", later, NOW, None)
    await repository.record_failure(feed.id, "HTTP 500", later, NOW + timedelta(hours=1),
                                    "it has failed for over 24 hours")
    paused = await repository.get("guild:1", feed.id)
    assert paused is not None
    assert (paused.state, paused.failures, paused.failing_since) == (FeedState.PAUSED, 2, NOW)
    assert paused.pause_notice_due
    assert paused.ttl_minutes == 30
    assert paused.etag == '"v1"'
    assert await repository.due(later) == []
    await repository.mark_notice_sent(feed.id)
    assert await repository.with_open_work() == []
    assert await repository.set_paused("guild:1", feed.id, None, NOW)
    resumed = await repository.get("guild:1", feed.id)
    assert resumed is not None
    assert (resumed.state, resumed.failures, resumed.failing_since) == (FeedState.ACTIVE, 0,
                                                                        None)
