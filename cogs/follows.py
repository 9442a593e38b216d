"""Follows in Discord: /follow person|topic|search, /following, /unfollow, and delivery.

Announcements go by DM (the default) or, for admins, to a channel with an optional role
mention. Each round of the delivery loop claims the batches that are due (in the database,
before anything is sent) and sends them, each request paced by the bot's one shared pacer.
A DM Discord refuses (closed DMs, code 50007) pauses that member's DM follows; the command
tree tells them so on their next command.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.digest.pacing import RequestPacer
from bot.discord_app.client import NewsBot, UserFacingError
from bot.follows.announce import announcement, follow_label, ref_line
from bot.follows.service import (
    MAX_QUERY_LENGTH,
    PAUSED_NOTE,
    ClaimedBatch,
    Follow,
    FollowAdded,
    FollowService,
)
from bot.knowledge import Knowledge
from bot.scopes import guild_scope
from cogs.checks import is_admin
from cogs.embeds import truncate
from cogs.knowledge import CHOICE_NAME_LIMIT, name_choices

log = logging.getLogger(__name__)

DELIVERY_INTERVAL = 30.0  # seconds between delivery rounds; tests make it shorter
DMS_CLOSED = 50007  # Discord: "Cannot send messages to this user"
MAX_CHOICES = 25
RECOVERY_HISTORY = 50  # recent messages searched for an interrupted announcement's ref


class FollowDelivery:
    """The loop that sends due announcements; one task, its reference kept."""

    def __init__(self, bot: NewsBot, service: FollowService, pacer: RequestPacer) -> None:
        self._bot = bot
        self._service = service
        self._pacer = pacer
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="follows delivery")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        await self._bot.wait_until_ready()
        try:
            await self.finish_interrupted()
        except Exception:
            log.exception("could not finish the follow announcements a stop interrupted")
        while True:
            try:
                await self.deliver_due()
            except Exception:  # the loop must outlive one bad round (a database hiccup)
                log.exception("follow delivery round failed")
            await asyncio.sleep(DELIVERY_INTERVAL)

    async def finish_interrupted(self) -> None:
        """Announcements claimed before a stop: those found among the target's recent
        messages (by their ref) are done, the others are sent now, with the same nonce."""
        for batch in await self._service.interrupted():
            try:
                posted = await self._already_posted(batch)
            except (discord.HTTPException, ChannelGoneError):
                posted = False  # unreadable: sending is the lesser harm than losing it
            if posted:
                await self._service.delivered(batch)
            else:
                await self._send_one(batch)

    async def _already_posted(self, batch: ClaimedBatch) -> bool:
        marker = ref_line(batch.ref)
        target = await self._target(batch)
        await self._pacer.wait()
        async for message in target.history(limit=RECOVERY_HISTORY):
            if message.author == self._bot.user and marker in message.content:
                return True
        return False

    async def deliver_due(self) -> int:
        batches = await self._service.claim_due()
        for batch in batches:
            await self._send_one(batch)
        return len(batches)

    async def _send_one(self, batch: ClaimedBatch) -> None:
        try:
            await self._deliver(batch)
        except discord.Forbidden as error:
            if batch.follow.by_dm and error.code == DMS_CLOSED:
                log.info("DMs of user %s are closed: pausing their DM follows",
                         batch.follow.user_id)
                await self._service.dms_refused(batch)
            else:
                await self._service.failed(batch, f"Discord refused ({error.code})")
        except ChannelGoneError:
            await self._service.failed(batch, "the channel no longer exists")
        except (discord.HTTPException, OSError, TimeoutError) as error:
            # Discord or the network failed for now: the articles wait for the next batch.
            log.warning("could not announce follow %s: %s", batch.follow.id, error)
            await self._service.failed(batch, "could not reach Discord", retry=True)
        else:
            await self._service.delivered(batch)

    async def _deliver(self, batch: ClaimedBatch) -> None:
        follow = batch.follow
        guild = self._bot.get_guild(int(follow.scope.removeprefix("guild:")))
        text = announcement(batch, guild.name if guild is not None else None)
        target = await self._target(batch)
        roles = [discord.Object(int(follow.role_id))] if follow.role_id else []
        await self._pacer.wait()
        # The nonce makes Discord drop a duplicate of a retried request.
        await target.send(text, nonce=batch.ref, allowed_mentions=discord.AllowedMentions(
            everyone=False, users=False, roles=roles))

    async def _target(self, batch: ClaimedBatch) -> discord.abc.Messageable:
        """The member's DM channel, or the follow's channel."""
        follow = batch.follow
        if follow.channel_id is not None:
            channel = self._bot.get_channel(int(follow.channel_id))
            if not isinstance(channel, discord.abc.Messageable):
                raise ChannelGoneError(follow.channel_id)
            return channel
        user = self._bot.get_user(int(follow.user_id))
        if user is None:
            await self._pacer.wait()
            user = await self._bot.fetch_user(int(follow.user_id))
        if user.dm_channel is None:
            await self._pacer.wait()
            return await user.create_dm()
        return user.dm_channel


class ChannelGoneError(Exception):
    """A follow's channel no longer exists, or the bot no longer sees it."""


def _where(follow: Follow) -> str:
    if follow.channel_id is None:
        return "by DM"
    role = f", mentioning <@&{follow.role_id}>" if follow.role_id else ""
    return f"in <#{follow.channel_id}>{role}"


def _added_message(added: FollowAdded, window_minutes: float) -> str:
    follow = added.follow
    lines = [f"Following the {follow_label(follow)}: new articles shared here will be "
             f"announced {_where(follow)}, at most once every {_window(window_minutes)}."]
    if not added.known:
        lines.append(f"Nothing shared here names “{follow.query}” yet; you will hear when "
                     "something does.")
    if added.resumed_dms:
        lines.append("Your paused DM follows are delivered again.")
    return "\n".join(lines)


def _check_can_post(channel: discord.TextChannel) -> None:
    allowed = channel.permissions_for(channel.guild.me)
    missing = [name for name, granted in (("View Channel", allowed.view_channel),
                                          ("Send Messages", allowed.send_messages))
               if not granted]
    if missing:
        raise UserFacingError(f"I can't post in {channel.mention}: I lack "
                              f"{' and '.join(missing)} there.")


def _window(minutes: float) -> str:
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")


@app_commands.guild_only()
class FollowCog(commands.GroupCog, group_name="follow",
                group_description="Hear of new articles about a person, a topic or a search"):
    def __init__(self, service: FollowService, knowledge: Knowledge) -> None:
        self._service = service
        self._knowledge = knowledge
        super().__init__()

    async def _follow(self, interaction: discord.Interaction[NewsBot], kind: str, text: str,
                      channel: discord.TextChannel | None, role: discord.Role | None) -> None:
        assert interaction.guild_id is not None  # guild_only
        if channel is not None or role is not None:
            is_admin(interaction)  # raises the reason for a member who is not
        if role is not None and channel is None:
            raise UserFacingError("A role can only be mentioned in a channel: choose a "
                                  "channel too (DMs mention nobody).")
        if channel is not None:
            _check_can_post(channel)
        added = await self._service.follow(
            guild_scope(interaction.guild_id), interaction.user.id, kind, text,
            channel_id=None if channel is None else channel.id,
            role_id=None if role is None else role.id)
        minutes = self._service.batch_window.total_seconds() / 60
        await interaction.response.send_message(_added_message(added, minutes),
                                                ephemeral=True)

    @app_commands.command(name="person", description="New articles naming a person")
    @app_commands.describe(name="A name, or just a surname",
                           channel="Admins: announce in this channel instead of by DM",
                           role="Admins: mention this role in the channel")
    async def person(self, interaction: discord.Interaction[NewsBot],
                     name: app_commands.Range[str, 1, MAX_QUERY_LENGTH],
                     channel: discord.TextChannel | None = None,
                     role: discord.Role | None = None) -> None:
        await self._follow(interaction, "person", name, channel, role)

    @person.autocomplete("name")
    async def person_autocomplete(self, interaction: discord.Interaction[NewsBot],
                                  current: str) -> list[app_commands.Choice[str]]:
        assert interaction.guild_id is not None
        return name_choices(await self._knowledge.people.suggest(
            guild_scope(interaction.guild_id), current))

    @app_commands.command(name="topic", description="New articles on a topic")
    @app_commands.describe(name="A topic (tag)",
                           channel="Admins: announce in this channel instead of by DM",
                           role="Admins: mention this role in the channel")
    async def topic(self, interaction: discord.Interaction[NewsBot],
                    name: app_commands.Range[str, 1, MAX_QUERY_LENGTH],
                    channel: discord.TextChannel | None = None,
                    role: discord.Role | None = None) -> None:
        await self._follow(interaction, "topic", name, channel, role)

    @topic.autocomplete("name")
    async def topic_autocomplete(self, interaction: discord.Interaction[NewsBot],
                                 current: str) -> list[app_commands.Choice[str]]:
        assert interaction.guild_id is not None
        return name_choices(await self._knowledge.topics.suggest(
            guild_scope(interaction.guild_id), current))

    @app_commands.command(name="search", description="New articles matching a search")
    @app_commands.describe(query='Words, "a phrase", OR, NOT, port*, tag:, person:, site:',
                           channel="Admins: announce in this channel instead of by DM",
                           role="Admins: mention this role in the channel")
    async def search(self, interaction: discord.Interaction[NewsBot],
                     query: app_commands.Range[str, 1, MAX_QUERY_LENGTH],
                     channel: discord.TextChannel | None = None,
                     role: discord.Role | None = None) -> None:
        await self._follow(interaction, "search", query, channel, role)

    @search.autocomplete("query")
    async def search_autocomplete(self, interaction: discord.Interaction[NewsBot],
                                  current: str) -> list[app_commands.Choice[str]]:
        """What was typed, then ``tag:`` and ``person:`` completions of its last word."""
        assert interaction.guild_id is not None
        scope = guild_scope(interaction.guild_id)
        head, _, last = current.rpartition(" ")
        prefix = f"{head} " if head else ""
        choices = [current] if current.strip() else []
        if last:
            topics = await self._knowledge.topics.suggest(scope, last)
            people = await self._knowledge.people.suggest(scope, last)
            choices += [f'{prefix}tag:"{item.name}"' for item in topics[:12]]
            choices += [f'{prefix}person:"{item.name}"' for item in people[:12]]
        return [app_commands.Choice(name=truncate(choice, CHOICE_NAME_LIMIT), value=choice)
                for choice in choices[:MAX_CHOICES] if len(choice) <= MAX_QUERY_LENGTH]


class FollowingCog(commands.Cog, name="Following"):
    def __init__(self, service: FollowService) -> None:
        self._service = service

    @app_commands.command(name="following", description="Your follows in this server")
    @app_commands.guild_only()
    async def following(self, interaction: discord.Interaction[NewsBot]) -> None:
        assert interaction.guild_id is not None
        mine = await self._service.following(guild_scope(interaction.guild_id),
                                             interaction.user.id)
        if not mine.follows:
            text = ("You follow nothing here yet: try /follow person, /follow topic or "
                    "/follow search.")
        else:
            lines = [f"• {follow_label(f)} — {_where(f)}" for f in mine.follows]
            text = f"Your follows here ({len(lines)}):\n" + "\n".join(lines)
        if mine.dms_paused:
            text += "\n" + PAUSED_NOTE
        await interaction.response.send_message(truncate(text, 2000), ephemeral=True)

    @app_commands.command(name="unfollow", description="Stop one of your follows")
    @app_commands.describe(follow="The follow to stop")
    @app_commands.guild_only()
    async def unfollow(self, interaction: discord.Interaction[NewsBot],
                       follow: app_commands.Range[str, 1, 20]) -> None:
        assert interaction.guild_id is not None
        removed = await self._service.unfollow(guild_scope(interaction.guild_id),
                                               interaction.user.id, follow)
        await interaction.response.send_message(
            f"You no longer follow the {follow_label(removed)} here.", ephemeral=True)

    @unfollow.autocomplete("follow")
    async def unfollow_autocomplete(self, interaction: discord.Interaction[NewsBot],
                                    current: str) -> list[app_commands.Choice[str]]:
        assert interaction.guild_id is not None
        mine = await self._service.following(guild_scope(interaction.guild_id),
                                             interaction.user.id)
        typed = current.casefold()
        return [app_commands.Choice(name=truncate(_choice_label(f), CHOICE_NAME_LIMIT),
                                    value=str(f.id))
                for f in mine.follows if typed in _choice_label(f).casefold()][:MAX_CHOICES]


def _choice_label(follow: Follow) -> str:
    return f"{follow.kind}: {follow.query}" + ("" if follow.by_dm else " (channel)")


class FollowLoopCog(commands.Cog, name="FollowDelivery"):
    """Starts and stops the matching task and the delivery loop with the extension."""

    def __init__(self, service: FollowService, delivery: FollowDelivery) -> None:
        self._service = service
        self.delivery = delivery

    async def cog_load(self) -> None:
        self._service.start()
        self.delivery.start()

    async def cog_unload(self) -> None:
        await self.delivery.stop()
        await self._service.stop()


async def setup(bot: NewsBot) -> None:
    runtime = bot.runtime
    await bot.add_cog(FollowCog(runtime.follows, runtime.knowledge))
    await bot.add_cog(FollowingCog(runtime.follows))
    await bot.add_cog(FollowLoopCog(runtime.follows, FollowDelivery(
        bot, runtime.follows, runtime.pacer)))
