"""Publication dates and cleaned titles on the Scrapinghub article-extraction benchmark.

Usage (from the repository root):

    python bench/metadata.py [--data ../shared/data] [--show]

Prints, for the 181 pages (a development set: the title rules were written looking at them):

- how many pages get a stored publication date (``ExtractedArticle.published``, ISO day);
- for the pages whose URL carries a date (``/2019/11/18/``, ``/2019/nov/18/``), how many
  extracted dates agree with it: a check of the dates' accuracy, not only their presence;
- how many titles the site-name rule changes (``--show`` lists each before and after, to be
  read for mistakes).

"Before" is the same extraction with ``strip_site_name`` replaced by the identity. The pages
are read from the shared data folder and never copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.errors import NotAnArticleError  # noqa: E402
from bot.extraction import html as html_extraction  # noqa: E402

_MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d|[a-z]{3})[/-](\d\d?)/")


def url_date(url: str | None) -> str | None:
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    month = match.group(2)
    number = _MONTHS.get(month) if month.isalpha() else int(month)
    if not number:
        return None
    return f"{match.group(1)}-{number:02d}-{int(match.group(3)):02d}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="shared data folder (default: ../shared/data from the repo root)")
    parser.add_argument("--show", action="store_true", help="list every changed title")
    args = parser.parse_args(argv)
    folder = args.data / "article_extraction_benchmark"
    if not folder.is_dir():
        print(f"benchmark data not found in {folder}", file=sys.stderr)
        return 1
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))

    pages = dated = failed = with_url_date = agreeing = 0
    changed: list[tuple[str, str, str | None]] = []
    for path in sorted((folder / "html").glob("*.html.gz")):
        page_id = path.name.split(".")[0]
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        url = truth.get(page_id, {}).get("url")
        pages += 1
        try:
            article = html_extraction.extract_html(html, url)
            with mock.patch.object(html_extraction, "strip_site_name",
                                   lambda title, names: title):
                raw = html_extraction.extract_html(html, url)
        except NotAnArticleError:
            failed += 1
            continue
        dated += article.published is not None
        expected = url_date(url)
        if expected:
            with_url_date += 1
            agreeing += article.published == expected
        if raw.title != article.title:
            changed.append((raw.title or "", article.title or "", article.site_name))

    print(f"pages: {pages} (not an article: {failed})")
    print(f"publication date stored: {dated}/{pages} ({100 * dated / max(pages, 1):.1f}%)")
    print(f"agreeing with the date in the URL: {agreeing}/{with_url_date}")
    print(f"titles changed by the site-name rule: {len(changed)}/{pages - failed}")
    if args.show:
        for before, after, site in changed:
            print(f"- [{site}] {before!r}\n  -> {after!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
