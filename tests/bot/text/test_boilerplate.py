"""Page furniture, recognised in one place for extraction, people and summaries."""

from __future__ import annotations

import pytest

from bot.text.boilerplate import is_boilerplate_line, is_teaser_heading


@pytest.mark.parametrize("line", [
    "Copyright 2026 Eastport Herald. All rights reserved.",
    "© Eastport Media 2026",
    "Sign up for our morning newsletter",
    "Share this article",
    "Read more: Ferry fares rise again",
    "Photo: Ines Duarte",
    "Additional reporting by Carl Lind",
    "Advertisement",
    "Load more",
    "Melden Sie sich für unseren Newsletter an",
])
def test_furniture_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "The council voted on Monday to raise ferry fares by 5 percent.",
    "Duarte said the newsletter the port sends to fishermen would carry the new timetable, "
    "which takes effect in March after months of talks with the unions and the city.",
])
def test_reporting_that_mentions_the_words_is_kept(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_a_teaser_heading_is_a_line_of_its_own() -> None:
    assert is_teaser_heading("Related stories")
    assert is_teaser_heading("Most read")
    assert not is_teaser_heading("Related stories were published on Monday by the council.")
