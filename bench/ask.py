"""``/ask`` answer quality on NewsQA's development stories: recall@1, recall@3, source
accuracy, answered share and latency per question.

Usage (from the repository root):

    python bench/ask.py                       # every story and question, tune and held-out
    python bench/ask.py --limit 200           # the first 200 questions of each part
    python bench/ask.py --database /tmp/x.db  # keep (or reuse) the loaded database

Data (never copied into the repository) is read from ``--data``, by default
``../shared/data/newsqa_dev`` relative to the repository root: ``stories.jsonl`` (538 CNN
stories, no headlines) and ``questions.jsonl`` (3,561 crowd questions, one answer span each).

How it runs, as a user would: every story is written as a plain-text file (its first
sentence as the title line, then the story) and loaded with ``newsbot ingest`` into one fresh
database (the real ingest path: extraction, summary, recognition, storage); then one
long-lived process opens that database as the command line does and asks every question in
turn through ``AskService.ask`` in the command line's scope, timing each call (worker-pool time
included).

Measures, per part:

* *recall@k*: one of the first k answer sentences *contains the answer*: the crowd answer
  span, case folded and whitespace collapsed, is a substring of the returned sentence treated
  the same way (the data README's definition). The sentence is the one shown to the user,
  so a pronoun shown with the name it refers to ("She [Ann Lee] ...") counts that name.
* *source accuracy*: the first sentence comes from the question's own story.
* *answered*: any sentence was returned.
* p50/p95 latency of ``ask`` in milliseconds (noisy on a shared machine).

Parts: a story is *held-out* when ``int(sha1(story_id)[:8], 16) % 3 == 0`` (about a third
of the stories and their questions), otherwise *tune*. Rules were tuned looking at the tune
part only; both are development data. By default every story is in one database (538
stories: a question's story competes with all others); ``--per-part`` loads each part into
a database of its own (about 180 held-out stories, nearer the issue's held-out sample of
100 stories in one database).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.runtime.composition import open_runtime  # noqa: E402
from bot.runtime.settings import Settings  # noqa: E402
from bot.scopes import CLI_SCOPE  # noqa: E402

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "newsqa_dev"
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.DOTALL)


def part_of(story_id: str) -> str:
    return "held-out" if int(hashlib.sha1(story_id.encode()).hexdigest()[:8], 16) % 3 == 0 \
        else "tune"


def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def contains_answer(sentence: str, answers: list[str]) -> bool:
    folded = normalise(sentence)
    return any(normalise(answer) and normalise(answer) in folded for answer in answers)


def title_of(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    match = _FIRST_SENTENCE.match(first)
    return " ".join((match.group(1) if match else first).split())[:200]


def write_stories(stories: list[dict], folder: Path) -> None:
    for story in stories:
        body = story["text"].strip()
        (folder / f"{story['id']}.txt").write_text(f"{title_of(body)}\n\n{body}\n",
                                                   encoding="utf-8")


def ingest(folder: Path, database: Path) -> None:
    newsbot = [sys.executable, "-m", "bot", "--database", str(database), "ingest", str(folder)]
    started = time.perf_counter()
    done = subprocess.run(newsbot, cwd=ROOT, capture_output=True, text=True, check=False)
    summary = done.stdout.strip().splitlines()[-1:] or [done.stderr.strip()[-300:]]
    print(f"ingest: {summary[0]} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


@dataclass
class Tally:
    questions: int = 0
    at1: int = 0
    at3: int = 0
    source: int = 0
    answered: int = 0
    latencies: list[float] = field(default_factory=list)

    def row(self, name: str) -> str:
        n = max(1, self.questions)
        lat = sorted(self.latencies) or [0.0]
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
        return (f"| {name} | {self.questions} | {self.at1 / n:.3f} | {self.at3 / n:.3f} | "
                f"{self.source / n:.3f} | {self.answered / n:.3f} | "
                f"{statistics.median(lat):.1f} | {p95:.1f} |")


async def ask_all(database: Path, questions: list[dict], story_of_file: dict[str, str],
                  misses: Path | None) -> dict[str, Tally]:
    tallies = {"tune": Tally(), "held-out": Tally()}
    settings = Settings.from_mapping({"NEWSBOT_DATABASE": str(database)})
    log = misses.open("w", encoding="utf-8") if misses else None
    async with open_runtime(settings) as runtime:
        ask = runtime.knowledge.answers.ask
        await ask(CLI_SCOPE, "warm up the workers please")
        for item in questions:
            started = time.perf_counter()
            answer = await ask(CLI_SCOPE, item["question"])
            elapsed = (time.perf_counter() - started) * 1000
            tally = tallies[part_of(item["story_id"])]
            tally.questions += 1
            tally.latencies.append(elapsed)
            lines = list(answer.lines)
            hits = [contains_answer(line.sentence, item["answers"]) for line in lines]
            tally.answered += bool(lines)
            tally.at1 += bool(hits[:1] and hits[0])
            tally.at3 += any(hits[:3])
            right = bool(lines) and story_of_file.get(Path(lines[0].article.url or "").stem) \
                == item["story_id"]
            tally.source += right
            if log is not None and part_of(item["story_id"]) == "tune" and not any(hits[:1]):
                log.write(json.dumps({
                    "q": item["question"], "a": item["answers"], "right_story": right,
                    "got": [line.sentence for line in lines]}, ensure_ascii=False) + "\n")
    if log is not None:
        log.close()
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--database", type=Path,
                        help="database file to load into (reused if it exists)")
    parser.add_argument("--limit", type=int, default=0,
                        help="ask only the first N questions of each part (0: all)")
    parser.add_argument("--misses", type=Path, help="write tune-part misses at 1 here")
    parser.add_argument("--per-part", action="store_true",
                        help="load each part into its own database")
    arguments = parser.parse_args()
    stories = [json.loads(line) for line in (arguments.data / "stories.jsonl").open()]
    questions = [json.loads(line) for line in (arguments.data / "questions.jsonl").open()]
    if arguments.limit:
        counts = {"tune": 0, "held-out": 0}
        kept = []
        for item in questions:
            part = part_of(item["story_id"])
            if counts[part] < arguments.limit:
                counts[part] += 1
                kept.append(item)
        questions = kept
    story_of_file = {story["id"]: story["id"] for story in stories}
    groups = ({part: [story for story in stories if part_of(story["id"]) == part]
               for part in ("tune", "held-out")} if arguments.per_part else {"all": stories})
    tallies: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory() as temporary:
        for name, group in groups.items():
            database = arguments.database or Path(temporary) / "newsqa.db"
            if arguments.per_part:
                database = database.with_name(f"{database.stem}-{name}{database.suffix}")
            if not database.exists():
                folder = Path(temporary) / f"stories-{name}"
                folder.mkdir()
                write_stories(group, folder)
                ingest(folder, database)
            ids = {story["id"] for story in group}
            asked = [item for item in questions if item["story_id"] in ids]
            found = asyncio.run(ask_all(database, asked, story_of_file, arguments.misses))
            tallies.update({part: tally for part, tally in found.items() if tally.questions})
    print("| part | questions | recall@1 | recall@3 | right story | answered | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name, tally in tallies.items():
        print(tally.row(f"{name} (development set)"))


if __name__ == "__main__":
    main()
