"""End to end on the command line: ``newsbot ingest`` stores publication dates, and
``newsbot search`` filters and shows them (the day stored when an article has none)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.main import main

BODY = (
    "The ferry between Skerry Island and the mainland will run twice a day from next month, "
    "the island council said on Monday after a vote that ended a long dispute.\n\n"
    "Council members said the second crossing would let pupils reach the school on the "
    "mainland without staying overnight, and would help the island's two shops.\n\n"
    "The ferry company will hire four more crew members and repaint the older of its two "
    "boats before the new timetable begins, a spokeswoman for the company said.\n"
)

ARCHIVE_TEXT = f"Skerry ferry to sail twice a day\n\nPublished 20 November 2019\n\n{BODY}"
UNDATED_TEXT = "Skerry ferry crews hired for the winter\n\n" + BODY.replace("Monday", "Friday")
PAGE = f"""<!DOCTYPE html><html lang="en"><head>
<title>Lighthouse keepers return to Skerry Island | Coastal Courier</title>
<meta property="og:title" content="Lighthouse keepers return to Skerry Island | Coastal Courier">
<meta property="og:site_name" content="Coastal Courier">
<meta property="article:published_time" content="2021-03-05T08:30:00Z">
</head><body><article><h1>Lighthouse keepers return to Skerry Island</h1>
{"".join(f"<p>{p.replace('ferry', 'lighthouse')}</p>" for p in BODY.split(chr(10) * 2))}
</article></body></html>"""


pytestmark = pytest.mark.usefixtures("workspace")  # tests/conftest.py: an empty folder


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str]:
    code = main(list(arguments))
    return code, capsys.readouterr().out


def result_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("- ")]


def test_search_filters_and_shows_publication_dates(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = workspace / "articles"
    folder.mkdir()
    (folder / "archive.txt").write_text(ARCHIVE_TEXT, encoding="utf-8")
    (folder / "undated.txt").write_text(UNDATED_TEXT, encoding="utf-8")
    (folder / "lighthouse.html").write_text(PAGE, encoding="utf-8")
    assert run(capsys, "ingest", str(folder))[0] == 0
    today = datetime.now(UTC).date().isoformat()

    code, out = run(capsys, "search", "skerry", "before:2020-01-01")
    assert code == 0
    assert result_lines(out) == ["- Skerry ferry to sail twice a day (published 2019-11-20)"]

    code, out = run(capsys, "search", "after:2021-03-05", "before:2021-03-06")
    assert result_lines(out) == [
        "- Lighthouse keepers return to Skerry Island (published 2021-03-05)"]

    # Without a publication date the article is dated by the day it was stored.
    code, out = run(capsys, "search", f"after:{today}")
    assert result_lines(out) == [f"- Skerry ferry crews hired for the winter (stored {today})"]

    code, out = run(capsys, "search", "skerry", "after:2019-01-01")
    assert len(result_lines(out)) == 3
    assert "Published 20 November 2019" not in out  # the dateline is not body text


def test_search_help_says_which_date_it_filters_on(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "the day an article was published" in help_text
    assert "first stored" in help_text
