"""Digests per server: settings, previews, and running due occurrences through the outbox.

Exactly once, also across restarts and crashes
----------------------------------------------
Each occurrence of a server's schedule is one row of ``digest_runs``, unique per
(server, occurrence instant). Before anything is posted the run is *claimed*: the row is
inserted as ``composing`` in a transaction, with a random ``ref`` and the period it covers.
Only the process whose insert succeeded posts. Every posted message carries the ref and its
part number; once all parts are posted the row becomes ``sent`` with the message ids.

A row still ``composing`` when nobody is working on it was interrupted (a crash, a kill, a
restart). It is resumed, not re-run: the sender reads the channel's recent messages for the
run's ref, and only the parts not found are posted (the content is recomposed from the same
stored period). If the channel cannot be read, the run is marked failed rather than risk a
repeat. Discord's message nonce (also the ref) additionally stops a retried request from
posting twice within Discord's few minutes of nonce memory. One bot process per database.

Catch-up
--------
An occurrence found after its time (the bot was down) is posted late if it is at most
``catch_up`` (default 2 hours) old; otherwise it is recorded as ``skipped`` and logged, and its
articles go into the next digest. If several occurrences were missed, only the latest can
still be posted. A transient failure (Discord unavailable) is retried each minute within the
same window, at most ``max_attempts`` times; a permanent one (channel deleted, permission
removed) is recorded at once and shown by ``/digest show``. Changing the settings never
triggers an occurrence from before the change.

Unusable settings
-----------------
Settings saved once may stop parsing later (a time zone that a tzdata update dropped). Such a
server's digest is paused, not skipped silently: it is logged (a warning with the guild id, once
per process), ``/digest show`` says why, and one notice is posted in the digest channel, recorded
so it is never repeated for the same settings. Saving new settings with ``/digest set`` ends it.

Content period: articles first shared since the end of the previous digest's period (a
posted digest, or one skipped because nothing was shared); for the first digest, the 24 hours
before the first occurrence (so articles of a missed first digest are not dropped); at most
31 days.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.digest.compose import Digest, PeopleLookup, compose_digest
from bot.digest.schedule import (
    Schedule,
    format_local_time,
    load_zone,
    parse_local_time,
    parse_weekdays,
)
from bot.digest.sender import DeliveryError, DigestSender
from bot.errors import InvalidOptionError
from bot.scopes import guild_scope
from storage.digests import (
    DigestRepository,
    DigestRun,
    DigestSettings,
    NewRun,
    RunKind,
    RunState,
)

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

DEFAULT_MAX_ITEMS = 10
MAX_ITEMS = 25
DEFAULT_CATCH_UP = timedelta(hours=2)
FIRST_PERIOD = timedelta(hours=24)
MAX_PERIOD = timedelta(days=31)
MAX_ATTEMPTS = 3
# How far back a returning bot looks for occurrences it missed (to record and log them).
MISSED_LOOKBACK = timedelta(days=8)
NOTHING_NEW = "nothing new was shared"
NOT_SET_UP = "No digest is set up here yet: an admin can start one with /digest set."


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class DigestStatus:
    settings: DigestSettings | None
    next_run: datetime | None  # UTC; None when off or not set up
    last_run: DigestRun | None
    # Why the stored settings cannot be used any more (the digest is paused), if they cannot.
    problem: str | None = None


class DigestService:
    def __init__(self, repository: DigestRepository, *, clock: Clock | None = None,
                 catch_up: timedelta = DEFAULT_CATCH_UP, people: PeopleLookup | None = None,
                 max_attempts: int = MAX_ATTEMPTS) -> None:
        self._repository = repository
        self.clock: Clock = clock if clock is not None else utc_now
        self.catch_up = catch_up
        self._people = people
        self._max_attempts = max_attempts
        # Runs this service is posting right now; any other "composing" row was interrupted.
        self._in_flight: set[int] = set()
        self._locks: dict[int, asyncio.Lock] = {}
        self._owner = secrets.token_hex(6)
        # Unusable settings already logged by this process: (guild, settings fingerprint).
        self._warned: set[tuple[int, str]] = set()

    # --- settings -------------------------------------------------------------------

    async def configure(self, guild_id: int, channel_id: int, *, local_time: str,
                        timezone: str, days: str | None = None, max_items: int | None = None,
                        empty_note: bool | None = None) -> DigestSettings:
        """Validate and save; options left out keep their current (or default) value."""
        at = parse_local_time(local_time)
        zone = load_zone(timezone)
        current = await self._repository.get_settings(guild_id)
        weekdays = (parse_weekdays(days) if days is not None
                    else current.weekdays if current else parse_weekdays(None))
        if max_items is None:
            max_items = current.max_items if current else DEFAULT_MAX_ITEMS
        if not 1 <= max_items <= MAX_ITEMS:
            raise InvalidOptionError(f"max_items must be between 1 and {MAX_ITEMS}")
        if empty_note is None:
            empty_note = current.empty_note if current else False
        now = self.clock()
        settings = DigestSettings(
            guild_id=guild_id, channel_id=channel_id, local_time=format_local_time(at),
            timezone=zone.key, anchor_at=now, weekdays=weekdays, max_items=max_items,
            empty_note=empty_note, enabled=True)
        await self._repository.save_settings(settings, now)
        log.info("digest for guild %s set: channel %s at %s %s (%s), %d items", guild_id,
                 channel_id, settings.local_time, settings.timezone, sorted(weekdays),
                 max_items)
        return settings

    async def disable(self, guild_id: int) -> bool:
        turned_off = await self._repository.disable(guild_id, self.clock())
        if turned_off:
            log.info("digest for guild %s turned off", guild_id)
        return turned_off

    async def settings(self, guild_id: int) -> DigestSettings | None:
        return await self._repository.get_settings(guild_id)

    async def status(self, guild_id: int) -> DigestStatus:
        settings = await self._repository.get_settings(guild_id)
        next_run = None
        problem = None if settings is None else unusable_reason(settings)
        if settings is not None and settings.enabled and problem is None:
            next_run = _schedule(settings).next_after(max(self.clock(), settings.anchor_at))
        return DigestStatus(settings, next_run, await self._repository.latest_run(guild_id),
                            problem)

    # --- content --------------------------------------------------------------------

    async def preview(self, guild_id: int) -> Digest:
        """What would be posted now (the period since the last digest), without posting."""
        settings = await self._repository.get_settings(guild_id)
        now = self.clock()
        start = await self._period_start(guild_id, now)
        return await self.compose(
            guild_scope(guild_id), start, now,
            max_items=settings.max_items if settings else DEFAULT_MAX_ITEMS,
            timezone=shown_timezone(settings))

    async def compose(self, scope: str, start: datetime, end: datetime, *, max_items: int,
                      timezone: str) -> Digest:
        candidates = await self._repository.candidates(scope, start, end)
        people = None
        if self._people is not None and candidates:
            try:
                people = await self._people([c.article_id for c in candidates])
            except Exception:
                # Names are a nicety: a digest without them beats no digest.
                log.warning("people lookup failed for %s; digest without names", scope,
                            exc_info=True)
        return compose_digest(candidates, period_start=start, period_end=end,
                              timezone=timezone, max_items=max_items, people=people)

    # --- running ------------------------------------------------------------------------

    async def due_guilds(self) -> list[int]:
        """Servers with an occurrence to run or record, or an unfinished run."""
        now = self.clock()
        recorded = await self._repository.last_scheduled()
        due: set[int] = set()
        for settings in await self._repository.enabled_settings():
            try:
                latest = _schedule(settings).latest_at_or_before(now)
            except InvalidOptionError as error:
                self._warn_unusable(settings, error)
                if await self._repository.unusable_notice(settings.guild_id) != _fingerprint(
                        settings):
                    due.add(settings.guild_id)  # to tell the server, once
                continue
            done = recorded.get(settings.guild_id)
            if latest > settings.anchor_at and (done is None or latest > done):
                due.add(settings.guild_id)
        due.update(run.guild_id for run in await self._repository.open_runs()
                   if run.id not in self._in_flight)
        return sorted(due)

    async def next_due(self) -> datetime | None:
        """The earliest upcoming occurrence of any server, to sleep until."""
        now = self.clock()
        upcoming = []
        for settings in await self._repository.enabled_settings():
            try:
                upcoming.append(_schedule(settings).next_after(max(now, settings.anchor_at)))
            except InvalidOptionError:
                continue
        return min(upcoming, default=None)

    async def process_guild(self, guild_id: int, sender: DigestSender) -> list[DigestRun]:
        """Finish interrupted runs, then run or record the latest occurrence that is due."""
        outcomes: list[DigestRun] = []
        async with self._guild_lock(guild_id):
            settings = await self._repository.get_settings(guild_id)
            for run in await self._repository.open_runs(guild_id):
                if run.id not in self._in_flight:
                    outcome = await self._resume(run, settings, sender)
                    if outcome is not None:
                        outcomes.append(outcome)
            if settings is not None and settings.enabled:
                outcome = await self._run_due(settings, sender)
                if outcome is not None:
                    outcomes.append(outcome)
        return outcomes

    async def post_now(self, guild_id: int, sender: DigestSender) -> DigestRun:
        """``/digest now``: a manual run through the same outbox, covering the same period."""
        async with self._guild_lock(guild_id):
            settings = await self._repository.get_settings(guild_id)
            if settings is None:
                raise InvalidOptionError(NOT_SET_UP)
            run = await self._claim(settings, RunKind.MANUAL, self.clock())
            if run is None:  # the same microsecond twice: not worth more than a message
                raise InvalidOptionError("A digest is being posted right now; try again.")
            return await self._deliver(run, settings, sender, resume=False)

    async def _run_due(self, settings: DigestSettings, sender: DigestSender) -> DigestRun | None:
        now = self.clock()
        try:
            schedule = _schedule(settings)
        except InvalidOptionError as error:
            await self._tell_unusable(settings, error, sender)
            return None
        start = max(settings.anchor_at, now - MISSED_LOOKBACK)
        occurrences = list(schedule.between(start, now))
        if not occurrences:
            return None
        latest = occurrences[-1]
        for earlier in occurrences[:-1]:
            await self._record_missed(settings, earlier, now, "the bot was offline")
        if await self._repository.find_run(settings.guild_id, RunKind.SCHEDULED, latest):
            return None
        if now - latest > self.catch_up:
            await self._record_missed(settings, latest, now, "the bot was offline")
            return await self._repository.find_run(settings.guild_id, RunKind.SCHEDULED, latest)
        if latest < now - timedelta(minutes=1):
            log.info("guild %s: posting the %s digest %s late", settings.guild_id,
                     latest.isoformat(), now - latest)
        run = await self._claim(settings, RunKind.SCHEDULED, latest)
        if run is None:
            return None
        return await self._deliver(run, settings, sender, resume=False)

    def _warn_unusable(self, settings: DigestSettings, error: InvalidOptionError) -> None:
        seen = (settings.guild_id, _fingerprint(settings))
        if seen not in self._warned:
            self._warned.add(seen)
            log.warning("guild %s: digest paused, its stored settings no longer work "
                        "(%s %s): %s", settings.guild_id, settings.local_time,
                        settings.timezone, error)

    async def _tell_unusable(self, settings: DigestSettings, error: InvalidOptionError,
                             sender: DigestSender) -> None:
        """Post one notice in the digest channel, once for these settings (recorded)."""
        fingerprint = _fingerprint(settings)
        if await self._repository.unusable_notice(settings.guild_id) == fingerprint:
            return
        self._warn_unusable(settings, error)
        try:
            await sender.send_notice(settings.guild_id, settings.channel_id,
                                     unusable_notice(str(error)))
        except DeliveryError as failure:
            if not failure.permanent:
                log.warning("guild %s: could not post the paused-digest notice, will retry: "
                            "%s", settings.guild_id, failure)
                return
            # The channel is gone or closed to the bot: /digest show still says why.
            log.warning("guild %s: could not post the paused-digest notice: %s",
                        settings.guild_id, failure)
        else:
            log.info("guild %s: posted the paused-digest notice in channel %s",
                     settings.guild_id, settings.channel_id)
        await self._repository.record_unusable_notice(settings.guild_id, fingerprint)

    async def _record_missed(self, settings: DigestSettings, occurrence: datetime,
                             now: datetime, why: str) -> None:
        local = occurrence.astimezone(load_zone(settings.timezone))
        reason = (f"missed the {local:%a %d %b %H:%M} digest: {why} "
                  f"(catch-up window {_duration(self.catch_up)})")
        if await self._repository.record_missed(settings.guild_id, occurrence,
                                                settings.channel_id, reason, now):
            log.warning("guild %s: skipped the digest due at %s: %s", settings.guild_id,
                        occurrence.isoformat(), why)

    async def _claim(self, settings: DigestSettings, kind: RunKind,
                     occurrence: datetime) -> DigestRun | None:
        now = self.clock()
        return await self._repository.claim(NewRun(
            guild_id=settings.guild_id, kind=kind, scheduled_for=occurrence,
            channel_id=settings.channel_id, ref=secrets.token_hex(8), claimed_by=self._owner,
            period_start=await self._period_start(settings.guild_id, now), period_end=now,
            created_at=now))

    async def _period_start(self, guild_id: int, now: datetime) -> datetime:
        covered = await self._repository.covered_until(guild_id)
        if covered is not None:
            start = covered
        else:
            # The first digest covers 24 hours, counted from the first occurrence even when
            # that one was missed: downtime delays articles, it never drops them.
            first = await self._repository.first_occurrence(guild_id)
            start = min(first or now, now) - FIRST_PERIOD
        return min(max(start, now - MAX_PERIOD), now)

    async def _resume(self, run: DigestRun, settings: DigestSettings | None,
                      sender: DigestSender) -> DigestRun | None:
        now = self.clock()
        if run.state is RunState.FAILED:
            if (run.attempts >= self._max_attempts or self._too_late(run, now)
                    or settings is None or not settings.enabled):
                await self._repository.give_up(run.id, now)
                log.warning("guild %s: giving up on digest run %s after %d attempts: %s",
                            run.guild_id, run.id, run.attempts, run.error)
                return await self._repository.get_run(run.id)
        else:
            log.warning("guild %s: resuming digest run %s, interrupted while %s",
                        run.guild_id, run.id, run.state.value)
        claimed = await self._repository.reclaim(run.id, run, self._owner, now)
        if claimed is None:
            return None
        return await self._deliver(claimed, settings, sender, resume=True)

    async def _deliver(self, run: DigestRun, settings: DigestSettings | None,
                       sender: DigestSender, *, resume: bool) -> DigestRun:
        """Post a claimed run (or its missing parts) and record the outcome."""
        self._in_flight.add(run.id)
        posted: dict[int, int] = {}
        try:
            await self._post(run, settings, sender, resume=resume, posted=posted)
        except DeliveryError as error:
            posted.update(error.posted)
            retry = not error.permanent and run.attempts < self._max_attempts
            await self._repository.finish_failed(run.id, str(error), self.clock(),
                                                 retryable=retry,
                                                 message_ids=_in_order(posted))
            log.warning("guild %s: digest run %s failed (%s): %s", run.guild_id, run.id,
                        "will retry" if retry else "not retrying", error)
        except Exception:
            log.exception("guild %s: digest run %s failed unexpectedly", run.guild_id, run.id)
            await self._repository.finish_failed(
                run.id, "unexpected error (see the bot's log)", self.clock(),
                retryable=run.attempts < self._max_attempts, message_ids=_in_order(posted))
        finally:
            # A cancellation (shutdown, crash) leaves the row "composing": resumed later.
            self._in_flight.discard(run.id)
        final = await self._repository.get_run(run.id)
        assert final is not None  # rows are never deleted
        return final

    async def _post(self, run: DigestRun, settings: DigestSettings | None,
                    sender: DigestSender, *, resume: bool, posted: dict[int, int]) -> None:
        now = self.clock()
        assert run.period_start is not None
        assert run.period_end is not None
        if resume:
            try:
                posted.update(await sender.find_posted(run.guild_id, run.channel_id, run.ref,
                                                       run.created_at))
            except DeliveryError as error:
                raise DeliveryError(
                    f"an interrupted digest could not be checked, so it was not re-sent: "
                    f"{error}", permanent=True) from error
            if not posted and self._too_late(run, now):
                await self._repository.finish_skipped(
                    run.id, "missed: interrupted and not resumed within the catch-up window",
                    now, covered=False)
                log.warning("guild %s: interrupted digest run %s is past the catch-up "
                            "window; skipped", run.guild_id, run.id)
                return
        digest = await self.compose(
            guild_scope(run.guild_id), run.period_start, run.period_end,
            max_items=settings.max_items if settings else DEFAULT_MAX_ITEMS,
            timezone=shown_timezone(settings))
        if digest.is_empty and not posted and not (settings and settings.empty_note):
            await self._repository.finish_skipped(run.id, NOTHING_NEW, now, covered=True)
            log.info("guild %s: nothing new for digest run %s", run.guild_id, run.id)
            return
        await sender.check_channel(run.guild_id, run.channel_id)
        new = await sender.send(run.guild_id, run.channel_id, digest, run.ref,
                                skip_parts=frozenset(posted))
        posted.update(new)
        await self._repository.finish_sent(run.id, _in_order(posted), len(digest.items),
                                           self.clock())
        log.info("guild %s: digest run %s posted %d articles in %d messages", run.guild_id,
                 run.id, len(digest.items), len(posted))

    def _too_late(self, run: DigestRun, now: datetime) -> bool:
        return now - run.scheduled_for > self.catch_up

    @asynccontextmanager
    async def _guild_lock(self, guild_id: int) -> AsyncIterator[None]:
        # One run at a time per server, so a manual and a scheduled run never interleave.
        lock = self._locks.setdefault(guild_id, asyncio.Lock())
        async with lock:
            yield


def _schedule(settings: DigestSettings) -> Schedule:
    return Schedule.parse(settings.local_time, settings.timezone, settings.weekdays)


def unusable_reason(settings: DigestSettings) -> str | None:
    """Why stored settings no longer parse (say, a time zone dropped from tzdata), or None."""
    try:
        _schedule(settings)
    except InvalidOptionError as error:
        return str(error)
    return None


def shown_timezone(settings: DigestSettings | None) -> str:
    """The zone to show times in: the server's, or UTC when it has none or an unusable one."""
    if settings is None or unusable_reason(settings) is not None:
        return "UTC"
    return settings.timezone


def unusable_notice(reason: str) -> str:
    return (f"The news digest is paused: its saved settings no longer work ({reason}). "
            "An admin can set it up again with /digest set.")


def _fingerprint(settings: DigestSettings) -> str:
    """Which settings a notice was about: a new /digest set is new settings."""
    return (f"{settings.local_time}|{settings.timezone}|{sorted(settings.weekdays)}|"
            f"{settings.anchor_at.isoformat()}")


def _in_order(posted: dict[int, int]) -> list[int]:
    return [posted[part] for part in sorted(posted)]


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"
