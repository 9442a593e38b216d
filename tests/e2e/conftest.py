"""End-to-end fixtures: the Discord emulator, article pages on 127.0.0.1, and the real bot
started the way ``newsbot run`` starts it."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.digest.service import Clock
from bot.discord_app.runner import run_bot
from bot.runtime.settings import Settings
from tests.conftest import ARTICLE_HTML, PageServer
from tests.e2e.emulator import DiscordEmulator, Scenario

STARTUP_TIMEOUT = 90.0  # worker processes start and warm up before the gateway connects


@dataclass
class RunningBot:
    settings: Settings
    task: asyncio.Task[None]




@pytest.fixture
async def emulator() -> AsyncIterator[DiscordEmulator]:
    async with DiscordEmulator() as emu:
        yield emu


@pytest.fixture
async def scenario(emulator: DiscordEmulator) -> Scenario:
    return await emulator.default_scenario()


def bot_settings(emulator: DiscordEmulator, database: Path, **changes: object) -> Settings:
    settings = Settings(
        database_path=database, discord_token=emulator.token,
        discord_api_base_url=emulator.api_base_url, discord_gateway_url=emulator.gateway_url,
        allow_private_urls=True, workers=2,
        # Only bound a hang: tests of the timeouts set their own.
        fetch_connect_timeout=20.0, fetch_read_timeout=20.0)
    return replace(settings, **changes)  # type: ignore[arg-type]


@asynccontextmanager
async def running_bot(emulator: DiscordEmulator, settings: Settings,
                      clock: Clock | None = None) -> AsyncIterator[RunningBot]:
    """Run the product's entry point until the test is done, then stop it cleanly."""
    identified = len(emulator.identifies)
    stop = asyncio.Event()
    with emulator.configure_discord():
        task = asyncio.create_task(run_bot(settings, stop, clock=clock), name="newsbot")
        waiter = asyncio.create_task(_wait_for_identify(emulator, identified))
        done, _ = await asyncio.wait({task, waiter}, timeout=STARTUP_TIMEOUT,
                                     return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            waiter.cancel()
            task.result()
            pytest.fail("the bot stopped before connecting")
        if waiter not in done:
            waiter.cancel()
            pytest.fail("the bot did not connect in time")
        try:
            yield RunningBot(settings, task)
        finally:
            running = _product_tasks()
            stop.set()
            await asyncio.wait_for(task, 60)
    assert not emulator.unexpected_requests, emulator.unexpected_requests
    # Nothing the bot or discord.py started may outlive it, or fail with nobody looking
    # (asyncio's "exception was never retrieved" traceback, reported once it is collected;
    # ``_log_traceback`` is asyncio's own mark for that).
    outlived = [t for t in running if not t.done()]
    assert outlived == [], f"tasks outlived the bot: {outlived!r}"
    unseen = [t for t in running if getattr(t, "_log_traceback", False)]
    assert unseen == [], "tasks failed unseen"


def _product_tasks() -> list[asyncio.Task[object]]:
    """The pending tasks whose code is the bot's or discord.py's, but for view timers: a
    view's buttons expire minutes later, and only a process that outlives its bot sees it."""
    product = (f"{os.sep}discord{os.sep}", f"{os.sep}bot{os.sep}", f"{os.sep}cogs{os.sep}")
    found = []
    for task in asyncio.all_tasks():
        code = getattr(task.get_coro(), "cr_code", None)
        if (task is not asyncio.current_task() and code is not None
                and "timeout_task" not in code.co_name
                and any(part in code.co_filename for part in product)):
            found.append(task)
    return found


async def _wait_for_identify(emulator: DiscordEmulator, before: int) -> None:
    # The emulator signals the first IDENTIFY only; a restarted bot sends another.
    while len(emulator.identifies) <= before:  # noqa: ASYNC110
        await asyncio.sleep(0.05)


async def new_scenario(emulator: DiscordEmulator, people: Scenario) -> Scenario:
    """Two more guilds like the default ones, with the same people, the bot already in them:
    tests that share one running bot each get servers of their own."""
    number = len(emulator.world.guilds)
    guild = await emulator.add_guild(f"Newsroom {number}", people.admin)
    other = await emulator.add_guild(f"Second Guild {number}", people.admin)
    general = await emulator.add_channel(guild, "general")
    news = await emulator.add_channel(guild, "news", topic="Shared links")
    other_general = await emulator.add_channel(other, "general")
    for server in (guild, other):
        await emulator.add_member(server, people.admin, admin=True)
        await emulator.add_member(server, people.user)
    return Scenario(guild, other, general, news, other_general, people.admin, people.user)


@pytest.fixture
async def articles(page_server: PageServer) -> dict[str, str]:
    """Article pages by name; each is a distinct story with its own canonical URL."""
    return article_pages(page_server)


def article_pages(page_server: PageServer) -> dict[str, str]:
    urls: dict[str, str] = {}
    for name in ("ferry", "bridge", "school"):
        canonical = page_server.url(f"/news/{name}")
        html = ARTICLE_HTML.replace("{canonical}", canonical)
        if name != "ferry":
            html = html.replace("ferry terminal", f"{name} project").replace(
                "Harbour council", f"{name.title()} council")
        urls[name] = page_server.page(f"/news/{name}", html)
    return urls


@pytest.fixture
async def newsbot(emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path,
                  articles: dict[str, str]) -> AsyncIterator[RunningBot]:
    async with running_bot(emulator, bot_settings(emulator, tmp_path / "bot.db")) as bot:
        yield bot


async def reply_recorded(bot: RunningBot, message_id: str) -> None:
    """Wait until the bot has stored the id of its reply to the message ``message_id``: it
    learns that id only once Discord answered, so a test that sees the reply may be first."""
    deadline = asyncio.get_running_loop().time() + 60.0  # bounds a hang only
    query = "SELECT 1 FROM shares WHERE message_id = ? AND reply_id IS NOT NULL"
    while asyncio.get_running_loop().time() < deadline:
        with closing(sqlite3.connect(f"file:{bot.settings.database_path}?mode=ro",
                                     uri=True)) as connection:
            if connection.execute(query, (message_id,)).fetchone():
                return
        await asyncio.sleep(0.05)
    pytest.fail(f"the reply to message {message_id} was never recorded")
