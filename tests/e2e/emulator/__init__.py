"""A small Discord API emulator (REST + gateway) for end-to-end tests.

The real, unmodified discord.py client connects to it on 127.0.0.1; see
:class:`DiscordEmulator` for the test-facing API.
"""

from .interactions import EmulatedInteraction, InteractionCall
from .rest import Fault
from .server import DiscordEmulator, DiscordPatch, Scenario
from .state import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    EPHEMERAL,
    LOADING,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    Channel,
    EmulatorTimeoutError,
    Guild,
    Member,
    Overwrite,
    ReactionEvent,
    RecordedRequest,
    Role,
    TypingEvent,
    User,
)
from .world import ApiError, World

__all__ = [
    "ADMINISTRATOR",
    "ALL_PERMISSIONS",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "EPHEMERAL",
    "LOADING",
    "SEND_MESSAGES",
    "VIEW_CHANNEL",
    "ApiError",
    "Channel",
    "DiscordEmulator",
    "DiscordPatch",
    "EmulatedInteraction",
    "EmulatorTimeoutError",
    "Fault",
    "Guild",
    "InteractionCall",
    "Member",
    "Overwrite",
    "ReactionEvent",
    "RecordedRequest",
    "Role",
    "Scenario",
    "TypingEvent",
    "User",
    "World",
]
