"""Digest embeds and messages, within Discord's limits, each part marked for exactly-once.

Built on ``cogs.embeds`` (its limits, ``truncate`` and ``pack_messages``). The last embed of
every message carries a footer ``newsbot digest · ref <ref> · part <n>/<total>``: after a
crash the cog finds the parts already posted by reading that footer back from the channel.
"""

from __future__ import annotations

import re

import discord

from bot.digest.compose import Digest, DigestItem
from bot.digest.plain_text import empty_note, item_stats, period_line, title_line
from cogs.embeds import (
    BRAND_COLOUR,
    DESCRIPTION_LIMIT,
    TITLE_LIMIT,
    URL_LIMIT,
    OutgoingMessage,
    pack_messages,
    truncate,
)

FOOTER_PREFIX = "newsbot digest"
_MARKER = re.compile(r"ref ([0-9a-f]+) · part (\d+)/(\d+)")
ITEM_TITLE_LIMIT = 200
ITEM_SUMMARY_LIMIT = 600
_PLACEHOLDER = f"{FOOTER_PREFIX} · ref {'f' * 16} · part 999/999"


def marker_text(ref: str, part: int, total: int) -> str:
    return f"{FOOTER_PREFIX} · ref {ref} · part {part}/{total}"


def parse_marker(text: str | None) -> tuple[str, int] | None:
    """(ref, part) from a digest footer, or None for any other text."""
    if not text or not text.startswith(FOOTER_PREFIX):
        return None
    match = _MARKER.search(text)
    return None if match is None else (match.group(1), int(match.group(2)))


def digest_embeds(digest: Digest) -> list[discord.Embed]:
    """A header embed (title, period, counts, people), then one or more embeds per topic."""
    description = period_line(digest) + "\n" + (
        empty_note(digest) if digest.is_empty else f"**{digest.headline}**")
    embeds = [discord.Embed(title=truncate(title_line(digest), TITLE_LIMIT),
                            description=truncate(description, DESCRIPTION_LIMIT),
                            colour=BRAND_COLOUR)]
    for section in digest.sections:
        chunks: list[list[str]] = [[]]
        used = 0
        for item in section.items:
            entry = item_markdown(item)
            if chunks[-1] and used + 2 + len(entry) > DESCRIPTION_LIMIT:
                chunks.append([])
                used = 0
            chunks[-1].append(entry)
            used += len(entry) + 2
        for index, chunk in enumerate(chunks):
            title = section.topic if index == 0 else f"{section.topic} (continued)"
            embeds.append(discord.Embed(title=truncate(title, TITLE_LIMIT),
                                        description="\n\n".join(chunk), colour=BRAND_COLOUR))
    return embeds


def item_markdown(item: DigestItem) -> str:
    title = _escape(truncate(item.title, ITEM_TITLE_LIMIT))
    heading = f"**[{title}]({_link(item.url)})**" if _usable(item.url) else f"**{title}**"
    lines = [heading]
    if item.summary:
        lines.append(truncate(" ".join(item.summary), ITEM_SUMMARY_LIMIT))
    lines.append(f"_{item_stats(item)}_")
    return "\n".join(lines)


def digest_messages(digest: Digest, ref: str) -> list[OutgoingMessage]:
    """The digest split over as many messages as needed, each marked with ref and part."""
    embeds = digest_embeds(digest)
    for embed in embeds:
        # Reserve the marker's room before packing, so adding it never breaks a limit.
        embed.set_footer(text=_PLACEHOLDER)
    messages = pack_messages(None, embeds)
    for number, message in enumerate(messages, start=1):
        for embed in message.embeds:
            embed.remove_footer()
        message.embeds[-1].set_footer(text=marker_text(ref, number, len(messages)))
    return messages


def _usable(url: str | None) -> bool:
    return bool(url) and len(url or "") <= URL_LIMIT and (url or "").startswith(
        ("http://", "https://"))


def _link(url: str | None) -> str:
    # Parentheses and spaces would end the markdown link early.
    return (url or "").replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _escape(text: str) -> str:
    return discord.utils.escape_markdown(text).replace("[", "\\[").replace("]", "\\]")
