"""Everything the emulator knows and records, plus builders for Discord payloads."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from .state import (
    ALL_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    DM,
    GUILD_TEXT,
    VIEW_CHANNEL,
    Channel,
    Guild,
    Member,
    Notifier,
    ReactionEvent,
    RecordedRequest,
    Role,
    SnowflakeGenerator,
    TypingEvent,
    User,
    iso_now,
)

if TYPE_CHECKING:
    from .interactions import EmulatedInteraction

log = logging.getLogger(__name__)

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")

# Message types.
DEFAULT = 0
REPLY = 19
CHAT_INPUT_COMMAND = 20
CONTEXT_MENU_COMMAND = 23


class ApiError(Exception):
    """A Discord-style JSON error the REST layer turns into a response."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"message": self.message, "code": self.code}


def emoji_payload(emoji: str) -> dict[str, Any]:
    """``name:id`` (custom, as discord.py sends it) or a unicode emoji."""
    name, sep, emoji_id = emoji.rpartition(":")
    if sep and emoji_id.isdigit():
        return {"id": emoji_id, "name": name.removeprefix("a:")}
    return {"id": None, "name": emoji}


class World:
    """Guilds, users, messages, synced commands and every recorded call."""

    def __init__(self, *, bot_name: str = "NewsBot") -> None:
        self.snowflake = SnowflakeGenerator()
        self.notifier = Notifier()
        self.base_url = ""
        self.bot_user = User(self.snowflake(), bot_name, bot=True)
        # Modern bots share the application's id.
        self.application_id = self.bot_user.id
        # GATEWAY_GUILD_MEMBERS_LIMITED | GATEWAY_MESSAGE_CONTENT_LIMITED
        # | APPLICATION_COMMAND_BADGE
        self.application_flags = (1 << 15) | (1 << 19) | (1 << 23)
        self.owner = User(self.snowflake(), "app-owner")
        self.users: dict[int, User] = {self.bot_user.id: self.bot_user, self.owner.id: self.owner}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.channel_messages: dict[int, list[int]] = {}
        self.global_commands: dict[int, dict[str, Any]] = {}
        self.guild_commands: dict[int, dict[int, dict[str, Any]]] = {}
        #: (guild_id or None, the command list PUT) for every bulk overwrite.
        self.command_syncs: list[tuple[int | None, list[dict[str, Any]]]] = []
        self.requests: list[RecordedRequest] = []
        self.reactions: list[ReactionEvent] = []
        self.typing: list[TypingEvent] = []
        self.interactions: dict[str, EmulatedInteraction] = {}
        # Discord forgets an interaction whose first response comes later than this.
        self.interaction_response_window = 3.0
        #: (message id, emoji id or name) -> user ids who reacted.
        self.reaction_users: dict[tuple[int, str], list[int]] = {}

    # -- lookups -----------------------------------------------------------------

    def user(self, user_id: int) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise ApiError(404, 10013, "Unknown User") from None

    def guild(self, guild_id: int) -> Guild:
        try:
            return self.guilds[guild_id]
        except KeyError:
            raise ApiError(404, 10004, "Unknown Guild") from None

    def channel(self, channel_id: int) -> Channel:
        try:
            return self.channels[channel_id]
        except KeyError:
            raise ApiError(404, 10003, "Unknown Channel") from None

    def message(self, channel_id: int, message_id: int) -> dict[str, Any]:
        msg = self.messages.get(message_id)
        if msg is None or int(msg["channel_id"]) != channel_id:
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    def guild_of(self, channel: Channel) -> Guild | None:
        return self.guilds.get(channel.guild_id) if channel.guild_id is not None else None

    def bot_permissions(self, channel: Channel) -> int:
        guild = self.guild_of(channel)
        if guild is None:
            return ALL_PERMISSIONS
        return guild.permissions_in(channel, self.bot_user.id)

    def require(self, channel: Channel, permissions: int) -> None:
        """Raise Discord's 50001/50013 if the bot lacks ``permissions`` in ``channel``."""
        have = self.bot_permissions(channel)
        if not have & VIEW_CHANNEL:
            raise ApiError(403, 50001, "Missing Access")
        if have & permissions != permissions:
            raise ApiError(403, 50013, "Missing Permissions")

    def commands_for(self, guild_id: int | None) -> dict[int, dict[str, Any]]:
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.setdefault(guild_id, {})

    def find_command(self, name: str, cmd_type: int, guild_id: int | None) -> dict[str, Any]:
        """Guild commands shadow global ones, as in the Discord client."""
        scopes = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for cmd in self.commands_for(scope).values():
                if cmd["name"] == name and cmd.get("type", 1) == cmd_type:
                    return cmd
        synced = [c["name"] for s in scopes for c in self.commands_for(s).values()]
        raise KeyError(f"command {name!r} (type {cmd_type}) was never synced; synced: {synced}")

    # -- payload builders ----------------------------------------------------------

    def application_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": self.bot_user.username,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": self.application_flags,
            "owner": self.owner.payload(),
            "team": None,
            "bot": self.bot_user.payload(),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "tags": [],
            "approximate_guild_count": len(self.guilds),
            "integration_types_config": {"0": {}},
        }

    def user_with_member(self, user: User, guild: Guild | None) -> dict[str, Any]:
        data = user.payload()
        if guild is not None and user.id in guild.members:
            data["member"] = guild.members[user.id].payload(with_user=False)
        return data

    def build_message(
        self,
        channel: Channel,
        author: User,
        body: dict[str, Any],
        *,
        msg_type: int = DEFAULT,
        attachments: list[dict[str, Any]] | None = None,
        include_guild: bool = True,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A full message object from a create-message style ``body``."""
        guild = self.guild_of(channel)
        content = body.get("content") or ""
        mention_ids = [int(m) for m in _USER_MENTION.findall(content)]
        mention_ids += [int(m) for m in body.get("_mentions", [])]
        mentions = [
            self.user_with_member(self.users[uid], guild)
            for uid in dict.fromkeys(mention_ids)
            if uid in self.users
        ]
        msg: dict[str, Any] = {
            "id": str(self.snowflake()),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": content,
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": "@everyone" in content,
            "mentions": mentions,
            "mention_roles": list(dict.fromkeys(_ROLE_MENTION.findall(content))),
            "attachments": attachments or [],
            "embeds": list(body.get("embeds") or []),
            "components": list(body.get("components") or []),
            "pinned": False,
            "type": msg_type,
            "flags": int(body.get("flags") or 0),
        }
        if body.get("nonce") is not None:
            msg["nonce"] = body["nonce"]
        if body.get("sticker_ids"):
            msg["sticker_items"] = []
        ref = body.get("message_reference")
        if ref and ref.get("message_id"):
            ref_id = int(ref["message_id"])
            ref_channel = int(ref.get("channel_id") or channel.id)
            referenced = self.messages.get(ref_id)
            if referenced is None and ref.get("fail_if_not_exists", True):
                raise ApiError(400, 50035, "Invalid Form Body")
            msg["message_reference"] = {
                "type": ref.get("type", 0),
                "message_id": str(ref_id),
                "channel_id": str(ref_channel),
            }
            if guild is not None:
                msg["message_reference"]["guild_id"] = str(guild.id)
            msg["referenced_message"] = referenced
            if msg_type == DEFAULT:
                msg["type"] = REPLY
        if guild is not None and include_guild:
            msg["guild_id"] = str(guild.id)
            if author.id in guild.members:
                msg["member"] = guild.members[author.id].payload(with_user=False)
        if extra:
            msg.update(extra)
        return msg

    def store_message(self, msg: dict[str, Any], *, visible: bool = True) -> dict[str, Any]:
        """Keep a message so GET works; ``visible`` puts it in the channel history."""
        mid = int(msg["id"])
        self.messages[mid] = msg
        if visible:
            self.channel_messages.setdefault(int(msg["channel_id"]), []).append(mid)
        self.notifier.notify()
        return msg

    def messages_in(self, channel_id: int) -> list[dict[str, Any]]:
        ids = self.channel_messages.get(channel_id, [])
        return [self.messages[i] for i in ids if i in self.messages]

    def dm_channel_for(self, user: User) -> Channel:
        for channel in self.channels.values():
            if channel.type == DM and channel.recipients and channel.recipients[0].id == user.id:
                return channel
        channel = Channel(id=self.snowflake(), name="", type=DM, recipients=[user])
        self.channels[channel.id] = channel
        return channel

    # -- world building ---------------------------------------------------------------

    def add_user(self, name: str, *, bot: bool = False) -> User:
        user = User(self.snowflake(), name, bot=bot, global_name=name.title())
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, owner: User, *, bot_permissions: int) -> Guild:
        guild = Guild(id=self.snowflake(), name=name, owner_id=owner.id)
        guild.roles[guild.id] = Role(guild.id, guild.id, "@everyone", DEFAULT_EVERYONE_PERMISSIONS)
        bot_role = Role(
            self.snowflake(),
            guild.id,
            self.bot_user.username,
            bot_permissions,
            position=1,
            managed=True,
            bot_id=self.bot_user.id,
        )
        guild.roles[bot_role.id] = bot_role
        guild.members[owner.id] = Member(owner, guild.id)
        guild.members[self.bot_user.id] = Member(self.bot_user, guild.id, roles=[bot_role.id])
        self.guilds[guild.id] = guild
        return guild

    def add_channel(self, guild: Guild, name: str, *, channel_type: int = GUILD_TEXT) -> Channel:
        channel = Channel(
            id=self.snowflake(),
            name=name,
            guild_id=guild.id,
            type=channel_type,
            position=len(guild.channels),
        )
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel
