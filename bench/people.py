"""Named-people quality on the hand-labelled set: document-level precision, recall, F1.

Run from the repository root:  python -m bench.people  (or python bench/people.py)
A person counts once per document; predicted and labelled people match by person key.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.people import find_people, person_key
from bot.people.model import load_pipeline

DATA = Path(__file__).resolve().parent / "data" / "people_eval.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--verbose", "-v", action="store_true", help="show each miss")
    args = parser.parse_args(argv)

    rows = [json.loads(line) for line in args.data.read_text("utf-8").splitlines() if line]
    load_pipeline()  # model load is a one-off per process, not per article
    true_pos = false_pos = false_neg = 0
    timings: list[float] = []
    for row in rows:
        started = time.perf_counter()
        found = find_people(row["text"], title=row.get("title"))
        timings.append((time.perf_counter() - started) * 1000)
        predicted = {person.key: person.name for person in found}
        gold = {person_key(name): name for name in row["people"]}
        hits = predicted.keys() & gold.keys()
        true_pos += len(hits)
        false_pos += len(predicted.keys() - gold.keys())
        false_neg += len(gold.keys() - predicted.keys())
        if args.verbose and (predicted.keys() != gold.keys()):
            extra = sorted(predicted[k] for k in predicted.keys() - gold.keys())
            missed = sorted(gold[k] for k in gold.keys() - predicted.keys())
            print(f"{row['id']}: extra {extra} missed {missed}")

    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    words = statistics.mean(len(row["text"].split()) for row in rows)
    # An ~800-word article: four labelled articles read as one, timed a few times.
    long_text = "\n\n".join(row["text"] for row in rows[:4])
    long_ms = []
    for _ in range(5):
        started = time.perf_counter()
        find_people(long_text)
        long_ms.append((time.perf_counter() - started) * 1000)
    print(f"articles: {len(rows)}  labelled people: {true_pos + false_neg}")
    print(f"precision: {precision:.3f}  recall: {recall:.3f}  F1: {f1:.3f}")
    print(
        f"ms/article: mean {statistics.mean(timings):.1f}  median "
        f"{statistics.median(timings):.1f}  max {max(timings):.1f}  (mean {words:.0f} words)"
    )
    print(
        f"ms for a {len(long_text.split())}-word article: median {statistics.median(long_ms):.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
