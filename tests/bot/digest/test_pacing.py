"""The digest pacer: a global pace for all servers' requests, counted in virtual time."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.digest.pacing import DEFAULT_PER_SECOND, RequestPacer
from bot.runtime.settings import Settings
from tests.support.digest_world import run_in_virtual_time
from tests.support.digests import most_in_any_window


async def paced_starts(pacer: RequestPacer, tasks: int, each: int) -> list[float]:
    """``tasks`` concurrent posters making ``each`` requests; the loop time of every start."""
    loop = asyncio.get_running_loop()
    starts: list[float] = []

    async def poster() -> None:
        for _ in range(each):
            await pacer.wait()
            starts.append(loop.time())
            await asyncio.sleep(0.08)  # the request itself, as long as Discord takes

    await asyncio.gather(*(poster() for _ in range(tasks)))
    return starts


def test_concurrent_posters_share_one_pace_below_the_global_limit() -> None:
    pacer = RequestPacer(40)
    starts = run_in_virtual_time(lambda: paced_starts(pacer, tasks=25, each=40))
    assert len(starts) == 1000
    # Never more than 41 start in any second (Discord allows 50), and the pace is really
    # 40 a second, not slower: 1,000 requests take 999 gaps of 1/40 s.
    assert pacer.max_in_window() == 41
    assert most_in_any_window(starts) <= 41
    assert starts[0] == 0.0
    assert starts[-1] == pytest.approx(999 / 40)
    gaps = [later - earlier for earlier, later in itertools.pairwise(sorted(starts))]
    assert min(gaps) >= 1 / 40 - 1e-9


def test_an_idle_pacer_lets_the_first_request_through_at_once_but_never_a_burst() -> None:
    pacer = RequestPacer(10)

    async def main() -> list[float]:
        first = await paced_starts(pacer, tasks=1, each=1)
        await asyncio.sleep(60)  # idle for a minute: no credit builds up
        return first + await paced_starts(pacer, tasks=30, each=1)

    starts = run_in_virtual_time(main)
    assert starts[:2] == [0.0, pytest.approx(60.08)]  # after the first request (0.08 s)
    assert most_in_any_window(starts[1:]) <= 11
    assert most_in_any_window(starts[1:], seconds=0.5) <= 6
    assert starts[-1] == pytest.approx(60.08 + 2.9, abs=1e-6)  # 30 requests, 0.1 s apart


def test_a_cancelled_waiter_gives_its_turn_away() -> None:
    pacer = RequestPacer(1)

    async def main() -> list[float]:
        loop = asyncio.get_running_loop()
        await pacer.wait()  # t=0; the next turn is at t=1
        starts: list[float] = []

        async def one() -> None:
            await pacer.wait()
            starts.append(loop.time())

        doomed = asyncio.create_task(one())
        await asyncio.sleep(0.5)
        doomed.cancel()
        await asyncio.gather(doomed, return_exceptions=True)
        await one()
        return starts

    assert run_in_virtual_time(main) == [pytest.approx(1.0)]


def test_the_rate_is_a_setting_with_headroom_under_discords_limit() -> None:
    assert Settings().digest_requests_per_second == DEFAULT_PER_SECOND == 40
    assert RequestPacer().max_in_window() < 50
    settings = Settings.from_mapping({"NEWSBOT_DIGEST_REQUESTS_PER_SECOND": "12.5"})
    assert settings.digest_requests_per_second == 12.5
    with pytest.raises(ValueError, match="greater than 0"):
        RequestPacer(0)
