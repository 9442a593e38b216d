"""Embeds for topics, people, search results, answers and rankings.

Built on ``cogs.embeds`` (its limits and ``truncate``), the one place that knows Discord's
limits; every text below is cut to fit.
"""

from __future__ import annotations

import discord

from bot.cli.knowledge_text import (
    date_of,
    first_sentence,
    marked,
    names,
    no_answer_text,
    page_line,
    seen_line,
    snippet_text,
    source_line,
    stance_label,
)
from bot.knowledge import (
    NO_ANSWER,
    Answer,
    ArticleBrief,
    PersonCard,
    Ranking,
    SearchResults,
    TopicPage,
)
from cogs.embeds import (
    BRAND_COLOUR,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    URL_LIMIT,
    join_sentences,
    truncate,
)

ITEM_TITLE_LIMIT = 150
ITEM_TEXT_LIMIT = 300
ANSWER_LIMIT = 900
SUMMARY_LIMIT = 1200
# A person card has five parts; with these caps it stays far below 6000 characters in all.
ROLE_LIMIT = 300
RELATED_LIMIT = 500
CARD_FOOTER_LIMIT = 300


def escape(text: str) -> str:
    return discord.utils.escape_markdown(text).replace("[", "\\[").replace("]", "\\]")


def article_link(article: ArticleBrief, limit: int = ITEM_TITLE_LIMIT) -> str:
    title = escape(truncate(article.display_title, limit))
    if article.url and len(article.url) <= URL_LIMIT and article.url.startswith("http"):
        return f"[{title}]({article.url.replace(')', '%29')})"
    return title


def _entry(article: ArticleBrief, text: str) -> str:
    lines = [f"**{article_link(article)}** · {date_of(article)}"]
    if text:
        lines.append(truncate(text, ITEM_TEXT_LIMIT))
    return "\n".join(lines)


def _join(parts: list[str], limit: int = DESCRIPTION_LIMIT) -> str:
    out: list[str] = []
    used = 0
    for part in parts:
        cost = len(part) + 2
        if used + cost > limit:
            break
        out.append(part)
        used += cost
    return "\n\n".join(out)


def _embed(title: str, description: str, footer: str | None = None) -> discord.Embed:
    embed = discord.Embed(title=truncate(title, TITLE_LIMIT),
                          description=truncate(description, DESCRIPTION_LIMIT) or None,
                          colour=BRAND_COLOUR)
    if footer:
        embed.set_footer(text=truncate(footer, FOOTER_LIMIT))
    return embed


def topic_embed(page: TopicPage) -> discord.Embed:
    parts = []
    if page.summary:
        parts.append("**In short:** " + join_sentences(page.summary, SUMMARY_LIMIT)
                     .replace("\n", " "))
    parts += [_entry(article, first_sentence(article)) for article in page.articles]
    return _embed(f"Topic: {page.name}", _join(parts),
                  page_line(page.page, page.pages, page.total, "article"))


def person_embed(card: PersonCard) -> discord.Embed:
    profile = card.profile
    role = escape(truncate(card.role, ROLE_LIMIT)) if card.role else None
    description = (f"**{role}**\n" if role else "") + seen_line(card)
    embed = _embed(profile.name, description)
    latest = "\n".join(f"• {article_link(a)} · {date_of(a)}" for a in profile.latest)
    embed.add_field(name="Latest articles", value=truncate(latest, FIELD_VALUE_LIMIT) or "—",
                    inline=False)
    if profile.quotes:
        per_quote = FIELD_VALUE_LIMIT // len(profile.quotes) - 4
        quotes = [truncate(f"> {escape(q.text)}\n— {article_link(q.article, 80)}", per_quote)
                  for q in profile.quotes]
        embed.add_field(name="Quotes", value=truncate("\n".join(quotes), FIELD_VALUE_LIMIT),
                        inline=False)
    if profile.people:
        embed.add_field(name="Appears with", value=truncate(names(profile.people),
                                                            RELATED_LIMIT), inline=False)
    if profile.topics:
        embed.add_field(name="Topics", value=truncate(names(profile.topics), RELATED_LIMIT),
                        inline=False)
    if card.others:
        embed.set_footer(text=truncate(
            "Also matching: " + ", ".join(other.name for other in card.others),
            CARD_FOOTER_LIMIT))
    return embed


def search_embed(results: SearchResults) -> discord.Embed:
    if not results.hits:
        return _embed(f"Search: {results.query}",
                      "No articles shared here match that search.")
    parts = [_entry(hit.article, snippet_text(hit.snippet) or first_sentence(hit.article))
             for hit in results.hits]
    return _embed(f"Search: {results.query}", _join(parts),
                  page_line(results.page, results.pages, results.total, "result"))


def answer_embed(answer: Answer) -> discord.Embed:
    """The answer sentence (answering words in bold) with its source, then up to two more
    sentences, each saying whether another article agrees or differs."""
    title = truncate(answer.question, TITLE_LIMIT) or "Question"
    if not answer.found:
        closest = [f"• {article_link(article)} · {date_of(article)}"
                   for article in answer.closest]
        return _embed(title, "\n".join([no_answer_text(answer), *closest]) or NO_ANSWER)
    parts = []
    for person in answer.people:
        if person.roles:
            parts.append(f"**{escape(person.name)}**: {escape(person.roles[0])}")
    for number, line in enumerate(answer.lines):
        sentence = marked(line, escape=escape) if len(line.sentence) <= ANSWER_LIMIT \
            else escape(truncate(line.sentence, ANSWER_LIMIT))
        source = source_line(line.article).removeprefix(line.article.display_title)
        label = f"*{stance_label(line)}:*\n" if number else ""
        parts.append(f"{label}> {sentence}\n— {article_link(line.article)}{escape(source)}")
    return _embed(title, _join(parts), "From articles shared here")


def ranking_embed(ranking: Ranking, noun: str) -> discord.Embed:
    title = f"Most frequent {noun}, last {ranking.days} days"
    if not ranking.items:
        return _embed(title, f"No {noun} in articles shared here in the last "
                             f"{ranking.days} days.")
    lines = [f"{index}. **{escape(item.name)}** ({item.count})"
             for index, item in enumerate(ranking.items, start=1)]
    return _embed(title, "\n".join(lines))
