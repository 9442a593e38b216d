"""The loop: due servers run side by side, a failing one never holds up the others."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from datetime import UTC, datetime, timedelta

import pytest

from bot.digest.compose import Digest
from bot.digest.scheduler import DigestScheduler
from bot.digest.service import DigestService
from storage.digests import DigestRun, RunState
from tests.support.digest_world import FakeClock, FakeSender, World

NINE_BERLIN = datetime(2025, 6, 2, 7, 0, tzinfo=UTC)


async def two_servers_at_nine(world: World) -> None:
    for guild, channel in ((1, 10), (2, 20)):
        await world.service.configure(guild, channel, local_time="09:00",
                                      timezone="Europe/Berlin")
        await world.share(guild, f"News for {guild}")


def states(results: dict[int, list[DigestRun]]) -> dict[int, list[RunState]]:
    return {guild: [run.state for run in runs] for guild, runs in results.items()}


async def test_two_servers_due_at_the_same_minute_are_both_posted(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await two_servers_at_nine(world)
    scheduler = DigestScheduler(world.service, sender)
    clock.set(NINE_BERLIN)
    assert states(await scheduler.run_once()) == {1: [RunState.SENT], 2: [RunState.SENT]}
    assert [(p.channel_id, p.at) for p in sender.posted] == [(10, NINE_BERLIN),
                                                             (20, NINE_BERLIN)]
    assert await scheduler.run_once() == {}


async def test_a_deleted_channel_in_one_server_does_not_affect_the_other(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await two_servers_at_nine(world)
    sender.deleted.add(10)
    scheduler = DigestScheduler(world.service, sender)
    clock.set(NINE_BERLIN)
    assert states(await scheduler.run_once()) == {1: [RunState.FAILED], 2: [RunState.SENT]}
    assert [p.channel_id for p in sender.posted] == [20]


async def test_a_slow_server_does_not_delay_the_others(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await two_servers_at_nine(world)
    sender.hold[10] = asyncio.Event()  # server 1's channel hangs
    scheduler = DigestScheduler(world.service, sender)
    clock.set(NINE_BERLIN)
    slow, fast = await scheduler.tick()
    await fast
    assert [p.channel_id for p in sender.posted] == [20]
    assert not slow.done()
    clock.advance(minutes=1)
    assert await scheduler.tick() == []  # still busy with server 1: no second task
    sender.hold[10].set()
    assert [run.state for run in await slow] == [RunState.SENT]
    assert [p.channel_id for p in sender.posted] == [20, 10]


async def test_an_unexpected_error_in_one_server_is_contained(
        world: World, clock: FakeClock, sender: FakeSender,
        monkeypatch: pytest.MonkeyPatch) -> None:
    await two_servers_at_nine(world)
    real = world.service.process_guild

    async def flaky(guild_id: int, digest_sender: FakeSender) -> list[DigestRun]:
        if guild_id == 1:
            raise RuntimeError("bug")
        return await real(guild_id, digest_sender)

    monkeypatch.setattr(world.service, "process_guild", flaky)
    scheduler = DigestScheduler(world.service, sender)
    clock.set(NINE_BERLIN)
    assert states(await scheduler.run_once()) == {1: [], 2: [RunState.SENT]}


class CountingSender(FakeSender):
    """Records how many sends are in progress at once; each waits for the gate."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.gate = asyncio.Event()
        self.active = 0
        self.most = 0
        self.entered = asyncio.Condition()

    async def send(self, guild_id: int, channel_id: int, digest: Digest, ref: str, *,
                   skip_parts: Collection[int] = ()) -> dict[int, int]:
        async with self.entered:
            self.active += 1
            self.most = max(self.most, self.active)
            self.entered.notify_all()
        await self.gate.wait()
        self.active -= 1
        return await super().send(guild_id, channel_id, digest, ref, skip_parts=skip_parts)


async def test_at_most_n_servers_post_at_once(world: World, clock: FakeClock) -> None:
    for guild in range(1, 5):
        await world.service.configure(guild, guild * 10, local_time="09:00", timezone="UTC")
        await world.share(guild, "News")
    sender = CountingSender(clock)
    scheduler = DigestScheduler(world.service, sender, concurrency=2)
    clock.set(datetime(2025, 6, 2, 9, 0, tzinfo=UTC))
    tasks = await scheduler.tick()
    async with sender.entered:
        await sender.entered.wait_for(lambda: sender.active == 2)
    sender.gate.set()
    await asyncio.gather(*tasks)
    assert sender.most == 2
    assert len(sender.posted) == 4


class NotifyingSender(FakeSender):
    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.posted_event = asyncio.Event()

    async def send(self, guild_id: int, channel_id: int, digest: Digest, ref: str, *,
                   skip_parts: Collection[int] = ()) -> dict[int, int]:
        sent = await super().send(guild_id, channel_id, digest, ref, skip_parts=skip_parts)
        self.posted_event.set()
        return sent


async def test_the_loop_posts_due_digests_and_stops_cleanly(
        world: World, clock: FakeClock) -> None:
    await two_servers_at_nine(world)
    sender = NotifyingSender(clock)
    ready = asyncio.Event()
    scheduler = DigestScheduler(world.service, sender, before_start=ready.wait)
    clock.set(NINE_BERLIN)
    scheduler.start()
    assert scheduler.running
    await asyncio.sleep(0)
    assert sender.posted == []  # waits until the client is ready
    ready.set()
    await sender.posted_event.wait()
    await scheduler.stop()
    assert not scheduler.running
    assert {p.channel_id for p in sender.posted} == {10, 20}


async def test_stopping_before_the_client_is_ready_does_not_wait_for_it(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    never_ready = asyncio.Event()
    scheduler = DigestScheduler(world.service, sender, before_start=never_ready.wait)
    scheduler.start()
    await asyncio.sleep(0)  # the loop is now waiting for the client
    # The deadline only bounds a hang: stopping must not wait for readiness at all.
    await asyncio.wait_for(scheduler.stop(), 60)
    assert not scheduler.running
    assert sender.posted == []


async def test_stopping_mid_post_leaves_a_run_that_the_next_start_finishes_once(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await world.service.configure(1, 10, local_time="09:00", timezone="Europe/Berlin")
    await world.share(1, "News")
    sender.hold[10] = asyncio.Event()
    scheduler = DigestScheduler(world.service, sender)
    clock.set(NINE_BERLIN)
    (task,) = await scheduler.tick()
    await sender.sending.wait()  # claimed, and now posting
    await scheduler.stop(grace=0)
    assert task.cancelled()
    assert [r.state for r in await world.repository.runs(1)] == [RunState.COMPOSING]

    del sender.hold[10]
    clock.advance(minutes=1)
    service: DigestService = await world.restart()
    assert states(await DigestScheduler(service, sender).run_once()) == {1: [RunState.SENT]}
    assert len(sender.posted) == 1
    clock.advance(minutes=1)
    assert await DigestScheduler(service, sender).run_once() == {}


async def test_the_loop_sleeps_until_the_next_occurrence_at_most_a_minute(
        world: World, clock: FakeClock) -> None:
    scheduler = DigestScheduler(world.service, FakeSender(clock))
    assert await scheduler._seconds_to_next() == 60  # nothing set up: the idle wake
    await world.service.configure(1, 10, local_time="09:00", timezone="Europe/Berlin")
    clock.set(NINE_BERLIN - timedelta(seconds=20))
    assert await scheduler._seconds_to_next() == 20
