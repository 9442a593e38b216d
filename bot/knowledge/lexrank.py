"""LexRank (Erkan and Radev, 2004) as Sumy's ``LexRankSummarizer`` computes it, vectorised.

Sumy compares every pair of sentences in Python: about 40 ms for the 90 sentences of a
topic's latest summaries, most of a ``/topic`` request. Here the same idf-modified cosine is
one matrix product; the graph (similarity above 0.1, rows divided by their degree) and the
power method are Sumy's, so the scores and the sentences picked are the same.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

THRESHOLD = 0.1  # Sumy's LexRankSummarizer.threshold
EPSILON = 0.1  # and its epsilon


def lexrank_scores(sentences: Sequence[Sequence[str]]) -> list[float]:
    """The centrality of each sentence, given as its terms (stemmed, without stop words)."""
    if not sentences:
        return []
    weighted = _tf_idf(sentences)
    norms = np.sqrt((weighted * weighted).sum(axis=1))
    products = weighted @ weighted.T
    lengths = np.outer(norms, norms)
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.where(lengths > 0, products / lengths, 0.0)
    adjacency = (cosine > THRESHOLD).astype(np.float64)
    degrees = adjacency.sum(axis=1)
    degrees[degrees == 0] = 1
    return [float(score) for score in _power_method(adjacency / degrees[:, None])]


def best_sentences(texts: Sequence[str], scores: Sequence[float], count: int
                   ) -> tuple[str, ...]:
    """Sumy's choice: the ``count`` best rated in document order, ties to the earlier one.

    Ratings are keyed by text as Sumy keys them by sentence, so a repeated text takes the
    score of its last occurrence.
    """
    rating = dict(zip(texts, scores, strict=True))
    ranked = sorted(range(len(texts)), key=lambda order: rating[texts[order]], reverse=True)
    return tuple(texts[order] for order in sorted(ranked[:count]))


def _tf_idf(sentences: Sequence[Sequence[str]]) -> NDArray[np.float64]:
    """Term frequency over the sentence's most frequent term, times log(N / (1 + n_t))."""
    counts = [Counter(terms) for terms in sentences]
    columns: dict[str, int] = {}
    for terms in counts:
        for term in terms:
            columns.setdefault(term, len(columns))
    tf = np.zeros((len(sentences), len(columns)))
    for row, terms in enumerate(counts):
        most = max(terms.values()) if terms else 1
        for term, count in terms.items():
            tf[row, columns[term]] = count / most
    present = np.count_nonzero(tf, axis=0)
    # math.log, as Sumy computes it, so that equal inputs give bit-equal weights.
    idf = np.array([math.log(len(sentences) / (1 + int(n))) for n in present])
    weighted: NDArray[np.float64] = tf * idf
    return weighted


def _power_method(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """Sumy's ``LexRankSummarizer.power_method``, operation for operation."""
    transposed = matrix.T
    size = len(matrix)
    vector = np.array([1.0 / size] * size)
    change = 1.0
    # When no sentence has a weighted term the matrix is zero: 0 / 0 and NaN scores, as in
    # Sumy, but without the warning.
    with np.errstate(divide="ignore", invalid="ignore"):
        while change > EPSILON:
            following = np.dot(transposed, vector)
            following /= np.linalg.norm(following)
            change = float(np.linalg.norm(np.subtract(following, vector)))
            vector = following
    return vector
