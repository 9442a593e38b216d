"""The follow repository against a real SQLite file: follows, matches once, batches claimed
before sending, DM pauses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.articles import ArticleRepository
from storage.database import Database
from storage.follows import FollowRepository, NewFollow
from storage.models import NewArticle, NewShare

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=10)
SCOPE = "guild:1"


async def article(database: Database, key: str, scope: str = SCOPE) -> int:
    saved = await ArticleRepository(database).save_share(
        scope, NewArticle(url_key=key, text="t", summary=("One.",), summary_algorithm="news",
                          words_in=5, words_out=1, canonical_url=f"https://x.example/{key}",
                          title=f"Story {key}", site_name="X News"),
        NewShare(shared_at=T0))
    return saved.article.id


def dm_follow(user: str = "u1", key: str = "geoana", scope: str = SCOPE) -> NewFollow:
    return NewFollow(scope, user, "person", key.title(), key)


async def test_a_follow_is_added_once_listed_and_removed_by_its_owner_only(
        database: Database) -> None:
    repository = FollowRepository(database)
    added = await repository.add(dm_follow(), T0)
    assert added is not None
    assert added.by_dm
    assert await repository.add(dm_follow(), T0) is None
    assert [f.id for f in await repository.of_member(SCOPE, "u1")] == [added.id]
    assert await repository.count_of_member(SCOPE, "u1") == 1
    assert await repository.of_member("guild:2", "u1") == []
    assert await repository.remove(SCOPE, "u2", added.id) is None
    assert await repository.remove("guild:2", "u1", added.id) is None
    removed = await repository.remove(SCOPE, "u1", added.id)
    assert removed is not None
    assert removed.id == added.id
    assert await repository.of_member(SCOPE, "u1") == []


async def test_an_article_is_matched_once_per_follow(database: Database) -> None:
    repository = FollowRepository(database)
    follow = await repository.add(dm_follow(), T0)
    assert follow is not None
    first = await article(database, "a")
    assert await repository.record_matches([follow.id], first, T0) == 1
    assert await repository.record_matches([follow.id], first, T0) == 0
    assert await repository.pending_count(follow.id) == 1


async def test_a_batch_is_due_a_window_after_its_first_match_and_lists_all(
        database: Database) -> None:
    repository = FollowRepository(database)
    follow = await repository.add(dm_follow(), T0)
    assert follow is not None
    await repository.record_matches([follow.id], await article(database, "a"), T0)
    later = T0 + timedelta(minutes=3)
    await repository.record_matches([follow.id], await article(database, "b"), later)
    assert await repository.claim_due(T0 + timedelta(minutes=9), WINDOW, 10) == []
    [batch] = await repository.claim_due(T0 + WINDOW, WINDOW, 10)
    assert batch.follow.id == follow.id
    assert [a.title for a in batch.articles] == ["Story a", "Story b"]
    assert batch.articles[0].url == "https://x.example/a"
    # Claimed: nothing is due again, whatever happens to the send.
    assert await repository.claim_due(T0 + WINDOW, WINDOW, 10) == []
    await repository.finish(batch.id, T0 + WINDOW)


async def test_at_most_one_batch_per_follow_per_window(database: Database) -> None:
    repository = FollowRepository(database)
    follow = await repository.add(dm_follow(), T0)
    assert follow is not None
    await repository.record_matches([follow.id], await article(database, "a"), T0 - WINDOW)
    [batch] = await repository.claim_due(T0, WINDOW, 10)
    await repository.finish(batch.id, T0)
    # A match that has waited a window, but the last batch went out a minute ago.
    await repository.record_matches([follow.id], await article(database, "b"), T0 - WINDOW)
    assert await repository.claim_due(T0 + timedelta(minutes=1), WINDOW, 10) == []
    [second] = await repository.claim_due(T0 + WINDOW, WINDOW, 10)
    assert [a.title for a in second.articles] == ["Story b"]


async def test_paused_dms_hold_dm_follows_but_not_channel_ones(database: Database) -> None:
    repository = FollowRepository(database)
    by_dm = await repository.add(dm_follow(), T0)
    in_channel = await repository.add(
        NewFollow(SCOPE, "u1", "topic", "NATO", "nato", channel_id="55", role_id="66"), T0)
    assert by_dm is not None
    assert in_channel is not None
    story = await article(database, "a")
    await repository.record_matches([by_dm.id, in_channel.id], story, T0)
    await repository.pause_dms("u1", T0)
    assert await repository.dms_paused("u1")
    [batch] = await repository.claim_due(T0 + WINDOW, WINDOW, 10)
    assert batch.follow.id == in_channel.id
    assert batch.follow.role_id == "66"
    assert await repository.take_pause_notice("u1") is True
    assert await repository.take_pause_notice("u1") is False
    assert await repository.resume_dms("u1") is True
    [resumed] = await repository.claim_due(T0 + WINDOW, WINDOW, 10)
    assert resumed.follow.id == by_dm.id


async def test_a_batch_left_sending_is_listed_with_its_ref_and_articles_until_finished(
        database: Database) -> None:
    repository = FollowRepository(database)
    follow = await repository.add(dm_follow(), T0)
    assert follow is not None
    await repository.record_matches([follow.id], await article(database, "a"), T0)
    [claimed] = await repository.claim_due(T0 + WINDOW, WINDOW, 10)
    assert len(claimed.ref) == 16
    # A restart finds it, ref and articles as claimed; it is never claimed again.
    assert await repository.interrupted() == [claimed]
    assert await repository.claim_due(T0 + 3 * WINDOW, WINDOW, 10) == []
    await repository.finish(claimed.id, T0 + WINDOW)
    assert await repository.interrupted() == []


async def test_a_batch_that_failed_for_now_gives_its_articles_to_the_next(
        database: Database) -> None:
    repository = FollowRepository(database)
    follow = await repository.add(dm_follow(), T0)
    assert follow is not None
    await repository.record_matches([follow.id], await article(database, "a"), T0)
    [failed] = await repository.claim_due(T0 + WINDOW, WINDOW, 10)
    await repository.finish(failed.id, T0 + WINDOW, "could not reach Discord", release=True)
    assert await repository.claim_due(T0 + WINDOW, WINDOW, 10) == []  # not within the window
    [retried] = await repository.claim_due(T0 + 2 * WINDOW, WINDOW, 10)
    assert [a.title for a in retried.articles] == ["Story a"]
    await repository.finish(retried.id, T0 + 2 * WINDOW, "DMs closed")
    assert await repository.claim_due(T0 + 4 * WINDOW, WINDOW, 10) == []
