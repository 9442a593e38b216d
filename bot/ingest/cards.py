"""What a summary reply shows, independent of how Discord or the terminal renders it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.ingest.processing import ProcessedArticle
from storage.models import StoredArticle

# Shown in place of the summary when the summarizer found no sentences to choose from.
NO_SUMMARY = "No summary for this article."


@dataclass(frozen=True, slots=True)
class ArticleCard:
    title: str
    url: str | None
    summary: tuple[str, ...]
    algorithm: str
    words_in: int
    words_out: int
    site_name: str | None = None
    author: str | None = None
    published: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    shared_at: datetime | None = None  # first shared here; None when nothing is stored

    @property
    def reduction_percent(self) -> float:
        if self.words_in == 0:
            return 0.0
        return round(100 * (1 - self.words_out / self.words_in), 1)

    @property
    def stats_line(self) -> str:
        if not self.summary:
            return f"{self.words_in} words · no summary"
        return (f"{self.words_in} → {self.words_out} words (−{self.reduction_percent:g}%) · "
                f"{self.algorithm}")

    @classmethod
    def from_stored(cls, article: StoredArticle) -> ArticleCard:
        return cls(
            title=article.title or article.canonical_url or "Untitled article",
            url=article.canonical_url or article.original_url, summary=article.summary,
            algorithm=article.summary_algorithm, words_in=article.words_in,
            words_out=article.words_out, site_name=article.site_name, author=article.author,
            published=article.published, tags=article.tags, image=article.image,
            shared_at=article.created_at)

    @classmethod
    def from_processed(cls, processed: ProcessedArticle, url: str | None) -> ArticleCard:
        article, summary = processed.article, processed.summary
        return cls(
            title=article.title or url or "Untitled article",
            url=article.canonical_url or url, summary=summary.sentences,
            algorithm=summary.algorithm, words_in=summary.words_in,
            words_out=summary.words_out, site_name=article.site_name, author=article.author,
            published=article.published, tags=article.tags, image=article.image)
