"""The sentences quoting each person (bot.people.quotes), checked through ``find_people``
with the real model package."""

from __future__ import annotations

from bot.people import PersonFound


def test_quotes_include_said_x_and_pronoun_led_follow_up(
    article_people: dict[str, PersonFound],
) -> None:
    carvalho_quotes = article_people["ines carvalho"].quotes
    assert any(q.startswith('"Nobody got everything') for q in carvalho_quotes)
    brenner_quotes = article_people["thomas brenner"].quotes
    assert any("pushed for stricter" in q for q in brenner_quotes)
    assert any("he added" in q for q in brenner_quotes)
    assert not any("he added" in q for q in carvalho_quotes)
