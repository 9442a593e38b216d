"""Gateway trouble: the emulator drops the websocket while replies are pending."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.conftest import ARTICLE_HTML, PageServer
from tests.e2e.conftest import RunningBot
from tests.e2e.emulator import DiscordEmulator, Scenario

TIMEOUT = 60.0


def held_pages(page_server: PageServer, names: list[str],
               release: asyncio.Event) -> dict[str, str]:
    """Pages that arrive only once ``release`` is set, so their replies are still pending."""
    urls = {}
    for name in names:
        url = page_server.url(f"/slow/{name}")
        html = ARTICLE_HTML.replace("{canonical}", url).replace(
            "Harbour council", f"{name.title()} council")

        async def handler(_request: web.Request, html: str = html) -> web.Response:
            await release.wait()
            return web.Response(text=html, content_type="text/html")

        urls[name] = page_server.route(f"/slow/{name}", handler)
    return urls


async def test_replies_pending_when_the_gateway_drops_are_finished_after_resume(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        page_server: PageServer) -> None:
    release = asyncio.Event()
    urls = held_pages(page_server, ["alpha", "beta", "gamma", "delta", "epsilon"], release)
    before = [await emulator.send_message(scenario.news, scenario.user, urls[name])
              for name in ("alpha", "beta", "gamma")]
    await emulator.wait_for_typing(scenario.news, timeout=TIMEOUT)
    await emulator.drop_connection()  # while the three replies wait for their pages
    release.set()
    # Posted while the bot is away: Discord replays them when the session resumes.
    during = [await emulator.send_message(scenario.news, scenario.admin, urls[name])
              for name in ("delta", "epsilon")]
    await emulator.wait_for_resume(timeout=TIMEOUT)

    def answers(sent: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
        return lambda m: ((m.get("message_reference") or {}).get("message_id") == sent["id"]
                          and bool(m["embeds"]))

    for sent in before + during:
        await emulator.wait_for_message(scenario.news, answers(sent), timeout=TIMEOUT)
    await asyncio.sleep(1.0)  # anything repeated would have arrived by now
    replies = [m for m in emulator.bot_messages_in(scenario.news) if m["embeds"]]
    answered = sorted(m["message_reference"]["message_id"] for m in replies)
    assert answered == sorted(sent["id"] for sent in before + during)  # each exactly once
    titles = sorted(m["embeds"][0]["title"] for m in replies)
    assert titles == sorted(f"{name.title()} council approves new ferry terminal"
                            for name in urls)


async def test_a_slash_command_after_a_drop_is_answered(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    await emulator.drop_connection()
    await emulator.wait_for_resume(timeout=TIMEOUT)
    inter = await emulator.invoke_slash("summarize", {"url": articles["ferry"]},
                                        user=scenario.user, channel=scenario.general)
    first = await inter.wait_for_response(timeout=TIMEOUT)
    assert first.elapsed < 3.0
    final = await inter.wait_for_original(lambda m: bool(m.get("embeds")), timeout=TIMEOUT)
    assert final["embeds"][0]["title"] == "Harbour council approves new ferry terminal"
