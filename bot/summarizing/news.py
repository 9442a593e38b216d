"""The default news summarizer: position, centrality, title overlap and redundancy.

An ordinary Sumy ``AbstractSummarizer``: it reads Sumy's document model (the headline is the
document's heading), stems with Sumy's stemmer and ignores Sumy's stop words. Each sentence gets

    w_position * position + w_centrality * centrality + w_title * title overlap
    + w_frequency * term frequency + w_paragraph * (paragraph lead) + w_length * length

under one of two weight profiles, blended by the summary's share of the article:

* *brief* (a few sentences of a long story) follows the inverted pyramid: position leads, with
  PacSum's directed, position-aware centrality (Zheng and Lapata, 2019) on a tf-idf cosine graph:
  edges to *later* sentences count for a sentence and edges to *earlier* ones against it, because
  news states a fact first and then elaborates.
* *digest* (a large share of the article) must cover the whole story: TextRank's PageRank on a
  cosine graph of term counts, where only function words are left out.

Sentences are then picked greedily with maximal marginal relevance, so a near-duplicate of a
chosen sentence loses, in whole reading units (``bot.summarizing.coherence``): a sentence that
opens with "He" or "But", or cuts a quotation, comes with the sentence it leans on or gives its
place to the next candidate. A one-sentence summary is the longest of the most central
sentences that read alone.
The weights were tuned on the tuning part of the BBC set only (see ``bench/rouge.py``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from sumy.summarizers._summarizer import AbstractSummarizer

from bot.summarizing.coherence import reading_units
from bot.text.stopwords import ENGLISH_FUNCTION_WORDS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewsWeights:
    position: float = 1.0
    position_decay: float = 0.6  # position score is 1 / (1 + index) ** decay
    centrality: float = 0.5
    backward_lambda: float = -1.0  # PacSum lambda_1 (edges to earlier sentences)
    forward_lambda: float = 2.0  # PacSum lambda_2 (edges to later sentences)
    edge_threshold: float = 0.1  # PacSum beta: edges below min + beta * (max - min) are dropped
    title: float = 0.5
    frequency: float = 0.0  # mean article frequency of the sentence's terms (SumBasic's signal)
    paragraph: float = 0.1
    length: float = 0.1
    length_target: int = 20  # words; shorter sentences carry less information
    redundancy: float = 0.5  # MMR penalty times the highest similarity to a chosen sentence
    # Similarity graph: TextRank's "overlap", tf-idf "cosine" or "tf" (cosine of term counts).
    graph: Literal["overlap", "cosine", "tf"] = "overlap"
    ranking: Literal["pacsum", "pagerank"] = "pacsum"  # directed degree, or TextRank's PageRank
    damping: float = 0.85  # PageRank's damping factor
    # The graph's terms: "content" words (Sumy's stop words left out) or all but "function" words.
    graph_words: Literal["content", "function"] = "content"


# Brief summaries (a few sentences of a long story) follow the inverted pyramid: position leads.
BRIEF_WEIGHTS = NewsWeights(graph="cosine")
# Digests (a large share of the article) must cover the whole story: centrality alone. On the
# BBC tuning part, random search over the other weights added nothing (+0.1 ROUGE-1), and the
# graph's words mattered most: Sumy's stop words also drop "said", "two" or "year", which tie
# the sentences of one story together (ROUGE-1 82.9 with them, 86.6 with function words only).
DIGEST_WEIGHTS = NewsWeights(
    position=0.0,
    centrality=1.0,
    title=0.0,
    paragraph=0.0,
    length=0.0,
    redundancy=0.0,
    graph="tf",
    ranking="pagerank",
    graph_words="function",
)
# A one-sentence summary must stand alone and carry as much of the story as one sentence can:
# among the most central SINGLE_SHARE of the sentences (digest ranking), the one with the most
# words, with SINGLE_CENTRALITY of (relative) centrality breaking near ties.
SINGLE_SHARE = 0.4
SINGLE_CENTRALITY = 0.5
# Share of the article's sentences at which a summary counts fully as a digest; below it the
# two profiles are blended linearly, so a 2-sentence summary is almost all brief.
DIGEST_SHARE = 0.4


class NewsSummarizer(AbstractSummarizer):  # type: ignore[misc]  # Sumy has no type hints
    """Extractive news summarizer (``news``, the bot's default algorithm)."""

    def __init__(
        self,
        stemmer: Callable[[str], str],
        stop_words: Collection[str] = frozenset(),
        brief: NewsWeights = BRIEF_WEIGHTS,
        digest: NewsWeights = DIGEST_WEIGHTS,
        digest_share: float = DIGEST_SHARE,
        *,
        single_share: float = SINGLE_SHARE,
        language: str = "english",
        function_words: Collection[str] = ENGLISH_FUNCTION_WORDS,
    ) -> None:
        super().__init__(stemmer)
        self.language = language  # whose pronouns and connectives make a sentence lean back
        self._function_words = frozenset(w.lower() for w in function_words)
        self._stop_words = frozenset(w.lower() for w in stop_words)
        self.single_share = single_share  # 0: a one-sentence summary is a brief like any other
        self.brief = brief
        self.digest = digest
        self.digest_share = digest_share
        # Stemming dominates the run time; words repeat a lot across articles.
        self._stems: dict[str, str] = {}

    def _terms(self, words: Sequence[str], skip: Collection[str] | None = None) -> list[str]:
        skip = self._stop_words if skip is None else skip
        terms = []
        for word in words:
            lower = word.lower()
            if lower in skip or len(lower) < 2:
                continue
            stem = self._stems.get(lower)
            if stem is None:
                stem = self._stemmer(lower)
                if len(self._stems) < 200_000:
                    self._stems[lower] = stem
            terms.append(stem)
        return terms

    def __call__(self, document: Any, sentences_count: int) -> tuple[Any, ...]:
        sentences = tuple(document.sentences)
        count = min(int(sentences_count), len(sentences))
        if count <= 0:
            return ()
        features = self._features(document)
        paragraph_of = {id(s): p for p, paragraph in enumerate(document.paragraphs)
                        for s in paragraph.sentences}
        units = reading_units([str(s) for s in sentences],
                              [paragraph_of.get(id(s), -1) for s in sentences], self.language)
        if count == 1 and self.single_share > 0:
            return (sentences[self._single(features, units)],)
        # 0 for a one-sentence brief, 1 for a summary of DIGEST_SHARE of the article or more.
        mix = min(1.0, (count - 1) / max(1e-9, self.digest_share * len(sentences) - 1))
        # Squared: a brief of a few sentences stays close to the position-led profile.
        mix = max(0.0, mix) ** 2
        brief_scores = self._score(features, self.brief)
        digest_scores = self._score(features, self.digest)
        # Put both profiles on one scale so the mix, not their raw sizes, decides.
        scores = (1 - mix) * _minmax(brief_scores) + mix * _minmax(digest_scores)
        redundancy = (1 - mix) * self.brief.redundancy + mix * self.digest.redundancy
        chosen = _select(scores, features.similarity, count, redundancy, units)
        return tuple(sentences[i] for i in sorted(chosen))

    def _single(self, features: _Features, units: Sequence[tuple[int, ...] | None]) -> int:
        """Index of the longest of the most central sentences that read alone."""
        centrality = _minmax(self._score(features, self.digest))
        words = features.words / max(1.0, float(features.words.max()))
        shortlist = max(1, math.ceil(self.single_share * len(words)))
        ranked = [int(i) for i in np.argsort(-centrality, kind="stable")]
        alone = [i for i in ranked if units[i] == (i,)]
        candidates = np.array((alone or ranked)[:shortlist])
        value = words[candidates] + SINGLE_CENTRALITY * centrality[candidates]
        return int(candidates[int(np.argmax(value))])

    def rate(self, document: Any, w: NewsWeights) -> tuple[np.ndarray, np.ndarray]:
        """Per-sentence relevance scores under ``w`` and the sentence similarity matrix."""
        features = self._features(document)
        return self._score(features, w), features.similarity

    def _features(self, document: Any) -> _Features:
        """What every profile reads, computed once per article."""
        sentences = tuple(document.sentences)
        n = len(sentences)
        bags = [self._terms(s.words) for s in sentences]
        counts = _count_matrix(bags)

        title_terms = set(self._terms([x for h in document.headings for x in h.words]))
        if title_terms:
            title = np.array([len(title_terms.intersection(b)) / len(title_terms) for b in bags])
        else:
            title = np.zeros(n)

        total = counts.sum(axis=0)
        lengths = np.maximum(counts.sum(axis=1), 1.0)
        firsts = {id(p.sentences[0]) for p in document.paragraphs if p.sentences}
        return _Features(
            sentences=sentences,
            counts=counts,
            similarity=_cosine(counts),
            title=title,
            frequency=_minmax((counts @ total) / lengths),
            paragraph=np.array([1.0 if id(s) in firsts else 0.0 for s in sentences]),
            words=np.array([len(s.words) for s in sentences], dtype=float),
        )

    def _score(self, features: _Features, w: NewsWeights) -> np.ndarray:
        """Per-sentence relevance scores under ``w``."""
        counts = features.counts
        if w.graph_words == "function":
            counts = _count_matrix([self._terms(s.words, self._function_words)
                                    for s in features.sentences])
        graph = {"overlap": _overlap, "tf": _row_cosine, "cosine": _cosine}[w.graph](counts)
        if w.ranking == "pagerank":
            centrality = _minmax(_pagerank(graph, w.damping))
        else:
            centrality = _minmax(_pacsum(graph, w))

        index = np.arange(len(features.sentences), dtype=float)
        position = 1.0 / (1.0 + index) ** w.position_decay
        length = np.minimum(1.0, features.words / w.length_target)
        return (
            w.position * position
            + w.centrality * centrality
            + w.title * features.title
            + w.frequency * features.frequency
            + w.paragraph * features.paragraph
            + w.length * length
        )


@dataclass(frozen=True)
class _Features:
    sentences: tuple[Any, ...]
    counts: np.ndarray  # term counts of the content words, one row per sentence
    similarity: np.ndarray  # tf-idf cosine, for redundancy
    title: np.ndarray  # share of the headline's terms in each sentence
    frequency: np.ndarray  # mean article frequency of each sentence's terms
    paragraph: np.ndarray  # 1 for a paragraph's first sentence
    words: np.ndarray  # words per sentence


def _select(scores: np.ndarray, similarity: np.ndarray, count: int, redundancy: float,
            units: Sequence[tuple[int, ...] | None]) -> list[int]:
    """Greedy MMR in whole reading units: the best gain (score minus a penalty for overlap
    with what is already chosen) whose unit still fits; then, only if no unit fits, single
    sentences (as ``coherence.choose_readable`` does)."""
    chosen: list[int] = []
    penalty = np.zeros(len(scores))
    available = np.ones(len(scores), dtype=bool)
    whole_units = True
    while len(chosen) < count:
        gain = np.where(available, scores - redundancy * penalty, -np.inf)
        picked: list[int] = []
        for candidate in np.argsort(-gain, kind="stable"):
            i = int(candidate)
            if not available[i]:
                break
            unit = units[i] if whole_units else (i,)
            if unit is None:
                continue
            new = [j for j in unit if available[j]]
            if len(chosen) + len(new) <= count:
                picked = new
                break
        if not picked:
            if not whole_units:
                break
            whole_units = False
            continue
        for i in picked:
            chosen.append(i)
            available[i] = False
            penalty = np.maximum(penalty, similarity[i])
    return chosen


def _count_matrix(bags: Sequence[Sequence[str]]) -> np.ndarray:
    """Term counts, one row per sentence."""
    vocabulary: dict[str, int] = {}
    cells: list[tuple[int, int]] = []
    for i, bag in enumerate(bags):
        for term in bag:
            cells.append((i, vocabulary.setdefault(term, len(vocabulary))))
    counts = np.zeros((len(bags), max(1, len(vocabulary))))
    for i, column in cells:
        counts[i, column] += 1.0
    return counts


def _cosine(counts: np.ndarray) -> np.ndarray:
    """Cosine similarity of sublinear tf-idf vectors, with idf from the article itself."""
    n = len(counts)
    present = counts > 0
    matrix = np.where(present, 1.0 + np.log(np.maximum(counts, 1.0)), 0.0)
    document_frequency = np.maximum(present.sum(axis=0), 1)
    return _row_cosine(matrix * np.log((n + 1) / document_frequency))


def _row_cosine(matrix: np.ndarray) -> np.ndarray:
    """Cosine similarity of the rows (for "tf": of raw term counts), zero on the diagonal."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    similarity: np.ndarray = unit @ unit.T
    np.fill_diagonal(similarity, 0.0)
    return similarity


def _pagerank(similarity: np.ndarray, damping: float, iterations: int = 50) -> np.ndarray:
    """PageRank on the weighted similarity graph (TextRank's ranking)."""
    n = len(similarity)
    if n == 0:
        return np.zeros(0)
    out_weight = similarity.sum(axis=1, keepdims=True)
    transition = np.divide(similarity, out_weight, out=np.zeros_like(similarity),
                           where=out_weight > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        rank = (1 - damping) / n + damping * (transition.T @ rank)
    return rank


def _overlap(counts: np.ndarray) -> np.ndarray:
    """TextRank's similarity (Mihalcea and Tarau, 2004): shared words / (log|s_i| + log|s_j|).

    Unlike cosine it grows with sentence length, which suits long, informative news sentences.
    """
    logs = np.log(np.maximum(counts.sum(axis=1), 1.0))
    norm = logs[:, None] + logs[None, :]
    shared = counts @ counts.T
    similarity: np.ndarray = np.divide(shared, norm, out=np.zeros_like(shared), where=norm > 0)
    np.fill_diagonal(similarity, 0.0)
    return similarity


def _pacsum(similarity: np.ndarray, w: NewsWeights) -> np.ndarray:
    """PacSum's directed centrality: lambda_2 * edges forward + lambda_1 * edges backward."""
    n = len(similarity)
    if n < 2:
        return np.zeros(n)
    off_diagonal = similarity[~np.eye(n, dtype=bool)]
    low, high = float(off_diagonal.min()), float(off_diagonal.max())
    edges = np.maximum(similarity - (low + w.edge_threshold * (high - low)), 0.0)
    np.fill_diagonal(edges, 0.0)
    forward = np.triu(edges, 1).sum(axis=1)
    backward = np.tril(edges, -1).sum(axis=1)
    centrality: np.ndarray = w.forward_lambda * forward + w.backward_lambda * backward
    return centrality


def _minmax(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    span = float(values.max() - values.min())
    if span <= 0:
        return np.zeros_like(values)
    scaled: np.ndarray = (values - values.min()) / span
    return scaled
