# ruff: noqa: ASYNC109  # the wait helpers take a timeout on purpose: it is their API
"""``DiscordEmulator``: one aiohttp server with the REST API and the gateway.

Typical use::

    async with DiscordEmulator() as emu:
        scenario = await emu.default_scenario()
        with emu.configure_discord():
            bot = MyBot(...)
            task = asyncio.create_task(bot.start(emu.token))
            await emu.wait_until_identified()
            ...
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import discord.gateway
import discord.http
import yarl
from aiohttp import web

from .gateway import Gateway
from .interactions import EmulatedInteraction
from .rest import API_PREFIX, Fault, RestApi, apply_reaction
from .rest import _json as json_response
from .state import (
    ADMINISTRATOR,
    DEFAULT_BOT_PERMISSIONS,
    DM,
    GUILD_TEXT,
    Channel,
    Guild,
    Member,
    Overwrite,
    ReactionEvent,
    RecordedRequest,
    Role,
    TypingEvent,
    User,
)
from .world import World

log = logging.getLogger(__name__)

# Application command option types.
_SUB_COMMAND = 1
_SUB_COMMAND_GROUP = 2
_USER = 6
_CHANNEL = 7
_ROLE = 8
_MENTIONABLE = 9
_ATTACHMENT = 11

UserRef = User | Member | int
ChannelRef = Channel | int
GuildRef = Guild | int
MessageRef = dict[str, Any] | int


@dataclass
class Scenario:
    """The default world: two guilds, each with #general and #news."""

    guild: Guild
    other_guild: Guild
    general: Channel
    news: Channel
    other_general: Channel
    admin: User
    user: User


class DiscordPatch:
    """Points discord.py at the emulator; restores the real URLs on exit.

    Setting ``Route.BASE`` alone is not enough: ``Client.connect`` never asks
    ``/gateway/bot`` and opens ``DiscordWebSocket.DEFAULT_GATEWAY`` directly,
    so that class attribute is patched too.
    """

    def __init__(self, api_base: str, gateway_url: str) -> None:
        self._route = discord.http.Route
        self._ws = discord.gateway.DiscordWebSocket
        self._old = (self._route.BASE, self._ws.DEFAULT_GATEWAY)
        self._route.BASE = api_base
        self._ws.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        self.active = True

    def restore(self) -> None:
        if self.active:
            self._route.BASE, self._ws.DEFAULT_GATEWAY = self._old
            self.active = False

    def __enter__(self) -> DiscordPatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.restore()


class DiscordEmulator:
    """A small, faithful-enough Discord for end-to-end tests on 127.0.0.1."""

    def __init__(
        self,
        *,
        token: str = "emulator-bot-token",
        bot_name: str = "NewsBot",
        heartbeat_interval_ms: int = 41250,
        check_token: bool = True,
    ) -> None:
        self.token = token
        self.check_token = check_token
        self.world = World(bot_name=bot_name)
        self.gateway = Gateway(self.world, heartbeat_interval_ms=heartbeat_interval_ms)
        self.rest = RestApi(self.world, self.gateway)
        self.host = "127.0.0.1"
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._patches: list[DiscordPatch] = []

    # -- lifecycle -------------------------------------------------------------

    async def start(self) -> DiscordEmulator:
        app = web.Application(middlewares=[self.rest.middleware, self._auth_middleware])
        app.router.add_get("/gateway-ws/", self.gateway.handle)
        app.router.add_get("/gateway-resume/", self.gateway.handle)
        self.rest.install(app)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.world.base_url = self.base_url
        self.gateway.url = f"ws://{self.host}:{self.port}/gateway-ws/"
        self.gateway.resume_url = f"ws://{self.host}:{self.port}/gateway-resume/"
        log.info("Discord emulator listening on %s", self.base_url)
        return self

    async def stop(self) -> None:
        for patch in self._patches:
            patch.restore()
        self._patches.clear()
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> DiscordEmulator:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @web.middleware
    async def _auth_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        """401 for a wrong bot token, like Discord (interaction webhooks need none)."""
        path = request.path
        if (
            self.check_token
            and path.startswith(API_PREFIX + "/")
            and not path.startswith((API_PREFIX + "/interactions/", API_PREFIX + "/webhooks/"))
            and request.headers.get("Authorization") != f"Bot {self.token}"
        ):
            return json_response({"message": "401: Unauthorized", "code": 0}, 401)
        response: web.StreamResponse = await handler(request)
        return response

    # -- pointing discord.py here ----------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base_url(self) -> str:
        """What ``discord.http.Route.BASE`` must be set to."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return self.gateway.url

    def configure_discord(self) -> DiscordPatch:
        """Patch discord.py's API base and default gateway; undone by ``stop()``."""
        patch = DiscordPatch(self.api_base_url, self.gateway.url)
        self._patches.append(patch)
        return patch

    # -- world building --------------------------------------------------------

    @property
    def bot_user(self) -> User:
        return self.world.bot_user

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def guilds(self) -> dict[int, Guild]:
        return self.world.guilds

    async def add_user(self, name: str, *, bot: bool = False) -> User:
        return self.world.add_user(name, bot=bot)

    async def add_guild(
        self,
        name: str,
        owner: UserRef | None = None,
        *,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
    ) -> Guild:
        """A guild the bot is in; dispatches GUILD_CREATE if the bot is connected."""
        owner_user = (
            self._user(owner) if owner is not None else self.world.add_user(f"{name}-owner")
        )
        guild = self.world.add_guild(name, owner_user, bot_permissions=bot_permissions)
        await self.gateway.dispatch("GUILD_CREATE", self.gateway.guild_create_payload(guild))
        return guild

    async def invite_bot(self, name: str, owner: UserRef | None = None, *,
                         system_channel: str | None = "general") -> tuple[Guild, Channel | None]:
        """A server adds the bot: the guild exists with its system channel (None: it has
        none) before GUILD_CREATE reaches the bot, as on Discord."""
        owner_user = (
            self._user(owner) if owner is not None else self.world.add_user(f"{name}-owner")
        )
        guild = self.world.add_guild(name, owner_user, bot_permissions=DEFAULT_BOT_PERMISSIONS)
        channel = None
        if system_channel is not None:
            channel = self.world.add_channel(guild, system_channel)
            guild.system_channel_id = channel.id
        await self.rejoin(guild)
        return guild, channel

    async def rejoin(self, guild: Guild) -> None:
        """GUILD_CREATE for a server the bot joins now: without ``unavailable``, which
        Discord sets only for servers of the bot's start-up (discord.py tells them apart)."""
        self.world.guilds[guild.id] = guild
        payload = self.gateway.guild_create_payload(guild)
        payload.pop("unavailable", None)
        await self.gateway.dispatch("GUILD_CREATE", payload)

    async def remove_guild(self, guild: GuildRef) -> None:
        """The bot is removed from the guild (kicked, or the server deleted): GUILD_DELETE
        without ``unavailable``."""
        removed = self.world.guilds.pop(self._guild(guild).id)
        await self.gateway.dispatch("GUILD_DELETE", {"id": str(removed.id)})

    async def add_channel(
        self,
        guild: GuildRef,
        name: str,
        *,
        channel_type: int = GUILD_TEXT,
        topic: str | None = None,
        overwrites: Iterable[Overwrite] = (),
    ) -> Channel:
        g = self._guild(guild)
        channel = self.world.add_channel(g, name, channel_type=channel_type)
        channel.topic = topic
        channel.overwrites.extend(overwrites)
        await self.gateway.dispatch("CHANNEL_CREATE", channel.payload())
        return channel

    async def add_role(self, guild: GuildRef, name: str, permissions: int = 0) -> Role:
        g = self._guild(guild)
        role = Role(self.world.snowflake(), g.id, name, permissions, position=len(g.roles))
        g.roles[role.id] = role
        await self.gateway.dispatch(
            "GUILD_ROLE_CREATE", {"guild_id": str(g.id), "role": role.payload()}
        )
        return role

    async def add_member(
        self,
        guild: GuildRef,
        user: UserRef,
        *,
        roles: Iterable[Role | int] = (),
        admin: bool = False,
        nick: str | None = None,
    ) -> Member:
        """Add ``user`` to ``guild``; ``admin`` gives them an Administrator role."""
        g = self._guild(guild)
        role_ids = [r.id if isinstance(r, Role) else int(r) for r in roles]
        if admin:
            admin_role = next((r for r in g.roles.values() if r.name == "Admin"), None)
            if admin_role is None:
                admin_role = await self.add_role(g, "Admin", ADMINISTRATOR)
            role_ids.append(admin_role.id)
        u = self._user(user)
        member = Member(u, g.id, roles=role_ids, nick=nick)
        g.members[u.id] = member
        await self.gateway.dispatch("GUILD_MEMBER_ADD", {**member.payload(), "guild_id": str(g.id)})
        return member

    async def set_overwrite(
        self,
        channel: ChannelRef,
        target: Role | UserRef,
        *,
        allow: int = 0,
        deny: int = 0,
    ) -> Overwrite:
        """Set a channel permission overwrite and dispatch CHANNEL_UPDATE."""
        ch = self._channel(channel)
        if isinstance(target, Role):
            ow = Overwrite(target.id, 0, allow, deny)
        else:
            ow = Overwrite(self._user(target).id, 1, allow, deny)
        ch.overwrites = [o for o in ch.overwrites if (o.type, o.id) != (ow.type, ow.id)] + [ow]
        await self.gateway.dispatch("CHANNEL_UPDATE", ch.payload())
        return ow

    async def default_scenario(self) -> Scenario:
        """Two guilds with #general/#news, an admin and a regular user in both."""
        admin = await self.add_user("alice")
        user = await self.add_user("bob")
        guild = await self.add_guild("Newsroom", admin)
        other = await self.add_guild("Second Guild", admin)
        general = await self.add_channel(guild, "general")
        news = await self.add_channel(guild, "news", topic="Shared links")
        other_general = await self.add_channel(other, "general")
        for g in (guild, other):
            await self.add_member(g, admin, admin=True)
            await self.add_member(g, user)
        return Scenario(guild, other, general, news, other_general, admin, user)

    # -- things users do -------------------------------------------------------

    async def send_message(
        self,
        channel: ChannelRef,
        author: UserRef,
        content: str = "",
        *,
        mentions: Iterable[UserRef] = (),
        embeds: list[dict[str, Any]] | None = None,
        reply_to: MessageRef | None = None,
    ) -> dict[str, Any]:
        """A user posts a message: stored, then dispatched as MESSAGE_CREATE."""
        ch = self._channel(channel)
        u = self._user(author)
        body: dict[str, Any] = {
            "content": content,
            "embeds": embeds or [],
            "_mentions": [self._user(m).id for m in mentions],
        }
        if reply_to is not None:
            ref = self._message(reply_to)
            body["message_reference"] = {"message_id": ref["id"], "channel_id": ref["channel_id"]}
        msg = self.world.build_message(ch, u, body)
        self.world.store_message(msg)
        if not await self.gateway.dispatch("MESSAGE_CREATE", msg):
            log.warning("MESSAGE_CREATE %s not delivered (not identified or intents)", msg["id"])
        return msg

    async def add_reaction(self, message: MessageRef, user: UserRef, emoji: str) -> None:
        """A user reacts to a message (dispatches MESSAGE_REACTION_ADD)."""
        msg = self._message(message)
        await apply_reaction(
            self.world, self.gateway, msg, user_id=self._user(user).id, emoji=emoji, action="add"
        )

    async def invoke_slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: UserRef,
        channel: ChannelRef,
        subcommand: str | None = None,
        subcommand_group: str | None = None,
        locale: str = "en-US",
    ) -> EmulatedInteraction:
        """Run ``/name`` as ``user`` in ``channel`` (INTERACTION_CREATE type 2)."""
        ch = self._channel(channel)
        cmd = self.world.find_command(name, 1, ch.guild_id)
        schema = self._option_schema(cmd, subcommand_group, subcommand)
        resolved: dict[str, dict[str, Any]] = {}
        opts = [self._option(schema, k, v, resolved, ch) for k, v in (options or {}).items()]
        data = self._command_data(cmd, self._nest(opts, subcommand, subcommand_group))
        if resolved:
            data["resolved"] = resolved
        return await self._interact(2, data, user, ch, locale=locale)

    async def invoke_autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        focused: str,
        *,
        user: UserRef,
        channel: ChannelRef,
        subcommand: str | None = None,
        subcommand_group: str | None = None,
    ) -> EmulatedInteraction:
        """The user is typing option ``focused`` (INTERACTION_CREATE type 4)."""
        ch = self._channel(channel)
        cmd = self.world.find_command(name, 1, ch.guild_id)
        schema = self._option_schema(cmd, subcommand_group, subcommand)
        opts = []
        for key, value in options.items():
            spec = schema.get(key)
            opt: dict[str, Any] = {"name": key, "type": spec["type"] if spec else 3, "value": value}
            if key == focused:
                opt["focused"] = True
            opts.append(opt)
        data = self._command_data(cmd, self._nest(opts, subcommand, subcommand_group))
        return await self._interact(4, data, user, ch)

    async def invoke_message_command(
        self, name: str, target_message: MessageRef, *, user: UserRef
    ) -> EmulatedInteraction:
        """Use an "Apps > name" context menu on a message (data.type 3)."""
        msg = self._message(target_message)
        ch = self._channel(int(msg["channel_id"]))
        cmd = self.world.find_command(name, 3, ch.guild_id)
        data = self._command_data(cmd, None)
        data["target_id"] = msg["id"]
        data["resolved"] = {"messages": {msg["id"]: msg}}
        return await self._interact(2, data, user, ch)

    async def invoke_user_command(
        self, name: str, target_user: UserRef, *, user: UserRef, channel: ChannelRef
    ) -> EmulatedInteraction:
        """Use a user context menu (data.type 2)."""
        ch = self._channel(channel)
        cmd = self.world.find_command(name, 2, ch.guild_id)
        target = self._user(target_user)
        data = self._command_data(cmd, None)
        data["target_id"] = str(target.id)
        resolved: dict[str, dict[str, Any]] = {}
        self._resolve_user(target, resolved, ch)
        data["resolved"] = resolved
        return await self._interact(2, data, user, ch)

    async def press_button(
        self,
        message: MessageRef,
        custom_id: str,
        *,
        user: UserRef,
        component_type: int = 2,
        values: list[str] | None = None,
    ) -> EmulatedInteraction:
        """Click a button (or pick select ``values``) on a message (type 3)."""
        msg = self._message(message)
        ch = self._channel(int(msg["channel_id"]))
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        inter = await self._interact(3, data, user, ch, message=msg)
        return inter

    async def submit_modal(
        self,
        custom_id: str,
        values: dict[str, str],
        *,
        user: UserRef,
        channel: ChannelRef,
    ) -> EmulatedInteraction:
        """Submit a modal with text inputs ``{custom_id: value}`` (type 5)."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in values.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        return await self._interact(5, data, user, self._channel(channel))

    # -- gateway control -------------------------------------------------------

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the bot's websocket (resumable); later dispatches are replayed."""
        await self.gateway.drop_connection(code)

    async def request_reconnect(self) -> None:
        await self.gateway.request_reconnect()

    @property
    def identifies(self) -> list[dict[str, Any]]:
        return self.gateway.identifies

    @property
    def intents(self) -> int:
        """Intents sent in the latest IDENTIFY."""
        return self.gateway.intents

    # -- faults ----------------------------------------------------------------

    def rate_limit_once(
        self, method: str, route: str, *, retry_after: float = 0.25, is_global: bool = False
    ) -> Fault:
        """The next matching request gets a 429 the client must wait out and retry."""
        fault = Fault(
            method,
            route,
            429,
            {
                "message": "You are being rate limited.",
                "retry_after": retry_after,
                "global": is_global,
                "code": 0,
            },
            {
                "Retry-After": str(retry_after),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Scope": "global" if is_global else "user",
                "X-RateLimit-Global": "true" if is_global else "false",
                # discord.py treats a 429 without Via as a Cloudflare ban.
                "Via": "1.1 google",
            },
            times=1,
        )
        self.rest.faults.append(fault)
        return fault

    def fail(
        self,
        method: str | None,
        route: str,
        *,
        status: int = 403,
        code: int = 50013,
        message: str = "Missing Permissions",
        times: int | None = None,
    ) -> Fault:
        """Make matching requests fail with a Discord JSON error (403/50013 by default)."""
        fault = Fault(method, route, status, {"message": message, "code": code}, {}, times=times)
        self.rest.faults.append(fault)
        return fault

    def deny_channel(self, channel: ChannelRef, *, code: int = 50013) -> Fault:
        """Every write in ``channel`` fails with 403 (message, reaction, typing, edit)."""
        ch = self._channel(channel)
        return self.fail(
            None,
            rf"/channels/{ch.id}/.*",
            code=code,
            message="Missing Permissions" if code == 50013 else "Missing Access",
        )

    def clear_faults(self) -> None:
        self.rest.faults.clear()

    # -- what the bot did ------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.world.requests

    @property
    def unexpected_requests(self) -> list[RecordedRequest]:
        """Calls to routes the emulator does not know (they got a 404)."""
        return [r for r in self.world.requests if r.unexpected]

    @property
    def reactions(self) -> list[ReactionEvent]:
        return self.world.reactions

    @property
    def typing(self) -> list[TypingEvent]:
        return self.world.typing

    @property
    def interactions(self) -> list[EmulatedInteraction]:
        return list(self.world.interactions.values())

    @property
    def command_syncs(self) -> list[tuple[int | None, list[dict[str, Any]]]]:
        return self.world.command_syncs

    def commands(self, guild: GuildRef | None = None) -> list[dict[str, Any]]:
        """Commands currently synced globally (or for ``guild``)."""
        gid = None if guild is None else self._guild(guild).id
        return list(self.world.commands_for(gid).values())

    def sync_count(self, guild: GuildRef | None = None) -> int:
        gid = None if guild is None else self._guild(guild).id
        return sum(1 for scope, _ in self.world.command_syncs if scope == gid)

    def messages_in(self, channel: ChannelRef) -> list[dict[str, Any]]:
        """Non-ephemeral messages in the channel, oldest first."""
        return self.world.messages_in(self._channel(channel).id)

    def bot_messages_in(self, channel: ChannelRef) -> list[dict[str, Any]]:
        bot_id = str(self.bot_user.id)
        return [m for m in self.messages_in(channel) if m["author"]["id"] == bot_id]

    def get_message(self, message_id: int | str) -> dict[str, Any]:
        return self.world.messages[int(message_id)]

    # -- waiting ---------------------------------------------------------------

    async def wait_until_identified(self, timeout: float = 30.0) -> dict[str, Any]:
        """Wait for IDENTIFY (READY and GUILD_CREATEs are sent right after it)."""
        return await self.world.notifier.wait_for(
            lambda: self.gateway.identifies[-1] if self.gateway.identifies else None,
            timeout,
            "the client to IDENTIFY",
        )

    async def wait_for_resume(self, timeout: float = 30.0) -> dict[str, Any]:
        return await self.world.notifier.wait_for(
            lambda: (
                self.gateway.resumes[-1]
                if self.gateway.connected and self.gateway.resumes
                else None
            ),
            timeout,
            "the client to RESUME",
        )

    async def wait_for_request(
        self,
        predicate: Callable[[RecordedRequest], bool],
        timeout: float = 30.0,
        *,
        after: int = 0,
    ) -> RecordedRequest:
        """First recorded request (from index ``after``) matching ``predicate``."""

        def check() -> RecordedRequest | None:
            return next((r for r in self.world.requests[after:] if predicate(r)), None)

        return await self.world.notifier.wait_for(check, timeout, "a matching request")

    async def wait_for_message(
        self,
        channel: ChannelRef,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 30.0,
        *,
        author: UserRef | None = None,
    ) -> dict[str, Any]:
        """First message in ``channel`` by the bot (or ``author``) matching ``predicate``."""
        author_id = str(self._user(author).id if author is not None else self.bot_user.id)
        ch = self._channel(channel)

        def check() -> dict[str, Any] | None:
            for msg in self.world.messages_in(ch.id):
                if msg["author"]["id"] == author_id and (predicate is None or predicate(msg)):
                    return msg
            return None

        return await self.world.notifier.wait_for(check, timeout, f"a message in #{ch.name}")

    async def wait_for_reaction(
        self, message: MessageRef | None = None, emoji: str | None = None, timeout: float = 30.0
    ) -> ReactionEvent:
        mid = None if message is None else int(self._message(message)["id"])

        def check() -> ReactionEvent | None:
            for r in self.world.reactions:
                if r.user_id != self.bot_user.id or r.action != "add":
                    continue
                if (mid is None or r.message_id == mid) and (emoji is None or r.emoji == emoji):
                    return r
            return None

        return await self.world.notifier.wait_for(check, timeout, "a reaction by the bot")

    async def wait_for_typing(self, channel: ChannelRef, timeout: float = 30.0) -> TypingEvent:
        cid = self._channel(channel).id
        return await self.world.notifier.wait_for(
            lambda: next((t for t in self.world.typing if t.channel_id == cid), None),
            timeout,
            "typing",
        )

    async def wait_for_sync(self, guild: GuildRef | None = None, timeout: float = 30.0) -> None:
        await self.world.notifier.wait_for(
            lambda: self.sync_count(guild) > 0, timeout, "a command sync"
        )

    # -- internals -------------------------------------------------------------

    def _user(self, ref: UserRef) -> User:
        if isinstance(ref, Member):
            return ref.user
        if isinstance(ref, User):
            return ref
        return self.world.users[int(ref)]

    def _guild(self, ref: GuildRef) -> Guild:
        return ref if isinstance(ref, Guild) else self.world.guilds[int(ref)]

    def _channel(self, ref: ChannelRef) -> Channel:
        return ref if isinstance(ref, Channel) else self.world.channels[int(ref)]

    def _message(self, ref: MessageRef) -> dict[str, Any]:
        mid = int(ref["id"]) if isinstance(ref, dict) else int(ref)
        return self.world.messages[mid]

    @staticmethod
    def _option_schema(
        cmd: dict[str, Any], group: str | None, sub: str | None
    ) -> dict[str, dict[str, Any]]:
        options = cmd.get("options") or []
        for wanted in (group, sub):
            if wanted is None:
                continue
            match = next((o for o in options if o["name"] == wanted), None)
            if match is None:
                raise KeyError(f"{cmd['name']} has no subcommand {wanted!r}")
            options = match.get("options") or []
        return {o["name"]: o for o in options}

    @staticmethod
    def _nest(
        opts: list[dict[str, Any]], sub: str | None, group: str | None
    ) -> list[dict[str, Any]]:
        if sub is not None:
            opts = [{"name": sub, "type": _SUB_COMMAND, "options": opts}]
        if group is not None:
            opts = [{"name": group, "type": _SUB_COMMAND_GROUP, "options": opts}]
        return opts

    def _command_data(
        self, cmd: dict[str, Any], options: list[dict[str, Any]] | None
    ) -> dict[str, Any]:
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": cmd.get("type", 1)}
        if options:
            data["options"] = options
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        return data

    def _resolve_user(self, user: User, resolved: dict[str, dict[str, Any]], ch: Channel) -> None:
        resolved.setdefault("users", {})[str(user.id)] = user.payload()
        guild = self.world.guild_of(ch)
        if guild is not None and user.id in guild.members:
            member = guild.members[user.id].payload(with_user=False)
            member["permissions"] = str(guild.permissions_in(ch, user.id))
            resolved.setdefault("members", {})[str(user.id)] = member

    def _option(
        self,
        schema: dict[str, dict[str, Any]],
        name: str,
        value: Any,
        resolved: dict[str, dict[str, Any]],
        ch: Channel,
    ) -> dict[str, Any]:
        """One option, with Discord's ``resolved`` entries for snowflake types."""
        spec = schema.get(name)
        if spec is None:
            raise KeyError(f"option {name!r} not in synced command (has {sorted(schema)})")
        otype = spec["type"]
        if otype in (_USER, _MENTIONABLE) and isinstance(value, User | Member):
            user = self._user(value)
            self._resolve_user(user, resolved, ch)
            value = str(user.id)
        elif otype == _CHANNEL:
            target = self._channel(value)
            payload = target.payload()
            payload["permissions"] = str(self.world.bot_permissions(target))
            resolved.setdefault("channels", {})[str(target.id)] = payload
            value = str(target.id)
        elif otype in (_ROLE, _MENTIONABLE) and isinstance(value, Role):
            resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            value = str(value.id)
        elif otype == _USER:
            user = self._user(value)
            self._resolve_user(user, resolved, ch)
            value = str(user.id)
        elif otype == _ATTACHMENT:
            # ``value``: the attachment as Discord describes it (filename, size, url: where
            # discord.py will download it from, e.g. the test's page server).
            attachment = {"id": str(self.world.snowflake()), "proxy_url": value["url"], **value}
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            value = attachment["id"]
        return {"name": name, "type": otype, "value": value}

    async def _interact(
        self,
        itype: int,
        data: dict[str, Any],
        user: UserRef,
        ch: Channel,
        *,
        message: dict[str, Any] | None = None,
        locale: str = "en-US",
    ) -> EmulatedInteraction:
        """Build the INTERACTION_CREATE payload Discord would send and dispatch it."""
        u = self._user(user)
        guild = self.world.guild_of(ch)
        interaction_id = self.world.snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        channel_payload = ch.payload()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "channel_id": str(ch.id),
            "channel": channel_payload,
            "app_permissions": str(self.world.bot_permissions(ch)),
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild is not None:
            if u.id not in guild.members:
                raise ValueError(f"{u.username} is not a member of {guild.name}")
            member = guild.members[u.id].payload()
            perms = guild.permissions_in(ch, u.id)
            member["permissions"] = str(perms)
            channel_payload["permissions"] = str(perms)
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": guild.locale, "features": []},
                guild_locale=guild.locale,
                member=member,
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,
            )
        else:
            payload.update(
                user=u.payload(),
                authorizing_integration_owners={"0": "0"},
                context=1 if ch.type == DM else 2,
            )
        if message is not None:
            payload["message"] = message
        inter = EmulatedInteraction(payload, self.world.notifier)
        inter.component_message = message
        self.world.interactions[token] = inter
        if not await self.gateway.dispatch("INTERACTION_CREATE", payload):
            log.warning("INTERACTION_CREATE not delivered: the client has not identified")
        return inter
