"""Plain-text pieces shared by the Discord embeds and the command line's output."""

from __future__ import annotations

from bot.datelines import listing_date
from bot.knowledge.ask import Answer
from bot.knowledge.people import PersonCard
from bot.knowledge.search import SearchResults
from bot.knowledge.topics import Ranking, TopicPage
from storage.models import ArticleBrief, NameCount
from storage.search import SNIPPET_END, SNIPPET_START


def date_of(article: ArticleBrief, shared: str = "shared") -> str:
    """``published 2019-11-20``, or ``shared 2024-06-10`` (first shared here) without one."""
    return listing_date(article.published, article.created_at, shared)


def stored_date_of(article: ArticleBrief) -> str:
    """The command line's wording: ``published 2019-11-20`` or ``stored 2024-06-10``."""
    return date_of(article, "stored")


def first_sentence(article: ArticleBrief) -> str:
    return article.summary[0] if article.summary else ""


def snippet_text(snippet: str | None, mark: str = "**") -> str:
    if not snippet:
        return ""
    return " ".join(snippet.replace(SNIPPET_START, mark).replace(SNIPPET_END, mark).split())


def names(items: tuple[NameCount, ...] | list[NameCount]) -> str:
    return ", ".join(f"{item.name} ({item.count})" for item in items)


def page_line(page: int, pages: int, total: int, noun: str) -> str:
    plural = noun if total == 1 else noun + "s"
    return f"page {page}/{pages} · {total} {plural}"


def seen_line(card: PersonCard) -> str:
    profile = card.profile
    first, last = profile.first_seen.date().isoformat(), profile.last_seen.date().isoformat()
    articles = "article" if profile.article_count == 1 else "articles"
    span = first if first == last else f"{first} to {last}"
    return f"{profile.article_count} {articles} · seen {span}"


# --- the command line -----------------------------------------------------------------------

def render_topic(page: TopicPage) -> str:
    lines = [f"Topic: {page.name} ({page_line(page.page, page.pages, page.total, 'article')})"]
    if page.summary:
        lines += ["", "In short:", *(f"  {sentence}" for sentence in page.summary)]
    lines.append("")
    for article in page.articles:
        lines.append(f"- {article.display_title} ({stored_date_of(article)})")
        if article.url:
            lines.append(f"  {article.url}")
        if first_sentence(article):
            lines.append(f"  {first_sentence(article)}")
    return "\n".join(lines)


def render_person(card: PersonCard) -> str:
    profile = card.profile
    lines = [profile.name]
    if card.role:
        lines.append(f"Role: {card.role}")
    lines.append(seen_line(card))
    lines += ["", "Latest articles:"]
    lines += [f"- {a.display_title} ({stored_date_of(a)})" + (f" {a.url}" if a.url else "")
              for a in profile.latest]
    if profile.quotes:
        lines += ["", "Quotes:"]
        for quote in profile.quotes:
            lines.append(f"- {quote.text}")
            lines.append(f"  — {quote.article.display_title}"
                         + (f" {quote.article.url}" if quote.article.url else ""))
    if profile.people:
        lines += ["", "Appears with: " + names(profile.people)]
    if profile.topics:
        lines.append("Topics: " + names(profile.topics))
    if card.others:
        lines.append("Also matching: " + ", ".join(other.name for other in card.others))
    return "\n".join(lines)


def render_search(results: SearchResults) -> str:
    if not results.hits:
        return f"No stored article matches “{results.query}”."
    lines = [f"Search: {results.query} "
             f"({page_line(results.page, results.pages, results.total, 'result')})", ""]
    for hit in results.hits:
        lines.append(f"- {hit.article.display_title} ({stored_date_of(hit.article)})")
        if hit.article.url:
            lines.append(f"  {hit.article.url}")
        text = snippet_text(hit.snippet, "") or first_sentence(hit.article)
        if text:
            lines.append(f"  {text}")
    return "\n".join(lines)


def render_answer(answer: Answer) -> str:
    if not answer.found:
        return "Nothing in the stored articles answers that."
    lines = []
    for line in answer.lines:
        lines.append(f"- {line.sentence}")
        lines.append(f"  — {line.article.display_title}"
                     + (f" {line.article.url}" if line.article.url else ""))
    return "\n".join(lines)


def render_ranking(ranking: Ranking, noun: str) -> str:
    if not ranking.items:
        return f"No {noun} in the last {ranking.days} days."
    lines = [f"Most frequent {noun}, last {ranking.days} days:"]
    lines += [f"{index:>3}. {item.name} ({item.count})"
              for index, item in enumerate(ranking.items, start=1)]
    return "\n".join(lines)
