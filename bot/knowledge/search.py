"""``/search``: operators and free text over one scope's articles, ranked by BM25."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import InvalidInputError
from bot.knowledge.query import ParsedQuery, parse_query
from bot.knowledge.topics import pages_for
from storage.search import SearchFilter, SearchHit, SearchRepository

SEARCH_PAGE_SIZE = 5


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    parsed: ParsedQuery
    total: int
    page: int
    pages: int
    hits: tuple[SearchHit, ...]


class SearchService:
    def __init__(self, repository: SearchRepository) -> None:
        self._repository = repository

    async def search(self, scope: str, query: str, page: int = 1) -> SearchResults:
        parsed = parse_query(query)
        if parsed.is_empty:
            raise InvalidInputError(
                "Give some words to search for, or an operator such as tag:, person:, "
                "site:, before: or after:.")
        search = SearchFilter(text=parsed.text(), tag_keys=parsed.tags,
                              person_keys=parsed.people, sites=parsed.sites,
                              before=parsed.before, after=parsed.after)
        page = max(1, page)
        found = await self._repository.search(scope, search, SEARCH_PAGE_SIZE,
                                              (page - 1) * SEARCH_PAGE_SIZE)
        pages = pages_for(found.total, SEARCH_PAGE_SIZE)
        if page > pages and found.total:
            page = pages
            found = await self._repository.search(scope, search, SEARCH_PAGE_SIZE,
                                                  (page - 1) * SEARCH_PAGE_SIZE)
        return SearchResults(query.strip(), parsed, found.total, page, pages, found.hits)
