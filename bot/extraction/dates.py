"""Publication dates as newsbot stores them: one ISO 8601 day, ``YYYY-MM-DD``, or nothing.

Pages get theirs from htmldate (through trafilatura: JSON-LD ``datePublished``,
``article:published_time``, the URL, then the page's text). Plain-text articles state it, if
at all, on a line of its own near the top ("Published 20 November 2019", "Nov. 20, 2019",
"2019-11-20", "20.11.2019", "20 novembre 2019"); ``dateline`` reads such a line and nothing
else, so a year or a day mentioned in a sentence of the body is never taken for it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from bot.text.folding import fold

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)")
# Days before this are not the publication date of anything shared as news online.
_EARLIEST = date(1990, 1, 1)

# Month names (folded: no accents, lower case) of the languages the bot reads.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
        "january jan januar janvier enero gennaio janeiro januari janeiro stycznia",
        "february feb februar fevrier febrero febbraio fevereiro februari lutego",
        "march mar marz maerz mars marzo marco maart marca",
        "april apr avril abril aprile kwietnia",
        "may mai mayo maggio maio mei maja",
        "june jun juni juin junio giugno junho czerwca",
        "july jul juli juillet julio luglio julho lipca",
        "august aug aout agosto augustus sierpnia",
        "september sep sept septembre septiembre settembre setembro wrzesnia",
        "october oct oktober octobre octubre ottobre outubro okt pazdziernika",
        "november nov novembre noviembre novembro listopada",
        "december dec dezember decembre diciembre dicembre dezembro grudnia dez dic"),
        start=1):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)

_LABEL = (r"(?:(?:first\s+)?published|posted|updated|last\s+updated|date|dated|publie|"
          r"veroffentlicht|publicado|pubblicato|gepubliceerd|opublikowano)")
_WEEKDAY = r"(?:[a-z]+\.?,?\s+)?"
_MONTH = r"(?P<month>[a-z]+)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|o)?\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,5})?)?"
_FORMS = [
    # 2019-11-20, 2019/11/20
    rf"{_YEAR}[-/](?P<nmonth>\d{{1,2}})[-/](?P<day>\d{{1,2}})",
    # 20.11.2019 (day first, as everywhere that writes dots)
    rf"(?P<day>\d{{1,2}})\.(?P<nmonth>\d{{1,2}})\.{_YEAR}",
    # November 20, 2019 / Nov. 20 2019
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    # 20 November 2019 / 20. November 2019 / 20 de noviembre de 2019
    rf"{_WEEKDAY}{_DAY}\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?{_YEAR}",
]
_DATELINE = [re.compile(rf"^(?:{_LABEL}\s*(?:on|am|le|el|il|em|op)?\s*:?\s*)?{form}{_TIME}$")
             for form in _FORMS]
# A dateline is looked for among the first lines after the title only.
_HEAD_LINES = 3
_MAX_LINE_CHARS = 80


def iso_date(value: str | None, today: date | None = None) -> str | None:
    """``value`` as ``YYYY-MM-DD`` when it starts with a real calendar day (a full ISO
    timestamp is cut to its day); None for anything else, or a day after ``today``
    (UTC) plus one."""
    if not value:
        return None
    match = _ISO_DAY.match(value.strip())
    if not match:
        return None
    return _day(int(match.group(1)), int(match.group(2)), int(match.group(3)), today)


def dateline(lines: list[str], today: date | None = None) -> tuple[int, str] | None:
    """(index, ``YYYY-MM-DD``) of the first of ``lines[:3]`` that is a date and nothing more
    (optionally labelled "Published", "Updated", ... and followed by a time)."""
    for index, line in enumerate(lines[:_HEAD_LINES]):
        if len(line) > _MAX_LINE_CHARS:
            continue
        found = parse_dateline(line, today)
        if found:
            return index, found
    return None


def parse_dateline(line: str, today: date | None = None) -> str | None:
    text = fold(line).strip(" |·-–—()[]")
    for pattern in _DATELINE:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["nmonth"]) if groups.get("nmonth") else _MONTHS.get(
            groups.get("month") or "")
        if month is None:
            continue
        found = _day(int(groups["year"]), month, int(groups["day"]), today)
        if found:
            return found
    return None


def _day(year: int, month: int, day: int, today: date | None) -> str | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    # A day ahead of the UTC date is still today somewhere (Auckland publishes "tomorrow").
    latest = (today or datetime.now(UTC).date()) + timedelta(days=1)
    if found < _EARLIEST or found > latest:
        return None
    return found.isoformat()
