# ruff: noqa: ASYNC109  # the wait helpers take a timeout on purpose: it is their API
"""Interactions the emulator delivered, and everything the bot answered to them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .state import EPHEMERAL, LOADING, Notifier

log = logging.getLogger(__name__)

# Interaction callback types.
PONG = 1
CHANNEL_MESSAGE_WITH_SOURCE = 4
DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8
MODAL = 9


@dataclass
class InteractionCall:
    """One thing the bot did for an interaction.

    ``kind`` is one of ``callback``, ``followup``, ``edit_original``,
    ``delete_original``, ``edit_followup``, ``delete_followup``.
    ``elapsed`` is seconds since the INTERACTION_CREATE was dispatched, which
    is what Discord's 3 second deadline is measured against.
    """

    kind: str
    body: dict[str, Any]
    at: float
    elapsed: float
    message: dict[str, Any] | None = None
    callback_type: int | None = None


class EmulatedInteraction:
    """An INTERACTION_CREATE the emulator sent, with the bot's answers recorded."""

    def __init__(self, payload: dict[str, Any], notifier: Notifier) -> None:
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.data: dict[str, Any] = payload.get("data", {})
        self.channel_id = int(payload["channel_id"])
        self.dispatched_at = time.monotonic()
        self.calls: list[InteractionCall] = []
        #: The original response message (None until a message callback/defer).
        self.original: dict[str, Any] | None = None
        self.followups: list[dict[str, Any]] = []
        #: For component interactions, the message whose component was used.
        self.component_message: dict[str, Any] | None = None
        self._notifier = notifier

    def __repr__(self) -> str:
        name = self.data.get("name") or self.data.get("custom_id")
        return f"<EmulatedInteraction id={self.id} type={self.type} name={name!r}>"

    def record(
        self,
        kind: str,
        body: dict[str, Any],
        *,
        message: dict[str, Any] | None = None,
        callback_type: int | None = None,
    ) -> InteractionCall:
        now = time.monotonic()
        call = InteractionCall(kind, body, now, now - self.dispatched_at, message, callback_type)
        self.calls.append(call)
        self._notifier.notify()
        return call

    # -- what the bot answered ------------------------------------------------------

    @property
    def callback(self) -> InteractionCall | None:
        """The initial response (Discord allows exactly one)."""
        return next((c for c in self.calls if c.kind == "callback"), None)

    @property
    def response_type(self) -> int | None:
        cb = self.callback
        return cb.callback_type if cb else None

    @property
    def response_delay(self) -> float | None:
        """Seconds between dispatch and the initial response."""
        cb = self.callback
        return cb.elapsed if cb else None

    @property
    def deferred(self) -> bool:
        return self.response_type in (DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_UPDATE_MESSAGE)

    @property
    def ephemeral(self) -> bool:
        """Whether the original response is ephemeral (flag 64)."""
        return bool(self.original and int(self.original.get("flags", 0)) & EPHEMERAL)

    @property
    def loading(self) -> bool:
        """True while a deferred "thinking" response has not been edited yet."""
        return bool(self.original and int(self.original.get("flags", 0)) & LOADING)

    @property
    def content(self) -> str | None:
        return self.original.get("content") if self.original else None

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.original.get("embeds", [])) if self.original else []

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """Autocomplete choices, if the bot answered with type 8."""
        cb = self.callback
        if cb is None or cb.callback_type != APPLICATION_COMMAND_AUTOCOMPLETE_RESULT:
            return None
        return list(cb.body.get("data", {}).get("choices", []))

    @property
    def modal(self) -> dict[str, Any] | None:
        cb = self.callback
        if cb is None or cb.callback_type != MODAL:
            return None
        return dict(cb.body.get("data", {}))

    # -- waiting ------------------------------------------------------------------------

    async def wait_for_response(self, timeout: float = 30.0) -> InteractionCall:
        """Wait for the initial callback (reply, defer, autocomplete, modal...)."""
        return await self._notifier.wait_for(
            lambda: self.callback, timeout, f"the initial response to {self!r}"
        )

    async def wait_for_followup(
        self,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        """Wait for a follow-up message (``POST /webhooks/{app}/{token}``)."""

        def check() -> dict[str, Any] | None:
            for msg in self.followups:
                if predicate is None or predicate(msg):
                    return msg
            return None

        return await self._notifier.wait_for(check, timeout, f"a follow-up to {self!r}")

    async def wait_for_original(
        self,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        """Wait until the original response exists, is no longer loading and matches."""

        def check() -> dict[str, Any] | None:
            msg = self.original
            if msg is None or int(msg.get("flags", 0)) & LOADING:
                return None
            if predicate is not None and not predicate(msg):
                return None
            return msg

        return await self._notifier.wait_for(check, timeout, f"the final response to {self!r}")

    async def wait_for_call(
        self,
        kind: str,
        predicate: Callable[[InteractionCall], bool] | None = None,
        timeout: float = 30.0,
    ) -> InteractionCall:
        """Wait for a specific kind of call, e.g. ``edit_original``."""

        def check() -> InteractionCall | None:
            for call in self.calls:
                if call.kind == kind and (predicate is None or predicate(call)):
                    return call
            return None

        return await self._notifier.wait_for(check, timeout, f"{kind} on {self!r}")
