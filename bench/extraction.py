"""Article-extraction quality and speed on the Scrapinghub article-extraction benchmark.

Usage (from the repository root):

    /work/venv/bin/python bench/extraction.py [--data ../shared/data] [--limit N] [--no-summarize]

Metric, as published with the benchmark: tokens are ``\\w+`` runs, 4-gram shingles; per page the
shingle multisets of prediction and truth give TP/FP/FN normalised so each page weighs the same;
precision and recall are averaged over pages (precision over pages with a prediction, recall over
pages with a truth) and F1 is the harmonic mean of the two averages.

Prints precision/recall/F1 for plain ``trafilatura.extract`` (defaults, the reference), for its
precision mode, and for ``bot.extraction.html.extract_html``; the same on two halves of the pages
split by a hash of the page id ("tune" and "check": a rule tuned on one half should hold on the
other); per-language page counts and F1 (the language ``extract_html`` reports from the page's
metadata, ``unknown`` when it states none); then milliseconds per article for each pipeline stage
(extract, and summarize when ``bot.summarizing.summarize`` is importable). The pages are read
from the shared data folder and never copied into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import importlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.errors import NotAnArticleError  # noqa: E402
from bot.extraction.html import extract_html  # noqa: E402

_TOKEN_RE = re.compile(r"\w+")
_NGRAM = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(
        tuple(tokens[i : i + _NGRAM]) for i in range(max(1, len(tokens) - _NGRAM + 1))
        if tokens[i : i + _NGRAM]
    )


def page_tp_fp_fn(truth: str, prediction: str) -> tuple[float, float, float]:
    """TP/FP/FN over shingle multisets, normalised to sum to one (each page weighs the same)."""
    true_counts, pred_counts = shingles(truth), shingles(prediction)
    tp = fp = fn = 0
    for key in true_counts.keys() | pred_counts.keys():
        t, p = true_counts.get(key, 0), pred_counts.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(truths: dict[str, str], predictions: dict[str, str]) -> tuple[float, float, float]:
    rows = [page_tp_fp_fn(truths[key], predictions.get(key, "")) for key in truths]
    precisions = [tp / (tp + fp) for tp, fp, _ in rows if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn in rows if tp + fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def half_of(key: str) -> str:
    """The half a page belongs to, fixed by its id: "tune" or "check"."""
    return ("tune", "check")[int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % 2]


def subset(truths: dict[str, str], keys: set[str]) -> dict[str, str]:
    return {key: text for key, text in truths.items() if key in keys}


def load(folder: Path, limit: int | None) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    truth_file = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth_file)[:limit] if limit else sorted(truth_file)
    truths = {key: truth_file[key].get("articleBody") or "" for key in keys}
    urls = {key: truth_file[key].get("url") or "" for key in keys}
    pages = {
        key: gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()).decode(
            "utf-8", "replace"
        )
        for key in keys
    }
    return truths, urls, pages


def timing(values_ms: list[float]) -> str:
    if not values_ms:
        return "n/a"
    ordered = sorted(values_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"mean {statistics.mean(ordered):7.1f}  p50 {statistics.median(ordered):7.1f}  "
        f"p95 {p95:7.1f}  (n={len(ordered)})"
    )


def run(
    name: str, extract: Callable[[str, str], str], pages: dict[str, str], urls: dict[str, str]
) -> tuple[dict[str, str], list[float]]:
    predictions: dict[str, str] = {}
    times: list[float] = []
    for key, html in pages.items():
        started = time.perf_counter()
        try:
            predictions[key] = extract(html, urls[key])
        except NotAnArticleError:
            predictions[key] = ""
        times.append((time.perf_counter() - started) * 1000)
    print(f"  ran {name} on {len(pages)} pages", file=sys.stderr)
    return predictions, times


def print_halves(truths: dict[str, str],
                 results: list[tuple[str, dict[str, str], list[float]]]) -> None:
    halves = {half: {key for key in truths if half_of(key) == half} for half in ("tune", "check")}
    print("\nF1 on the two halves of the pages (split by a hash of the page id)")
    print(f"{'system':40} " + " ".join(f"{f'{half} ({len(keys)})':>12}"
                                       for half, keys in halves.items()))
    for name, predicted, _ in results:
        cells = [score(subset(truths, keys), predicted)[2] for keys in halves.values()]
        print(f"{name:40} " + " ".join(f"{cell:12.4f}" for cell in cells))


def print_languages(truths: dict[str, str], languages: dict[str, str],
                    results: list[tuple[str, dict[str, str], list[float]]]) -> None:
    by_language: dict[str, set[str]] = {}
    for key in truths:
        by_language.setdefault(languages.get(key, "unknown"), set()).add(key)
    print("\nPer language (as extract_html reports it): pages, F1 of each system")
    names = [name.removeprefix("bot.extraction.html.").removeprefix("trafilatura.extract ")
             for name, _, _ in results]
    print(f"{'language':10} {'pages':>5} " + " ".join(f"{name:>18}" for name in names))
    for language, keys in sorted(by_language.items(), key=lambda item: (-len(item[1]), item[0])):
        cells = [score(subset(truths, keys), predicted)[2] for _, predicted, _ in results]
        print(f"{language:10} {len(keys):5} " + " ".join(f"{cell:18.4f}" for cell in cells))


def summarize_timing(articles: list[tuple[str, str | None]]) -> str:
    """Milliseconds per article for the summarizing stage, or why there is no number."""
    summarize: Callable[..., object]
    try:  # the summarizing stage is optional: report "n/a" when it is not there
        summarize = importlib.import_module("bot.summarizing").summarize
    except (ImportError, AttributeError):
        return "n/a (bot.summarizing.summarize not importable)"
    summarize_ms: list[float] = []
    failures = 0
    for text, title in articles:
        started = time.perf_counter()
        try:
            summarize(text, title=title)
        except Exception:  # noqa: BLE001  a bench must report, not stop, on one bad article
            failures += 1
        summarize_ms.append((time.perf_counter() - started) * 1000)
    return timing(summarize_ms) + (f"  failures {failures}" if failures else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="shared data folder (default: ../shared/data from the repo root)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--no-plain", action="store_true", help="skip plain trafilatura")
    parser.add_argument("--no-summarize", action="store_true", help="skip the summarize stage")
    args = parser.parse_args(argv)

    folder = args.data / "article_extraction_benchmark"
    if not (folder / "ground-truth.json").is_file():
        print(f"benchmark data not found in {folder}", file=sys.stderr)
        return 2
    truths, urls, pages = load(folder, args.limit)

    # Warm-up: the first call pays for trafilatura's imports, which are not per-article cost.
    first = next(iter(pages))
    with contextlib.suppress(NotAnArticleError):
        extract_html(pages[first], urls[first])

    results: list[tuple[str, dict[str, str], list[float]]] = []
    if not args.no_plain:
        plain, plain_ms = run(
            "plain trafilatura", lambda html, url: trafilatura.extract(html, url=url) or "",
            pages, urls,
        )
        results.append(("trafilatura.extract (defaults)", plain, plain_ms))
        precise, precise_ms = run(
            "trafilatura precision mode",
            lambda html, url: trafilatura.extract(html, url=url, favor_precision=True) or "",
            pages, urls,
        )
        results.append(("trafilatura.extract (favor_precision)", precise, precise_ms))

    articles: list[tuple[str, str | None]] = []
    languages: list[str] = []  # one per page, in the order ``run`` visits them

    def ours(html: str, url: str) -> str:
        languages.append("unknown")
        article = extract_html(html, url)
        articles.append((article.text, article.title))
        languages[-1] = article.language or "unknown"
        return article.text

    predictions, ours_ms = run("extract_html", ours, pages, urls)
    results.append(("bot.extraction.html.extract_html", predictions, ours_ms))

    summarize_note = "n/a (skipped)" if args.no_summarize else summarize_timing(articles)

    print(f"\nArticle extraction benchmark: {len(pages)} pages from {folder}")
    print(f"{'system':40} {'precision':>9} {'recall':>7} {'F1':>7}   ms/article")
    for name, predicted, times in results:
        precision, recall, f1 = score(truths, predicted)
        print(f"{name:40} {precision:9.4f} {recall:7.4f} {f1:7.4f}   {timing(times)}")

    print_halves(truths, results)
    print_languages(truths, dict(zip(pages, languages, strict=True)), results)
    print("\nPipeline stage timings (ms per article)")
    print(f"  {'extract':10} {timing(ours_ms)}")
    print(f"  {'summarize':10} {summarize_note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
