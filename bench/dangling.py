"""How often a summary leaves a sentence without the context it needs to be read.

Usage (from the repository root):

    python bench/dangling.py                      # news, CNN/DM sample + 300 held-out BBC
    python bench/dangling.py --systems lead,news,lexrank --limit 0

A simple detector, kept apart from the summarizer's own rules on purpose (its word lists are
written here again, in English only: both data sets are English), so that the summarizer is not
graded by the code it is tuned with. A summary sentence *dangles* when

* it opens with a personal or demonstrative pronoun ("He", "She", "They", "It", "This", "These",
  "Those", "His", ...; "This year" and the like are time expressions and do not count) and the
  article sentence just before it is not in the summary (the *pronoun* count), or
* it opens with a connective ("But", "However", "Also", "Meanwhile", "In addition", ...) and the
  article sentence just before it is not in the summary (the *connective* count), or
* its double quotation marks do not balance, and the run of consecutive article sentences
  around it that are all in the summary does not balance them either (the *quote* count; a
  quotation that goes on into the next paragraph reopens there with a new mark, by the usual
  convention, and that mark is not counted again).

The article sentences are the article's paragraphs split by the project's offline tokenizer (as
``bench/rouge.py``'s LEAD does); a summary sentence is matched to the article sentence it equals
or ends (a dateline may have been stripped). Rates are shares of summaries with at least one
dangling sentence. Data is read from ``--data`` (default ``../shared/data``), as in
``bench/rouge.py``; CNN/DM summaries have 3 sentences, BBC ones the reference's length (about 8).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from rouge import CNNDM, Item, load_bbc, load_cnndm, system  # noqa: E402

from bot.summarizing.algorithms import tokenizer  # noqa: E402

PRONOUNS = frozenset(
    ("he", "she", "they", "it", "this", "these", "those", "that", "his", "her", "their",
     "its", "him", "them", "such")
)
# "This year", "That night": a time expression, not a reference back.
TIME_WORDS = frozenset(
    ("year", "years", "week", "weeks", "month", "months", "morning", "afternoon", "evening",
     "night", "weekend", "season", "summer", "winter", "spring", "autumn", "time", "day",
     "days", "century", "decade", "quarter")
)
CONNECTIVES = (
    "but", "however", "also", "meanwhile", "and", "yet", "still", "instead", "nevertheless",
    "nonetheless", "moreover", "furthermore", "additionally", "besides", "otherwise",
    "therefore", "thus", "hence", "so", "then", "later", "afterwards", "consequently", "or",
    "in addition", "as a result", "in fact", "even so", "on the other hand", "by contrast",
    "in contrast", "at the same time", "for example", "for instance", "despite this",
    "the latter", "the former", "as well",
)
_WORDS = re.compile(r"[A-Za-z]+(?:['-][A-Za-z]+)*")
_LEADING_QUOTE = re.compile(r"^[\"“”'‘’\s(]+")


@dataclass
class Counts:
    summaries: int = 0
    sentences: int = 0
    pronoun: int = 0
    connective: int = 0
    quote: int = 0
    any: int = 0

    def row(self, label: str, name: str) -> str:
        def pct(n: int) -> str:
            return f"{100 * n / max(1, self.summaries):.1f}%"

        return (f"| {label} | {name} | {self.summaries} | {pct(self.pronoun)} | "
                f"{pct(self.connective)} | {pct(self.quote)} | **{pct(self.any)}** |")


def opener(sentence: str) -> str | None:
    """"pronoun", "connective" or None, from the sentence's first words."""
    words = [w.lower() for w in _WORDS.findall(_LEADING_QUOTE.sub("", sentence)[:80])]
    if not words:
        return None
    first = words[0].split("'")[0]  # "It's"; "So-called" stays one word
    if first in PRONOUNS and not (len(words) > 1 and words[1] in TIME_WORDS):
        return "pronoun"
    head = " ".join(words[:4])
    if any(head == c or head.startswith(c + " ") for c in CONNECTIVES):
        return "connective"
    return None


def balanced(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def article_sentences(item: Item) -> list[str]:
    tok = tokenizer("english")
    out: list[str] = []
    for block in item.text.split("\n\n"):
        out.extend(tok.to_sentences(" ".join(block.split())))
    return out


def locate(sentence: str, sentences: Sequence[str]) -> int | None:
    for i, candidate in enumerate(sentences):
        if candidate == sentence:
            return i
    for i, candidate in enumerate(sentences):
        if candidate.endswith(sentence) or sentence in candidate:
            return i
    return None


def dangling(summary: Sequence[str], sentences: Sequence[str]) -> set[str]:
    """The kinds of dangling sentence in one summary."""
    where = [locate(s, sentences) for s in summary]
    chosen = {i for i in where if i is not None}
    kinds: set[str] = set()
    for sentence, i in zip(summary, where, strict=True):
        kind = opener(sentence)
        if kind and (i is None or i - 1 not in chosen):
            kinds.add(kind)
        if not balanced(sentence) and (i is None or not balanced(run_text(i, chosen, sentences))):
            kinds.add("quote")
    return kinds


def run_text(i: int, chosen: set[int], sentences: Sequence[str]) -> str:
    """The run of consecutive summary sentences around ``i``, joined; a quotation that goes on
    into the next paragraph reopens it with a new mark, which does not count again."""
    start, end = i, i
    while start - 1 in chosen:
        start -= 1
    while end + 1 in chosen:
        end += 1
    text = ""
    for sentence in sentences[start: end + 1]:
        reopened = text and not balanced(text) and sentence.startswith(('"', "“"))
        text += " " + (sentence[1:] if reopened else sentence)
    return text


def measure(items: Sequence[Item], name: str) -> Counts:
    run = system(name)
    counts = Counts()
    for item in items:
        summary = run(item)
        kinds = dangling(summary, article_sentences(item))
        counts.summaries += 1
        counts.sentences += len(summary)
        counts.pronoun += "pronoun" in kinds
        counts.connective += "connective" in kinds
        counts.quote += "quote" in kinds
        counts.any += bool(kinds)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--split", choices=("report", "tune", "all"), default="report")
    parser.add_argument("--limit", type=int, default=300, help="BBC articles (0 = all)")
    parser.add_argument("--systems", default="news")
    args = parser.parse_args(argv)

    bbc = load_bbc(args.data, args.split, args.limit)
    datasets = {CNNDM: load_cnndm(args.data),
                f"BBC {args.split} ({len(bbc)}, ref. length)": bbc}
    print("| set | system | summaries | pronoun | connective | quote cut | any |")
    print("|---|---|---|---|---|---|---|")
    for label, items in datasets.items():
        for name in (n.strip() for n in args.systems.split(",") if n.strip()):
            print(measure(items, name).row(label, name), flush=True)


if __name__ == "__main__":
    main()
