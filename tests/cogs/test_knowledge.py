"""The knowledge cog's pieces: the pager's buttons and timeout, choices and embed limits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord

from bot.knowledge import Answer, AnswerLine, PersonCard, Ranking, SearchResults, TopicPage
from bot.knowledge.query import parse_query
from cogs.embeds import EMBED_TOTAL_LIMIT
from cogs.knowledge import CHOICE_NAME_LIMIT, KnowledgeCog, Pager, choice_name
from cogs.knowledge_embeds import (
    answer_embed,
    person_embed,
    ranking_embed,
    search_embed,
    topic_embed,
)
from storage.models import ArticleBrief, NameCount
from storage.people import PersonProfile, Quote
from storage.search import SNIPPET_END, SNIPPET_START, SearchHit

NOW = datetime(2026, 11, 3, tzinfo=UTC)
LONG = "word " * 2000


def brief(index: int = 1, title: str = "A [title] with *stars*") -> ArticleBrief:
    return ArticleBrief(id=index, title=title + LONG[:index], url=f"https://e.com/{index}",
                        created_at=NOW, summary=(LONG,))


class FakeInteraction:
    def __init__(self) -> None:
        self.edits: list[dict[str, Any]] = []

    async def edit_original_response(self, **changes: Any) -> None:
        self.edits.append(changes)


async def test_the_pager_disables_its_buttons_when_it_times_out() -> None:
    async def render(page: int) -> tuple[discord.Embed, int, int]:
        return discord.Embed(title=str(page)), page, 3

    pager = Pager(owner_id=1, render=render, page=1, pages=3, timeout=0.05)
    assert pager.timeout == 0.05
    assert pager.previous.disabled
    assert not pager.next.disabled
    assert pager.next.custom_id
    assert pager.next.custom_id.startswith("newsbot:page:")
    fake = FakeInteraction()
    pager.message_interaction = fake  # type: ignore[assignment]
    await pager.on_timeout()  # what discord.py calls when the view times out
    assert pager.previous.disabled
    assert pager.next.disabled
    assert fake.edits
    assert fake.edits[-1]["view"] is pager


async def test_the_cog_has_its_commands_and_a_mention_listener() -> None:
    cog = KnowledgeCog(knowledge=None)  # type: ignore[arg-type]
    names = {command.name for command in cog.get_app_commands()}
    assert names == {"topic", "person", "tags", "people", "search", "ask"}
    assert "on_message" in {name for name, _ in cog.get_listeners()}


def test_choice_names_fit_discords_limit() -> None:
    assert len(choice_name("x" * 300, 12345)) <= CHOICE_NAME_LIMIT
    assert choice_name("NATO", 2) == "NATO (2)"


def test_every_embed_stays_within_discords_limits() -> None:
    many = tuple(brief(i) for i in range(1, 6))
    names = tuple(NameCount(f"k{i}", "Name " + LONG[:300], i) for i in range(20))
    profile = PersonProfile(
        key="k", name="N" * 400, roles=("R" * 2000,), article_count=5, first_seen=NOW,
        last_seen=NOW, latest=many, quotes=tuple(Quote(LONG, b) for b in many[:3]),
        people=names[:5], topics=names[:5])
    embeds = [
        topic_embed(TopicPage("k", "T" * 400, 50, 1, 10, many, (LONG, LONG))),
        person_embed(PersonCard(profile, names[:5])),
        search_embed(SearchResults("q" * 400, parse_query("q"), 50, 2, 10, tuple(
            SearchHit(b, f"{SNIPPET_START}{LONG}{SNIPPET_END}") for b in many))),
        answer_embed(Answer("?" * 400, tuple(AnswerLine(LONG, b) for b in many[:3]))),
        ranking_embed(Ranking(7, names), "topics"),
    ]
    for embed in embeds:
        assert len(embed) <= EMBED_TOTAL_LIMIT
        assert len(embed.title or "") <= 256
        assert len(embed.description or "") <= 4096
        assert all(len(field.value or "") <= 1024 for field in embed.fields)
    assert "\\[title\\]" in (embeds[0].description or "")  # link text is escaped
