"""The ``newsbot`` command line: everything works offline on the local database."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from tqdm import tqdm

from bot.cli.batch import JsonObject, require_text, run_jsonl, standard_input
from bot.cli.database import add_database_commands, run_database_action
from bot.cli.db import add_copy_action, run_db
from bot.cli.digest import build_cli_digest, parse_since
from bot.cli.feeds import add_feed_commands, run_feeds
from bot.cli.knowledge import (
    ask_batch,
    ask_command,
    people_batch,
    people_command,
    person_command,
    search_command,
    tags_command,
    topic_command,
)
from bot.errors import InvalidInputError, InvalidOptionError, NewsbotError
from bot.ingest.cards import NO_SUMMARY, ArticleCard
from bot.ingest.processing import Document, ProcessedArticle, SummaryOptions
from bot.ingest.sources import Source, expand_sources, is_url, read_document
from bot.runtime.settings import Settings
from bot.runtime.workers import (
    BATCH_PRELOAD,
    BOT_PRELOAD,
    PEOPLE_PRELOAD,
    SUMMARY_PRELOAD,
    start_forkserver,
)
from bot.summarizing import ALGORITHMS, DEFAULT_ALGORITHM, MAX_SENTENCES, check_length
from storage.database import DatabaseError

if TYPE_CHECKING:
    from bot.ingest.articles import IngestResult
    from bot.runtime.composition import Lookups, Runtime

log = logging.getLogger(__name__)

# The sample articles are package data (the seeds/ folder is the ``seeds`` package).
SEEDS_PACKAGE = "seeds"
_PROGRESS_THRESHOLD = 5


EXIT_CODES = """exit codes:
  0  done, and something was found
  1  nothing found (search, topic, person, ask, tags, people, digest), or the command failed
     (a source could not be read, a bad setting, an unusable database)
  2  usage error: unknown command or option, or a bad option value
  130 interrupted

Global options (--database, --env-file, --verbose) go before or after the command."""


class _Parser(argparse.ArgumentParser):
    """Every bad value is a one-line usage error (exit 2), whatever its type check raised."""

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError:
            raise
        except NewsbotError as error:  # a type check's own wording is made for users
            raise argparse.ArgumentError(action, str(error)) from None
        except Exception as error:  # noqa: BLE001  any type check's failure is a usage error
            raise argparse.ArgumentError(
                action, f"invalid value {arg_string!r} ({error})") from None

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _add_global_options(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    # After the command, the same options without defaults: given there, they win; not
    # given, the values (or defaults) from before the command stand.
    def default(value: Any) -> Any:
        return argparse.SUPPRESS if after_command else value

    parser.add_argument("--database", default=default(None),
                        help="SQLite file (sqlite:///path too) or postgresql://user:password@"
                             "host/database (default: NEWSBOT_DATABASE or newsbot.db in the "
                             "working directory)")
    parser.add_argument("--env-file", default=default(".env"),
                        help="settings file (default: .env)")
    parser.add_argument("-v", "--verbose", action="store_true", default=default(False),
                        help="log debug details")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsbot", epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Summarize, store and search news articles; run the Discord bot.")
    _add_global_options(parser, after_command=False)
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
        help='batch: read {"id","text"} or {"id","html","url"} lines from SOURCE (a file, '
             'or - or nothing for standard input), write {"id","title","summary"} lines')

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
    demo.add_argument("--seeds", type=Path, help="folder of sample articles (default: the "
                      "ones installed with newsbot)")

    digest = commands.add_parser(
        "digest", help="print the digest of recently shared news",
        description="The articles first shared in the last --since, ranked and grouped by "
                    "topic, as a server's scheduled digest would show them.")
    digest.add_argument("--guild", type=int,
                        help="a server's id (default: the articles ingested on this command line)")
    digest.add_argument("--since", type=parse_since, default="24h",
                        help="how far back: 30m, 24h, 7d, 2w (default 24h)")

    _add_knowledge_commands(commands)
    add_feed_commands(commands)
    add_copy_action(add_database_commands(commands))

    commands.add_parser(
        "run", help="run the Discord bot",
        description="Connect to Discord with DISCORD_TOKEN and run until interrupted "
                    "(Ctrl+C or SIGTERM shut it down cleanly).")
    for command in commands.choices.values():
        _add_global_options(command, after_command=True)
        command.epilog = EXIT_CODES
        command.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def _add_knowledge_commands(commands: Any) -> None:
    """topic, person, search, ask, tags, people: questions about the stored articles."""
    scope_note = " Works on the articles stored from the command line (newsbot ingest)."
    topic = commands.add_parser(
        "topic", help="the latest stored articles on a topic, with a summary",
        description="The latest stored articles tagged with a topic (title, publication "
                    "date or else the day it was stored, one sentence) and a short summary "
                    "across them." + scope_note)
    topic.add_argument("name", nargs="+", metavar="NAME", help="the topic, e.g. NATO")
    topic.add_argument("--page", type=_page, default=1, help="page of results (default 1)")

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
                    "operator values with spaces: tag:\"interest rates\". Dates are the "
                    "day an article was published, or, when its page gave none, the day it "
                    "was first stored; results say which (\"published 2019-11-20\", "
                    "\"stored 2024-06-10\")." + scope_note)
    search.add_argument("query", nargs="+", metavar="QUERY", help="words and operators")
    search.add_argument("--page", type=_page, default=1, help="page of results (default 1)")

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


def _sentences(text: str) -> int:
    check_length(int(text), None)
    return int(text)


def _ratio(text: str) -> float:
    check_length(None, float(text))
    return float(text)


def _page(text: str) -> int:
    if int(text) < 1:
        raise InvalidOptionError("the page must be 1 or more")
    return int(text)


def _add_summary_options(parser: argparse.ArgumentParser) -> None:
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--sentences", type=_sentences, metavar="N",
                        help=f"summary length in sentences (1-{MAX_SENTENCES}, default 3)")
    length.add_argument("--ratio", type=_ratio, metavar="R",
                        help="summary length as a share of the article's sentences (0-1]")
    parser.add_argument("--algorithm", choices=ALGORITHMS, metavar="NAME",
                        help=f"one of: {', '.join(ALGORITHMS)} (default {DEFAULT_ALGORITHM})")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    database: str | None = arguments.database
    shown = "newsbot.db"
    try:
        settings = Settings.load(arguments.env_file)
        _configure_logging(arguments.command, arguments.verbose, settings.log_level)
        if database is not None:
            settings = settings.with_database(database)
        shown = settings.database_shown
        if arguments.command == "db" and arguments.db_action == "copy":  # names its own
            return asyncio.run(run_db(arguments))
        return asyncio.run(_dispatch(arguments, settings))
    except NewsbotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except DatabaseError as error:  # the file went bad or read-only while in use
        from bot.runtime.composition import describe_database_error  # noqa: PLC0415  see _open_runtime

        log.debug("database error", exc_info=True)
        print(f"error: {describe_database_error(Path(shown), error)}",
              file=sys.stderr)
        return 1
    except Exception as error:
        log.debug("unexpected error", exc_info=True)
        print(f"error: unexpected failure ({type(error).__name__}: {error}); "
              "run with --verbose for details", file=sys.stderr)
        return 1


def _configure_logging(command: str, verbose: bool, log_level: str) -> None:
    # The bot logs its life to the console; one-shot commands only warnings.
    if verbose:
        level = logging.DEBUG
    elif command == "run":
        level = logging.getLevelNamesMapping()[log_level]
    else:
        level = logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Their DEBUG lines (one per SQL statement, per gateway frame) drown ours.
    for chatty in ("aiosqlite", "asyncio"):
        logging.getLogger(chatty).setLevel(max(level, logging.INFO))


async def _dispatch(arguments: argparse.Namespace, settings: Settings) -> int:
    command = arguments.command
    if command == "summarize":
        options = _summary_options(arguments, settings)
        if arguments.jsonl:
            with _jsonl_input(arguments.source) as lines:
                async with _open_runtime(settings, BATCH_PRELOAD, read_only=True,
                                         start_workers=True) as runtime:
                    return await _summarize_batch(runtime, options, lines)
        if not arguments.source:
            raise InvalidInputError("give a SOURCE (a URL, a file or -), or use --jsonl")
        return await _summarize_one(settings, arguments.source, options, arguments.json)
    if command == "extract":
        async with _open_runtime(settings, BATCH_PRELOAD, read_only=True,
                                 start_workers=True) as runtime:
            return await _extract_batch(runtime)
    if command == "ingest":
        options = _summary_options(arguments, settings)
        # The models load while the sources are listed and fetched.
        async with _open_runtime(settings, BOT_PRELOAD, start_workers=True) as runtime:
            sources = await asyncio.to_thread(expand_sources, arguments.sources)
            results = await _ingest(runtime, sources, options)
            return 1 if any(isinstance(result, NewsbotError) for result in results) else 0
    if command == "demo":
        return await _demo(settings, arguments.seeds)
    if command == "digest":
        from bot.digest.plain_text import render_text  # noqa: PLC0415

        async with _open_lookups(settings) as lookups:
            digest = await build_cli_digest(lookups.digests, arguments.guild, arguments.since)
            print(render_text(digest))
        return 1 if digest.is_empty else 0
    delegated: dict[str, Callable[[], Awaitable[int]]] = {
        "db": lambda: run_database_action(arguments, settings.database_path,
                                          postgresql=settings.database_url is not None),
        "feeds": lambda: run_feeds(arguments, lambda: _open_runtime(settings)),
    }
    if command in delegated:  # commands whose module parses and runs them
        return await delegated[command]()
    if command == "run":
        from bot.discord_app.runner import run_bot  # noqa: PLC0415  see _open_runtime

        await run_bot(settings)
        return 0
    if command == "people" and arguments.jsonl:
        async with _open_runtime(settings, PEOPLE_PRELOAD, read_only=True,
                                 start_workers=True) as runtime:
            return await people_batch(runtime)
    if command in _KNOWLEDGE_COMMANDS:
        # Lookups read; their few worker jobs (a topic's summary, an answer) need no model.
        async with _open_lookups(settings) as lookups:
            return await _knowledge(lookups, arguments)
    raise InvalidOptionError(f"unknown command {command}")


_KNOWLEDGE_COMMANDS = ("topic", "person", "search", "ask", "tags", "people")


def _open_runtime(settings: Settings, preload: Sequence[str] = (), *,
                  read_only: bool = False, start_workers: bool = False
                  ) -> AbstractAsyncContextManager[Runtime]:
    """``start_workers``: the command will need them, so their forkserver starts loading
    ``preload`` now, while this process imports and opens the rest; otherwise the first job
    starts them, and a command that fails or finds nothing first never does."""
    if start_workers:
        start_forkserver(preload)
    # Imported when a command runs, not with this module: the worker processes import this
    # module again (the ``newsbot`` script is their __main__) and need none of the HTTP,
    # database or Discord code, which would cost each of them 20 MB and 0.3 s to start.
    from bot.runtime.composition import open_runtime  # noqa: PLC0415

    return open_runtime(settings, preload=preload, read_only=read_only)


def _open_lookups(settings: Settings) -> AbstractAsyncContextManager[Lookups]:
    from bot.runtime.composition import open_lookups  # noqa: PLC0415  as in _open_runtime

    return open_lookups(settings)


@contextlib.contextmanager
def _jsonl_input(source: str | None) -> Iterator[IO[bytes] | IO[str]]:
    """Standard input (no SOURCE, or -), or the file SOURCE; never a SOURCE ignored."""
    if source is None or source == "-":
        yield standard_input()
        return
    if is_url(source):
        raise InvalidInputError(f"{source}: with --jsonl, SOURCE is a file of JSON lines "
                                "or - (standard input), not a URL")
    try:
        lines = open(source, "rb")  # noqa: SIM115  closed below; lines decoded one by one
    except FileNotFoundError:
        raise InvalidInputError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{source}: is a folder, not a file of JSON lines") from None
    except OSError as error:
        raise InvalidInputError(f"{source}: cannot be read ({error.strerror})") from None
    with lines:
        yield lines


async def _knowledge(runtime: Lookups, arguments: argparse.Namespace) -> int:
    command = arguments.command
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
    print(output.text)
    return 0 if output.found else 1


def _summary_options(arguments: argparse.Namespace, settings: Settings) -> SummaryOptions:
    sentences = arguments.sentences
    if sentences is None and arguments.ratio is None:
        sentences = settings.summary_sentences
    return SummaryOptions(algorithm=arguments.algorithm or settings.summary_algorithm,
                          sentences=sentences, ratio=arguments.ratio)


async def _summarize_one(settings: Settings, source: str, options: SummaryOptions,
                         as_json: bool) -> int:
    if is_url(source):
        # Fetched (or refused) first: workers start only for a page to summarize.
        async with _open_runtime(settings, SUMMARY_PRELOAD, read_only=True) as runtime:
            processed = await runtime.articles.summarize_url(source, options)
    else:
        # Read (or refused) before any worker starts.
        document = await asyncio.to_thread(read_document, Source(source, path=Path(source)))
        async with _open_runtime(settings, SUMMARY_PRELOAD, read_only=True,
                                 start_workers=True) as runtime:
            processed = await runtime.articles.process(document, options)
    if as_json:
        print(json.dumps({"source": source, **_article_json(processed)}, ensure_ascii=False,
                         indent=2))
    else:
        print(_render(processed))
    return 0


async def _summarize_batch(runtime: Runtime, defaults: SummaryOptions,
                           lines: IO[bytes] | IO[str]) -> int:
    async def handle(item: JsonObject) -> JsonObject:
        options = defaults
        if "sentences" in item:
            if not isinstance(item["sentences"], int) or isinstance(item["sentences"], bool):
                raise InvalidOptionError('"sentences" must be a whole number')
            options = SummaryOptions(algorithm=defaults.algorithm, sentences=item["sentences"])
        processed = await runtime.articles.process(_batch_document(item), options)
        return {"title": processed.article.title, "summary": list(processed.summary.sentences)}

    errors = await run_jsonl(lines, handle, sys.stdout, runtime.pool.size * 2)
    return 1 if errors else 0


async def _extract_batch(runtime: Runtime) -> int:
    async def handle(item: JsonObject) -> JsonObject:
        processed = await runtime.articles.process(_batch_document(item), SummaryOptions())
        article = _article_json(processed)
        for key in ("summary", "algorithm", "words_in", "words_out", "reduction_percent"):
            article.pop(key)
        return article

    errors = await run_jsonl(standard_input(), handle, sys.stdout, runtime.pool.size * 2)
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
    from bot.ingest.articles import CLI_SCOPE, IngestResult, IngestStatus, ShareContext  # noqa: PLC0415

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
          f"({runtime.settings.database_shown})")
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


async def _demo(settings: Settings, seeds: Path | None) -> int:
    if seeds is None:
        # A real folder even when the package is not one on disk (a zipped install).
        with resources.as_file(resources.files(SEEDS_PACKAGE)) as installed:
            sources = await asyncio.to_thread(_seed_sources, installed)
            return await _demo_sources(settings, sources)
    return await _demo_sources(settings, await asyncio.to_thread(_seed_sources, seeds))


async def _demo_sources(settings: Settings, sources: list[Source]) -> int:
    async with _open_runtime(settings, BOT_PRELOAD, start_workers=True) as runtime:
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
    published = f"published {article.published}" if article.published else None
    details = [part for part in (article.site_name, article.author, published) if part]
    if details:
        lines.append(" · ".join(details))
    if article.tags:
        lines.append("tags: " + ", ".join(article.tags))
    lines.append("")
    lines.extend(f"- {sentence}" for sentence in summary.sentences or [NO_SUMMARY])
    lines.append("")
    lines.append(ArticleCard.from_processed(processed, article.canonical_url).stats_line)
    return "\n".join(lines)
