"""The one place that builds Discord embeds and messages, within Discord's limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import discord

from bot.ingest.cards import NO_SUMMARY, ArticleCard
from bot.text.datelines import dateline

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
MAX_EMBEDS = 10
CONTENT_LIMIT = 2000
URL_LIMIT = 2048

# Summaries stay readable in chat: far below the hard limit.
SUMMARY_LIMIT = 1500
BRAND_COLOUR = discord.Colour(0x2B6CB0)
ELLIPSIS = "…"


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary, marking the cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    ends_on_a_word = text[len(cut)].isspace()
    space = cut.rfind(" ")
    if not ends_on_a_word and space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + ELLIPSIS


def join_sentences(sentences: Sequence[str], limit: int, bullet: str = "") -> str:
    """As many whole sentences as fit; a single over-long first sentence is truncated."""
    lines: list[str] = []
    used = 0
    for sentence in sentences:
        line = f"{bullet}{sentence.strip()}"
        cost = len(line) + (1 if lines else 0)
        if used + cost > limit:
            break
        lines.append(line)
        used += cost
    if not lines and sentences:
        return truncate(f"{bullet}{sentences[0].strip()}", limit)
    return "\n".join(lines)


def article_embed(card: ArticleCard, now: datetime | None = None) -> discord.Embed:
    """The summary reply; ``now`` (UTC by default) says whether it was shared "today"."""
    embed = discord.Embed(
        title=truncate(card.title, TITLE_LIMIT),
        url=card.url if card.url and len(card.url) <= URL_LIMIT else None,
        description=join_sentences(card.summary, SUMMARY_LIMIT) or NO_SUMMARY,
        colour=BRAND_COLOUR,
    )
    dates = dateline(card.published, card.shared_at, now)
    byline = " · ".join(part for part in (card.site_name, card.author, dates) if part)
    if byline:
        embed.set_author(name=truncate(byline, AUTHOR_LIMIT))
    if card.tags:
        embed.add_field(name="Tags", value=truncate(", ".join(card.tags), FIELD_VALUE_LIMIT),
                        inline=False)
    embed.set_footer(text=truncate(card.stats_line, FOOTER_LIMIT))
    return embed


@dataclass
class OutgoingMessage:
    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)


def pack_messages(content: str | None, embeds: Sequence[discord.Embed]) -> list[OutgoingMessage]:
    """Spread content and embeds over as few messages as Discord's per-message limits allow."""
    messages = [OutgoingMessage(truncate(content, CONTENT_LIMIT) if content else None)]
    total = 0
    for embed in embeds:
        size = len(embed)
        current = messages[-1]
        if len(current.embeds) >= MAX_EMBEDS or total + size > EMBED_TOTAL_LIMIT:
            current = OutgoingMessage()
            messages.append(current)
            total = 0
        current.embeds.append(embed)
        total += size
    return [message for message in messages if message.content or message.embeds]
