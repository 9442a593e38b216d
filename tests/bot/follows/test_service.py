"""The follow service on a real SQLite file: what members may follow, clear refusals that
change nothing, matching only in the article's server, batches after the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import InvalidOptionError
from bot.follows.matching import ArticleFacts
from bot.follows.service import PAUSED_NOTE, FollowService
from bot.knowledge.people import PeopleService
from bot.people import person_key, surname_of
from bot.text.topic_keys import topic_key
from storage.articles import ArticleRepository
from storage.database import Database
from storage.follows import FollowRepository
from storage.models import NewArticle, NewShare, Person, Tag
from storage.people import PeopleRepository
from storage.topics import TopicRepository

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOME, OTHER = "guild:1", "guild:2"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(database: Database, clock: Clock) -> FollowService:
    return FollowService(FollowRepository(database), PeopleService(PeopleRepository(database)),
                         TopicRepository(database), batch_window=timedelta(minutes=10),
                         max_per_member=3, clock=clock)


async def store(database: Database, service: FollowService, key: str, *, scope: str = HOME,
                person: str = "Mircea Geoană", tag: str = "NATO") -> int:
    record = NewArticle(
        url_key=key, text="body", summary=(f"{person} spoke about {tag}.",),
        summary_algorithm="news", words_in=10, words_out=5,
        canonical_url=f"https://news.example/{key}", title=f"Story {key}",
        tags=(Tag(tag, topic_key(tag)),),
        people=(Person(person, person_key(person), person_key(surname_of(person))),))
    saved = await ArticleRepository(database).save_share(scope, record,
                                                         NewShare(shared_at=T0))
    service.offer(saved.article, record)
    return saved.article.id


async def test_following_an_unseen_name_works_and_says_so(
        database: Database, service: FollowService) -> None:
    added = await service.follow(HOME, 5, "person", "Ada Lovelace")
    assert not added.known
    await store(database, service, "a")
    again = await service.follow(HOME, 5, "person", "  geoana ")
    assert again.known
    assert again.follow.query == "geoana"
    assert (await service.follow(HOME, 5, "topic", "nato")).known


@pytest.mark.parametrize(("kind", "text", "reason"), [
    ("person", "   ", "Say which person"),
    ("topic", "!!!", "no letters or digits"),
    ("search", "NOT", "no words to look for"),
    ("search", "ferry after:2024-01-01", "before: and after:"),
    ("search", "after:yesterday", "YYYY-MM-DD"),
    ("search", "x" * 201, "too long"),
    ("place", "Paris", "a person, a topic or a search"),
])
async def test_bad_follows_are_refused_clearly_and_store_nothing(
        service: FollowService, kind: str, text: str, reason: str) -> None:
    with pytest.raises(InvalidOptionError, match=reason):
        await service.follow(HOME, 5, kind, text)
    assert (await service.following(HOME, 5)).follows == ()


async def test_the_same_follow_twice_and_too_many_follows_are_refused(
        service: FollowService) -> None:
    await service.follow(HOME, 5, "topic", "NATO")
    with pytest.raises(InvalidOptionError, match="already follow"):
        await service.follow(HOME, 5, "topic", "nato")
    await service.follow(HOME, 5, "topic", "Economy")
    await service.follow(HOME, 5, "search", "ferry")
    with pytest.raises(InvalidOptionError, match="3 follows"):
        await service.follow(HOME, 5, "person", "Geoana")
    assert len((await service.following(HOME, 5)).follows) == 3
    # Another server has its own allowance.
    await service.follow(OTHER, 5, "person", "Geoana")


async def test_unfollow_takes_only_the_members_own_follow(service: FollowService) -> None:
    added = await service.follow(HOME, 5, "topic", "NATO")
    for who, value in ((6, str(added.follow.id)), (5, "nonsense"), (5, "999")):
        with pytest.raises(InvalidOptionError, match="not one of your follows"):
            await service.unfollow(HOME, who, value)
    assert (await service.unfollow(HOME, 5, str(added.follow.id))).id == added.follow.id
    assert (await service.following(HOME, 5)).follows == ()


async def test_articles_match_once_and_only_in_their_own_server(
        database: Database, service: FollowService, clock: Clock) -> None:
    await service.follow(HOME, 5, "person", "Geoana")
    service.start()
    try:
        await store(database, service, "elsewhere", scope=OTHER)
        await store(database, service, "here")
        await store(database, service, "unrelated", person="Ada Lovelace", tag="Economy")
        await service.settle()
    finally:
        await service.stop()
    assert await service.claim_due() == []  # the window has not passed
    clock.now = T0 + timedelta(minutes=10)
    [batch] = await service.claim_due()
    assert [a.title for a in batch.articles] == ["Story here"]
    await service.delivered(batch)
    assert await service.claim_due() == []


async def test_refused_dms_pause_dm_follows_tell_once_and_a_new_follow_resumes(
        database: Database, service: FollowService, clock: Clock) -> None:
    await service.follow(HOME, 5, "topic", "NATO")
    await service.match(await facts_of(database, service, "a"))
    clock.now = T0 + timedelta(minutes=10)
    [batch] = await service.claim_due()
    await service.dms_refused(batch)
    assert (await service.following(HOME, 5)).dms_paused
    assert await service.pending_notice(5) == PAUSED_NOTE
    assert await service.pending_notice(5) is None
    await service.match(await facts_of(database, service, "b"))
    clock.now = T0 + timedelta(minutes=30)
    assert await service.claim_due() == []
    resumed = await service.follow(HOME, 5, "person", "Geoana")
    assert resumed.resumed_dms
    # Nothing was lost while paused: the refused article comes with the later one.
    assert [a.title for a in (await service.claim_due())[0].articles] == ["Story a", "Story b"]


async def facts_of(database: Database, service: FollowService, key: str) -> ArticleFacts:
    """Store an article and take what the service was offered (without its task)."""
    await store(database, service, key)
    return service._queue.get_nowait()


async def test_a_restart_matches_what_a_stop_left_queued_but_never_older_articles(
        database: Database, service: FollowService, clock: Clock) -> None:
    await store(database, service, "before follows existed")
    assert await service.catch_up() == 0  # first start: the past is not matched
    await service.follow(HOME, 5, "topic", "NATO")
    await store(database, service, "queued when stopped")  # offered, never matched
    await store(database, service, "elsewhere", scope=OTHER)
    restarted = FollowService(
        FollowRepository(database), PeopleService(PeopleRepository(database)),
        TopicRepository(database), batch_window=timedelta(minutes=10), max_per_member=3,
        clock=clock)
    assert await restarted.catch_up() == 2
    assert await restarted.catch_up() == 0
    clock.now = T0 + timedelta(minutes=10)
    [batch] = await restarted.claim_due()
    assert [a.title for a in batch.articles] == ["Story queued when stopped"]
