"""Person recognition on the CoNLL-2003 English development split: document-level P/R/F1.

Usage (from the repository root):

    python bench/conll.py [--data ../shared/data] [--part tune|check|all] [-v]

The split (``conll2003_dev/conll2003_testa_sentences.jsonl``, read from the shared data folder
and never copied into the repository) is a development set. Its 216 documents are divided by a
hash of the document id into a *tune* part (rules are tuned on it) and a *check* part (only
reported, never looked at while tuning); both are printed, and the whole set.

Measure, per document: the set of distinct people, accents and case ignored; a mention whose
words are a run of an earlier, longer mention's words ("Simmons" after "Phil Simmons") is the
same person. Predicted and labelled people match on their folded names, or when one of them
is a single word of the other's name (a labelled "Simmons" against a predicted "Phil
Simmons"): each person counts once. Precision, recall and F1 are summed over all documents.
The baseline is spaCy's own PERSON entities on the same text, measured the same way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.people import find_people  # noqa: E402
from bot.people.model import load_pipeline  # noqa: E402
from bot.people.names import name_tokens  # noqa: E402

DATA = next((parent / "shared" / "data" for parent in ROOT.parents
             if (parent / "shared" / "data").is_dir()), ROOT / ".." / "shared" / "data")
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}'’]|n't|'s|'re|'ve|'ll|'d|'m)(?=\s|$)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


@dataclass
class Document:
    doc_id: int
    text: str
    gold: list[str]


@dataclass
class Score:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0

    def add(self, other: Score) -> None:
        self.true_pos += other.true_pos
        self.false_pos += other.false_pos
        self.false_neg += other.false_neg

    def line(self) -> str:
        found = self.true_pos + self.false_pos
        wanted = self.true_pos + self.false_neg
        precision = self.true_pos / found if found else 0.0
        recall = self.true_pos / wanted if wanted else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  (people {wanted})"


def part_of(doc_id: int) -> str:
    """A fixed split by document id: about half the documents for tuning, half for checking."""
    digest = hashlib.sha1(f"conll-dev-{doc_id}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def load_documents(path: Path) -> list[Document]:
    sentences: dict[int, list[str]] = defaultdict(list)
    gold: dict[int, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        sentences[row["doc_id"]].append(detokenize(row["tokens"]))
        gold[row["doc_id"]] += [person["text"] for person in row["persons"]]
    # One sentence a line, as a wire story's headline, dateline and paragraphs arrive.
    return [Document(doc_id, "\n\n".join(lines), gold[doc_id])
            for doc_id, lines in sorted(sentences.items())]


def distinct_people(names: Iterable[str]) -> list[tuple[str, ...]]:
    """Folded people in order; a later run of an earlier name's words is the same person."""
    people: list[tuple[str, ...]] = []
    for name in names:
        tokens = name_tokens(re.sub(r"['’]s$", "", name.strip()))
        if not tokens or tokens in people:
            continue
        if any(len(p) > len(tokens) and _is_run(tokens, p) for p in people):
            continue
        # A full name after its surname alone: the full name replaces it.
        people = [p for p in people if not (len(p) < len(tokens) and _is_run(p, tokens))]
        people.append(tokens)
    return people


def _is_run(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return any(full[i : i + len(short)] == short for i in range(len(full) - len(short) + 1))


def score(predicted: list[tuple[str, ...]], gold: list[tuple[str, ...]]) -> tuple[Score, list[str],
                                                                                  list[str]]:
    left = list(gold)
    extra: list[str] = []
    for person in sorted(predicted, key=lambda p: p not in gold):
        match = next((g for g in left if g == person), None) or next(
            (g for g in left if (len(g) == 1 and g[0] in person)
             or (len(person) == 1 and person[0] in g)), None)
        if match is None:
            extra.append(" ".join(person))
        else:
            left.remove(match)
    hits = len(predicted) - len(extra)
    return Score(hits, len(extra), len(left)), extra, [" ".join(g) for g in left]


def spacy_people(text: str) -> list[str]:
    return [e.text for e in load_pipeline()(text).ents if e.label_ == "PERSON"]


def newsbot_people(text: str) -> list[str]:
    return [person.name for person in find_people(text)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--part", choices=("tune", "check", "all"), default="all",
                        help="which documents to score (default: all, reported per part)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="show each document's extra and missed people")
    args = parser.parse_args(argv)
    path = args.data / "conll2003_dev" / "conll2003_testa_sentences.jsonl"
    if not path.is_file():
        print(f"no CoNLL development split at {path}", file=sys.stderr)
        return 2
    documents = [d for d in load_documents(path)
                 if args.part == "all" or part_of(d.doc_id) == args.part]
    load_pipeline()  # model load is a one-off per process, not per document
    for label, recognize in (("newsbot", newsbot_people), ("spaCy PERSON", spacy_people)):
        totals: dict[str, Score] = defaultdict(Score)
        started = time.perf_counter()
        for document in documents:
            found, extra, missed = score(distinct_people(recognize(document.text)),
                                         distinct_people(document.gold))
            totals[part_of(document.doc_id)].add(found)
            totals["all"].add(found)
            if args.verbose and label == "newsbot" and (extra or missed):
                print(f"doc {document.doc_id} ({part_of(document.doc_id)}): "
                      f"extra {extra} missed {missed}")
        ms = (time.perf_counter() - started) * 1000 / max(1, len(documents))
        for part in ("tune", "check", "all"):
            if part in totals:
                docs = sum(1 for d in documents if part == "all" or part_of(d.doc_id) == part)
                print(f"{label:<13} {part:<5} docs {docs:>3}  {totals[part].line()}")
        print(f"{label:<13} ms/doc {ms:.1f} (machine shared with other work: noisy)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
