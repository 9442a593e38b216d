"""What a digest says: pure selection, ranking and grouping of a period's articles.

Ranking, best first: more shares, then more distinct sharers, then the most recently first
shared, then the newest article id (so equal articles keep a stable order). The top
``max_items`` are grouped by topic (of an article's tags the one most shown articles share,
else its first; "Other" when it has none); topics are ordered by their best-ranked article,
"Other" last. Each item keeps one or two summary
sentences. The top line counts every article of the period, not only the ones shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.text.datelines import dateline
from bot.text.topic_keys import topic_key
from storage.digests import DigestCandidate

OTHER_TOPIC = "Other"
MOST_MENTIONED = 3
SUMMARY_CHARS = 320  # two sentences only if they stay short enough to scan
UNTITLED = "Untitled article"

# People mentioned per article id: plug in the people-recognition store when it exists.
# It receives the ids of every article in the period and returns, for each id it knows,
# the display names of the people the article mentions (each name once per article).
PeopleLookup = Callable[[Sequence[int]], Awaitable[Mapping[int, Sequence[str]]]]


@dataclass(frozen=True, slots=True)
class DigestItem:
    article_id: int
    title: str
    url: str | None
    summary: tuple[str, ...]  # one or two sentences
    share_count: int
    sharer_count: int
    first_shared_at: datetime
    published: str | None = None  # the page's publication day, when it gave one
    # "published 2019-11-20, shared today": the share day as the digest's reader sees it.
    dates: str = ""


@dataclass(frozen=True, slots=True)
class DigestSection:
    topic: str
    items: tuple[DigestItem, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    period_start: datetime
    period_end: datetime
    timezone: str  # IANA name the renderers show times in
    sections: tuple[DigestSection, ...]
    article_count: int  # every article first shared in the period
    share_count: int
    sharer_count: int
    people: tuple[str, ...] = ()  # most mentioned first

    @property
    def is_empty(self) -> bool:
        return self.article_count == 0

    @property
    def items(self) -> tuple[DigestItem, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @property
    def headline(self) -> str:
        """The top line: counts, then the most mentioned people."""
        if self.is_empty:
            return "No new articles were shared."
        line = (f"{_plural(self.article_count, 'new article')}, "
                f"{_plural(self.share_count, 'share')} by "
                f"{_plural(self.sharer_count, 'person', 'people')}")
        shown = len(self.items)
        if shown < self.article_count:
            line += f" · top {shown} below"
        if self.people:
            line += " · most mentioned: " + ", ".join(self.people)
        return line


def rank_key(candidate: DigestCandidate) -> tuple[int, int, datetime, int]:
    return (candidate.share_count, len(candidate.sharers), candidate.first_shared_at,
            candidate.article_id)


def compose_digest(candidates: Sequence[DigestCandidate], *, period_start: datetime,
                   period_end: datetime, timezone: str, max_items: int,
                   people: Mapping[int, Sequence[str]] | None = None) -> Digest:
    ranked = sorted(candidates, key=rank_key, reverse=True)
    chosen = ranked[:max(max_items, 0)]
    groups: dict[str, list[DigestItem]] = {}
    names: dict[str, str] = {}  # topic key -> the heading, as the first article writes it
    for candidate, topic in zip(chosen, headings(chosen), strict=True):
        key = topic_key(topic) or topic
        name = names.setdefault(key, topic)
        groups.setdefault(name, []).append(_item(candidate, period_end, timezone))
    order = sorted(groups, key=lambda name: name == OTHER_TOPIC)  # stable: rank order kept
    sharers = frozenset().union(*(candidate.sharers for candidate in candidates))
    return Digest(
        period_start=period_start, period_end=period_end, timezone=timezone,
        sections=tuple(DigestSection(name, tuple(groups[name])) for name in order),
        article_count=len(candidates),
        share_count=sum(candidate.share_count for candidate in candidates),
        sharer_count=len(sharers),
        people=most_mentioned(people or {}, [c.article_id for c in candidates]),
    )


def headings(candidates: Sequence[DigestCandidate]) -> list[str]:
    """Each article's section: of its tags, the one most of the shown articles share (so
    related stories sit under one heading), else its first tag, else "Other"."""
    keyed = [[(topic_key(tag), tag.strip()) for tag in candidate.tags if topic_key(tag)]
             for candidate in candidates]
    shared = Counter(key for tags in keyed for key in {key for key, _tag in tags})
    result = []
    for tags in keyed:
        if not tags:
            result.append(OTHER_TOPIC)
            continue
        # max keeps the first of equals: the article's own order breaks ties.
        best = max(tags, key=lambda pair: shared[pair[0]])
        result.append(best[1] if shared[best[0]] > 1 else tags[0][1])
    return result


def most_mentioned(people: Mapping[int, Sequence[str]], article_ids: Sequence[int],
                   limit: int = MOST_MENTIONED) -> tuple[str, ...]:
    """The names mentioned by the most articles (ties: alphabetical)."""
    counts: Counter[str] = Counter()
    for article_id in article_ids:
        # A set: an article counts once per person, however often it names them.
        counts.update({name.strip() for name in people.get(article_id, ()) if name.strip()})
    ranked = sorted(counts, key=lambda name: (-counts[name], name.casefold()))
    return tuple(ranked[:limit])


def short_summary(sentences: Sequence[str], limit: int = SUMMARY_CHARS) -> tuple[str, ...]:
    """The first sentence, and the second too when both fit in ``limit`` characters."""
    cleaned = [sentence.strip() for sentence in sentences if sentence.strip()]
    if not cleaned:
        return ()
    if len(cleaned) > 1 and len(cleaned[0]) + 1 + len(cleaned[1]) <= limit:
        return (cleaned[0], cleaned[1])
    return (cleaned[0],)


def _item(candidate: DigestCandidate, now: datetime, timezone: str) -> DigestItem:
    title = (candidate.title or "").strip() or candidate.url or UNTITLED
    return DigestItem(article_id=candidate.article_id, title=title, url=candidate.url,
                      summary=short_summary(candidate.summary),
                      share_count=candidate.share_count, sharer_count=len(candidate.sharers),
                      first_shared_at=candidate.first_shared_at, published=candidate.published,
                      dates=dateline(candidate.published, candidate.first_shared_at, now,
                                     timezone))


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
