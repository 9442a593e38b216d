"""Topics, people, search and answers through the real client and the Discord emulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import SEEDS, SHARED_EXAMPLE, PageServer
from tests.e2e.conftest import RunningBot
from tests.e2e.emulator import EPHEMERAL, DiscordEmulator, Scenario

TIMEOUT = 60.0
EXAMPLE_TITLE = "NATO cyber coordinators hold first-ever meeting amid Russia’s invasion"
GRANT_TITLE = "EU awards 412 million euros to Lithuania-Sweden power cable and offshore wind farm"


def serve_text(page_server: PageServer, path: str, text: str) -> str:
    return page_server.page(path, text, content_type="text/plain")


def serve_seeds(page_server: PageServer) -> list[str]:
    return [serve_text(page_server, f"/seeds/{path.stem}", path.read_text(encoding="utf-8"))
            for path in sorted(SEEDS.glob("*.txt"))]


def embed_text(message: dict[str, Any]) -> str:
    parts = []
    for embed in message.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", ""),
                  (embed.get("footer") or {}).get("text", "")]
        parts += [f"{field['name']}\n{field['value']}" for field in embed.get("fields", [])]
    return "\n".join(parts)


async def share(emulator: DiscordEmulator, scenario: Scenario, urls: list[str],
                channel: Any = None) -> None:
    """Post the links (three per message, as users do) and wait for every summary."""
    channel = channel or scenario.news
    for start in range(0, len(urls), 3):
        before = len(emulator.bot_messages_in(channel))
        await emulator.send_message(channel, scenario.user, " ".join(urls[start:start + 3]))
        await emulator.wait_for_message(channel, _more_bot_messages(emulator, channel, before),
                                        timeout=TIMEOUT)


async def command(emulator: DiscordEmulator, scenario: Scenario, name: str,
                  options: dict[str, Any], user: Any = None, channel: Any = None
                  ) -> dict[str, Any]:
    inter = await emulator.invoke_slash(name, options, user=user or scenario.user,
                                        channel=channel or scenario.general)
    return await inter.wait_for_followup(timeout=TIMEOUT)


async def choices(emulator: DiscordEmulator, scenario: Scenario, name: str, typed: str,
                  channel: Any = None) -> list[str]:
    inter = await emulator.invoke_autocomplete(name, {"name": typed}, "name",
                                               user=scenario.user,
                                               channel=channel or scenario.general)
    call = await inter.wait_for_response(timeout=TIMEOUT)
    assert call.elapsed < 3.0
    return [choice["value"] for choice in inter.choices or []]


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="shared example article not available")
async def test_the_example_article_answers_every_kind_of_question(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        page_server: PageServer) -> None:
    url = serve_text(page_server, "/news/nato-cyber", SHARED_EXAMPLE.read_text(encoding="utf-8"))
    await share(emulator, scenario, [url])

    geoana = await command(emulator, scenario, "person", {"name": "Geoana"})
    assert geoana["embeds"][0]["title"] == "Mircea Geoană"
    text = embed_text(geoana)
    assert "NATO Deputy Secretary General" in text
    assert EXAMPLE_TITLE in text
    assert "Quotes" in text
    assert "Magdalena Andersson" in text
    assert not geoana["flags"] & EPHEMERAL

    andersson = await command(emulator, scenario, "person", {"name": "andersson"})
    assert andersson["embeds"][0]["title"] == "Magdalena Andersson"
    assert "Swedish Prime Minister" in embed_text(andersson)

    topic = await command(emulator, scenario, "topic", {"name": "NATO"})
    assert topic["embeds"][0]["title"] == "Topic: NATO"
    assert EXAMPLE_TITLE in embed_text(topic)
    assert "In short" in embed_text(topic)

    found = await command(emulator, scenario, "search", {"query": "cyber retaliation"})
    assert EXAMPLE_TITLE in embed_text(found)
    assert "**retaliation**" in embed_text(found)

    answer = await command(emulator, scenario, "ask", {"question": "who is Mircea Geoana?"})
    assert "Mircea Geoană" in embed_text(answer)
    assert url in embed_text(answer)

    assert "Mircea Geoană" in await choices(emulator, scenario, "person", "geo")
    assert "Magdalena Andersson" in await choices(emulator, scenario, "person", "ANDERS")
    assert "NATO" in await choices(emulator, scenario, "topic", "nat")

    me = emulator.bot_user
    sent = await emulator.send_message(scenario.general, scenario.user,
                                       f"<@{me.id}> who is Mircea Geoana?", mentions=[me])
    reply = await emulator.wait_for_message(
        scenario.general,
        lambda m: (m.get("message_reference") or {}).get("message_id") == sent["id"],
        timeout=TIMEOUT)
    assert "NATO Deputy Secretary General" in embed_text(reply)
    assert url in embed_text(reply)


async def test_search_pages_with_buttons_only_for_the_invoking_user(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        page_server: PageServer) -> None:
    await share(emulator, scenario, serve_seeds(page_server))
    inter = await emulator.invoke_slash("search", {"query": "Baltic"}, user=scenario.user,
                                        channel=scenario.general)
    first = await inter.wait_for_followup(timeout=TIMEOUT)
    assert "page 1/2" in embed_text(first)
    buttons = {button["label"]: button for row in first["components"]
               for button in row["components"]}
    assert buttons["Previous"].get("disabled")
    assert not buttons["Next"].get("disabled")

    other = await emulator.press_button(first, buttons["Next"]["custom_id"], user=scenario.admin)
    await other.wait_for_response(timeout=TIMEOUT)
    assert other.ephemeral
    assert "Only the person" in (other.content or "")
    assert "page 1/2" in embed_text(emulator.get_message(first["id"]))

    click = await emulator.press_button(first, buttons["Next"]["custom_id"], user=scenario.user)
    await click.wait_for_response(timeout=TIMEOUT)
    assert click.response_type == 7  # the message itself is updated
    assert "page 2/2" in embed_text(emulator.get_message(first["id"]))

    tags = await emulator.invoke_slash("tags", {"period": 30}, user=scenario.user,
                                       channel=scenario.general)
    await tags.wait_for_response(timeout=TIMEOUT)
    assert "**cyber attacks** (2)" in embed_text(tags.original or {})
    people = await emulator.invoke_slash("people", {}, user=scenario.user,
                                         channel=scenario.general)
    await people.wait_for_response(timeout=TIMEOUT)
    assert "Rasa Petrauskienė" in embed_text(people.original or {})

    operators = await command(emulator, scenario, "search",
                              {"query": 'tag:"cyber attack" person:ruiz (port* AND "'})
    assert "page 1/1 · 2 results" in embed_text(operators)

    topic = await command(emulator, scenario, "topic", {"name": "interest rate"})
    assert "Topic: interest rates" in embed_text(topic)
    ecb = await command(emulator, scenario, "ask", {"question": "who is Zoe Lefevre?"})
    assert "Lefèvre" in embed_text(ecb)
    nothing = await command(emulator, scenario, "ask",
                            {"question": "what is the weather on Mars?"})
    assert "Nothing shared here answers that. The closest articles:" in embed_text(nothing)

    # The answering words in bold, the source's title and date, and another article's
    # sentence after it.
    grant = await command(emulator, scenario, "ask",
                          {"question": "how much was the EU grant for Amber Link?"})
    text = embed_text(grant)
    lead = text.split("\n— ", 1)[0]
    assert "**412 million euro**" in lead
    assert "grant" in lead
    assert GRANT_TITLE in text
    assert "shared " in text
    me = emulator.bot_user
    sent = await emulator.send_message(
        scenario.general, scenario.user,
        f"<@{me.id}> how much was the EU grant for Amber Link?", mentions=[me])
    reply = await emulator.wait_for_message(
        scenario.general,
        lambda m: (m.get("message_reference") or {}).get("message_id") == sent["id"],
        timeout=TIMEOUT)
    assert "**412 million euro**" in embed_text(reply)
    assert GRANT_TITLE in embed_text(reply)


def _more_bot_messages(emulator: DiscordEmulator, channel: Any,
                       before: int) -> Callable[[Any], bool]:
    return lambda _message: len(emulator.bot_messages_in(channel)) > before
