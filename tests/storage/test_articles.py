from datetime import UTC, datetime, timedelta

import pytest

from storage.articles import ArticleRepository
from storage.database import Database
from storage.models import NewArticle, NewShare, Tag

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def article(key: str = "https://example.com/a", title: str = "Ferry terminal approved",
            text: str = "The council approved a new ferry terminal.") -> NewArticle:
    return NewArticle(
        url_key=key, text=text, summary=("The council approved a new ferry terminal.",),
        summary_algorithm="news", words_in=7, words_out=7, canonical_url=key,
        original_url=key + "?utm_source=x", title=title, site_name="Eastport Herald",
        tags=(Tag("Ferry terminal", "ferry terminal"), Tag("Eastport", "eastport")))


def share(user: str = "1", at: datetime = NOW, url_key: str | None = None) -> NewShare:
    return NewShare(shared_at=at, url="https://example.com/a?utm_source=x", url_key=url_key,
                    sharer_id=user, sharer_name=f"user{user}", channel_id="10", message_id="20")


@pytest.fixture
def repository(database: Database) -> ArticleRepository:
    return ArticleRepository(database)


async def test_a_new_article_is_stored_with_its_tags_summary_and_first_share(
        repository: ArticleRepository) -> None:
    saved = await repository.save_share("guild:1", article(), share())
    assert saved.created
    stored = saved.article
    assert stored.title == "Ferry terminal approved"
    assert stored.tags == ("Ferry terminal", "Eastport")
    assert stored.summary == ("The council approved a new ferry terminal.",)
    assert stored.created_at == NOW
    assert saved.share.sharer_id == "1"
    assert await repository.count("guild:1") == 1


async def test_the_same_story_shared_twice_is_one_article_with_two_shares(
        repository: ArticleRepository) -> None:
    first = await repository.save_share("guild:1", article(), share("1"))
    second = await repository.save_share("guild:1", article(), share("2", NOW + timedelta(1)))
    assert not second.created
    assert second.article.id == first.article.id
    assert [s.sharer_id for s in await repository.shares(first.article.id)] == ["1", "2"]
    assert await repository.count("guild:1") == 1


async def test_scopes_never_see_each_others_articles(repository: ArticleRepository) -> None:
    saved = await repository.save_share("guild:1", article(), share())
    assert await repository.get("guild:2", saved.article.id) is None
    assert await repository.find_by_url_key("guild:2", "https://example.com/a") is None
    assert await repository.recent("guild:2") == []
    other = await repository.save_share("guild:2", article(), share())
    assert other.created
    assert other.article.id != saved.article.id


async def test_an_article_is_found_by_the_key_of_any_link_it_was_shared_by(
        repository: ArticleRepository) -> None:
    await repository.save_share("guild:1", article(), share(url_key="https://amp.example.com/a"))
    found = await repository.find_by_url_key("guild:1", "https://amp.example.com/a")
    assert found is not None
    assert found.url_key == "https://example.com/a"


async def test_first_share_prefers_the_one_that_got_a_reply(
        repository: ArticleRepository) -> None:
    first = await repository.save_share("guild:1", article(), share("1"))
    second = await repository.add_share("guild:1", first.article.id,
                                        share("2", NOW + timedelta(minutes=1)))
    await repository.set_reply(second.share.id, "555")
    earliest = await repository.first_share(first.article.id)
    assert earliest is not None
    assert earliest.reply_id == "555"


async def test_recent_lists_newest_first(repository: ArticleRepository) -> None:
    for n in range(3):
        await repository.save_share("cli", article(f"k{n}", f"Title {n}"),
                                    share(at=NOW + timedelta(hours=n)))
    assert [a.title for a in await repository.recent("cli", 2)] == ["Title 2", "Title 1"]


async def test_naive_timestamps_are_refused(repository: ArticleRepository) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await repository.save_share("cli", article(), NewShare(shared_at=datetime(2026, 1, 1)))  # noqa: DTZ001
    assert await repository.count("cli") == 0
