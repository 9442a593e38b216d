"""The digest repository against a real SQLite file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from storage.articles import ArticleRepository
from storage.database import Database
from storage.digests import (
    DigestRepository,
    DigestSettings,
    NewRun,
    RunKind,
    RunState,
)
from storage.models import NewArticle, NewShare, Tag

T0 = datetime(2025, 6, 2, 7, 0, tzinfo=UTC)
GUILD = 42
SCOPE = f"guild:{GUILD}"


def new_run(at: datetime = T0, kind: RunKind = RunKind.SCHEDULED, ref: str = "r1") -> NewRun:
    return NewRun(guild_id=GUILD, kind=kind, scheduled_for=at, channel_id=7, ref=ref,
                  claimed_by="proc-a", period_start=at - timedelta(days=1), period_end=at,
                  created_at=at)


async def share(articles: ArticleRepository, key: str, at: datetime, *, sharer: str = "u1",
                scope: str = SCOPE, tags: tuple[str, ...] = ()) -> int:
    saved = await articles.save_share(
        scope, NewArticle(url_key=key, text="t", summary=("One.", "Two."),
                          summary_algorithm="news", words_in=10, words_out=2,
                          canonical_url=f"https://x.example/{key}", title=key.title(),
                          tags=tuple(Tag(t, t.lower()) for t in tags)),
        NewShare(shared_at=at, sharer_id=sharer))
    return saved.article.id


async def test_settings_round_trip_and_turn_off(database: Database) -> None:
    repository = DigestRepository(database)
    assert await repository.get_settings(GUILD) is None
    settings = DigestSettings(GUILD, 7, "09:00", "Europe/Berlin", anchor_at=T0,
                              weekdays=frozenset({0, 2, 4}), max_items=5, empty_note=True)
    await repository.save_settings(settings, T0)
    assert await repository.get_settings(GUILD) == settings
    assert await repository.enabled_settings() == [settings]
    assert await repository.disable(GUILD, T0) is True
    assert await repository.disable(GUILD, T0) is False
    assert await repository.enabled_settings() == []
    stored = await repository.get_settings(GUILD)
    assert stored is not None
    assert not stored.enabled


async def test_an_occurrence_can_be_claimed_only_once(database: Database) -> None:
    repository = DigestRepository(database)
    first = await repository.claim(new_run())
    assert first is not None
    assert first.state is RunState.COMPOSING
    assert first.attempts == 1
    assert await repository.claim(new_run(ref="r2")) is None
    assert not await repository.record_missed(GUILD, T0, 7, "late", T0)
    # A manual run at the same instant is a different row.
    assert await repository.claim(new_run(kind=RunKind.MANUAL)) is not None


async def test_an_open_run_is_taken_over_by_one_process_only(database: Database) -> None:
    repository = DigestRepository(database)
    run = await repository.claim(new_run())
    assert run is not None
    taken = await repository.reclaim(run.id, run, "proc-b", T0)
    assert taken is not None
    assert taken.claimed_by == "proc-b"
    assert taken.attempts == 2
    assert await repository.reclaim(run.id, run, "proc-c", T0) is None  # stale expectation


async def test_outcomes_and_what_counts_as_covered(database: Database) -> None:
    repository = DigestRepository(database)
    assert await repository.covered_until(GUILD) is None
    sent = await repository.claim(new_run(T0))
    assert sent is not None
    await repository.finish_sent(sent.id, [11, 12], 4, T0)
    done = await repository.get_run(sent.id)
    assert done is not None
    assert done.state is RunState.SENT
    assert done.message_ids == (11, 12)
    # A missed occurrence and a failed run cover nothing; an empty period does.
    await repository.record_missed(GUILD, T0 + timedelta(days=1), 7, "offline", T0)
    failed = await repository.claim(new_run(T0 + timedelta(days=2)))
    assert failed is not None
    await repository.finish_failed(failed.id, "channel gone", T0, retryable=True)
    assert await repository.covered_until(GUILD) == T0
    assert [r.id for r in await repository.open_runs(GUILD)] == [failed.id]
    await repository.give_up(failed.id, T0)
    assert await repository.open_runs() == []
    empty = await repository.claim(new_run(T0 + timedelta(days=3)))
    assert empty is not None
    await repository.finish_skipped(empty.id, "nothing new", T0, covered=True)
    assert await repository.covered_until(GUILD) == T0 + timedelta(days=3)
    latest = await repository.latest_run(GUILD)
    assert latest is not None
    assert latest.id == empty.id
    assert await repository.last_scheduled() == {GUILD: T0 + timedelta(days=3)}


async def test_runs_are_counted_by_state_across_guilds(database: Database) -> None:
    repository = DigestRepository(database)
    assert await repository.count_runs(RunState.SENT) == 0
    first = await repository.claim(new_run(T0))
    other_guild = await repository.claim(replace(new_run(T0), guild_id=GUILD + 1))
    open_run = await repository.claim(new_run(T0 + timedelta(days=1)))
    assert first is not None
    assert other_guild is not None
    assert open_run is not None
    await repository.finish_sent(first.id, [11], 1, T0)
    await repository.finish_sent(other_guild.id, [12], 1, T0)
    assert await repository.count_runs(RunState.SENT) == 2
    assert await repository.count_runs(RunState.COMPOSING) == 1
    assert await repository.count_runs(RunState.FAILED) == 0


async def test_candidates_are_articles_first_shared_in_the_period(database: Database) -> None:
    articles, repository = ArticleRepository(database), DigestRepository(database)
    start, end = T0, T0 + timedelta(days=1)
    old = await share(articles, "old", start - timedelta(hours=1))
    await articles.add_share(SCOPE, old, NewShare(shared_at=start + timedelta(hours=1)))
    fresh = await share(articles, "fresh", start + timedelta(hours=2), tags=("Energy", "EU"))
    await articles.add_share(SCOPE, fresh, NewShare(shared_at=start + timedelta(hours=3),
                                                    sharer_id="u2"))
    await articles.add_share(SCOPE, fresh, NewShare(shared_at=start + timedelta(hours=4),
                                                    sharer_id="u2"))
    await articles.add_share(SCOPE, fresh, NewShare(shared_at=end + timedelta(hours=1),
                                                    sharer_id="u3"))  # after the period
    await share(articles, "later", end)  # the end is exclusive
    await share(articles, "elsewhere", start + timedelta(hours=1), scope="guild:1")

    found = await repository.candidates(SCOPE, start, end)
    assert [c.article_id for c in found] == [fresh]
    candidate = found[0]
    assert candidate.share_count == 3
    assert candidate.sharers == {"u1", "u2"}
    assert candidate.tags == ("Energy", "EU")
    assert candidate.summary == ("One.", "Two.")
    assert candidate.first_shared_at == start + timedelta(hours=2)
    assert candidate.url == "https://x.example/fresh"
    assert candidate.title == "Fresh"


async def test_candidates_carry_the_publication_date(database: Database) -> None:
    articles, repository = ArticleRepository(database), DigestRepository(database)
    await articles.save_share(
        SCOPE, NewArticle(url_key="archive", text="t", summary=("One.",),
                          summary_algorithm="news", words_in=10, words_out=1,
                          title="Archive", published="2019-11-20"),
        NewShare(shared_at=T0 + timedelta(hours=1)))
    await share(articles, "undated", T0 + timedelta(hours=2))
    found = await repository.candidates(SCOPE, T0, T0 + timedelta(days=1))
    assert {c.title: c.published for c in found} == {"Archive": "2019-11-20", "Undated": None}
