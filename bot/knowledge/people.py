"""People of one scope: suggestions, lookups by any part of a name, cards, the most named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.errors import NewsbotError
from bot.knowledge.topics import MAX_CHOICES, Ranking, check_period
from bot.people import matches, person_key
from storage.models import NameCount
from storage.people import PeopleRepository, PersonProfile


class PersonNotFoundError(NewsbotError):
    """Nobody of that name appears in what was shared here."""


@dataclass(frozen=True, slots=True)
class PersonCard:
    profile: PersonProfile
    others: tuple[NameCount, ...] = ()  # other people the name could mean

    @property
    def role(self) -> str | None:
        return self.profile.roles[0] if self.profile.roles else None


class PeopleService:
    def __init__(self, repository: PeopleRepository,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._repository = repository
        self._clock = clock

    async def suggest(self, scope: str, typed: str) -> list[NameCount]:
        """Autocomplete: full names or surnames starting with what was typed."""
        return await self._repository.suggest(scope, person_key(typed), MAX_CHOICES)

    async def resolve(self, scope: str, name: str) -> list[NameCount]:
        """Everyone ``name`` can mean (an exact key first, then whole-word matches)."""
        key = person_key(name)
        if not key:
            return []
        candidates = await self._repository.containing(scope, key)
        exact = [person for person in candidates if person.key == key]
        if exact:
            return exact
        return [person for person in candidates if matches(name, person.name)]

    async def card(self, scope: str, name: str) -> PersonCard:
        found = await self.resolve(scope, name)
        if not found:
            raise PersonNotFoundError(
                f"Nobody called “{name.strip()}” appears in what was shared here.")
        profile = await self._repository.profile(scope, found[0].key)
        if profile is None:  # removed between the two queries
            raise PersonNotFoundError(
                f"Nobody called “{name.strip()}” appears in what was shared here.")
        return PersonCard(profile, tuple(found[1:6]))

    async def top(self, scope: str, days: int = 7, limit: int = 15) -> Ranking:
        since = self._clock() - timedelta(days=check_period(days))
        return Ranking(days, tuple(await self._repository.top(scope, since, limit)))
