"""Summaries in Discord: links posted in chat, /summarize, and the "Summarize links" menu."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NewsBot, UserFacingError, send_ephemeral
from bot.errors import NewsbotError
from bot.ingest.articles import (
    ArticleService,
    IngestResult,
    IngestStatus,
    ShareContext,
    StoredShare,
    dm_scope,
    guild_scope,
)
from bot.ingest.cards import ArticleCard
from bot.ingest.preferences import SummaryPreferences
from bot.ingest.processing import SummaryOptions
from bot.ingest.urls import MAX_URL_LENGTH, find_links
from bot.summarizing import ALGORITHMS, MAX_SENTENCES
from cogs.embeds import article_embed, pack_messages

log = logging.getLogger(__name__)

MAX_LINKS_PER_MESSAGE = 3
FAILED_REACTION = "⚠️"
SUMMARY_REACTION = "📰"  # asks for a summary in channels in "reaction" mode
ALGORITHM_CHOICES = [app_commands.Choice(name=name, value=name) for name in ALGORITHMS]


@dataclass(frozen=True, slots=True)
class LinkOutcome:
    url: str
    result: IngestResult | None = None
    error: str | None = None


class SummaryCog(commands.Cog, name="Summaries"):
    def __init__(self, client: NewsBot, articles: ArticleService,
                 preferences: SummaryPreferences) -> None:
        self._client = client
        self._tree = client.tree
        self._articles = articles
        self._preferences = preferences
        self._menu = app_commands.ContextMenu(name="Summarize links",
                                              callback=self.summarize_links)

    async def cog_load(self) -> None:
        self._tree.add_command(self._menu)

    async def cog_unload(self) -> None:
        self._tree.remove_command(self._menu.name, type=self._menu.type)

    # --- links posted in chat -----------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None:
            return
        links = find_links(message.content, MAX_LINKS_PER_MESSAGE)
        if not links:
            return
        guild_id = message.guild.id if message.guild else None
        if guild_id is not None and not await self._answers_by_itself(
                guild_id, message.channel.id, message.author.id, "auto"):
            return
        await self._summarize_message(message, links)

    async def _answers_by_itself(self, guild_id: int, channel_id: int, author_id: int,
                                 mode: str) -> bool:
        """Whether the channel is in ``mode`` and the author has not opted out."""
        if await self._preferences.channel_mode(channel_id) != mode:
            return False
        return not await self._preferences.opted_out(guild_id, author_id)

    async def _summarize_message(self, message: discord.Message, links: list[str]) -> None:
        guild_id = message.guild.id if message.guild else None
        options = await self._preferences.options_for(guild_id)
        context = _share_context(guild_id, message.author, message.channel.id, message.id)
        async with message.channel.typing():
            outcomes = await asyncio.gather(
                *(self._ingest(link, context, options) for link in links))
        await self._reply_to_message(message, outcomes)

    async def _reply_to_message(self, message: discord.Message,
                                outcomes: list[LinkOutcome]) -> None:
        notes, embeds, shares = _render_outcomes(outcomes, message.guild)
        try:
            if any(outcome.error for outcome in outcomes):
                await message.add_reaction(FAILED_REACTION)
            replies = [await message.reply(content=part.content, embeds=part.embeds,
                                           mention_author=False)
                       for part in pack_messages("\n".join(notes) or None, embeds)]
            # Later shares of these articles link back to this reply.
            for share in shares if replies else ():
                await self._articles.record_reply(share, replies[0].id)
        except discord.HTTPException:
            log.warning("could not reply in channel %s (guild %s)", message.channel.id,
                        message.guild.id if message.guild else None, exc_info=True)

    # --- a 📰 reaction, in channels in "reaction" mode ----------------------------------

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        if (payload.guild_id is None or str(payload.emoji) != SUMMARY_REACTION
                or (payload.member is not None and payload.member.bot)):
            return
        if await self._preferences.channel_mode(payload.channel_id) != "reaction":
            return
        message = await self._reacted_message(payload)
        if message is None or message.author.bot or message.webhook_id is not None:
            return
        links = find_links(message.content, MAX_LINKS_PER_MESSAGE)
        # A member who opted out is never answered automatically, whoever reacts.
        if not links or await self._preferences.opted_out(payload.guild_id, message.author.id):
            return
        # Once per message, however many members react (claimed before any reply).
        if not await self._preferences.claim_reaction_summary(payload.channel_id,
                                                              payload.message_id):
            return
        await self._summarize_message(message, links)

    async def _reacted_message(self, payload: discord.RawReactionActionEvent
                               ) -> discord.Message | None:
        channel = self._client.get_channel(payload.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return None
        try:
            return await channel.fetch_message(payload.message_id)
        except discord.HTTPException:
            log.info("could not read message %s reacted to in channel %s", payload.message_id,
                     payload.channel_id)
            return None

    # --- /summarize -----------------------------------------------------------------------

    @app_commands.command(name="summarize", description="Summarize a news article from a link")
    @app_commands.describe(url="The article's address (http or https)",
                           sentences=f"Summary length in sentences (1-{MAX_SENTENCES})",
                           algorithm="How to choose the sentences (default: the server's)")
    @app_commands.choices(algorithm=ALGORITHM_CHOICES)
    async def summarize(self, interaction: discord.Interaction[NewsBot],
                        url: app_commands.Range[str, 1, MAX_URL_LENGTH],
                        sentences: app_commands.Range[int, 1, MAX_SENTENCES] | None = None,
                        algorithm: str | None = None) -> None:
        await interaction.response.defer(thinking=True)
        options = await self._preferences.options_for(
            interaction.guild_id, sentences=sentences, algorithm=algorithm)
        context = _share_context(interaction.guild_id, interaction.user,
                                 interaction.channel_id, None)
        outcome = await self._ingest(url.strip(), context, options)
        if outcome.error is not None:
            await send_ephemeral(interaction, f"Couldn't summarize that link: {outcome.error}")
            return
        assert outcome.result is not None
        card = await self._articles.card(outcome.result, options)
        note = _duplicate_note(outcome.result, interaction.guild)
        await self._send_followups(interaction, note, [article_embed(card)])

    # --- "Summarize links" message menu -------------------------------------------------------

    async def summarize_links(self, interaction: discord.Interaction[NewsBot],
                              message: discord.Message) -> None:
        await interaction.response.defer(thinking=True)
        links = find_links(message.content, MAX_LINKS_PER_MESSAGE)
        if not links:
            raise UserFacingError("That message has no http or https links.")
        options = await self._preferences.options_for(interaction.guild_id)
        context = _share_context(interaction.guild_id, interaction.user, message.channel.id,
                                 message.id)
        outcomes = await asyncio.gather(*(self._ingest(link, context, options)
                                          for link in links))
        if all(outcome.error for outcome in outcomes):
            reasons = "\n".join(f"{outcome.url}: {outcome.error}" for outcome in outcomes)
            await send_ephemeral(interaction, f"Couldn't summarize those links:\n{reasons}")
            return
        notes, embeds, _shares = _render_outcomes(outcomes, interaction.guild,
                                                  always_embed=True)
        await self._send_followups(interaction, "\n".join(notes) or None, embeds)

    # --- shared steps ---------------------------------------------------------------------

    async def _ingest(self, url: str, context: ShareContext,
                      options: SummaryOptions) -> LinkOutcome:
        try:
            return LinkOutcome(url, result=await self._articles.ingest_url(url, context, options))
        except NewsbotError as error:
            log.info("could not summarize %s for %s: %s", url, context.scope, error)
            return LinkOutcome(url, error=str(error))
        except Exception:
            log.exception("unexpected failure summarizing %s for %s", url, context.scope)
            return LinkOutcome(url, error="an unexpected error occurred (it has been logged)")

    async def _send_followups(self, interaction: discord.Interaction[NewsBot],
                              content: str | None, embeds: list[discord.Embed]) -> None:
        for part in pack_messages(content, embeds):
            await interaction.followup.send(content=part.content or "", embeds=part.embeds)
            interaction.extras["answered"] = True


def _share_context(guild_id: int | None, user: discord.abc.User, channel_id: int | None,
                   message_id: int | None) -> ShareContext:
    scope = guild_scope(guild_id) if guild_id is not None else dm_scope(user.id)
    return ShareContext(scope=scope, sharer_id=str(user.id), sharer_name=str(user),
                        channel_id=None if channel_id is None else str(channel_id),
                        message_id=None if message_id is None else str(message_id))


def _render_outcomes(outcomes: list[LinkOutcome], guild: discord.Guild | None,
                     always_embed: bool = False
                     ) -> tuple[list[str], list[discord.Embed], list[StoredShare]]:
    """Notes for re-shared links, embeds for new ones, and the shares the reply answers."""
    notes: list[str] = []
    embeds: list[discord.Embed] = []
    shares: list[StoredShare] = []
    for outcome in outcomes:
        result = outcome.result
        if result is None:
            continue
        note = _duplicate_note(result, guild)
        if note and not always_embed:
            notes.append(note)
            continue
        if note:
            notes.append(note)
        embeds.append(article_embed(ArticleCard.from_stored(result.article)))
        shares.append(result.share)
    return notes, embeds, shares


def _duplicate_note(result: IngestResult, guild: discord.Guild | None) -> str | None:
    """A jump link to the earlier summary of a re-shared article, when there is one."""
    earlier = result.earlier_share
    if result.status is not IngestStatus.DUPLICATE or earlier is None or not earlier.reply_id:
        return None
    location = str(guild.id) if guild is not None else "@me"
    link = f"https://discord.com/channels/{location}/{earlier.channel_id}/{earlier.reply_id}"
    title = result.article.title or "This article"
    return f"🔁 **{title}** was already summarized here: {link}"


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(SummaryCog(bot, bot.runtime.articles, bot.runtime.preferences))
