"""Digest wording shared by every renderer, and the plain-text rendering for the terminal."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.digest.compose import Digest, DigestItem

TITLE = "News digest"


def local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


def format_local(moment: datetime, timezone: str) -> str:
    """``Mon 10 Mar 2025, 09:00 CET``: how the server's clock shows an instant."""
    shown = local(moment, timezone)
    return f"{shown:%a %d %b %Y, %H:%M} {shown.tzname()}"


def title_line(digest: Digest) -> str:
    shown = local(digest.period_end, digest.timezone)
    return f"{TITLE} · {shown:%A %d %B %Y}"


def period_line(digest: Digest) -> str:
    return f"Shared since {format_local(digest.period_start, digest.timezone)}"


def empty_note(digest: Digest) -> str:
    return (f"No new articles were shared since "
            f"{format_local(digest.period_start, digest.timezone)}.")


def item_stats(item: DigestItem) -> str:
    shares = "1 share" if item.share_count == 1 else f"{item.share_count} shares"
    if item.sharer_count > 1:
        shares += f" by {item.sharer_count} people"
    return f"{shares} · {item.dates}" if item.dates else shares


def render_text(digest: Digest) -> str:
    lines = [title_line(digest), period_line(digest)]
    if digest.is_empty:
        lines += ["", empty_note(digest)]
        return "\n".join(lines)
    lines.append(digest.headline)
    number = 0
    for section in digest.sections:
        lines += ["", f"## {section.topic}"]
        for item in section.items:
            number += 1
            lines.append(f"{number}. {item.title}")
            if item.url:
                lines.append(f"   {item.url}")
            if item.summary:
                lines.append(f"   {' '.join(item.summary)}")
            lines.append(f"   ({item_stats(item)})")
    return "\n".join(lines)
