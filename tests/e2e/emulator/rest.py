"""REST routes under ``/api/v10``, recording every request.

Unknown routes get Discord's 404 JSON and are flagged ``unexpected`` so a test
can fail on calls nobody anticipated. Every response carries rate-limit
headers; :class:`Fault` injects 429s (with the ``Via`` header discord.py needs
to treat it as a real Discord rate limit rather than a Cloudflare ban) or 403s.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from . import interactions as itx
from .gateway import Gateway
from .interactions import EmulatedInteraction
from .state import (
    ADD_REACTIONS,
    CREATE_PUBLIC_THREADS,
    EPHEMERAL,
    LOADING,
    MANAGE_MESSAGES,
    PUBLIC_THREAD,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    Channel,
    ReactionEvent,
    RecordedRequest,
    TypingEvent,
    iso_now,
)
from .world import CHAT_INPUT_COMMAND, CONTEXT_MENU_COMMAND, ApiError, World, emoji_payload

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
BODY = web.RequestKey("body", object)
FILES = web.RequestKey("files", list)


@dataclass
class Fault:
    """An injected failure for requests matching ``method`` and ``route``.

    ``route`` is either a route template as recorded (``/channels/{channel_id}/messages``)
    or a regular expression matched against the concrete path.
    """

    method: str | None
    route: str
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int | None = 1
    hits: int = 0

    def matches(self, method: str, route: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method.upper() != method:
            return False
        return self.route == route or re.fullmatch(self.route, path) is not None


def _json(data: Any, status: int = 200) -> web.Response:
    """JSON with exactly ``Content-Type: application/json``.

    discord.py's ``json_or_text`` compares the header for equality, so aiohttp's
    default ``application/json; charset=utf-8`` would be read as plain text.
    """
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json"})


def _body(request: web.Request) -> dict[str, Any]:
    """The parsed JSON object body (``{}`` if absent or not an object)."""
    body = request[BODY]
    return body if isinstance(body, dict) else {}


def _no_content() -> web.Response:
    return web.Response(status=204)


class RestApi:
    """aiohttp handlers for the subset of Discord's REST API the bot uses."""

    def __init__(self, world: World, gateway: Gateway) -> None:
        self.world = world
        self.gateway = gateway
        self.faults: list[Fault] = []

    # -- wiring ----------------------------------------------------------------------

    def routes(self) -> list[tuple[str, str, Handler]]:
        w = "/webhooks/{application_id}/{token}"
        return [
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", "/users/@me", self.get_me),
            ("POST", "/users/@me/channels", self.create_dm),
            ("GET", "/users/{user_id}", self.get_user),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/applications/{application_id}/commands", self.get_commands),
            ("PUT", "/applications/{application_id}/commands", self.put_commands),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self.get_commands),
            ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self.put_commands),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("GET", "/channels/{channel_id}/messages", self.get_messages),
            ("POST", "/channels/{channel_id}/messages", self.create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            ("POST", "/channels/{channel_id}/typing", self.typing),
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads",
             self.start_thread_from_message),
            (
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self.add_reaction,
            ),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self.remove_reaction,
            ),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback),
            ("POST", w, self.create_followup),
            ("GET", w + "/messages/{message_id}", self.get_webhook_message),
            ("PATCH", w + "/messages/{message_id}", self.edit_webhook_message),
            ("DELETE", w + "/messages/{message_id}", self.delete_webhook_message),
            ("GET", "/guilds/{guild_id}", self.get_guild),
            ("GET", "/guilds/{guild_id}/channels", self.get_guild_channels),
            ("GET", "/guilds/{guild_id}/roles", self.get_roles),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member),
        ]

    def install(self, app: web.Application) -> None:
        for method, path, handler in self.routes():
            app.router.add_route(method, API_PREFIX + path, handler)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self.unknown_route)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Parse and record the request, apply faults, add rate-limit headers."""
        if not request.path.startswith(API_PREFIX + "/"):
            return await handler(request)
        body, files = await self._parse_body(request)
        request[BODY] = body
        request[FILES] = files
        resource = request.match_info.route.resource
        canonical = resource.canonical if resource is not None else request.path
        unexpected = canonical.endswith("{tail:.*}") or handler is self.unknown_route
        path = request.path[len(API_PREFIX) :]
        route = path if unexpected else canonical[len(API_PREFIX) :]
        record = RecordedRequest(
            method=request.method,
            path=path,
            route=route,
            params={k: unquote(v) for k, v in request.match_info.items()},
            query=dict(request.query),
            json=body,
            files=files,
            reason=request.headers.get("X-Audit-Log-Reason"),
            at=time.monotonic(),
            unexpected=unexpected,
        )
        response: web.StreamResponse
        fault = next((f for f in self.faults if f.matches(request.method, route, path)), None)
        if fault is not None:
            fault.hits += 1
            log.info("injecting %s for %s %s", fault.status, request.method, path)
            response = _json(fault.body, fault.status)
            response.headers.update(fault.headers)
        else:
            try:
                response = await handler(request)
            except ApiError as exc:
                response = _json(exc.body(), exc.status)
            self._rate_limit_headers(response, route)
        record.status = response.status
        if unexpected:
            log.warning("unexpected Discord API call: %s %s", request.method, path)
        self.world.requests.append(record)
        self.world.notifier.notify()
        return response

    async def _parse_body(self, request: web.Request) -> tuple[Any, list[dict[str, Any]]]:
        """JSON body, or multipart ``payload_json`` plus file parts."""
        if not request.can_read_body:
            return None, []
        ctype = request.content_type
        if ctype == "multipart/form-data":
            body: Any = None
            files: list[dict[str, Any]] = []
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not hasattr(part, "name"):
                    continue
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(data)
                else:
                    files.append(
                        {
                            "field": part.name,  # type: ignore[union-attr]
                            "filename": part.filename,  # type: ignore[union-attr]
                            "content_type": part.headers.get("Content-Type"),
                            "size": len(data),
                            "data": bytes(data),
                        }
                    )
            return body, files
        raw = await request.read()
        if not raw:
            return None, []
        try:
            return json.loads(raw), []
        except ValueError:
            return raw.decode(errors="replace"), []

    @staticmethod
    def _rate_limit_headers(response: web.StreamResponse, route: str) -> None:
        if "X-RateLimit-Limit" in response.headers:
            return
        response.headers.update(
            {
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "4",
                "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
                "X-RateLimit-Reset-After": "1.000",
                "X-RateLimit-Bucket": hashlib.md5(route.encode()).hexdigest(),
            }
        )

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _int(request: web.Request, name: str) -> int:
        try:
            return int(request.match_info[name])
        except ValueError:
            raise ApiError(400, 50035, "Invalid Form Body") from None

    def _attachments(self, request: web.Request, channel_id: int) -> list[dict[str, Any]]:
        body = _body(request)
        files = request[FILES]
        described = {str(a.get("id")): a for a in body.get("attachments", []) or []}
        result = []
        for index, f in enumerate(files):
            meta = described.get(str(index), {})
            att_id = self.world.snowflake()
            filename = meta.get("filename") or f["filename"]
            url = f"{self.world.base_url}/attachments/{channel_id}/{att_id}/{filename}"
            att = {
                "id": str(att_id),
                "filename": filename,
                "size": f["size"],
                "url": url,
                "proxy_url": url,
                "content_type": f["content_type"] or "application/octet-stream",
            }
            if meta.get("description"):
                att["description"] = meta["description"]
            result.append(att)
        # Attachments kept from an earlier version of the message (edits).
        for a in body.get("attachments", []) or []:
            if "url" in a:
                result.append(a)
        return result

    async def _dispatch_message(self, event: str, msg: dict[str, Any]) -> None:
        if int(msg.get("flags", 0)) & EPHEMERAL:
            return
        await self.gateway.dispatch(event, msg)

    @staticmethod
    def _apply_edit(msg: dict[str, Any], body: dict[str, Any], attachments: list[Any]) -> None:
        for key in ("content", "embeds", "components"):
            if key in body:
                msg[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if "attachments" in body or attachments:
            msg["attachments"] = attachments
        if "flags" in body and body["flags"] is not None:
            msg["flags"] = (int(msg.get("flags", 0)) & EPHEMERAL) | int(body["flags"])
        msg["flags"] = int(msg.get("flags", 0)) & ~LOADING
        msg["edited_timestamp"] = iso_now()

    # -- misc ------------------------------------------------------------------------------

    async def unknown_route(self, request: web.Request) -> web.Response:
        return _json({"message": "404: Not Found", "code": 0}, 404)

    async def get_gateway(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway.url})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        return _json(
            {
                "url": self.gateway.url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    async def get_me(self, request: web.Request) -> web.Response:
        me = self.world.bot_user.payload()
        me.update(verified=True, mfa_enabled=False, locale="en-US", email=None)
        return _json(me)

    async def get_user(self, request: web.Request) -> web.Response:
        return _json(self.world.user(self._int(request, "user_id")).payload())

    async def create_dm(self, request: web.Request) -> web.Response:
        body = _body(request)
        user = self.world.user(int(body.get("recipient_id", 0)))
        return _json(self.world.dm_channel_for(user).payload())

    async def get_application(self, request: web.Request) -> web.Response:
        return _json(self.world.application_payload())

    # -- application commands -------------------------------------------------------

    def _check_app(self, request: web.Request) -> int | None:
        if self._int(request, "application_id") != self.world.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" in request.match_info:
            guild = self.world.guild(self._int(request, "guild_id"))
            if self.world.bot_user.id not in guild.members:
                raise ApiError(403, 50001, "Missing Access")
            return guild.id
        return None

    async def get_commands(self, request: web.Request) -> web.Response:
        guild_id = self._check_app(request)
        return _json(list(self.world.commands_for(guild_id).values()))

    async def put_commands(self, request: web.Request) -> web.Response:
        """Bulk overwrite; ids survive for commands with the same name and type."""
        guild_id = self._check_app(request)
        body = request[BODY]
        if not isinstance(body, list):
            raise ApiError(400, 50035, "Invalid Form Body")
        store = self.world.commands_for(guild_id)
        previous = {(c["name"], c.get("type", 1)): c for c in store.values()}
        store.clear()
        for raw in body:
            ctype = raw.get("type", 1)
            old = previous.get((raw["name"], ctype))
            cmd = {
                "id": old["id"] if old else str(self.world.snowflake()),
                "application_id": str(self.world.application_id),
                "version": str(self.world.snowflake()),
                "type": ctype,
                "name": raw["name"],
                "description": raw.get("description", ""),
                "options": raw.get("options", []),
                "default_member_permissions": raw.get("default_member_permissions"),
                "dm_permission": raw.get("dm_permission", True),
                "nsfw": raw.get("nsfw", False),
                "contexts": raw.get("contexts"),
                "integration_types": raw.get("integration_types", [0]),
                "name_localizations": raw.get("name_localizations"),
                "description_localizations": raw.get("description_localizations"),
            }
            if guild_id is not None:
                cmd["guild_id"] = str(guild_id)
            store[int(cmd["id"])] = cmd
        self.world.command_syncs.append((guild_id, body))
        return _json(list(store.values()))

    # -- channels & messages ----------------------------------------------------------

    async def get_channel(self, request: web.Request) -> web.Response:
        return _json(self.world.channel(self._int(request, "channel_id")).payload())

    async def get_messages(self, request: web.Request) -> web.Response:
        channel = self.world.channel(self._int(request, "channel_id"))
        self.world.require(channel, READ_MESSAGE_HISTORY)
        msgs = list(reversed(self.world.messages_in(channel.id)))  # newest first
        before = request.query.get("before")
        after = request.query.get("after")
        if before:
            msgs = [m for m in msgs if int(m["id"]) < int(before)]
        if after:
            msgs = [m for m in msgs if int(m["id"]) > int(after)]
        limit = int(request.query.get("limit", 50))
        return _json(msgs[:limit])

    async def create_message(self, request: web.Request) -> web.Response:
        channel = self.world.channel(self._int(request, "channel_id"))
        self.world.require(channel, SEND_MESSAGES)
        body = _body(request)
        attachments = self._attachments(request, channel.id)
        if not (
            body.get("content")
            or body.get("embeds")
            or attachments
            or body.get("components")
            or body.get("sticker_ids")
            or body.get("poll")
        ):
            raise ApiError(400, 50006, "Cannot send an empty message")
        if len(body.get("content") or "") > 2000 or len(body.get("embeds") or []) > 10:
            raise ApiError(400, 50035, "Invalid Form Body")
        msg = self.world.build_message(channel, self.world.bot_user, body, attachments=attachments)
        self.world.store_message(msg)
        await self._dispatch_message("MESSAGE_CREATE", msg)
        # Discord's REST answer omits guild_id and member.
        response = dict(msg)
        response.pop("guild_id", None)
        response.pop("member", None)
        return _json(response)

    async def start_thread_from_message(self, request: web.Request) -> web.Response:
        """A public thread on a message (the subset of Discord's route the bot uses)."""
        channel = self.world.channel(self._int(request, "channel_id"))
        self.world.require(channel, CREATE_PUBLIC_THREADS)
        message_id = self._int(request, "message_id")
        self.world.message(channel.id, message_id)
        name = str(_body(request).get("name") or "")
        if not 1 <= len(name) <= 100:
            raise ApiError(400, 50035, "Invalid Form Body")
        guild = self.world.guild(channel.guild_id or 0)
        thread = self.world.add_channel(guild, name, channel_type=PUBLIC_THREAD)
        thread.parent_id, thread.owner_id = channel.id, self.world.bot_user.id
        thread.source_message_id = message_id
        await self.gateway.dispatch("THREAD_CREATE", {**thread.payload(), "newly_created": True})
        return _json(thread.payload())

    async def get_message(self, request: web.Request) -> web.Response:
        msg = self.world.message(self._int(request, "channel_id"), self._int(request, "message_id"))
        if int(msg.get("flags", 0)) & EPHEMERAL:
            # Only the interaction's webhook routes can read an ephemeral message.
            raise ApiError(404, 10008, "Unknown Message")
        return _json(msg)

    async def edit_message(self, request: web.Request) -> web.Response:
        channel = self.world.channel(self._int(request, "channel_id"))
        msg = self.world.message(channel.id, self._int(request, "message_id"))
        body = _body(request)
        if msg["author"]["id"] != str(self.world.bot_user.id) and set(body) - {"flags"}:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        self._apply_edit(msg, body, self._attachments(request, channel.id))
        self.world.notifier.notify()
        await self._dispatch_message("MESSAGE_UPDATE", msg)
        return _json(msg)

    async def delete_message(self, request: web.Request) -> web.Response:
        channel = self.world.channel(self._int(request, "channel_id"))
        msg = self.world.message(channel.id, self._int(request, "message_id"))
        if msg["author"]["id"] != str(self.world.bot_user.id):
            self.world.require(channel, MANAGE_MESSAGES)
        await self._delete(msg)
        return _no_content()

    async def _delete(self, msg: dict[str, Any]) -> None:
        mid = int(msg["id"])
        channel_id = int(msg["channel_id"])
        self.world.messages.pop(mid, None)
        ids = self.world.channel_messages.get(channel_id, [])
        if mid in ids:
            ids.remove(mid)
        self.world.notifier.notify()
        event = {"id": str(mid), "channel_id": str(channel_id)}
        if "guild_id" in msg:
            event["guild_id"] = msg["guild_id"]
        if not int(msg.get("flags", 0)) & EPHEMERAL:
            await self.gateway.dispatch("MESSAGE_DELETE", event)

    async def typing(self, request: web.Request) -> web.Response:
        channel = self.world.channel(self._int(request, "channel_id"))
        self.world.require(channel, SEND_MESSAGES)
        self.world.typing.append(TypingEvent(channel.id, self.world.bot_user.id, time.monotonic()))
        return _no_content()

    async def _reaction(self, request: web.Request, action: str) -> web.Response:
        channel = self.world.channel(self._int(request, "channel_id"))
        msg = self.world.message(channel.id, self._int(request, "message_id"))
        emoji = unquote(request.match_info["emoji"])
        if action == "add":
            self.world.require(channel, ADD_REACTIONS | READ_MESSAGE_HISTORY)
        await apply_reaction(
            self.world,
            self.gateway,
            msg,
            user_id=self.world.bot_user.id,
            emoji=emoji,
            action=action,
        )
        return _no_content()

    async def add_reaction(self, request: web.Request) -> web.Response:
        return await self._reaction(request, "add")

    async def remove_reaction(self, request: web.Request) -> web.Response:
        return await self._reaction(request, "remove")

    # -- guilds ------------------------------------------------------------------------

    async def get_guild(self, request: web.Request) -> web.Response:
        guild = self.world.guild(self._int(request, "guild_id"))
        data = guild.payload(bot_user_id=self.world.bot_user.id)
        for key in (
            "members",
            "channels",
            "threads",
            "presences",
            "voice_states",
            "joined_at",
            "large",
            "member_count",
            "unavailable",
            "stage_instances",
            "guild_scheduled_events",
            "soundboard_sounds",
        ):
            data.pop(key, None)
        return _json(data)

    async def get_guild_channels(self, request: web.Request) -> web.Response:
        guild = self.world.guild(self._int(request, "guild_id"))
        return _json([c.payload() for c in guild.channels.values()])

    async def get_roles(self, request: web.Request) -> web.Response:
        guild = self.world.guild(self._int(request, "guild_id"))
        return _json([r.payload() for r in guild.roles.values()])

    async def get_member(self, request: web.Request) -> web.Response:
        guild = self.world.guild(self._int(request, "guild_id"))
        member = guild.members.get(self._int(request, "user_id"))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return _json(member.payload())

    # -- interactions ---------------------------------------------------------------------

    def _interaction(self, request: web.Request) -> EmulatedInteraction:
        inter = self.world.interactions.get(unquote(request.match_info["token"]))
        if inter is None:
            if "interaction_id" in request.match_info:
                raise ApiError(404, 10062, "Unknown interaction")
            raise ApiError(404, 10015, "Unknown Webhook")
        if (
            "interaction_id" in request.match_info
            and self._int(request, "interaction_id") != inter.id
        ):
            raise ApiError(404, 10062, "Unknown interaction")
        if "application_id" in request.match_info and (
            self._int(request, "application_id") != self.world.application_id
        ):
            raise ApiError(404, 10015, "Unknown Webhook")
        return inter

    def _interaction_message(
        self, inter: EmulatedInteraction, body: dict[str, Any], request: web.Request, flags: int = 0
    ) -> dict[str, Any]:
        channel = self.world.channel(inter.channel_id)
        msg_type = CHAT_INPUT_COMMAND if inter.data.get("type", 1) == 1 else CONTEXT_MENU_COMMAND
        payload = inter.payload
        user = payload.get("member", {}).get("user") or payload.get("user")
        extra = {
            "webhook_id": str(self.world.application_id),
            "application_id": str(self.world.application_id),
            "interaction_metadata": {
                "id": str(inter.id),
                "type": inter.type,
                "user": user,
                "authorizing_integration_owners": payload.get("authorizing_integration_owners", {}),
            },
        }
        if inter.type == 3:
            msg_type = 0
        body = {**body, "flags": int(body.get("flags") or 0) | flags}
        body.pop("message_reference", None)
        return self.world.build_message(
            channel,
            self.world.bot_user,
            body,
            msg_type=msg_type,
            attachments=self._attachments(request, channel.id),
            extra=extra,
        )

    async def interaction_callback(  # noqa: C901  Discord's callback types, one branch each
            self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        if inter.callback is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - inter.dispatched_at > self.world.interaction_response_window:
            raise ApiError(404, 10062, "Unknown interaction")
        body = _body(request)
        ctype = int(body.get("type", 0))
        data = body.get("data") or {}
        message: dict[str, Any] | None = None
        if ctype == itx.CHANNEL_MESSAGE_WITH_SOURCE:
            message = self._interaction_message(inter, data, request)
        elif ctype == itx.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE:
            flags = int(data.get("flags") or 0) & EPHEMERAL
            message = self._interaction_message(inter, {"content": ""}, request, flags | LOADING)
        elif ctype in (itx.DEFERRED_UPDATE_MESSAGE, itx.UPDATE_MESSAGE):
            if inter.type != 3 or inter.component_message is None:
                raise ApiError(400, 40043, "Interaction callback type not allowed")
            if ctype == itx.UPDATE_MESSAGE:
                message = inter.component_message
                self._apply_edit(message, data, self._attachments(request, inter.channel_id))
        elif ctype == itx.APPLICATION_COMMAND_AUTOCOMPLETE_RESULT:
            if inter.type != 4:
                raise ApiError(400, 40043, "Interaction callback type not allowed")
            if len(data.get("choices", [])) > 25:
                raise ApiError(400, 50035, "Invalid Form Body")
        elif ctype == itx.MODAL:
            if inter.type in (4, 5):
                raise ApiError(400, 40043, "Interaction callback type not allowed")
        else:
            raise ApiError(400, 50035, "Invalid Form Body")

        if ctype in (itx.CHANNEL_MESSAGE_WITH_SOURCE, itx.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE):
            assert message is not None
            inter.original = message
            visible = not int(message["flags"]) & EPHEMERAL
            self.world.store_message(message, visible=visible)
            await self._dispatch_message("MESSAGE_CREATE", message)
        elif ctype == itx.UPDATE_MESSAGE and message is not None:
            await self._dispatch_message("MESSAGE_UPDATE", message)
        inter.record("callback", body, message=message, callback_type=ctype)

        if request.query.get("with_response") not in ("1", "true", "True"):
            return _no_content()
        result: dict[str, Any] = {
            "interaction": {
                "id": str(inter.id),
                "type": inter.type,
                "response_message_loading": ctype == itx.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
                "response_message_ephemeral": bool(message and int(message["flags"]) & EPHEMERAL),
            },
            "resource": {"type": ctype},
        }
        if message is not None:
            result["interaction"]["response_message_id"] = message["id"]
            result["resource"]["message"] = message
        return _json(result)

    async def create_followup(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        if inter.callback is None:
            raise ApiError(404, 10015, "Unknown Webhook")
        body = _body(request)
        original = inter.original
        if original is not None and int(original.get("flags", 0)) & LOADING:
            # Discord: the first follow-up after a deferred reply replaces the
            # "thinking" message (keeping its ephemerality).
            self._apply_edit(
                original,
                {k: v for k, v in body.items() if k != "flags"},
                self._attachments(request, inter.channel_id),
            )
            message = original
            await self._dispatch_message("MESSAGE_UPDATE", message)
        else:
            message = self._interaction_message(inter, body, request)
            self.world.store_message(message, visible=not int(message["flags"]) & EPHEMERAL)
            await self._dispatch_message("MESSAGE_CREATE", message)
        inter.followups.append(message)
        inter.record("followup", body, message=message)
        if request.query.get("wait") in ("true", "1", "True"):
            return _json(message)
        return _no_content()

    def _webhook_message(self, inter: EmulatedInteraction, request: web.Request) -> dict[str, Any]:
        mid = request.match_info["message_id"]
        if mid == "@original":
            if inter.original is None:
                raise ApiError(404, 10008, "Unknown Message")
            return inter.original
        for msg in inter.followups:
            if msg["id"] == mid:
                return msg
        raise ApiError(404, 10008, "Unknown Message")

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        return _json(self._webhook_message(inter, request))

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        msg = self._webhook_message(inter, request)
        body = _body(request)
        self._apply_edit(msg, body, self._attachments(request, inter.channel_id))
        kind = (
            "edit_original" if request.match_info["message_id"] == "@original" else "edit_followup"
        )
        inter.record(kind, body, message=msg)
        await self._dispatch_message("MESSAGE_UPDATE", msg)
        return _json(msg)

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        msg = self._webhook_message(inter, request)
        original = request.match_info["message_id"] == "@original"
        if original:
            # A deleted "thinking" message is gone: the next follow-up is a new message
            # with its own flags (how bots turn a public defer into a private error).
            msg["flags"] = int(msg.get("flags", 0)) & ~LOADING
        await self._delete(msg)
        inter.record("delete_original" if original else "delete_followup", {}, message=msg)
        return _no_content()


async def apply_reaction(
    world: World, gateway: Gateway, msg: dict[str, Any], *, user_id: int, emoji: str, action: str
) -> None:
    """Record a reaction, keep the message's counts right and dispatch the event."""
    channel: Channel = world.channel(int(msg["channel_id"]))
    world.reactions.append(
        ReactionEvent(action, channel.id, int(msg["id"]), emoji, user_id, time.monotonic())
    )
    em = emoji_payload(emoji)
    users = world.reaction_users.setdefault((int(msg["id"]), str(em["id"] or em["name"])), [])
    if action == "add" and user_id not in users:
        users.append(user_id)
    elif action == "remove" and user_id in users:
        users.remove(user_id)
    reactions: list[dict[str, Any]] = msg.setdefault("reactions", [])
    entry = next((r for r in reactions if r["emoji"] == em), None)
    if entry is None and users:
        entry = {
            "emoji": em,
            "count": 0,
            "count_details": {"burst": 0, "normal": 0},
            "me": False,
            "me_burst": False,
            "burst_colors": [],
            "burst_count": 0,
        }
        reactions.append(entry)
    if entry is not None:
        entry["count"] = entry["count_details"]["normal"] = len(users)
        entry["me"] = world.bot_user.id in users
        if not users:
            reactions.remove(entry)
    world.notifier.notify()
    event: dict[str, Any] = {
        "user_id": str(user_id),
        "channel_id": str(channel.id),
        "message_id": msg["id"],
        "emoji": em,
        "burst": False,
        "type": 0,
    }
    guild = world.guild_of(channel)
    if guild is not None:
        event["guild_id"] = str(guild.id)
        if action == "add" and user_id in guild.members:
            event["member"] = guild.members[user_id].payload()
    if action == "add":
        event["message_author_id"] = msg["author"]["id"]
        event["burst_colors"] = []
    await gateway.dispatch(
        "MESSAGE_REACTION_ADD" if action == "add" else "MESSAGE_REACTION_REMOVE", event
    )
