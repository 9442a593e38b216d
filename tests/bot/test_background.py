"""The loop every background scheduler shares: one task per due key, kept until it ends."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.background import BackgroundLoop

NOW = datetime(2026, 12, 3, 9, tzinfo=UTC)


class Countdown(BackgroundLoop[str, str]):
    """Due keys come from a list; a tick that finds "boom" fails."""

    def __init__(self, due: list[str], release: asyncio.Event) -> None:
        super().__init__("countdown", concurrency=1, idle_wake=timedelta(seconds=30))
        self.due = due
        self.release = release
        self.ticks = 0
        self.ticked = asyncio.Event()

    async def tick(self) -> list[asyncio.Task[str]]:
        self.ticks += 1
        self.ticked.set()
        if "boom" in self.due:
            raise RuntimeError("a broken tick")
        return [self._spawn(key, self.work(key), f"work-{key}") for key in self.due
                if not self._busy(key)]

    async def work(self, key: str) -> str:
        await self.release.wait()
        return key

    async def next_due(self) -> datetime | None:
        return None

    def now(self) -> datetime:
        return NOW


async def test_a_key_still_working_is_not_started_twice() -> None:
    release = asyncio.Event()
    loop = Countdown(["a", "b"], release)
    first = await loop.tick()
    assert [task.get_name() for task in first] == ["work-a", "work-b"]
    assert await loop.tick() == []
    release.set()
    assert await asyncio.gather(*first) == ["a", "b"]
    assert len(await loop.tick()) == 2  # finished keys may start again


async def test_a_failing_tick_does_not_end_the_loop() -> None:
    loop = Countdown(["boom"], asyncio.Event())
    loop.start()
    await loop.ticked.wait()
    loop.ticked.clear()
    loop.due = []
    loop.wake()
    await loop.ticked.wait()
    assert loop.running
    await loop.stop()
    assert not loop.running
    assert loop.ticks >= 2


async def test_stop_cancels_work_that_outlasts_the_grace() -> None:
    loop = Countdown(["slow"], asyncio.Event())  # never released
    loop.start()
    await loop.ticked.wait()
    [task] = loop._tasks.values()
    await loop.stop(grace=0.01)
    assert task.cancelled()
