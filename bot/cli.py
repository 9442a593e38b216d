"""The ``newsbot`` command line: everything works offline on the local database."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from bot.batch import JsonObject, require_text, run_jsonl
from bot.digest.cli import digest_command, parse_since
from bot.errors import InvalidInputError, InvalidOptionError, NewsbotError
from bot.knowledge.cli import (
    ask_batch,
    ask_command,
    people_batch,
    people_command,
    person_command,
    search_command,
    tags_command,
    topic_command,
)
from bot.processing import Document, ProcessedArticle, SummaryOptions
from bot.settings import Settings
from bot.sources import Source, expand_sources, is_url, read_document
from bot.summarizing import ALGORITHMS, DEFAULT_ALGORITHM, MAX_SENTENCES
from bot.workers import BOT_PRELOAD, start_forkserver

if TYPE_CHECKING:
    from bot.articles import IngestResult
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
_PROGRESS_THRESHOLD = 5


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot",
        description="Summarize, store and search news articles; run the Discord bot.")
    parser.add_argument("--database", type=Path, help="SQLite file (default: NEWSBOT_DATABASE "
                        "or newsbot.db in the working directory)")
    parser.add_argument("--env-file", default=".env", help="settings file (default: .env)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    summarize = commands.add_parser(
        "summarize", help="summarize a URL, a file or standard input",
        description="Summarize one article (a URL, an HTML or text file, or - for standard "
                    "input), or with --jsonl a batch of JSON lines read from standard input.")
    summarize.add_argument("source", nargs="?", help="URL, file, or - for standard input")
    _add_summary_options(summarize)
    summarize.add_argument("--json", action="store_true", help="print the result as JSON")
    summarize.add_argument(
        "--jsonl", action="store_true",
        help='batch: read {"id","text"} or {"id","html","url"} lines from standard input, '
             'write {"id","title","summary"} lines')

    extract = commands.add_parser(
        "extract", help="extract article text and metadata (batch)",
        description='Read {"id","html","url"} (or {"id","text"}) JSON lines from standard '
                    'input and write {"id","title","text","tags",...} lines.')
    extract.add_argument("--jsonl", action="store_true", required=True,
                         help="JSON lines in and out (the only mode)")

    ingest = commands.add_parser(
        "ingest", help="store URLs, files or folders in the database",
        description="Fetch or read each source, summarize it and store it. Folders are "
                    "searched for .txt and .html files. Exits 1 if any source failed.")
    ingest.add_argument("sources", nargs="+", metavar="SOURCE", help="URL, file or folder")
    _add_summary_options(ingest)

    demo = commands.add_parser(
        "demo", help="load the sample articles and show their summaries",
        description="Store the sample articles from seeds/ (running it again stores nothing "
                    "new) and print each one's title, tags and summary.")
    demo.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of sample articles")

    digest = commands.add_parser(
        "digest", help="print the digest of recently shared news",
        description="The articles first shared in the last --since, ranked and grouped by "
                    "topic, as a server's scheduled digest would show them.")
    digest.add_argument("--guild", type=int,
                        help="a server's id (default: the articles ingested on this command line)")
    digest.add_argument("--since", type=parse_since, default="24h",
                        help="how far back: 30m, 24h, 7d, 2w (default 24h)")

    _add_knowledge_commands(commands)

    commands.add_parser(
        "run", help="run the Discord bot",
        description="Connect to Discord with DISCORD_TOKEN and run until interrupted "
                    "(Ctrl+C or SIGTERM shut it down cleanly).")
    return parser


def _add_knowledge_commands(commands: Any) -> None:
    """topic, person, search, ask, tags, people: questions about the stored articles."""
    scope_note = " Works on the articles stored from the command line (newsbot ingest)."
    topic = commands.add_parser(
        "topic", help="the latest stored articles on a topic, with a summary",
        description="The latest stored articles tagged with a topic (title, date, one "
                    "sentence) and a short summary across them." + scope_note)
    topic.add_argument("name", nargs="+", metavar="NAME", help="the topic, e.g. NATO")
    topic.add_argument("--page", type=int, default=1, help="page of results (default 1)")

    person = commands.add_parser(
        "person", help="what the stored articles say about a person",
        description="A person's card: role, number of articles, latest articles, quotes, "
                    "and the people and topics they appear with. A surname alone works; "
                    "case and accents do not matter." + scope_note)
    person.add_argument("name", nargs="+", metavar="NAME", help="a name or surname")

    search = commands.add_parser(
        "search", help="full-text search of the stored articles",
        description="Full-text search (BM25 ranking) with the operators tag:, person:, "
                    "site:, before:YYYY-MM-DD and after:YYYY-MM-DD; quote phrases and "
                    "operator values with spaces: tag:\"interest rates\"." + scope_note)
    search.add_argument("query", nargs="+", metavar="QUERY", help="words and operators")
    search.add_argument("--page", type=int, default=1, help="page of results (default 1)")

    ask = commands.add_parser(
        "ask", help="a short answer from the stored articles, with sources",
        description="The stored sentence that best answers a question, its answering words "
                    "in bold, with its source, and up to two more sentences (from other "
                    'articles when they agree or differ); with --jsonl, read {"id",'
                    '"question"} lines from standard input and write {"id","answers":'
                    '[{"sentence","title","url","site","published"}]} lines.' + scope_note)
    ask.add_argument("question", nargs="*", metavar="QUESTION", help="your question")
    ask_output = ask.add_mutually_exclusive_group()
    ask_output.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask_output.add_argument("--jsonl", action="store_true",
                            help="batch: answer every JSON line of standard input")

    tags = commands.add_parser(
        "tags", help="the most frequent topics of the last 7 or 30 days",
        description="The topics of the most articles stored in the period." + scope_note)
    tags.add_argument("--days", type=int, choices=(7, 30), default=7,
                      help="period in days: 7 (default) or 30")

    people = commands.add_parser(
        "people", help="the most named people, or recognize people (--jsonl)",
        description="The people named in the most articles stored in the period; with "
                    '--jsonl, read {"id","text"} lines from standard input and write '
                    '{"id","people":[canonical names]} lines.' + scope_note)
    people.add_argument("--days", type=int, choices=(7, 30), default=7,
                        help="period in days: 7 (default) or 30")
    people.add_argument("--jsonl", action="store_true",
                        help="batch person recognition on JSON lines")


def _add_summary_options(parser: argparse.ArgumentParser) -> None:
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--sentences", type=int, metavar="N",
                        help=f"summary length in sentences (1-{MAX_SENTENCES}, default 3)")
    length.add_argument("--ratio", type=float, metavar="R",
                        help="summary length as a share of the article's sentences (0-1]")
    parser.add_argument("--algorithm", choices=ALGORITHMS, metavar="NAME",
                        help=f"one of: {', '.join(ALGORITHMS)} (default {DEFAULT_ALGORITHM})")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        settings = Settings.load(arguments.env_file)
        # The bot logs its life to the console; one-shot commands only warnings.
        quiet = logging.INFO if arguments.command == "run" else logging.WARNING
        level = logging.DEBUG if arguments.verbose else (
            logging.getLevelNamesMapping().get(settings.log_level, logging.INFO)
            if arguments.command == "run" else quiet)
        logging.basicConfig(level=level,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if arguments.database is not None:
            settings = _with_database(settings, arguments.database)
        return asyncio.run(_dispatch(arguments, settings))
    except NewsbotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        log.debug("unexpected error", exc_info=True)
        print(f"error: unexpected failure ({type(error).__name__}: {error}); "
              "run with --verbose for details", file=sys.stderr)
        return 1


def _with_database(settings: Settings, path: Path) -> Settings:
    return replace(settings, database_path=path)


async def _dispatch(arguments: argparse.Namespace, settings: Settings) -> int:
    command = arguments.command
    if command == "summarize":
        options = _summary_options(arguments, settings)
        if arguments.jsonl:
            async with _open_runtime(settings) as runtime:
                return await _summarize_batch(runtime, options)
        if not arguments.source:
            raise InvalidInputError("give a SOURCE (a URL, a file or -), or use --jsonl")
        async with _open_runtime(settings) as runtime:
            return await _summarize_one(runtime, arguments.source, options, arguments.json)
    if command == "extract":
        async with _open_runtime(settings) as runtime:
            return await _extract_batch(runtime)
    if command == "ingest":
        options = _summary_options(arguments, settings)
        async with _open_runtime(settings) as runtime:
            sources = await asyncio.to_thread(expand_sources, arguments.sources)
            results = await _ingest(runtime, sources, options)
            return 1 if any(isinstance(result, NewsbotError) for result in results) else 0
    if command == "demo":
        return await _demo(settings, arguments.seeds)
    if command == "digest":
        async with _open_runtime(settings) as runtime:
            print(await digest_command(runtime, arguments.guild, arguments.since))
        return 0
    if command == "run":
        from bot.discord_runner import run_bot  # noqa: PLC0415  see _open_runtime

        await run_bot(settings)
        return 0
    if command in _KNOWLEDGE_COMMANDS:
        async with _open_runtime(settings) as runtime:
            return await _knowledge(runtime, arguments)
    raise InvalidOptionError(f"unknown command {command}")


_KNOWLEDGE_COMMANDS = ("topic", "person", "search", "ask", "tags", "people")


def _open_runtime(settings: Settings) -> AbstractAsyncContextManager[Runtime]:
    # The forkserver loads the workers' models (over a second) while this process imports
    # and opens the rest.
    start_forkserver(BOT_PRELOAD)
    # Imported when a command runs, not with this module: the worker processes import this
    # module again (the ``newsbot`` script is their __main__) and need none of the HTTP,
    # database or Discord code, which would cost each of them 20 MB and 0.3 s to start.
    from bot.runtime import open_runtime  # noqa: PLC0415

    return open_runtime(settings)


async def _knowledge(runtime: Runtime, arguments: argparse.Namespace) -> int:
    command = arguments.command
    if command == "people" and arguments.jsonl:
        return await people_batch(runtime)
    if command == "ask" and arguments.jsonl:
        return await ask_batch(runtime)
    if command == "topic":
        output = await topic_command(runtime, " ".join(arguments.name), arguments.page)
    elif command == "person":
        output = await person_command(runtime, " ".join(arguments.name))
    elif command == "search":
        output = await search_command(runtime, " ".join(arguments.query), arguments.page)
    elif command == "ask":
        output = await ask_command(runtime, " ".join(arguments.question), arguments.json)
    elif command == "tags":
        output = await tags_command(runtime, arguments.days)
    else:
        output = await people_command(runtime, arguments.days)
    print(output)
    return 0


def _summary_options(arguments: argparse.Namespace, settings: Settings) -> SummaryOptions:
    sentences = arguments.sentences
    if sentences is None and arguments.ratio is None:
        sentences = settings.summary_sentences
    return SummaryOptions(algorithm=arguments.algorithm or settings.summary_algorithm,
                          sentences=sentences, ratio=arguments.ratio)


async def _summarize_one(runtime: Runtime, source: str, options: SummaryOptions,
                         as_json: bool) -> int:
    if is_url(source):
        processed = await runtime.articles.summarize_url(source, options)
    else:
        document = read_document(Source(source, path=Path(source)))
        processed = await runtime.articles.process(document, options)
    if as_json:
        print(json.dumps({"source": source, **_article_json(processed)}, ensure_ascii=False,
                         indent=2))
    else:
        print(_render(processed))
    return 0


async def _summarize_batch(runtime: Runtime, defaults: SummaryOptions) -> int:
    async def handle(item: JsonObject) -> JsonObject:
        options = defaults
        if "sentences" in item:
            if not isinstance(item["sentences"], int) or isinstance(item["sentences"], bool):
                raise InvalidOptionError('"sentences" must be a whole number')
            options = SummaryOptions(algorithm=defaults.algorithm, sentences=item["sentences"])
        processed = await runtime.articles.process(_batch_document(item), options)
        return {"title": processed.article.title, "summary": list(processed.summary.sentences)}

    errors = await run_jsonl(sys.stdin, handle, sys.stdout, runtime.pool.size * 2)
    return 1 if errors else 0


async def _extract_batch(runtime: Runtime) -> int:
    async def handle(item: JsonObject) -> JsonObject:
        processed = await runtime.articles.process(_batch_document(item), SummaryOptions())
        article = _article_json(processed)
        for key in ("summary", "algorithm", "words_in", "words_out", "reduction_percent"):
            article.pop(key)
        return article

    errors = await run_jsonl(sys.stdin, handle, sys.stdout, runtime.pool.size * 2)
    return 1 if errors else 0


def _batch_document(item: JsonObject) -> Document:
    html = require_text(item, "html")
    text = require_text(item, "text")
    if html is not None:
        return Document(html, "html", require_text(item, "url"))
    if text is not None:
        return Document(text, "text")
    raise InvalidInputError('each line needs "text" or "html"')


async def _ingest(runtime: Runtime, sources: list[Source],
                  options: SummaryOptions) -> list[IngestResult | NewsbotError]:
    from bot.articles import CLI_SCOPE, IngestResult, IngestStatus, ShareContext  # noqa: PLC0415

    if not sources:
        raise InvalidInputError("no article files or URLs found in the given sources")
    context = ShareContext(scope=CLI_SCOPE, sharer_name="command line", record_reshares=False)
    limit = asyncio.Semaphore(runtime.pool.size * 2)
    progress = tqdm(total=len(sources), unit="article", file=sys.stderr, leave=False,
                    disable=len(sources) < _PROGRESS_THRESHOLD or not sys.stderr.isatty())

    async def one(source: Source) -> IngestResult | NewsbotError:
        async with limit:
            try:
                if source.url is not None:
                    result: IngestResult | NewsbotError = await runtime.articles.ingest_url(
                        source.url, context, options)
                else:
                    result = await runtime.articles.ingest_document(
                        read_document(source), context, options, source=source.name)
            except NewsbotError as error:
                result = error
        progress.update()
        progress.write(_ingest_line(source, result), file=sys.stdout)
        return result

    try:
        results = list(await asyncio.gather(*(one(source) for source in sources)))
    finally:
        progress.close()
    stored = sum(isinstance(r, IngestResult) and r.status is IngestStatus.STORED for r in results)
    failed = sum(isinstance(r, NewsbotError) for r in results)
    print(f"{stored} stored, {len(results) - stored - failed} duplicate, {failed} failed "
          f"({runtime.settings.database_path})")
    return results


def _ingest_line(source: Source, result: IngestResult | NewsbotError) -> str:
    if isinstance(result, NewsbotError):
        return f"failed     {source.name}: {result}"
    title = result.article.title or "(untitled)"
    return f"{result.status.value:<10} {source.name}: {title}"


def _seed_sources(seeds: Path) -> list[Source]:
    if not seeds.is_dir():
        raise InvalidInputError(f"the sample folder {seeds} does not exist")
    return expand_sources([str(seeds)])


async def _demo(settings: Settings, seeds: Path) -> int:
    sources = await asyncio.to_thread(_seed_sources, seeds)
    async with _open_runtime(settings) as runtime:
        options = SummaryOptions(algorithm=settings.summary_algorithm,
                                 sentences=settings.summary_sentences)
        results = await _ingest(runtime, sources, options)
        for result in results:
            if not isinstance(result, NewsbotError):
                article = result.article
                print()
                print(article.title or "(untitled)")
                print("  tags: " + (", ".join(article.tags) or "-"))
                for sentence in article.summary:
                    print(f"  - {sentence}")
    return 1 if any(isinstance(result, NewsbotError) for result in results) else 0


def _article_json(processed: ProcessedArticle) -> dict[str, Any]:
    article, summary = processed.article, processed.summary
    return {
        "title": article.title, "url": article.canonical_url, "site_name": article.site_name,
        "author": article.author, "published": article.published,
        "language": article.language, "tags": list(article.tags), "image": article.image,
        "text": article.text, "summary": list(summary.sentences),
        "algorithm": summary.algorithm, "words_in": summary.words_in,
        "words_out": summary.words_out, "reduction_percent": summary.reduction_percent,
    }


def _render(processed: ProcessedArticle) -> str:
    article, summary = processed.article, processed.summary
    lines = [article.title or "(untitled)"]
    details = [part for part in (article.site_name, article.author, article.published) if part]
    if details:
        lines.append(" · ".join(details))
    if article.tags:
        lines.append("tags: " + ", ".join(article.tags))
    lines.append("")
    lines.extend(f"- {sentence}" for sentence in summary.sentences)
    lines.append("")
    lines.append(f"{summary.words_in} → {summary.words_out} words "
                 f"(−{summary.reduction_percent:g}%) · {summary.algorithm}")
    return "\n".join(lines)
