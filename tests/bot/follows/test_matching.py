"""Whether an article matches a follow: people, topics and searches, accents and case aside."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.follows.matching import ArticleFacts, follow_key, matches, matching_follows
from storage.models import NewArticle, Person, StoredArticle, Tag


def facts(title: str = "Harbour council approves new ferry terminal",
          summary: tuple[str, ...] = ("The council voted on Tuesday.",),
          tags: tuple[str, ...] = ("Port infrastructure", "NATO"),
          people: tuple[str, ...] = ("Mircea Geoană",), scope: str = "guild:1",
          url: str = "https://www.harbour-news.example/ferry",
          site: str | None = "Harbour News") -> ArticleFacts:
    from bot.people import person_key, surname_of  # noqa: PLC0415
    from bot.text.topic_keys import topic_key  # noqa: PLC0415
    stored = StoredArticle(
        id=7, scope=scope, url_key="k", text="body", summary=summary, summary_algorithm="news",
        words_in=100, words_out=10, created_at=datetime(2026, 1, 1, tzinfo=UTC),
        canonical_url=url, original_url=url, title=title, site_name=site, author=None,
        published=None, language="en", image=None, tags=tags)
    record = NewArticle(
        url_key="k", text="body", summary=summary, summary_algorithm="news", words_in=100,
        words_out=10, tags=tuple(Tag(name, topic_key(name)) for name in tags),
        people=tuple(Person(name, person_key(name), person_key(surname_of(name)))
                     for name in people))
    return ArticleFacts.of(stored, record.tags, record.people)


def test_a_person_follow_matches_the_full_name_or_the_surname_whatever_the_accents() -> None:
    article = facts()
    assert matches("person", "Mircea Geoana", article)
    assert matches("person", "geoană", article)
    assert matches("person", "GEOANA", article)
    assert not matches("person", "Magdalena Andersson", article)
    assert not matches("person", "Mircea Andersson", article)


def test_a_topic_follow_matches_the_topic_key() -> None:
    article = facts()
    assert matches("topic", "nato", article)
    assert matches("topic", "Nato", article)
    assert matches("topic", "port infrastructure", article)
    assert not matches("topic", "Port", article)


def test_a_search_needs_every_word_unless_or_joins_them() -> None:
    article = facts()
    assert matches("search", "ferry council", article)
    assert not matches("search", "ferry bridge", article)
    assert matches("search", "ferry OR bridge", article)
    assert matches("search", "term*", article)
    assert matches("search", '"new ferry terminal"', article)
    assert not matches("search", '"ferry new terminal"', article)


def test_a_search_leaves_out_not_words_and_reads_operators() -> None:
    article = facts()
    assert not matches("search", "ferry NOT council", article)
    assert matches("search", "tag:nato", article)
    assert not matches("search", "tag:economy", article)
    assert matches("search", "person:geoana ferry", article)
    assert matches("search", "site:harbour-news.example", article)
    assert not matches("search", "site:other.example", article)


def test_a_search_reads_topics_and_people_and_other_languages() -> None:
    assert matches("search", "geoana", facts())
    german = facts(title="Stadtrat genehmigt neues Fährterminal", summary=("Die Fähre fährt.",),
                   tags=("Hafen",), people=())
    assert matches("search", "fahrterminal", german)
    assert matches("search", "FÄHRE", german)
    assert not matches("search", "brücke", german)


def test_keys_make_one_follow_of_spellings_of_the_same_thing() -> None:
    assert follow_key("person", "Mircea Geoană") == follow_key("person", "mircea  GEOANA")
    assert follow_key("topic", "NATO") == follow_key("topic", "Nato")
    assert follow_key("search", "Ferry  Terminal") == follow_key("search", "ferry terminal")


def test_matching_follows_lists_the_ids_that_match() -> None:
    follows = [(1, "person", "geoana"), (2, "topic", "economy"), (3, "search", "ferry")]
    assert matching_follows(follows, facts()) == [1, 3]
