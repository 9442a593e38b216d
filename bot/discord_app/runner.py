"""``newsbot run``: compose the runtime and the Discord client, run until a signal arrives."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import UTC, datetime

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.backups.scheduler import scheduled_backups
from bot.digest.service import Clock
from bot.discord_app.client import NewsBot
from bot.errors import NewsbotError
from bot.runtime.composition import open_runtime
from bot.runtime.settings import Settings

log = logging.getLogger(__name__)


class DiscordSetupError(NewsbotError):
    """The bot cannot log in as configured; the message says what to fix."""


def point_at_api(base_url: str | None, gateway_url: str | None) -> None:
    """Send Discord API calls and the gateway connection elsewhere (a proxy, or an emulator).

    discord.py connects to its default gateway without asking the API for one, so the
    gateway needs its own setting.
    """
    if base_url:
        discord.http.Route.BASE = base_url.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


async def run_bot(settings: Settings, stop: asyncio.Event | None = None, *,
                  clock: Clock | None = None) -> None:
    """Run until SIGINT/SIGTERM (or ``stop``), then close the client and every resource."""
    token = settings.discord_token
    if not token:
        raise DiscordSetupError(
            "DISCORD_TOKEN is not set: put the bot token in .env or the environment "
            "(see the README's Discord setup)")
    point_at_api(settings.discord_api_base_url, settings.discord_gateway_url)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    try:
        async with open_runtime(settings, clock=clock) as runtime, NewsBot(runtime) as client:
            runtime.pool.start()  # the workers start while the client connects
            backups = scheduled_backups(settings, clock or (lambda: datetime.now(UTC)))
            if backups is not None:
                backups.start()
            try:
                await _run_until_stopped(client, token, stop)
            finally:
                if backups is not None:
                    await backups.stop()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)


async def _run_until_stopped(client: NewsBot, token: str, stop: asyncio.Event) -> None:
    running = asyncio.create_task(client.start(token), name="discord-client")
    stopping = asyncio.create_task(stop.wait(), name="stop-signal")
    try:
        done, _pending = await asyncio.wait({running, stopping},
                                            return_when=asyncio.FIRST_COMPLETED)
        if running in done:
            running.result()  # a login failure surfaces here
            return
        log.info("shutting down")
    except discord.LoginFailure:
        raise DiscordSetupError(
            "Discord rejected the token: check DISCORD_TOKEN (Bot > Reset Token in the "
            "developer portal)") from None
    except aiohttp.ClientConnectorError as error:  # DNS failure, refused, unreachable
        raise DiscordSetupError(
            f"cannot reach Discord at {error.host}: check the network connection and DNS "
            "(or DISCORD_API_BASE_URL, if it points elsewhere), then start again") from None
    except discord.PrivilegedIntentsRequired:
        raise DiscordSetupError(
            "the Message Content intent is not enabled for this bot: turn it on under "
            "Bot > Privileged Gateway Intents in the developer portal") from None
    finally:
        stopping.cancel()
        await client.close()
        if not running.done():
            running.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await running
