"""A server sees only the articles shared in it; links shared in DMs only their user sees.

Every knowledge command, both autocompletes and a mention are asked, from a second server
and from other DMs, about what the first server (or one user's DMs) shared.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import SEEDS, SHARED_EXAMPLE, PageServer
from tests.e2e.conftest import RunningBot
from tests.e2e.emulator import EPHEMERAL, DiscordEmulator, Scenario
from tests.e2e.test_knowledge import embed_text, serve_text, share

TIMEOUT = 60.0


async def followup(emulator: DiscordEmulator, name: str, options: dict[str, Any], *,
                   user: Any, channel: Any) -> dict[str, Any]:
    inter = await emulator.invoke_slash(name, options, user=user, channel=channel)
    await inter.wait_for_response(timeout=TIMEOUT)
    if inter.deferred:
        return await inter.wait_for_followup(timeout=TIMEOUT)
    assert inter.original is not None
    return inter.original


async def sees_nothing(emulator: DiscordEmulator, scenario: Scenario, channel: Any,
                       user: Any) -> None:
    """Nothing of the first server's articles (about Varga, Geoană, NATO, Amber Link)."""
    for name, options in [("person", {"name": "Varga"}), ("person", {"name": "Geoana"}),
                          ("topic", {"name": "Amber Link"}), ("topic", {"name": "NATO"})]:
        message = await followup(emulator, name, options, user=user, channel=channel)
        assert message["flags"] & EPHEMERAL, (name, options)
        assert "shared here" in message["content"]
        assert not message["embeds"]
    for query in ("Varga", "cyber retaliation", "tag:nato", "person:varga", "Amber Link"):
        message = await followup(emulator, "search", {"query": query}, user=user,
                                 channel=channel)
        assert "No articles shared here match" in embed_text(message), query
    for question in ("who is Ilona Varga?", "who is Mircea Geoana?",
                     "how much is the Amber Link grant?"):
        message = await followup(emulator, "ask", {"question": question}, user=user,
                                 channel=channel)
        assert "Nothing shared here answers that." in embed_text(message), question
    for name in ("tags", "people"):
        for period in (7, 30):
            message = await followup(emulator, name, {"period": period}, user=user,
                                     channel=channel)
            assert "No " in embed_text(message)
            assert "(1)" not in embed_text(message)
    for name, typed in [("person", ""), ("person", "var"), ("person", "geo"), ("topic", ""),
                        ("topic", "amb"), ("topic", "nat")]:
        inter = await emulator.invoke_autocomplete(name, {"name": typed}, "name", user=user,
                                                   channel=channel)
        await inter.wait_for_response(timeout=TIMEOUT)
        assert inter.choices == [], (name, typed)
    me = emulator.bot_user
    sent = await emulator.send_message(channel, user, f"<@{me.id}> who is Ilona Varga?",
                                       mentions=[me])
    reply = await emulator.wait_for_message(
        channel, lambda m: (m.get("message_reference") or {}).get("message_id") == sent["id"],
        timeout=TIMEOUT)
    assert "Nothing shared here answers that." in embed_text(reply)
    assert "Varga" not in embed_text(reply).replace("who is Ilona Varga?", "")


async def test_a_second_server_sees_nothing_of_the_first(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        page_server: PageServer) -> None:
    urls = [serve_text(page_server, f"/seeds/{name}", (SEEDS / f"{name}.txt").read_text(
        encoding="utf-8")) for name in ("01_eu_grant_amber_link", "03_eu_cyber_rules_baltic_grid")]
    if SHARED_EXAMPLE.exists():
        urls.append(serve_text(page_server, "/news/nato",
                               SHARED_EXAMPLE.read_text(encoding="utf-8")))
    await share(emulator, scenario, urls)
    # The first server does see them.
    varga = await followup(emulator, "person", {"name": "Varga"}, user=scenario.admin,
                           channel=scenario.general)
    assert varga["embeds"][0]["title"] == "Ilona Varga"
    # The second server, with the same users in it, sees nothing.
    await sees_nothing(emulator, scenario, scenario.other_general, scenario.user)
    await sees_nothing(emulator, scenario, scenario.other_general, scenario.admin)


async def test_links_shared_in_dms_are_seen_only_in_those_dms(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        page_server: PageServer) -> None:
    dm = emulator.world.dm_channel_for(scenario.user)
    url = serve_text(page_server, "/seeds/ecb", (SEEDS / "06_ecb_cuts_interest_rates.txt")
                     .read_text(encoding="utf-8"))
    await share(emulator, scenario, [url], channel=dm)
    mine = await followup(emulator, "person", {"name": "Lefevre"}, user=scenario.user,
                          channel=dm)
    assert mine["embeds"][0]["title"] == "Zoë Lefèvre"
    for channel, user in [(scenario.general, scenario.user),
                          (emulator.world.dm_channel_for(scenario.admin), scenario.admin)]:
        message = await followup(emulator, "person", {"name": "Lefevre"}, user=user,
                                 channel=channel)
        assert message["flags"] & EPHEMERAL
        assert "shared here" in message["content"]
        inter = await emulator.invoke_autocomplete("topic", {"name": "ecb"}, "name",
                                                   user=user, channel=channel)
        await inter.wait_for_response(timeout=TIMEOUT)
        assert inter.choices == []
