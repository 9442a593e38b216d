"""ROUGE of LEAD, every stock Sumy algorithm and newsbot's default summarizer, side by side.

Usage (from the repository root):

    python bench/rouge.py                       # report split, 300 held-out BBC articles
    python bench/rouge.py --split tune          # the part of BBC the default was tuned on
    python bench/rouge.py --limit 0             # every held-out BBC article

Data (never copied into the repository) is read from ``--data``, by default ``../shared/data``
relative to the repository root:

* ``cnn_dailymail_sample/cnndm_test_raw_stories.jsonl``: summaries of 3 sentences, scored against
  the highlight bullets; LEAD is LEAD-3.
* ``bbc_news_summary/bbc_news_summary.jsonl``: summaries of as many sentences as the reference
  has; LEAD is the first k sentences for that same k. The headline is passed as ``title``.

BBC tune/report split: an article belongs to the *tune* part when the first 8 hex digits of
SHA-1(id) read as an integer are divisible by 3 remainder 0 (``int(sha1(id)[:8], 16) % 3 == 0``,
about a third of the set), otherwise to the *report* part. Within a part, articles are taken in
order of that hash (which mixes the five categories), the first ``--limit`` of them.

Metrics: ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 x 100 from ``rouge-score`` with stemming; sentences are
newline-separated for ROUGE-Lsum. Every system uses newsbot's own offline tokenizer, so the
comparison is fair. A paired bootstrap (resampling articles) gives a 95% interval for the default
minus LEAD. The last line times the default on articles of about 800 words (600-1000) on one core.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.summarizing import ALGORITHMS, DEFAULT_ALGORITHM, summarize  # noqa: E402
from bot.summarizing.algorithms import tokenizer  # noqa: E402

METRICS = ("rouge1", "rouge2", "rougeLsum")
LEAD = "lead"


@dataclass(frozen=True)
class Item:
    id: str
    title: str | None
    text: str
    reference: str  # one sentence a line
    length: int  # sentences to extract


def bbc_split(item_id: str) -> str:
    return "tune" if int(_hash(item_id)[:8], 16) % 3 == 0 else "report"


def _hash(item_id: str) -> str:
    return hashlib.sha1(item_id.encode("utf-8")).hexdigest()


def load_cnndm(data: Path) -> list[Item]:
    items = []
    with (data / "cnn_dailymail_sample" / "cnndm_test_raw_stories.jsonl").open() as lines:
        for line in lines:
            record = json.loads(line)
            items.append(
                Item(
                    id=record["id"],
                    title=None,
                    text="\n\n".join(record["article_paragraphs"]),
                    reference="\n".join(record["highlight_list"]),
                    length=3,
                )
            )
    return items


def _split_run_together(summary: str) -> list[str]:
    # The original summaries run sentences together ("$10.9bn.For the full-year ...").
    return [s.strip() for s in re.split(r"(?<=[.!?])(?=[A-Z\"'])", summary) if s.strip()]


def load_bbc(data: Path, split: str, limit: int) -> list[Item]:
    items = []
    with (data / "bbc_news_summary" / "bbc_news_summary.jsonl").open() as lines:
        for line in lines:
            record = json.loads(line)
            if split != "all" and bbc_split(record["id"]) != split:
                continue
            if record.get("alignment_complete") and record["summary_sentence_idx"]:
                sentences = [record["article_sentences"][i] for i in record["summary_sentence_idx"]]
            else:
                sentences = _split_run_together(record["summary"])
            items.append(
                Item(
                    id=record["id"],
                    title=record["title"],
                    text=record["article"],
                    reference="\n".join(sentences),
                    length=min(50, max(1, len(sentences))),  # the API caps at 50
                )
            )
    items.sort(key=lambda item: _hash(item.id))
    return items[:limit] if limit > 0 else items


def lead(item: Item) -> list[str]:
    """The first k sentences, split by the same tokenizer the summarizers use."""
    tok = tokenizer("english")
    out: list[str] = []
    for block in item.text.split("\n\n"):
        out.extend(tok.to_sentences(" ".join(block.split())))
        if len(out) >= item.length:
            break
    return out[: item.length]


def system(name: str) -> Callable[[Item], list[str]]:
    if name == LEAD:
        return lead

    def run(item: Item) -> list[str]:
        return list(
            summarize(item.text, title=item.title, algorithm=name, sentences=item.length).sentences
        )

    return run


def score(items: list[Item], names: Iterable[str]) -> dict[str, np.ndarray]:
    """Per-article F1 x 100, shape (articles, 3 metrics), for each system."""
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    results: dict[str, np.ndarray] = {}
    for name in names:
        run = system(name)
        rows = []
        for item in items:
            prediction = "\n".join(run(item))
            scores = scorer.score(item.reference, prediction)
            rows.append([100 * scores[m].fmeasure for m in METRICS])
        results[name] = np.array(rows)
    return results


def bootstrap(diff: np.ndarray, rounds: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """95% paired bootstrap interval of the mean per-article difference, for each metric."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(diff), size=(rounds, len(diff)))
    means = diff[picks].mean(axis=1)
    return np.percentile(means, 2.5, axis=0), np.percentile(means, 97.5, axis=0)


def time_default(items: list[Item], runs: int = 3) -> tuple[float, float, int]:
    """Median ms per article and mean words, over articles of 600-1000 words."""
    chosen = [i for i in items if 600 <= len(i.text.split()) <= 1000][:40]
    if not chosen:
        return float("nan"), float("nan"), 0
    for item in chosen[:3]:  # warm the per-process caches (stemmer, stop words, summarizer)
        summarize(item.text, title=item.title)
    per_article = []
    for item in chosen:
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            summarize(item.text, title=item.title)
            best = min(best, time.perf_counter() - start)
        per_article.append(1000 * best)
    words = statistics.mean(len(i.text.split()) for i in chosen)
    return statistics.median(per_article), words, len(chosen)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--split", choices=("report", "tune", "all"), default="report")
    parser.add_argument("--limit", type=int, default=300, help="BBC articles (0 = all)")
    parser.add_argument("--bootstrap", type=int, default=2000, help="bootstrap rounds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--systems", default=",".join((LEAD, *ALGORITHMS)))
    args = parser.parse_args(argv)

    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    datasets = {
        "CNN/DM (10, 3 sent.)": load_cnndm(args.data),
        f"BBC {args.split} ({{n}}, ref. length)": load_bbc(args.data, args.split, args.limit),
    }
    datasets = {label.format(n=len(items)): items for label, items in datasets.items()}

    results = {label: score(items, names) for label, items in datasets.items()}

    header = "| system | " + " | ".join(
        f"{label} R-1 | R-2 | R-Lsum" for label in datasets
    ) + " |"
    print(header)
    print("|---" * (1 + 3 * len(datasets)) + "|")
    for name in names:
        label_name = {LEAD: "LEAD (first k)", DEFAULT_ALGORITHM: f"**{name}** (default)"}.get(
            name, name
        )
        cells = []
        for label in datasets:
            cells.extend(f"{v:.1f}" for v in results[label][name].mean(axis=0))
        print(f"| {label_name} | " + " | ".join(cells) + " |")

    if LEAD in names and DEFAULT_ALGORITHM in names:
        print()
        for label in datasets:
            diff = results[label][DEFAULT_ALGORITHM] - results[label][LEAD]
            low, high = bootstrap(diff, args.bootstrap, args.seed)
            parts = [
                f"{m} {d:+.2f} [{lo:+.2f}, {hi:+.2f}]"
                for m, d, lo, hi in zip(METRICS, diff.mean(axis=0), low, high, strict=True)
            ]
            print(f"{label}: {DEFAULT_ALGORITHM} - LEAD, 95% paired bootstrap: " + "; ".join(parts))

    timing_pool = [*load_bbc(args.data, "all", 0), *datasets[next(iter(datasets))]]
    ms, words, count = time_default(timing_pool)
    print()
    print(f"{DEFAULT_ALGORITHM}: {ms:.1f} ms/article (median of {count} articles, "
          f"{words:.0f} words on average)")


if __name__ == "__main__":
    main()
