"""The text of one announcement: what arrived for a follow since the last one."""

from __future__ import annotations

from storage.follows import ClaimedBatch, Follow, MatchedArticle

MAX_LISTED = 10  # the rest are counted
MESSAGE_LIMIT = 2000  # Discord's message content limit
TITLE_LIMIT = 150


def follow_label(follow: Follow) -> str:
    return f"{follow.kind} “{follow.query}”"


def announcement(batch: ClaimedBatch, guild_name: str | None = None) -> str:
    """Markdown: a heading naming the follow (and the server for a DM), then one linked
    title per article, at most ``MAX_LISTED`` of them."""
    count = len(batch.articles)
    noun = "article" if count == 1 else "articles"
    where = f" in **{guild_name}**" if guild_name and batch.follow.by_dm else ""
    lines = [f"📰 {count} new {noun}{where} for your follow: {follow_label(batch.follow)}"]
    if batch.follow.role_id is not None:
        lines[0] = f"<@&{batch.follow.role_id}> {lines[0]}"
    lines += [_line(article) for article in batch.articles[:MAX_LISTED]]
    if count > MAX_LISTED:
        lines.append(f"…and {count - MAX_LISTED} more.")
    footer = ref_line(batch.ref)
    text = "\n".join(lines)
    room = MESSAGE_LIMIT - len(footer) - 1
    if len(text) > room:
        text = text[:room - 1] + "…"
    return f"{text}\n{footer}"


def ref_line(ref: str) -> str:
    """The small last line that lets a restart find an announcement it may have sent."""
    return f"-# newsbot follow · ref {ref}"


def _line(article: MatchedArticle) -> str:
    title = article.title or article.url or "Untitled article"
    if len(title) > TITLE_LIMIT:
        title = title[:TITLE_LIMIT - 1] + "…"
    title = title.replace("[", "(").replace("]", ")")
    site = f" · {article.site_name}" if article.site_name else ""
    return f"• [{title}](<{article.url}>){site}" if article.url else f"• {title}{site}"
