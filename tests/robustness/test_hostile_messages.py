"""Hostile messages and command options: no errors, sensible answers.

Through the real bot and the Discord emulator, plus the link finder on its own. One bot runs
for the whole module (starting one per test cost most of this file's time); each test gets
servers of its own in it, so nothing one test shares is seen by another.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

import bot.ingest.urls
from bot.discord_app.client import GENERIC_FAILURE
from bot.ingest.urls import MAX_URL_LENGTH, find_links
from tests.conftest import ARTICLE_HTML, PageServer
from tests.e2e.conftest import (
    RunningBot,
    article_pages,
    bot_settings,
    new_scenario,
    running_bot,
)
from tests.e2e.emulator import DiscordEmulator, Scenario
from tests.e2e.test_knowledge import command, embed_text, share

# The async tests run in the module's loop, where its one bot runs.
in_the_bots_loop = pytest.mark.asyncio(loop_scope="module")

TIMEOUT = 60.0
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a",
             "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


# --- one bot for the module, new servers for each test ----------------------------------

@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def emulator() -> AsyncIterator[DiscordEmulator]:
    async with DiscordEmulator() as emu:
        yield emu


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def people(emulator: DiscordEmulator) -> Scenario:
    return await emulator.default_scenario()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def page_server() -> AsyncIterator[PageServer]:
    server = PageServer()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def articles(page_server: PageServer) -> dict[str, str]:
    return article_pages(page_server)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def newsbot(emulator: DiscordEmulator, people: Scenario,
                  tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningBot]:
    database = tmp_path_factory.mktemp("hostile") / "bot.db"
    async with running_bot(emulator, bot_settings(emulator, database)) as running:
        yield running


@pytest_asyncio.fixture(loop_scope="module")
async def scenario(emulator: DiscordEmulator, people: Scenario,
                   newsbot: RunningBot) -> Scenario:
    return await new_scenario(emulator, people)


def is_summary(message: dict) -> bool:
    return bool(message.get("embeds"))


# --- the link finder -----------------------------------------------------------------

@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The candidate links the finder looked at (each is keyed to spot repeats)."""
    looked_at: list[str] = []
    real = bot.ingest.urls.dedup_key

    def counting(link: str) -> str:
        looked_at.append(link)
        return real(link)

    monkeypatch.setattr(bot.ingest.urls, "dedup_key", counting)
    return looked_at


def test_ten_thousand_links_are_cut_to_the_first_three_without_looking_further(
        keyed: list[str]) -> None:
    text = " ".join(f"https://news.example/story/{n}" for n in range(10_000))
    assert find_links(text, 3) == [f"https://news.example/story/{n}" for n in range(3)]
    assert len(keyed) == 3


def test_ten_thousand_copies_of_one_link_do_not_stall_the_loop(keyed: list[str]) -> None:
    # Bounded work, not a stopwatch: at most 100 candidates per message are looked at.
    for text in (" ".join(["https://news.example/same"] * 10_000),
                 " ".join(f"https://news.example/same?utm_source={n}" for n in range(10_000))):
        keyed.clear()
        assert len(find_links(text, 3)) == 1
        assert len(keyed) <= 100


@pytest.mark.parametrize("mark", INVISIBLE)
def test_invisible_characters_around_a_link_are_not_part_of_it(mark: str) -> None:
    text = f"read{mark}https://news.example/story{mark}, then {mark}https://news.example/b{mark}"
    assert find_links(text, 3) == ["https://news.example/story", "https://news.example/b"]


def test_right_to_left_text_around_links() -> None:
    text = "\u05e7\u05e8\u05d0\u05d5 \u202bhttps://news.example/a\u202c \u0627\u0642\u0631\u0623 " \
           "https://news.example/\u05e2\u05d1\u05e8\u05d9\u05ea."
    assert find_links(text, 3) == ["https://news.example/a",
                                   "https://news.example/\u05e2\u05d1\u05e8\u05d9\u05ea"]


def test_a_url_at_the_length_limit_is_kept_and_a_longer_one_ignored() -> None:
    base = "https://news.example/"
    longest = base + "a" * (MAX_URL_LENGTH - len(base))
    assert find_links(f"see {longest} now", 3) == [longest]
    assert find_links(f"see {longest}b now", 3) == []


# --- through the bot -------------------------------------------------------------------

@in_the_bots_loop
async def test_a_message_with_ten_thousand_links_gets_three_summaries(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str], page_server: PageServer) -> None:
    spam = " ".join(page_server.url(f"/spam/{n}") for n in range(10_000))
    content = f"{articles['ferry']} {articles['bridge']} {articles['school']} {spam}"
    await emulator.send_message(scenario.news, scenario.user, content)
    reply = await emulator.wait_for_message(scenario.news, is_summary, timeout=TIMEOUT)
    assert len(reply["embeds"]) == 3
    assert not [path for path in page_server.hits if path.startswith("/spam/")]


@in_the_bots_loop
async def test_a_2000_character_link_is_summarized(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        page_server: PageServer) -> None:
    path = "/news/" + "long-story-" * 180
    url = page_server.url(path)
    assert 1990 <= len(url) <= 2048
    page_server.page(path, ARTICLE_HTML.replace("{canonical}", url))
    await emulator.send_message(scenario.news, scenario.user, f"long one: {url}")
    reply = await emulator.wait_for_message(scenario.news, is_summary, timeout=TIMEOUT)
    assert reply["embeds"][0]["title"] == "Harbour council approves new ferry terminal"


@in_the_bots_loop
async def test_links_wrapped_in_bidi_and_zero_width_marks_are_summarized(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    content = (f"\u202e\u05e7\u05e8\u05d0\u05d5 \u200b{articles['ferry']}\u200b\u2069 "
               f"\U0001f4f0\ufe0f\u200d{articles['bridge']}\u2060")
    sent = await emulator.send_message(scenario.news, scenario.user, content)
    reply = await emulator.wait_for_message(scenario.news, is_summary, timeout=TIMEOUT)
    assert reply["message_reference"]["message_id"] == sent["id"]
    assert [embed["url"] for embed in reply["embeds"]] == [articles["ferry"], articles["bridge"]]
    assert not [event for event in emulator.reactions
                if event.channel_id == scenario.news.id and event.emoji == "⚠️"]


@in_the_bots_loop
async def test_summarize_with_a_url_at_the_maximum_length_explains_itself(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        page_server: PageServer) -> None:
    url = page_server.url("/")
    url += "x" * (MAX_URL_LENGTH - len(url))  # a 404 on the test server
    inter = await emulator.invoke_slash("summarize", {"url": url}, user=scenario.user,
                                        channel=scenario.general)
    message = await inter.wait_for_followup(timeout=TIMEOUT)
    assert "HTTP 404" in message["content"]


@in_the_bots_loop
@pytest.mark.parametrize("url", [
    "\u202ehttps://news.example/\u200b",  # right-to-left override, zero width space
    "ﾠ",  # a half-width Hangul filler: looks empty
    "javascript:alert(1)" + "\u200b" * 2000,
    "https://" + "\u0644" * 2000,
    "https://news.example/" + "\U0001f600" * 500,
])
async def test_summarize_with_hostile_text_gets_a_reason_not_a_crash(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot, url: str) -> None:
    inter = await emulator.invoke_slash("summarize", {"url": url}, user=scenario.user,
                                        channel=scenario.general)
    message = await inter.wait_for_followup(timeout=TIMEOUT)
    assert message["content"].startswith("Couldn't summarize that link: ")
    assert GENERIC_FAILURE not in message["content"]


@in_the_bots_loop
@pytest.mark.parametrize(("options", "reason"), [
    ({"time": "99:99", "timezone": "\u202e" + "Z" * 63}, ""),
    ({"time": "09:00", "timezone": "X" * 64}, "time zone"),
    ({"time": "09:00", "timezone": "Europe/Berlin", "days": "\u200b" * 60}, ""),
    ({"time": "\u0669\u0660:\u0660", "timezone": "UTC"}, ""),  # Arabic-Indic digits
    ({"time": "09:00", "timezone": "../../../etc/passwd" + "/" * 45}, "time zone"),
])
async def test_digest_set_with_options_at_their_maximum_length(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        options: dict[str, str], reason: str) -> None:
    inter = await emulator.invoke_slash("digest", {"channel": scenario.news, **options},
                                        subcommand="set", user=scenario.admin,
                                        channel=scenario.general)
    await inter.wait_for_response(timeout=TIMEOUT)
    assert inter.ephemeral
    assert reason in (inter.content or "")
    assert GENERIC_FAILURE not in (inter.content or "")
    assert not (inter.content or "").startswith("Saved")


@in_the_bots_loop
async def test_settings_with_an_algorithm_no_client_would_offer(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot) -> None:
    inter = await emulator.invoke_slash("settings", {"algorithm": "\u202e" + "x" * 99},
                                        user=scenario.admin, channel=scenario.general)
    await inter.wait_for_response(timeout=TIMEOUT)
    assert inter.ephemeral
    assert "unknown summary algorithm" in (inter.content or "")


# --- searches and questions: FTS5 syntax, maximum lengths, invisible and RTL text --------

FOUND = "1 result"
NO_MATCH = "No articles shared here match that search."
NO_WORDS = "Give some words to search for"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def ferry_server(emulator: DiscordEmulator, people: Scenario, newsbot: RunningBot,
                       articles: dict[str, str]) -> Scenario:
    """Servers where only the ferry story ("Harbour council approves new ferry terminal")
    was shared; the searches and questions below only read, so they share these."""
    servers = await new_scenario(emulator, people)
    await share(emulator, servers, [articles["ferry"]])
    return servers


@in_the_bots_loop
@pytest.mark.parametrize(("query", "expected"), [
    ('"', NO_WORDS),  # a lone quote
    ('"ferry terminal', FOUND),  # an unbalanced phrase
    ('ferry "', FOUND),
    ("ferr*", FOUND),  # a prefix
    ("*", NO_WORDS),
    ("ferry*terminal", FOUND),
    ("NEAR(ferry terminal)", FOUND),
    ("ferry NEAR/2 terminal", FOUND),
    ("ferry OR submarine", FOUND),  # either word
    ("submarine OR zeppelin", NO_MATCH),
    ("ferry AND terminal", FOUND),
    ("ferry NOT", FOUND),
    ("ferry NOT submarine", FOUND),
    ("ferry NOT terminal", NO_MATCH),
    ("NOT ferry", NO_WORDS),
    ("((ferry", FOUND),  # unbalanced parentheses
    ("ferry))) AND (", FOUND),
    ("-ferry", FOUND),
    ("^ferry", FOUND),
    ("title:ferry", FOUND),  # FTS5 column filter syntax is just a word here
    ("{ferry terminal}", FOUND),
    ("\u202eferry\u200b terminal\u2066", FOUND),  # right-to-left override, zero width
    ("ﬀerry", NO_MATCH),  # a ligature that looks like "ff", not a crash
    ("\u0641\u064a\u0631\u064a", NO_MATCH),  # Arabic
    ("ferry " + "x" * 294, NO_MATCH),  # the maximum length, 300
    ("OR " * 100, NO_WORDS),
    ("tag: person: site: before: after:", NO_MATCH),
])
async def test_search_with_fts5_syntax_answers_sensibly(
        emulator: DiscordEmulator, ferry_server: Scenario, query: str,
        expected: str) -> None:
    found = await command(emulator, ferry_server, "search", {"query": query})
    text = (found.get("content") or "") + embed_text(found)
    assert expected in text
    assert GENERIC_FAILURE not in text


@in_the_bots_loop
@pytest.mark.parametrize(("name", "option", "value"), [
    ("topic", "name", "\u202e" + "t" * 99),
    ("topic", "name", '" OR 1=1 --'),
    ("person", "name", "\u200b" * 100),
    ("person", "name", "Ol*en"),
    ("ask", "question", "who is " + "\u0644" * 493),
    ("ask", "question", 'what did "Olsen say NEAR( ferry ?'),
])
async def test_other_questions_at_their_limits_get_an_answer_not_an_error(
        emulator: DiscordEmulator, ferry_server: Scenario, name: str,
        option: str, value: str) -> None:
    inter = await emulator.invoke_slash(name, {option: value}, user=ferry_server.user,
                                        channel=ferry_server.general)
    await inter.wait_for_response(timeout=TIMEOUT)
    if inter.deferred:
        reply = await inter.wait_for_followup(timeout=TIMEOUT)
        text = (reply.get("content") or "") + embed_text(reply)
    else:
        text = (inter.content or "") + "".join(embed_text({"embeds": [e]}) for e in inter.embeds)
    assert text.strip()
    assert GENERIC_FAILURE not in text


@in_the_bots_loop
async def test_ask_with_fts5_syntax_still_finds_the_answer(
        emulator: DiscordEmulator, ferry_server: Scenario) -> None:
    answer = await command(emulator, ferry_server, "ask",
                           {"question": 'what did "Olsen" say about the (ferry* terminal?'})
    assert "Olsen" in embed_text(answer)
