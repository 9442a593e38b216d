"""The address guard through Discord: links in chat and /summarize reach the same fetcher.

The bot runs with the guard on (its default), so a link that spells the test server's
address in look-alike characters must be refused with a reason and never reach it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.discord_app.client import GENERIC_FAILURE
from tests.conftest import ARTICLE_HTML, PageServer
from tests.e2e.conftest import RunningBot, bot_settings, running_bot
from tests.e2e.emulator import DiscordEmulator, Scenario

TIMEOUT = 60.0
LOOKALIKES = ["①②⑦.⓪.⓪.①", "127。0。0。1", "127.0.0.１", "𝟏𝟐𝟕.𝟎.𝟎.𝟏"]


@pytest.fixture
async def guarded_bot(emulator: DiscordEmulator, scenario: Scenario,
                      tmp_path: Path) -> AsyncIterator[RunningBot]:
    settings = bot_settings(emulator, tmp_path / "bot.db", allow_private_urls=False)
    async with running_bot(emulator, settings) as bot:
        yield bot


@pytest.mark.parametrize("host", LOOKALIKES)
async def test_summarize_refuses_a_lookalike_of_the_local_address(
        emulator: DiscordEmulator, scenario: Scenario, guarded_bot: RunningBot,
        page_server: PageServer, host: str) -> None:
    page_server.page("/secret", ARTICLE_HTML)
    inter = await emulator.invoke_slash(
        "summarize", {"url": f"http://{host}:{page_server.port}/secret"},
        user=scenario.user, channel=scenario.general)
    message = await inter.wait_for_followup(timeout=TIMEOUT)
    assert message["content"].startswith("Couldn't summarize that link: ")
    assert "outside ASCII" in message["content"]
    assert page_server.hits.get("/secret") is None


async def test_lookalike_and_control_character_links_in_chat_get_a_warning_only(
        emulator: DiscordEmulator, scenario: Scenario, guarded_bot: RunningBot,
        page_server: PageServer) -> None:
    page_server.page("/secret", ARTICLE_HTML)
    content = (f"http://①②⑦.⓪.⓪.①:{page_server.port}/secret "
               f"http://127.0.0.1\x00.example:{page_server.port}/secret "
               f"http://exa\x07mple.com/story")
    sent = await emulator.send_message(scenario.news, scenario.user, content)
    await emulator.wait_for_reaction(sent["id"], "⚠️", timeout=TIMEOUT)
    assert page_server.hits.get("/secret") is None
    assert not [message for message in emulator.bot_messages_in(scenario.news)
                if GENERIC_FAILURE in (message.get("content") or "")]
