"""Questions about what was shared here: /topic, /person, /tags, /people, /search, /ask,
and answers when someone mentions the bot with a question.

Every query is limited to the scope it comes from: the server, or the user's DMs.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NewsBot
from bot.errors import NewsbotError
from bot.ingest.urls import find_links
from bot.knowledge import Knowledge, NameCount
from bot.knowledge.ask import MAX_QUESTION
from bot.scopes import dm_scope, guild_scope
from cogs.embeds import truncate
from cogs.knowledge_embeds import (
    answer_embed,
    person_embed,
    ranking_embed,
    search_embed,
    topic_embed,
)

log = logging.getLogger(__name__)

PAGER_TIMEOUT = 180.0
CHOICE_NAME_LIMIT = 100
PERIOD_CHOICES = [app_commands.Choice(name="last 7 days", value=7),
                  app_commands.Choice(name="last 30 days", value=30)]
NOT_YOURS = "Only the person who ran the command can turn its pages."
ASK_HINT = "Ask me a question after the mention, like “@newsbot who is Ilona Varga?”."

PageRenderer = Callable[[int], Awaitable[tuple[discord.Embed, int, int]]]


def scope_of(guild_id: int | None, user_id: int) -> str:
    return guild_scope(guild_id) if guild_id is not None else dm_scope(user_id)


def choice_name(name: str, count: int) -> str:
    suffix = f" ({count})"
    return truncate(name, CHOICE_NAME_LIMIT - len(suffix)) + suffix


def name_choices(found: Iterable[NameCount]) -> list[app_commands.Choice[str]]:
    """Autocomplete choices: each name with how often it occurs, the name as the value."""
    return [app_commands.Choice(name=choice_name(item.name, item.count),
                                value=truncate(item.name, CHOICE_NAME_LIMIT))
            for item in found]


class Pager(discord.ui.View):
    """Previous / next buttons for a paginated result; only its owner may press them."""

    def __init__(self, owner_id: int, render: PageRenderer, page: int, pages: int,
                 timeout: float = PAGER_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.page = page
        self.pages = pages
        self._render = render
        self.message_interaction: discord.Interaction[NewsBot] | None = None
        token = secrets.token_hex(6)
        self.previous = discord.ui.Button[Pager](
            label="Previous", style=discord.ButtonStyle.secondary,
            custom_id=f"newsbot:page:{token}:prev")
        self.next = discord.ui.Button[Pager](
            label="Next", style=discord.ButtonStyle.secondary,
            custom_id=f"newsbot:page:{token}:next")
        self.previous.callback = self._previous  # type: ignore[method-assign,assignment]
        self.next.callback = self._next  # type: ignore[method-assign,assignment]
        self.add_item(self.previous)
        self.add_item(self.next)
        self._update()

    def _update(self) -> None:
        self.previous.disabled = self.page <= 1
        self.next.disabled = self.page >= self.pages

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(NOT_YOURS, ephemeral=True)
            return False
        return True

    async def _previous(self, interaction: discord.Interaction[NewsBot]) -> None:
        await self._show(interaction, self.page - 1)

    async def _next(self, interaction: discord.Interaction[NewsBot]) -> None:
        await self._show(interaction, self.page + 1)

    async def _show(self, interaction: discord.Interaction[NewsBot], page: int) -> None:
        # A page is one indexed query: fast enough to answer within Discord's 3 seconds.
        embed, self.page, self.pages = await self._render(page)
        self._update()
        await interaction.response.edit_message(embed=embed, view=self)

    async def on_timeout(self) -> None:
        for item in (self.previous, self.next):
            item.disabled = True
        if self.message_interaction is not None:
            try:
                await self.message_interaction.edit_original_response(view=self)
            except discord.HTTPException:
                log.debug("could not disable the page buttons", exc_info=True)

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception,
                       item: discord.ui.Item[Pager], /) -> None:  # noqa: ARG002  discord.py's
        if not isinstance(error, NewsbotError):
            log.error("page button failed (user %s)", interaction.user.id, exc_info=error)
        message = str(error) if isinstance(error, NewsbotError) else "That page is gone."
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)


class KnowledgeCog(commands.Cog, name="Knowledge"):
    def __init__(self, knowledge: Knowledge, pager_timeout: float = PAGER_TIMEOUT) -> None:
        self._knowledge = knowledge
        self._pager_timeout = pager_timeout

    # --- /topic ---------------------------------------------------------------------------

    @app_commands.command(name="topic", description="The latest articles shared here on a "
                                                    "topic, with a short summary")
    @app_commands.describe(name="A topic (tag) of articles shared here")
    async def topic(self, interaction: discord.Interaction[NewsBot],
                    name: app_commands.Range[str, 1, 100]) -> None:
        await interaction.response.defer(thinking=True)
        scope = scope_of(interaction.guild_id, interaction.user.id)
        first = await self._knowledge.topics.page(scope, name)

        async def render(page: int) -> tuple[discord.Embed, int, int]:
            found = await self._knowledge.topics.page(scope, name, page, with_summary=False)
            # The summary across the topic's articles stays on every page.
            found = replace(found, summary=first.summary)
            return topic_embed(found), found.page, found.pages

        await self._send_paged(interaction, topic_embed(first), render, first.page, first.pages)

    @topic.autocomplete("name")
    async def topic_autocomplete(self, interaction: discord.Interaction[NewsBot],
                                 current: str) -> list[app_commands.Choice[str]]:
        scope = scope_of(interaction.guild_id, interaction.user.id)
        return name_choices(await self._knowledge.topics.suggest(scope, current))

    # --- /person --------------------------------------------------------------------------

    @app_commands.command(name="person", description="What articles shared here say about "
                                                     "a person")
    @app_commands.describe(name="A name, or just a surname")
    async def person(self, interaction: discord.Interaction[NewsBot],
                     name: app_commands.Range[str, 1, 100]) -> None:
        await interaction.response.defer(thinking=True)
        scope = scope_of(interaction.guild_id, interaction.user.id)
        card = await self._knowledge.people.card(scope, name)
        await interaction.followup.send(embed=person_embed(card))
        interaction.extras["answered"] = True

    @person.autocomplete("name")
    async def person_autocomplete(self, interaction: discord.Interaction[NewsBot],
                                  current: str) -> list[app_commands.Choice[str]]:
        scope = scope_of(interaction.guild_id, interaction.user.id)
        return name_choices(await self._knowledge.people.suggest(scope, current))

    # --- /tags and /people ----------------------------------------------------------------

    @app_commands.command(name="tags", description="The most frequent topics shared here")
    @app_commands.describe(period="How far back (default: the last 7 days)")
    @app_commands.choices(period=PERIOD_CHOICES)
    async def tags(self, interaction: discord.Interaction[NewsBot],
                   period: int = 7) -> None:
        scope = scope_of(interaction.guild_id, interaction.user.id)
        ranking = await self._knowledge.topics.top(scope, period)
        await interaction.response.send_message(embed=ranking_embed(ranking, "topics"))

    @app_commands.command(name="people", description="The people most often named in "
                                                     "articles shared here")
    @app_commands.describe(period="How far back (default: the last 7 days)")
    @app_commands.choices(period=PERIOD_CHOICES)
    async def people(self, interaction: discord.Interaction[NewsBot],
                     period: int = 7) -> None:
        scope = scope_of(interaction.guild_id, interaction.user.id)
        ranking = await self._knowledge.people.top(scope, period)
        await interaction.response.send_message(embed=ranking_embed(ranking, "people"))

    # --- /search --------------------------------------------------------------------------

    @app_commands.command(name="search", description="Search the articles shared here")
    @app_commands.describe(query="Words, and tag: person: site: before:YYYY-MM-DD "
                                 "after:YYYY-MM-DD (the publication date)")
    async def search(self, interaction: discord.Interaction[NewsBot],
                     query: app_commands.Range[str, 1, 300]) -> None:
        await interaction.response.defer(thinking=True)
        scope = scope_of(interaction.guild_id, interaction.user.id)
        first = await self._knowledge.search.search(scope, query)

        async def render(page: int) -> tuple[discord.Embed, int, int]:
            found = await self._knowledge.search.search(scope, query, page)
            return search_embed(found), found.page, found.pages

        await self._send_paged(interaction, search_embed(first), render, first.page,
                               first.pages)

    # --- /ask and mentions ----------------------------------------------------------------

    @app_commands.command(name="ask", description="A short answer from the articles shared "
                                                  "here, with sources")
    @app_commands.describe(question="Your question, e.g. who is Ilona Varga?")
    async def ask(self, interaction: discord.Interaction[NewsBot],
                  question: app_commands.Range[str, 1, MAX_QUESTION]) -> None:
        await interaction.response.defer(thinking=True)
        scope = scope_of(interaction.guild_id, interaction.user.id)
        answer = await self._knowledge.answers.ask(scope, question)
        await interaction.followup.send(embed=answer_embed(answer))
        interaction.extras["answered"] = True

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = message.guild.me if message.guild else None
        bot_user = me or (message.channel.me if isinstance(message.channel,
                                                             discord.DMChannel) else None)
        if message.author.bot or message.webhook_id is not None or bot_user is None:
            return
        if bot_user.id not in {user.id for user in message.mentions}:
            return
        if find_links(message.content, 1):
            return  # links are summarized by the summaries cog
        question = re.sub(rf"<@!?{bot_user.id}>", " ", message.content)
        question = " ".join(question.split())[:MAX_QUESTION]
        try:
            if not question:
                await message.reply(ASK_HINT, mention_author=False)
                return
            scope = scope_of(message.guild.id if message.guild else None, message.author.id)
            async with message.channel.typing():
                answer = await self._knowledge.answers.ask(scope, question)
            await message.reply(embed=answer_embed(answer), mention_author=False)
        except NewsbotError as error:
            await message.reply(str(error), mention_author=False)
        except discord.HTTPException:
            log.warning("could not answer a mention in channel %s", message.channel.id,
                        exc_info=True)

    @commands.Cog.listener()
    async def on_command_error(self, _context: commands.Context[NewsBot],
                               error: commands.CommandError) -> None:
        # The bot has no prefix commands: "@newsbot who is …" is a question, not a command.
        if not isinstance(error, commands.CommandNotFound):
            log.error("prefix command failed", exc_info=error)

    # --- shared ---------------------------------------------------------------------------

    async def _send_paged(self, interaction: discord.Interaction[NewsBot],
                          embed: discord.Embed, render: PageRenderer, page: int,
                          pages: int) -> None:
        if pages <= 1:
            await interaction.followup.send(embed=embed)
        else:
            view = Pager(interaction.user.id, render, page, pages, self._pager_timeout)
            view.message_interaction = interaction
            await interaction.followup.send(embed=embed, view=view)
        interaction.extras["answered"] = True


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(KnowledgeCog(bot.runtime.knowledge))
