"""Article cleaning before recognition."""

from __future__ import annotations

from bot.people.text import clean_article


def test_tags_line_and_debris_after_it_are_dropped() -> None:
    text = (
        "Anna Berg spoke on Monday.\n\nShe left early.\n\n"
        "Tags politics Anna Berg Carl Lind\n\nCopyright 2023 Example Media.\n\nLoad more"
    )
    cleaned = clean_article(text)
    assert "Carl Lind" not in cleaned
    assert "Load more" not in cleaned
    assert cleaned.endswith("She left early.")
