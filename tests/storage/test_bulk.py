"""The bulk loader stores articles as ingesting would: searchable, tagged, with people."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.articles import ArticleRepository
from storage.bulk import BulkArticle, BulkPerson, BulkSentence, BulkShare, BulkTag, insert_articles
from storage.database import Database
from storage.fts import TextQuery
from storage.models import NewArticle, NewShare
from storage.people import PeopleRepository
from storage.search import SearchFilter, SearchRepository
from storage.timestamps import to_text
from storage.topics import TopicRepository

SHARED = to_text(datetime(2026, 11, 2, 9, tzinfo=UTC))


def story(number: int, scope: str = "guild:1") -> BulkArticle:
    url = f"https://news.example.com/ferry-{number}"
    return BulkArticle(
        scope=scope, url_key=url, canonical_url=url, title=f"Ferry story {number}",
        site_name="Eastport Herald", author=None, published="2026-11-01", language="en",
        text=f"Harbour master Ines Duarte opened quay {number} on Friday.",
        summary_json=f'["Harbour master Ines Duarte opened quay {number} on Friday."]',
        summary_algorithm="news", words_in=9, words_out=9, created_at=SHARED,
        tags=[BulkTag("ferries", "Ferries", 0, derived=False)],
        people=[BulkPerson("ines duarte", "duarte", "Ines Duarte", "harbour master", 1, 0)],
        sentences=[BulkSentence("ines duarte", "mention", 0,
                                f"Harbour master Ines Duarte opened quay {number} on Friday.")],
        shares=[BulkShare(url, url, "42", "bob", "7", str(100 + number), SHARED)],
        sentence_notes='{"v": 2}' if number == 1 else None)


async def test_bulk_articles_are_stored_as_ingested_ones_are(database: Database) -> None:
    await insert_articles(database, [story(1), story(2)])
    await insert_articles(database, [story(3), story(4, scope="guild:2")])  # ids go on
    assert await ArticleRepository(database).count("guild:1") == 3
    quay = SearchFilter(text=TextQuery(("quay",)))
    page = await SearchRepository(database).search("guild:1", quay, 10)
    assert page.total == 3
    since = datetime(2026, 10, 1, tzinfo=UTC)
    [topic] = await TopicRepository(database).top("guild:1", since)
    assert (topic.name, topic.count) == ("Ferries", 3)
    [person] = await PeopleRepository(database).top("guild:1", since)
    assert (person.name, person.count) == ("Ines Duarte", 3)
    assert (await ArticleRepository(database).count("guild:2")) == 1


async def test_forgetting_topic_summaries_leaves_the_articles(database: Database) -> None:
    await insert_articles(database, [story(1)])
    await TopicRepository(database).forget_summaries()
    assert await ArticleRepository(database).count("guild:1") == 1


async def test_sentence_notes_are_stored_with_their_article(database: Database) -> None:
    await insert_articles(database, [story(1), story(2)])
    search = SearchRepository(database)
    ids = [article_id for article_id, _ in await search.ranked_ids(
        "guild:1", TextQuery(("quay",)), 10)]
    notes = {hit.article.title: hit.notes for hit in await search.texts_of("guild:1", ids)}
    assert notes == {"Ferry story 1": '{"v": 2}', "Ferry story 2": None}


async def test_an_article_stored_after_a_bulk_load_gets_a_new_id(database: Database) -> None:
    await insert_articles(database, [story(1), story(2)])
    saved = await ArticleRepository(database).save_share(
        "guild:1", NewArticle(url_key="https://news.example.com/later", text="Later.",
                              summary=("Later.",), summary_algorithm="news", words_in=1,
                              words_out=1),
        NewShare(shared_at=datetime(2026, 11, 3, tzinfo=UTC)))
    assert saved.created
    assert saved.article.id == 3
