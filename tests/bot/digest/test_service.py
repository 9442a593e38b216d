"""Digest runs through the outbox: on time, once, across restarts, late or skipped."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.digest.service import DigestService
from bot.errors import InvalidOptionError
from storage.digests import DigestSettings, RunKind, RunState
from tests.support.digest_world import Crash, FakeClock, FakeSender, World
from tests.support.digests import CHANNEL, GUILD, NINE_BERLIN, set_up


async def tick(service: DigestService, sender: FakeSender) -> list[RunState]:
    states = []
    for guild in await service.due_guilds():
        states += [run.state for run in await service.process_guild(guild, sender)]
    return states


# --- settings -----------------------------------------------------------------------------

async def test_settings_are_validated_and_keep_unchanged_options(world: World) -> None:
    service = world.service
    with pytest.raises(InvalidOptionError, match="not a time"):
        await set_up(service, at="25:00")
    with pytest.raises(InvalidOptionError, match="time zone"):
        await set_up(service, zone="Europe/Atlantis")
    with pytest.raises(InvalidOptionError, match="between 1 and 25"):
        await set_up(service, max_items=26)
    await set_up(service, days="mon-fri", max_items=5, empty_note=True)
    settings = await set_up_and_get(service, at="7:30", zone="america/new_york")
    assert (settings.local_time, settings.timezone, settings.max_items) == \
        ("07:30", "America/New_York", 5)
    assert settings.weekdays == frozenset(range(5))
    assert settings.empty_note


async def set_up_and_get(service: DigestService, at: str, zone: str) -> DigestSettings:
    await set_up(service, at=at, zone=zone)
    settings = await service.settings(GUILD)
    assert settings is not None
    return settings


async def test_status_shows_the_next_run_and_the_last_result(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    service = world.service
    assert (await service.status(GUILD)).settings is None
    await set_up(service)
    status = await service.status(GUILD)
    assert status.next_run == NINE_BERLIN
    assert status.last_run is None
    await world.share(GUILD, "Ferry strike")
    clock.set(NINE_BERLIN)
    await tick(service, sender)
    status = await service.status(GUILD)
    assert status.last_run is not None
    assert status.last_run.state is RunState.SENT
    assert status.next_run == NINE_BERLIN + timedelta(days=1)
    assert await service.disable(GUILD)
    assert (await service.status(GUILD)).next_run is None


# --- on time, and exactly once --------------------------------------------------------------

async def test_a_digest_is_posted_at_its_minute_and_only_once(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    service = world.service
    await set_up(service)
    await world.share(GUILD, "Ferry strike")
    clock.set(NINE_BERLIN - timedelta(seconds=1))
    assert await tick(service, sender) == []
    clock.set(NINE_BERLIN)
    assert await tick(service, sender) == [RunState.SENT]
    clock.advance(seconds=30)
    assert await tick(service, sender) == []
    clock.advance(minutes=5)
    assert await tick(service, sender) == []
    assert len(sender.digests_in(CHANNEL)) == 1
    assert sender.posted[0].at == NINE_BERLIN


async def test_setting_up_after_todays_time_waits_for_tomorrow(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    clock.set(NINE_BERLIN + timedelta(minutes=10))
    await set_up(world.service)
    await world.share(GUILD, "Ferry strike")
    assert await tick(world.service, sender) == []
    clock.set(NINE_BERLIN + timedelta(days=1))
    assert await tick(world.service, sender) == [RunState.SENT]


async def test_each_digest_covers_what_was_first_shared_since_the_previous_one(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    service = world.service
    await set_up(service)
    early = await world.share(GUILD, "Shared two days ago", NINE_BERLIN - timedelta(days=2))
    first = await world.share(GUILD, "Shared last night", NINE_BERLIN - timedelta(hours=10))
    clock.set(NINE_BERLIN)
    await tick(service, sender)
    second = await world.share(GUILD, "Shared at noon", NINE_BERLIN + timedelta(hours=3))
    await world.reshare(GUILD, first, NINE_BERLIN + timedelta(hours=4))  # not new any more
    await world.reshare(GUILD, early, NINE_BERLIN + timedelta(hours=4))
    clock.set(NINE_BERLIN + timedelta(days=1))
    await tick(service, sender)
    monday, tuesday = (p.digest for p in sender.posted)
    assert [i.article_id for i in monday.items] == [first]  # the first covers 24 hours
    assert [i.article_id for i in tuesday.items] == [second]
    assert tuesday.period_start == monday.period_end


@pytest.mark.parametrize(("zone", "days"), [
    ("Europe/Berlin", [datetime(2025, 3, 29, 8, tzinfo=UTC), datetime(2025, 3, 30, 7, tzinfo=UTC),
                       datetime(2025, 3, 31, 7, tzinfo=UTC)]),
    ("Europe/Berlin", [datetime(2025, 10, 25, 7, tzinfo=UTC),
                       datetime(2025, 10, 26, 8, tzinfo=UTC),
                       datetime(2025, 10, 27, 8, tzinfo=UTC)]),
    ("America/New_York", [datetime(2025, 3, 8, 14, tzinfo=UTC),
                          datetime(2025, 3, 9, 13, tzinfo=UTC),
                          datetime(2025, 3, 10, 13, tzinfo=UTC)]),
    ("America/New_York", [datetime(2025, 11, 1, 13, tzinfo=UTC),
                          datetime(2025, 11, 2, 14, tzinfo=UTC),
                          datetime(2025, 11, 3, 14, tzinfo=UTC)]),
])
async def test_posted_at_nine_local_time_each_day_across_a_dst_change(
        world: World, clock: FakeClock, sender: FakeSender, zone: str,
        days: list[datetime]) -> None:
    clock.set(days[0] - timedelta(hours=12))
    await set_up(world.service, zone=zone)
    minute = timedelta(minutes=1)
    for day in days:
        await world.share(GUILD, f"News of {day:%d %b}", day - timedelta(hours=1))
        clock.set(day - minute)  # the same UTC time the day before would be an hour off
        assert await tick(world.service, sender) == []
        clock.set(day)
        assert await tick(world.service, sender) == [RunState.SENT]
        clock.set(day + timedelta(hours=1))
        assert await tick(world.service, sender) == []
    assert [p.at for p in sender.posted] == days


# --- restarts and crashes ---------------------------------------------------------------------

@pytest.mark.parametrize("crash_after_parts", [0, 1])
async def test_a_restart_between_composing_and_sending_neither_repeats_nor_skips(
        world: World, clock: FakeClock, sender: FakeSender, crash_after_parts: int) -> None:
    # 5 articles make two parts. The process dies with none or one of them posted.
    await set_up(world.service)
    for n in range(5):
        await world.share(GUILD, f"Story {n}", NINE_BERLIN - timedelta(hours=n + 1))
    clock.set(NINE_BERLIN)
    sender.crash_after_parts = crash_after_parts
    with pytest.raises(Crash):
        await tick(world.service, sender)
    run = (await world.repository.runs(GUILD))[0]
    assert run.state is RunState.COMPOSING
    assert len(sender.in_channel(CHANNEL)) == crash_after_parts

    sender.crash_after_parts = None
    clock.advance(minutes=2)
    service = await world.restart()
    assert await service.due_guilds() == [GUILD]
    assert await tick(service, sender) == [RunState.SENT]
    assert [p.part for p in sender.in_channel(CHANNEL)] == [1, 2]  # each part exactly once
    assert len(sender.digests_in(CHANNEL)) == 1
    finished = await world.repository.get_run(run.id)
    assert finished is not None
    assert finished.attempts == 2
    assert finished.message_ids == tuple(p.message_id for p in sender.in_channel(CHANNEL))
    clock.advance(minutes=1)
    assert await tick(service, sender) == []


async def test_crash_inside_send_after_everything_was_posted(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    await world.share(GUILD, "Story")
    clock.set(NINE_BERLIN)
    sender.crash_after_parts = 1  # posts the only part...
    original_send = sender.send

    async def send_then_die(*args: object, **kwargs: object) -> dict[int, int]:
        await original_send(*args, **kwargs)  # type: ignore[arg-type]
        raise Crash  # ...and dies before the service records it

    sender.send = send_then_die  # type: ignore[method-assign]
    with pytest.raises(Crash):
        await tick(world.service, sender)
    sender.send = original_send  # type: ignore[method-assign]
    sender.crash_after_parts = None
    service = await world.restart()
    assert await tick(service, sender) == [RunState.SENT]
    assert len(sender.in_channel(CHANNEL)) == 1


async def test_an_interrupted_run_is_not_resent_when_the_channel_cannot_be_checked(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    await world.share(GUILD, "Story")
    clock.set(NINE_BERLIN)
    sender.crash_after_parts = 1
    await tick(world.service, sender)  # one part: posted, and no crash needed after it
    sender.posted.clear()
    run = (await world.repository.runs(GUILD))[0]
    assert run.state is RunState.SENT
    # Now a real crash before posting, in a channel the bot cannot read back.
    clock.set(NINE_BERLIN + timedelta(days=1))
    await world.share(GUILD, "Another")
    sender.crash_after_parts = 0
    with pytest.raises(Crash):
        await tick(world.service, sender)
    sender.crash_after_parts = None
    sender.unreadable.add(CHANNEL)
    service = await world.restart()
    assert await tick(service, sender) == [RunState.FAILED]
    status = await service.status(GUILD)
    assert status.last_run is not None
    assert "not re-sent" in (status.last_run.error or "")
    assert sender.posted == []


async def test_an_interrupted_run_found_after_the_window_is_skipped(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    await world.share(GUILD, "Story")
    clock.set(NINE_BERLIN)
    sender.crash_after_parts = 0
    with pytest.raises(Crash):
        await tick(world.service, sender)
    sender.crash_after_parts = None
    clock.advance(hours=3)
    service = await world.restart()
    assert await tick(service, sender) == [RunState.SKIPPED]
    assert sender.posted == []


# --- catch-up after downtime ------------------------------------------------------------------

async def test_a_missed_digest_is_posted_late_within_the_catch_up_window(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    await world.share(GUILD, "Story")
    clock.set(NINE_BERLIN + timedelta(hours=1, minutes=59))  # the bot was down until now
    assert await tick(world.service, sender) == [RunState.SENT]
    run = (await world.repository.runs(GUILD))[0]
    assert run.scheduled_for == NINE_BERLIN
    assert sender.posted[0].at == clock.now


async def test_a_digest_missed_beyond_the_window_is_skipped_logged_and_not_lost(
        world: World, clock: FakeClock, sender: FakeSender,
        caplog: pytest.LogCaptureFixture) -> None:
    await set_up(world.service)
    story = await world.share(GUILD, "Story")
    clock.set(NINE_BERLIN + timedelta(hours=2, minutes=1))
    with caplog.at_level(logging.WARNING, logger="bot.digest.service"):
        assert await tick(world.service, sender) == [RunState.SKIPPED]
    assert "skipped the digest due at 2025-06-02T07:00:00+00:00" in caplog.text
    assert sender.posted == []
    run = (await world.repository.runs(GUILD))[0]
    assert run.state is RunState.SKIPPED
    assert "offline" in (run.error or "")
    # The next digest includes what the skipped one would have shown.
    clock.set(NINE_BERLIN + timedelta(days=1))
    assert await tick(world.service, sender) == [RunState.SENT]
    assert [i.article_id for i in sender.posted[0].digest.items] == [story]


async def test_after_days_of_downtime_only_the_latest_occurrence_can_run(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    await world.share(GUILD, "Story")
    clock.set(NINE_BERLIN + timedelta(days=3, minutes=30))
    assert await tick(world.service, sender) == [RunState.SENT]
    runs = await world.repository.runs(GUILD)
    assert [r.state for r in runs] == [RunState.SKIPPED] * 3 + [RunState.SENT]
    assert len(sender.posted) == 1


async def test_the_catch_up_window_is_configurable(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    service = await world.restart(catch_up=timedelta(minutes=15))
    await set_up(service)
    await world.share(GUILD, "Story")
    clock.set(NINE_BERLIN + timedelta(minutes=16))
    assert await tick(service, sender) == [RunState.SKIPPED]


# --- failures --------------------------------------------------------------------------------

async def test_a_deleted_channel_fails_and_admins_see_why(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    await world.share(GUILD, "Story")
    sender.deleted.add(CHANNEL)
    clock.set(NINE_BERLIN)
    assert await tick(world.service, sender) == [RunState.FAILED]
    clock.advance(minutes=1)
    assert await tick(world.service, sender) == []  # permanent: not retried
    status = await world.service.status(GUILD)
    assert status.last_run is not None
    assert status.last_run.state is RunState.FAILED
    assert status.last_run.error == f"the channel {CHANNEL} no longer exists"
    assert status.next_run == NINE_BERLIN + timedelta(days=1)


async def test_a_transient_failure_is_retried_then_given_up(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    await world.share(GUILD, "Story")
    clock.set(NINE_BERLIN)
    sender.outage = 1
    assert await tick(world.service, sender) == [RunState.FAILED]
    clock.advance(minutes=1)
    assert await tick(world.service, sender) == [RunState.SENT]
    assert len(sender.posted) == 1

    await world.share(GUILD, "Another", NINE_BERLIN + timedelta(hours=1))
    clock.set(NINE_BERLIN + timedelta(days=1))
    sender.outage = 10
    states = []
    for _ in range(5):
        states += await tick(world.service, sender)
        clock.advance(minutes=1)
    assert states == [RunState.FAILED] * 3  # three attempts, then given up
    assert await world.repository.open_runs() == []


# --- empty periods, manual runs, previews -------------------------------------------------------

async def test_an_empty_period_posts_nothing_unless_a_note_was_asked_for(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    clock.set(NINE_BERLIN)
    assert await tick(world.service, sender) == [RunState.SKIPPED]
    assert sender.posted == []
    await set_up(world.service, empty_note=True)
    clock.set(NINE_BERLIN + timedelta(days=1))
    assert await tick(world.service, sender) == [RunState.SENT]
    assert sender.posted[0].digest.is_empty


async def test_post_now_and_preview(world: World, clock: FakeClock, sender: FakeSender) -> None:
    with pytest.raises(InvalidOptionError, match="/digest set"):
        await world.service.post_now(GUILD, sender)
    await set_up(world.service)
    story = await world.share(GUILD, "Story")
    preview = await world.service.preview(GUILD)
    assert [i.article_id for i in preview.items] == [story]
    assert sender.posted == []
    assert await world.repository.runs(GUILD) == []
    run = await world.service.post_now(GUILD, sender)
    assert run.kind is RunKind.MANUAL
    assert run.state is RunState.SENT
    # The scheduled digest then starts where the manual one ended.
    clock.set(NINE_BERLIN)
    assert await tick(world.service, sender) == [RunState.SKIPPED]
    assert len(sender.posted) == 1


async def test_a_failing_people_lookup_does_not_stop_the_digest(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    async def broken(_ids: object) -> dict[int, list[str]]:
        raise RuntimeError("model not loaded")

    service = await world.restart(people=broken)
    await set_up(service)
    await world.share(GUILD, "Story")
    clock.set(NINE_BERLIN)
    assert await tick(service, sender) == [RunState.SENT]


# --- settings that stop working -------------------------------------------------------------

# A zone name that tzdata has since dropped: settings saved with it no longer parse.
DROPPED_ZONE = "US/Pacific-New"


async def break_the_zone(world: World, guild: int = GUILD) -> None:
    """What a tzdata update does to a server's saved settings."""
    settings = await world.service.settings(guild)
    assert settings is not None
    await world.repository.save_settings(replace(settings, timezone=DROPPED_ZONE),
                                         settings.anchor_at)


async def test_unusable_settings_are_logged_shown_and_told_to_the_server_once(
        world: World, clock: FakeClock, sender: FakeSender,
        caplog: pytest.LogCaptureFixture) -> None:
    await set_up(world.service)
    await set_up(world.service, guild=2, channel=20)
    await world.share(GUILD, "Ferry strike")
    await world.share(2, "Harbour news")
    await break_the_zone(world)
    clock.set(NINE_BERLIN)
    with caplog.at_level(logging.WARNING, logger="bot.digest.service"):
        assert await tick(world.service, sender) == [RunState.SENT]  # the other server's
        for _ in range(3):
            clock.advance(minutes=1)
            await tick(world.service, sender)
    assert sender.digests_in(CHANNEL) == []
    assert len(sender.digests_in(20)) == 1
    assert len(sender.notices) == 1
    channel, text = sender.notices[0]
    assert channel == CHANNEL
    assert DROPPED_ZONE in text
    assert "/digest set" in text
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING
                and DROPPED_ZONE in r.getMessage()]
    assert len(warnings) == 1
    assert f"guild {GUILD}" in warnings[0].getMessage()
    status = await world.service.status(GUILD)
    assert status.problem is not None
    assert DROPPED_ZONE in status.problem
    assert status.next_run is None
    # Never repeated, also after a restart.
    service = await world.restart()
    clock.advance(days=1)
    await tick(service, sender)
    assert len(sender.notices) == 1


async def test_a_server_told_about_unusable_settings_is_told_again_only_about_new_ones(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    await break_the_zone(world)
    clock.set(NINE_BERLIN)
    await tick(world.service, sender)
    assert len(sender.notices) == 1
    await set_up(world.service)  # an admin fixes it: digests resume
    assert (await world.service.status(GUILD)).problem is None
    await world.share(GUILD, "Story", NINE_BERLIN + timedelta(hours=1))
    clock.set(NINE_BERLIN + timedelta(days=1))
    assert await tick(world.service, sender) == [RunState.SENT]
    await break_the_zone(world)  # and a later update breaks it again
    clock.advance(days=1)
    await tick(world.service, sender)
    assert len(sender.notices) == 2


async def test_a_notice_that_could_not_be_posted_is_retried_unless_it_never_can_be(
        world: World, clock: FakeClock, sender: FakeSender) -> None:
    await set_up(world.service)
    await break_the_zone(world)
    clock.set(NINE_BERLIN)
    sender.outage = 1
    await tick(world.service, sender)
    assert sender.notices == []
    clock.advance(minutes=1)
    await tick(world.service, sender)
    assert len(sender.notices) == 1

    await set_up(world.service, guild=2, channel=20)
    await break_the_zone(world, guild=2)
    sender.deleted.add(20)
    clock.advance(minutes=1)
    await tick(world.service, sender)
    assert await world.service.due_guilds() == []  # not tried again every minute
    assert (await world.service.status(2)).problem is not None


async def test_a_preview_of_a_server_with_unusable_settings_shows_utc(
        world: World, clock: FakeClock) -> None:
    await set_up(world.service)
    await world.share(GUILD, "Story")
    await break_the_zone(world)
    digest = await world.service.preview(GUILD)
    assert digest.timezone == "UTC"
    assert [item.title for item in digest.items] == ["Story"]
