"""Real pages in, readable topics and real people out: the article-extraction benchmark's
pages (from ../shared/data, skipped when absent) ingested with ``newsbot ingest``, and the
database's top 20 topics and people checked against the junk rules, independently of the
code that applies them."""

from __future__ import annotations

import gzip
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.scopes import CLI_SCOPE
from bot.text.folding import fold
from bot.text.stopwords import LANGUAGES, stop_words
from storage.database import Database
from storage.people import PeopleRepository
from storage.topics import TopicRepository

REPO = Path(__file__).resolve().parents[2]
BENCHMARK = Path(os.environ.get("NEWSBOT_SHARED_DATA", REPO.parent / "shared" / "data")) \
    / "article_extraction_benchmark"

needs_benchmark = pytest.mark.skipif(not (BENCHMARK / "ground-truth.json").is_file(),
                                     reason="the shared benchmark pages are not available")

PAGES = 50  # of 181: enough for a ranking, and an ingest that fits the test time limit
_WIRE = re.compile(r"(?:^|\s)(?:wire|news|stories)$|^(?:ap|afp|reuters|upi)$", re.IGNORECASE)
_TICKER = re.compile(r"^[A-Z0-9]{1,6}\.[A-Z]{1,3}$|^[A-Z]{2,5}(?:, [A-Z0-9.]+)+$")


def junk_reasons(topic: str) -> list[str]:
    reasons = []
    if "@" in topic or "_" in topic:
        reasons.append("identifier mark")
    if ":" in topic:
        reasons.append("id with ':'")
    if re.search(r"&#?\w+;|&(?:quot|amp|lt|gt|nbsp|apos)\b", topic):
        reasons.append("HTML entity")
    if _TICKER.match(topic):
        reasons.append("ticker")
    if _WIRE.search(topic):
        reasons.append("wire or desk label")
    words = [fold(word) for word in re.findall(r"\w+(?:&\w+)*", topic)]
    if words and all(any(word in stop_words(code) for code in LANGUAGES) for word in words):
        reasons.append("stop words")
    if re.search(r",\s*[A-Z]\w+(?: [A-Z]\w+)* [A-Z]\.?$|\(\d{4}", topic):
        reasons.append("catalogue name as written")
    return reasons


# Words that end or hold the names of things, not people: products, companies, places, events.
_THING_WORDS = frozenset("""
pro plus max mini edition series inc ltd llc plc corp corporation company group holdings energy
technologies systems airlines motors bank university college school institute foundation
council committee party club united rovers cup open championship festival awards prize tour bay
harbour harbor river lake island mountain county street airport
""".split())  # noqa: SIM905  a word list
_TITLES = frozenset("""
president administrator minister senator governor mayor judge chairman chairwoman ceo secretary
chancellor prime king queen prince director spokesman spokeswoman
""".split())  # noqa: SIM905  a word list


def person_junk_reasons(name: str) -> list[str]:
    reasons = []
    words = [fold(word) for word in re.findall(r"[\w'’.-]+", name)]
    if not words or any(ch.isdigit() for ch in name):
        reasons.append("not a name")
    elif any(word in _THING_WORDS for word in words):
        reasons.append("a thing's name")
    elif words[0] in _TITLES and len(words) > 1:
        reasons.append("title kept in the name")
    elif len(name) > 3 and name.isupper():
        reasons.append("written in capitals")
    return reasons


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth)[:PAGES]:
        html = gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes())
        (folder / f"{key[:16]}.html").write_bytes(html)
    return folder


async def top_topics_and_people(database: Path, limit: int = 20
                                ) -> tuple[list[str], list[str]]:
    db = await Database.open(database)
    try:
        since = datetime.now(UTC) - timedelta(days=30)
        topics = await TopicRepository(db).top(CLI_SCOPE, since, limit)
        people = await PeopleRepository(db).top(CLI_SCOPE, since, limit)
        return [item.name for item in topics], [item.name for item in people]
    finally:
        await db.close()


@needs_benchmark
@pytest.mark.timeout(400)  # a real ingest of 50 pages on a shared 2-core machine
def test_no_top_topic_of_real_pages_is_junk(pages: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DATABASE", str(tmp_path / "real.db"))
    monkeypatch.delenv("NEWSBOT_WORKERS", raising=False)
    main(["ingest", str(pages)])  # a few pages are not articles: the exit status says so
    import asyncio  # noqa: PLC0415

    topics, people = asyncio.run(top_topics_and_people(tmp_path / "real.db"))
    assert len(topics) >= 10
    junk = {topic: reasons for topic in topics if (reasons := junk_reasons(topic))}
    assert junk == {}
    assert len(people) >= 10
    not_people = {name: reasons for name in people if (reasons := person_junk_reasons(name))}
    assert not_people == {}


@pytest.mark.parametrize(("topic", "reason"), [
    ("@post-id:1913719", "identifier mark"), ("&quot", "HTML entity"), ("7974.TO", "ticker"),
    ("MSFT, 7974.TO", "ticker"), ("A Wire", "wire or desk label"), ("que", "stop words"),
    ("Trump, Donald J", "catalogue name as written"), ("AP", "wire or desk label"),
])
def test_the_junk_check_itself_catches_each_kind(topic: str, reason: str) -> None:
    assert reason in junk_reasons(topic)


@pytest.mark.parametrize(("name", "reason"), [
    ("MacBook Pro", "a thing's name"), ("Amberline Energy", "a thing's name"),
    ("Administrator Jim Bridenstine", "title kept in the name"), ("NASA", "written in capitals"),
    ("Blue Moon Bay", "a thing's name"),
])
def test_the_people_check_itself_catches_each_kind(name: str, reason: str) -> None:
    assert reason in person_junk_reasons(name)


def test_the_people_check_passes_people() -> None:
    for name in ("Donald Trump", "Zoë Lefèvre", "Trump", "Jim Bridenstine", "R. Ponting"):
        assert person_junk_reasons(name) == [], name


def test_the_junk_check_passes_readable_topics() -> None:
    for topic in ("China", "Donald Trump", "Hong Kong", "Doobie Brothers", "AT&T", "NATO"):
        assert junk_reasons(topic) == [], topic
