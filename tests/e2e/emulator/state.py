# ruff: noqa: ASYNC109  # the wait helpers take a timeout on purpose: it is their API
"""In-memory world of the Discord emulator: snowflakes, guilds, channels, users, messages.

The model is deliberately small. It only keeps what is needed to build payloads
shaped like Discord's v10 API (see ``discord/types/*.py``) and to let tests assert
on what the bot did.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1

#: What @everyone gets in a fresh Discord guild (roughly).
DEFAULT_EVERYONE_PERMISSIONS = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)

#: What the bot's managed role gets unless a test asks for something else.
DEFAULT_BOT_PERMISSIONS = DEFAULT_EVERYONE_PERMISSIONS | MANAGE_MESSAGES

# Gateway intents the emulator honours when deciding what to dispatch.
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15

# Channel types.
GUILD_TEXT = 0
DM = 1
GUILD_VOICE = 2
GUILD_CATEGORY = 4
PUBLIC_THREAD = 11

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7


class EmulatorTimeoutError(TimeoutError):
    """Raised by the ``wait_for_*`` helpers; the message says what never happened."""


class SnowflakeGenerator:
    """Time-based snowflakes, so ids look and sort like Discord's."""

    def __init__(self, worker_id: int = 1, process_id: int = 0) -> None:
        self._worker = worker_id & 0x1F
        self._process = process_id & 0x1F
        self._increment = itertools.count()
        self._last = 0

    def __call__(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = (ms << 22) | (self._worker << 17) | (self._process << 12)
        value |= next(self._increment) & 0xFFF
        # Monotonic even if the clock stands still and the increment wraps.
        value = max(value, self._last + 1)
        self._last = value
        return value


def iso_now() -> str:
    """Discord-style ISO8601 timestamp with microseconds and offset."""
    return datetime.now(UTC).isoformat()


def snowflake_time(snowflake: int) -> str:
    """The ISO timestamp embedded in a snowflake (used for ``joined_at`` etc.)."""
    ms = (snowflake >> 22) + DISCORD_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat()


@dataclass
class User:
    """A Discord user (the bot itself is one too)."""

    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "primary_guild": None,
            "collectibles": None,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    managed: bool = False
    bot_id: int | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "color": self.color,
            "colors": {
                "primary_color": self.color,
                "secondary_color": None,
                "tertiary_color": None,
            },
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data


@dataclass
class Overwrite:
    """A channel permission overwrite; ``type`` 0 is a role, 1 a member."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


@dataclass
class Channel:
    id: int
    name: str
    guild_id: int | None = None
    type: int = GUILD_TEXT
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    nsfw: bool = False
    overwrites: list[Overwrite] = field(default_factory=list)
    recipients: list[User] = field(default_factory=list)
    owner_id: int | None = None  # threads: who started it
    source_message_id: int | None = None  # threads started from a message

    def payload(self) -> dict[str, Any]:
        if self.type == DM:
            return {
                "id": str(self.id),
                "type": DM,
                "last_message_id": None,
                "recipients": [u.payload() for u in self.recipients],
                "flags": 0,
            }
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [o.payload() for o in self.overwrites],
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "nsfw": self.nsfw,
            "flags": 0,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.type == GUILD_TEXT:
            data.update(topic=self.topic, last_message_id=None, rate_limit_per_user=0)
        elif self.type == GUILD_VOICE:
            data.update(bitrate=64000, user_limit=0, rtc_region=None)
        elif self.type == PUBLIC_THREAD:
            data.update(owner_id=str(self.owner_id), last_message_id=None, rate_limit_per_user=0,
                        message_count=0, member_count=1, thread_metadata={
                            "archived": False, "auto_archive_duration": 1440,
                            "archive_timestamp": "2026-01-01T00:00:00+00:00", "locked": False})
        return data


@dataclass
class Member:
    user: User
    guild_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    def payload(self, *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    locale: str = "en-US"
    system_channel_id: int | None = None  # where Discord posts join messages

    @property
    def everyone(self) -> Role:
        """The @everyone role shares the guild's id, as on Discord."""
        return self.roles[self.id]

    def text_channels(self) -> list[Channel]:
        return [c for c in self.channels.values() if c.type == GUILD_TEXT]

    def channel_named(self, name: str) -> Channel:
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise KeyError(f"no channel {name!r} in guild {self.name!r}")

    def base_permissions(self, user_id: int) -> int:
        """Guild-level permissions: owner and administrators get everything."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.members.get(user_id)
        perms = self.everyone.permissions
        if member is not None:
            for role_id in member.roles:
                role = self.roles.get(role_id)
                if role is not None:
                    perms |= role.permissions
        if perms & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return perms

    def permissions_in(self, channel: Channel | None, user_id: int) -> int:
        """Discord's documented overwrite algorithm (everyone, roles, member)."""
        perms = self.base_permissions(user_id)
        if perms == ALL_PERMISSIONS or channel is None:
            return perms
        member = self.members.get(user_id)
        role_ids = set(member.roles) if member else set()
        by_id = {(o.type, o.id): o for o in channel.overwrites}
        everyone = by_id.get((0, self.id))
        if everyone:
            perms = (perms & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for ow in channel.overwrites:
            if ow.type == 0 and ow.id in role_ids:
                allow |= ow.allow
                deny |= ow.deny
        perms = (perms & ~deny) | allow
        own = by_id.get((1, user_id))
        if own:
            perms = (perms & ~own.deny) | own.allow
        return perms

    def payload(self, *, bot_user_id: int) -> dict[str, Any]:
        """The full GUILD_CREATE payload."""
        me = self.members.get(bot_user_id)
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None if self.system_channel_id is None
            else str(self.system_channel_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": self.locale,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "joined_at": me.joined_at if me else iso_now(),
            "large": False,
            "unavailable": False,
            "member_count": len(self.members),
            "members": [m.payload() for m in self.members.values()],
            "channels": [c.payload() for c in self.channels.values()],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


@dataclass
class RecordedRequest:
    """One REST call the client made, as the emulator understood it."""

    method: str
    path: str
    route: str
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    files: list[dict[str, Any]]
    reason: str | None
    at: float
    status: int = 0
    unexpected: bool = False

    def matches(self, method: str, route_or_path: str) -> bool:
        return self.method == method.upper() and route_or_path in (self.route, self.path)


@dataclass
class ReactionEvent:
    action: str  # "add" or "remove"
    channel_id: int
    message_id: int
    emoji: str
    user_id: int
    at: float


@dataclass
class TypingEvent:
    channel_id: int
    user_id: int
    at: float


class Notifier:
    """Wakes waiters whenever the emulator records something new.

    Waiting on "something changed, re-check the predicate" keeps every
    ``wait_for_*`` helper simple and race-free (the check runs on the loop).
    """

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        for fut in self._waiters:
            if not fut.done():
                fut.set_result(None)
        self._waiters.clear()

    async def wait_for(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result is not None and result is not False:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise EmulatorTimeoutError(f"timed out after {timeout:.1f}s waiting for {what}")
            fut: asyncio.Future[None] = loop.create_future()
            self._waiters.add(fut)
            try:
                await asyncio.wait({fut}, timeout=remaining)
            finally:
                self._waiters.discard(fut)
                if not fut.done():
                    fut.cancel()
