"""How instants are stored: fixed-width ISO 8601 in UTC, so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def to_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text)


def optional_from_text(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)
