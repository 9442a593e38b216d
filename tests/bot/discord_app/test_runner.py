"""``newsbot run``: what a bot that cannot start tells the person who started it."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket

from bot.discord_app.client import NewsBot
from bot.discord_app.runner import DiscordSetupError, run_bot
from bot.runtime.settings import Settings


@pytest.fixture(autouse=True)
def restore_discord_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    # run_bot points discord.py at DISCORD_API_BASE_URL for the whole process.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)


def _settings(tmp_path: Path, api: str) -> Settings:
    return Settings(database_path=tmp_path / "bot.db", discord_token="a-token",
                    discord_api_base_url=api, workers=1)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_discord_that_refuses_connections_is_a_one_line_error(tmp_path: Path) -> None:
    api = f"http://127.0.0.1:{_closed_port()}/api/v10"
    with pytest.raises(DiscordSetupError, match=r"^cannot reach Discord at 127\.0\.0\.1: "):
        await run_bot(_settings(tmp_path, api))


async def test_a_discord_host_that_does_not_resolve_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def no_such_host(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "discord.example":  # resolved here, offline: no DNS server is asked
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(DiscordSetupError, match=r"cannot reach Discord at discord\.example: "
                                                r"check the network connection and DNS"):
        await run_bot(_settings(tmp_path, "http://discord.example/api/v10"))


def test_the_client_does_not_warn_about_voice_libraries(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # As in a fresh process, where discord.py warns once that PyNaCl and davey are missing.
    monkeypatch.setattr(discord.VoiceClient, "warn_nacl", True)
    monkeypatch.setattr(discord.VoiceClient, "warn_dave", True)
    caplog.set_level(logging.WARNING)
    NewsBot(runtime=None)  # type: ignore[arg-type]  # the client is only built here
    assert not [record for record in caplog.records if "voice" in record.getMessage()]
