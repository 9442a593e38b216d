"""``newsbot topic|person|search|ask|tags|people``: the knowledge commands on the local
database, in the command line's scope ("cli": what ``newsbot ingest`` stored)."""

from __future__ import annotations

import json
import sys
from typing import NamedTuple, Protocol

from bot.cli.batch import JsonObject, require_text, run_jsonl, standard_input
from bot.cli.knowledge_text import (
    answer_json,
    render_answer,
    render_person,
    render_ranking,
    render_search,
    render_topic,
)
from bot.errors import InvalidInputError
from bot.knowledge import Knowledge, PersonNotFoundError, TopicNotFoundError
from bot.people import people_jsonl_line
from bot.runtime.workers import WorkerPool
from bot.scopes import CLI_SCOPE


class KnowledgeRuntime(Protocol):
    @property
    def knowledge(self) -> Knowledge: ...

    @property
    def pool(self) -> WorkerPool: ...


class Reply(NamedTuple):
    """What a command prints, and whether it found anything (its exit code: 0 or 1)."""

    text: str
    found: bool


async def topic_command(runtime: KnowledgeRuntime, name: str, page: int = 1) -> Reply:
    try:
        found = await runtime.knowledge.topics.page(CLI_SCOPE, name, page)
    except TopicNotFoundError:  # its own wording speaks of a server ("shared here")
        return Reply(f"No stored article is tagged “{name.strip()}”.", False)
    return Reply(render_topic(found), bool(found.articles))


async def person_command(runtime: KnowledgeRuntime, name: str) -> Reply:
    try:
        card = await runtime.knowledge.people.card(CLI_SCOPE, name)
    except PersonNotFoundError:
        return Reply(f"Nobody called “{name.strip()}” appears in the stored articles.", False)
    return Reply(render_person(card), True)


async def search_command(runtime: KnowledgeRuntime, query: str, page: int = 1) -> Reply:
    results = await runtime.knowledge.search.search(CLI_SCOPE, query, page)
    return Reply(render_search(results), bool(results.hits))


async def ask_command(runtime: KnowledgeRuntime, question: str, as_json: bool = False) -> Reply:
    if not question.strip():
        raise InvalidInputError("give a QUESTION, or use --jsonl")
    answer = await runtime.knowledge.answers.ask(CLI_SCOPE, question)
    if as_json:
        return Reply(json.dumps({"question": answer.question, **answer_json(answer)},
                                ensure_ascii=False, indent=2), answer.found)
    return Reply(render_answer(answer), answer.found)


async def ask_batch(runtime: KnowledgeRuntime) -> int:
    """``{"id","question"}`` lines in, ``{"id","answers":[{"sentence","title","url","site",
    "published",...}]}`` lines out, in order, from one process; a bad line gets
    ``{"id","error"}`` and the batch goes on."""

    async def handle(item: JsonObject) -> JsonObject:
        question = require_text(item, "question")
        if question is None or not question.strip():
            raise InvalidInputError('each line needs "question"')
        answer = await runtime.knowledge.answers.ask(CLI_SCOPE, question)
        return {"answers": answer_json(answer)["answers"]}

    errors = await run_jsonl(standard_input(), handle, sys.stdout, runtime.pool.size * 2)
    return 1 if errors else 0


async def tags_command(runtime: KnowledgeRuntime, days: int) -> Reply:
    ranking = await runtime.knowledge.topics.top(CLI_SCOPE, days)
    return Reply(render_ranking(ranking, "topics"), bool(ranking.items))


async def people_command(runtime: KnowledgeRuntime, days: int) -> Reply:
    ranking = await runtime.knowledge.people.top(CLI_SCOPE, days)
    return Reply(render_ranking(ranking, "people"), bool(ranking.items))


async def people_batch(runtime: KnowledgeRuntime) -> int:
    """``{"id","text"}`` lines in, ``{"id","people":[canonical names]}`` lines out."""

    async def handle(item: JsonObject) -> JsonObject:
        text = require_text(item, "text")
        if text is None:
            raise InvalidInputError('each line needs "text"')
        request = {"id": item.get("id"), "text": text, "title": require_text(item, "title")}
        found = await runtime.pool.run(people_jsonl_line, request)
        return {"people": found["people"]}

    errors = await run_jsonl(standard_input(), handle, sys.stdout, runtime.pool.size * 2)
    return 1 if errors else 0
