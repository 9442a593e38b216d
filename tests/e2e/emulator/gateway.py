"""The gateway websocket: HELLO/IDENTIFY/READY, heartbeats, dispatches, RESUME.

discord.py connects with ``?encoding=json&v=10&compress=zlib-stream``. When the
client asks for zlib-stream we answer like Discord does: one shared zlib
context per connection, each payload flushed with Z_SYNC_FLUSH (so it ends in
``00 00 ff ff``) and sent as a binary frame. That exercises the client's real
decompressor. Any other ``compress`` value gets plain JSON text frames, which
discord.py also accepts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from .state import (
    DM,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGE_REACTIONS,
    INTENT_GUILD_MESSAGES,
    INTENT_GUILDS,
    INTENT_MESSAGE_CONTENT,
    Guild,
)
from .world import World

log = logging.getLogger(__name__)

DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
PRESENCE = 3
RESUME = 6
RECONNECT = 7
REQUEST_MEMBERS = 8
INVALIDATE_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

_MESSAGE_EVENTS = {"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"}
_REACTION_EVENTS = {"MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE"}
_GUILD_EVENTS = {"CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE", "GUILD_ROLE_UPDATE"}


@dataclass
class GatewayConnection:
    """One websocket the client opened (a RESUME opens a new one)."""

    ws: web.WebSocketResponse
    path: str
    query: dict[str, str]
    opened_at: float
    compressor: Any | None = None
    send_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload, separators=(",", ":"))
        async with self.send_lock:
            if self.ws.closed:
                return
            try:
                if self.compressor is not None:
                    data = self.compressor.compress(text.encode()) + self.compressor.flush(
                        zlib.Z_SYNC_FLUSH
                    )
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
            except (ConnectionResetError, RuntimeError) as exc:
                log.debug("gateway send failed: %s", exc)


@dataclass
class GatewaySession:
    """A logical session: survives dropped sockets until RESUMEd."""

    id: str
    identify: dict[str, Any]
    intents: int
    seq: int = 0
    #: Every dispatch frame sent in this session, for RESUME replay.
    backlog: list[dict[str, Any]] = field(default_factory=list)
    connection: GatewayConnection | None = None


class Gateway:
    """Serves ``/gateway`` websockets for the emulator."""

    def __init__(self, world: World, *, heartbeat_interval_ms: int = 41250) -> None:
        self.world = world
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.url = ""
        self.resume_url = ""
        self.sessions: dict[str, GatewaySession] = {}
        self.session: GatewaySession | None = None
        self.connections: list[GatewayConnection] = []
        #: Raw IDENTIFY ``d`` payloads (token included; it is a fake token).
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.presence_updates: list[dict[str, Any]] = []
        self.member_requests: list[dict[str, Any]] = []
        self.heartbeats = 0
        self._lock = asyncio.Lock()
        self._open: set[web.WebSocketResponse] = set()

    # -- public helpers ------------------------------------------------------------

    @property
    def connected(self) -> bool:
        s = self.session
        return bool(s and s.connection and not s.connection.ws.closed)

    @property
    def intents(self) -> int:
        return self.session.intents if self.session else 0

    async def dispatch(self, event: str, data: dict[str, Any]) -> bool:
        """Send (or buffer, if disconnected) a dispatch; False if intents filter it."""
        session = self.session
        if session is None:
            log.debug("no identified session; dropping %s", event)
            return False
        if not self._wanted(session, event, data):
            return False
        data = self._apply_content_intent(session, event, data)
        async with self._lock:
            session.seq += 1
            frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
            session.backlog.append(frame)
            conn = session.connection
            if conn is not None:
                await conn.send(frame)
        return True

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the current socket with a resumable code; the session survives."""
        session = self.session
        if session is None or session.connection is None:
            raise RuntimeError("no gateway connection to drop")
        conn = session.connection
        session.connection = None
        log.info("dropping gateway connection with code %s", code)
        await conn.ws.close(code=code, message=b"emulator dropped the connection")

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT, as Discord does before maintenance."""
        if self.session and self.session.connection:
            await self.session.connection.send({"op": RECONNECT, "d": None})

    async def close(self) -> None:
        for ws in list(self._open):
            with contextlib.suppress(Exception):
                await ws.close(code=WSCloseCode.GOING_AWAY, message=b"emulator shutting down")

    # -- websocket handler ------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0, timeout=2.0)
        await ws.prepare(request)
        query = dict(request.query)
        conn = GatewayConnection(ws, request.path, query, time.monotonic())
        if query.get("compress") == "zlib-stream":
            conn.compressor = zlib.compressobj()
        self.connections.append(conn)
        self._open.add(ws)
        log.debug("gateway connection opened %s %s", request.path, query)
        try:
            if query.get("encoding", "json") != "json":
                await ws.close(code=4002, message=b"Error while decoding payload.")
                return ws
            await conn.send(
                {
                    "op": HELLO,
                    "d": {"heartbeat_interval": self.heartbeat_interval_ms},
                    "s": None,
                    "t": None,
                }
            )
            async for msg in ws:
                if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    break
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                if not await self._handle_op(conn, payload):
                    break
        finally:
            self._open.discard(ws)
            for session in self.sessions.values():
                if session.connection is conn:
                    session.connection = None
            self.world.notifier.notify()
            log.debug("gateway connection closed (%s)", ws.close_code)
        return ws

    async def _handle_op(self, conn: GatewayConnection, payload: dict[str, Any]) -> bool:
        op = payload.get("op")
        data = payload.get("d")
        if op == HEARTBEAT:
            self.heartbeats += 1
            await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            await self._identify(conn, data or {})
        elif op == RESUME:
            await self._resume(conn, data or {})
        elif op == REQUEST_MEMBERS:
            await self._request_members(data or {})
        elif op == PRESENCE:
            self.presence_updates.append(data or {})
        else:
            log.warning("unknown gateway opcode %s", op)
            await conn.ws.close(code=4001, message=b"Unknown opcode.")
            return False
        self.world.notifier.notify()
        return True

    async def _identify(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        self.identifies.append(data)
        session = GatewaySession(secrets.token_hex(16), data, int(data.get("intents", 0)))
        self.sessions[session.id] = session
        self.session = session
        session.connection = conn
        world = self.world
        my_guilds = [g for g in world.guilds.values() if world.bot_user.id in g.members]
        ready = {
            "v": 10,
            "user": {**world.bot_user.payload(), "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in my_guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_url,
            "application": {"id": str(world.application_id), "flags": world.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
            "guild_join_requests": [],
            "_trace": ['["newsbot-emulator"]'],
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await self.dispatch("READY", ready)
        for guild in my_guilds:
            await self.dispatch("GUILD_CREATE", self.guild_create_payload(guild))

    def guild_create_payload(self, guild: Guild) -> dict[str, Any]:
        """Without GUILD_MEMBERS, Discord only includes the bot's own member."""
        data = guild.payload(bot_user_id=self.world.bot_user.id)
        if not self.intents & INTENT_GUILD_MEMBERS:
            bot_id = str(self.world.bot_user.id)
            data["members"] = [m for m in data["members"] if m["user"]["id"] == bot_id]
        return data

    async def _resume(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        self.resumes.append(data)
        session = self.sessions.get(str(data.get("session_id")))
        if session is None:
            await conn.send({"op": INVALIDATE_SESSION, "d": False, "s": None, "t": None})
            return
        async with self._lock:
            last = int(data.get("seq") or 0)
            session.connection = conn
            self.session = session
            for frame in session.backlog:
                if frame["s"] > last:
                    await conn.send(frame)
        await self.dispatch("RESUMED", {"_trace": ['["newsbot-emulator"]']})

    async def _request_members(self, data: dict[str, Any]) -> None:
        self.member_requests.append(data)
        guild = self.world.guilds.get(int(data.get("guild_id", 0)))
        if guild is None:
            return
        members = list(guild.members.values())
        if data.get("user_ids"):
            wanted = {int(u) for u in data["user_ids"]}
            members = [m for m in members if m.user.id in wanted]
        elif data.get("query"):
            members = [m for m in members if m.user.username.startswith(data["query"])]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -- intents ---------------------------------------------------------------------

    def _wanted(self, session: GatewaySession, event: str, data: dict[str, Any]) -> bool:
        intents = session.intents
        is_dm = False
        if "channel_id" in data:
            channel = self.world.channels.get(int(data["channel_id"]))
            is_dm = channel is not None and channel.type == DM
        if event in _MESSAGE_EVENTS:
            return bool(intents & (INTENT_DIRECT_MESSAGES if is_dm else INTENT_GUILD_MESSAGES))
        if event in _REACTION_EVENTS:
            return bool(intents & ((1 << 13) if is_dm else INTENT_GUILD_MESSAGE_REACTIONS))
        if event in _GUILD_EVENTS:
            return bool(intents & INTENT_GUILDS)
        if event in {"GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"}:
            return bool(intents & INTENT_GUILD_MEMBERS)
        return True

    def _apply_content_intent(
        self, session: GatewaySession, event: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        """Without MESSAGE_CONTENT, Discord blanks content unless the bot is involved."""
        if event not in {"MESSAGE_CREATE", "MESSAGE_UPDATE"}:
            return data
        if session.intents & INTENT_MESSAGE_CONTENT:
            return data
        bot_id = str(self.world.bot_user.id)
        author = data.get("author", {}).get("id")
        mentioned = any(m.get("id") == bot_id for m in data.get("mentions", []))
        if author == bot_id or mentioned or "guild_id" not in data:
            return data
        return {**data, "content": "", "embeds": [], "attachments": [], "components": []}
