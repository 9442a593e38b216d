"""``newsbot topic|person|search|ask|tags|people``: the knowledge commands on the local
database, in the command line's scope ("cli": what ``newsbot ingest`` stored)."""

from __future__ import annotations

import json
import sys
from typing import Protocol

from bot.batch import JsonObject, require_text, run_jsonl
from bot.errors import InvalidInputError
from bot.knowledge import Knowledge
from bot.knowledge.text import (
    answer_json,
    render_answer,
    render_person,
    render_ranking,
    render_search,
    render_topic,
)
from bot.people import people_jsonl_line
from bot.scopes import CLI_SCOPE
from bot.workers import WorkerPool


class KnowledgeRuntime(Protocol):
    @property
    def knowledge(self) -> Knowledge: ...

    @property
    def pool(self) -> WorkerPool: ...


async def topic_command(runtime: KnowledgeRuntime, name: str, page: int = 1) -> str:
    return render_topic(await runtime.knowledge.topics.page(CLI_SCOPE, name, page))


async def person_command(runtime: KnowledgeRuntime, name: str) -> str:
    return render_person(await runtime.knowledge.people.card(CLI_SCOPE, name))


async def search_command(runtime: KnowledgeRuntime, query: str, page: int = 1) -> str:
    return render_search(await runtime.knowledge.search.search(CLI_SCOPE, query, page))


async def ask_command(runtime: KnowledgeRuntime, question: str, as_json: bool = False) -> str:
    if not question.strip():
        raise InvalidInputError("give a QUESTION, or use --jsonl")
    answer = await runtime.knowledge.answers.ask(CLI_SCOPE, question)
    if as_json:
        return json.dumps({"question": answer.question, **answer_json(answer)},
                          ensure_ascii=False, indent=2)
    return render_answer(answer)


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

    errors = await run_jsonl(sys.stdin, handle, sys.stdout, runtime.pool.size * 2)
    return 1 if errors else 0


async def tags_command(runtime: KnowledgeRuntime, days: int) -> str:
    return render_ranking(await runtime.knowledge.topics.top(CLI_SCOPE, days), "topics")


async def people_command(runtime: KnowledgeRuntime, days: int) -> str:
    return render_ranking(await runtime.knowledge.people.top(CLI_SCOPE, days), "people")


async def people_batch(runtime: KnowledgeRuntime) -> int:
    """``{"id","text"}`` lines in, ``{"id","people":[canonical names]}`` lines out."""

    async def handle(item: JsonObject) -> JsonObject:
        text = require_text(item, "text")
        if text is None:
            raise InvalidInputError('each line needs "text"')
        request = {"id": item.get("id"), "text": text, "title": require_text(item, "title")}
        found = await runtime.pool.run(people_jsonl_line, request)
        return {"people": found["people"]}

    errors = await run_jsonl(sys.stdin, handle, sys.stdout, runtime.pool.size * 2)
    return 1 if errors else 0
