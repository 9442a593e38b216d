"""Publication dates: one ISO day or nothing; plain-text datelines in several languages."""

from __future__ import annotations

from datetime import date

import pytest

from bot.extraction.dates import dateline, iso_date, parse_dateline

TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-11-20", "2019-11-20"),
    ("2019-11-20T08:30:00Z", "2019-11-20"),
    ("2019-11-20T08:30:00+05:30", "2019-11-20"),
    ("2019-11-20 08:30", "2019-11-20"),
    ("2019-13-01", None),  # no such month
    ("2019-02-30", None),  # no such day
    ("20191120", None),
    ("November 2019", None),
    ("1970-01-01", None),  # before anything shared as news online
    ("2024-06-02", "2024-06-02"),  # tomorrow in UTC is today somewhere
    ("2024-06-03", None),  # the future
    ("", None),
    (None, None),
])
def test_iso_date_keeps_real_days_only(value: str | None, expected: str | None) -> None:
    assert iso_date(value, TODAY) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Published 20 November 2019", "2019-11-20"),
    ("Published: Nov. 20, 2019", "2019-11-20"),
    ("Updated: Nov. 20, 2019 at 10:15 a.m. EST", "2019-11-20"),
    ("Wednesday, November 20, 2019", "2019-11-20"),
    ("2019-11-20", "2019-11-20"),
    ("20.11.2019", "2019-11-20"),
    ("Veröffentlicht am 20. November 2019, 10:15 Uhr", "2019-11-20"),
    ("Publié le 3 mars 2021", "2021-03-03"),
    ("20 de noviembre de 2019", "2019-11-20"),
    ("Pubblicato il 5 maggio 2022", "2022-05-05"),
    ("1 de janeiro de 2020", "2020-01-01"),
    ("March 3rd, 2021", "2021-03-03"),
])
def test_a_dateline_in_several_languages(line: str, expected: str) -> None:
    assert parse_dateline(line, TODAY) == expected


@pytest.mark.parametrize("line", [
    "In 2019 the council met twice to discuss the ferry.",
    "The ferry left on 20 November 2019 and returned a week later.",
    "31.02.2019",
    "November 2019",
    "11/20/2019",  # month or day first: ambiguous, so not taken
    "Published 20 Novembrius 2019",
    "By Mara Quill",
])
def test_other_lines_are_not_datelines(line: str) -> None:
    assert parse_dateline(line, TODAY) is None


def test_the_dateline_is_looked_for_at_the_top_only() -> None:
    body = ["By Mara Quill", "Published 20 November 2019", "The council met on Monday."]
    assert dateline(body, TODAY) == (1, "2019-11-20")
    late = ["First paragraph.", "Second paragraph.", "Third paragraph.", "20 November 2019"]
    assert dateline(late, TODAY) is None
