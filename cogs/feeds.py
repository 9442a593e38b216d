"""``/feed``: a channel follows RSS, Atom and JSON feeds; and the Discord side of the poller."""

from __future__ import annotations

import io
import logging
from datetime import datetime
from typing import Protocol, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.digest.pacing import RequestPacer
from bot.discord_app.client import NewsBot, UserFacingError
from bot.errors import InvalidInputError
from bot.feeds.delivery import FeedPoster, ItemPost, PostError
from bot.feeds.opml import MAX_OPML_BYTES
from bot.feeds.polling import FeedPoller
from bot.feeds.scheduler import FeedScheduler
from bot.feeds.service import (
    MAX_BACKLOG,
    Feed,
    FeedRepository,
    FeedService,
    FeedState,
    FeedTest,
)
from bot.ingest.articles import guild_scope
from bot.ingest.urls import MAX_URL_LENGTH
from bot.runtime.settings import Settings
from cogs.checks import is_admin
from cogs.digest import missing_permissions
from cogs.embeds import article_embed, truncate

log = logging.getLogger(__name__)

HISTORY_LIMIT = 100  # messages read back to find a post a crash may have left unrecorded
THREAD_NAME_LIMIT = 100
LIST_LIMIT = 1900


class DiscordFeedPoster:
    """Implements ``bot.feeds.delivery.FeedPoster``; every REST call waits for the pacer
    shared with the digests."""

    def __init__(self, bot: commands.Bot, pacer: RequestPacer) -> None:
        self._bot = bot
        self._pacer = pacer

    def _channel(self, feed: Feed) -> discord.TextChannel:
        guild_id = int(feed.scope.removeprefix("guild:"))
        guild = self._bot.get_guild(guild_id)
        if guild is None or guild.unavailable:
            raise PostError("the bot cannot see this server right now", permanent=False)
        channel = guild.get_channel(feed.channel_id)
        if not isinstance(channel, discord.TextChannel):
            raise PostError(f"the channel <#{feed.channel_id}> no longer exists",
                            permanent=True)
        return channel

    async def post(self, feed: Feed, item: ItemPost) -> int:
        channel = self._channel(feed)
        await self._pacer.wait()
        try:
            if item.card is not None:
                message = await channel.send(embeds=[article_embed(item.card)])
            else:
                message = await channel.send(content=truncate(
                    f"📰 **{item.title}**\n{item.url or ''}", 2000))
            if feed.thread:
                await self._pacer.wait()
                await message.create_thread(name=truncate(item.title, THREAD_NAME_LIMIT))
        except discord.Forbidden:
            raise PostError(f"the bot is not allowed to post in <#{feed.channel_id}>",
                            permanent=True) from None
        except discord.NotFound:
            raise PostError(f"the channel <#{feed.channel_id}> no longer exists",
                            permanent=True) from None
        except discord.HTTPException as error:
            raise PostError(f"Discord refused the post ({error.status})",
                            permanent=False) from error
        except (OSError, TimeoutError) as error:
            raise PostError("could not reach Discord", permanent=False) from error
        return message.id

    async def find_posted(self, feed: Feed, url: str, since: datetime) -> int | None:
        channel = self._channel(feed)
        me = self._bot.user
        after = discord.Object(id=discord.utils.time_snowflake(since))
        await self._pacer.wait()
        try:
            async for message in channel.history(limit=HISTORY_LIMIT, after=after):
                if me is not None and message.author.id == me.id and (
                        any(embed.url == url for embed in message.embeds)
                        or url in message.content):
                    return message.id
        except discord.Forbidden:
            raise PostError(f"the bot lacks Read Message History in <#{feed.channel_id}>",
                            permanent=True) from None
        except discord.HTTPException as error:
            raise PostError(f"Discord error while reading <#{feed.channel_id}>",
                            permanent=False) from error
        return None

    async def send_notice(self, feed: Feed, text: str) -> None:
        channel = self._channel(feed)
        await self._pacer.wait()
        try:
            await channel.send(content=text)
        except (discord.Forbidden, discord.NotFound):
            raise PostError("the bot may not post the notice", permanent=True) from None
        except discord.HTTPException as error:
            raise PostError(f"Discord refused the notice ({error.status})",
                            permanent=False) from error


@app_commands.guild_only()
class FeedCog(commands.GroupCog, group_name="feed",
              group_description="Feeds (RSS, Atom, JSON Feed) posted into channels"):
    def __init__(self, service: FeedService, scheduler: FeedScheduler) -> None:
        self._service = service
        self.scheduler = scheduler
        super().__init__()

    async def cog_load(self) -> None:
        self.scheduler.start()

    async def cog_unload(self) -> None:
        await self.scheduler.stop()

    @app_commands.command(name="add", description="Post a feed's new items in a channel "
                                                  "(admins)")
    @app_commands.describe(
        url="The feed, or a page that advertises one", channel="Where to post (default: here)",
        filter='Keep only items that match: words, "phrases", -word, tag:, person:, site:',
        backlog=f"Post the latest items already in the feed (0-{MAX_BACKLOG}, default 0)",
        digest_only="Store items for digests and search, post nothing one by one",
        thread="Open a thread on each posted item")
    @app_commands.check(is_admin)
    async def add(self, interaction: discord.Interaction[NewsBot],  # noqa: PLR0917
                  url: app_commands.Range[str, 1, MAX_URL_LENGTH],
                  channel: discord.TextChannel | None = None,
                  filter: app_commands.Range[str, 1, 300] | None = None,
                  backlog: app_commands.Range[int, 0, MAX_BACKLOG] = 0,
                  digest_only: bool = False, thread: bool = False) -> None:
        assert interaction.guild_id is not None
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            raise UserFacingError("Feeds post in text channels: choose one with `channel`.")
        _check_permissions(target, thread)
        await interaction.response.defer(ephemeral=True, thinking=True)
        feed = await self._service.add(
            guild_scope(interaction.guild_id), target.id, url, filter_text=filter,
            backlog=backlog, digest_only=digest_only, thread=thread,
            created_by=str(interaction.user.id))
        self.scheduler.wake()
        what = ("stored for digests and search" if digest_only else f"posted in {target.mention}")
        backlog_note = (f" The latest {backlog} item{'s' if backlog != 1 else ''} will be "
                        "posted now." if backlog else " Items already in it are not posted.")
        await interaction.followup.send(
            f"Added feed **{feed.id}**: {feed.title or feed.url} (<{feed.url}>). New items "
            f"will be {what}.{backlog_note}", ephemeral=True)

    @app_commands.command(name="remove", description="Stop following a feed (admins)")
    @app_commands.describe(feed="The feed's number (see /feed list)")
    @app_commands.check(is_admin)
    async def remove(self, interaction: discord.Interaction[NewsBot], feed: int) -> None:
        assert interaction.guild_id is not None
        removed = await self._service.remove(guild_scope(interaction.guild_id), feed)
        await interaction.response.send_message(
            f"Removed feed {removed.id} ({removed.title or removed.url}).", ephemeral=True)

    @app_commands.command(name="pause", description="Stop polling a feed for now (admins)")
    @app_commands.describe(feed="The feed's number (see /feed list)")
    @app_commands.check(is_admin)
    async def pause(self, interaction: discord.Interaction[NewsBot], feed: int) -> None:
        assert interaction.guild_id is not None
        paused = await self._service.pause(guild_scope(interaction.guild_id), feed)
        await interaction.response.send_message(
            f"Paused feed {paused.id}. `/feed resume {paused.id}` starts it again.",
            ephemeral=True)

    @app_commands.command(name="resume", description="Poll a paused feed again (admins)")
    @app_commands.describe(feed="The feed's number (see /feed list)")
    @app_commands.check(is_admin)
    async def resume(self, interaction: discord.Interaction[NewsBot], feed: int) -> None:
        assert interaction.guild_id is not None
        resumed = await self._service.resume(guild_scope(interaction.guild_id), feed)
        self.scheduler.wake()
        await interaction.response.send_message(
            f"Resumed feed {resumed.id}; it is polled now.", ephemeral=True)

    @remove.autocomplete("feed")
    @pause.autocomplete("feed")
    @resume.autocomplete("feed")
    async def feed_autocomplete(self, interaction: discord.Interaction[NewsBot],
                                current: str) -> list[app_commands.Choice[int]]:
        if interaction.guild_id is None:
            return []
        wanted = current.casefold()
        choices = []
        for feed in await self._service.in_scope(guild_scope(interaction.guild_id)):
            name = truncate(f"{feed.id}: {feed.title or feed.url}", 100)
            if wanted in name.casefold():
                choices.append(app_commands.Choice(name=name, value=feed.id))
        return choices[:25]

    @app_commands.command(name="list", description="This server's feeds and their status")
    @app_commands.check(is_admin)
    async def list_feeds(self, interaction: discord.Interaction[NewsBot]) -> None:
        assert interaction.guild_id is not None
        feeds = await self._service.in_scope(guild_scope(interaction.guild_id))
        await interaction.response.send_message(describe_feeds(feeds), ephemeral=True)

    @app_commands.command(name="test", description="See privately what a feed would post")
    @app_commands.describe(url="The feed, or a page that advertises one",
                           filter="A filter to try on its items")
    @app_commands.check(is_admin)
    async def test(self, interaction: discord.Interaction[NewsBot],
                   url: app_commands.Range[str, 1, MAX_URL_LENGTH],
                   filter: app_commands.Range[str, 1, 300] | None = None
                   ) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self._service.test(url, filter, guild_scope(interaction.guild_id))
        await interaction.followup.send(describe_test(result), ephemeral=True)

    @app_commands.command(name="import", description="Follow the feeds of an OPML file "
                                                     "(admins)")
    @app_commands.describe(file="An OPML file (from a feed reader or /feed export)",
                           channel="Where to post (default: here)")
    @app_commands.check(is_admin)
    async def import_feeds(self, interaction: discord.Interaction[NewsBot],
                           file: discord.Attachment,
                           channel: discord.TextChannel | None = None) -> None:
        assert interaction.guild_id is not None
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            raise UserFacingError("Feeds post in text channels: choose one with `channel`.")
        if file.size > MAX_OPML_BYTES:
            raise InvalidInputError("the OPML file is larger than 1 MB")
        _check_permissions(target, False)
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await self._service.import_opml(
            guild_scope(interaction.guild_id), target.id, await file.read(),
            created_by=str(interaction.user.id))
        self.scheduler.wake()
        lines = [f"Imported {len(report.added)} feed{'s' if len(report.added) != 1 else ''} "
                 f"into {target.mention}."]
        lines += [f"Skipped <{url}>: {reason}" for url, reason in report.skipped]
        await interaction.followup.send(truncate("\n".join(lines), LIST_LIMIT), ephemeral=True)

    @app_commands.command(name="export", description="This server's feeds as an OPML file")
    @app_commands.check(is_admin)
    async def export_feeds(self, interaction: discord.Interaction[NewsBot]) -> None:
        assert interaction.guild_id is not None
        data = await self._service.export_opml(guild_scope(interaction.guild_id))
        await interaction.response.send_message(
            "This server's feeds:", ephemeral=True,
            file=discord.File(io.BytesIO(data), filename="newsbot-feeds.opml"))


def _check_permissions(channel: discord.TextChannel, thread: bool) -> None:
    missing = missing_permissions(channel.permissions_for(channel.guild.me))
    if thread and not channel.permissions_for(channel.guild.me).create_public_threads:
        missing.append("Create Public Threads")
    if missing:
        raise UserFacingError(f"I can't post feeds in {channel.mention}: the bot lacks "
                              f"{', '.join(missing)} there.")


def describe_feeds(feeds: list[Feed]) -> str:
    if not feeds:
        return "This server follows no feeds. An admin can add one with `/feed add`."
    lines = []
    for feed in feeds:
        options = [option for option, on in (("digest only", feed.digest_only),
                                             ("threads", feed.thread)) if on]
        if feed.filter:
            options.append(f"filter `{feed.filter}`")
        line = (f"**{feed.id}** {feed.title or feed.url} <{feed.url}> → <#{feed.channel_id}>"
                + (f" ({', '.join(options)})" if options else ""))
        if feed.state is FeedState.PAUSED:
            line += f"\n  ⏸️ paused: {feed.paused_reason}"
        elif feed.error:
            line += f"\n  ⚠️ {feed.error}"
        lines.append(line)
    return truncate("\n".join(lines), LIST_LIMIT)


def describe_test(result: FeedTest) -> str:
    header = (f"**{result.title or result.url}** <{result.url}>: {result.total} item"
              f"{'s' if result.total != 1 else ''} now.")
    lines = [header]
    if result.problem:
        lines.append(f"⚠️ {result.problem}; read as far as possible.")
    if result.items:
        lines.append("The next items it would post (newest first):")
    for tested in result.items:
        mark = "" if tested.kept is None else ("✅ kept · " if tested.kept else "❌ left out · ")
        lines.append(f"- {mark}{tested.item.title or tested.item.link or 'untitled'}")
    return truncate("\n".join(lines), LIST_LIMIT)


class _WithFeeds(Protocol):
    @property
    def feeds(self) -> FeedService: ...

    @property
    def feed_repository(self) -> FeedRepository: ...

    @property
    def feed_poller(self) -> FeedPoller: ...

    @property
    def pacer(self) -> RequestPacer: ...

    @property
    def settings(self) -> Settings: ...


async def setup(bot: NewsBot) -> None:
    runtime = cast(_WithFeeds, bot.runtime)
    poster: FeedPoster = DiscordFeedPoster(bot, runtime.pacer)
    scheduler = FeedScheduler(runtime.feed_repository, runtime.feed_poller, poster,
                              concurrency=runtime.settings.feed_concurrency,
                              before_start=bot.wait_until_ready)
    await bot.add_cog(FeedCog(runtime.feeds, scheduler))
