"""The sentences quoting each person (bot.people.quotes), checked through ``find_people``
with the real model package."""

from __future__ import annotations

from bot.people import PersonFound
from bot.people.analysis import Mention, ParsedArticle
from bot.people.model import parse
from bot.people.names import name_tokens
from bot.people.quotes import is_speaker


def test_quotes_include_said_x_and_pronoun_led_follow_up(
    article_people: dict[str, PersonFound],
) -> None:
    carvalho_quotes = article_people["ines carvalho"].quotes
    assert any(q.startswith('"Nobody got everything') for q in carvalho_quotes)
    brenner_quotes = article_people["thomas brenner"].quotes
    assert any("pushed for stricter" in q for q in brenner_quotes)
    assert any("he added" in q for q in brenner_quotes)
    assert not any("he added" in q for q in carvalho_quotes)


def _mention(article: ParsedArticle, name: str) -> Mention:
    start = article.text.index(name)
    return Mention(start, start + len(name), name, name_tokens(name), True)


def _speaks(text: str, name: str) -> bool:
    article = ParsedArticle(text, parse(text))
    mention = _mention(article, name)
    sentence = article.sentence_at(mention.start)
    assert sentence is not None
    return is_speaker(article, mention, sentence)


def test_the_name_before_a_speech_verb_speaks() -> None:
    assert _speaks("Tomas Brennan said the rules were broken.", "Tomas Brennan")
    assert _speaks("Tomas Brennan, who chairs the board, also said it was late.",
                   "Tomas Brennan")


def test_the_name_after_a_speech_verb_speaks_only_where_its_clause_ends() -> None:
    assert _speaks('"It is late," said Finance Minister Inês Carvalho.', "Inês Carvalho")
    assert _speaks("The plan will fail, according to Inês Carvalho.", "Inês Carvalho")
    # Brennan speaks; Clipster is what he speaks about.
    assert not _speaks("Tomas Brennan said Clipster had broken the rules.", "Clipster")


def test_a_name_merely_mentioned_does_not_speak() -> None:
    assert not _speaks("Voters met Tomas Brennan in Porto on Monday.", "Tomas Brennan")
