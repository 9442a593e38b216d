"""``newsbot digest``: the digest as text, for a server or for the command line's articles."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.cli.digest import build_cli_digest, parse_since
from bot.digest.plain_text import render_text
from bot.errors import InvalidOptionError
from storage.models import NewArticle, NewShare, Tag
from tests.support.digest_world import FakeClock, World


async def test_the_command_line_digest_of_the_last_day(world: World, clock: FakeClock) -> None:
    await world.share(5, "Ferry strike ends", tags=("Transport",),
                      summary=("The strike ended.", "Ferries run again.", "More."))
    await world.share(5, "Old news", clock.now - timedelta(days=2))
    await world.service.configure(5, 50, local_time="09:00", timezone="Europe/Berlin")
    text = render_text(await build_cli_digest(world.service, 5, timedelta(hours=24)))
    assert text.splitlines() == [
        "News digest · Monday 02 June 2025",
        "Shared since Sun 01 Jun 2025, 08:00 CEST",
        "1 new article, 1 share by 1 person",
        "",
        "## Transport",
        "1. Ferry strike ends",
        "   https://news.example/1",
        "   The strike ended. Ferries run again.",
        "   (1 share · shared today)",
    ]


async def test_without_a_server_it_shows_articles_ingested_on_the_command_line(
        world: World, clock: FakeClock) -> None:
    await world.articles.save_share(
        "cli", NewArticle(url_key="k", text="t", summary=("S.",), summary_algorithm="news",
                          words_in=1, words_out=1, title="From the CLI",
                          tags=(Tag("Science", "science"),)),
        NewShare(shared_at=clock.now - timedelta(hours=1), sharer_name="command line"))
    await world.share(5, "In a server")
    text = render_text(await build_cli_digest(world.service, None, timedelta(days=1)))
    assert "From the CLI" in text
    assert "In a server" not in text
    assert "UTC" in text.splitlines()[1]
    empty = render_text(await build_cli_digest(world.service, None, timedelta(minutes=5)))
    assert empty.endswith("No new articles were shared since Mon 02 Jun 2025, 05:55 UTC.")


@pytest.mark.parametrize(("text", "span"), [("24h", timedelta(hours=24)), ("7d", timedelta(days=7)),
                                            ("30m", timedelta(minutes=30)),
                                            ("2W", timedelta(weeks=2))])
def test_durations(text: str, span: timedelta) -> None:
    assert parse_since(text) == span


@pytest.mark.parametrize("text", ["", "24", "h", "-1h", "0h", "1y"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(InvalidOptionError, match="duration"):
        parse_since(text)
