"""People stored with their article in one transaction; lookups stay within a scope."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from storage.articles import ArticleRepository
from storage.database import Database
from storage.models import NewArticle, NewShare, Person, Tag
from storage.people import PeopleRepository
from storage.topics import TopicRepository

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
GEOANA = Person(name="Mircea Geoană", key="mircea geoana", surname_key="geoana",
                role="NATO Deputy Secretary General", mention_count=2,
                mention_sentences=("Geoană spoke in Bucharest.",),
                quotes=("“Cyber defence matters,” said Mircea Geoană.",))
ANDERSSON = Person(name="Magdalena Andersson", key="magdalena andersson",
                   surname_key="andersson", role="Swedish Prime Minister",
                   quotes=("“We expect retaliation,” Andersson said.",))


def article(key: str, people: tuple[Person, ...], tags: tuple[str, ...] = ("NATO",),
            title: str = "NATO meets") -> NewArticle:
    return NewArticle(url_key=key, text=f"{title}. Body text.", summary=(f"{title}.",),
                      summary_algorithm="news", words_in=3, words_out=2, canonical_url=key,
                      title=title, tags=tuple(Tag(t, t.casefold()) for t in tags),
                      people=people)


def share(at: datetime = NOW) -> NewShare:
    return NewShare(shared_at=at, url=None)


@pytest.fixture
def repositories(database: Database) -> tuple[ArticleRepository, PeopleRepository]:
    return ArticleRepository(database), PeopleRepository(database)


async def test_people_quotes_and_mentions_are_stored_with_the_article(
        database: Database, repositories: tuple[ArticleRepository, PeopleRepository]) -> None:
    articles, people = repositories
    await articles.save_share("guild:1", article("https://a/1", (GEOANA, ANDERSSON)), share())
    assert await database.scalar("SELECT count(*) FROM article_people") == 2
    assert await database.scalar(
        "SELECT count(*) FROM person_sentences WHERE kind = 'quote'") == 2
    profile = await people.profile("guild:1", "mircea geoana")
    assert profile is not None
    assert profile.name == "Mircea Geoană"
    assert profile.roles == ("NATO Deputy Secretary General",)
    assert profile.article_count == 1
    assert profile.first_seen == NOW
    assert [q.text for q in profile.quotes] == ["“Cyber defence matters,” said Mircea Geoană."]
    assert [p.name for p in profile.people] == ["Magdalena Andersson"]
    assert [t.name for t in profile.topics] == ["NATO"]


async def test_a_failed_save_stores_nothing_at_all(
        database: Database, repositories: tuple[ArticleRepository, PeopleRepository]) -> None:
    articles, _ = repositories
    # The second person's sentence cannot be stored: the whole share is rolled back.
    broken = Person(name="X Y", key="x y", surname_key="y",
                    mention_sentences=(object(),))  # type: ignore[arg-type]
    with pytest.raises((sqlite3.InterfaceError, sqlite3.ProgrammingError, asyncpg.DataError)):
        await articles.save_share("guild:1", article("https://a/2", (GEOANA, broken)), share())
    for table in ("articles", "article_tags", "article_people", "person_sentences", "shares"):
        assert await database.scalar(f"SELECT count(*) FROM {table}") == 0, table


async def test_suggestions_match_surnames_and_full_names_within_the_scope(
        repositories: tuple[ArticleRepository, PeopleRepository]) -> None:
    articles, people = repositories
    await articles.save_share("guild:1", article("https://a/1", (GEOANA, ANDERSSON)), share())
    await articles.save_share("guild:2", article("https://a/1", (ANDERSSON,)), share())
    assert [p.name for p in await people.suggest("guild:1", "geo")] == ["Mircea Geoană"]
    assert [p.name for p in await people.suggest("guild:1", "mir")] == ["Mircea Geoană"]
    assert [p.name for p in await people.suggest("guild:1", "")] == [
        "Magdalena Andersson", "Mircea Geoană"]
    assert await people.suggest("guild:2", "geo") == []
    assert await people.profile("guild:2", "mircea geoana") is None
    assert [p.key for p in await people.named_by("guild:1", ["geoana", "who"])] == [
        "mircea geoana"]


async def test_the_most_named_people_and_topics_of_a_period(
        database: Database, repositories: tuple[ArticleRepository, PeopleRepository]) -> None:
    articles, people = repositories
    topics = TopicRepository(database)
    await articles.save_share("guild:1", article("https://a/1", (GEOANA,)), share(NOW))
    await articles.save_share("guild:1", article("https://a/2", (GEOANA, ANDERSSON),
                                                 ("NATO", "Sweden")), share(NOW))
    await articles.save_share("guild:1", article("https://a/3", (ANDERSSON,), ("Sweden",)),
                              share(NOW - timedelta(days=20)))
    week = NOW - timedelta(days=7)
    assert [(p.name, p.count) for p in await people.top("guild:1", week)] == [
        ("Mircea Geoană", 2), ("Magdalena Andersson", 1)]
    assert [(t.name, t.count) for t in await topics.top("guild:1", week)] == [
        ("NATO", 2), ("Sweden", 1)]
    assert [(t.name, t.count) for t in await topics.top("guild:1", NOW - timedelta(days=30))
            ] == [("NATO", 2), ("Sweden", 2)]
    assert await topics.top("guild:9", week) == []
    assert [t.key for t in await topics.suggest("guild:1", "sw")] == ["sweden"]


async def test_roles_of_several_people_come_in_one_answer_latest_first(
        repositories: tuple[ArticleRepository, PeopleRepository]) -> None:
    articles, people = repositories
    former = Person(name="Mircea Geoană", key="mircea geoana", surname_key="geoana",
                    role="Ambassador to the United States")
    await articles.save_share("guild:1", article("https://a/1", (former, ANDERSSON)),
                              share(NOW - timedelta(days=3)))
    await articles.save_share("guild:1", article("https://a/2", (GEOANA,)), share())
    await articles.save_share("guild:1", article("https://a/3", (GEOANA,)),
                              share(NOW - timedelta(days=1)))
    await articles.save_share("guild:2", article("https://a/1", (
        Person(name="Mircea Geoană", key="mircea geoana", surname_key="geoana",
               role="Elsewhere"),)), share(NOW + timedelta(days=1)))
    roles = await people.roles("guild:1", ["mircea geoana", "magdalena andersson", "nobody"])
    assert roles == {
        "mircea geoana": ("NATO Deputy Secretary General", "Ambassador to the United States"),
        "magdalena andersson": ("Swedish Prime Minister",), "nobody": ()}
    assert await people.roles("guild:1", []) == {}


async def test_latest_articles_naming_people_come_latest_first_from_the_scope_only(
        repositories: tuple[ArticleRepository, PeopleRepository]) -> None:
    articles, people = repositories
    first = await articles.save_share("guild:1", article("https://a/1", (GEOANA, ANDERSSON)),
                                      share(NOW - timedelta(days=3)))
    second = await articles.save_share("guild:1", article("https://a/2", (ANDERSSON,)), share())
    await articles.save_share("guild:2", article("https://a/3", (GEOANA,)),
                              share(NOW + timedelta(days=1)))
    keys = ["mircea geoana", "magdalena andersson"]
    assert await people.latest_articles("guild:1", keys, 10) == [
        second.article.id, first.article.id]  # one id per article, however many people
    assert await people.latest_articles("guild:1", keys, 1) == [second.article.id]
    assert await people.latest_articles("guild:1", [], 10) == []


def surname_alone(surname: str, quote: str) -> Person:
    return Person(name=surname, key=surname.casefold(), surname_key=surname.casefold(),
                  role="Senator", quotes=(quote,))


async def test_a_surname_alone_joins_the_one_person_of_that_surname_in_the_scope(
        repositories: tuple[ArticleRepository, PeopleRepository]) -> None:
    articles, people = repositories
    okafor = Person(name="Adaeze Okafor", key="adaeze okafor", surname_key="okafor")
    await articles.save_share("guild:1", article("https://a/1", (okafor,)), share())
    await articles.save_share("guild:1", article(
        "https://a/2", (surname_alone("Okafor", "“Enough,” Okafor said."),)), share())
    # Another scope keeps its own people: its "Okafor" has no full name to join.
    await articles.save_share("guild:2", article(
        "https://a/2", (surname_alone("Okafor", "“No,” Okafor said."),)), share())
    week = NOW - timedelta(days=7)
    assert [(p.name, p.count) for p in await people.top("guild:1", week)] == [
        ("Adaeze Okafor", 2)]
    profile = await people.profile("guild:1", "adaeze okafor")
    assert profile is not None
    assert profile.roles == ("Senator",)
    assert [q.text for q in profile.quotes] == ["“Enough,” Okafor said."]
    assert [(p.name, p.count) for p in await people.top("guild:2", week)] == [("Okafor", 1)]


async def test_earlier_surname_mentions_join_the_full_name_when_it_arrives(
        repositories: tuple[ArticleRepository, PeopleRepository]) -> None:
    articles, people = repositories
    await articles.save_share("guild:1", article(
        "https://a/1", (surname_alone("Okafor", "“Enough,” Okafor said."),)), share())
    okafor = Person(name="Adaeze Okafor", key="adaeze okafor", surname_key="okafor")
    await articles.save_share("guild:1", article("https://a/2", (okafor,)), share())
    assert [(p.name, p.count) for p in await people.top("guild:1", NOW - timedelta(days=7))
            ] == [("Adaeze Okafor", 2)]
    assert [p.name for p in await people.suggest("guild:1", "oka")] == ["Adaeze Okafor"]


async def test_a_surname_shared_by_two_people_of_the_scope_stays_apart(
        repositories: tuple[ArticleRepository, PeopleRepository]) -> None:
    articles, people = repositories
    for index, given in enumerate(("Adaeze", "Chidi")):
        person = Person(name=f"{given} Okafor", key=f"{given.casefold()} okafor",
                        surname_key="okafor")
        await articles.save_share("guild:1", article(f"https://a/{index}", (person,)), share())
    await articles.save_share("guild:1", article(
        "https://a/9", (surname_alone("Okafor", "“Enough,” Okafor said."),)), share())
    assert sorted((p.name, p.count) for p in await people.top(
        "guild:1", NOW - timedelta(days=7))) == [
        ("Adaeze Okafor", 1), ("Chidi Okafor", 1), ("Okafor", 1)]
