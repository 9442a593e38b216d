"""Global pacing of the requests digests make to the chat platform.

Discord allows a bot 50 requests per second in all (the global rate limit) and answers any
request over it with a 429. When a thousand servers are due at the same minute, the digest
loop would otherwise hit that limit and lean on discord.py's retries. One
:class:`RequestPacer`, shared by every server being posted, makes each request wait its turn
so they start at most ``per_second`` a second, evenly spaced, whatever the concurrency.

The sender calls :meth:`RequestPacer.wait` right before each request it makes (every message
posted, every page of channel history read to finish an interrupted digest); checks served
from the gateway cache cost nothing and are not paced.

It is a leaky bucket (``aiolimiter.AsyncLimiter``) holding one request: a request may start
``1 / per_second`` seconds after the previous one, so any one-second window sees at most
``per_second + 1`` requests start. Waiters are served in arrival order, and a cancelled
waiter gives its turn away.
"""

from __future__ import annotations

from aiolimiter import AsyncLimiter

DEFAULT_PER_SECOND = 40.0  # Discord's global limit is 50: headroom for replies and commands


class RequestPacer:
    def __init__(self, per_second: float = DEFAULT_PER_SECOND) -> None:
        if not per_second > 0:
            raise ValueError(f"per_second must be greater than 0 (got {per_second})")
        self.per_second = per_second
        self._bucket = AsyncLimiter(1, 1 / per_second)

    async def wait(self) -> None:
        """Return when the next request may start."""
        await self._bucket.acquire()

    def max_in_window(self, seconds: float = 1.0) -> int:
        """The most requests that can start in any window of ``seconds``."""
        return int(seconds * self.per_second + 1e-9) + 1

    def __repr__(self) -> str:
        return f"RequestPacer({self.per_second:g}/s)"
