"""``/digest``: scheduled news digests per server, and the Discord side of the digest loop."""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Protocol, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.digest import DigestRun, RunState
from bot.digest.compose import Digest
from bot.digest.pacing import RequestPacer
from bot.digest.plain_text import format_local
from bot.digest.schedule import format_weekdays, suggest_timezones
from bot.digest.scheduler import DigestScheduler
from bot.digest.sender import DeliveryError
from bot.digest.service import MAX_ITEMS, DigestService, DigestStatus, shown_timezone
from bot.discord_app.client import NewsBot, UserFacingError
from bot.runtime.settings import Settings
from cogs.checks import is_admin
from cogs.digest_embeds import digest_embeds, digest_messages, parse_marker
from cogs.embeds import pack_messages

log = logging.getLogger(__name__)

# What the bot needs in the digest channel. Reading history lets it check, after a crash,
# which parts of a digest were already posted, so nothing is posted twice.
REQUIRED_PERMISSIONS = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
    ("read_message_history", "Read Message History"),
)
HISTORY_MARGIN = timedelta(minutes=5)
HISTORY_PAGE = 100  # messages per history request (Discord's maximum)
HISTORY_PAGES = 2  # read at most this many pages after the run started


def missing_permissions(permissions: discord.Permissions) -> list[str]:
    return [label for flag, label in REQUIRED_PERMISSIONS if not getattr(permissions, flag)]


class DiscordDigestSender:
    """Implements ``bot.digest.sender.DigestSender`` with the bot's cache and REST calls.

    Every REST call waits for ``pacer`` first (one pacer for all servers: see
    ``bot.digest.pacing``); ``check_channel`` reads the gateway cache and costs no request.
    """

    def __init__(self, bot: commands.Bot, pacer: RequestPacer | None = None) -> None:
        self._bot = bot
        self.pacer = pacer if pacer is not None else RequestPacer()

    def _channel(self, guild_id: int, channel_id: int) -> discord.TextChannel:
        guild = self._bot.get_guild(guild_id)
        if guild is None or guild.unavailable:
            # Maybe a Discord outage or a reconnect in progress: worth another try.
            raise DeliveryError("the bot cannot see this server right now", permanent=False)
        channel = guild.get_channel(channel_id)
        if channel is None:
            raise DeliveryError(f"the channel <#{channel_id}> no longer exists", permanent=True)
        if not isinstance(channel, discord.TextChannel):
            raise DeliveryError(f"<#{channel_id}> is not a text channel", permanent=True)
        return channel

    async def check_channel(self, guild_id: int, channel_id: int) -> None:
        channel = self._channel(guild_id, channel_id)
        missing = missing_permissions(channel.permissions_for(channel.guild.me))
        if missing:
            raise DeliveryError(f"the bot lacks {', '.join(missing)} in <#{channel_id}>",
                                permanent=True)

    async def find_posted(self, guild_id: int, channel_id: int, ref: str,
                          since: datetime) -> dict[int, int]:
        channel = self._channel(guild_id, channel_id)
        me = self._bot.user
        after: discord.abc.Snowflake = discord.Object(
            id=discord.utils.time_snowflake(since - HISTORY_MARGIN))
        found: dict[int, int] = {}
        try:
            # Page by page, so that each request waits for the pacer.
            for _page in range(HISTORY_PAGES):
                await self.pacer.wait()
                page = [message async for message in
                        channel.history(limit=HISTORY_PAGE, after=after)]
                for message in page:
                    if me is None or message.author.id != me.id:
                        continue
                    for embed in message.embeds:
                        marker = parse_marker(embed.footer.text)
                        if marker is not None and marker[0] == ref:
                            found[marker[1]] = message.id
                if len(page) < HISTORY_PAGE:
                    break
                after = max(page, key=lambda message: message.id)
        except discord.Forbidden:
            raise DeliveryError("the bot lacks Read Message History in "
                                f"<#{channel_id}>", permanent=True) from None
        except discord.HTTPException as error:
            raise DeliveryError(f"Discord error while reading <#{channel_id}>: "
                                f"{error.status}", permanent=error.status < 500) from error
        return found

    async def send(self, guild_id: int, channel_id: int, digest: Digest, ref: str, *,
                   skip_parts: Collection[int] = ()) -> dict[int, int]:
        channel = self._channel(guild_id, channel_id)
        posted: dict[int, int] = {}
        for part, message in enumerate(digest_messages(digest, ref), start=1):
            if part in skip_parts:
                continue
            await self.pacer.wait()
            try:
                # The nonce makes Discord drop a duplicate of a retried request.
                sent = await channel.send(content=message.content, embeds=message.embeds,
                                          nonce=f"{ref}{part:02d}"[:25])
            except discord.NotFound:
                raise DeliveryError(f"the channel <#{channel_id}> no longer exists",
                                    permanent=True, posted=posted) from None
            except discord.Forbidden:
                raise DeliveryError(f"the bot is not allowed to post in <#{channel_id}>",
                                    permanent=True, posted=posted) from None
            except discord.HTTPException as error:
                raise DeliveryError(f"Discord refused the digest ({error.status})",
                                    permanent=error.status < 500, posted=posted) from error
            except (OSError, TimeoutError) as error:
                raise DeliveryError("could not reach Discord", permanent=False,
                                    posted=posted) from error
            posted[part] = sent.id
        return posted

    async def send_notice(self, guild_id: int, channel_id: int, text: str) -> int:
        channel = self._channel(guild_id, channel_id)
        await self.pacer.wait()
        try:
            sent = await channel.send(content=text)
        except discord.NotFound:
            raise DeliveryError(f"the channel <#{channel_id}> no longer exists",
                                permanent=True) from None
        except discord.Forbidden:
            raise DeliveryError(f"the bot is not allowed to post in <#{channel_id}>",
                                permanent=True) from None
        except discord.HTTPException as error:
            raise DeliveryError(f"Discord refused the notice ({error.status})",
                                permanent=error.status < 500) from error
        except (OSError, TimeoutError) as error:
            raise DeliveryError("could not reach Discord", permanent=False) from error
        return sent.id


@app_commands.guild_only()
class DigestCog(commands.GroupCog, group_name="digest",
                group_description="A daily or weekly digest of the news shared here"):
    def __init__(self, service: DigestService, sender: DiscordDigestSender,
                 scheduler: DigestScheduler) -> None:
        self._service = service
        self._sender = sender
        self.scheduler = scheduler
        super().__init__()

    async def cog_load(self) -> None:
        self.scheduler.start()

    async def cog_unload(self) -> None:
        await self.scheduler.stop()

    @app_commands.command(name="set", description="Post a digest in a channel at a local "
                                                  "time (admins)")
    @app_commands.describe(
        channel="Where to post the digest", time="Local time of day, HH:MM (24-hour)",
        timezone="Your time zone, e.g. Europe/Berlin", days="daily, mon-fri, weekends, "
        "mon,wed,fri ... (default: daily)", max_items=f"Most articles shown (1-{MAX_ITEMS}, "
        "default 10)", empty_note="Post a one-line note when nothing was shared")
    @app_commands.check(is_admin)
    async def set_digest(self, interaction: discord.Interaction[NewsBot],  # noqa: PLR0917
                         channel: discord.TextChannel,
                         time: app_commands.Range[str, 3, 5],
                         timezone: app_commands.Range[str, 1, 64],
                         days: app_commands.Range[str, 1, 60] | None = None,
                         max_items: app_commands.Range[int, 1, MAX_ITEMS] | None = None,
                         empty_note: bool | None = None) -> None:
        assert interaction.guild_id is not None  # guild_only
        try:
            await self._sender.check_channel(interaction.guild_id, channel.id)
        except DeliveryError as error:
            raise UserFacingError(f"I can't post digests in {channel.mention}: {error}.") \
                from None
        await self._service.configure(interaction.guild_id, channel.id, local_time=time,
                                      timezone=timezone, days=days, max_items=max_items,
                                      empty_note=empty_note)
        self.scheduler.wake()
        status = await self._service.status(interaction.guild_id)
        await interaction.response.send_message("Saved. " + describe_status(status),
                                                ephemeral=True)

    @set_digest.autocomplete("timezone")
    async def timezone_autocomplete(self, _interaction: discord.Interaction[NewsBot],
                                    current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name)
                for name in suggest_timezones(current)]

    @app_commands.command(name="off", description="Stop posting the digest (admins)")
    @app_commands.check(is_admin)
    async def off(self, interaction: discord.Interaction[NewsBot]) -> None:
        assert interaction.guild_id is not None
        turned_off = await self._service.disable(interaction.guild_id)
        message = ("The digest is off. `/digest set` turns it on again." if turned_off
                   else "The digest was not on.")
        await interaction.response.send_message(message, ephemeral=True)

    @app_commands.command(name="show", description="Digest settings, next run and last result")
    async def show(self, interaction: discord.Interaction[NewsBot]) -> None:
        assert interaction.guild_id is not None
        status = await self._service.status(interaction.guild_id)
        await interaction.response.send_message(describe_status(status), ephemeral=True)

    @app_commands.command(name="preview", description="See privately what the digest would "
                                                      "post now")
    async def preview(self, interaction: discord.Interaction[NewsBot]) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        digest = await self._service.preview(interaction.guild_id)
        for message in pack_messages(None, digest_embeds(digest)):
            await interaction.followup.send(embeds=message.embeds, ephemeral=True)

    @app_commands.command(name="now", description="Post the digest now (admins)")
    @app_commands.check(is_admin)
    async def now(self, interaction: discord.Interaction[NewsBot]) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        run = await self._service.post_now(interaction.guild_id, self._sender)
        await interaction.followup.send(describe_manual_run(run), ephemeral=True)


def describe_status(status: DigestStatus) -> str:
    settings = status.settings
    if settings is None:
        return "No digest is set up. An admin can start one with `/digest set`."
    state = "on" if settings.enabled else "off"
    if status.problem is not None and settings.enabled:
        state = "paused"
    # An unusable zone cannot show times: they are shown in UTC then.
    timezone = shown_timezone(settings)
    lines = [
        f"Digest: **{state}**, in <#{settings.channel_id}> at {settings.local_time} "
        f"{settings.timezone}, {format_weekdays(settings.weekdays)}, up to "
        f"{settings.max_items} articles"
        + (", with a note when nothing was shared." if settings.empty_note else "."),
    ]
    if status.problem is not None:
        lines.append(f"**The saved settings no longer work**: {status.problem}. No digest is "
                     "posted until an admin saves new ones with `/digest set`.")
    if status.next_run is not None:
        lines.append(f"Next digest: {format_local(status.next_run, timezone)}.")
    if status.last_run is not None:
        lines.append("Last digest: " + describe_run(status.last_run, timezone))
    return "\n".join(lines)


def describe_run(run: DigestRun, timezone: str) -> str:
    when = format_local(run.scheduled_for, timezone)
    if run.state is RunState.SENT:
        count = run.article_count or 0
        what = "a note that nothing was shared" if count == 0 else (
            f"{count} article{'s' if count != 1 else ''}")
        return f"{when}: posted {what} in <#{run.channel_id}>."
    if run.state is RunState.SKIPPED:
        return f"{when}: nothing posted ({run.error or 'skipped'})."
    if run.state is RunState.FAILED:
        retry = " Will retry shortly." if run.retryable else ""
        return f"{when}: **failed**: {run.error}.{retry}"
    return f"{when}: being posted now."


def describe_manual_run(run: DigestRun) -> str:
    if run.state is RunState.SENT:
        count = run.article_count or 0
        if count == 0:
            return f"Nothing new was shared; posted a note in <#{run.channel_id}>."
        return f"Posted {count} article{'s' if count != 1 else ''} in <#{run.channel_id}>."
    if run.state is RunState.SKIPPED:
        return "Nothing new was shared since the last digest, so nothing was posted."
    if run.state is RunState.FAILED:
        return f"Couldn't post the digest: {run.error}."
    return "The digest is being posted."


class _WithDigests(Protocol):
    @property
    def digests(self) -> DigestService: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def pacer(self) -> RequestPacer: ...


async def setup(bot: NewsBot) -> None:
    # The runtime builds the service (Discord-free); this cog adds the sender and the loop.
    runtime = cast(_WithDigests, bot.runtime)
    service = runtime.digests
    # One pacer for every server's digest (and the feeds' and follows' posts), so
    # together they stay under the global limit.
    sender = DiscordDigestSender(bot, runtime.pacer)
    scheduler = DigestScheduler(service, sender, before_start=bot.wait_until_ready)
    await bot.add_cog(DigestCog(service, sender, scheduler))
