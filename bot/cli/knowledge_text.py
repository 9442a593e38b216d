"""Plain-text pieces shared by the Discord embeds and the command line's output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.knowledge.ask import NO_ANSWER, Answer, AnswerLine
from bot.knowledge.people import PersonCard
from bot.knowledge.search import SearchResults
from bot.knowledge.topics import Ranking, TopicPage
from bot.text.datelines import listing_date
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


def marked(line: AnswerLine, mark: str = "**",
           escape: Callable[[str], str] = lambda text: text) -> str:
    """The answer sentence with its answering words between ``mark``s (each piece escaped)."""
    pieces, cursor = [], 0
    for start, end in sorted(line.highlights):
        if start < cursor or end <= start:
            continue
        pieces += [escape(line.sentence[cursor:start]),
                   f"{mark}{escape(line.sentence[start:end])}{mark}"]
        cursor = end
    pieces.append(escape(line.sentence[cursor:]))
    return "".join(pieces)


def answer_words(line: AnswerLine) -> list[str]:
    return [line.sentence[start:end] for start, end in sorted(line.highlights)]


def source_line(article: ArticleBrief, shared: str = "shared") -> str:
    """Title · site · date: the publication date when the page gave one, else the day it
    was shared (``shared="stored"`` on the command line)."""
    when = date_of(article, shared)
    return " · ".join(part for part in (article.display_title, article.site_name, when) if part)


def stance_label(line: AnswerLine) -> str:
    if line.stance == "agrees":
        return "Another article agrees"
    if line.stance == "differs":
        return "Another article differs"
    return "Also"


# The command line's wording: there, articles are stored, not shared in a server.
CLI_NO_ANSWER = "Nothing in the stored articles answers that."


def no_answer_text(answer: Answer, nothing: str = NO_ANSWER) -> str:
    if not answer.closest:
        return nothing
    return f"{nothing} The closest articles:"


def render_answer(answer: Answer) -> str:
    if not answer.found:
        lines = [no_answer_text(answer, CLI_NO_ANSWER)]
        for article in answer.closest:
            lines.append(f"- {article.display_title}"
                         + (f" {article.url}" if article.url else ""))
        return "\n".join(lines)
    lines = []
    for number, line in enumerate(answer.lines):
        if number:
            lines.append(f"{stance_label(line)}:")
        lines.append(f"  {marked(line)}")
        lines.append(f"  — {source_line(line.article, 'stored')}")
        if line.article.url:
            lines.append(f"    {line.article.url}")
    return "\n".join(lines)


def answer_json(answer: Answer) -> dict[str, Any]:
    """An answer for scripts: each sentence with its source (``url`` is the file's path for
    an article ingested from a file) and the answering words."""
    answers = []
    for line in answer.lines:
        item: dict[str, Any] = {
            "sentence": line.sentence, "title": line.article.title, "url": line.article.url,
            "site": line.article.site_name, "published": line.article.published,
            "answer": answer_words(line)}
        if line.stance:
            item["stance"] = line.stance
        answers.append(item)
    result: dict[str, Any] = {"answers": answers}
    if not answers:
        result["closest"] = [{"title": article.title, "url": article.url}
                             for article in answer.closest]
    return result


def render_ranking(ranking: Ranking, noun: str) -> str:
    if not ranking.items:
        return f"No {noun} in the last {ranking.days} days."
    lines = [f"Most frequent {noun}, last {ranking.days} days:"]
    lines += [f"{index:>3}. {item.name} ({item.count})"
              for index, item in enumerate(ranking.items, start=1)]
    return "\n".join(lines)
